// copy.js: the buttons that copy a Fediverse handle; without scripts the handle is there to
// select, and the buttons stay hidden.
'use strict';
document.querySelectorAll('button.copy[data-copy]').forEach((b) => {
  if (!navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener('click', () => {
    navigator.clipboard.writeText(b.dataset.copy).then(() => {
      b.textContent = 'Copied';
      setTimeout(() => { b.textContent = 'Copy'; }, 2000);
    });
  });
});
