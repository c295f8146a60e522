// presses (browser): a real chromium reaches two presses of one server by their names
// (alpha.test and beta.test, mapped to loopback), signs in to one, and finds that its session
// is no session on the other. Screenshots go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BIN, cli, tempDir, postFile, serve, cleanup } from '../e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PW = 'a long enough password';

let dir, data, srv, browser, page;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-presses-browser-');
  data = `${dir}/server`;
  for (const [name, title] of [['alpha', 'Alpha Press'], ['beta', 'Beta Press']]) {
    assert.equal(cli('press', 'add', '--data', data, name, '--host', `${name}.test`, '--title', title).status, 0);
    const f = postFile(dir, `${name}.md`, [`title: ${title} news`, `slug: ${name}-news`, 'date: 2026-04-01'], `Only on ${name}.\n`);
    assert.equal(cli('post', 'add', '--data', data, '--press', name, f).status, 0);
  }
  const u = spawnSync(BIN, ['user', 'add', '--data', data, '--press', 'alpha', '--handle', 'ada', '--name', 'Ada',
    '--role', 'owner', '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
  assert.equal(u.status, 0, u.stderr);
  srv = await serve(data);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (dir) cleanup(dir);
});

test('each press answers by its own name, with its own posts', async () => {
  for (const name of ['alpha', 'beta']) {
    await page.goto(`http://${name}.test:${srv.port}/`);
    assert.match(await page.title(), new RegExp(`${name[0].toUpperCase()}${name.slice(1)} Press`));
    const text = await page.textContent('body');
    assert.match(text, new RegExp(`Only on ${name}`));
    assert.doesNotMatch(text, new RegExp(`Only on ${name === 'alpha' ? 'beta' : 'alpha'}`));
    await page.screenshot({ path: join(ARTIFACTS, `press-${name}.png`) });
  }
  const other = await page.goto(`http://gamma.test:${srv.port}/`);
  assert.equal(other.status(), 404);
});

test("signing in to one press is no session on the other", async () => {
  await page.goto(`http://alpha.test:${srv.port}/admin/login`);
  await page.fill('#handle', 'ada');
  await page.fill('#password', PW);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type=submit]')]);
  assert.match(await page.textContent('body'), /@ada/);
  await page.goto(`http://beta.test:${srv.port}/admin`);
  assert.match(page.url(), /beta\.test:\d+\/admin\/login/, 'sent to sign in on beta');
  await page.screenshot({ path: join(ARTIFACTS, 'press-beta-login.png') });
});
