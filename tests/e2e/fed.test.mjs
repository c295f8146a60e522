// fed: the press on the Fediverse against a real implementation on loopback (Fedify 1.5.9): a
// Fedify actor looks up a writer, follows and gets the Accept, gets the Create of a post added
// with `broadside post add`, replies (a comment, or held by policy), edits and deletes its
// reply, likes the post, and after Undo(Follow) gets nothing more; the press announces its
// writers' posts; edits go out as Update, deletions as Delete with a 410 at the address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, serve, tempDir, postFile, cleanup } from './harness.mjs';
import { fedPeer } from './fedpeer.mjs';
import { HtmlValidate } from 'html-validate';

let dir, data, srv, ann, bob, mara, post, reply;
const ok = (r) => assert.equal(r.status, 0, r.stderr);
const AS = { Accept: 'application/activity+json' };

async function until(fn, what, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}\n${srv.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const page = async (path) => (await fetch(srv.url + path)).text();
const main = (html) => (html.match(/<main[^>]*>([\s\S]*)<\/main>/) || [, html])[1];

function publish(slug, title, body, extra = []) {
  const f = postFile(dir, `${slug}.md`, [`title: ${title}`, `slug: ${slug}`, 'author: mara', ...extra], body);
  ok(cli('post', 'add', '--data', data, f));
  return `${srv.url}/posts/${slug}`;
}

// Nothing is waiting or running in the delivery queue.
const idle = () => !/ (waiting|running) /.test(cli('fed', 'deliveries', '--data', data).stdout);

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--demo'));
  srv = await serve(data, ['--federation-allow-private']);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
  ann = await fedPeer('ann', { displayName: 'Ann Peer' });
  bob = await fedPeer('bob', { displayName: 'Bob Control' });
});
after(async () => {
  await ann.close();
  await bob.close();
  await srv.stop();
  cleanup(dir);
});

test('a Fedify server looks a writer up by URL, and WebFinger and NodeInfo answer', async () => {
  mara = await ann.lookup(`${srv.url}/users/mara`);
  assert.equal(mara.constructor.name, 'Person');
  assert.equal(mara.preferredUsername, 'mara');
  assert.equal(mara.name.toString(), 'Mara Quill');
  assert.equal(mara.inboxId.href, `${srv.url}/users/mara/inbox`);
  assert.equal(mara.endpoints.sharedInbox.href, `${srv.url}/inbox`);
  const key = await mara.getPublicKey();
  assert.equal(key.id.href, `${srv.url}/users/mara#main-key`);
  assert.equal((await key.publicKey).algorithm.name, 'RSASSA-PKCS1-v1_5');
  assert.equal((await key.publicKey).algorithm.modulusLength, 2048);
  const icon = await mara.getIcon();
  const img = await fetch(icon.url.href);
  assert.equal(img.headers.get('content-type'), 'image/png');
  const press = await ann.lookup(`${srv.url}/press`);
  assert.equal(press.constructor.name, 'Group');
  assert.equal(press.preferredUsername, 'press');
  // The page of a writer answers with the actor too, by content negotiation.
  const neg = await ann.lookup(`${srv.url}/@mara`);
  assert.equal(neg.id.href, `${srv.url}/users/mara`);

  const host = new URL(srv.url).host;
  const wf = await fetch(`${srv.url}/.well-known/webfinger?resource=acct:mara@${host}`);
  assert.equal(wf.status, 200);
  assert.match(wf.headers.get('content-type'), /^application\/jrd\+json/);
  const jrd = await wf.json();
  assert.equal(jrd.subject, `acct:mara@${host}`);
  assert.equal(jrd.links.find((l) => l.rel === 'self').href, `${srv.url}/users/mara`);
  const byUrl = await (await fetch(`${srv.url}/.well-known/webfinger?resource=${encodeURIComponent(`${srv.url}/users/mara`)}`)).json();
  assert.equal(byUrl.subject, `acct:mara@${host}`);
  const pr = await (await fetch(`${srv.url}/.well-known/webfinger?resource=acct:press@${host}`)).json();
  assert.equal(pr.links[0].href, `${srv.url}/press`);
  assert.equal((await fetch(`${srv.url}/.well-known/webfinger?resource=acct:nobody@${host}`)).status, 404);
  assert.equal((await fetch(`${srv.url}/.well-known/webfinger?resource=acct:mara@elsewhere.example`)).status, 404);
  assert.equal((await fetch(`${srv.url}/.well-known/webfinger?resource=mara`)).status, 400);

  const links = await (await fetch(`${srv.url}/.well-known/nodeinfo`)).json();
  assert.equal(links.links[0].rel, 'http://nodeinfo.diaspora.software/ns/schema/2.1');
  const ni = await (await fetch(links.links[0].href)).json();
  assert.equal(ni.version, '2.1');
  assert.equal(ni.software.name, 'broadside');
  assert.deepEqual(ni.protocols, ['activitypub']);
  assert.equal(ni.usage.users.total, 2);
});

test('follows a writer and gets the Accept with the Follow in it', async () => {
  const follow = ann.follow(mara);
  await ann.send(mara, follow);
  const accept = await ann.waitFor((r) => r.type === 'Accept', 20000, 'Accept');
  assert.equal(accept.activity.actorId.href, `${srv.url}/users/mara`);
  const inner = await accept.activity.getObject();
  assert.equal(inner.id.href, follow.id.href);
  assert.equal(inner.actorId.href, ann.actor);
  const list = cli('fed', 'followers', '--data', data, '--handle', 'mara');
  ok(list);
  assert.match(list.stdout, new RegExp(`@ann@127\\.0\\.0\\.1:\\d+  ${ann.actor}`));
  // The writer's page shows the handle to copy and the count.
  const author = main(await page('/@mara'));
  assert.match(author, new RegExp(`<code class="handle">@mara@${new URL(srv.url).host.replace(/\./g, '\\.')}</code> <button type="button" class="copy"`));
  assert.match(author, /1 follower there/);
  const followers = await (await fetch(`${srv.url}/users/mara/followers`, { headers: AS })).json();
  assert.equal(followers.totalItems, 1);
  assert.equal(followers.orderedItems, undefined, 'who follows is not published');
});

test('a post added with broadside post add reaches the follower as a Create of an Article', async () => {
  post = publish('harbour-news', 'Harbour news', 'The ferry runs again. #Ferries\n\nMore at the meeting.', ['tags: [Transport]']);
  const create = await ann.waitFor((r) => r.type === 'Create', 20000, 'Create');
  assert.equal(create.activity.id.href, `${post}#create`);
  assert.equal(create.activity.actorId.href, `${srv.url}/users/mara`);
  const article = await create.activity.getObject();
  assert.equal(article.constructor.name, 'Article');
  assert.equal(article.id.href, post);
  assert.equal(article.name.toString(), 'Harbour news');
  assert.match(article.content.toString(), /The ferry runs again/);
  assert.match(article.summary.toString(), /The ferry runs again/);
  assert.equal(article.url.href, post);
  const tags = [];
  for await (const t of article.getTags()) tags.push(t);
  const names = tags.map((t) => t.name?.toString()).sort();
  assert.deepEqual(names, ['#Ferries', '#Transport']);
  assert.ok(tags.every((t) => t.href.href.startsWith(`${srv.url}/tag/`)));
  // The same object at the post's own address, by content negotiation; the page otherwise.
  const obj = await fetch(post, { headers: AS });
  assert.equal(obj.status, 200);
  assert.match(obj.headers.get('content-type'), /^application\/activity\+json/);
  assert.match(obj.headers.get('vary'), /Accept/);
  assert.equal((await obj.json()).id, post);
  const ld = await fetch(post, { headers: { Accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' } });
  assert.equal((await ld.json()).type, 'Article');
  const html = await fetch(post);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.match(await html.text(), /1 follower there/);
  // The outbox lists it.
  const box = await (await fetch(`${srv.url}/users/mara/outbox`, { headers: AS })).json();
  assert.ok(box.totalItems >= 1);
  const first = await (await fetch(box.first, { headers: AS })).json();
  assert.equal(first.orderedItems[0].object, post);
});

test('a reply becomes a comment with the name, profile link and an avatar served by us', async () => {
  reply = ann.reply(post, '<p><span class="h-card"><a href="' + srv.url + '/@mara" class="u-url mention">@<span>mara</span></a></span> Good news, *finally*.</p>');
  await ann.send(mara, reply.create);
  const html = await until(async () => {
    const h = main(await page('/posts/harbour-news'));
    return /Good news, \*finally\*\./.test(h) && h;
  }, 'the comment');
  assert.match(html, new RegExp(`<a href="${ann.origin}/@ann" rel="nofollow ugc noopener">Ann Peer</a></strong> <span class="via">from the Fediverse</span>`));
  const avatar = html.match(/<img class="avatar" src="(\/avatars\/[0-9a-f]{64}\.png)"/);
  assert.ok(avatar, 'the avatar is ours');
  assert.doesNotMatch(html, new RegExp(`src="${ann.origin}`), 'nothing is loaded from the other server');
  const img = await fetch(srv.url + avatar[1]);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/png');
  // The page with a comment from the Fediverse is valid HTML.
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-raw-characters': 'off' } });
  const report = await validator.validateString(await page('/posts/harbour-news'));
  assert.equal(report.valid, true, report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`)).join('\n'));
  // The same activity twice is taken once.
  await ann.send(mara, reply.create);
  const list = cli('comment', 'list', '--data', data, '--status', 'all');
  assert.equal(list.stdout.split('\n').filter((l) => /Good news/.test(l)).length, 1);
});

test('under a holding policy a reply waits for a moderator like a web comment', async () => {
  ok(cli('site', 'set', '--data', data, 'comment_policy', 'hold_all'));
  const held = ann.reply(post, '<p>A second thought, held.</p>');
  await ann.send(mara, held.create);
  await until(() => /A second thought, held\./.test(cli('comment', 'list', '--data', data, '--status', 'held').stdout), 'the held comment');
  assert.doesNotMatch(await page('/posts/harbour-news'), /A second thought/);
  ok(cli('site', 'set', '--data', data, 'comment_policy', 'publish'));
});

test('an edit of the reply edits the comment, and its Delete deletes it', async () => {
  await ann.send(mara, ann.edit(reply.note, '<p>Good news, edited.</p>'));
  await until(async () => /Good news, edited\./.test(await page('/posts/harbour-news')), 'the edit');
  assert.doesNotMatch(await page('/posts/harbour-news'), /finally/);
  await ann.send(mara, ann.remove(reply.note));
  const html = await until(async () => {
    const h = main(await page('/posts/harbour-news'));
    return /Deleted by its writer\./.test(h) && h;
  }, 'the deletion');
  assert.doesNotMatch(html, /Good news/);
});

test('a like is counted on the post', async () => {
  await ann.send(mara, ann.like(post));
  await until(async () => /1 like and 0 boosts/.test(await page('/posts/harbour-news')), 'the like');
});

test('the press announces its writers\' posts; after Undo(Follow) the follower gets no more', async () => {
  const press = await bob.lookup(`${srv.url}/press`);
  await bob.send(press, bob.follow(press));
  await bob.waitFor((r) => r.type === 'Accept', 20000, 'Accept of the press');
  const follow = ann.received.find((r) => r.type === 'Accept');
  await ann.send(mara, ann.undo(await follow.activity.getObject()));
  await until(() => !cli('fed', 'followers', '--data', data, '--handle', 'mara').stdout.includes(ann.actor), 'the unfollow');
  const before = ann.received.length;
  const next = publish('second-news', 'Second news', 'The bridge too.');
  const announce = await bob.waitFor((r) => r.type === 'Announce', 20000, 'Announce');
  assert.equal(announce.activity.actorId.href, `${srv.url}/press`);
  assert.equal(announce.activity.objectId.href, next);
  await until(idle, 'the deliveries to end');
  assert.equal(ann.received.length, before, 'nothing more for who unfollowed');
});

test('an edit goes out as an Update, a deletion as a Delete, and the address answers 410', async () => {
  const writer = await bob.lookup(`${srv.url}/users/mara`);
  await bob.send(writer, bob.follow(writer));
  await until(() => bob.received.filter((r) => r.type === 'Accept').length === 2, 'Accept of the writer');
  publish('second-news', 'Second news', 'The bridge too, and the tunnel.');
  const update = await bob.waitFor((r) => r.type === 'Update', 20000, 'Update');
  const obj = await update.activity.getObject();
  assert.equal(obj.id.href, `${srv.url}/posts/second-news`);
  assert.match(obj.content.toString(), /the tunnel/);
  assert.ok(obj.updated, 'an edit carries its time');
  ok(cli('post', 'delete', '--data', data, 'second-news'));
  const del = await bob.waitFor((r) => r.type === 'Delete', 20000, 'Delete');
  assert.equal(del.activity.objectId.href, `${srv.url}/posts/second-news`);
  assert.equal((await fetch(`${srv.url}/posts/second-news`)).status, 410);
  const gone = await fetch(`${srv.url}/posts/second-news`, { headers: AS });
  assert.equal(gone.status, 410);
  assert.equal((await gone.json()).type, 'Tombstone');
});

test('a members-only post never federates', async () => {
  const before = bob.received.length;
  publish('members-news', 'For members', 'Only for the branch.', ['visibility: members']);
  publish('public-after', 'Public after', 'For everyone.');
  await bob.waitFor((r) => r.type === 'Create' && r.activity.id.href.includes('public-after'), 20000, 'Create of the public post');
  await until(idle, 'the deliveries to end');
  assert.ok(!bob.received.slice(before).some((r) => JSON.stringify(r.json).includes('members-news')));
  assert.equal((await fetch(`${srv.url}/posts/members-news`, { headers: AS })).status, 404);
});
