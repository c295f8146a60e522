// comments: readers' comments end to end: threads, the writer's own edits, moderation that is
// logged in public, every spam rule, hostile input, and which cached pages a comment drops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cli, tempDir, postFile, serve, raw, cleanup } from './harness.mjs';

let dir, data, srv;
const tokens = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function add(...files) {
  const r = cli('post', 'add', '--data', data, ...files);
  assert.equal(r.status, 0, r.stderr);
}
const set = (k, v) => assert.equal(cli('site', 'set', '--data', data, k, v).status, 0);
const sql = (q) => execFileSync('sqlite3', [`${data}/site.db`, q], { encoding: 'utf8' });

async function tokenOf(path) {
  const html = await (await fetch(srv.url + path)).text();
  return html.match(/name="token" value="([^"]+)"/)[1];
}

// Posts a comment form; returns { status, location, cookie, html }.
async function send(slug, fields, { cookie, path } = {}) {
  const body = new URLSearchParams({ token: tokens[slug] || 'none', ...fields });
  const r = await fetch(`${srv.url}${path || `/posts/${slug}/comments`}`, {
    method: 'POST', body, redirect: 'manual',
    headers: cookie ? { Cookie: cookie } : {},
  });
  const setc = r.headers.get('set-cookie');
  return { status: r.status, location: r.headers.get('location'), cookie: setc && setc.split(';')[0], html: await r.text() };
}
const idOf = (loc) => Number(loc.match(/(?:mine|held)=(\d+)/)[1]);
const page = async (slug) => (await fetch(`${srv.url}/posts/${slug}`)).text();

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  assert.equal(cli('init', '--data', data, '--title', 'Comment Press').status, 0);
  // These tests are about threads, edits and spam rules: comments go up at once here (the
  // default policy, hold_first, has its own test in firsthour.test.mjs and below).
  set('comment_policy', 'publish');
  set('comments_per_minute', '100000');
  set('comments_per_day', '100000');
  add(postFile(dir, 'a.md', ['title: Open post', 'slug: open', 'date: 2026-05-01'], 'Talk to us. #Talk\n'));
  add(postFile(dir, 'b.md', ['title: Other post', 'slug: other', 'date: 2026-05-02', 'tags: [Else]'], 'Quiet here.\n'));
  add(postFile(dir, 'c.md', ['title: Closed post', 'slug: closed', 'comments: closed', 'date: 2026-05-03'], 'No comments.\n'));
  add(postFile(dir, 'd.md', ['title: Moderated post', 'slug: moderated', 'comments: moderated', 'date: 2026-05-04'], 'Careful.\n'));
  add(postFile(dir, 'e.md', ['title: Chain post', 'slug: chain', 'date: 2026-05-05'], 'Reply to replies.\n'));
  srv = await serve(data);
  for (const slug of ['open', 'other', 'moderated', 'chain'])
    tokens[slug] = await tokenOf(`/posts/${slug}`);
  tokens.closed = tokens.open;
  await sleep(3100); // a token must be 3 s old
});
after(async () => { await srv.stop(); cleanup(dir); });

test('a comment is published with a 303 to its anchor, escaped, and counted', async () => {
  const r = await send('open', { name: 'Ana <b>', email: 'ana@example.org', website: 'https://ana.example', body: 'Hello *world* <script>alert(1)</script> [bad](javascript:alert(1)) and [good](https://example.org)' });
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/posts\/open\?mine=\d+#comment-\d+$/);
  assert.match(r.cookie, /^bs_edit=[0-9a-f]{64}$/);
  const html = await page('open');
  const id = idOf(r.location);
  assert.match(html, new RegExp(`<li id="comment-${id}">`));
  assert.match(html, /Ana &lt;b&gt;/);
  assert.match(html, /<em>world<\/em> &lt;script&gt;alert\(1\)&lt;\/script&gt; bad and <a href="https:\/\/example.org" rel="nofollow ugc noopener">good<\/a>/);
  assert.doesNotMatch(html, /javascript:/);
  assert.doesNotMatch(html, /ana@example\.org/); // the email is never shown
  assert.match(html, /<a href="https:\/\/ana.example" rel="nofollow ugc noopener">Ana &lt;b&gt;<\/a>/);
  assert.match(html, /<h2>1 comment<\/h2>/);
  assert.match(html, /Latest comment: <time datetime="\d{4}-/);
  assert.match(await (await fetch(srv.url + '/')).text(), /href="\/posts\/open#comments">1 comment</);
  const mine = await (await fetch(srv.url + r.location.split('#')[0], { headers: { Cookie: r.cookie } })).text();
  assert.match(mine, /edit or delete it/);
});

test('replies thread under their parent, and depth is capped even for a long chain', async () => {
  const top = await send('open', { name: 'Root', body: 'Start of a chain' });
  let parent = idOf(top.location);
  const ids = [parent];
  for (let i = 1; i <= 12; i++) {
    const r = await send('open', { name: `Level ${i}`, body: `Reply number ${i}`, parent: String(parent) });
    assert.equal(r.status, 303, r.html);
    parent = idOf(r.location);
    ids.push(parent);
  }
  const rows = sql(`SELECT id, parent_id, depth FROM comments WHERE id >= ${ids[0]} ORDER BY id`).trim().split('\n').map((l) => l.split('|').map(Number));
  assert.equal(Math.max(...rows.map((r) => r[2])), 5);
  assert.equal(rows[1][1], ids[0]); // the first reply is under the root
  const html = await page('open');
  // The deepest nesting of reply lists is five.
  let depth = 0, max = 0;
  for (const m of html.matchAll(/<ol class="replies">|<\/ol>/g)) {
    depth += m[0] === '</ol>' ? -1 : 1;
    max = Math.max(max, depth);
  }
  assert.equal(max, 5);
  const reply = await (await fetch(`${srv.url}/posts/open/reply/${ids[0]}`)).text();
  assert.match(reply, new RegExp(`name="parent" value="${ids[0]}"`));
  assert.match(reply, /Start of a chain/);
});

test('a 10,000-reply chain attempt stays five levels deep and the page still renders', async () => {
  const top = await send('chain', { name: 'Chain', body: 'link 0' });
  assert.equal(top.status, 303, top.html);
  let parent = idOf(top.location);
  for (let i = 1; i <= 10000; i++) {
    const r = await send('chain', { name: 'Chain', body: `link ${i}`, parent: String(parent) });
    assert.equal(r.status, 303, r.html);
    parent = idOf(r.location);
  }
  assert.equal(sql(`SELECT max(depth) FROM comments WHERE post_id = (SELECT id FROM posts WHERE slug = 'chain')`).trim(), '5');
  const res = await fetch(`${srv.url}/posts/chain`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<h2>10001 comments<\/h2>/);
  assert.match(html, /link 10000/);
});

test('the writer edits and deletes from the same browser within 15 minutes, and only then', async () => {
  const r = await send('open', { name: 'Editor', body: 'Frist post' });
  const id = idOf(r.location);
  const edit = `/posts/open/comment/${id}/edit`;
  const form = await fetch(srv.url + edit, { headers: { Cookie: r.cookie } });
  assert.equal(form.status, 200);
  assert.match(await form.text(), /Frist post/);
  const e = await send('open', { body: 'First post, corrected' }, { cookie: r.cookie, path: edit });
  assert.equal(e.status, 303);
  assert.match(await page('open'), /First post, corrected/);
  // Another browser (no or another cookie) is refused.
  const other = await fetch(srv.url + edit);
  assert.equal(other.status, 403);
  assert.match(await other.text(), /Only the browser that wrote this comment/);
  const stranger = await send('open', { body: 'hijack' }, { cookie: 'bs_edit=' + 'a'.repeat(64), path: edit });
  assert.equal(stranger.status, 403);
  // After the window: the comment was written 16 minutes ago.
  sql(`UPDATE comments SET created = created - 960 WHERE id = ${id}`);
  const late = await send('open', { body: 'Too late' }, { cookie: r.cookie, path: edit });
  assert.equal(late.status, 403);
  assert.match(late.html, /15 minutes/);
  // Delete within the window leaves a placeholder.
  const d = await send('open', { name: 'Deleter', body: 'Regret this' });
  const del = await send('open', { action: 'delete' }, { cookie: d.cookie, path: `/posts/open/comment/${idOf(d.location)}/edit` });
  assert.equal(del.status, 303);
  const html = await page('open');
  assert.doesNotMatch(html, /Regret this/);
  assert.match(html, /Deleted by its writer/);
});

test('moderation: held comments wait; removals leave a placeholder and a public log entry', async () => {
  const h = await send('moderated', { name: 'Waiting', body: 'Please approve me' });
  assert.equal(h.status, 303);
  assert.match(h.location, /\?held=\d+#comment-held/);
  assert.doesNotMatch(await page('moderated'), /Please approve me/);
  const id = idOf(h.location);
  const queue = cli('comment', 'list', '--data', data);
  assert.match(queue.stdout, new RegExp(`^${id}\\s+held`, 'm'));
  assert.equal(cli('comment', 'approve', '--data', data, String(id)).status, 0);
  assert.match(await page('moderated'), /Please approve me/);

  const p = await send('open', { name: 'Troll', body: 'Something nasty' });
  const pid = idOf(p.location);
  assert.equal(cli('comment', 'remove', '--data', data, String(pid)).status, 2); // a reason is required
  assert.equal(cli('comment', 'remove', '--data', data, '--reason', 'insults another reader', String(pid)).status, 0);
  const html = await page('open');
  assert.doesNotMatch(html, /Something nasty/);
  assert.match(html, /Removed by a moderator: <a href="\/moderation#comment-\d+">see the moderation log<\/a>/);
  const log = await (await fetch(srv.url + '/moderation')).text();
  assert.match(log, /was <strong>removed<\/strong>\. Reason: insults another reader/);
  assert.match(log, /Something nasty/);
  set('moderation_text', 'hide');
  const hidden = await (await fetch(srv.url + '/moderation')).text();
  assert.doesNotMatch(hidden, /Something nasty/);
  assert.match(hidden, /insults another reader/);
  set('moderation_text', 'show');

  const ed = await send('open', { name: 'Ranter', body: 'A rant with a phone number 555-0100' });
  assert.equal(cli('comment', 'edit', '--data', data, '--reason', 'removed a phone number', '--text', 'A rant', String(idOf(ed.location))).status, 0);
  assert.match(await (await fetch(srv.url + '/moderation')).text(), /edited by a moderator<\/strong>\. Reason: removed a phone number/);

  set('comment_policy', 'hold_first');
  const first = await send('other', { name: 'Newcomer', email: 'new@example.org', body: 'My first words here' });
  assert.match(first.location, /held=/);
  assert.equal(cli('comment', 'approve', '--data', data, String(idOf(first.location))).status, 0);
  const second = await send('other', { name: 'Newcomer', email: 'new@example.org', body: 'And now I am known' });
  assert.match(second.location, /mine=/);
  set('comment_policy', 'publish');
});

test('closed posts refuse comments: by the post, by the site, and by age', async () => {
  let r = await send('closed', { name: 'X', body: 'Let me in' });
  assert.equal(r.status, 403);
  assert.match(r.html, /closed/);
  assert.doesNotMatch(await page('closed'), /id="comment-form"/);
  set('comments_close_days', '30'); // every post here is older than 30 days
  r = await send('open', { name: 'X', body: 'Too old a post' });
  assert.equal(r.status, 403);
  set('comments_close_days', '0');
  set('comments', 'closed');
  r = await send('other', { name: 'X', body: 'Site says no' });
  assert.equal(r.status, 403);
  set('comments', 'open');
});

test('every spam rule refuses with its reason, keeping the text', async () => {
  let r = await send('open', { name: 'Bot', homepage: 'http://spam.example', body: 'buy now' });
  assert.equal(r.status, 400);
  assert.match(r.html, /field meant to stay empty/);
  assert.match(r.html, /buy now<\/textarea>/);
  const fresh = await tokenOf('/posts/open/reply/1');
  r = await send('open', { name: 'Quick', body: 'too fast', token: fresh });
  assert.equal(r.status, 429, r.html);
  assert.match(r.html, /too quickly/);
  r = await send('open', { name: 'Forger', body: 'forged', token: '1.' + '0'.repeat(32) });
  assert.equal(r.status, 400);
  assert.match(r.html, /damaged or is not from this site/);
  r = await send('open', { name: 'Linker', body: 'https://a.example https://b.example www.c.example mailto:d@e.example' });
  assert.equal(r.status, 400);
  assert.match(r.html, /<span id="body-error" class="field-error">Too many links/);
  r = await send('open', { name: 'Echo', body: 'Only once please' });
  assert.equal(r.status, 303);
  r = await send('open', { name: 'Echo', body: 'Only once please' });
  assert.equal(r.status, 409);
  assert.match(r.html, /already sent/);
  set('comments_per_minute', '2');
  await send('other', { name: 'R', body: 'rate one' });
  await send('other', { name: 'R', body: 'rate two' });
  r = await send('other', { name: 'R', body: 'rate three' });
  assert.equal(r.status, 429);
  assert.match(r.html, /at most 2 a minute/);
  set('comments_per_minute', '100000');
  assert.equal(cli('comment', 'ban', '--data', data, '--reason', 'flooding', '--days', '1', '127.0.0.1').status, 0);
  r = await send('open', { name: 'Banned', body: 'let me speak' });
  assert.equal(r.status, 403);
  assert.match(r.html, /suspended until/);
  sql(`DELETE FROM bans`);
});

test('form errors come back beside the field with the text kept', async () => {
  const r = await send('open', { name: '', email: 'not-an-email', website: 'ftp://x', body: 'My carefully written thoughts' });
  assert.equal(r.status, 400);
  assert.match(r.html, /<span id="name-error" class="field-error">Please give a name/);
  assert.match(r.html, /<span id="email-error" class="field-error">This does not look like an email/);
  assert.match(r.html, /<span id="website-error" class="field-error">A website address starts with http/);
  assert.match(r.html, /My carefully written thoughts<\/textarea>/);
  assert.match(r.html, /value="not-an-email"/);
  // Correcting at once is not "too quick": the form came back with its good token.
  const kept = r.html.match(/name="token" value="([^"]+)"/)[1];
  assert.equal(kept, tokens.open);
  const fixed = await send('open', { name: 'Fixed', body: 'My carefully written thoughts', token: kept });
  assert.equal(fixed.status, 303);
});

test('hostile input: invalid UTF-8, a 1 MB body, an oversized field', async () => {
  const bad = Buffer.concat([Buffer.from(`token=${encodeURIComponent(tokens.open)}&name=X&body=`), Buffer.from('%FF%FE')]);
  let r = await fetch(`${srv.url}/posts/open/comments`, { method: 'POST', body: bad, redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /not valid UTF-8/);
  const big = await raw(srv.port, `POST /posts/open/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${1024 * 1024}\r\n\r\n`);
  assert.match(big, /^HTTP\/1\.1 413/);
  r = await send('open', { name: 'Long', body: 'x'.repeat(30000) });
  assert.equal(r.status, 400);
  assert.match(r.html, /too long/);
  r = await fetch(`${srv.url}/posts/open/comments`, { method: 'POST', body: '{"json": true}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 415);
  assert.equal((await fetch(`${srv.url}/posts/nope/comments`, { method: 'POST', body: new URLSearchParams({ token: tokens.open, name: 'x', body: 'y' }) })).status, 404);
});

test("each post's comments have their own feeds, valid and without emails", async () => {
  const r = await send('other', { name: 'Feeder', email: 'secret@example.org', body: 'Feed me *now*' });
  assert.equal(r.status, 303);
  const atom = await fetch(`${srv.url}/posts/other/comments.atom`);
  assert.equal(atom.status, 200);
  const xml = await atom.text();
  assert.match(xml, /Feeder on Other post/);
  assert.match(xml, /Feed me &lt;em&gt;now&lt;\/em&gt;/);
  assert.doesNotMatch(xml, /secret@example\.org/);
  const f = `${dir}/comments.atom`;
  (await import('node:fs')).writeFileSync(f, xml);
  execFileSync('xmllint', ['--noout', '--relaxng', '../shared/testdata/atom/atom.rng', f]);
  const json = await (await fetch(`${srv.url}/posts/other/comments.json`)).json();
  assert.ok(json.items.some((i) => i.content_html.includes('Feed me')));
  assert.equal((await fetch(`${srv.url}/posts/nope/comments.rss`)).status, 404);
  assert.match(await page('other'), /href="\/posts\/other\/comments\.atom"/);
});

test('a comment drops only the pages that show it; others stay cached', async () => {
  const get = async (p) => (await fetch(srv.url + p)).headers.get('x-render');
  const paths = ['/', '/posts/open', '/posts/open/comments.rss', '/posts/other', '/tag/Else', '/archive', '/feed.atom'];
  for (const p of paths) await get(p); // warm
  const before1 = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await get(p)])));
  for (const p of paths) assert.equal(await get(p), before1[p], `${p} is served from the cache`);
  const r = await send('open', { name: 'Cache', body: 'Invalidate wisely' });
  assert.equal(r.status, 303);
  const after1 = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await get(p)])));
  assert.notEqual(after1['/posts/open'], before1['/posts/open']);
  assert.notEqual(after1['/'], before1['/']);
  assert.notEqual(after1['/posts/open/comments.rss'], before1['/posts/open/comments.rss']);
  for (const p of ['/posts/other', '/tag/Else', '/archive', '/feed.atom'])
    assert.equal(after1[p], before1[p], `${p} stayed hot`);
  assert.match(await page('open'), /Invalidate wisely/);
});
