// firsthour: what a writer new to the press ran into in their first hour, each with a test that
// failed before its fix: the preview of a new part of a series, removing a published comment as
// spam without a reason, and the setup link ignoring the name typed for an existing handle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { BIN, cli, tempDir, postFile, serve, cleanup } from './harness.mjs';
import { Client, csrfOf } from './client.mjs';

let dir, data, clock, srv, owner;
const PW = 'correct horse battery';
const ok = (r) => assert.equal(r.status, 0, r.stderr);
const pub = (path, init = {}) => fetch(srv.url + path, { redirect: 'manual', ...init });

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  clock = `${dir}/clock`;
  writeFileSync(clock, '+0\n');
  ok(cli('init', '--data', data, '--title', 'First Hour'));
  // A writer added from the shell, without a password: the owner claims the handle at setup.
  ok(cli('user', 'add', '--data', data, '--handle', 'mara', '--name', 'M.'));
  for (const [slug, part] of [['charter-1', 1], ['charter-3', 3]])
    ok(cli('post', 'add', '--data', data, postFile(dir, `${slug}.md`, [`title: Charter ${part}`, `slug: ${slug}`,
      'author: mara', 'series: Reading the charter', `part: ${part}`, 'date: 2026-05-01'], `Part ${part}.\n`)));
  srv = await serve(data, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
});
after(async () => {
  await srv.stop();
  cleanup(dir);
});

test('setup claims an existing handle under the name typed', async () => {
  for (let i = 0; i < 100 && !/setup\?token=[\w-]+\n/.test(srv.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
  const link = srv.stderr().match(/(\/admin\/setup\?token=[\w-]+)/)[1];
  owner = new Client(srv.url);
  const form = await owner.get(link);
  const r = await owner.post('/admin/setup', { _csrf: csrfOf(form.html), token: link.split('=')[1], handle: 'mara', name: 'Mara Quill', password: PW, password2: PW });
  assert.equal(r.status, 303, r.html);
  assert.match(cli('user', 'list', '--data', data).stdout, /^@mara\s+owner\s+can sign in\s+Mara Quill$/m);
  assert.match(await (await pub('/@mara')).text(), /Mara Quill/);
});

test('the preview of a new part shows its place in the series', async () => {
  const form = await owner.get('/admin/new');
  const r = await owner.post('/admin/new', { _csrf: csrfOf(form.html), action: 'preview', title: 'Charter 2', body: 'Part two.',
    status: 'published', series: 'Reading the charter', part: '2' });
  assert.equal(r.status, 200, r.html);
  assert.match(r.html, /Part 2 of 3 of <em>Reading the charter<\/em>/);
  assert.doesNotMatch(r.html, /Part\s+of\s+of/);
  // Its neighbours are the stored parts around it.
  assert.match(r.html, /Previous part: Charter 1/);
  assert.match(r.html, /Continue here: Charter 3/);
  // The preview of a stored part is that part, not a new one.
  const list = await owner.get('/admin');
  const id = list.html.match(/\/admin\/posts\/(\d+)[^>]*>Charter 3/)[1];
  const edit = await owner.get(`/admin/posts/${id}`);
  const p3 = await owner.post(`/admin/posts/${id}`, { _csrf: csrfOf(edit.html), action: 'preview', title: 'Charter 3', body: 'Part 3.',
    status: 'published', series: 'Reading the charter', part: '3' });
  assert.match(p3.html, /Part 2 of 2 of <em>Reading the charter<\/em>/);
});

test('removing a published comment as spam needs a reason, in the browser too', async () => {
  const token = (await (await pub('/posts/charter-1')).text()).match(/name="token" value="([^"]+)"/)[1];
  writeFileSync(clock, '+10\n'); // the form's token is old enough
  const sent = await pub('/posts/charter-1/comments', { method: 'POST', body: new URLSearchParams({ token, name: 'Ann', body: 'A fair reading.' }) });
  assert.equal(sent.status, 303);
  const id = sent.headers.get('location').match(/(?:mine|held)=(\d+)/)[1];
  const q = await owner.get('/admin/comments?status=published');
  assert.match(q.html, /A fair reading/);
  const spam = await owner.post('/admin/comments', { _csrf: csrfOf(q.html), status: 'published', id, action: 'spam', reason: '' });
  assert.equal(spam.status, 400, spam.html);
  assert.match(spam.html, /needs a reason/);
  assert.match(await (await pub('/posts/charter-1')).text(), /A fair reading/, 'still published');
  const done = await owner.post('/admin/comments', { _csrf: csrfOf(q.html), status: 'published', id, action: 'spam', reason: 'an advert' });
  assert.equal(done.status, 303);
  assert.match(await (await pub('/moderation')).text(), /an advert/);
});
