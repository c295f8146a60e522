// mirror_search (browser): a press's static copy opened from file:// in a real chromium, with no
// server and no network: its search page finds public posts by title, text, tags and accents
// from ?q= and from the form, ranks titles first, links to the copy's own files (which open),
// shows a title full of markup as text, and knows nothing of members-only posts.
// Run from the repository root: BROADSIDE=./broadside node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { cli, tempDir, cleanup, postFile } from '../e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let dir, site, browser, page, fetched;

function run(...args) {
  const r = cli(...args);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  dir = tempDir('bs-mirror-browser-');
  const data = `${dir}/data`;
  run('init', '--data', data, '--demo');
  run('site', 'set', '--data', data, 'url', 'https://press.example.org');
  for (const [name, front, body] of [
    ['cafe.md', ['title: Réunion at the café', 'slug: cafe', 'date: 2026-11-10', 'tags: [Quorum]'],
      'We met over coffee and counted heads: the quorum held, barely.\n'],
    ['quorum.md', ['title: Quorum rules', 'slug: quorum-rules', 'date: 2026-11-11'],
      'How many must be present? The rules on the quorum, read again.\n'],
    ['markup.md', ['title: "<img src=x onerror=\\"window.pwned=1\\"> Markup night"', 'slug: markup', 'date: 2026-11-12'],
      'An evening of angle brackets, zebrawords and escapes.\n'],
    ['inner.md', ['title: Members only minutes', 'slug: inner', 'visibility: members', 'date: 2026-11-13'],
      'The quorum of the inner circle, SECRETWORD.\n'],
  ]) run('post', 'add', '--data', data, postFile(dir, name, front, body));
  site = `${dir}/site`;
  run('mirror', '--data', data, '--out', site);
  assert.ok(!readFileSync(`${site}/search-index.js`, 'utf8').includes('SECRETWORD'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext();
  // No network at all: only the copy's files may be read.
  fetched = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    fetched.push(url);
    return url.startsWith('file://') ? route.continue() : route.abort();
  });
  page = await context.newPage();
  page.on('dialog', (d) => d.dismiss());
});

after(async () => {
  if (browser) await browser.close();
  if (dir) cleanup(dir);
});

const searchPage = () => pathToFileURL(`${site}/search/index.html`).href;

async function results() {
  return page.$$eval('#static-results article h2 a', (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
}

test('?q= on the copy\'s search page, opened from file://, finds the public posts, titles first', async () => {
  await page.goto(searchPage() + '?q=quorum');
  await page.waitForSelector('#static-results');
  const hits = await results();
  const titles = hits.map((h) => h.text);
  assert.deepEqual(titles.slice(0, 2).sort(), ['Quorum rules', 'Réunion at the café'].sort(),
    `the title and the tag come before the text: ${titles.join(' | ')}`);
  assert.ok(!titles.some((t) => /Members only/.test(t)), 'a members-only post is found');
  assert.match(await page.textContent('#static-results .count'), /posts? match(es)? “quorum”/);
  assert.equal(await page.inputValue('form.search input[name=q]'), 'quorum');
  for (const h of hits) assert.match(h.href, /^file:\/\/.*\/posts\/[^/]+\/index\.html$/, h.href);
  assert.ok(fetched.some((u) => u.endsWith('/search-index.js')), `the index was not read: ${fetched.join(' ')}`);
  assert.ok(fetched.every((u) => u.startsWith('file://')), `only files were read: ${fetched.join(' ')}`);
});

test('a result opens the copy\'s own page of the post', async () => {
  await page.goto(searchPage() + '?q=' + encodeURIComponent('quorum rules'));
  await page.waitForSelector('#static-results');
  const [first] = await results();
  assert.equal(first.text, 'Quorum rules');
  await page.click('#static-results article h2 a');
  await page.waitForLoadState('load');
  assert.equal(page.url(), pathToFileURL(`${site}/posts/quorum-rules/index.html`).href);
  assert.equal(await page.textContent('h1'), 'Quorum rules');
});

test('the form searches in the page, accents and case folded, a "phrase" held together', async () => {
  await page.goto(searchPage());
  assert.equal(await page.$('#static-results'), null, 'results before a search');
  await page.fill('form.search input[name=q]', 'REUNION cafe');
  await page.press('form.search input[name=q]', 'Enter');
  await page.waitForSelector('#static-results');
  assert.deepEqual((await results()).map((h) => h.text), ['Réunion at the café']);
  assert.match(page.url(), /^file:\/\/.*\/search\/index\.html$/, 'the form left the page');
  await page.fill('form.search input[name=q]', '"counted heads"');
  await page.press('form.search input[name=q]', 'Enter');
  await page.waitForFunction(() => document.querySelector('#static-results .count').textContent.includes('counted heads'));
  assert.deepEqual((await results()).map((h) => h.text), ['Réunion at the café']);
  const snippet = await page.textContent('#static-results .snippet');
  assert.match(snippet, /counted heads/);
  await page.fill('form.search input[name=q]', '"heads counted"');
  await page.press('form.search input[name=q]', 'Enter');
  await page.waitForFunction(() => document.querySelector('#static-results .count').textContent.includes('heads counted'));
  assert.deepEqual(await results(), []);
  assert.match(await page.textContent('#static-results .count'), /^0 posts match/);
});

test('markup in a title is shown as text, never run; members-only words find nothing', async () => {
  await page.goto(searchPage() + '?q=zebrawords');
  await page.waitForSelector('#static-results');
  const hits = await results();
  assert.equal(hits.length, 1);
  assert.equal(hits[0].text, '<img src=x onerror="window.pwned=1"> Markup night');
  assert.equal(await page.$('#static-results img'), null, 'the title became an element');
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'the title ran');
  await page.goto(searchPage() + '?q=SECRETWORD');
  await page.waitForSelector('#static-results');
  assert.deepEqual(await results(), []);
});
