// check: `broadside check` on a sound press, then on one with each fault it looks for (keys of
// the wrong modes or kinds, uploads missing, changed or shown by a post but absent, a database
// damaged or made by a newer version), and on a server folder with its host map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { BIN, cli, tempDir, postFile, serve, cleanup } from './harness.mjs';
import { Client, csrfOf, png } from './client.mjs';

const PW = 'correct horse battery';
const ok = (r) => {
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r;
};
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
let dir, data, images;

before(async () => {
  dir = tempDir('bs-check-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data));
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', 'owner', '--name', 'Owner', '--role', 'owner', '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const srv = await serve(data);
  try {
    const c = new Client(srv.url);
    const login = await c.get('/admin/login');
    assert.equal((await c.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'owner', password: PW })).status, 303);
    const media = await c.get('/admin/media');
    images = [];
    for (const name of ['a', 'b']) {
      const up = await c.post('/admin/media', { _csrf: csrfOf(media.html) }, { name: `${name}.png`, type: 'image/png', bytes: png(name) });
      images.push(up.html.match(/\/media\/([0-9a-f]{64}\.png)/)[1]);
    }
  } finally {
    await srv.stop();
  }
  ok(cli('post', 'add', '--data', data, postFile(dir, 'p.md', ['title: Pictures', 'slug: pictures', 'date: 2026-06-01'],
    `![a](/media/${images[0]})\n\n![b](/media/${images[1]})\n`)));
  // Serving made the press's keys (keys/press.key, keys/actor.pem); the database keeps the check value of press.key.
});
after(() => cleanup(dir));

test('a sound press: every check passes, exit 0', () => {
  const r = ok(cli('check', '--data', data));
  assert.match(r.stdout, /database: sound/);
  assert.match(r.stdout, /schema: \d+, this broadside's/);
  assert.match(r.stdout, /uploads: 2, each present and whole/);
  assert.match(r.stdout, /posts: every upload they show \(2\) is present/);
  assert.match(r.stdout, /keys: 2 files, each a regular file of mode 0600 in a folder of mode 0700/);
  assert.match(r.stdout, /key: keys\/press\.key is the key this press's database was sealed with/);
  assert.match(r.stdout, /no problems found\n$/);
});

test("another press's key, or none, is named as the problem it is", () => {
  const other = `${dir}/otherkey`;
  cpSync(data, other, { recursive: true });
  writeFileSync(`${other}/keys/press.key`, Buffer.alloc(32, 5), { mode: 0o600 });
  let r = cli('check', '--data', other);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /problem: .*keys\/press\.key is not this press's key: the database was sealed with another one/);
  rmSync(`${other}/keys/press.key`);
  r = cli('check', '--data', other);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /problem: .*keys\/press\.key is missing: what the press sealed cannot be read without it/);
});

test('each fault is said in plain words, and the exit status is 1', () => {
  const bad = `${dir}/bad`;
  cpSync(data, bad, { recursive: true });
  chmodSync(`${bad}/keys`, 0o755);
  chmodSync(`${bad}/keys/press.key`, 0o644);
  writeFileSync(`${bad}/keys/other.key`, 'x');
  chmodSync(`${bad}/keys/other.key`, 0o620);
  symlinkSync('/etc/hostname', `${bad}/keys/linked.key`);
  mkdirSync(`${bad}/keys/folder.key`);
  rmSync(`${bad}/media/${images[0]}`);
  const b = `${bad}/media/${images[1]}`;
  const bytes = readFileSync(b);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(b, bytes);
  writeFileSync(`${bad}/media/${'f'.repeat(64)}.png`, 'left over');
  const r = cli('check', '--data', bad);
  assert.equal(r.status, 1, r.stdout);
  const says = (re) => assert.match(r.stdout, re);
  says(/problem: keys\/ has mode 0755 \(others can read it\); it must be 0700: chmod 700 .*bad\/keys\n/);
  says(/problem: keys\/press\.key has mode 0644 \(others can read it\); it must be 0600: chmod 600 .*bad\/keys\/press\.key\n/);
  says(/problem: keys\/other\.key has mode 0620 \(others can change it\); it must be 0600/);
  says(/problem: keys\/linked\.key is a symbolic link, not a regular file: a key is a file of its own/);
  says(/problem: keys\/folder\.key is a folder, not a regular file/);
  says(new RegExp(`problem: media/${images[0]} \\(uploaded as 'a.png'\\) is missing`));
  says(new RegExp(`problem: media/${images[1]} \\(uploaded as 'b.png'\\) does not hold the bytes its name says \\(damaged\\)`));
  says(new RegExp(`problem: post 'pictures' shows /media/${images[0]}, which is not in media/`));
  says(/uploads: 1 file in media\/ that no upload names \(safe to delete\)/);
  // The key as the server reads it: it refuses a key others can read.
  says(/problem: .*bad\/keys\/press\.key can be read by others \(mode 644\)/);
  says(/^9 problems found$/m);
});

test('a damaged database, a newer schema and a folder without a press are named', () => {
  const broken = `${dir}/broken`;
  mkdirSync(broken);
  // An index that no longer matches its table: what a torn write leaves.
  cpSync(`${data}/site.db`, `${broken}/site.db`);
  const db = `${broken}/site.db`;
  sql(db, 'PRAGMA journal_mode=DELETE');
  const root = sql(db, "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_users_1'");
  const pageSize = Number(sql(db, 'PRAGMA page_size'));
  const bytes = readFileSync(db);
  bytes.fill(0, (Number(root) - 1) * pageSize + 8, Number(root) * pageSize);
  writeFileSync(db, bytes);
  const r = cli('check', '--data', broken);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /problem: the database (is damaged|cannot be read): /);

  const newer = `${dir}/newer`;
  cpSync(data, newer, { recursive: true });
  sql(`${newer}/site.db`, "UPDATE meta SET value = '999' WHERE key = 'schema_version'");
  const n = cli('check', '--data', newer);
  assert.equal(n.status, 1);
  assert.match(n.stdout, /problem: schema: 999, made by a newer broadside \(this one knows \d+\): only that version can open it/);

  const empty = `${dir}/empty`;
  mkdirSync(empty);
  const e = cli('check', '--data', empty);
  assert.equal(e.status, 1);
  assert.match(e.stdout, /problem: the database cannot be opened: .*empty: no site here/);
});

test('a server folder: its host map and every press, or one with --press', () => {
  const sdir = `${dir}/server`;
  ok(cli('press', 'add', '--data', sdir, 'alpha', '--host', 'a.test'));
  ok(cli('press', 'add', '--data', sdir, 'beta', '--host', 'b.test'));
  ok(cli('init', '--data', sdir, '--press', 'gamma'));
  const all = ok(cli('check', '--data', sdir));
  assert.match(all.stdout, /hosts: 2 hosts for 3 presses/);
  assert.match(all.stdout, /press alpha \(.*presses\/alpha\):\n  database: sound/);
  assert.match(all.stdout, /press gamma \(.*\):\n  not served: no host in the map names it/);
  const one = ok(cli('check', '--data', sdir, '--press', 'beta'));
  assert.doesNotMatch(one.stdout, /press alpha/);
  assert.match(one.stdout, /press beta/);
  renameSync(`${sdir}/presses/beta`, `${sdir}/presses-beta-moved`);
  const lost = cli('check', '--data', sdir);
  assert.equal(lost.status, 1);
  assert.match(lost.stdout, /problem: hosts: b\.test names the press 'beta', which has no folder in presses\//);
  assert.ok(readdirSync(sdir).includes('hosts'));
});
