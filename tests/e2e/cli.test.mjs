// cli: the command line end to end: init, post add/list/show/delete, user, site, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { cli, tempDir, postFile, cleanup } from './harness.mjs';

let dir, data;
before(() => {
  dir = tempDir();
  data = `${dir}/site`;
  const r = cli('init', '--data', data);
  assert.equal(r.status, 0, r.stderr);
});
after(() => cleanup(dir));

test('--help and usage errors', () => {
  const h = cli('--help');
  assert.equal(h.status, 0);
  assert.match(h.stdout, /usage: broadside/);
  for (const cmd of ['init', 'serve', 'post', 'user', 'site']) {
    const r = cli(cmd, '--help');
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /usage:/, cmd);
  }
  assert.equal(cli('frobnicate').status, 2);
  assert.equal(cli('post').status, 2);
  assert.equal(cli('post', 'add', '--data', data).status, 2);
  assert.equal(cli('post', 'fly', '--data', data).status, 2);
  assert.equal(cli('serve', '--threads', 'lots').status, 2);
  assert.equal(cli('site', 'set', '--data', data, 'colour', 'red').status, 2);
});

test('init refuses an existing site; commands refuse a missing one', () => {
  const r = cli('init', '--data', data);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already holds a site/);
  const m = cli('post', 'list', '--data', `${dir}/nothing-here`);
  assert.equal(m.status, 1);
  assert.match(m.stderr, /no site here/);
});

test('post add prints URL paths; same slug updates; list, show, delete', () => {
  const a = postFile(dir, 'a.md', ['title: Hello, world', 'date: 2026-04-01', 'tags: [One, two]'], 'Body *one*.\n');
  const r = cli('post', 'add', '--data', data, a);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '/posts/hello-world\n');
  const b = postFile(dir, 'b.md', ['title: Hello again', 'slug: hello-world', 'status: unfinished'], 'Body two.\n');
  assert.equal(cli('post', 'add', '--data', data, b).stdout, '/posts/hello-world\n');
  const list = cli('post', 'list', '--data', data);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /unfinished\s+2026-04-01\s+hello-world\s+Hello again/);
  assert.equal(list.stdout.trim().split('\n').length, 1);
  const show = cli('post', 'show', '--data', data, 'hello-world');
  assert.equal(show.status, 0);
  assert.match(show.stdout, /^---\ntitle: "Hello again"\nslug: hello-world\ndate: 2026-04-01T00:00:00Z\nstatus: unfinished\n/);
  assert.match(show.stdout, /---\nBody two\.\n$/);
  // What show prints can be added back unchanged.
  writeFileSync(`${dir}/round.md`, show.stdout);
  assert.equal(cli('post', 'add', '--data', data, `${dir}/round.md`).status, 0);
  assert.equal(cli('post', 'show', '--data', data, 'hello-world').stdout, show.stdout);
  assert.equal(cli('post', 'delete', '--data', data, 'hello-world').status, 0);
  const gone = cli('post', 'show', '--data', data, 'hello-world');
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /no post with slug 'hello-world'/);
  assert.equal(cli('post', 'delete', '--data', data, 'hello-world').status, 1);
});

test('errors name the file and line, and nothing is half-written', () => {
  const good = postFile(dir, 'good.md', ['title: Good one', 'slug: good-one'], 'Fine.\n');
  const notitle = postFile(dir, 'notitle.md', ['slug: x', 'status: published'], 'No title.\n');
  let r = cli('post', 'add', '--data', data, good, notitle);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /notitle\.md:1: .*title/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(cli('post', 'list', '--data', data).stdout, /good-one/);

  const badutf = `${dir}/badutf.md`;
  writeFileSync(badutf, Buffer.concat([Buffer.from('---\ntitle: T\n---\nline two\nbad \xff here\n', 'latin1')]));
  r = cli('post', 'add', '--data', data, badutf);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /badutf\.md:5: .*UTF-8/);

  const badstatus = postFile(dir, 'badstatus.md', ['title: T', 'status: publishd'], 'x\n');
  r = cli('post', 'add', '--data', data, badstatus);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /badstatus\.md:3: .*publishd/);

  const nofm = postFile(dir, 'nofm.md', 'Just text, no front matter.\n');
  r = cli('post', 'add', '--data', data, nofm);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nofm\.md:1: /);

  const unknownAuthor = postFile(dir, 'ua.md', ['title: T', 'author: ghost'], 'x\n');
  r = cli('post', 'add', '--data', data, good, unknownAuthor);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ua\.md: unknown author '@ghost'/);
  assert.doesNotMatch(cli('post', 'list', '--data', data).stdout, /good-one/);

  r = cli('post', 'add', '--data', data, `${dir}/missing.md`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /missing\.md: No such file/);
});

test('user add validates and re-links earlier mentions; site set/show', () => {
  const m = postFile(dir, 'mention.md', ['title: Mention', 'slug: mention'], 'Thanks to @later.\n');
  assert.equal(cli('post', 'add', '--data', data, m).status, 0);
  assert.equal(cli('user', 'add', '--data', data, '--handle', 'bad handle!', '--name', 'X').status, 1);
  assert.equal(cli('user', 'add', '--data', data, '--handle', 'later').status, 2);
  const u = cli('user', 'add', '--data', data, '--handle', 'later', '--name', 'Late Comer');
  assert.equal(u.status, 0, u.stderr);
  assert.equal(u.stdout, '/@later\n');
  assert.equal(cli('user', 'add', '--data', data, '--handle', 'LATER', '--name', 'Dup').status, 1);
  assert.match(cli('user', 'list', '--data', data).stdout, /@later\s+author\s+no password\s+Late Comer/);
  assert.match(cli('post', 'show', '--data', data, 'mention').stdout, /@later/);
  assert.equal(cli('site', 'set', '--data', data, 'tagline', 'A new line').status, 0);
  assert.match(cli('site', 'show', '--data', data).stdout, /tagline\s+A new line/);
  assert.equal(cli('site', 'set', '--data', data, 'per_page', '0').status, 1);
  assert.equal(cli('site', 'set', '--data', data, 'title', '').status, 1);
  const rr = cli('post', 'rerender', '--data', data);
  assert.equal(rr.status, 0);
  assert.match(rr.stdout, /rendered \d+ posts?/);
  assert.equal(cli('site', 'set', '--data', data, 'title', 'bad\u0001title').status, 1);
});

test('init --demo builds the sample site', () => {
  const d = `${dir}/demo`;
  const r = cli('init', '--data', d, '--demo');
  assert.equal(r.status, 0, r.stderr);
  const list = cli('post', 'list', '--data', d).stdout;
  assert.match(list, /draft/);
  assert.match(list, /unfinished/);
  assert.match(list, /published/);
});
