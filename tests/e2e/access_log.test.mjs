// access_log: serve --access-log in the combined format (addresses cut to /24 and /48, no query
// strings, cookies or bodies), and SIGHUP: the log reopened for logrotate, every open press's
// theme read again from its files, and a server folder's host map read again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync, utimesSync, existsSync } from 'node:fs';
import { BIN, cli, tempDir, postFile, serve, hostGet, cleanup } from './harness.mjs';
import { Client, csrfOf } from './client.mjs';

const PW = 'correct horse battery';
const ok = (r) => {
  assert.equal(r.status, 0, r.stderr);
  return r;
};
let dir, data;

before(() => {
  dir = tempDir('bs-log-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--title', 'Logged Press'));
  ok(cli('post', 'add', '--data', data, postFile(dir, 'a.md', ['title: Hello', 'slug: hello', 'date: 2026-05-01'], 'Hi.\n')));
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', 'ola', '--name', 'Ola', '--role', 'owner', '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => cleanup(dir));

const lines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const COMBINED = /^(\S+) - - \[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\] "(\S+) (\S+) (HTTP\/1\.[01])" (\d{3}) (\d+|-) "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)"$/;

test('each request is one combined-format line: cut addresses, no queries, cookies or bodies', async () => {
  const log = `${dir}/access.log`;
  const srv = await serve(data, ['--access-log', log, '--trust-proxy']);
  try {
    const from = (addr, extra = {}) => ({ headers: { 'X-Forwarded-For': addr, 'User-Agent': 'Reader "1.0"', ...extra } });
    const home = await fetch(srv.url + '/?utm_source=mail&ref=x', from('203.0.113.77',
      { Referer: 'https://news.example/item?id=SECRETREF#frag' }));
    const homeBytes = Number(home.headers.get('content-length')); // gzip: what was sent
    assert.ok(homeBytes > 0);
    await home.arrayBuffer();
    await fetch(srv.url + '/posts/hello', from('2001:db8:1:2::5'));
    await fetch(srv.url + '/posts/hello', { method: 'HEAD', ...from('198.51.100.9') });
    await fetch(srv.url + '/nothing-here', from('198.51.100.9'));
    // A sign-in: its body and cookies never reach the log, nor the setup link's token.
    const c = new Client(srv.url);
    const page = await c.get('/admin/login');
    const signIn = await c.request('/admin/login', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '192.0.2.44' },
      body: new URLSearchParams({ _csrf: csrfOf(page.html), handle: 'ola', password: PW, next: '/admin' }),
    });
    assert.equal(signIn.status, 303);
    const session = c.jar.get('bs_session');
    assert.ok(session);
    assert.equal((await c.get('/admin')).status, 200);
    await fetch(srv.url + '/admin/setup?token=SETUPTOKENVALUE', from('192.0.2.45'));

    const all = lines(log);
    const text = all.join('\n');
    assert.equal(all.length, 8, text);
    for (const l of all) assert.match(l, COMBINED, l);
    const [h] = all;
    const m = h.match(COMBINED);
    assert.equal(m[1], '203.0.113.0', 'IPv4 cut to its /24');
    assert.equal(m[8], 'GET');
    assert.equal(m[9], '/', 'no query string');
    assert.equal(m[11], '200');
    assert.equal(Number(m[12]), homeBytes, 'the body size sent');
    assert.equal(m[13], 'https://news.example/item', 'the Referer without its query or fragment');
    assert.equal(m[14], 'Reader \\"1.0\\"', 'quotes escaped');
    const year = new Date().getUTCFullYear();
    assert.ok(Math.abs(Number(m[4]) - year) <= 1);
    assert.match(all[1], /^2001:db8:1:: .* "GET \/posts\/hello HTTP\/1\.1" 200 \d+ /, 'IPv6 cut to its /48');
    assert.match(all[2], /^198\.51\.100\.0 .* "HEAD \/posts\/hello HTTP\/1\.1" 200 - /, 'HEAD sends no body');
    assert.match(all[3], /"GET \/nothing-here HTTP\/1\.1" 404 \d+ /);
    assert.match(all[5], /^192\.0\.2\.0 .* "POST \/admin\/login HTTP\/1\.1" 303 - /, all[5]);
    assert.match(all[7], /"GET \/admin\/setup HTTP\/1\.1" \d{3} /);
    for (const secret of [PW, 'ola', session, csrfOf(page.html), 'SETUPTOKENVALUE', 'SECRETREF', 'frag', 'utm_source', 'bs_session', 'bs_pre'])
      assert.ok(!text.includes(secret), `the log holds ${secret}`);
  } finally {
    await srv.stop();
  }
});

test('--access-log-full-ip keeps whole addresses; without --access-log nothing is written', async () => {
  const log = `${dir}/full.log`;
  const srv = await serve(data, ['--access-log', log, '--access-log-full-ip', '--trust-proxy']);
  try {
    await fetch(srv.url + '/', { headers: { 'X-Forwarded-For': '203.0.113.77' } });
    await fetch(srv.url + '/', { headers: { 'X-Forwarded-For': '2001:db8:1:2::5' } });
    await fetch(srv.url + '/');
  } finally {
    await srv.stop();
  }
  const all = lines(log);
  assert.equal(all.length, 3);
  assert.match(all[0], /^203\.0\.113\.77 - - /);
  assert.match(all[1], /^2001:db8:1:2::5 - - /);
  assert.match(all[2], /^127\.0\.0\.1 - - /);
  // Not trusted, the header is the client's own word: the connection's address counts.
  const plain = `${dir}/untrusted.log`;
  const s2 = await serve(data, ['--access-log', plain]);
  try {
    await fetch(s2.url + '/', { headers: { 'X-Forwarded-For': '203.0.113.77' } });
  } finally {
    await s2.stop();
  }
  assert.match(lines(plain)[0], /^127\.0\.0\.0 - - /);
  const bad = cli('serve', '--data', data, '--listen', '127.0.0.1:0', '--access-log', `${dir}/no/such/dir/x.log`);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--access-log .*no\/such\/dir\/x\.log: No such file or directory/);
});

test('SIGHUP reopens the access log and reads every open theme again from its files', async () => {
  const log = `${dir}/rotated.log`;
  mkdirSync(`${data}/themes/plain`, { recursive: true });
  writeFileSync(`${data}/themes/plain/style.css`, 'body { color: #111111; }\n');
  ok(cli('site', 'set', '--data', data, 'theme', 'plain'));
  const srv = await serve(data, ['--access-log', log]);
  try {
    assert.match(await (await fetch(srv.url + '/style.css')).text(), /#111111/);
    // Changed on disk, the theme is not read again by itself: the cached stylesheet stays.
    writeFileSync(`${data}/themes/plain/style.css`, 'body { color: #222222; }\n');
    assert.match(await (await fetch(srv.url + '/style.css')).text(), /#111111/);
    renameSync(log, `${log}.1`); // what logrotate does before it signals
    await fetch(srv.url + '/posts/hello?before');
    const reloaded = srv.waitFor(/broadside: reloaded: [^\n]*\n/);
    process.kill(srv.pid, 'SIGHUP');
    assert.match(await reloaded, /the theme of 1 press, the access log/);
    assert.match(await (await fetch(srv.url + '/style.css')).text(), /#222222/);
    const old = lines(`${log}.1`), fresh = lines(log);
    assert.equal(old.length, 3, old.join('\n'));
    assert.match(old[2], /"GET \/posts\/hello HTTP/, 'written to the moved file until the signal');
    assert.equal(fresh.length, 1);
    assert.match(fresh[0], /"GET \/style\.css HTTP\/1\.1" 200 /);
    // A theme that no longer loads is reported and the one in use kept.
    writeFileSync(`${data}/themes/plain/post.mustache`, '{{#broken}}');
    const again = srv.waitFor(/broadside: reloaded: [^\n]*\n/);
    process.kill(srv.pid, 'SIGHUP');
    assert.match(await again, /some kept their theme/);
    assert.match(srv.stderr(), /theme 'plain': .*keeping the current one/);
    assert.equal((await fetch(srv.url + '/posts/hello')).status, 200);
    assert.equal(await srv.stop(), 0, 'SIGTERM still stops it cleanly after SIGHUPs');
  } finally {
    await srv.stop();
    ok(cli('site', 'set', '--data', data, 'theme', 'default'));
  }
});

test('SIGHUP reads the host map again even when its size and times did not change', async () => {
  const sdir = `${dir}/server`;
  ok(cli('press', 'add', '--data', sdir, 'alpha', '--host', 'a.test', '--title', 'Alpha'));
  ok(cli('press', 'add', '--data', sdir, 'beta', '--host', 'b.test', '--title', 'Beta'));
  const hosts = `${sdir}/hosts`;
  const T = 1700000000; // whole seconds, so the rewritten file's times are the same to the nanosecond
  utimesSync(hosts, T, T);
  const srv = await serve(sdir);
  try {
    assert.equal((await hostGet(srv.port, 'a.test', '/')).status, 200);
    assert.equal((await hostGet(srv.port, 'b.test', '/')).status, 200);
    assert.equal((await hostGet(srv.port, 'c.test', '/')).status, 404);
    // The same file, the same length, the same times: only its text changed.
    const text = readFileSync(hosts, 'utf8');
    const swapped = text.replace('b.test beta', 'c.test beta');
    assert.equal(swapped.length, text.length);
    writeFileSync(hosts, swapped, { flag: 'r+' });
    utimesSync(hosts, T, T);
    const reloaded = srv.waitFor(/broadside: reloaded: [^\n]*\n/);
    process.kill(srv.pid, 'SIGHUP');
    assert.match(await reloaded, /the themes of 2 presses, the host map/);
    assert.match((await hostGet(srv.port, 'c.test', '/')).body, /Beta/);
    assert.equal((await hostGet(srv.port, 'b.test', '/')).status, 404);
    assert.match((await hostGet(srv.port, 'a.test', '/')).body, /Alpha/);
  } finally {
    await srv.stop();
  }
});
