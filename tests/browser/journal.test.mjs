// journal (browser): a real chromium prints an issue page to PDF ("Save as PDF") and pdftotext
// reads it back: the masthead, editorial, contents and every piece in order, each piece from a
// new page, the running head on every page, and none of the site's navigation. The PDF goes to
// tests/artifacts/. Run from the repository root: BROADSIDE=./broadside node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cli, tempDir, serve, cleanup, postFile } from '../e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const HEAD = 'The Open Minutes · Long nights · Volume 2, number 1, January 2027';

let dir, data, srv, browser;

function run(...args) {
  const r = cli(...args);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function pdftotext(path, first, last) {
  const args = ['-layout', ...(first ? ['-f', String(first), '-l', String(last)] : []), path, '-'];
  const r = spawnSync('pdftotext', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`pdftotext: ${r.error.message} (Debian package poppler-utils)`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function pages(path) {
  const r = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(r.stdout.match(/^Pages:\s+(\d+)/m)[1]);
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-journal-browser-');
  data = `${dir}/site`;
  run('init', '--data', data, '--demo');
  run('site', 'set', '--data', data, 'url', 'https://press.example.org');
  // A piece long enough to run over several pages.
  const para = 'The branch read the whole charter aloud, clause by clause, and argued over every word of it until the caretaker turned the lights off. ';
  const long = Array.from({ length: 40 }, (_, i) => `## Night ${i + 1}\n\n${para.repeat(4)}\n`).join('\n');
  postFile(dir, 'long.md', ['title: Forty nights of reading', 'slug: forty-nights', 'author: mara', 'date: 2026-12-20T10:00:00Z'], long);
  run('post', 'add', '--data', data, `${dir}/long.md`);
  writeFileSync(`${dir}/issue.md`, ['---', 'volume: 2', 'number: 1', 'month: 2027-01', 'title: Long nights',
    'editors: [Mara Quill]', 'posts: [minutes-november-2026, forty-nights, why-this-press-exists]', '---',
    'Three pieces for the winter: the minutes, forty nights of reading, and why we write here.', ''].join('\n'));
  run('journal', 'add', '--data', data, `${dir}/issue.md`);
  run('journal', 'publish', '--data', data, '2/1');
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

test('an issue prints to PDF with its pieces in order, a page each, running heads and no navigation', async () => {
  const page = await browser.newPage();
  const r = await page.goto(srv.url + '/journal/2/1');
  assert.equal(r.status(), 200);
  const pdf = join(ARTIFACTS, 'journal-issue.pdf');
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
  await page.close();
  const text = pdftotext(pdf);
  let at = 0;
  for (const part of ['Long nights', 'Edited by Mara Quill', 'Editorial', 'Three pieces for the winter', 'Contents',
    'Minutes of the November meeting', 'Forty nights of reading', 'Why this press exists',
    'Minutes of the November meeting', 'Present: eleven members',
    'Forty nights of reading', 'Night 1', 'Night 40',
    'Why this press exists', 'For three years our branch wrote']) {
    const i = text.indexOf(part, at);
    assert.ok(i >= 0, `"${part}" missing or out of order after offset ${at}`);
    at = i + part.length;
  }
  for (const nav of ['Skip to content', 'Search', '+ Follow', 'Download this issue', 'published with broadside']) {
    assert.ok(!text.includes(nav), `the print shows "${nav}"`);
  }
  const n = pages(pdf);
  assert.ok(n >= 7, `${n} pages: masthead, editorial, contents, and the pieces over several`);
  const starts = [];
  for (let i = 1; i <= n; i++) {
    const lines = pdftotext(pdf, i, i).split('\n').map((l) => l.trim()).filter(Boolean);
    assert.equal(lines[0], HEAD, `page ${i} has the running head`);
    starts.push(lines[1]);
    if (i > 3) assert.ok(lines.includes(String(i)), `page ${i} has its number`);
  }
  for (const title of ['Minutes of the November meeting', 'Forty nights of reading', 'Why this press exists']) {
    assert.ok(starts.includes(title), `"${title}" starts a page: ${starts.join(' | ')}`);
  }
  const long = starts.indexOf('Forty nights of reading'), next = starts.indexOf('Why this press exists');
  assert.ok(next - long >= 3, `the long piece runs over several pages (${long + 1} to ${next})`);
});
