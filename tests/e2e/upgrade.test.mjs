// upgrade: data folders made by the last release of each earlier schema (tests/e2e/data/, made
// by scripts/upgrade-fixtures.mjs from those releases' own source) open with this version: every
// migration in one transaction, posts, comments, accounts and uploads kept; a migration that
// fails part way leaves the folder as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { cli, tempDir, serve, cleanup } from './harness.mjs';
import { Client, csrfOf, png } from './client.mjs';

const PW = 'an old release password'; // the fixture's owner, see scripts/upgrade-fixtures.mjs
const FIXTURES = new URL('./data/', import.meta.url).pathname;
const sql = (dir, q) => execFileSync('sqlite3', [`${dir}/site.db`, q], { encoding: 'utf8' }).trim();
const ok = (r) => {
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r;
};
let dir, current;

before(() => {
  dir = tempDir('bs-upgrade-');
  ok(cli('init', '--data', `${dir}/fresh`));
  current = Number(sql(`${dir}/fresh`, "SELECT value FROM meta WHERE key = 'schema_version'"));
});
after(() => cleanup(dir));

const counts = (d) => sql(d, 'SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM comments), (SELECT count(*) FROM users), (SELECT count(*) FROM tags)');

for (const schema of [1, 2]) {
  test(`a folder of schema ${schema}, made by its release, opens and is brought up to date`, async () => {
    const d = `${dir}/schema-${schema}`;
    cpSync(`${FIXTURES}/schema-${schema}`, d, { recursive: true });
    assert.equal(sql(d, "SELECT value FROM meta WHERE key = 'schema_version'"), String(schema));
    assert.ok(current > schema);
    const before = counts(d);
    // check reads it as it is, and changes nothing.
    const c = ok(cli('check', '--data', d));
    assert.match(c.stdout, new RegExp(`schema: ${schema}, older than this broadside's ${current}: the first command or server to open it brings it up to date, in one transaction`));
    assert.equal(sql(d, "SELECT value FROM meta WHERE key = 'schema_version'"), String(schema));

    const srv = await serve(d);
    try {
      const page = await (await fetch(srv.url + '/posts/kept')).text();
      assert.match(page, new RegExp(`This post was written by schema ${schema}\\.`));
      assert.match(page, new RegExp(`A comment from schema ${schema}\\.`));
      assert.match(page, /A reply, kept too\./);
      assert.match(page, /Ünïcode/);
      assert.match(await (await fetch(srv.url + '/')).text(), /Schema (One|Two) Press/);
      assert.equal((await fetch(srv.url + '/tag/upgrade')).status, 200);
      assert.match(await (await fetch(srv.url + '/search?q=written')).text(), /Kept across upgrades/);
      if (schema >= 2) {
        const image = page.match(/\/media\/[0-9a-f]{64}\.png/)[0];
        assert.deepEqual(Buffer.from(await (await fetch(srv.url + image)).arrayBuffer()), png('kept'));
        const owner = new Client(srv.url);
        const login = await owner.get('/admin/login');
        const r = await owner.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'keeper', password: PW });
        assert.equal(r.status, 303, 'the old release\'s password still signs in');
        assert.equal((await owner.get('/admin')).status, 200);
      }
    } finally {
      await srv.stop();
    }
    assert.equal(sql(d, "SELECT value FROM meta WHERE key = 'schema_version'"), String(current));
    assert.equal(sql(d, 'PRAGMA integrity_check'), 'ok');
    assert.equal(counts(d), before, 'every post, comment, user and tag is kept');
    assert.match(ok(cli('check', '--data', d)).stdout, new RegExp(`schema: ${current}, this broadside's[\\s\\S]*no problems found`));
  });
}

test('a backup of an old folder keeps its schema; the restored press upgrades when opened', async () => {
  const d = `${dir}/old-for-backup`;
  cpSync(`${FIXTURES}/schema-2`, d, { recursive: true });
  ok(cli('backup', '--data', d, '--out', `${dir}/old.zip`));
  assert.equal(sql(d, "SELECT value FROM meta WHERE key = 'schema_version'"), '2', 'a backup changes nothing');
  const r = ok(cli('restore', '--data', `${dir}/old-restored`, `${dir}/old.zip`));
  assert.match(r.stdout, new RegExp(`the database has schema 2; the first command or server to open it brings it up to ${current}`));
  ok(cli('post', 'list', '--data', `${dir}/old-restored`));
  assert.equal(sql(`${dir}/old-restored`, "SELECT value FROM meta WHERE key = 'schema_version'"), String(current));
});

test('migrations run in one transaction: one that fails part way leaves the folder as it was', () => {
  const d = `${dir}/half`;
  cpSync(`${FIXTURES}/schema-1`, d, { recursive: true });
  // Version 3 creates this index; made in advance, it fails that step after version 2's ran.
  sql(d, 'CREATE INDEX comments_pending ON comments(id)');
  const tablesBefore = sql(d, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema ORDER BY name)");
  const r = cli('post', 'list', '--data', d);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot bring the schema up to date: index comments_pending already exists/);
  assert.equal(sql(d, "SELECT value FROM meta WHERE key = 'schema_version'"), '1');
  assert.equal(sql(d, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema ORDER BY name)"), tablesBefore,
    'no table or index of version 2 is left behind');
  assert.doesNotMatch(sql(d, "SELECT sql FROM sqlite_schema WHERE name = 'users'"), /pwhash/);
  sql(d, 'DROP INDEX comments_pending');
  ok(cli('post', 'list', '--data', d));
  assert.equal(sql(d, "SELECT value FROM meta WHERE key = 'schema_version'"), String(current));
});
