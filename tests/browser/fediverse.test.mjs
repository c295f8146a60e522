// fediverse (browser): a real chromium sees a writer's Fediverse handle on a post and on the
// writer's page, with the count of followers, and its Copy button puts the handle on the
// clipboard; the page's own policy lets that one script run and no error shows in the console.
// Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM=...) and playwright-core.
// Run from the repository root: BROADSIDE=./broadside node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { cli, tempDir, serve, cleanup } from '../e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let dir, data, srv, browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  dir = tempDir('bs-browser-');
  data = `${dir}/site`;
  assert.equal(cli('init', '--data', data, '--demo').status, 0);
  srv = await serve(data);
  assert.equal(cli('site', 'set', '--data', data, 'url', srv.url).status, 0);
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

for (const path of ['/posts/why-this-press-exists', '/@mara']) {
  test(`${path}: the handle, its followers, and a Copy button that copies it`, async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const problems = [];
    // The browser's own /favicon.ico (a 404: the theme has none) is no error of the page's;
    // every resource the page asks for is checked by its answer instead.
    page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    await page.goto(srv.url + path);
    const handle = `@mara@${new URL(srv.url).host}`;
    const box = page.locator('p.fediverse');
    assert.match(await box.innerText(), new RegExp(`${handle.replace(/\./g, '\\.')} .*0 followers there`));
    const button = box.locator('button.copy');
    await button.waitFor({ state: 'visible' });
    await button.click();
    await page.waitForFunction(() => document.querySelector('p.fediverse button.copy').textContent === 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), handle);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
