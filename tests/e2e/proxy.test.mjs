// proxy: Debian's nginx in front of broadside on loopback, with TLS and --trust-proxy, as the
// README shows it: the comment limit counts the client's own address (forwarded, not forged),
// cookies are Secure when the press's url is https, and feeds and the sitemap link to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { BIN, cli, tempDir, postFile, serve, cleanup } from './harness.mjs';

const PW = 'correct horse battery';
const HOST = 'press.test';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ok = (r) => {
  assert.equal(r.status, 0, r.stderr);
  return r;
};
let dir, data, srv, nginx, port, ca, log;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

// A request to nginx over TLS for HOST, from a loopback address of our choice.
function get(path, { from = '127.0.0.2', method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, method, ca, servername: HOST, localAddress: from,
      headers: { Host: HOST, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

before(async () => {
  dir = tempDir('bs-proxy-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--title', 'Behind a Proxy'));
  ok(cli('site', 'set', '--data', data, 'url', `https://${HOST}`));
  ok(cli('site', 'set', '--data', data, 'comments_per_minute', '2'));
  ok(cli('post', 'add', '--data', data, postFile(dir, 'p.md', ['title: Proxied post', 'slug: proxied', 'date: 2026-06-01'], 'Through nginx.\n')));
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', 'ola', '--name', 'Ola', '--role', 'owner', '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  log = `${dir}/access.log`;
  srv = await serve(data, ['--trust-proxy', '--access-log', log, '--access-log-full-ip']);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`], { stdio: 'ignore' });
  ca = readFileSync(`${dir}/cert.pem`);
  port = await freePort();
  // The README's server block, with this test's port, certificate and paths.
  writeFileSync(`${dir}/nginx.conf`, `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path ${dir};
	proxy_temp_path ${dir};
	fastcgi_temp_path ${dir};
	uwsgi_temp_path ${dir};
	scgi_temp_path ${dir};
	# The workers may not write to this test's folder: keep bodies and answers in memory.
	client_body_buffer_size 1m;
	proxy_max_temp_file_size 0;
	server {
		listen 127.0.0.1:${port} ssl;
		server_name ${HOST};
		ssl_certificate ${dir}/cert.pem;
		ssl_certificate_key ${dir}/key.pem;
		client_max_body_size 20m;
		location / {
			proxy_pass http://127.0.0.1:${srv.port};
			proxy_set_header Host $host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
		}
	}
}
`);
  nginx = spawn('nginx', ['-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  nginx.stderr.on('data', (d) => { err += d; });
  for (let i = 0; ; i++) {
    try {
      await get('/');
      break;
    } catch (e) {
      if (i > 200 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${err} ${e}`);
      await sleep(25);
    }
  }
});
after(async () => {
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await gone;
  }
  await srv.stop();
  cleanup(dir);
});

test('the comment limit counts the address nginx forwards, not one the client makes up', async () => {
  const page = await get('/posts/proxied', { from: '127.0.0.2' });
  assert.equal(page.status, 200);
  const token = page.body.match(/name="token" value="([^"]+)"/)[1];
  await sleep(3100); // a comment form's token must be 3 s old
  const send = (from, n, headers = {}) => get('/posts/proxied/comments', { from, method: 'POST', headers,
    body: new URLSearchParams({ token, name: `Reader ${from}`, body: `Comment ${n} from ${from}.` }).toString() });
  assert.equal((await send('127.0.0.2', 1)).status, 303);
  // A client's own X-Forwarded-For comes before nginx's entry, and is not believed.
  assert.equal((await send('127.0.0.2', 2, { 'X-Forwarded-For': '203.0.113.50' })).status, 303);
  const third = await send('127.0.0.2', 3, { 'X-Forwarded-For': '198.51.100.60' });
  assert.equal(third.status, 429);
  assert.match(third.body, /Too many comments from your address: at most 2 a minute/);
  assert.equal((await send('127.0.0.3', 1)).status, 303, 'another client is not held back');
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('POST /posts/proxied/comments'));
  assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3']);
  assert.deepEqual(lines.map((l) => l.split('"')[2].trim().split(' ')[0]), ['303', '303', '429', '303']);
});

test('cookies are Secure (the url is https) and links are absolute to it', async () => {
  const login = await get('/admin/login');
  const pre = login.headers['set-cookie'].find((c) => c.startsWith('bs_pre='));
  assert.match(pre, /; Secure/);
  assert.match(pre, /HttpOnly/i);
  const csrf = login.body.match(/name="_csrf" value="([^"]*)"/)[1];
  const signIn = await get('/admin/login', { method: 'POST', headers: { Cookie: pre.split(';')[0] },
    body: new URLSearchParams({ _csrf: csrf, handle: 'ola', password: PW }).toString() });
  assert.equal(signIn.status, 303);
  const session = signIn.headers['set-cookie'].find((c) => c.startsWith('bs_session='));
  assert.match(session, /; Secure/);
  assert.match(session, /HttpOnly/i);
  assert.match(session, /SameSite=(Lax|Strict)/i);
  const post = await get('/posts/proxied');
  const token = post.body.match(/name="token" value="([^"]+)"/)[1];
  await sleep(3100);
  const c = await get('/posts/proxied/comments', { from: '127.0.0.4', method: 'POST',
    body: new URLSearchParams({ token, name: 'Cookie reader', body: 'Edit me later.' }).toString() });
  assert.equal(c.status, 303);
  assert.match(c.headers['set-cookie'].find((s) => s.startsWith('bs_edit=')), /; Secure/);

  const atom = (await get('/feed.atom')).body;
  assert.match(atom, /<link [^>]*href="https:\/\/press\.test\/posts\/proxied"/);
  assert.doesNotMatch(atom, /http:\/\/(press\.test|127\.0\.0\.1)/);
  const sitemap = (await get('/sitemap.xml')).body;
  assert.match(sitemap, /<loc>https:\/\/press\.test\/posts\/proxied<\/loc>/);
  assert.match((await get('/feed.json')).body, /"url": ?"https:\/\/press\.test\/posts\/proxied"/);
  assert.match((await get('/robots.txt')).body, /Sitemap: https:\/\/press\.test\/sitemap\.xml/);
});
