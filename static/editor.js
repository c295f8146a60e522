// editor.js: the post editor's helpers. It autosaves every few seconds, so a closed tab loses
// nothing; draws the live preview beside the text (a tab on phones) with the renderer that
// publishes; puts images where the cursor is (pasted, dropped or uploaded, asking for their
// alt text); and gives a small toolbar with Ctrl/Cmd+B, I and K. The text stays plain Markdown,
// and the editor works without this script.
'use strict';
(function () {
  const form = document.getElementById('editor');
  if (!form) return;
  const status = document.getElementById('autosave-status');
  const body = form.elements.namedItem('body');
  const csrf = form.elements.namedItem('_csrf').value;
  let busy = false;
  let leaving = false;
  let pending = null; // a submit that waits for an autosave of a new post to finish
  let savedAt = 0; // when the server last took the text (ms)

  function fields() {
    const data = new FormData(form);
    for (const k of ['file', 'action', 'alt', 'caption', 'as_featured']) data.delete(k);
    return new URLSearchParams(data);
  }
  // What the server holds: only a change from it is autosaved. A page made from a form the
  // server did not store (after an upload without the script, or a refusal) holds text the
  // server does not have, so it is autosaved at once.
  let last = form.dataset.unsaved ? '' : fields().toString();

  function ago(ms) {
    const s = Math.round((Date.now() - ms) / 1000);
    if (s < 5) return 'just now';
    if (s < 60) return s + ' seconds ago';
    const m = Math.round(s / 60);
    if (m < 60) return m === 1 ? 'a minute ago' : m + ' minutes ago';
    const h = Math.round(m / 60);
    return h === 1 ? 'an hour ago' : h + ' hours ago';
  }
  function showSaved() {
    if (savedAt) status.textContent = 'Saved ' + ago(savedAt) + '.';
  }

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
        savedAt = Date.now();
        showSaved();
        if (form.dataset.id === '0' && answer.id) {
          // The new post is a draft now: keep editing that one, under its own name.
          form.dataset.id = String(answer.id);
          // (form.action would be the buttons named "action")
          const url = '/admin/posts/' + answer.id;
          form.setAttribute('action', url);
          history.replaceState(null, '', url);
          const h1 = document.querySelector('main h1');
          if (h1 && h1.textContent === 'New post') h1.textContent = 'Edit post';
          document.title = document.title.replace(/^New post/, 'Edit post');
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
  // a late autosave must not land after the save. Upload is done here, at the cursor.
  form.addEventListener('submit', (e) => {
    const what = e.submitter && e.submitter.value;
    if (what === 'preview') return;
    if (what === 'upload') {
      const file = form.elements.namedItem('file').files[0];
      if (file) {
        e.preventDefault();
        const featured = form.elements.namedItem('as_featured').checked;
        askImage(file, body.selectionStart, body.selectionEnd, {
          featured,
          alt: form.elements.namedItem('alt').value,
          caption: form.elements.namedItem('caption').value,
        });
        return;
      }
    }
    if (busy) {
      e.preventDefault();
      pending = e.submitter;
      return;
    }
    leaving = true;
  });

  setInterval(() => { autosave(); showSaved(); }, 5000);
  window.addEventListener('beforeunload', autosave);

  // --- the toolbar and shortcuts: Markdown typed for the writer, the text stays plain ---
  function replace(start, end, text, selFrom, selTo) {
    body.focus();
    body.setSelectionRange(start, end);
    // execCommand keeps the browser's undo; setRangeText where it is gone.
    if (!document.execCommand || !document.execCommand('insertText', false, text))
      body.setRangeText(text, start, end, 'end');
    body.setSelectionRange(start + selFrom, start + selTo);
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function wrap(before, after, placeholder) {
    const s = body.selectionStart, e = body.selectionEnd;
    const inner = body.value.slice(s, e) || placeholder;
    replace(s, e, before + inner + after, before.length, before.length + inner.length);
  }
  // Puts prefix at the start of each selected line.
  function lines(prefix) {
    const v = body.value;
    const s = v.lastIndexOf('\n', body.selectionStart - 1) + 1;
    let e = v.indexOf('\n', body.selectionEnd);
    if (e < 0) e = v.length;
    const text = v.slice(s, e).split('\n').map((l) => prefix + l).join('\n');
    replace(s, e, text, text.length, text.length);
  }
  // A block of its own at the cursor: blank lines around it.
  function block(text) {
    const v = body.value, s = body.selectionStart, e = body.selectionEnd;
    const pre = s === 0 || v.slice(0, s).endsWith('\n\n') ? '' : v.slice(0, s).endsWith('\n') ? '\n' : '\n\n';
    const rest = v.slice(e);
    const post = rest === '' ? '\n' : rest.startsWith('\n\n') ? '' : rest.startsWith('\n') ? '\n' : '\n\n';
    replace(s, e, pre + text + post, (pre + text).length, (pre + text).length);
  }
  const actions = {
    bold: () => wrap('**', '**', 'bold text'),
    italic: () => wrap('*', '*', 'italic text'),
    link: () => {
      const s = body.selectionStart, e = body.selectionEnd;
      const inner = body.value.slice(s, e) || 'link text';
      const t = '[' + inner + '](https://)';
      // The address is selected, ready to be typed over.
      replace(s, e, t, inner.length + 3, t.length - 1);
    },
    quote: () => lines('> '),
    list: () => lines('- '),
    heading: () => lines('## '),
    more: () => block('<!--more-->'),
    image: () => picker.click(),
  };
  const toolbar = form.querySelector('.toolbar');
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-md]');
      if (b && actions[b.dataset.md]) actions[b.dataset.md]();
    });
  }
  body.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
    const k = e.key.toLowerCase();
    const what = k === 'b' ? 'bold' : k === 'i' ? 'italic' : k === 'k' ? 'link' : null;
    if (!what) return;
    e.preventDefault();
    actions[what]();
  });
  // The toolbar's image button picks a file of its own (not the form's); choosing one asks
  // for its alt text, then puts it where the cursor was.
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = form.elements.namedItem('file').accept;
  picker.addEventListener('change', () => {
    const file = picker.files[0];
    picker.value = '';
    if (file) askImage(file, body.selectionStart, body.selectionEnd, {});
  });

  // --- images at the cursor: pasted, dropped or chosen; alt text asked for ---
  const dialog = document.getElementById('image-dialog');
  const dialogForm = document.getElementById('image-form');
  const dialogAlt = document.getElementById('dialog-alt');
  const dialogCaption = document.getElementById('dialog-caption');
  const dialogError = dialog.querySelector('.dialog-error');
  let asked = null; // { file, start, end, featured }

  function askImage(file, start, end, { featured = false, alt = '', caption = '' }) {
    asked = { file, start, end, featured };
    if (featured || alt.trim()) {
      upload(alt, caption);
      return;
    }
    dialog.querySelector('.dialog-file').textContent = file.name ? 'The image: ' + file.name : 'The pasted image';
    dialogAlt.value = '';
    dialogCaption.value = caption;
    dialogError.textContent = '';
    dialog.showModal();
    dialogAlt.focus();
  }
  dialogForm.addEventListener('submit', (e) => {
    if (e.submitter && e.submitter.value === 'cancel') {
      asked = null;
      return;
    }
    e.preventDefault();
    upload(dialogAlt.value, dialogCaption.value);
  });
  dialog.addEventListener('close', () => { if (!dialog.returnValue || dialog.returnValue === 'cancel') body.focus(); });

  async function upload(alt, caption) {
    const job = asked;
    if (!job) return;
    const data = new FormData();
    data.set('_csrf', csrf);
    data.set('alt', alt);
    data.set('caption', caption);
    if (job.featured) data.set('as_featured', '1');
    data.set('file', job.file, job.file.name || 'pasted.png');
    status.textContent = 'Uploading the image…';
    try {
      const res = await fetch('/admin/upload', { method: 'POST', body: data, credentials: 'same-origin' });
      const answer = await res.json();
      if (!res.ok) {
        status.textContent = 'Not uploaded: ' + answer.error;
        if (dialog.open) dialogError.textContent = answer.error;
        return;
      }
      asked = null;
      if (dialog.open) dialog.close('insert');
      form.elements.namedItem('file').value = '';
      form.elements.namedItem('alt').value = '';
      form.elements.namedItem('caption').value = '';
      if (job.featured) {
        form.elements.namedItem('image').value = answer.url;
        form.elements.namedItem('as_featured').checked = false;
        status.textContent = 'The featured image is set.';
      } else {
        // Where the cursor was when the image came, as a paragraph of its own.
        body.setSelectionRange(job.start, job.end);
        block(answer.markdown);
        status.textContent = 'The image is in the text.';
      }
      autosave();
    } catch (e) {
      status.textContent = 'Not uploaded: the site cannot be reached.';
    }
  }

  function imageOf(list) {
    for (const f of list || []) if (f.type && f.type.startsWith('image/')) return f;
    return null;
  }
  body.addEventListener('paste', (e) => {
    const file = imageOf(e.clipboardData && e.clipboardData.files);
    if (!file) return;
    e.preventDefault();
    askImage(file, body.selectionStart, body.selectionEnd, {});
  });
  body.addEventListener('dragover', (e) => {
    if (e.dataTransfer && [...e.dataTransfer.items].some((i) => i.kind === 'file')) e.preventDefault();
  });
  body.addEventListener('drop', (e) => {
    const file = imageOf(e.dataTransfer && e.dataTransfer.files);
    if (!file) return;
    e.preventDefault();
    body.focus();
    // The drop point: the caret the browser put under the pointer, or the selection.
    let at = body.selectionStart;
    if (document.caretPositionFromPoint) {
      const pos = document.caretPositionFromPoint(e.clientX, e.clientY);
      if (pos && pos.offsetNode === body) at = pos.offset;
    }
    askImage(file, at, at, {});
  });

  // --- the live preview, by the server's renderer, and the word count ---
  const write = document.getElementById('write');
  const previewPane = document.getElementById('pane-preview');
  const textPane = document.getElementById('pane-text');
  const previewBody = document.getElementById('preview-body');
  const count = document.getElementById('count');
  const tabs = write.querySelector('.tabs');
  const tabText = document.getElementById('tab-text');
  const tabPreview = document.getElementById('tab-preview');
  const wide = window.matchMedia('(min-width: 64rem)');
  let previewTimer = null, previewSeq = 0, previewed = null;

  async function preview() {
    const params = fields();
    const text = params.toString();
    if (text === previewed) return;
    const seq = ++previewSeq;
    try {
      const res = await fetch('/admin/preview', { method: 'POST', body: params, credentials: 'same-origin' });
      const answer = await res.json();
      if (seq !== previewSeq) return; // a newer one is on its way
      if (!res.ok) {
        previewBody.dataset.state = 'error';
        previewBody.textContent = answer.error;
        return;
      }
      previewed = text;
      previewBody.dataset.state = 'ready';
      previewBody.innerHTML = answer.html;
      count.textContent = answer.words + (answer.words === 1 ? ' word' : ' words') + ' · ' + answer.minutes + ' min read';
    } catch (e) {
      previewBody.dataset.state = 'error';
      previewBody.textContent = 'The preview needs the site, which cannot be reached.';
    }
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 400);
  }
  form.addEventListener('input', schedulePreview);
  form.addEventListener('change', schedulePreview);

  function select(tab) {
    const onPreview = tab === tabPreview;
    tabText.setAttribute('aria-selected', String(!onPreview));
    tabPreview.setAttribute('aria-selected', String(onPreview));
    tabText.tabIndex = onPreview ? -1 : 0;
    tabPreview.tabIndex = onPreview ? 0 : -1;
    textPane.hidden = onPreview;
    previewPane.hidden = !onPreview;
    if (onPreview) preview();
  }
  function layout() {
    // Wide: the preview sits beside the text. Narrow: one of them, by tab.
    write.classList.toggle('side-by-side', wide.matches);
    tabs.hidden = wide.matches;
    if (wide.matches) {
      textPane.hidden = false;
      previewPane.hidden = false;
    } else {
      select(tabPreview.getAttribute('aria-selected') === 'true' ? tabPreview : tabText);
    }
  }
  tabs.addEventListener('click', (e) => {
    const t = e.target.closest('[role=tab]');
    if (t) select(t);
  });
  tabs.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const t = e.target === tabText ? tabPreview : tabText;
    select(t);
    t.focus();
  });
  wide.addEventListener('change', layout);
  layout();
  preview();
  if (form.dataset.unsaved) autosave();
})();
