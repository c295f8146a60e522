// upgrade-fixtures: makes tests/e2e/data/schema-N/, a data folder made by the last release of
// each earlier schema, for the upgrade test. It builds each release from its commit in a
// temporary folder outside the project and drives that release's own binary: init, posts,
// comments through its server, and (schema 2) an owner who signs in and uploads an image.
// usage: node scripts/upgrade-fixtures.mjs   (run from anywhere; needs git, make, sqlite3)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, csrfOf, png } from '../tests/e2e/client.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PW = 'an old release password';
const releases = [
  // The last commit of each schema: 1 before accounts came, 2 the last release (15961e8).
  { schema: 1, commit: '8c2bc14', title: 'Schema One Press' },
  { schema: 2, commit: '15961e8', title: 'Schema Two Press' },
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(bin, args, input) {
  return execFileSync(bin, args, { encoding: 'utf8', input, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
}

function serve(bin, data) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok({ url: `http://127.0.0.1:${m[1]}`, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${err}`)));
  });
}

async function comment(url, slug, token, fields) {
  const r = await fetch(`${url}/posts/${slug}/comments`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, ...fields }) });
  if (r.status !== 303) throw new Error(`comment: ${r.status} ${await r.text()}`);
  return Number(r.headers.get('location').match(/mine=(\d+)/)[1]);
}

async function make(rel, work) {
  const src = join(work, `src-${rel.commit}`);
  mkdirSync(src);
  execFileSync('sh', ['-c', `git -C "${root}" archive ${rel.commit} | tar -x -C "${src}"`]);
  execFileSync('make', ['-s', '-j2', 'broadside'], { cwd: src, stdio: 'inherit' });
  const bin = join(src, 'broadside');
  const data = join(work, `schema-${rel.schema}`);
  run(bin, ['init', '--data', data, '--title', rel.title, '--demo']);
  run(bin, ['site', 'set', '--data', data, 'tagline', 'Kept from an older schema']);
  let image = '';
  if (rel.schema >= 2)
    run(bin, ['user', 'add', '--data', data, '--handle', 'keeper', '--name', 'Kee Per', '--role', 'owner', '--password-stdin'], PW + '\n');
  const srv = await serve(bin, data);
  try {
    if (rel.schema >= 2) {
      const c = new Client(srv.url);
      const login = await c.get('/admin/login');
      const r = await c.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'keeper', password: PW });
      if (r.status !== 303) throw new Error(`sign-in: ${r.status}`);
      const media = await c.get('/admin/media');
      const up = await c.post('/admin/media', { _csrf: csrfOf(media.html) }, { name: 'kept.png', type: 'image/png', bytes: png('kept') });
      image = up.html.match(/\/media\/[0-9a-f]{64}\.png/)[0];
    }
    const md = join(work, `kept-${rel.schema}.md`);
    writeFileSync(md, `---\ntitle: Kept across upgrades\nslug: kept\ndate: 2026-03-01\ntags: [Upgrade, Ünïcode]\n---\nThis post was written by schema ${rel.schema}. #Kept\n${image ? `\n![kept](${image})\n` : ''}`);
    run(bin, ['post', 'add', '--data', data, md]);
    const html = await (await fetch(`${srv.url}/posts/kept`)).text();
    const token = html.match(/name="token" value="([^"]+)"/)[1];
    await sleep(3100); // the release's own rule: a form's token must be 3 s old
    const first = await comment(srv.url, 'kept', token, { name: 'Old Reader', body: `A comment from schema ${rel.schema}.` });
    await comment(srv.url, 'kept', token, { name: 'Other Reader', body: 'A reply, kept too.', parent: String(first) });
  } finally {
    await srv.stop();
  }
  execFileSync('sqlite3', [join(data, 'site.db'), 'PRAGMA wal_checkpoint(TRUNCATE)']);
  const out = join(root, 'tests/e2e/data', `schema-${rel.schema}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(data, 'site.db'), join(out, 'site.db'));
  if (image) cpSync(join(data, 'media'), join(out, 'media'), { recursive: true, filter: (s) => !s.endsWith('.tmp') });
  console.log(`${out}: made by ${rel.commit} (schema ${rel.schema})`);
}

const work = mkdtempSync(join(tmpdir(), 'bs-fixtures-'));
try {
  for (const rel of releases) await make(rel, work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
