// presses: several presses on one server, routed by the Host header: each shows only its own
// pages, feeds, search and moderation log; cookies, tokens, media and ids of one are nothing on
// another; presses come and go while the server runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, cli, tempDir, postFile, serve, hostGet, cleanup } from './harness.mjs';
import { Client, csrfOf, png } from './client.mjs';

let dir, srv, a, b;
const PW = 'correct horse battery';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ok = (r) => {
  assert.equal(r.status, 0, r.stderr);
  return r;
};
const get = (host, path) => hostGet(srv.port, host, path);

function addOwner(press, handle) {
  const r = spawnSync(BIN, ['user', 'add', '--data', srv.dir, '--press', press, '--handle', handle, '--name', handle,
    '--role', 'owner', '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function signIn(host, handle) {
  const c = new Client(srv.url, { host });
  const page = await c.get('/admin/login');
  const r = await c.post('/admin/login', { _csrf: csrfOf(page.html), handle, password: PW, next: '/admin' });
  assert.equal(r.status, 303, r.html);
  return c;
}

before(async () => {
  dir = tempDir();
  const data = `${dir}/server`;
  ok(cli('press', 'add', '--data', data, 'alpha', '--host', 'a.test', '--title', 'Alpha Press'));
  ok(cli('press', 'add', '--data', data, 'beta', '--host', 'b.test', '--title', 'Beta Press'));
  const P = (name) => ['--data', data, '--press', name];
  ok(cli('post', 'add', ...P('alpha'), postFile(dir, 'a.md', ['title: Alpha only', 'slug: alpha-only', 'date: 2026-04-01', 'tags: [AlphaTag]'], 'Words of alpha. #Shared\n')));
  ok(cli('post', 'add', ...P('beta'), postFile(dir, 'b1.md', ['title: Beta first', 'slug: beta-first', 'date: 2026-04-02', 'tags: [BetaTag]'], 'Words of beta. #Shared\n')));
  ok(cli('post', 'add', ...P('beta'), postFile(dir, 'b2.md', ['title: Beta second', 'slug: beta-second', 'date: 2026-04-03'], 'More of beta.\n')));
  srv = await serve(data);
  srv.dir = data;
  addOwner('alpha', 'anna');
  addOwner('beta', 'bert');
  a = await signIn('a.test', 'anna');
  b = await signIn('b.test', 'bert');
});
after(async () => {
  await srv.stop();
  cleanup(dir);
});

test('each press shows only its own home, posts, tags, search, feeds, sitemap and log', async () => {
  const pages = ['/', '/tag/Shared', '/search?q=words', '/feed.atom', '/feed.json', '/sitemap.xml', '/moderation', '/archive'];
  for (const path of pages) {
    const ah = (await get('a.test', path)).body;
    const bh = (await get('b.test', path)).body;
    assert.doesNotMatch(ah, /Beta first|beta-first|Beta Press/, `a.test${path}`);
    assert.doesNotMatch(bh, /Alpha only|alpha-only|Alpha Press/, `b.test${path}`);
  }
  assert.match((await get('a.test', '/')).body, /Alpha only/);
  assert.match((await get('b.test', '/search?q=words')).body, /Beta first/);
  assert.equal((await get('b.test', '/posts/alpha-only')).status, 404);
  assert.equal((await get('a.test', '/posts/beta-first')).status, 404);
  assert.equal((await get('b.test', '/tag/AlphaTag')).status, 404);
  assert.match((await get('a.test', '/sitemap.xml')).body, /http:\/\/a\.test\/posts\/alpha-only/);
});

test('an unknown Host gets a plain 404 that names no press', async () => {
  for (const host of ['c.test', 'a.test.evil', '127.0.0.1']) {
    const r = await get(host, '/');
    assert.equal(r.status, 404, host);
    assert.doesNotMatch(r.body, /alpha|beta/i);
  }
  assert.equal((await get('A.TEST:8080', '/')).status, 200, 'any case, the port ignored');
});

test("one press's session cookie and CSRF token are refused on another", async () => {
  const stolen = new Client(srv.url, { host: 'b.test' });
  for (const [k, v] of a.jar) stolen.jar.set(k, v);
  const r = await stolen.get('/admin');
  assert.equal(r.status, 303, 'no session on b.test');
  assert.match(r.location, /^\/admin\/login/);
  const page = await a.get('/admin/new');
  const forged = await b.post('/admin/new', { _csrf: csrfOf(page.html), title: 'Forged', body: 'x', action: 'save', status: 'published' });
  assert.equal(forged.status, 403, "a.test's token is wrong on b.test");
  assert.equal((await get('b.test', '/posts/forged')).status, 404);
  const cookie = (await a.get('/admin/login')).headers.get('set-cookie');
  assert.ok(!cookie || !/Domain=/i.test(cookie), 'cookies are host-only');
});

test("a press's media is a 404 on another", async () => {
  const form = await a.get('/admin/media');
  const up = await a.post('/admin/media', { _csrf: csrfOf(form.html) }, { name: 'dot.png', type: 'image/png', bytes: png('alpha') });
  assert.equal(up.status, 200, up.html);
  const url = up.html.match(/\/media\/[0-9a-f]{64}\.png/)[0];
  assert.equal((await get('a.test', url)).status, 200);
  assert.equal((await get('b.test', url)).status, 404);
});

test("a press's writers cannot read or change another's posts or comments by id", async () => {
  // beta's second post has an id alpha does not have.
  const list = await b.get('/admin');
  const id = Math.max(...[...list.html.matchAll(/\/admin\/posts\/(\d+)/g)].map((m) => Number(m[1])));
  assert.ok(id >= 2);
  assert.equal((await a.get(`/admin/posts/${id}`)).status, 404);
  const page = await a.get('/admin/new');
  assert.equal((await a.post(`/admin/posts/${id}/trash`, { _csrf: csrfOf(page.html) })).status, 404);
  assert.equal((await get('b.test', '/posts/beta-second')).status, 200, 'still there');
  const c = await a.get('/admin/comments?status=all');
  assert.equal(c.status, 200);
  assert.doesNotMatch(c.html, /Beta/);
});

test('a press added while serving answers within a second; removing one leaves the others', async () => {
  ok(cli('press', 'add', '--data', srv.dir, 'gamma', '--host', 'g.test', '--title', 'Gamma Press'));
  let r;
  for (let i = 0; i < 30; i++) {
    r = await get('g.test', '/');
    if (r.status === 200) break;
    await sleep(100);
  }
  assert.equal(r.status, 200);
  assert.match(r.body, /Gamma Press/);
  ok(cli('press', 'remove', '--data', srv.dir, 'gamma'));
  for (let i = 0; i < 30; i++) {
    r = await get('g.test', '/');
    if (r.status === 404) break;
    await sleep(100);
  }
  assert.equal(r.status, 404);
  assert.equal((await get('a.test', '/')).status, 200);
  assert.equal((await get('b.test', '/')).status, 200);
});
