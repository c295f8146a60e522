// backup: `broadside backup` while six clients post comments (every comment acknowledged before
// the backup began is in the restored press, which passes the integrity check), what it says
// of the keys, and `broadside restore`, which refuses what is not whole or not a backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { BIN, cli, tempDir, postFile, serve, cleanup } from './harness.mjs';
import { Client, csrfOf, png } from './client.mjs';

const PW = 'correct horse battery';
const CLIENTS = 6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ok = (r) => {
  assert.equal(r.status, 0, r.stderr);
  return r;
};
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
let dir, data, srv, image;

before(async () => {
  dir = tempDir('bs-backup-');
  data = `${dir}/site`;
  // A press with some weight, so that the copy takes long enough to overlap the writes.
  ok(cli('gen', '--data', data, '--posts', '1000', '--comments', '10000'));
  ok(cli('site', 'set', '--data', data, 'comments_per_minute', '100000'));
  ok(cli('site', 'set', '--data', data, 'comments_per_day', '100000'));
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', 'owner', '--name', 'Owner', '--role', 'owner', '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  mkdirSync(`${data}/themes/plain`, { recursive: true });
  writeFileSync(`${data}/themes/plain/style.css`, 'body { color: #333333; }\n');
  // A member, whose sealed email and name only the press's key opens.
  ok(cli('member', 'add', '--data', data, '--email', 'rosa@example.org', '--name', 'Rosa L.'));
  srv = await serve(data);
  const owner = new Client(srv.url);
  const login = await owner.get('/admin/login');
  assert.equal((await owner.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'owner', password: PW })).status, 303);
  const media = await owner.get('/admin/media');
  for (const extra of ['one', 'two']) {
    const up = await owner.post('/admin/media', { _csrf: csrfOf(media.html) }, { name: `${extra}.png`, type: 'image/png', bytes: png(extra) });
    assert.equal(up.status, 200, up.html);
    image ??= up.html.match(/\/media\/[0-9a-f]{64}\.png/)[0];
  }
  ok(cli('post', 'add', '--data', data, postFile(dir, 'load.md', ['title: Under load', 'slug: under-load', 'date: 2026-06-01'],
    `Talk here.\n\n![one](${image})\n`)));
});
after(async () => {
  await srv.stop();
  cleanup(dir);
});

// One client: posts comments until stop(), noting each acknowledged one with when its 303 came.
function commenter(n, token, acks, failures) {
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const body = new URLSearchParams({ token, name: `Reader ${n}`, body: `Comment ${i} from reader ${n}.` });
      const r = await fetch(`${srv.url}/posts/under-load/comments`, { method: 'POST', body, redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status === 303) acks.push({ id: Number(r.headers.get('location').match(/mine=(\d+)/)[1]), at: performance.now() });
      else failures.push(r.status);
    }
  })();
  return { stop: () => { running = false; return done; } };
}

function run(...args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

test('a backup taken while six clients post holds every comment acknowledged before it began', async () => {
  const html = await (await fetch(srv.url + '/posts/under-load')).text();
  const token = html.match(/name="token" value="([^"]+)"/)[1];
  await sleep(3100); // a comment form's token must be 3 s old
  const acks = [], failures = [];
  const clients = Array.from({ length: CLIENTS }, (_, n) => commenter(n, token, acks, failures));
  while (acks.length < 30) await sleep(20);
  const began = performance.now();
  const out = `${dir}/under-load.zip`;
  const b = await run('backup', '--data', data, '--out', out);
  const ended = performance.now();
  const more = acks.length;
  while (acks.length < more + 30) await sleep(20);
  await Promise.all(clients.map((c) => c.stop()));
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(failures, [], 'every comment was taken');
  const before = acks.filter((a) => a.at < began);
  const during = acks.filter((a) => a.at >= began && a.at < ended);
  assert.ok(before.length >= 30);
  assert.ok(during.length > 0, 'comments were acknowledged while the backup ran');

  const restored = `${dir}/restored`;
  const r = ok(cli('restore', '--data', restored, out));
  assert.match(r.stdout, /restored from .*under-load\.zip .*the database \(schema \d+\), 2 uploads, 1 theme file, and the keys/);
  const db = `${restored}/site.db`;
  assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
  const ids = new Set(sql(db, 'SELECT id FROM comments').split('\n').map(Number));
  const lost = before.filter((a) => !ids.has(a.id));
  assert.deepEqual(lost, [], `${lost.length} of ${before.length} acknowledged comments are missing`);
  // The copy is of one moment: nothing acknowledged after the backup ended is in it.
  const after = acks.filter((a) => a.at > ended + 1);
  assert.ok(after.every((a) => !ids.has(a.id)), 'comments made after the backup ended are not in it');
  assert.equal(sql(db, "SELECT count(*) FROM posts WHERE slug = 'under-load'"), '1');

  // The restored press is whole: check finds nothing, its keys have their modes, and it serves.
  const c = cli('check', '--data', restored);
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assert.match(c.stdout, /uploads: 2, each present and whole/);
  assert.match(c.stdout, /keys: 2 files, each a regular file of mode 0600 in a folder of mode 0700/);
  assert.match(c.stdout, /key: keys\/press\.key is the key this press's database was sealed with/);
  assert.equal(statSync(`${restored}/keys`).mode & 0o777, 0o700);
  assert.equal(statSync(`${restored}/keys/press.key`).mode & 0o777, 0o600);
  assert.deepEqual(readFileSync(`${restored}/keys/press.key`), readFileSync(`${data}/keys/press.key`));
  // What was sealed opens with the restored key.
  assert.match(ok(cli('member', 'list', '--data', restored)).stdout, /Rosa L\./);
  const s2 = await serve(restored);
  try {
    const page = await (await fetch(s2.url + '/posts/under-load')).text();
    assert.match(page, /Comment \d+ from reader \d\./);
    const img = await fetch(s2.url + image);
    assert.equal(img.status, 200);
    assert.deepEqual(Buffer.from(await img.arrayBuffer()), png('one'));
  } finally {
    await s2.stop();
  }
});

test('a backup says plainly that it holds the keys, or names them when they are left out', () => {
  const withKeys = ok(cli('backup', '--data', data, '--out', `${dir}/keys.zip`));
  assert.match(withKeys.stderr, /warning: .*keys\.zip holds the press's keys \(keys\/: actor\.pem and press\.key\)\. Whoever has this file can read everything the keys protect: keep it apart/);
  const again = cli('backup', '--data', data, '--out', `${dir}/keys.zip`);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /keys\.zip exists: a backup does not replace a file/);
  const without = ok(cli('backup', '--data', data, '--out', `${dir}/nokeys.zip`, '--without-keys'));
  assert.match(without.stdout, /without the keys/);
  assert.match(without.stderr, new RegExp(`the keys were left out of .*nokeys\\.zip \\(--without-keys\\)\\. Keep a copy of ${data}/keys/actor\\.pem and ${data}/keys/press\\.key apart from it: without them, whatever they seal in this backup cannot be read`));
  const listing = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', `${dir}/nokeys.zip`], { encoding: 'utf8' });
  assert.doesNotMatch(listing, /keys\//);
  assert.match(listing, /^broadside-backup\nsite\.db\n/);
  const r = ok(cli('restore', '--data', `${dir}/from-nokeys`, `${dir}/nokeys.zip`));
  assert.match(r.stderr, /this backup holds no keys\. Put the press's key files \(actor\.pem and press\.key\), kept apart from it, into .*from-nokeys\/keys\//);
  assert.ok(!existsSync(`${dir}/from-nokeys/keys`));
  // Without the key the restored press says what it misses, and reads nothing sealed.
  const blind = cli('member', 'list', '--data', `${dir}/from-nokeys`);
  assert.notEqual(blind.status, 0);
  assert.match(blind.stderr, /keys\/press\.key is missing/);
  // A press made before presses had keys has no keys/ folder: nothing to warn about.
  const plain = `${dir}/plain`;
  ok(cli('init', '--data', plain));
  rmSync(`${plain}/keys`, { recursive: true });
  execFileSync('sqlite3', [`${plain}/site.db`, "DELETE FROM meta WHERE key = 'key_check'"]);
  const p = ok(cli('backup', '--data', plain, '--out', `${dir}/plain.zip`));
  assert.match(p.stdout, /no keys \(the press has no keys\/ folder\)/);
  assert.equal(p.stderr, '');
});

// Rewrites a backup with python's zipfile: fn(names) returns [name, bytes] pairs to write.
function rewrite(src, dst, code) {
  execFileSync('python3', ['-c', `
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
${code}
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in entries:
        z.writestr(name, data)
`, src, dst]);
}

test('restore refuses a folder in use, and a file that is not a whole backup, leaving nothing', () => {
  const good = `${dir}/keys.zip`;
  const busy = cli('restore', '--data', data, good);
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /site is not empty: restore into a new folder/);
  const cases = [
    ['escape.zip', "entries.append(('../outside', b'x'))", /holds '\.\.\/outside', which no backup holds: refused/],
    ['extra.zip', "entries.append(('media/extra.png', b'x'))", /holds \d+ entries besides its manifest, and its manifest says \d+: it is not whole/],
    ['short.zip', "entries = [e for e in entries if not e[0].startswith('media/')]", /it is not whole/],
    ['nomanifest.zip', 'entries = entries[1:]', /not a broadside backup \(its first entry is not broadside-backup\)/],
    ['forged.zip', "entries[0] = (entries[0][0], entries[0][1] + b'key ../../etc/passwd\\n')", /manifest line \d+: not understood/],
    ['damaged.zip', "entries = [(n, d[:100] + bytes([d[100] ^ 1]) + d[101:]) if n == 'site.db' else (n, d) for n, d in entries]", /damaged/],
  ];
  for (const [name, code, why] of cases) {
    rewrite(good, `${dir}/${name}`, code);
    const r = cli('restore', '--data', `${dir}/bad-${name}`, `${dir}/${name}`);
    assert.equal(r.status, 1, name);
    assert.match(r.stderr, why, name);
    assert.ok(!existsSync(`${dir}/bad-${name}`), `${name}: nothing restored`);
    assert.ok(!existsSync(`${dir}/outside`));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.restore-')), [], `${name}: no stage left`);
  }
  // A byte changed inside a stored entry fails its checksum as it is read.
  const bytes = readFileSync(good);
  const at = bytes.indexOf(png('one'));
  assert.ok(at > 0, 'an upload is stored as it is');
  bytes[at + 5] ^= 1;
  writeFileSync(`${dir}/crc.zip`, bytes);
  const crc = cli('restore', '--data', `${dir}/bad-crc`, `${dir}/crc.zip`);
  assert.equal(crc.status, 1);
  assert.match(crc.stderr, /CRC|damaged/i);
  assert.ok(!existsSync(`${dir}/bad-crc`));
  const none = cli('restore', '--data', `${dir}/bad-none`, `${dir}/no-such.zip`);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no-such\.zip: No such file/);
});

test('restored as root, the press belongs to the owner of the folder it goes in, whose mode stays', (t) => {
  if (process.getuid() !== 0) return t.skip('needs root');
  const home = `${dir}/service-home`;
  mkdirSync(home, { mode: 0o700 });
  chmodSync(home, 0o700);
  chownSync(home, 65534, 65534);
  ok(cli('restore', '--data', home, `${dir}/keys.zip`));
  for (const f of ['', '/site.db', '/keys', '/keys/press.key', '/themes/plain', '/themes/plain/style.css'])
    assert.equal(statSync(home + f).uid, 65534, `${f} belongs to the folder's owner`);
  assert.equal(statSync(home).mode & 0o777, 0o700);
});

test('a backup of a press of a server folder restores as a press of another', async () => {
  const sdir = `${dir}/server`;
  ok(cli('press', 'add', '--data', sdir, 'minutes', '--host', 'minutes.test', '--title', 'The Minutes'));
  ok(cli('backup', '--data', sdir, '--press', 'minutes', '--out', `${dir}/minutes.zip`));
  const other = `${dir}/server2`;
  ok(cli('press', 'add', '--data', other, 'first', '--host', 'first.test'));
  const r = ok(cli('restore', '--data', other, '--press', 'minutes', `${dir}/minutes.zip`));
  assert.match(r.stdout, /not served until 'broadside press hosts --data .*server2 minutes --host HOST'/);
  ok(cli('press', 'hosts', '--data', other, 'minutes', '--host', 'minutes.test'));
  assert.match(ok(cli('site', 'show', '--data', other, '--press', 'minutes')).stdout, /The Minutes/);
  const again = cli('restore', '--data', other, '--press', 'minutes', `${dir}/minutes.zip`);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /is not empty/);
});
