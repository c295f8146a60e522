// media.js: a Copy button beside each image's Markdown in the media library. The page works
// without it: the Markdown is there to select and copy by hand.
'use strict';
(function () {
  const status = document.getElementById('copy-status');
  for (const code of document.querySelectorAll('code.markdown')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy the Markdown of ' + (code.dataset.name || 'this image'));
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code.textContent);
        status.textContent = 'Copied: paste it into a post.';
      } catch (e) {
        // Without clipboard access, select the text for the writer to copy.
        const range = document.createRange();
        range.selectNodeContents(code);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        status.textContent = 'Selected: copy it with Ctrl+C (⌘C on a Mac).';
      }
    });
    code.after(' ', button);
  }
})();
