// resolutions (browser): a member signs in from the link a real SMTP server on loopback caught,
// amends a line from its link on the resolution's page, an editor merges the amendment in the
// admin, the branch secretary records the branch's decision, and the page printed to PDF by
// chromium (the print stylesheet) holds the numbered lines and the decisions table, as
// pdftotext reads it. axe-core checks the pages. Screenshots go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { BIN, cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';
import { mailSink, linkIn } from '../e2e/mailsink.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PW = 'a long enough password';
const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r; };

let dir, data, srv, sink, browser, member, editor;

// Long enough to go over two printed pages.
const CLAUSES = Array.from({ length: 40 }, (_, i) =>
  `- clause ${i + 1}: the branch asks the council to act on the matter numbered ${i + 1} before the winter comes;`);
const TEXT = ['# On rents', '',
  'This branch notes that rents in the city have risen by a third in five years, while wages have not, and that the council has done nothing about it.',
  '', 'We call on the council:', ...CLAUSES, '', 'The branch resolves to send this resolution to the regional committee.', ''].join('\n');

async function axe(page, name) {
  const res = await new AxeBuilder({ page }).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [], `axe on the ${name} page`);
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-res-browser-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--title', 'Branch Press'));
  sink = await mailSink();
  ok(cli('site', 'set', '--data', data, 'smtp_url', sink.url));
  ok(cli('site', 'set', '--data', data, 'mail_from', 'press@branch.example'));
  const u = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', 'ed', '--name', 'Ed Editor', '--role', 'editor',
    '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
  assert.equal(u.status, 0, u.stderr);
  const ann = ok(cli('member', 'add', '--data', data, '--email', 'ann@branch.example', '--name', 'Ann Avery')).stdout.match(/member (\d+)/)[1];
  ok(cli('branch', 'add', '--data', data, 'Harbour Street'));
  ok(cli('branch', 'put', '--data', data, '--member', ann, '--secretary', 'Harbour Street'));
  writeFileSync(`${dir}/rents.md`, TEXT);
  ok(cli('resolution', 'add', '--data', data, '--title', 'On rents', '--handle', 'ed', '--reason', 'Rents are too high.', `${dir}/rents.md`));
  srv = await serve(data);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
  ok(cli('resolution', 'circulate', '--data', data, 'on-rents'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  member = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  editor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sink) await sink.close();
  if (dir) cleanup(dir);
});

test('a member amends a line from its link on the page', async () => {
  // The mail that circulated it, then a sign-in link.
  await sink.waitFor((ms) => ms.some((m) => m.parsed.subject === 'For your branch: On rents'), 20000, 'circulation');
  await member.goto(`${srv.url}/members/signin`);
  await member.fill('#signin-email', 'ann@branch.example');
  await member.click('button:has-text("Send me a link")');
  await sink.waitFor((ms) => ms.some((m) => m.parsed.text.includes('/members/signin/')), 20000, 'sign-in link');
  const link = linkIn(sink.mails.find((m) => m.parsed.text.includes('/members/signin/')), '/members/signin/');
  await member.goto(link.href);
  await Promise.all([member.waitForURL(/\/members\/account/), member.getByRole('button', { name: 'Sign in' }).click()]);

  await member.goto(`${srv.url}/resolutions/on-rents`);
  assert.equal(await member.textContent('#L1 .ln'), '1');
  assert.match(await member.textContent('#L2 .lt'), /^This branch notes that rents in the city have risen by a third in five years,$/);
  await axe(member, 'resolution');
  await member.screenshot({ path: join(ARTIFACTS, 'resolution-page.png'), fullPage: false });
  // The line's own link opens the form with that line's text to change.
  await member.hover('#L3');
  await Promise.all([member.waitForURL(/\/amend\?from=3$/), member.click('a[aria-label="Amend line 3"]')]);
  assert.equal(await member.inputValue('#res-from'), '3');
  assert.match(await member.inputValue('#res-text'), /^while wages have not, and that the council has done nothing about it\.\n$/);
  await axe(member, 'amendment form');
  await member.fill('#res-text', 'while wages have fallen, and the council has sold homes it should have kept.');
  await member.fill('#res-reason', 'The council sold homes: say so.');
  await member.screenshot({ path: join(ARTIFACTS, 'resolution-amend.png') });
  await Promise.all([member.waitForURL(/\/resolutions\/on-rents#res-amendment-1$/), member.click('button:has-text("Propose the amendment")')]);
  assert.match(await member.textContent('#res-amendment-1'), /A1: replace line 3\s+open/);
  assert.match(await member.textContent('#res-amendment-1'), /Proposed by a member of Harbour Street/);
  assert.equal(await member.textContent('#L3 .mark'), 'A1');
});

test('an editor merges it into version 2 in the admin', async () => {
  await editor.goto(`${srv.url}/admin/login`);
  await editor.fill('#handle', 'ed');
  await editor.fill('#password', PW);
  await Promise.all([editor.waitForURL(/\/admin$/), editor.click('button:has-text("Sign in")')]);
  await editor.goto(`${srv.url}/admin/resolutions`);
  await Promise.all([editor.waitForURL(/\/admin\/resolutions\/1$/), editor.click('a:has-text("On rents")')]);
  await editor.check('#merge-1');
  await editor.fill('#note', 'The council sold homes.');
  await Promise.all([editor.waitForURL(/done=merged/), editor.click('button:has-text("Merge into a new version")')]);
  assert.match(await editor.textContent('.notice'), /Merged into a new version/);
  await editor.screenshot({ path: join(ARTIFACTS, 'resolution-admin.png') });
  await member.goto(`${srv.url}/resolutions/on-rents`);
  assert.match(await member.textContent('.meta'), /Version 2 of 2/);
  assert.match(await member.textContent('#L3 .lt'), /^while wages have fallen, and the council has sold homes it should have kept\.$/);
  await member.goto(`${srv.url}/resolutions/on-rents/versions/1`);
  assert.match(await member.textContent('#L3 .lt'), /^while wages have not, and that the council has done nothing about it\.$/);
  assert.match(await member.textContent('#res-amendment-1'), /Merged into version 2/);
});

test('the secretary records the branch\'s decision', async () => {
  await member.goto(`${srv.url}/resolutions/on-rents`);
  await Promise.all([member.waitForURL(/\/decide$/), member.click('a:has-text("Record your branch\'s decision")')]);
  await axe(member, 'decision form');
  await member.selectOption('#res-version', '2');
  await member.check('#res-outcome-adopted');
  await member.fill('#res-date', '2026-03-04');
  await member.fill('#res-for', '14');
  await member.fill('#res-against', '2');
  await member.fill('#res-abstain', '1');
  await member.fill('#res-note', 'Carried at the March meeting.');
  await Promise.all([member.waitForURL(/#res-decisions$/), member.click('button:has-text("Record the decision")')]);
  const row = await member.textContent('table.decisions tbody tr');
  assert.match(row, /Harbour Street\s*adopted\s*2\s*2026-03-04\s*14\s*2\s*1\s*Carried at the March meeting\./);
  await member.screenshot({ path: join(ARTIFACTS, 'resolution-decisions.png') });
});

test('printed to PDF, it has the numbered lines and the decisions table, and no forms', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${srv.url}/resolutions/on-rents`);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(ARTIFACTS, 'resolution-print.png'), fullPage: true });
  const pdf = join(dir, 'on-rents.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: false });
  copyFileSync(pdf, join(ARTIFACTS, 'resolution.pdf'));
  const t = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  const text = t.stdout;
  const pages = text.split('\f').filter((s) => s.trim()).length;
  assert.ok(pages >= 2, `a paginated PDF: ${pages} page(s)`);
  for (let n = 1; n <= pages; n++) assert.match(text, new RegExp(`Page ${n} of ${pages}`), 'numbered pages');
  // Every line of the page, with its number, in order, across the pages.
  const want = await page.$$eval('.res-text .line', (ls) => ls.map((l) => [Number(l.querySelector('.ln').textContent), l.querySelector('.lt').textContent]));
  assert.equal(want.length, 85);
  const got = [...text.matchAll(/^\s*(\d+)\s+(\S.*?)\s*$/gm)].map((m) => [Number(m[1]), m[2].replace(/\s+/g, ' ')]);
  let at = 0;
  for (const [n, line] of want) {
    const k = got.findIndex(([gn, gt], i) => i >= at && gn === n && gt === line.replace(/\s+/g, ' '));
    assert.ok(k >= 0, `line ${n} "${line}" is in the PDF, after line ${n - 1}`);
    at = k + 1;
  }
  assert.match(text, /^\s*3\s+while wages have fallen, and the council has sold homes it should have kept\.$/m);
  assert.match(text, /^\s*83\s+- clause 40: the branch asks the council to act on the matter numbered 40 before$/m);
  // The decisions table.
  assert.match(text, /Decisions of the branches/);
  assert.match(text, /Branch\s+Decision\s+Version\s+Date\s+For\s+Against\s+Abstaining\s+Note/);
  assert.match(text, /^\s*Harbour Street\s+adopted\s+2\s+2026-03-04\s+14\s+2\s+1\b/m);
  // The note wraps in its cell, beside the row.
  const table = text.slice(text.indexOf('Decisions of the branches'), text.indexOf('Amendments to version'));
  assert.match(table.replace(/\s+/g, ' '), /Carried at the March .*meeting\./);
  // What is for the screen stays off the paper.
  assert.doesNotMatch(text, /Propose an amendment|Record your branch|Search|Members sign in|\bamend\b/);
});
