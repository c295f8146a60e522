// fed_hostile: what the inbox refuses, each with nothing stored: a tampered body, a Date two
// hours old, a key that is not the actor's (401), an oversized body (413), invalid JSON (400),
// a reply to a members-only post, an activity from a blocked server (403); and what it takes:
// draft-cavage and RFC 9421 signatures, a key that changed (fetched again once), an account's
// Delete of itself from an actor never met (202, nothing fetched).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, serve, tempDir, postFile, cleanup } from './harness.mjs';
import { fedRemote } from './fedremote.mjs';

let dir, data, srv, remote, eve, mal, post, secret;
const ok = (r) => assert.equal(r.status, 0, r.stderr);
const sql = (q) => spawnSync('sqlite3', [`${data}/site.db`, q], { encoding: 'utf8' }).stdout.trim();
// What an accepted activity would leave: queued work, comments, follows, likes.
const stored = () => sql("SELECT (SELECT count(*) FROM jobs WHERE kind = 'inbox') || ' ' || (SELECT count(*) FROM comments) || ' ' || (SELECT count(*) FROM fed_followers) || ' ' || (SELECT count(*) FROM fed_reactions)");
let n = 0;
const like = (actor, object = post) => JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: `${actor}#likes/${++n}`, type: 'Like', actor, object });

async function refused(status, send, pattern) {
  const before = stored();
  const r = await send();
  assert.equal(r.status, status, r.body);
  if (pattern) assert.match(r.body, pattern);
  assert.equal(stored(), before, 'nothing is stored');
  return r;
}

async function until(fn, what, ms = 20000) {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}\n${srv.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--demo'));
  srv = await serve(data, ['--federation-allow-private']);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
  ok(cli('post', 'add', '--data', data, postFile(dir, 'open.md', ['title: Open', 'slug: open', 'author: mara'], 'For all.')));
  ok(cli('post', 'add', '--data', data, postFile(dir, 'closed.md', ['title: Closed', 'slug: closed', 'author: mara', 'visibility: members'], 'For the branch.')));
  post = `${srv.url}/posts/open`;
  secret = `${srv.url}/posts/closed`;
  remote = await fedRemote();
  eve = remote.addActor('eve');
  mal = remote.addActor('mal');
});
after(async () => {
  await remote.close();
  await srv.stop();
  cleanup(dir);
});

test('a signed Like is taken, once, and counted', async () => {
  const body = like(eve);
  const r = await remote.post(`${srv.url}/inbox`, body, { signer: 'eve' });
  assert.equal(r.status, 202, r.body);
  assert.equal(JSON.parse(r.body).status, 'accepted');
  const again = await remote.post(`${srv.url}/inbox`, body, { signer: 'eve' });
  assert.equal(again.status, 202);
  assert.match(again.body, /already processed/);
  await until(() => sql('SELECT count(*) FROM fed_reactions') === '1', 'the like');
  assert.equal(sql("SELECT count(*) FROM jobs WHERE kind = 'inbox'"), '1');
});

test('a boost is counted, and its Undo takes it back', async () => {
  const announce = { id: `${mal}#announces/1`, type: 'Announce', actor: mal, object: post, to: ['https://www.w3.org/ns/activitystreams#Public'] };
  assert.equal((await remote.post(`${srv.url}/inbox`, JSON.stringify(announce), { signer: 'mal' })).status, 202);
  await until(async () => /1 like and 1 boost\b/.test(await (await fetch(post)).text()), 'the boost');
  const undo = { id: `${mal}#undo/1`, type: 'Undo', actor: mal, object: announce };
  assert.equal((await remote.post(`${srv.url}/inbox`, JSON.stringify(undo), { signer: 'mal' })).status, 202);
  await until(async () => /1 like and 0 boosts/.test(await (await fetch(post)).text()), 'the undone boost');
});

test('without --federation-allow-private no loopback address is reached', async () => {
  const guarded = await serve(`${dir}/guarded`);
  try {
    const fetched = () => remote.requests.filter((r) => r.method === 'GET' && r.url === '/users/mal').length;
    const before = fetched();
    const r = await remote.post(`${guarded.url}/inbox`, like(mal, `${guarded.url}/posts/x`), { signer: 'mal' });
    assert.equal(r.status, 401, r.body);
    assert.match(r.body, /private or loopback/);
    assert.equal(fetched(), before, 'the key was not fetched');
  } finally {
    await guarded.stop();
  }
});

test('a tampered body is refused with 401', async () => {
  const body = like(eve);
  await refused(401, () => remote.post(`${srv.url}/inbox`, body, { signer: 'eve', sentBody: body.replace('Like', 'Announce') }), /Digest/);
});

test('a Date two hours old is refused with 401', async () => {
  await refused(401, () => remote.post(`${srv.url}/users/mara/inbox`, like(eve), { signer: 'eve', date: new Date(Date.now() - 2 * 3600 * 1000) }), /Date/);
});

test('a key that is not the actor\'s is refused with 401', async () => {
  await refused(401, () => remote.post(`${srv.url}/inbox`, like(eve), { signer: 'eve', key: 'mal' }), /signer is not the activity's actor/);
});

test('an unsigned activity, or one whose signature leaves out the digest, is refused with 401', async () => {
  await refused(401, () => fetch(`${srv.url}/inbox`, { method: 'POST', headers: { 'Content-Type': 'application/activity+json' }, body: like(eve) }).then(async (r) => ({ status: r.status, body: await r.text() })), /not signed/);
  await refused(401, () => remote.post(`${srv.url}/inbox`, like(eve), { signer: 'eve', headers: ['(request-target)', 'host', 'date'] }), /leaves out/);
});

test('an oversized body is refused with 413', async () => {
  const big = JSON.stringify({ id: `${eve}#big`, type: 'Like', actor: eve, object: post, pad: 'x'.repeat(1024 * 1024) });
  await refused(413, () => remote.post(`${srv.url}/inbox`, big, { signer: 'eve' }));
});

test('invalid JSON is refused with 400, the place named', async () => {
  await refused(400, () => remote.post(`${srv.url}/inbox`, '{"type": "Like", "actor": ', { signer: 'eve' }), /not valid JSON/);
  await refused(400, () => remote.post(`${srv.url}/inbox`, JSON.stringify({ type: 'Like', id: `${eve}#x`, actor: eve, object: post, type2: 1 }).replace('"type2"', '"type"'), { signer: 'eve' }), /not valid JSON/);
  await refused(400, () => remote.post(`${srv.url}/inbox`, JSON.stringify({ type: 'Like', id: 'javascript:1', actor: eve, object: post }), { signer: 'eve' }), /'id'/);
});

test('an actor speaks for its own server only: ids of another host are refused with 400', async () => {
  await refused(400, () => remote.post(`${srv.url}/inbox`, JSON.stringify({ id: 'https://elsewhere.example/likes/1', type: 'Like', actor: eve, object: post }), { signer: 'eve' }), /'id' is not on its actor's server/);
  const note = { id: 'https://elsewhere.example/notes/1', type: 'Note', attributedTo: eve, inReplyTo: post, content: '<p>x</p>', to: ['https://www.w3.org/ns/activitystreams#Public'] };
  await refused(400, () => remote.post(`${srv.url}/inbox`, JSON.stringify({ id: `${eve}/c/9`, type: 'Create', actor: eve, object: note }), { signer: 'eve' }), /object's 'id'/);
});

test('a reply to a members-only post is refused', async () => {
  const note = { id: `${eve}/notes/1`, type: 'Note', attributedTo: eve, inReplyTo: secret, content: '<p>Let me in</p>', to: ['https://www.w3.org/ns/activitystreams#Public'] };
  const body = JSON.stringify({ id: `${eve}/notes/1/create`, type: 'Create', actor: eve, object: note, to: note.to });
  await refused(403, () => remote.post(`${srv.url}/inbox`, body, { signer: 'eve' }), /members only/);
  // The post's object is not published either.
  assert.equal((await fetch(secret, { headers: { Accept: 'application/activity+json' } })).status, 404);
});

test('an RFC 9421 signature with Content-Digest is taken', async () => {
  const r = await remote.post9421(`${srv.url}/inbox`, like(eve), { signer: 'eve' });
  assert.equal(r.status, 202, r.body);
  const old = await remote.post9421(`${srv.url}/inbox`, like(eve), { signer: 'eve', created: Math.floor(Date.now() / 1000) - 7200 });
  assert.equal(old.status, 401, old.body);
});

test('a key that changed is fetched again once', async () => {
  const fetches = () => remote.requests.filter((r) => r.method === 'GET' && r.url === '/users/eve').length;
  const before = fetches();
  remote.rotateKey('eve');
  const r = await remote.post(`${srv.url}/inbox`, like(eve), { signer: 'eve' });
  assert.equal(r.status, 202, r.body);
  assert.equal(fetches(), before + 1);
});

test('an account\'s Delete of itself from an actor never met is answered 202, fetching nothing', async () => {
  const ghost = `${remote.origin}/users/ghost`;
  const before = remote.requests.length;
  const body = JSON.stringify({ id: `${ghost}#delete`, type: 'Delete', actor: ghost, object: ghost });
  await refused(202, () => remote.post(`${srv.url}/inbox`, body, { signer: 'eve', key: 'eve' }).then((r) => r), /knows no such actor/);
  assert.equal(remote.requests.length, before, 'no key was fetched');
});

test('a known account\'s Delete of itself takes its follows, likes and comments with it', async () => {
  const follow = JSON.stringify({ id: `${eve}#follows/1`, type: 'Follow', actor: eve, object: `${srv.url}/users/mara` });
  assert.equal((await remote.post(`${srv.url}/users/mara/inbox`, follow, { signer: 'eve' })).status, 202);
  await until(() => sql('SELECT count(*) FROM fed_followers') === '1', 'the follow');
  // Its Accept went to eve's inbox, signed by the writer.
  await until(() => remote.requests.some((r) => r.method === 'POST' && r.url === '/users/eve/inbox'), 'the Accept');
  const note = { id: `${eve}/notes/2`, type: 'Note', attributedTo: eve, inReplyTo: post, content: '<p>Hello from eve</p>', to: ['https://www.w3.org/ns/activitystreams#Public'] };
  assert.equal((await remote.post(`${srv.url}/inbox`, JSON.stringify({ id: `${eve}/notes/2/create`, type: 'Create', actor: eve, object: note }), { signer: 'eve' })).status, 202);
  await until(async () => /Hello from eve/.test(await (await fetch(post)).text()), 'the comment');
  const del = JSON.stringify({ id: `${eve}#delete`, type: 'Delete', actor: eve, object: eve });
  assert.equal((await remote.post(`${srv.url}/inbox`, del, { signer: 'eve' })).status, 202);
  await until(() => sql("SELECT count(*) FROM fed_actors WHERE uri = '" + eve + "'") === '0', 'the account to go');
  assert.equal(sql('SELECT count(*) FROM fed_followers'), '0');
  assert.equal(sql('SELECT count(*) FROM fed_reactions'), '0');
  assert.doesNotMatch(await (await fetch(post)).text(), /Hello from eve/);
});

test('an activity from a blocked server is refused with 403, and the server is listed', async () => {
  ok(cli('fed', 'block', '--data', data, '--reason', 'spam from there', '127.0.0.1'));
  await refused(403, () => remote.post(`${srv.url}/inbox`, like(mal), { signer: 'mal' }), /blocked/);
  const html = await (await fetch(`${srv.url}/blocks`)).text();
  assert.match(html, /<td>127\.0\.0\.1<\/td><td><time[^>]*>[^<]*<\/time><\/td><td>spam from there<\/td>/);
  const list = await (await fetch(`${srv.url}/api/v1/instance/domain_blocks`)).json();
  assert.deepEqual(list.map((b) => [b.domain, b.severity, b.comment]), [['127.0.0.1', 'suspend', 'spam from there']]);
  assert.match(list[0].digest, /^[0-9a-f]{64}$/);
  ok(cli('fed', 'unblock', '--data', data, '127.0.0.1'));
  assert.equal((await remote.post(`${srv.url}/inbox`, like(mal), { signer: 'mal' })).status, 202);
});
