// validate: every page type of the demo site passes html-validate (HTML5, accessibility basics).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { cli, tempDir, serve, cleanup } from './harness.mjs';

let dir, srv;
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Typographic quotes in text are intended.
    'no-raw-characters': 'off',
  },
});

let formError = '';
before(async () => {
  dir = tempDir();
  assert.equal(cli('init', '--data', `${dir}/demo`, '--demo').status, 0);
  srv = await serve(`${dir}/demo`);
  // A thread with a reply and a removed comment, and a form sent back with errors.
  const post = srv.url + '/posts/why-this-press-exists';
  const token = (await (await fetch(post)).text()).match(/name="token" value="([^"]+)"/)[1];
  await new Promise((r) => setTimeout(r, 3100));
  const send = (f) => fetch(post + '/comments', { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, ...f }) });
  const first = await send({ name: 'Reader', body: 'A *first* comment with a [link](https://example.org).' });
  const id = first.headers.get('location').match(/mine=(\d+)/)[1];
  await send({ name: 'Second', body: 'A reply.', parent: id });
  const gone = await send({ name: 'Third', body: 'To be removed.' });
  cli('comment', 'remove', '--data', `${dir}/demo`, '--reason', 'off topic', gone.headers.get('location').match(/mine=(\d+)/)[1]);
  formError = await (await send({ name: '', body: 'kept text' })).text();
  pages.push(['reply form', `/posts/why-this-press-exists/reply/${id}`]);
});
after(async () => { await srv.stop(); cleanup(dir); });

const pages = [
  ['home', '/'],
  ['post', '/posts/why-this-press-exists'],
  ['series part', '/posts/reading-the-charter-2'],
  ['table and autolinks', '/posts/minutes-november-2026'],
  ['code and scripts', '/posts/how-to-write-here'],
  ['tag', '/tag/FreePress'],
  ['author', '/@mara'],
  ['archive', '/archive'],
  ['month', '/archive/2026/10'],
  ['404', '/no-such-page'],
  ['400', '/posts/%ZZ'],
  ['moderation log', '/moderation'],
  ['search', '/search?q=charter'],
];

test('a comment form sent back with errors is valid HTML', async () => {
  const report = await validator.validateString(formError);
  const msgs = report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.equal(report.valid, true, msgs.join('\n'));
});

test('every page type is valid HTML', async (t) => {
  for (const [name, path] of pages) await t.test(`${name} page is valid HTML`, async () => {
    const r = await fetch(srv.url + path);
    const html = await r.text();
    const report = await validator.validateString(html);
    const msgs = report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    assert.equal(report.valid, true, `${path}\n${msgs.join('\n')}`);
  });
});
