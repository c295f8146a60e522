// validate: every page type of the demo site passes html-validate (HTML5, accessibility basics).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { cli, tempDir, postFile, serve, cleanup } from './harness.mjs';
import { Client, csrfOf, png } from './client.mjs';

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
  // A page with the navigation it brings, and a sticky post at the top of the home page.
  assert.equal(cli('post', 'add', '--data', `${dir}/demo`,
    postFile(dir, 'about.md', ['title: About this press', 'type: page', 'comments: open'], 'Who *we* are.\n'),
    postFile(dir, 'pinned.md', ['title: Read this first', 'sticky: true', 'format: html'], '<p>An <b>HTML</b> post.</p>\n')).status, 0);
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
  assert.equal(cli('fed', 'block', '--data', `${dir}/demo`, '--reason', 'spam & abuse', 'spam.example').status, 0);
  pages.push(['reply form', `/posts/why-this-press-exists/reply/${id}`]);
});
after(async () => { await srv.stop(); cleanup(dir); });

const pages = [
  ['home', '/'],
  ['page', '/about-this-press'],
  ['html post', '/posts/read-this-first'],
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
  ['blocked servers', '/blocks'],
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

test('every admin page is valid HTML', async (t) => {
  const check = async (name, html) => t.test(`admin ${name} page is valid HTML`, async () => {
    const report = await validator.validateString(html);
    const msgs = report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    assert.equal(report.valid, true, `${name}\n${msgs.join('\n')}`);
  });
  const link = srv.stderr().match(/(\/admin\/setup\?token=[\w-]+)/)[1];
  const c = new Client(srv.url);
  await check('login', (await c.get('/admin/login')).html);
  const setup = await c.get(link);
  await check('setup', setup.html);
  const pw = 'a valid long password';
  const token = link.split('=')[1];
  await check('setup with an error', (await c.post('/admin/setup', { _csrf: csrfOf(setup.html), token, handle: 'bad handle', name: 'X', password: pw, password2: pw })).html);
  assert.equal((await c.post('/admin/setup', { _csrf: csrfOf(setup.html), token, handle: 'mara', name: 'Mara', password: pw, password2: pw })).status, 303);
  const list = await c.get('/admin');
  await check('list', list.html);
  const csrf = csrfOf(list.html);
  const editor = await c.get('/admin/new');
  await check('new post', editor.html);
  await check('editor with an error', (await c.post('/admin/new', { _csrf: csrf, action: 'save', title: 'Dated', date: 'soon', body: 'x' })).html);
  await check('preview', (await c.post('/admin/new', { _csrf: csrf, action: 'preview', title: 'Seen first', body: '> quoted\n\n- a\n  - b\n' })).html);
  const saved = await c.post('/admin/new', { _csrf: csrf, action: 'save', title: 'Checked', body: 'One.\n', status: 'published' });
  const id = saved.location.match(/posts\/(\d+)/)[1];
  await c.post(`/admin/posts/${id}`, { _csrf: csrf, action: 'save', title: 'Checked', body: 'Two.\n', status: 'published' });
  await check('editor', (await c.get(`/admin/posts/${id}`)).html);
  const revs = await c.get(`/admin/posts/${id}/revisions`);
  await check('revisions', revs.html);
  const rev = revs.html.match(/revisions\/(\d+)"/)[1];
  await check('diff', (await c.get(`/admin/posts/${id}/revisions/${rev}`)).html);
  await c.post('/admin/media', { _csrf: csrf }, { name: 'pic.png', type: 'image/png', bytes: png('v') });
  await check('media', (await c.get('/admin/media')).html);
  await check('settings', (await c.get('/admin/settings')).html);
  await check('users', (await c.get('/admin/users')).html);
  await check('account', (await c.get('/admin/account')).html);
  await check('comments', (await c.get('/admin/comments?status=all')).html);
  await c.post(`/admin/posts/${id}/trash`, { _csrf: csrf });
  await check('trash', (await c.get('/admin/trash')).html);
  await check('error', (await c.get('/admin/posts/99999')).html);
});
