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

before(async () => {
  dir = tempDir();
  assert.equal(cli('init', '--data', `${dir}/demo`, '--demo').status, 0);
  srv = await serve(`${dir}/demo`);
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
];

for (const [name, path] of pages) {
  test(`${name} page is valid HTML`, async () => {
    const r = await fetch(srv.url + path);
    const html = await r.text();
    const report = await validator.validateString(html);
    const msgs = report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    assert.equal(report.valid, true, `${path}\n${msgs.join('\n')}`);
  });
}
