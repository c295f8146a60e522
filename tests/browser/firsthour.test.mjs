// firsthour (browser): the writer's first hour, in a real chromium at desktop (1280 px) and
// phone (390 px) widths: an image pasted in the middle of the text lands at the cursor with the
// alt text asked for; the live preview is the published body byte for byte; bug 1 (an image
// uploaded without the script's help was lost by autosave) reproduced and fixed; a profile edit
// shows on the byline; share-preview tags are present with absolute addresses; a contributor's
// draft goes through review; a first comment is held; and axe-core finds no serious or critical
// violation on any admin page. Screenshots go to tests/artifacts/firsthour-*.png.
// Run from the repository root: BROADSIDE=./broadside node --test tests/browser/firsthour.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { BIN, cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';
import { pngBands } from '../e2e/client.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PW = 'a long enough password';
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];
const BEFORE = 'The branch met on Friday.\n\nWe agreed three things, in this order.\n\n';
const AFTER = 'Then we went home, tired and **glad**.\n\n- one\n  - nested\n';

let dir, data, clock, srv, browser, png, avatar, seconds = 0;
const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `firsthour-${name}.png`), fullPage: true });
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
  dir = tempDir('bs-firsthour-browser-');
  data = `${dir}/site`;
  clock = `${dir}/clock`;
  writeFileSync(clock, '+0\n');
  const r = cli('init', '--data', data, '--title', 'First Hour');
  assert.equal(r.status, 0, r.stderr);
  addUser('ida', 'owner', 'Ida Owner');
  addUser('cleo', 'contributor', 'Cleo Contributor');
  srv = await serve(data, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
  png = join(dir, 'hall.png');
  writeFileSync(png, await pngBands(480, 160, [[158, 27, 27], [240, 232, 220], [30, 30, 30]]));
  avatar = join(dir, 'ida.png');
  writeFileSync(avatar, await pngBands(200, 120, [[30, 90, 160], [250, 250, 250]]));
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

async function signedIn(viewport, handle) {
  const ctx = await browser.newContext({ viewport });
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

// No serious or critical accessibility problem on the page as it is now.
async function axe(page, name) {
  const res = await new AxeBuilder({ page }).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [], `axe on ${name}`);
}

async function noSideScroll(page, what) {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(w.doc <= w.win, `${what}: the page is ${w.doc} px wide in a ${w.win} px window`);
}

// The published body as the server sent it: what is inside <div class="body">.
async function publishedBody(path) {
  const html = await (await fetch(srv.url + path)).text();
  const m = html.match(/<div class="body">\n([\s\S]*?)\n<\/div>/);
  assert.ok(m, `the body of ${path}`);
  return m[1];
}

// Pastes the PNG at path into the text, as a browser does with an image on the clipboard.
async function pasteImage(page, bytes) {
  await page.evaluate((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], 'image.png', { type: 'image/png' }));
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.getElementById('body').dispatchEvent(ev);
  }, bytes.toString('base64'));
}

let postUrl = {}; // by width: the post published by the first test

for (const { name: w, viewport } of WIDTHS) {
  test(`${w}: an image pasted in the middle lands at the cursor with its alt text; the live preview is the published body`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport, 'ida');
    const previews = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/admin/preview')) previews.push(r.json());
    });
    await page.goto(srv.url + '/admin/new');
    await page.fill('#title', `Friday in the hall (${w})`);
    await page.fill('#body', BEFORE + AFTER);
    // The cursor between the second paragraph and the third.
    await page.evaluate((at) => {
      const b = document.getElementById('body');
      b.focus();
      b.setSelectionRange(at, at);
    }, BEFORE.length);
    await pasteImage(page, readFileSync(png));
    await page.waitForSelector('#image-dialog[open]');
    // The file name is not alt text: the writer is asked, and cannot skip it.
    assert.equal(await page.inputValue('#dialog-alt'), '');
    await axe(page, `the image dialog (${w})`);
    await shot(page, `paste-dialog-${w}`);
    await page.click('#image-form button[value=insert]');
    assert.ok(await page.locator('#image-dialog[open]').count(), 'no upload without alt text');
    await page.fill('#dialog-alt', 'Members filling the hall');
    await page.fill('#dialog-caption', 'The hall, full, on Friday');
    await page.click('#image-form button[value=insert]');
    await page.waitForFunction(() => /!\[/.test(document.getElementById('body').value));
    const text = await page.inputValue('#body');
    const m = text.match(/^([\s\S]*)!\[Members filling the hall\]\((\/media\/[0-9a-f]{64}\.png) "The hall, full, on Friday"\)\n\n([\s\S]*)$/);
    assert.ok(m, `the image at the cursor: ${JSON.stringify(text)}`);
    assert.equal(m[1], BEFORE, 'the text before the cursor is untouched');
    assert.equal(m[3], AFTER, 'the text after the cursor is untouched');
    assert.equal(await page.locator('#image-dialog[open]').count(), 0);

    // The live preview: beside the text when wide, a tab on a phone.
    if (w === 'phone') {
      assert.equal(await page.isVisible('#pane-preview'), false, 'on a phone the preview is a tab');
      await page.click('#tab-preview');
      assert.equal(await page.isVisible('#pane-text'), false);
    } else {
      assert.ok(await page.isVisible('#pane-preview') && await page.isVisible('#pane-text'), 'side by side');
      const t = await page.locator('#pane-text').boundingBox(), p = await page.locator('#pane-preview').boundingBox();
      assert.ok(p.x >= t.x + t.width - 1, 'the preview is to the right of the text');
    }
    await page.waitForSelector('#preview-body figure img[alt="Members filling the hall"]');
    await page.waitForLoadState('networkidle');
    assert.match(await page.textContent('#count'), /^\d+ words · 1 min read$/);
    const preview = await page.innerHTML('#preview-body');
    const last = await previews[previews.length - 1];
    await noSideScroll(page, `the editor (${w})`);
    await axe(page, `the editor with its preview (${w})`);
    await shot(page, `editor-preview-${w}`);
    if (w === 'phone') await page.click('#tab-text');

    await page.selectOption('#status', 'published');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
    assert.equal(await page.textContent('main h1'), 'Edit post', 'the heading says the post exists');
    const url = await page.getAttribute('main a[href^="/posts/"]', 'href');
    postUrl[w] = url;
    // Byte for byte: the HTML the preview was drawn from is the HTML the page publishes ...
    assert.equal(last.html, await publishedBody(url));
    // ... and the browser makes the same document of both.
    await page.goto(srv.url + url);
    assert.equal(await page.innerHTML('article.post .body'), `\n${preview}\n`);
    const img = await page.locator('article.post .body figure img').evaluate((i) => i.complete && i.naturalWidth);
    assert.equal(img, 480, 'the pasted image loads');
    assert.equal(await page.textContent('article.post figcaption'), 'The hall, full, on Friday');
    assert.match(await page.textContent('.reading-time'), /^1 min read$/);
    await noSideScroll(page, `the post (${w})`);
    await shot(page, `published-${w}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: bug 1 — an image uploaded into a new post is autosaved, not lost`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport, 'ida');
    await page.goto(srv.url + '/admin/new');
    await page.fill('#title', `Picture post (${w})`);
    await page.fill('#body', 'Text before the image.');
    await page.waitForFunction(() => /^Saved /.test(document.getElementById('autosave-status').textContent), null, { timeout: 15000 });
    const url = page.url();
    assert.match(url, /\/admin\/posts\/\d+$/);
    // The steps of the report: choose an image, press Upload. Before the fix the form went to
    // the server, the page came back with the image line, and the script took that page as
    // already saved: autosave stayed quiet and the line was gone on reopening. The form is sent
    // the same way here (the script does the upload itself now, so it is sent past it).
    await page.setInputFiles('#image', png);
    await page.fill('#alt', 'A banner in three bands');
    await Promise.all([page.waitForNavigation(), page.evaluate(() => {
      const f = document.getElementById('editor');
      const a = document.createElement('input');
      a.type = 'hidden';
      a.name = 'action';
      a.value = 'upload';
      f.appendChild(a);
      HTMLFormElement.prototype.submit.call(f);
    })]);
    assert.match(await page.inputValue('#body'), /^Text before the image\.\n\n!\[A banner in three bands\]\(\/media\/[0-9a-f]{64}\.png\)\n$/);
    await page.waitForFunction(() => /^Saved /.test(document.getElementById('autosave-status').textContent), null, { timeout: 15000 });
    await page.goto(srv.url + '/admin');
    await page.goto(url);
    assert.match(await page.textContent('.notice'), /autosaved at/, 'the autosave is offered');
    assert.match(await page.inputValue('#body'), /!\[A banner in three bands\]/, 'the image line is kept');
    await shot(page, `bug1-reopened-${w}`);

    // With the script's own Upload: at the cursor (here the start), then autosaved at once.
    await page.evaluate(() => document.getElementById('body').setSelectionRange(0, 0));
    await page.setInputFiles('#image', avatar);
    await page.fill('#alt', 'A blue and white flag');
    await page.click('button[value=upload]');
    await page.waitForFunction(() => /^!\[A blue and white flag\]/.test(document.getElementById('body').value));
    await page.waitForFunction(() => /^Saved /.test(document.getElementById('autosave-status').textContent));
    await page.goto(srv.url + '/admin');
    await page.goto(url);
    assert.match(await page.inputValue('#body'), /^!\[A blue and white flag\]\(\/media\/[0-9a-f]{64}\.png\)\n\nText before the image\./);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  test(`${w}: a profile edit shows on the byline and the writer's page`, { timeout: 60000 }, async () => {
    const { ctx, page } = await signedIn(viewport, 'ida');
    await page.goto(srv.url + '/admin/account');
    await page.fill('#name', `Ida Wright ${w}`);
    await page.fill('#bio', `Organiser in the **east** branch (${w}).`);
    await page.setInputFiles('#avatar', avatar);
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=profile]')]);
    await axe(page, `the account page (${w})`);
    await page.goto(srv.url + postUrl[w]);
    const byline = page.locator('.byline');
    assert.equal(await byline.locator('a[rel=author]').textContent(), `Ida Wright ${w}`);
    assert.equal(await byline.locator('strong').textContent(), 'east');
    const box = await byline.locator('img.avatar').boundingBox();
    assert.ok(Math.abs(box.width - box.height) < 1, `the avatar is square (${box.width}×${box.height})`);
    assert.ok(await byline.locator('img.avatar').evaluate((i) => i.complete && i.naturalWidth > 0), 'the avatar loads');
    assert.match(await page.textContent('.meta a[rel=author]'), new RegExp(`Ida Wright ${w}`));
    await shot(page, `byline-${w}`);
    await page.click('.byline a[rel=author]');
    await page.waitForURL(/\/@ida$/);
    assert.match(await page.textContent('main'), /Organiser in the east branch/);
    await noSideScroll(page, `the writer's page (${w})`);
    await shot(page, `author-${w}`);
    await ctx.close();
  });

  test(`${w}: share previews: Open Graph and Twitter tags, valid, with absolute addresses`, async () => {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    await page.goto(srv.url + postUrl[w]);
    const meta = await page.$$eval('meta[property], meta[name]', (ms) =>
      Object.fromEntries(ms.map((m) => [m.getAttribute('property') || m.getAttribute('name'), m.getAttribute('content')])));
    const canonical = await page.getAttribute('link[rel=canonical]', 'href');
    assert.equal(canonical, srv.url + postUrl[w]);
    assert.equal(meta['og:url'], canonical);
    assert.equal(meta['og:title'], `Friday in the hall (${w})`);
    assert.equal(meta['og:type'], 'article');
    assert.equal(meta['og:site_name'], 'First Hour');
    assert.match(meta.description, /^The branch met on Friday\./);
    assert.equal(meta['og:description'], meta.description);
    assert.ok(!Number.isNaN(Date.parse(meta['article:published_time'])), meta['article:published_time']);
    assert.equal(meta['article:author'], `${srv.url}/@ida`);
    for (const key of ['og:url', 'og:image', 'twitter:image', 'article:author']) {
      const u = new URL(meta[key]); // throws unless absolute
      assert.equal(u.origin, srv.url, key);
    }
    const img = await fetch(meta['og:image']);
    assert.equal(img.status, 200);
    assert.match(img.headers.get('content-type'), /^image\//);
    assert.ok(['summary', 'summary_large_image'].includes(meta['twitter:card']));
    assert.equal(meta['twitter:title'], meta['og:title']);
    await ctx.close();
  });

  test(`${w}: a contributor's draft goes through review to an editor who publishes it`, { timeout: 60000 }, async () => {
    const cleo = await signedIn(viewport, 'cleo');
    const title = `Notes from the east (${w})`;
    await cleo.page.goto(srv.url + '/admin/new');
    await cleo.page.fill('#title', title);
    await cleo.page.fill('#body', 'What the east branch did this month.\n');
    const choices = await cleo.page.$$eval('#status option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(choices, ['draft'], 'a contributor has only drafts to choose');
    await Promise.all([cleo.page.waitForURL(/saved=review/), cleo.page.click('button[value=review]')]);
    assert.match(await cleo.page.textContent('main'), /Submitted for review/);
    await axe(cleo.page, `the contributor's editor (${w})`);
    await shot(cleo.page, `review-submitted-${w}`);
    const slug = `/posts/notes-from-the-east-${w}`;
    assert.equal((await fetch(srv.url + slug)).status, 404, 'not public');
    await cleo.ctx.close();

    const ida = await signedIn(viewport, 'ida');
    const queue = ida.page.locator('.review-queue');
    assert.match(await queue.textContent(), /Waiting for your review/);
    await noSideScroll(ida.page, `the post list (${w})`);
    await shot(ida.page, `review-queue-${w}`);
    await Promise.all([ida.page.waitForURL(/\/admin\/posts\/\d+$/), queue.locator(`a:has-text("${title}")`).click()]);
    await ida.page.selectOption('#status', 'published');
    await Promise.all([ida.page.waitForURL(/saved=1/), ida.page.click('button[value=save]')]);
    assert.equal((await fetch(srv.url + slug)).status, 200, 'published by the editor');
    await ida.page.goto(srv.url + '/admin');
    assert.equal(await ida.page.locator(`.review-queue a:has-text("${title}")`).count(), 0, 'out of the queue');
    await ida.ctx.close();
  });

  test(`${w}: a first-time commenter's first comment is held for a moderator`, { timeout: 60000 }, async () => {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    await page.goto(srv.url + postUrl[w]);
    later(10); // the form is old enough to be sent
    await page.fill('#comment-form #name', `Ann ${w}`);
    await page.fill('#comment-form #body', `A fair reading, from the ${w}.`);
    await Promise.all([page.waitForNavigation(), page.click('#comment-form button[type=submit]')]);
    assert.match(page.url(), /\?held=\d+#comment-held$/);
    const notice = page.locator('#comment-held');
    assert.match(await notice.textContent(), /Your comment is waiting for a moderator/);
    assert.ok(await notice.isVisible(), 'the notice is where the page lands');
    assert.doesNotMatch(await page.textContent('#comments'), new RegExp(`A fair reading, from the ${w}`));
    await shot(page, `comment-held-${w}`);
    await ctx.close();
    const ida = await signedIn(viewport, 'ida');
    await ida.page.goto(srv.url + '/admin/comments');
    assert.match(await ida.page.textContent('main'), new RegExp(`A fair reading, from the ${w}`));
    await noSideScroll(ida.page, `moderation (${w})`);
    await shot(ida.page, `moderation-${w}`);
    await ida.ctx.close();
  });

  test(`${w}: axe finds no serious or critical violation on any admin page`, { timeout: 120000 }, async () => {
    const { ctx, page } = await signedIn(viewport, 'ida');
    const pages = ['/admin', '/admin/new', '/admin/media', '/admin/settings', '/admin/users', '/admin/account',
      '/admin/comments', '/admin/comments?status=published', '/admin/trash', '/admin/journal', '/admin/journal/new',
      '/admin/members', '/admin/branches', '/admin/outbox', '/admin/audit', '/admin/resolutions',
      '/admin/resolutions/new'];
    for (const path of pages) {
      const r = await page.goto(srv.url + path);
      assert.equal(r.status(), 200, path);
      await axe(page, `${path} (${w})`);
      await noSideScroll(page, `${path} (${w})`);
    }
    // The pages of one post: its editor, revisions, a comparison; and deleting an image.
    await page.goto(srv.url + '/admin');
    await Promise.all([page.waitForURL(/\/admin\/posts\/\d+$/), page.click(`a:has-text("Friday in the hall (${w})")`)]);
    await axe(page, `a post's editor (${w})`);
    await page.click('a:has-text("Revisions")');
    await axe(page, `revisions (${w})`);
    await shot(page, `revisions-${w}`);
    const revs = await page.$$eval('input[name=from]', (is) => is.map((i) => i.value));
    if (revs.length > 1) {
      await page.goto(page.url() + `?from=${revs[revs.length - 1]}&to=${revs[0]}`);
      await axe(page, `a comparison (${w})`);
    }
    await page.goto(srv.url + '/admin/media');
    await shot(page, `media-${w}`);
    const del = page.locator('a:has-text("Delete")').first();
    if (await del.count()) {
      await Promise.all([page.waitForURL(/\/delete$/), del.click()]);
      await axe(page, `the question before deleting an image (${w})`);
    }
    await page.goto(srv.url + '/admin/settings');
    await shot(page, `settings-${w}`);
    // Signed out: the login page.
    await Promise.all([page.waitForURL(/\/admin\/login\?out=1/), page.click('button:has-text("Sign out")')]);
    await axe(page, `the login page (${w})`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}
