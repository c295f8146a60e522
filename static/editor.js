// editor.js: autosaves the post editor every few seconds, so a closed tab loses nothing.
// The editor works without it; this only adds the autosave and the excerpt-marker button.
'use strict';
(function () {
  const form = document.getElementById('editor');
  if (!form) return;
  const status = document.getElementById('autosave-status');
  const body = form.elements.namedItem('body');
  let busy = false;
  let leaving = false;
  let pending = null; // a submit that waits for an autosave of a new post to finish

  function fields() {
    const data = new FormData(form);
    data.delete('image');
    data.delete('action');
    return new URLSearchParams(data);
  }
  // What the page was loaded with: only a change from it is autosaved.
  let last = fields().toString();

  async function autosave() {
    const params = fields();
    const text = params.toString();
    if (busy || leaving || text === last) return;
    busy = true;
    params.set('id', form.dataset.id || '0');
    try {
      const res = await fetch('/admin/autosave', {
        method: 'POST',
        body: params,
        credentials: 'same-origin',
        keepalive: true,
      });
      const answer = await res.json();
      if (res.ok) {
        last = text;
        status.textContent = 'Autosaved at ' + answer.saved + '.';
        if (form.dataset.id === '0' && answer.id) {
          // The new post is a draft now: keep editing that one.
          form.dataset.id = String(answer.id);
          // (form.action would be the buttons named "action")
          const url = '/admin/posts/' + answer.id;
          form.setAttribute('action', url);
          history.replaceState(null, '', url);
        }
      } else {
        status.textContent = 'Not autosaved: ' + answer.error;
      }
    } catch (e) {
      status.textContent = 'Not autosaved: the site cannot be reached.';
    }
    busy = false;
    if (pending) {
      const submitter = pending;
      pending = null;
      form.requestSubmit(submitter);
    }
  }

  // Saving by hand ends the autosaves (a preview opens another tab and does not). While an
  // autosave is on its way the save waits for it: a new post needs the address it brings, and
  // a late autosave must not land after the save.
  form.addEventListener('submit', (e) => {
    if (e.submitter && e.submitter.value === 'preview') return;
    if (busy) {
      e.preventDefault();
      pending = e.submitter;
      return;
    }
    leaving = true;
  });

  setInterval(autosave, 5000);
  window.addEventListener('beforeunload', autosave);

  const more = document.getElementById('insert-more');
  if (more) {
    more.hidden = false;
    more.addEventListener('click', () => {
      const at = body.selectionStart;
      const v = body.value;
      body.value = v.slice(0, at) + '\n\n<!--more-->\n\n' + v.slice(at);
      body.focus();
    });
  }
})();
