// admin (browser): a real chromium sets up the owner through the one-time link, signs in,
// writes a post with a blockquote, a nested list, a hashtag and an uploaded image, previews and
// publishes it, sees it on the home page, edits it, restores the first revision, and signs out.
// axe-core checks the login, list and editor pages. Screenshots go to tests/artifacts/.
// Run from the repository root: BROADSIDE=./broadside node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';
import { pngBands } from '../e2e/client.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PW = 'a long enough password';
const BODY = [
  '> We will not be silenced.',
  '',
  'What the branch agreed:',
  '',
  '- hold the meeting',
  '  - in the hall',
  '  - on Friday',
  '- print the minutes',
  '',
  'Join us: #Solidarity',
  '',
].join('\n');

let dir, data, srv, browser, ctx, page;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-admin-browser-');
  data = `${dir}/site`;
  const r = cli('init', '--data', data, '--demo');
  assert.equal(r.status, 0, r.stderr);
  srv = await serve(data);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await ctx.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (dir) cleanup(dir);
});

// No serious or critical accessibility problem on the page as it is now.
async function axe(name) {
  const res = await new AxeBuilder({ page }).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [], `axe on the ${name} page`);
}

test('the owner sets up the site through the one-time link and signs in', async () => {
  const link = srv.stderr().match(/(http:\/\/127\.0\.0\.1:\d+\/admin\/setup\?token=[\w-]+)/)[1];
  await page.goto(link);
  // The demo's writer @mara has no password yet: taking her handle makes her the owner.
  await page.fill('#handle', 'mara');
  await page.fill('#name', 'Mara Quill');
  await page.fill('#password', PW);
  await page.fill('#password2', PW);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button:has-text("Create the owner")')]);
  assert.match(await page.textContent('nav[aria-label=Admin]'), /@mara/);
  await axe('list');
  await Promise.all([page.waitForURL(/\/admin\/login\?out=1/), page.click('button:has-text("Sign out")')]);
  assert.match(await page.textContent('main'), /You are signed out/);
  await axe('login');
  await page.fill('#handle', 'mara');
  await page.fill('#password', 'wrong password!');
  await page.click('button:has-text("Sign in")');
  assert.match(await page.textContent('.error'), /The handle or the password is wrong/);
  await page.fill('#password', PW);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button:has-text("Sign in")')]);
});

test('write, upload, preview and publish a post; it is on the home page', async () => {
  await page.goto(srv.url + '/admin/new');
  await page.fill('#title', 'We meet on Friday');
  await page.fill('#body', BODY);
  const file = join(dir, 'hall.png');
  writeFileSync(file, await pngBands(480, 160, [[158, 27, 27], [240, 232, 220], [30, 30, 30]]));
  await page.setInputFiles('#image', file);
  await page.fill('#alt', 'Red, cream and black bands');
  // The script uploads it and puts it at the cursor (here the end of the text), no reload.
  await page.click('button[value=upload]');
  await page.waitForFunction(() => /!\[/.test(document.getElementById('body').value));
  assert.match(await page.inputValue('#body'), /#Solidarity\n\n!\[Red, cream and black bands\]\(\/media\/[0-9a-f]{64}\.png\)\n$/);
  await axe('editor');
  await page.screenshot({ path: join(ARTIFACTS, 'admin-editor.png'), fullPage: true });

  const [preview] = await Promise.all([ctx.waitForEvent('page'), page.click('button[value=preview]')]);
  await preview.waitForLoadState();
  assert.match(await preview.textContent('.preview'), /Preview/);
  assert.equal(await preview.locator('article blockquote').count(), 1);
  assert.equal(await preview.locator('article ul ul li').count(), 2);
  await preview.close();

  await page.selectOption('#status', 'published');
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
  assert.match(await page.textContent('.notice'), /Saved/);

  await page.goto(srv.url + '/');
  await Promise.all([page.waitForURL(/we-meet-on-friday/), page.click('a:has-text("We meet on Friday")')]);
  assert.equal(await page.locator('article.post .body blockquote').count(), 1);
  assert.equal(await page.locator('article.post .body ul ul li').count(), 2);
  assert.equal(await page.locator('article.post .body a[href="/tag/Solidarity"]').count(), 1);
  const width = await page.locator('article.post .body img').evaluate((img) => img.complete && img.naturalWidth);
  assert.equal(width, 480, 'the uploaded image loads');
  await page.screenshot({ path: join(ARTIFACTS, 'admin-published-post.png'), fullPage: true });
});

test('edit the post, then restore its first revision', async () => {
  await page.goto(srv.url + '/admin');
  await Promise.all([page.waitForURL(/\/admin\/posts\/\d+$/), page.click('a:has-text("We meet on Friday")')]);
  await page.fill('#body', 'The meeting is cancelled.\n');
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
  assert.match(await (await fetch(srv.url + '/posts/we-meet-on-friday')).text(), /The meeting is cancelled/);
  await page.click('a:has-text("Revisions")');
  await page.click('a:has-text("Compare with the current text")');
  assert.match(await page.textContent('.diff'), /− > We will not be silenced\./);
  assert.match(await page.textContent('.diff'), /\+ The meeting is cancelled\./);
  await Promise.all([page.waitForURL(/saved=1/), page.click('button:has-text("Restore this revision")')]);
  assert.match(await page.inputValue('#body'), /^> We will not be silenced\./);
  const pub = await (await fetch(srv.url + '/posts/we-meet-on-friday')).text();
  assert.match(pub, /<blockquote>/);
  assert.doesNotMatch(pub, /cancelled/);
});

test('the editor autosaves what is typed, and the post list finds it', async () => {
  await page.goto(srv.url + '/admin/new');
  await page.fill('#title', 'Half a thought');
  await page.fill('#body', 'Typed, never saved by hand.');
  await page.waitForFunction(() => /^Saved /.test(document.getElementById('autosave-status').textContent), null, { timeout: 15000 });
  assert.match(page.url(), /\/admin\/posts\/\d+$/, 'the new draft has its own address now');
  await page.goto(srv.url + '/admin?status=draft&q=half');
  assert.match(await page.textContent('table'), /Half a thought/);
});

test('text typed just before the tab is closed is offered back', async () => {
  await page.goto(srv.url + '/admin');
  await Promise.all([page.waitForURL(/\/admin\/posts\/\d+$/), page.click('a:has-text("We meet on Friday")')]);
  const url = page.url();
  const tab = await ctx.newPage();
  await tab.goto(url);
  await tab.fill('#body', 'Typed a moment before closing the tab.');
  await tab.close({ runBeforeUnload: true }); // well before the next 5 s autosave
  await page.goto(url);
  await page.waitForFunction(() => /autosaved at/.test(document.querySelector('.notice')?.textContent || ''), null, { timeout: 5000 })
    .catch(async () => { await page.reload(); });
  assert.match(await page.textContent('.notice'), /autosaved at/);
  assert.equal(await page.inputValue('#body'), 'Typed a moment before closing the tab.\n');
  await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Discard my autosave")')]);
  assert.match(await page.inputValue('#body'), /^> We will not be silenced\./);
});

test('the other admin pages have no serious accessibility problem', async () => {
  for (const path of ['/admin/media', '/admin/settings', '/admin/users', '/admin/account', '/admin/comments', '/admin/trash']) {
    await page.goto(srv.url + path);
    await axe(path);
  }
  await page.goto(srv.url + '/admin');
  await Promise.all([page.waitForURL(/\/admin\/posts\/\d+$/), page.click('a:has-text("We meet on Friday")')]);
  await page.click('a:has-text("Revisions")');
  await axe('revisions');
  await page.click('a:has-text("Compare with the current text")');
  await axe('diff');
});

test('sign out ends the session', async () => {
  await Promise.all([page.waitForURL(/\/admin\/login\?out=1/), page.click('button:has-text("Sign out")')]);
  await page.goto(srv.url + '/admin');
  assert.match(page.url(), /\/admin\/login\?next=/);
});
