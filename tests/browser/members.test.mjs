// members (browser): a reader meets a members-only post, subscribes from the form at the foot of
// the page, opens the confirmation link from the mail a real SMTP server on loopback caught,
// is admitted by an officer, and reads the post. Screenshots go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cli, tempDir, postFile, serve, cleanup } from '../e2e/harness.mjs';
import { mailSink, linkIn } from '../e2e/mailsink.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

let dir, data, srv, sink, browser, page;
const ok = (r) => assert.equal(r.status, 0, r.stderr);

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('bs-members-browser-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--title', 'Branch Press'));
  sink = await mailSink();
  ok(cli('site', 'set', '--data', data, 'smtp_url', sink.url));
  ok(cli('site', 'set', '--data', data, 'mail_from', 'press@branch.example'));
  const f = postFile(dir, 'plan.md', ['title: The branch plan', 'slug: branch-plan', 'visibility: members'],
    'We meet on **Thursday** behind the library.\n');
  ok(cli('post', 'add', '--data', data, f));
  srv = await serve(data);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (sink) await sink.close();
  if (dir) cleanup(dir);
});

test('subscribe from the page, confirm from the mail, be admitted, read the members-only post', async () => {
  await page.goto(`${srv.url}/posts/branch-plan`);
  assert.match(await page.textContent('main'), /for members only/);
  assert.doesNotMatch(await page.content(), /Thursday/);
  await page.screenshot({ path: join(ARTIFACTS, 'members-closed.png') });

  // The small form at the foot of every page.
  const form = page.locator('footer form[action="/subscribe"]');
  await form.locator('input[name="email"]').fill('reader@branch.example');
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(`${srv.url}/subscribe`);
  assert.match(await page.textContent('h1'), /Check your inbox/);

  await sink.waitFor((ms) => ms.some((m) => m.to.includes('reader@branch.example')), 20000, 'confirmation');
  const link = linkIn(sink.mails.find((m) => m.to.includes('reader@branch.example')), '/members/confirm/');
  await page.goto(link.href);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.waitForURL(/\/members\/account/);
  assert.match(await page.textContent('main'), /subscription is confirmed/);
  await page.screenshot({ path: join(ARTIFACTS, 'members-account.png') });

  // A subscriber is not yet a member.
  await page.goto(`${srv.url}/posts/branch-plan`);
  assert.doesNotMatch(await page.content(), /Thursday/);
  const line = cli('member', 'list', '--data', data).stdout.split('\n').find((l) => /subscriber/.test(l));
  ok(cli('member', 'admit', '--data', data, line.trim().split(/\s+/)[0]));
  await page.goto(`${srv.url}/posts/branch-plan`);
  assert.match(await page.textContent('main'), /We meet on Thursday behind the library/);
  await page.screenshot({ path: join(ARTIFACTS, 'members-open.png') });
});
