// firsthour_more (browser): the rest of the writer's first hour in a real chromium, at desktop
// (1280 px) and phone (390 px) widths: the toolbar and its shortcuts type plain Markdown; an
// image dropped on the text lands where it was dropped, its alt text asked; the save bar stays
// in view and says in words when it saved; word count and reading time; comma tags; the calm
// moderation page; the writer's own comment notice in view; deleting and copying media;
// revisions compared; the admin at 390 px. Screenshots go to tests/artifacts/firsthour-*.png.
// Run from the repository root: BROADSIDE=./broadside node --test tests/browser/firsthour_more.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BIN, cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';
import { pngBands } from '../e2e/client.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PW = 'a long enough password';
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

let dir, data, clock, srv, browser, seconds = 0;
const shot = (page, name, fullPage = true) =>
  page.screenshot({ path: join(ARTIFACTS, `firsthour-${name}.png`), fullPage });
// Moves the site's clock on (a comment form must be a few seconds old when it is sent).
function later(s) {
  seconds += s;
  writeFileSync(clock, `+${seconds}\n`);
}

function addUser(handle, role, name) {
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', handle, '--name', name, '--role', role, '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-firsthour-more-');
  data = `${dir}/site`;
  clock = `${dir}/clock`;
  writeFileSync(clock, '+0\n');
  const r = cli('init', '--data', data, '--title', 'First Hour');
  assert.equal(r.status, 0, r.stderr);
  addUser('ida', 'owner', 'Ida Owner');
  // Every commenter of these tests comes from one loopback address.
  const q = cli('site', 'set', '--data', data, 'comments_per_minute', '50');
  assert.equal(q.status, 0, q.stderr);
  srv = await serve(data, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (dir) cleanup(dir);
});

async function signedIn(viewport, handle = 'ida', options = {}) {
  const ctx = await browser.newContext({ viewport, ...options });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(srv.url + '/admin/login');
  await page.fill('#handle', handle);
  await page.fill('#password', PW);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button:has-text("Sign in")')]);
  return { ctx, page };
}

async function noSideScroll(page, what) {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(w.doc <= w.win, `${what}: the page is ${w.doc} px wide in a ${w.win} px window`);
}

// Whether the element is wholly inside the window as it is scrolled now.
async function inView(page, selector) {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 &&
      r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  });
}

// Puts the selection of the text on the first occurrence of what (or the cursor at an offset).
async function selectText(page, what) {
  await page.evaluate((w) => {
    const b = document.getElementById('body');
    const at = typeof w === 'number' ? w : b.value.indexOf(w);
    if (at < 0) throw new Error(`no ${w} in the text`);
    b.focus();
    b.setSelectionRange(at, typeof w === 'number' ? at : at + w.length);
  }, what);
}
const selected = (page) => page.evaluate(() => {
  const b = document.getElementById('body');
  return b.value.slice(b.selectionStart, b.selectionEnd);
});

// Saves the editor's post as published and answers its public address.
async function publish(page) {
  await page.selectOption('#status', 'published');
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
  return page.getAttribute('main a[href^="/posts/"]', 'href');
}

// A visitor's comment on the post at url, sent from a browser of their own.
async function visitorComment(viewport, url, name, text) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  await page.goto(srv.url + url);
  later(10); // the form is old enough to be sent
  await page.fill('#comment-form #name', name);
  await page.fill('#comment-form #body', text);
  await Promise.all([page.waitForNavigation(), page.click('#comment-form button[type=submit]')]);
  assert.match(page.url(), /\?held=\d+#comment-held$/, 'a first comment is held');
  await ctx.close();
}

// Writes and publishes a post through the editor; answers its public address.
async function newPost(page, title, body) {
  await page.goto(srv.url + '/admin/new');
  await page.fill('#title', title);
  await page.fill('#body', body);
  return publish(page);
}

for (const { name: w, viewport } of WIDTHS) {
  test(`${w}: the toolbar and Ctrl+B, I, K type plain Markdown around the selection`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    await page.goto(srv.url + '/admin/new');
    await page.fill('#title', `Formatting (${w})`);
    await page.fill('#body', 'one two three\nfour five six\nquote\nitem\ntitle\n');
    assert.ok(await page.isVisible('.toolbar'), 'the toolbar is shown with the script');
    const b = '#body';
    await selectText(page, 'one');
    await page.press(b, 'Control+b');
    assert.equal(await selected(page), 'one', 'the word stays selected');
    await selectText(page, 'two');
    await page.press(b, 'Control+i');
    await selectText(page, 'three');
    await page.press(b, 'Control+k');
    assert.equal(await selected(page), 'https://', 'the address is selected, to be typed over');
    await page.keyboard.type('https://example.org/');
    assert.equal(await page.inputValue(b), '**one** *two* [three](https://example.org/)\nfour five six\nquote\nitem\ntitle\n');

    const tool = (md) => page.click(`.toolbar button[data-md=${md}]`);
    await selectText(page, 'four');
    await tool('bold');
    await selectText(page, 'five');
    await tool('italic');
    await selectText(page, 'six');
    await tool('link');
    assert.equal(await selected(page), 'https://');
    await selectText(page, 'quote');
    await tool('quote');
    await selectText(page, 'item');
    await tool('list');
    await selectText(page, 'title');
    await tool('heading');
    await selectText(page, (await page.inputValue(b)).length);
    await tool('more');
    assert.equal(await page.inputValue(b),
      '**one** *two* [three](https://example.org/)\n**four** *five* [six](https://)\n> quote\n- item\n## title\n\n<!--more-->\n',
      'plain Markdown in the text');
    if (w === 'phone') await page.click('#tab-preview');
    await page.waitForSelector('#preview-body h2:has-text("title")');
    assert.equal(await page.textContent('#preview-body a[href="https://example.org/"]'), 'three');
    assert.equal(await page.textContent('#preview-body blockquote'), '\nquote\n');
    assert.equal(await page.textContent('#preview-body ul li'), 'item');
    await shot(page, `toolbar-${w}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: an image dropped on the text lands where it was dropped, its alt text asked`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    await page.goto(srv.url + '/admin/new');
    await page.fill('#title', `Dropped (${w})`);
    const text = 'First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n';
    await page.fill('#body', text);
    await selectText(page, text.length); // the cursor at the end, away from the drop
    const bytes = await pngBands(320, 120, [[20, 120, 60], [250, 250, 240]]);
    // A file dragged from the desktop and dropped at the start of the third line.
    await page.evaluate((b64) => {
      const b = document.getElementById('body');
      const cs = getComputedStyle(b), r = b.getBoundingClientRect();
      const line = parseFloat(cs.lineHeight);
      const x = r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) + 1;
      const y = r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop) + line * 2.5;
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'IMG_0042.png', { type: 'image/png' }));
      const opts = { dataTransfer: dt, bubbles: true, cancelable: true, clientX: x, clientY: y };
      b.dispatchEvent(new DragEvent('dragover', opts));
      b.dispatchEvent(new DragEvent('drop', opts));
    }, bytes.toString('base64'));
    await page.waitForSelector('#image-dialog[open]');
    assert.equal(await page.inputValue('#dialog-alt'), '', 'the file name is not alt text');
    assert.match(await page.textContent('#image-dialog .dialog-file'), /IMG_0042\.png/);
    await shot(page, `drop-dialog-${w}`, false);
    await page.fill('#dialog-alt', 'The banner of the green branch');
    await page.click('#image-form button[value=insert]');
    await page.waitForFunction(() => /!\[/.test(document.getElementById('body').value));
    const m = (await page.inputValue('#body')).match(/^First paragraph\.\n\n!\[The banner of the green branch\]\(\/media\/[0-9a-f]{64}\.png\)\n\nSecond paragraph\.\n\nThird paragraph\.\n$/);
    assert.ok(m, `at the drop point: ${JSON.stringify(await page.inputValue('#body'))}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: the save bar stays in view with Save, Preview and the autosave in words; the heading follows`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    await page.goto(srv.url + '/admin/new');
    assert.equal(await page.textContent('main h1'), 'New post');
    await page.fill('#title', `A long one (${w})`);
    const long = Array.from({ length: 200 }, (_, i) => `Paragraph ${i + 1} of the long text.`).join('\n\n') + '\n';
    await page.fill('#body', long);
    const bar = '.save-bar';
    // At the top of the page, at the end of the long text, and at the page's bottom.
    for (const where of ['top', 'text', 'bottom']) {
      await page.evaluate((wh) => {
        const b = document.getElementById('body');
        if (wh === 'top') window.scrollTo(0, 0);
        if (wh === 'text') {
          b.scrollTop = b.scrollHeight;
          const r = b.getBoundingClientRect();
          window.scrollTo(0, window.scrollY + r.bottom - window.innerHeight / 2);
        }
        if (wh === 'bottom') window.scrollTo(0, document.documentElement.scrollHeight);
      }, where);
      assert.ok(await inView(page, bar), `the save bar is in view (${where})`);
      for (const b of ['button[value=save]', 'button[value=preview]'])
        assert.ok(await inView(page, `${bar} ${b}`), `${b} is in view (${where})`);
    }
    await page.waitForFunction(() => /^Saved /.test(document.getElementById('autosave-status').textContent), null, { timeout: 15000 });
    assert.match(await page.textContent(`${bar} #autosave-status`), /^Saved (just now|\d+ seconds ago)\.$/);
    assert.match(page.url(), /\/admin\/posts\/\d+$/);
    assert.equal(await page.textContent('main h1'), 'Edit post', 'the post exists once autosaved');
    assert.match(await page.title(), /^Edit post/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `save-bar-${w}`, false);
    await page.reload();
    assert.equal(await page.textContent('main h1'), 'Edit post');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: word count and reading time in the editor and on the post; comma tags give their tag page`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    await page.goto(srv.url + '/admin/new');
    const title = `Six hundred words (${w})`;
    await page.fill('#title', title);
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    await page.fill('#body', words + '\n');
    await page.waitForFunction(() => document.getElementById('count').textContent === '600 words · 2 min read');
    assert.ok(await page.isVisible('#count'));
    await page.fill('#tags', `Branch Democracy, rent strike ${w}`);
    const url = await publish(page);
    assert.equal(await page.textContent('#count'), '600 words · 2 min read', 'as the server counts them');
    assert.equal(await page.inputValue('#tags'), `BranchDemocracy, RentStrike${w[0].toUpperCase()}${w.slice(1)}`);
    await page.goto(srv.url + url);
    assert.equal(await page.textContent('.reading-time'), '2 min read');
    await shot(page, `reading-time-${w}`, false);
    await Promise.all([page.waitForURL(/\/tag\/BranchDemocracy$/), page.click('a[href="/tag/BranchDemocracy"]')]);
    assert.equal(await page.textContent('h1 .tagname'), '#BranchDemocracy');
    assert.ok(await page.locator(`main a:has-text("${title}")`).count(), 'the post is on its tag page');
    await noSideScroll(page, `the tag page (${w})`);
    await shot(page, `tag-page-${w}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: moderation is one row a comment, the rest behind a disclosure; reply from there; the result in words`, { timeout: 90000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    const title = `Moderated (${w})`;
    const url = await newPost(page, title, 'A post to comment on.\n');
    const ann = `Ann ${w}`, bo = `Bo ${w}`;
    await visitorComment(viewport, url, ann, `Ann's first thought (${w}).`);
    await visitorComment(viewport, url, bo, `Bo's first thought (${w}).`);
    await page.goto(srv.url + '/admin/comments');
    const row = (name) => page.locator('li.mod-item', { has: page.locator(`.comment-meta strong:text-is("${name}")`) });
    for (const name of [ann, bo]) {
      const r = row(name);
      assert.equal(await r.count(), 1, `one row for the comment by ${name}`);
      assert.match(await r.locator('.comment-body').textContent(), new RegExp(`${name.split(' ')[0]}'s first thought`));
      assert.ok(await r.locator('.mod-main button[value=approve]').isVisible(), 'the main action is at hand');
      assert.equal(await r.locator('details.mod-more').getAttribute('open'), null, 'the rest is closed');
      for (const b of ['reject', 'spam']) assert.equal(await r.locator(`button[value=${b}]`).isVisible(), false, `${b} is behind the disclosure`);
      assert.equal(await r.locator('button:has-text("Ban")').isVisible(), false);
    }
    await noSideScroll(page, `moderation (${w})`);
    await shot(page, `moderation-rows-${w}`);
    await Promise.all([page.waitForURL(/done=/), row(ann).locator('button[value=approve]').click()]);
    assert.equal(await page.textContent('main .notice'), `Approved the comment by ${ann} on «${title}»: it is public now.`);

    // The other one turned down from behind its disclosure.
    await row(bo).locator('details.mod-more summary').click();
    assert.ok(await row(bo).locator('button[value=reject]').isVisible());
    await Promise.all([page.waitForURL(/done=/), row(bo).locator('button[value=reject]').click()]);
    assert.equal(await page.textContent('main .notice'), `Turned down the comment by ${bo} on «${title}».`);

    // A reply from the moderation page, published under the editor's name.
    await page.goto(srv.url + '/admin/comments?status=published');
    const r = row(ann);
    assert.equal(await r.locator('textarea[name=reply]').isVisible(), false, 'the reply form is closed');
    await r.locator('details.mod-reply summary').click();
    await r.locator('textarea[name=reply]').fill(`Thank you, ${ann}.`);
    await shot(page, `moderation-reply-${w}`);
    await Promise.all([page.waitForURL(/done=replied/), r.locator('button[value=reply]').click()]);
    assert.equal(await page.textContent('main .notice'), `Your reply to ${ann} on «${title}» is published.`);
    await page.goto(srv.url + url);
    const reply = page.locator('#comments .comment', { hasText: `Thank you, ${ann}.` });
    assert.equal(await reply.count(), 1, 'the reply is on the post');
    assert.equal(await reply.locator('.commenter a').textContent(), 'Ida Owner');
    assert.equal(await reply.locator('.badge.writer').textContent(), 'writer');
    assert.doesNotMatch(await page.textContent('#comments'), /Bo's first thought/);

    // Removing it, with the reason the public log shows.
    await page.goto(srv.url + '/admin/comments?status=published');
    await row(ann).locator('details.mod-more summary').click();
    await row(ann).locator('input[id^=reason-]').fill('off the subject');
    await Promise.all([page.waitForURL(/done=/), row(ann).locator('button[value=remove]').click()]);
    assert.equal(await page.textContent('main .notice'), `Removed the comment by ${ann} on «${title}»; the public moderation log says why.`);
    await shot(page, `moderation-result-${w}`);
    assert.match(await (await fetch(srv.url + '/moderation')).text(), /off the subject/);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: the writer's own comment lands with its "edit or delete" notice in view`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    const long = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}, to make the post long.`).join('\n\n') + '\n';
    const url = await newPost(page, `Long enough to scroll (${w})`, long);
    await page.goto(srv.url + url);
    later(10);
    assert.match(await page.textContent('#comment-form'), /You comment as/);
    await page.fill('#comment-form #body', `The writer's own word (${w}).`);
    await Promise.all([page.waitForURL(/\?mine=\d+#comment-\d+$/), page.click('#comment-form button[type=submit]')]);
    await page.waitForLoadState('load');
    const id = page.url().match(/#comment-(\d+)$/)[1];
    const notice = `#comment-${id} .notice`;
    assert.match(await page.textContent(notice), /^Your comment is published\. You can edit or delete it from this browser for 15 minutes\.$/);
    assert.ok(await inView(page, notice), 'the notice is in view where the page lands');
    assert.ok(await page.evaluate(() => window.scrollY > 0), 'the page landed below its top');
    await shot(page, `writer-comment-${w}`, false);
    await Promise.all([page.waitForURL(/\/comment\/\d+\/edit$/), page.click(`${notice} a:has-text("edit or delete it")`)]);
    assert.match(await page.textContent('main'), new RegExp(`The writer's own word \\(${w}\\)`));
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: deleting an image asks first and names how many posts use it; Copy puts its Markdown on the clipboard`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport, 'ida', { permissions: ['clipboard-read', 'clipboard-write'] });
    const file = join(dir, `flag-${w}.png`);
    writeFileSync(file, await pngBands(240, 90, w === 'phone' ? [[200, 40, 40], [40, 40, 200]] : [[40, 160, 40], [240, 240, 0]]));
    await page.goto(srv.url + '/admin/media');
    await page.setInputFiles('#image', file);
    await Promise.all([page.waitForLoadState('load'), page.click('form.admin-form button[type=submit]')]);
    const url = (await page.textContent('main code')).match(/\/media\/[0-9a-f]{64}\.png/)[0];
    for (const n of [1, 2]) await newPost(page, `Flag post ${n} (${w})`, `The flag.\n\n![The flag](${url})\n`);

    await page.goto(srv.url + '/admin/media');
    const item = page.locator('li.medium', { has: page.locator(`code.markdown:has-text("${url}")`) });
    assert.equal(await item.count(), 1);
    const markdown = await item.locator('code.markdown').textContent();
    assert.match(markdown, /^!\[.*\]\(\/media\/[0-9a-f]{64}\.png\)$/);
    await item.locator('button.copy').click();
    await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
    assert.equal(await page.textContent('#copy-status'), 'Copied: paste it into a post.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown, 'the Markdown is on the clipboard');
    await noSideScroll(page, `the media page (${w})`);
    const box = await item.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the image's row fits the window (${box.x}+${box.width})`);
    await shot(page, `media-copy-${w}`);

    await Promise.all([page.waitForURL(/\/admin\/media\/[0-9a-f]{64}\/delete$/), item.locator('a:has-text("Delete")').click()]);
    assert.match(await page.textContent('main'), /2 posts show this image/);
    for (const n of [1, 2]) assert.equal(await page.locator(`main ul.uses a:has-text("Flag post ${n} (${w})")`).count(), 1, `post ${n} is named`);
    assert.equal((await fetch(srv.url + url)).status, 200, 'asking deletes nothing');
    await noSideScroll(page, `the question before deleting (${w})`);
    await shot(page, `media-delete-ask-${w}`);
    await Promise.all([page.waitForURL(/\/admin\/media\?deleted=2$/), page.click('main button:has-text("for good")')]);
    assert.equal(await page.textContent('main .notice'), 'Deleted. The 2 posts that showed it now show a broken image.');
    assert.equal((await fetch(srv.url + url)).status, 404, 'deleted when confirmed');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: revisions: dates in words, any two compared, the text's diff apart from the fields'`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport);
    await page.goto(srv.url + '/admin/new');
    await page.fill('#title', `Revised (${w})`);
    await page.fill('#body', 'One.\nTwo.\n');
    await page.fill('#tags', 'Alpha');
    await publish(page);
    later(7300); // two hours on
    await page.fill('#body', 'One.\nTwo, changed.\n');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
    later(100);
    await page.fill('#title', `Revised again (${w})`);
    await page.fill('#body', 'One.\nTwo, changed.\nThree.\n');
    await page.fill('#tags', 'Alpha, Beta');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
    await Promise.all([page.waitForURL(/\/revisions$/), page.click('a:has-text("Revisions")')]);
    const times = await page.$$eval('table.admin-list tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.equal(times.length, 3, JSON.stringify(times));
    assert.equal(times[0], 'just now (current)');
    assert.match(times[1], /^[12] minutes? ago$/);
    assert.equal(times[2], '2 hours ago');
    const iso = await page.getAttribute('table.admin-list tbody tr:last-child time', 'datetime');
    assert.ok(!Number.isNaN(Date.parse(iso)), `the exact date is kept in the markup: ${iso}`);
    await noSideScroll(page, `revisions (${w})`);
    await shot(page, `revisions-list-${w}`);
    const revs = await page.$$eval('input[name=from]', (is) => is.map((i) => i.value));
    await page.check(`#from-${revs[2]}`);
    await page.check(`#to-${revs[0]}`);
    await Promise.all([page.waitForURL(/\/revisions\?(?=.*from=\d+)(?=.*to=\d+)/), page.click('button:has-text("Compare the two chosen")')]);
    const fields = await page.textContent('pre.fields-diff');
    const text = await page.textContent('pre.diff');
    assert.match(fields, new RegExp(`− title: "Revised \\(${w}\\)"`));
    assert.match(fields, new RegExp(`\\+ title: "Revised again \\(${w}\\)"`));
    assert.doesNotMatch(fields, /Three/, 'the text is not among the fields');
    assert.match(text, /^\+ Three\.$/m);
    assert.match(text, /^− Two\.$/m);
    assert.match(text, /^\+ Two, changed\.$/m);
    assert.doesNotMatch(text, /title:/, 'the fields are not in the text');
    const headings = await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(headings, ['Title, status, tags and the other fields', 'The text']);
    assert.equal(await page.locator('pre.diff span.add').first().evaluate((e) => getComputedStyle(e).backgroundColor === getComputedStyle(e.parentElement).backgroundColor), false, 'added lines are marked');
    // One line a line: no blank line after a marked one.
    for (const pre of ['pre.fields-diff', 'pre.diff']) {
      const gaps = await page.$$eval(`${pre} > span`, (ss) => ss.slice(1).map((s, i) => {
        const a = ss[i].getBoundingClientRect(), b = s.getBoundingClientRect();
        return { line: ss[i].textContent, gap: b.top - a.bottom, height: a.height };
      }));
      for (const g of gaps) assert.ok(g.gap < g.height / 2, `${pre}: a gap of ${g.gap} px after ${JSON.stringify(g.line)}`);
    }
    await noSideScroll(page, `a comparison (${w})`);
    await shot(page, `revisions-compare-${w}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('phone: the admin at 390 px: a compact header, and the post table not cut', { timeout: 60000 }, async () => {
  const viewport = { width: 390, height: 844 };
  const { ctx, page } = await signedIn(viewport);
  const pages = ['/admin', '/admin/new', '/admin/media', '/admin/comments', '/admin/settings', '/admin/users'];
  for (const path of pages) {
    await page.goto(srv.url + path);
    await noSideScroll(page, path);
    const head = await page.locator('header.masthead').boundingBox();
    assert.ok(head.height <= viewport.height / 4, `${path}: the header takes ${head.height} px of ${viewport.height}`);
    const links = await page.$$eval('header.masthead nav a, header.masthead button', (as) =>
      as.map((a) => { const r = a.getBoundingClientRect(); return { t: a.textContent, l: r.left, r: r.right }; }));
    for (const l of links) assert.ok(l.l >= 0 && l.r <= viewport.width, `${path}: ${l.t} is in the window (${l.l}–${l.r})`);
    const h1 = await page.locator('main h1').boundingBox();
    assert.ok(h1.y + h1.height <= viewport.height / 3, `${path}: the heading is near the top (${h1.y})`);
  }
  for (const t of ['A rather long title, for a phone, to see that it wraps and is not cut off at the edge', 'Short'])
    await newPost(page, t, 'Text.\n');
  await page.goto(srv.url + '/admin');
  const cells = await page.$$eval('table.admin-list tbody td', (tds) => tds.map((td) => {
    const r = td.getBoundingClientRect();
    return { text: td.textContent, l: r.left, r: r.right, cut: td.scrollWidth > td.clientWidth + 1, shown: r.width > 0 && r.height > 0 };
  }));
  assert.ok(cells.length >= 8, `the post list has posts (${cells.length} cells)`);
  for (const c of cells) {
    assert.ok(c.shown, `shown: ${c.text}`);
    assert.ok(c.l >= 0 && c.r <= viewport.width, `in the window: ${c.text} (${c.l}–${c.r})`);
    assert.equal(c.cut, false, `not cut: ${c.text}`);
  }
  // The table's caption spans the width, as the rows do, not squeezed into a column.
  const cap = await page.locator('table.admin-list caption').evaluate((c) => {
    const r = c.getBoundingClientRect(), m = document.querySelector('main').getBoundingClientRect();
    return { w: r.width, main: m.width, h: r.height, line: parseFloat(getComputedStyle(c).fontSize) * 2 };
  });
  assert.ok(cap.w >= cap.main - 1 && cap.h < cap.line * 1.5, `the caption is ${cap.w}×${cap.h} px in a main ${cap.main} px wide`);
  // Each column's name goes with its value, as the header row is out of sight.
  const labels = await page.$$eval('table.admin-list tbody tr:first-child td[data-label]', (tds) =>
    tds.map((td) => getComputedStyle(td, '::before').content));
  assert.deepEqual(labels, ['"Status: "', '"Writer: "', '"Date: "']);
  await shot(page, 'admin-phone-header', false);
  await shot(page, 'admin-phone-posts');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
