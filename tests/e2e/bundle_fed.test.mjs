// bundle_fed: a press that has been on the Fediverse (a real Fedify server on loopback follows a
// writer and the press, replies with an avatar, likes and boosts a post, and the press blocks a
// server) exported, imported and exported again: the same bundle apart from its time, and both
// presses serving the same bytes on every page (the actors' public keys apart: keys never leave
// a press): followers, replies with their profiles and avatars, likes and boosts, a taken-back
// post's 410. No private key is in the bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Announce } from '@fedify/fedify';
import { cli, serve, tempDir, postFile, cleanup } from './harness.mjs';
import { fedPeer } from './fedpeer.mjs';
import { crawl } from './richpress.mjs';

let dir, data, srv, ann;
const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r.stdout; };

async function until(fn, what, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}\n${srv.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The entries of a bundle (a ustar in gzip): [{ name, data }].
function entries(file) {
  const tar = gunzipSync(readFileSync(file));
  const out = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const str = (o, n) => h.subarray(o, o + n).toString('utf8').replace(/\0.*$/s, '');
    const name = (str(345, 155) ? str(345, 155) + '/' : '') + str(0, 100);
    const size = parseInt(str(124, 12), 8);
    out.push({ name, data: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

before(async () => {
  dir = tempDir('bs-bundle-fed-');
  data = `${dir}/press`;
  ok(cli('init', '--data', data, '--demo'));
  // Replies go up at once, as a press that publishes first comments.
  ok(cli('site', 'set', '--data', data, 'comment_policy', 'publish'));
  srv = await serve(data, ['--federation-allow-private']);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
  ann = await fedPeer('ann', { displayName: 'Ann Peer' });
  const mara = await ann.lookup(`${srv.url}/users/mara`);
  const press = await ann.lookup(`${srv.url}/press`);
  await ann.send(mara, ann.follow(mara));
  await ann.send(press, ann.follow(press));
  await until(() => ann.received.filter((r) => r.type === 'Accept').length === 2, 'two Accepts');
  const post = `${srv.url}/posts/why-this-press-exists`;
  const reply = ann.reply(post, '<p>Well said, <em>all of it</em>.</p>');
  await ann.send(mara, reply.create);
  await ann.send(mara, ann.like(post));
  await ann.send(mara, new Announce({ id: new URL(`${ann.origin}/announces/1`), actor: new URL(ann.actor), object: new URL(post) }));
  await until(async () => {
    const h = await (await fetch(post)).text();
    return /Well said/.test(h) && /1 like and 1 boost/.test(h);
  }, 'the reply, the like and the boost');
  // A post that went out and was taken back answers 410 at its address.
  ok(cli('post', 'add', '--data', data, postFile(dir, 'gone.md', ['title: Gone soon', 'slug: gone-soon', 'author: mara'], 'Soon gone.\n')));
  await until(() => /gone-soon/.test(spawnText('sqlite3', `${data}/site.db`, 'SELECT slug FROM fed_objects')), 'the post to go out');
  ok(cli('post', 'delete', '--data', data, 'gone-soon'));
  ok(cli('fed', 'block', '--data', data, '--reason', 'Spam.', 'spam.example'));
  await until(async () => (await fetch(`${srv.url}/posts/gone-soon`)).status === 410, 'the 410');
});

after(async () => {
  if (ann) await ann.close();
  if (srv) await srv.stop();
  cleanup(dir);
});

function spawnText(cmd, ...args) {
  return spawnSync(cmd, args, { encoding: 'utf8' }).stdout || '';
}

test('a press on the Fediverse goes along whole: followers, replies, avatars, likes, boosts, blocks', async () => {
  await srv.stop();
  srv = null;
  const out = ok(cli('export', '--data', data, '--out', `${dir}/a.tar.gz`));
  assert.match(out, /, 2 followers$/m);
  ok(cli('import', 'bundle', '--data', `${dir}/b`, `${dir}/a.tar.gz`));
  ok(cli('export', '--data', `${dir}/b`, '--out', `${dir}/b.tar.gz`));
  const ea = entries(`${dir}/a.tar.gz`), eb = entries(`${dir}/b.tar.gz`);
  const timeless = (e) => e.data.toString('latin1').replace(/"exported": "[^"]+"/, '');
  assert.deepEqual(eb.map((e) => e.name), ea.map((e) => e.name));
  for (let i = 0; i < ea.length; i++) assert.equal(timeless(eb[i]), timeless(ea[i]), ea[i].name);
  const names = ea.map((e) => e.name);
  for (const f of ['fediverse/actors.jsonl', 'fediverse/followers.jsonl', 'fediverse/blocks.jsonl', 'fediverse/reactions.jsonl', 'fediverse/posts.jsonl'])
    assert.ok(names.includes(f), f);
  assert.ok(names.some((n) => /^fediverse\/avatars\/[0-9a-f]{64}\.png$/.test(n)), 'the avatar');
  const all = Buffer.concat(ea.map((e) => e.data)).toString('latin1');
  assert.doesNotMatch(all, /PRIVATE KEY/);
  assert.ok(!all.includes(readFileSync(`${data}/keys/press.key`).toString('latin1')));

  // Both presses, at the same address, serve the same bytes on every page.
  const sa = await serve(data), sb = await serve(`${dir}/b`);
  try {
    const url = JSON.parse(ea.find((e) => e.name === 'settings.json').data).url;
    const extra = ['/posts/gone-soon', '/users/mara', '/users/mara/followers', '/press', '/press/followers', '/blocks'];
    const pa = await crawl(sa.url, url, extra), pb = await crawl(sb.url, url, extra);
    assert.deepEqual([...pb.keys()].sort(), [...pa.keys()].sort());
    const mask = (b) => b.toString('latin1').replace(/name="(token|_csrf)" value="[^"]+"/g, 'name="$1"')
      .replace(/"publicKeyPem":"-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\n]+-----END PUBLIC KEY-----\\n"/g, '"publicKeyPem":""');
    for (const [path, r] of pa) {
      const s = pb.get(path);
      assert.equal(s.status, r.status, path);
      assert.equal(mask(s.body), mask(r.body), path);
    }
    const post = pa.get('/posts/why-this-press-exists').body.toString();
    assert.match(post, /Well said/);
    assert.match(post, /1 like and 1 boost/);
    const avatar = post.match(/<img class="avatar" src="(\/avatars\/[0-9a-f]{64}\.png)"/);
    assert.ok(avatar, 'the reply shows its avatar');
    const [ia, ib] = [await fetch(sa.url + avatar[1]), await fetch(sb.url + avatar[1])];
    assert.equal(ib.status, 200);
    assert.deepEqual(Buffer.from(await ib.arrayBuffer()), Buffer.from(await ia.arrayBuffer()));
    assert.equal(pb.get('/posts/gone-soon').status, 410);
    assert.match(pb.get('/blocks').body.toString(), /spam\.example/);
    const AS = { Accept: 'application/activity+json' };
    const followers = await (await fetch(`${sb.url}/users/mara/followers`, { headers: AS })).json();
    assert.equal(followers.totalItems, 1);
  } finally {
    await sa.stop();
    await sb.stop();
  }
});
