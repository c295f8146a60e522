// security: one regression test per finding of the security review (issue 18), each of which
// failed before its fix: heap bytes in stored HTML, bounded search, bodies before a session,
// edits after approval, threads that borrowed their parent's data, addresses and series that
// belong to their writer, refusals that got an answer, the page cache's keys, heading ids, the
// moderation log of posts taken off the site, and notices from fixed codes only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { BIN, cli, tempDir, postFile, serve, raw, hostGet, cleanup } from './harness.mjs';
import { Client, csrfOf } from './client.mjs';

let dir, data, srv, owner, editor, eve;
const PW = 'correct horse battery';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sql = (q) => execFileSync('sqlite3', [`${data}/site.db`, q], { encoding: 'utf8' }).trim();
const set = (k, v) => assert.equal(cli('site', 'set', '--data', data, k, v).status, 0);
const pub = (path, init = {}) => fetch(srv.url + path, { redirect: 'manual', ...init });
const tokens = {};

function addUser(handle, role) {
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', handle, '--name', handle.toUpperCase(),
    '--role', role, '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function signIn(handle) {
  const c = new Client(srv.url);
  const page = await c.get('/admin/login');
  const r = await c.post('/admin/login', { _csrf: csrfOf(page.html), handle, password: PW, next: '/admin' });
  assert.equal(r.status, 303, r.html);
  return c;
}

// Saves through the editor; resolves to the answer.
async function save(c, fields, path = '/admin/new') {
  const form = await c.get(path);
  return c.post(path, { _csrf: csrfOf(form.html), action: 'save', status: 'published', ...fields });
}

async function comment(slug, fields, headers = {}) {
  const r = await pub(`/posts/${slug}/comments`, { method: 'POST', headers, body: new URLSearchParams({ token: tokens[slug], ...fields }) });
  return { status: r.status, location: r.headers.get('location'), cookie: (r.headers.get('set-cookie') || '').split(';')[0], html: await r.text() };
}
const idOf = (loc) => Number(loc.match(/(?:mine|held)=(\d+)/)[1]);

async function moderate(fields) {
  const q = await editor.get('/admin/comments?status=all');
  return editor.post('/admin/comments', { _csrf: csrfOf(q.html), status: 'all', ...fields });
}

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  assert.equal(cli('init', '--data', data, '--title', 'Review Press').status, 0);
  set('comment_policy', 'publish'); // comments are public at once unless a test says
  set('comments_per_minute', '100000');
  set('comments_per_day', '100000');
  addUser('olga', 'owner');
  addUser('mara', 'author');
  addUser('eve', 'author');
  addUser('ed', 'editor');
  for (const s of ['talk', 'thread', 'held', 'gone'])
    assert.equal(cli('post', 'add', '--data', data, postFile(dir, `${s}.md`, [`title: Post ${s}`, `slug: ${s}`, 'author: mara', 'date: 2026-05-01'], `About ${s}.\n`)).status, 0);
  srv = await serve(data);
  owner = await signIn('olga');
  editor = await signIn('ed');
  eve = await signIn('eve');
  for (const s of ['talk', 'thread', 'held', 'gone'])
    tokens[s] = (await (await pub(`/posts/${s}`)).text()).match(/name="token" value="([^"]+)"/)[1];
  await sleep(3100); // a comment form's token must be 3 s old
});
after(async () => {
  await srv.stop();
  cleanup(dir);
});

test('1: a text that renders to nothing stores empty HTML, not heap bytes', async () => {
  const r = await comment('talk', { name: 'Refs', body: '[a]: https://x.example/1' });
  assert.equal(r.status, 303);
  const id = idOf(r.location);
  assert.equal(sql(`SELECT hex(body_html) FROM comments WHERE id = ${id}`), '');
  const html = await (await pub('/posts/talk')).text();
  assert.match(html, new RegExp(`<li id="comment-${id}">[\\s\\S]*?<div class="comment-body">\\s*</div>`));
  // A post saved with an empty body, and a draft autosaved with only a title.
  const saved = await save(owner, { title: 'Empty body', slug: 'empty-body', body: '' });
  assert.equal(saved.status, 303, saved.html);
  assert.equal(sql("SELECT hex(body_html) || '|' || hex(excerpt_html) FROM posts WHERE slug = 'empty-body'"), '|');
  const form = await owner.get('/admin/new');
  const auto = await owner.post('/admin/autosave', { _csrf: csrfOf(form.html), id: '0', title: 'Only a title', body: '', status: 'draft' });
  assert.equal(auto.status, 200, auto.html);
  const id2 = JSON.parse(auto.html).id;
  assert.equal(sql(`SELECT hex(body_html) FROM posts WHERE id = ${id2}`), '');
});

test('2: search is bounded: few terms, no short prefixes, no deep pages', async () => {
  const q = 'a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l* OR m*';
  const r = await pub('/search?q=' + encodeURIComponent(q));
  assert.equal(r.status, 200);
  assert.equal((await pub('/search?q=about&page=1000')).status, 400, 'no deep offset');
  assert.equal((await pub('/search?q=about&page=3')).status, 200);
  const hits = await (await pub('/search?q=abo*')).text();
  assert.match(hits, /4 posts match/, 'a prefix of three letters still finds');
});

test('3: without a session a form holds a few kilobytes, not megabytes', async () => {
  const big = await raw(srv.port, `POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\nhandle=`);
  assert.match(big, /^HTTP\/1\.1 413/);
  const rss = () => Number(readFileSync(`/proc/${srv.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
  const before1 = rss();
  // 150 sign-in forms that never finish, each sending a long handle in chunks.
  const socks = [];
  const chunk = 'x'.repeat(64 * 1024);
  for (let i = 0; i < 150; i++) {
    const s = net.connect(srv.port, '127.0.0.1');
    s.on('error', () => {});
    s.write('POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
    s.write(`${(7 + chunk.length).toString(16)}\r\nhandle=${chunk}\r\n`);
    for (let k = 0; k < 4; k++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    socks.push(s);
  }
  await sleep(1500);
  const grown = rss() - before1;
  for (const s of socks) s.destroy();
  assert.ok(grown < 40 * 1024, `the server grew by ${grown} kB for 150 forms of 320 kB each`);
});

test('5: under a holding policy an edit of an approved comment waits; readers keep the approved text', async () => {
  set('comment_policy', 'hold_all');
  try {
    const r = await comment('held', { name: 'Patient', body: 'The approved words.' });
    assert.equal(r.status, 303);
    const id = idOf(r.location);
    assert.equal((await moderate({ id: String(id), action: 'approve' })).status, 303);
    assert.match(await (await pub('/posts/held')).text(), /The approved words\./);
    const form = await pub(`/posts/held/comment/${id}/edit`, { headers: { Cookie: r.cookie } });
    assert.equal(form.status, 200);
    const edit = await pub(`/posts/held/comment/${id}/edit`, {
      method: 'POST', headers: { Cookie: r.cookie }, body: new URLSearchParams({ body: 'BUY CHEAP PILLS NOW' }),
    });
    assert.equal(edit.status, 303);
    assert.match(edit.headers.get('location'), /\?held=/);
    const page = await (await pub('/posts/held')).text();
    assert.match(page, /The approved words\./, 'the approved text stays');
    assert.doesNotMatch(page, /CHEAP PILLS/, 'the edit is not public');
    const queue = await editor.get('/admin/comments');
    assert.match(queue.html, /Its writer edited it/);
    assert.match(queue.html, /BUY CHEAP PILLS NOW/);
    assert.equal((await moderate({ id: String(id), action: 'reject' })).status, 303);
    assert.match(await (await pub('/posts/held')).text(), /The approved words\./);
    assert.equal(sql(`SELECT pending_md IS NULL FROM comments WHERE id = ${id}`), '1');
    // A fair edit, approved, goes public.
    await pub(`/posts/held/comment/${id}/edit`, { method: 'POST', headers: { Cookie: r.cookie }, body: new URLSearchParams({ body: 'The approved words, fixed.' }) });
    assert.equal((await moderate({ id: String(id), action: 'approve' })).status, 303);
    assert.match(await (await pub('/posts/held')).text(), /The approved words, fixed\./);
  } finally {
    set('comment_policy', 'publish');
  }
});

test('6: a reply shows its own data, never its parent\'s', async () => {
  const parent = await comment('thread', { name: 'Parent', website: 'https://parent.example', body: 'Parent text' });
  const pid = idOf(parent.location);
  const reply = await comment('thread', { name: 'Plain replier', body: 'Reply text', parent: String(pid) });
  const rid = idOf(reply.location);
  let html = await (await pub('/posts/thread')).text();
  const replyHtml = html.slice(html.indexOf(`<li id="comment-${rid}">`));
  assert.match(replyHtml, /<strong class="commenter">Plain replier<\/strong>/, 'no website link borrowed');
  // The writer deletes the reply: a placeholder, without the parent's name, text or Reply.
  const del = await pub(`/posts/thread/comment/${rid}/edit`, { method: 'POST', headers: { Cookie: reply.cookie }, body: new URLSearchParams({ action: 'delete' }) });
  assert.equal(del.status, 303);
  html = await (await pub('/posts/thread')).text();
  const deleted = html.slice(html.indexOf(`<li id="comment-${rid}">`), html.indexOf('</li>', html.indexOf(`<li id="comment-${rid}">`)));
  assert.match(deleted, /Deleted by its writer/);
  assert.doesNotMatch(deleted, /Parent|Reply<\/a>/);
  // A published reply under a removed comment is not labelled removed.
  const second = await comment('thread', { name: 'Second', body: 'Still here', parent: String(pid) });
  const sid = idOf(second.location);
  assert.equal((await moderate({ id: String(pid), action: 'remove', reason: 'off topic' })).status, 303);
  html = await (await pub('/posts/thread')).text();
  const kept = html.slice(html.indexOf(`<li id="comment-${sid}">`), html.indexOf('</li>', html.indexOf(`<li id="comment-${sid}">`)));
  assert.match(kept, /Still here/);
  assert.doesNotMatch(kept, /Removed by a moderator/);
});

test('7: an old address belongs to its post, and a series to its writer', async () => {
  const made = await save(await signIn('mara'), { title: 'Mara essay', slug: 'mara-essay', body: 'Mine.', series: 'Mara series', part: '1' });
  assert.equal(made.status, 303, made.html);
  const id = made.location.match(/posts\/(\d+)/)[1];
  assert.equal((await save(editor, { title: 'Mara essay', slug: 'mara-essay-renamed', body: 'Mine.', author: 'mara', series: 'Mara series', part: '1' }, `/admin/posts/${id}`)).status, 303);
  const taken = await save(eve, { title: 'Eve post', slug: 'mara-essay', body: 'Not hers.' });
  assert.equal(taken.status, 400);
  assert.match(taken.html, /was another post&#39;s address/);
  const old = await pub('/posts/mara-essay');
  assert.equal(old.status, 301);
  assert.equal(old.headers.get('location'), '/posts/mara-essay-renamed');
  const joined = await save(eve, { title: 'Eve part', slug: 'eve-part', body: 'Joining.', series: 'Mara series', part: '2' });
  assert.equal(joined.status, 400);
  assert.match(joined.html, /belongs to another writer/);
  assert.doesNotMatch(await (await pub('/posts/mara-essay-renamed')).text(), /Eve part/);
  // An editor may add a part to any writer's series.
  assert.equal((await save(editor, { title: 'Editor part', slug: 'editor-part', body: 'Added.', author: 'ed', series: 'Mara series', part: '2' })).status, 303);
});

test('8: refusals get an answer, even while the body still arrives', async () => {
  const chunked = (path, type, bodyLen) => {
    const body = 'x'.repeat(bodyLen);
    return raw(srv.port, `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n` +
      `${(5 + body.length).toString(16)}\r\nbody=${body}\r\n0\r\n\r\n`, { timeout: 10000 });
  };
  assert.match(await chunked('/posts/talk/comments', 'application/x-www-form-urlencoded', 70 * 1024), /^HTTP\/1\.1 413/);
  assert.match(await chunked('/robots.txt', 'application/octet-stream', 2 * 1024 * 1024), /^HTTP\/1\.1 405/);
  const noname = await pub('/posts/talk/comments', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '=x' });
  assert.equal(noname.status, 400);
  assert.match(await noname.text(), /a field has no name/);
});

test('9: the page cache keys on what changes the page, not on any Host or parameter', async () => {
  const render = async (path, host) => (await hostGet(srv.port, host, path)).headers['x-render'];
  // Without a url setting, links are made from the Host: a few hosts are kept apart, no more.
  const seen = new Set();
  for (let i = 0; i < 20; i++) seen.add(await render('/feed.atom', `h${i}.example`));
  const again = new Set();
  for (let i = 0; i < 20; i++) again.add(await render('/feed.atom', `h${i}.example`));
  assert.ok([...again].filter((x) => seen.has(x)).length <= 8, 'at most 8 hosts are cached');
  set('url', 'https://review.example');
  const a = await render('/feed.atom', 'one.example');
  for (let i = 0; i < 10; i++) assert.equal(await render('/feed.atom', `other${i}.example`), a, 'with a url, the Host does not matter');
  set('url', '');
  const plain = (await pub('/posts/talk')).headers.get('x-render');
  assert.equal((await pub('/posts/talk?mine=12345')).headers.get('x-render'), plain, '?mine= without the cookie is the page');
  assert.equal((await pub('/posts/talk?utm_source=x')).headers.get('x-render'), plain);
  const css = await pub('/style.css?v=0123abcd');
  assert.equal(css.status, 301);
  assert.match(css.headers.get('location'), /^\/style\.css\?v=[0-9a-f]+$/);
});

test('10: headings cannot take the ids of the comment thread and form', async () => {
  assert.equal(cli('post', 'add', '--data', data, postFile(dir, 'ids.md', ['title: Ids', 'slug: ids', 'date: 2026-05-02'], '# Comments\n\n## comment-form\n\n### Name\n\nText.\n')).status, 0);
  const html = await (await pub('/posts/ids')).text();
  for (const id of ['comments', 'comment-form', 'name'])
    assert.equal(html.split(`id="${id}"`).length - 1, 1, `one element has id="${id}"`);
  assert.match(html, /<label for="name">/);
});

test('11: the moderation log names no post that left the site, and keeps the entry', async () => {
  const r = await comment('gone', { name: 'Gone reader', body: 'Soon removed' });
  const id = idOf(r.location);
  assert.equal((await moderate({ id: String(id), action: 'remove', reason: 'spam links' })).status, 303);
  assert.match(await (await pub('/moderation')).text(), /Post gone/);
  const postId = sql("SELECT id FROM posts WHERE slug = 'gone'");
  const ed = await editor.get(`/admin/posts/${postId}`);
  assert.equal((await editor.post(`/admin/posts/${postId}/trash`, { _csrf: csrfOf(ed.html) })).status, 303);
  const log = await (await pub('/moderation')).text();
  assert.doesNotMatch(log, /Post gone|\/posts\/gone/);
  assert.match(log, /spam links/);
  assert.match(log, /a post no longer on the site/);
});

test('12: admin notices come from fixed codes, never from the address', async () => {
  const lure = 'Your password expired. Confirm at https://evil.example';
  for (const path of ['/admin', '/admin/comments', '/admin/trash'])
    assert.doesNotMatch((await owner.get(`${path}?done=${encodeURIComponent(lure)}`)).html, /password expired|evil\.example/, path);
  assert.match((await owner.get('/admin/trash?done=restored')).html, /Restored\./);
});
