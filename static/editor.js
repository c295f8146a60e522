// editor.js: autosaves the post editor every few seconds, so a closed tab loses nothing.
// The editor works without it; this only adds the autosave and the excerpt-marker button.
'use strict';
(function () {
  const form = document.getElementById('editor');
  if (!form) return;
  const status = document.getElementById('autosave-status');
  const body = form.elements.namedItem('body');
  let last = new URLSearchParams(new FormData(form)).toString();
  let busy = false;

  function fields() {
    const data = new FormData(form);
    data.delete('image');
    data.delete('action');
    return new URLSearchParams(data);
  }

  async function autosave() {
    const params = fields();
    const text = params.toString();
    if (busy || text === last) return;
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
          form.action = '/admin/posts/' + answer.id;
          history.replaceState(null, '', form.action);
        }
      } else {
        status.textContent = 'Not autosaved: ' + answer.error;
      }
    } catch (e) {
      status.textContent = 'Not autosaved: the site cannot be reached.';
    }
    busy = false;
  }

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
