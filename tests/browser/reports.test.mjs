// reports (browser): a reporter with scripts off writes a report with a photo, leaves one
// member of the committee out, gets the receipt, and comes back with it; a committee member
// joins with a passphrase (the recovery key shown), unlocks, reads the report and its photo,
// and replies; the reporter reads the reply. axe-core checks every page of both paths (the
// reporter's in a second browser that runs scripts, as axe is one, and sends its own report).
// Screenshots go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { BIN, cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';
import { pngBands } from '../e2e/client.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PW = 'correct horse battery';
const PASS = { ana: 'ana keeps these committee words', ben: 'ben keeps other committee words' };

let dir, data, srv, browser, reporter, checker, committee, receipt;
const ok = (r) => assert.equal(r.status, 0, r.stderr);

function addUser(handle, name, role) {
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', handle, '--name', name, '--role', role, '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

// No serious or critical accessibility problem on the page as it is now.
async function axe(page, name) {
  const res = await new AxeBuilder({ page }).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [], `axe on the ${name} page`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `reports-${name}.png`), fullPage: true });
}

// Signs in and chooses the committee passphrase, as a member does the first time.
async function joinAs(page, handle) {
  await page.goto(`${srv.url}/admin/login?next=/committee`);
  await page.fill('#handle', handle);
  await page.fill('#password', PW);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${srv.url}/committee`);
  await page.fill('#passphrase', PASS[handle]);
  await page.fill('#again', PASS[handle]);
  await page.getByRole('button', { name: 'Make my committee key' }).click();
  await page.waitForSelector('.recovery');
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-reports-browser-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--title', 'Union Press'));
  addUser('olga', 'Olga Owner', 'owner');
  addUser('ana', 'Ana Lindqvist', 'author');
  addUser('ben', 'Ben Okafor', 'officer');
  ok(cli('committee', 'add', '--data', data, '--handle', 'ana'));
  ok(cli('committee', 'add', '--data', data, '--handle', 'ben'));
  srv = await serve(data);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The reporter's browser runs no script at all: the pages must work without.
  reporter = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, javaScriptEnabled: false })).newPage();
  checker = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
  committee = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  // Ben joins first (from a context of his own), so that the report form lists him too.
  const benPage = await (await browser.newContext()).newPage();
  await joinAs(benPage, 'ben');
  await benPage.context().close();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (dir) cleanup(dir);
});

test('a committee member joins: the passphrase, then the recovery key to print', async () => {
  await committee.goto(`${srv.url}/admin/login?next=/committee`);
  await committee.fill('#handle', 'ana');
  await committee.fill('#password', PW);
  await committee.getByRole('button', { name: 'Sign in' }).click();
  await committee.waitForURL(`${srv.url}/committee`);
  assert.match(await committee.textContent('main'), /not your sign-in password/);
  await axe(committee, 'join');
  await shot(committee, 'committee-join');
  await committee.fill('#passphrase', PASS.ana);
  await committee.fill('#again', PASS.ana);
  await committee.getByRole('button', { name: 'Make my committee key' }).click();
  const key = await committee.textContent('.recovery');
  assert.match(key, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  await axe(committee, 'recovery key');
  await shot(committee, 'committee-recovery');
});

test('the reporter, without scripts, writes a report with a photo and leaves a member out', async () => {
  await reporter.goto(`${srv.url}/report`);
  const main = await reporter.textContent('main');
  assert.match(main, /Ana Lindqvist/);
  assert.match(main, /Ben Okafor/);
  assert.match(main, /There is no spare key/);
  await shot(reporter, 'form');
  const photo = join(dir, 'photo.png');
  writeFileSync(photo, await pngBands(240, 160, [[160, 40, 40], [240, 200, 80], [40, 90, 160]]));
  await reporter.fill('#report-text', 'At the branch meeting on Tuesday I was shouted down and followed out.\nI have a photo of the message.');
  await reporter.setInputFiles('#report-files', photo);
  await reporter.fill('#report-contact', 'signal: +44 20 7946 0018');
  await reporter.getByLabel('Ben Okafor').uncheck();
  await reporter.getByRole('button', { name: 'Send the report' }).click();
  await reporter.waitForSelector('.receipt');
  receipt = (await reporter.textContent('.receipt')).trim();
  assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
  assert.match(await reporter.textContent('main'), /It can be read by Ana Lindqvist and nobody else/);
  await shot(reporter, 'receipt');
});

test('the committee member unlocks, reads the report and its photo, and replies', async () => {
  await committee.goto(`${srv.url}/committee`);
  await committee.getByRole('link', { name: /^Report \d+$/ }).click();
  await committee.waitForSelector('.report-thread');
  const main = await committee.textContent('main');
  assert.match(main, /shouted down and followed out/);
  assert.match(main, /signal: \+44 20 7946 0018/);
  assert.match(main, /may not read it: Ben Okafor/);
  const [download] = await Promise.all([
    committee.waitForEvent('download'),
    committee.getByRole('link', { name: 'photo.png' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^report-\d+-file-1\.png$/);
  await axe(committee, 'report');
  await shot(committee, 'committee-report');
  await committee.fill('#reply-text', 'Thank you for telling us. We would like to talk with you this week.');
  await committee.getByRole('button', { name: 'Send the reply' }).click();
  await committee.waitForSelector('.notice');
  assert.match(await committee.textContent('.notice'), /Your reply is sent/);
  // Locked, it asks for the passphrase again; the list needs it too.
  await committee.getByRole('link', { name: 'All reports' }).click();
  await axe(committee, 'reports');
  await committee.getByRole('button', { name: 'Lock it now' }).click();
  await committee.waitForSelector('#passphrase');
  assert.match(await committee.textContent('main'), /Your key is locked/);
  await axe(committee, 'unlock');
  await shot(committee, 'committee-unlock');
  await committee.fill('#passphrase', PASS.ana);
  await committee.getByRole('button', { name: 'Unlock' }).click();
  await committee.waitForSelector('table.admin-list');
  await committee.goto(`${srv.url}/committee/log`);
  assert.match(await committee.textContent('main'), /@ana replied to the reporter/);
  await axe(committee, 'log');
});

test('the reporter comes back with the receipt and reads the reply', async () => {
  await reporter.goto(`${srv.url}/report/followup`);
  await reporter.fill('#receipt', receipt);
  await reporter.getByRole('button', { name: 'Open' }).click();
  await reporter.waitForSelector('.report-thread');
  const main = await reporter.textContent('main');
  assert.match(main, /We would like to talk with you this week/);
  assert.match(main, /The committee, \d{4}-\d\d-\d\d/);
  await reporter.fill('#followup-message', 'Thursday evening suits me.');
  await reporter.getByRole('button', { name: 'Send' }).click();
  await reporter.waitForSelector('.notice');
  assert.match(await reporter.textContent('main'), /Thursday evening suits me\./);
  await shot(reporter, 'thread');
  await reporter.goto(`${srv.url}/committee/members`);
  assert.match(await reporter.textContent('main'), /Ana Lindqvist/);
  await shot(reporter, 'committee-members');
});

test('axe finds nothing serious on the reporter\'s pages', async () => {
  await checker.goto(`${srv.url}/report`);
  assert.equal(await checker.evaluate(() => document.scripts.length), 0, 'the page has no script');
  await axe(checker, 'report form');
  await checker.fill('#report-text', 'A second report, to see the receipt page.');
  await checker.getByRole('button', { name: 'Send the report' }).click();
  await checker.waitForSelector('.receipt');
  await axe(checker, 'receipt');
  const own = (await checker.textContent('.receipt')).trim();
  await checker.goto(`${srv.url}/report/followup`);
  await axe(checker, 'follow-up');
  await checker.fill('#receipt', own);
  await checker.getByRole('button', { name: 'Open' }).click();
  await checker.waitForSelector('.report-thread');
  await axe(checker, 'thread');
  await checker.goto(`${srv.url}/committee/members`);
  await axe(checker, 'committee members');
});
