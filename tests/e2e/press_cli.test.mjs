// press_cli: the generated help of every command, usage errors, server folders (press
// add/list/hosts/remove), --press resolution, and every command run on a press of a server folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { cli, BIN, tempDir, postFile, serve, cleanup, hostGet } from './harness.mjs';

const MAN = readFileSync(new URL('../../broadside.1', import.meta.url), 'utf8');
const TOKEN = /^http:\/\/([^/\s]+)\/admin\/setup\?token=([A-Za-z0-9_-]{43})$/m;

let dir, srv;
before(() => {
  dir = tempDir('bs-press-');
  srv = `${dir}/server`;
});
after(() => cleanup(dir));

const hostsFile = () => readFileSync(`${srv}/hosts`, 'utf8');
const hostLines = () => hostsFile().split('\n').filter((l) => l && !l.startsWith('#')).sort();
const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r; };

// The rows of the table, as `broadside --help` lists them: ['init'], ['post', 'add'], ...
function rows() {
  const h = ok(cli('--help')).stdout;
  const list = h.slice(h.indexOf('commands:\n') + 10, h.indexOf('\n\n', h.indexOf('commands:\n')));
  return list.split('\n').map((l) => l.trim().split(/\s{2,}/)[0].split(' '));
}

test('help is generated for every command and action, and the manual names every option', () => {
  const all = rows();
  assert.ok(all.length >= 25, JSON.stringify(all));
  const commands = new Map();
  for (const row of all) {
    if (!commands.has(row[0])) commands.set(row[0], []);
    if (row[1]) commands.get(row[0]).push(row[1]);
    const r = ok(cli(...row, '--help'));
    assert.match(r.stdout, new RegExp(`^usage: broadside ${row.join(' ')}( |\\n)`), row.join(' '));
    assert.match(r.stdout, /\noptions:\n/);
    assert.match(r.stdout, /-h, --help\s+show this help/);
    assert.equal(r.stderr, '');
    // -h, and --help anywhere, even after a mistake, print the same.
    assert.equal(cli(...row, '--frob', '-h').stdout, r.stdout);
    assert.equal(cli('help', ...row).stdout, r.stdout);
    for (const line of r.stdout.split('\n')) assert.ok(line.length < 80, `${row.join(' ')}: ${line}`);
    // The manual documents each option the help shows, and the command itself.
    for (const [, opt] of r.stdout.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm))
      assert.ok(MAN.includes(`Fl \\-${opt}`), `broadside.1 lacks --${opt} (${row.join(' ')})`);
    assert.ok(MAN.includes(`Cm ${row[0]}`), `broadside.1 lacks ${row[0]}`);
    if (row[1]) assert.match(MAN, new RegExp(`Cm ${row[0]}.*\\b${row[1]}\\b`), `broadside.1 lacks ${row.join(' ')}`);
  }
  for (const [cmd, actions] of commands) {
    const r = ok(cli(cmd, '--help'));
    assert.match(r.stdout, /^usage: broadside /);
    for (const a of actions) {
      assert.match(r.stdout, new RegExp(`broadside ${cmd} ${a}\\b`));
      assert.match(r.stdout, new RegExp(`\\n  ${a}\\s+\\S`));
    }
  }
  assert.equal(ok(cli('-h')).stdout, ok(cli('--help')).stdout);
  assert.equal(ok(cli('help')).stdout, ok(cli('--help')).stdout);
  assert.match(ok(cli('--version')).stdout, /^broadside \d/);
});

test('usage errors name the option or argument and how to get help', () => {
  const cases = [
    [['post', 'list', '--frob'], /unknown option '--frob'/, 'post list'],
    [['post', 'list', '-x'], /unknown option '-x'/, 'post list'],
    [['serve', '--threads', '0'], /--threads takes 1 to 256/, 'serve'],
    [['serve', '--t', '3'], /ambiguous option '--t' \(--threads, --theme, --trust-proxy\)/, 'serve'],
    [['search', '--limit'], /--limit needs N/, 'search'],
    [['init', '--demo=yes'], /--demo takes no value/, 'init'],
    [['site', 'set', 'title'], /missing VALUE/, 'site set'],
    [['post', 'show', 'a', 'b'], /unexpected argument 'b'/, 'post show'],
    [['user', 'add', '--bio', 'x'], /missing --handle H, --name N/, 'user add'],
    [['press', 'add', 'x'], /missing --host HOST/, 'press add'],
    [['comment', 'list', '--limit', '0'], /--limit takes 1 to 100000000/, 'comment list'],
    [['comment', 'ban', '--days', '99999', '--reason', 'r', '192.0.2.1'], /--days takes 1 to 36500/, 'comment ban'],
  ];
  for (const [args, msg, who] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg, args.join(' '));
    assert.ok(r.stderr.includes(`\nTry 'broadside ${who} --help'.\n`), r.stderr);
    assert.equal(r.stdout, '');
  }
  const missing = cli('comment');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing action \(list, approve, reject, spam, remove, edit or ban\)/);
  assert.match(missing.stderr, /Try 'broadside comment --help'\./);
  const unknown = cli('press', 'fly');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown action 'fly'/);
  assert.equal(cli().status, 2);
});

test('press add makes a server folder, a press as init does, its hosts and a setup link', () => {
  const r = ok(cli('press', 'add', '--data', srv, 'alpha', '--host', 'Alpha.Test', '--host', 'www.alpha.test', '--title', 'Alpha Press'));
  const m = r.stdout.match(TOKEN);
  assert.ok(m, r.stdout);
  assert.equal(m[1], 'alpha.test');
  assert.ok(existsSync(`${srv}/presses/alpha/site.db`));
  assert.deepEqual(hostLines(), ['alpha.test alpha', 'www.alpha.test alpha']);
  assert.match(ok(cli('site', 'show', '--data', srv, '--press', 'alpha')).stdout, /title\s+Alpha Press/);
  // The token is kept (hashed) for 24 hours.
  const q = spawnSync('sqlite3', [`${srv}/presses/alpha/site.db`,
    "SELECT count(*), max(expires) - strftime('%s','now') FROM tokens WHERE purpose = 'setup'"], { encoding: 'utf8' });
  if (!q.error) {
    const [n, left] = q.stdout.trim().split('|').map(Number);
    assert.equal(n, 1);
    assert.ok(left > 86000 && left <= 86400, q.stdout);
  }

  const demo = ok(cli('press', 'add', '--data', srv, 'beta', '--host', 'beta.test', '--demo'));
  assert.match(demo.stdout, /http:\/\/beta\.test\/admin\/setup\?token=/);
  const posts = ok(cli('post', 'list', '--data', srv, '--press', 'beta')).stdout;
  assert.match(posts, /draft/);
  assert.match(posts, /published/);
  assert.deepEqual(hostLines(), ['alpha.test alpha', 'beta.test beta', 'www.alpha.test alpha']);
});

test('press add refuses taken hosts, bad names, a single press folder, and leaves nothing', () => {
  const before = hostsFile();
  let r = cli('press', 'add', '--data', srv, 'gamma', '--host', 'gamma.test', '--host', 'WWW.alpha.test');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /host 'WWW\.alpha\.test' is mapped to press 'alpha'/);
  assert.ok(!existsSync(`${srv}/presses/gamma`));
  assert.equal(hostsFile(), before);

  r = cli('press', 'add', '--data', srv, 'alpha', '--host', 'other.test');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /press 'alpha' exists/);
  for (const [args, msg] of [
    [['Bad_Name', '--host', 'x.test'], /bad press name 'Bad_Name'/],
    [['--host', 'x.test', '--', '-dash'], /bad press name '-dash'/],
    [['gamma', '--host', 'x.test:8080'], /bad --host 'x\.test:8080'/],
    [['gamma', '--host', 'bad host'], /bad --host 'bad host'/],
    [['gamma', '--host', 'x.test', '--host', 'X.test'], /--host 'X\.test' is given twice/],
    [['gamma', '--host', 'x.test', '--title', ''], /the title cannot be empty/],
  ]) {
    r = cli('press', 'add', '--data', srv, ...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, msg);
  }
  assert.equal(hostsFile(), before);
  assert.ok(!existsSync(`${srv}/presses/gamma`));

  const single = `${dir}/single`;
  ok(cli('init', '--data', single));
  r = cli('press', 'add', '--data', single, 'x', '--host', 'x.test');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /holds a single press/);
  assert.ok(!existsSync(`${single}/presses`));

  // A failure midway (the new database cannot grow past 8 KiB) takes everything away again:
  // the press folder, and presses/ and the folder itself when this command made them.
  const fresh = `${dir}/fresh`;
  for (const [d, name] of [[srv, 'gamma'], [fresh, 'one']]) {
    const f = spawnSync('sh', ['-c', 'ulimit -f 16; trap "" XFSZ; exec "$@"', 'sh', BIN, 'press', 'add', '--data', d, name,
      '--host', `${name}.test`, '--demo'], { encoding: 'utf8' });
    assert.equal(f.status, 1, f.stderr);
    assert.match(f.stderr, new RegExp(`presses/${name}`));
    assert.ok(!existsSync(`${d}/presses/${name}`));
  }
  assert.equal(hostsFile(), before);
  assert.ok(!existsSync(fresh));
});

test('--press is required in a server folder and refused elsewhere', () => {
  let r = cli('post', 'list', '--data', srv);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /is a server folder: give --press NAME \(presses: alpha, beta\)/);
  assert.match(r.stderr, /Try 'broadside post list --help'\./);
  r = cli('post', 'list', '--data', srv, '--press', 'nope');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no press 'nope' in .* \(presses: alpha, beta\)/);
  r = cli('post', 'list', '--data', srv, '--press', 'No!');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad --press 'No!'/);
  r = cli('post', 'list', '--data', `${dir}/single`, '--press', 'alpha');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--press is for a server folder/);
  // A single press works as it always did.
  ok(cli('post', 'list', '--data', `${dir}/single`));
  r = cli('init', '--data', srv);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give --press NAME/);
  assert.ok(!existsSync(`${srv}/site.db`));
});

test('every command works on a press of a server folder', async () => {
  const P = ['--data', srv, '--press', 'alpha'];
  const a = postFile(dir, 'a.md', ['title: Server folder post', 'slug: sf', 'date: 2026-04-01', 'tags: [Folder]'], 'Hello from a press. #Folder\n');
  assert.equal(ok(cli('post', 'add', ...P, a)).stdout, '/posts/sf\n');
  assert.match(ok(cli('post', 'list', ...P)).stdout, /published\s+2026-04-01\s+sf\s+Server folder post/);
  assert.match(ok(cli('post', 'show', ...P, 'sf')).stdout, /^---\ntitle: "Server folder post"/);
  assert.match(ok(cli('post', 'rerender', ...P)).stdout, /rendered 1 post\n/);
  assert.match(ok(cli('search', ...P, 'hello')).stdout, /\/posts\/sf/);
  assert.equal(ok(cli('user', 'add', ...P, '--handle', 'ines', '--name', 'Inês')).stdout, '/@ines\n');
  const pw = spawnSync(BIN, ['user', 'passwd', ...P, '--handle', 'ines'], { input: 'a long enough password\n', encoding: 'utf8' });
  assert.equal(pw.status, 0, pw.stderr);
  ok(cli('user', 'role', ...P, '--handle', '@ines', '--role', 'editor'));
  assert.match(ok(cli('user', 'list', ...P)).stdout, /@ines\s+editor\s+can sign in\s+Inês/);
  ok(cli('site', 'set', ...P, 'tagline', 'Many presses, one server'));
  assert.match(ok(cli('site', 'show', ...P)).stdout, /tagline\s+Many presses, one server/);
  ok(cli('comment', 'list', ...P, '--status', 'all'));
  assert.match(ok(cli('comment', 'ban', ...P, '--reason', 'flood', '--days', '2', '192.0.2.9')).stdout, /refused for 2 days/);
  const none = cli('comment', 'approve', ...P, '999');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no comment 999/);
  // The other press is untouched.
  assert.doesNotMatch(ok(cli('post', 'list', '--data', srv, '--press', 'beta')).stdout, /\bsf\b/);
  ok(cli('post', 'delete', ...P, 'sf'));

  // init and gen make an unserved press in the folder.
  assert.match(ok(cli('init', '--data', srv, '--press', 'gamma', '--title', 'Gamma')).stdout, /presses\/gamma/);
  assert.match(ok(cli('gen', '--data', srv, '--press', 'delta', '--posts', '3')).stdout, /generated 3 posts/);

  // serve takes the whole folder: each press answers for its hosts.
  const s = await serve(srv);
  try {
    const home = await hostGet(s.port, 'Alpha.test:8080', '/');
    assert.equal(home.status, 200);
    assert.match(home.body, /Alpha Press/);
    const other = await hostGet(s.port, 'nowhere.test', '/');
    assert.equal(other.status, 404);
    assert.doesNotMatch(other.body, /alpha|beta/i);
  } finally {
    await s.stop();
  }
  const r = cli('serve', '--data', srv, '--press', 'alpha', '--listen', '127.0.0.1:0');
  assert.equal(r.status, 2);
});

test('press list, press hosts and press remove', () => {
  let list = ok(cli('press', 'list', '--data', srv)).stdout.trim().split('\n');
  assert.equal(list.length, 4, list.join('\n'));
  assert.match(list[0], /^alpha\s+alpha\.test, www\.alpha\.test\s+Alpha Press$/);
  assert.match(list[1], /^beta\s+beta\.test\s+The Open Minutes$/);
  assert.match(list[2], /^delta\s+\(not served\)\s+A generated press$/);
  assert.match(list[3], /^gamma\s+\(not served\)\s+Gamma$/);

  assert.match(ok(cli('press', 'hosts', '--data', srv, 'gamma', '--host', 'gamma.test', '--host', 'g.test')).stdout,
    /press 'gamma' is served at gamma\.test, g\.test/);
  ok(cli('press', 'hosts', '--data', srv, 'alpha', '--host', 'alpha.test'));
  assert.deepEqual(hostLines(), ['alpha.test alpha', 'beta.test beta', 'g.test gamma', 'gamma.test gamma']);
  const before = hostsFile();
  let r = cli('press', 'hosts', '--data', srv, 'gamma', '--host', 'beta.test');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /host 'beta\.test' is mapped to press 'beta'/);
  r = cli('press', 'hosts', '--data', srv, 'nope', '--host', 'n.test');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no press 'nope'/);
  r = cli('press', 'hosts', '--data', srv, 'gamma');
  assert.equal(r.status, 2);
  assert.equal(hostsFile(), before);

  // remove unmaps and keeps the folder; --delete-files deletes it, not what links point to.
  assert.match(ok(cli('press', 'remove', '--data', srv, 'gamma')).stdout, /not served/);
  assert.ok(existsSync(`${srv}/presses/gamma/site.db`));
  assert.doesNotMatch(hostsFile(), /gamma/);
  assert.match(ok(cli('press', 'list', '--data', srv)).stdout, /gamma\s+\(not served\)\s+Gamma/);
  const outside = `${dir}/outside`;
  mkdirSync(outside);
  writeFileSync(`${outside}/keep.txt`, 'precious');
  symlinkSync(outside, `${srv}/presses/gamma/linked`);
  r = ok(cli('press', 'remove', '--data', srv, 'gamma', '--delete-files'));
  assert.match(r.stdout, /deleted .*presses\/gamma/);
  assert.ok(!existsSync(`${srv}/presses/gamma`));
  assert.equal(readFileSync(`${outside}/keep.txt`, 'utf8'), 'precious');

  // A press folder that is a link is not deleted through it.
  symlinkSync(outside, `${srv}/presses/alias`);
  r = cli('press', 'remove', '--data', srv, 'alias', '--delete-files');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /symbolic link/);
  assert.ok(existsSync(`${outside}/keep.txt`));

  r = cli('press', 'remove', '--data', srv, 'gamma');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no press 'gamma'/);
  r = cli('press', 'list', '--data', `${dir}/single`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a server folder/);
});
