// comments (browser): a real chromium leaves a comment and a reply on a post, sees them threaded
// at desktop and phone widths, and sees a form error beside its field with the text kept.
// Screenshots go to tests/artifacts/. Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM=...)
// and the npm package playwright-core; it never downloads a browser.
// Run from the repository root: BROADSIDE=./broadside node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const SLUG = 'why-this-press-exists';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const TOKEN_WAIT = 3200; // a form must be at least 3 s old when it is sent

let dir, data, srv, browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-browser-');
  data = `${dir}/site`;
  for (const args of [['init', '--data', data, '--demo'],
    ['site', 'set', '--data', data, 'comments_per_minute', '100000'],
    ['site', 'set', '--data', data, 'comments_per_day', '100000'],
    // Comments go up at once here (a new press holds a first one: tests/browser/firsthour).
    ['site', 'set', '--data', data, 'comment_policy', 'publish']]) {
    const r = cli(...args);
    assert.equal(r.status, 0, r.stderr);
  }
  srv = await serve(data);
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

// Fills the comment form on the current page and sends it; resolves to the main response.
async function send(page, name, body) {
  await page.fill('#comment-form #name', name);
  await page.fill('#comment-form #body', body);
  const [resp] = await Promise.all([
    page.waitForNavigation(),
    page.click('#comment-form button[type=submit]'),
  ]);
  return resp;
}

// The id from the address a 303 led to: /posts/SLUG?mine=ID#comment-ID.
function mineId(page) {
  const u = new URL(page.url());
  assert.equal(u.pathname, `/posts/${SLUG}`, page.url());
  const id = u.searchParams.get('mine');
  assert.match(id || '', /^\d+$/, `published at once, not held: ${page.url()}`);
  assert.equal(u.hash, `#comment-${id}`);
  return Number(id);
}

async function noSideScroll(page, what) {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(w.doc <= w.win, `${what}: the page is ${w.doc} px wide in a ${w.win} px window`);
}

test('a comment and a reply, threaded; at desktop and phone widths', { timeout: 120000 }, async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // (The site has no /favicon.ico: the browser's own request for it is a 404, not the page's.)
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`${m.text()} ${m.location().url}`);
  });

  assert.equal((await page.goto(`${srv.url}/posts/${SLUG}`)).status(), 200);
  assert.equal(await page.locator('#comments h2').innerText(), '0 comments');
  await page.waitForTimeout(TOKEN_WAIT);
  const first = await send(page, 'Ana Ferreira',
    'I *agree* with the point about **keys**.\n\nA second paragraph, with [a link](https://example.org/).');
  assert.equal(first.status(), 200);
  const id = mineId(page);
  const c = page.locator(`#comment-${id}`);
  assert.equal(await c.locator('.commenter').innerText(), 'Ana Ferreira');
  assert.equal(await c.locator('.comment-body em').innerText(), 'agree');
  assert.equal(await c.locator('.comment-body strong').innerText(), 'keys');
  assert.equal(await c.locator('.comment-body a').getAttribute('rel'), 'nofollow ugc noopener');
  assert.equal(await c.locator('.comment-body p').count(), 2);
  assert.equal(await page.locator('#comments h2').innerText(), '1 comment');
  assert.match(await page.locator('#comments .notice').innerText(), /Your comment is published/);
  // The browser kept the edit cookie the 303 set.
  assert.ok((await ctx.cookies()).some((k) => k.name === 'bs_edit' && k.httpOnly), 'the bs_edit cookie');

  // Reply through the comment's own link: a form page with the parent in it.
  await Promise.all([page.waitForNavigation(), c.getByRole('link', { name: 'Reply' }).click()]);
  assert.equal(new URL(page.url()).pathname, `/posts/${SLUG}/reply/${id}`);
  assert.equal(await page.locator('#comment-form input[name=parent]').inputValue(), String(id));
  await page.waitForTimeout(TOKEN_WAIT);
  const second = await send(page, 'Bo Lindqvist', 'Replying: _quite_ right, and `code` too.');
  assert.equal(second.status(), 200);
  const rid = mineId(page);
  assert.notEqual(rid, id);

  // Threaded: the reply sits in the first comment's ol.replies, not at the top level.
  const nested = page.locator(`ol.thread > li#comment-${id} > ol.replies > li#comment-${rid}`);
  assert.equal(await nested.count(), 1, 'the reply is nested under its parent');
  assert.equal(await page.locator(`ol.thread > li#comment-${rid}`).count(), 0, 'not a top-level comment');
  assert.equal(await nested.locator('.comment-body em').innerText(), 'quite');
  assert.equal(await nested.locator('.comment-body code').innerText(), 'code');
  assert.equal(await page.locator('#comments h2').innerText(), '2 comments');
  // The browser scrolled to the new reply's anchor, and it is visible.
  assert.ok(await nested.isVisible());

  for (const [vp, file] of [[DESKTOP, 'comments-thread.png'], [PHONE, 'comments-thread-phone.png']]) {
    await page.setViewportSize(vp);
    await noSideScroll(page, `${vp.width} px`);
    // The reply is indented past its parent, and both fit the window.
    const pb = await page.locator(`#comment-${id} > article`).boundingBox();
    const rb = await nested.locator(':scope > article').boundingBox();
    assert.ok(rb.x > pb.x, `${vp.width} px: the reply is indented (${rb.x} > ${pb.x})`);
    assert.ok(rb.x + rb.width <= vp.width && pb.x + pb.width <= vp.width, `${vp.width} px: the thread fits`);
    const path = join(ARTIFACTS, file);
    await page.screenshot({ path, fullPage: true });
    assert.ok(statSync(path).size > 1000, path);
  }
  assert.deepEqual(errors, [], 'no errors in the console: every resource loaded');
  await ctx.close();
});

test('a form error comes back beside the field with the typed text kept', { timeout: 120000 }, async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  const page = await ctx.newPage();
  assert.equal((await page.goto(`${srv.url}/posts/${SLUG}`)).status(), 200);
  await page.waitForTimeout(TOKEN_WAIT);
  const typed = 'Nameless but *careful*: this text\nmust come back as typed.';
  await page.fill('#comment-form #body', typed);
  await page.fill('#comment-form #website', 'https://example.org/me');
  // The browser itself refuses an empty required name and stays on the page...
  await page.click('#comment-form button[type=submit]');
  assert.equal(await page.locator('#comment-form #name').evaluate((e) => e.validity.valueMissing), true);
  assert.equal(new URL(page.url()).pathname, `/posts/${SLUG}`);
  // ...so send it as a browser without form validation would, to see the server's answer.
  await page.locator('#comment-form').evaluate((f) => { f.noValidate = true; });
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('#comment-form button[type=submit]')]);
  assert.equal(resp.status(), 400);
  assert.equal(new URL(page.url()).pathname, `/posts/${SLUG}/comments`);
  assert.match(await page.locator('[role=alert]').innerText(), /correct what is marked/);
  const name = page.locator('#comment-form #name');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  const errId = await name.getAttribute('aria-describedby');
  const err = page.locator(`#${errId}`);
  assert.match(await err.innerText(), /name/i);
  // Beside the field: in the same paragraph, just below the input.
  assert.equal(await err.evaluate((e) => e.parentElement === document.getElementById('name').parentElement), true);
  const nb = await name.boundingBox();
  const eb = await err.boundingBox();
  assert.ok(eb.y >= nb.y + nb.height - 1 && eb.y - (nb.y + nb.height) < 40, 'the error is right under the name field');
  assert.equal(await page.locator('#comment-form #body').inputValue(), typed);
  assert.equal(await page.locator('#comment-form #website').inputValue(), 'https://example.org/me');
  await noSideScroll(page, 'the error page');
  await page.screenshot({ path: join(ARTIFACTS, 'comment-form-error.png'), fullPage: true });
  await page.setViewportSize(PHONE);
  await noSideScroll(page, 'the error page at 390 px');
  await page.screenshot({ path: join(ARTIFACTS, 'comment-form-error-phone.png'), fullPage: true });

  // Corrected and sent again once the new form is 3 s old, it goes in.
  await page.waitForTimeout(TOKEN_WAIT);
  await page.fill('#comment-form #name', 'Careful Reader');
  const [ok] = await Promise.all([page.waitForNavigation(), page.click('#comment-form button[type=submit]')]);
  assert.equal(ok.status(), 200);
  const id = mineId(page);
  assert.equal(await page.locator(`#comment-${id} .comment-body em`).innerText(), 'careful');
  await ctx.close();
});
