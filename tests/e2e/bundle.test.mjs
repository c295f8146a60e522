// bundle: `broadside export` and `broadside import bundle` end to end: a press with one of
// everything exported, imported into a new press and exported again gives the same bundle
// (apart from its time), and both presses serve the same bytes on every page; the bundle
// carries no member, email, password or key; damaged, tampered and hostile bundles are refused
// with what is wrong, and nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { cli, tempDir, serve, cleanup } from './harness.mjs';
import { richPress, crawl, MEMBER_EMAIL, COMMENTER_EMAIL } from './richpress.mjs';

const URL = 'http://press.test';
let dir, a, clock;
before(async () => {
  dir = tempDir('bs-bundle-');
  ({ data: a, clock } = await richPress(dir, URL));
});
after(() => cleanup(dir));

const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r.stdout; };

// The entries of a tar.gz: [{ name, mtime, data }], read with our own eyes (ustar).
function entries(file) {
  const tar = gunzipSync(readFileSync(file));
  const out = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const str = (o, n) => h.subarray(o, o + n).toString('utf8').replace(/\0.*$/s, '');
    const name = (str(345, 155) ? str(345, 155) + '/' : '') + str(0, 100);
    const size = parseInt(str(124, 12), 8), mtime = parseInt(str(136, 12), 8);
    out.push({ name, mtime, data: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

// A bundle made from entries (a manifest given or made to match), as broadside writes one.
function bundleOf(list) {
  const blocks = [];
  for (const { name, data } of list) {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100); h.write('0000000\0', 108); h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.fill(' ', 148, 156); h.write('0', 156); h.write('ustar\0', 257); h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

test('export, import, export again: the same bundle apart from its time, the same pages', async () => {
  const out = ok(cli('export', '--data', a, '--out', `${dir}/a.tar.gz`));
  assert.match(out, /4 writers, \d+ posts, 2 pages, \d+ revisions, 6 comments, 1 moderation log entry, 1 medium, 1 journal issue, 2 resolutions, 0 followers/);
  const made = ok(cli('import', 'bundle', '--data', `${dir}/b`, `${dir}/a.tar.gz`));
  assert.match(made, /made from .*a\.tar\.gz \(exported by broadside [\d.]+ on \d{4}-\d\d-\d\d\)/);
  ok(cli('export', '--data', `${dir}/b`, '--out', `${dir}/b.tar.gz`));
  const ea = entries(`${dir}/a.tar.gz`), eb = entries(`${dir}/b.tar.gz`);
  assert.equal(ea[0].name, 'manifest.json');
  assert.deepEqual(eb.map((e) => e.name), ea.map((e) => e.name));
  // What may differ, and nothing else: the manifest's "exported" and the entries' mtimes.
  const timeless = (e) => e.name === 'manifest.json'
    ? e.data.toString().replace(/"exported": "[^"]+"/, '"exported": ""') : e.data.toString('base64');
  for (let i = 0; i < ea.length; i++)
    assert.equal(timeless(eb[i]), timeless(ea[i]), ea[i].name);
  const manifest = JSON.parse(ea[0].data);
  assert.equal(manifest.format, 'broadside-bundle');
  assert.equal(manifest.version, 1);
  assert.equal(manifest.members, 'left out');
  assert.ok(manifest.files.some((f) => f.path === 'posts/about-this-press.md' && f.section === 'posts'));
  assert.ok(manifest.files.some((f) => /^media\/[0-9a-f]{64}\.png$/.test(f.path)));
  assert.deepEqual(manifest.sections.slice(-3), ['branches', 'resolutions', 'fediverse']);
  for (const f of ['versions', 'amendments', 'decisions', 'endorsements', 'log'])
    assert.ok(manifest.files.some((x) => x.path === `resolutions/${f}.jsonl` && x.section === 'resolutions'), f);
  const lines = (name) => ea.find((e) => e.name === name).data.toString().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines('branches.jsonl').map((b) => b.name), ['Harbour Street', 'Dock Road']);
  assert.equal(lines('resolutions/versions.jsonl').length, 3, 'two versions of one, one of the other');
  assert.deepEqual(lines('resolutions/decisions.jsonl').map((d) => d.outcome), [0, 3], 'a decision and its correction');
  // The post files are what `post add` reads: one parses back by itself.
  const about = ea.find((e) => e.name === 'posts/about-this-press.md').data.toString();
  assert.match(about, /^---\ntitle: "About this press"\nslug: about-this-press\n/);
  const fresh = `${dir}/fresh`;
  ok(cli('init', '--data', fresh));
  writeFileSync(`${dir}/about.md`, about.replace(/^author: .*\n/m, ''));
  ok(cli('post', 'add', '--data', fresh, `${dir}/about.md`));

  // Both presses, at the same moment, serve the same bytes (comment forms carry a token each
  // press signs with its own secret, ...
  const sa = await serve(a, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
  const sb = await serve(`${dir}/b`, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
  try {
    const extra = ['/2019/03/04/march-meeting', '/category/meetings', '/journal/1/1.epub'];
    const pa = await crawl(sa.url, URL, extra), pb = await crawl(sb.url, URL, extra);
    assert.ok(pa.size > 40, `only ${pa.size} pages`);
    assert.deepEqual([...pb.keys()].sort(), [...pa.keys()].sort());
    // ... and the actors' public keys are each press's own (keys never leave a press).
    const mask = (b) => b.toString('latin1').replace(/name="(token|_csrf)" value="[^"]+"/g, 'name="$1"')
      .replace(/"publicKeyPem":"-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\n]+-----END PUBLIC KEY-----\\n"/g, '"publicKeyPem":""');
    for (const [path, r] of pa) {
      const s = pb.get(path);
      assert.equal(s.status, r.status, path);
      assert.equal(s.location, r.location, path);
      assert.equal(mask(s.body), mask(r.body), path);
    }
    assert.equal(pa.get('/2019/03/04/march-meeting').status, 301);
    assert.equal(pa.get('/journal/1/1.epub').status, 200);
    assert.match(pa.get('/posts/why-this-press-exists').body.toString(), /Removed by a moderator/);
    for (const p of ['/resolutions/on-rents', '/resolutions/on-rents/versions/1', '/resolutions/on-rents/diff/1/2', '/resolutions/on-rents.txt', '/resolutions/feed.atom'])
      assert.equal(pa.get(p)?.status, 200, p);
    const res = pa.get('/resolutions/on-rents').body.toString();
    assert.match(res, /Dock Road/);
    assert.match(res, /deferred/);
    // The search finds a restored resolution.
    const q = async (u) => (await (await fetch(`${u}/search?q=thousand+homes`)).text()).replace(/name="(token|_csrf)" value="[^"]+"/g, '');
    const [qa, qb] = [await q(sa.url), await q(sb.url)];
    assert.match(qa, /On rents/);
    assert.equal(qb, qa);
  } finally {
    await sa.stop();
    await sb.stop();
  }
});

test('the bundle holds no member, email, address, password, session or key', () => {
  const file = `${dir}/private.tar.gz`;
  const r = ok(cli('export', '--data', a, '--out', file));
  const warn = cli('export', '--data', a, '--out', `${dir}/again.tar.gz`).stderr;
  assert.match(warn, /holds no member or subscriber \(1 left out\), no commenter's email or address, no password, session or key/);
  assert.ok(r.length);
  const all = entries(file).map((e) => `${e.name}\n${e.data}`).join('\n');
  for (const secret of [MEMBER_EMAIL, 'Secret Member', COMMENTER_EMAIL, '203.0.113.77', 'pwhash', 'argon2'])
    assert.ok(!all.includes(secret), secret);
  const key = readFileSync(`${a}/keys/press.key`);
  assert.ok(!gunzipSync(readFileSync(file)).includes(key));
  const db = spawnSync('sqlite3', [`${a}/site.db`, "SELECT value FROM meta WHERE key = 'secret'"], { encoding: 'utf8' });
  assert.ok(!all.includes(db.stdout.trim()));
  // The imported press has a key of its own, and its audit log says the export left members out.
  assert.notDeepEqual(readFileSync(`${dir}/b/keys/press.key`), key);
  assert.match(ok(cli('audit', 'verify', '--data', a)), /\d+ entries/);
  const log = spawnSync('sqlite3', [`${a}/site.db`, "SELECT detail FROM audit WHERE action = 'export'"], { encoding: 'utf8' });
  assert.match(log.stdout, /members and subscribers were left out/);
});

test('what a member did on a resolution stays on the record without the member', () => {
  const sue = ok(cli('member', 'list', '--data', a)).match(/^\s*(\d+)/m)[1];
  ok(cli('resolution', 'amend', '--data', a, 'on-rents', '--member', sue, '--kind', 'delete', '--lines', '4', '--reason', 'No freeze.'));
  ok(cli('resolution', 'endorse', '--data', a, 'on-rents', '--member', sue));
  ok(cli('export', '--data', a, '--out', `${dir}/m.tar.gz`));
  ok(cli('import', 'bundle', '--data', `${dir}/m`, `${dir}/m.tar.gz`));
  const before = ok(cli('resolution', 'show', '--data', a, 'on-rents'));
  const after = ok(cli('resolution', 'show', '--data', `${dir}/m`, 'on-rents'));
  assert.match(before, /A3 +delete line 4, by a member of Dock Road: open/);
  assert.match(after, /A3 +delete line 4, by a former member: open/);
  assert.equal(after.replace('a former member', 'a member of Dock Road'), before);
  const count = (d) => spawnSync('sqlite3', [`${d}/site.db`, 'SELECT count(*), count(member_id) FROM res_endorsements'], { encoding: 'utf8' }).stdout.trim();
  assert.equal(count(a), '2|1');
  assert.equal(count(`${dir}/m`), '2|0', 'the endorsement counts, without its member');
});

test('an existing file, a press that is not empty, and a damaged bundle are refused; nothing is left', () => {
  const good = `${dir}/a.tar.gz`;
  assert.equal(cli('export', '--data', a, '--out', good).status, 1);
  const into = `${dir}/notempty`;
  mkdirSync(into);
  writeFileSync(`${into}/x`, 'x');
  let r = cli('import', 'bundle', '--data', into, good);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is not empty: a bundle is imported into a new press/);
  r = cli('import', 'bundle', '--data', a, good);
  assert.equal(r.status, 1);

  const list = entries(good);
  const leftovers = () => readdirSync(dir).filter((f) => f.includes('.import-'));
  const refused = (name, bytes, re) => {
    writeFileSync(`${dir}/${name}.tar.gz`, bytes);
    const res = cli('import', 'bundle', '--data', `${dir}/${name}`, `${dir}/${name}.tar.gz`);
    assert.equal(res.status, 1, `${name}: ${res.stdout}`);
    assert.match(res.stderr, re, name);
    assert.match(res.stderr, /nothing was imported/);
    assert.ok(!existsSync(`${dir}/${name}`), name);
    assert.deepEqual(leftovers(), []);
  };
  // A changed byte in a post file: its sha256 is not the manifest's.
  const changed = list.map((e) => e.name === 'posts/about-this-press.md'
    ? { ...e, data: Buffer.from(e.data.toString().replace('Who', 'Wh0')) } : e);
  refused('tampered', bundleOf(changed), /posts\/about-this-press\.md: its sha256 is not the one the manifest gives/);
  // Cut short, not gzip, a file the manifest lacks, one it lists and the bundle lacks.
  const raw = readFileSync(good);
  refused('cut', raw.subarray(0, raw.length - 100), /cut short|broken/);
  refused('notgz', Buffer.from('PK\x03\x04 not a bundle'), /this is not a broadside bundle: this is not a gzip file/);
  refused('extra', bundleOf([...list, { name: 'posts/../../evil.md', data: Buffer.from('x') }]), /manifest does not list: refused/);
  refused('missing', bundleOf(list.filter((e) => e.name !== 'users.jsonl')), /users\.jsonl: the manifest lists it, and the bundle lacks it/);
  // A newer format, a section this program does not know, a path out of the bundle.
  const withManifest = (edit) => {
    const m = JSON.parse(list[0].data);
    edit(m);
    return bundleOf([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(m)) }, ...list.slice(1)]);
  };
  refused('newer', withManifest((m) => { m.version = 2; }), /format version 2 \(made by broadside [\d.]+\), and this broadside reads version 1/);
  refused('unknown', withManifest((m) => { m.sections.push('telepathy'); }), /the section 'telepathy', which this broadside does not know/);
  refused('traversal', withManifest((m) => { m.files.push({ path: '../../etc/passwd', section: 'posts', size: 1, sha256: '0'.repeat(64) }); }), /'\.\.\/\.\.\/etc\/passwd' is no name a bundle holds/);
  // A row that does not hold, with the manifest made to match: the first broken line is named,
  // the new press never appears.
  const sha = (b) => spawnSync('sha256sum', { input: b, encoding: 'utf8' }).stdout.slice(0, 64);
  const withRow = (file, edit) => {
    const edited = list.map((e) => e.name === file ? { ...e, data: Buffer.from(edit(e.data.toString())) } : e);
    const m = JSON.parse(list[0].data);
    for (const f of m.files) {
      const e = edited.find((x) => x.name === f.path);
      f.size = e.data.length;
      f.sha256 = sha(e.data);
    }
    edited[0] = { name: 'manifest.json', data: Buffer.from(JSON.stringify(m)) };
    return bundleOf(edited);
  };
  refused('badrow', withRow('comments.jsonl', (t) => t.replace(/"depth":\d/, '"depth":9')), /comments\.jsonl:1: "depth" is 9, outside 0 to 5/);
  // Resolutions: a version's text not as the editor keeps it, ids that do not fit its
  // paragraphs, a decision of a branch the bundle lacks, a draft with a current version.
  refused('badversion', withRow('resolutions/versions.jsonl', (t) => t.replace('"body":"# On rents', '"body":"\\n\\n# On rents')), /resolutions\/versions\.jsonl:1: "body" is not as a version's text is kept/);
  refused('badids', withRow('resolutions/versions.jsonl', (t) => t.replace(/"para_ids":"[^"]*"/, '"para_ids":"1 2"')), /resolutions\/versions\.jsonl:1: "para_ids" does not give one id a paragraph/);
  refused('nobranch', withRow('resolutions/decisions.jsonl', (t) => t.replace(/"branch":1,/, '"branch":77,')), /resolutions\/decisions\.jsonl:1: the row names something the bundle does not hold/);
  refused('draftcurrent', withRow('resolutions/resolutions.jsonl', (t) => t.replace(/"state":1,/, '"state":0,')), /resolutions\/resolutions\.jsonl:1: "current" is 2 for a resolution in state 0/);
});

test('the Fediverse\'s followers, the actors they are and the press\'s blocks go along', async () => {
  const f = `${dir}/fed`;
  ok(cli('gen', '--data', f, '--posts', '3', '--followers', '12', '--follower-inboxes', '3'));
  ok(cli('site', 'set', '--data', f, 'url', URL));
  ok(cli('fed', 'block', '--data', f, '--reason', 'Spam, all of it.', 'spam.example'));
  const out = ok(cli('export', '--data', f, '--out', `${dir}/fed.tar.gz`));
  assert.match(out, /0 resolutions, 12 followers/);
  ok(cli('import', 'bundle', '--data', `${dir}/fed2`, `${dir}/fed.tar.gz`));
  ok(cli('export', '--data', `${dir}/fed2`, '--out', `${dir}/fed2.tar.gz`));
  const ea = entries(`${dir}/fed.tar.gz`), eb = entries(`${dir}/fed2.tar.gz`);
  const timeless = (e) => e.data.toString().replace(/"exported": "[^"]+"/, '');
  assert.deepEqual(eb.map(timeless), ea.map(timeless));
  const manifest = JSON.parse(ea[0].data);
  assert.equal(manifest.sections.at(-1), 'fediverse');
  for (const name of ['fediverse/actors.jsonl', 'fediverse/followers.jsonl', 'fediverse/blocks.jsonl'])
    assert.ok(ea.some((e) => e.name === name), name);
  // Neither press's RSA key is in either bundle.
  const all = Buffer.concat(ea.map((e) => e.data)).toString();
  assert.doesNotMatch(all, /PRIVATE KEY/);
  for (const what of [['fed', 'followers', '--handle', 'writer1'], ['fed', 'blocks']]) {
    const before = ok(cli(...what, '--data', f)), after = ok(cli(...what, '--data', `${dir}/fed2`));
    assert.ok(before.length > 0, what.join(' '));
    assert.equal(after, before, what.join(' '));
  }
  const sa = await serve(f), sb = await serve(`${dir}/fed2`);
  try {
    const get = async (u) => (await fetch(`${u}/users/writer1/followers`, { headers: { accept: 'application/activity+json' } })).text();
    const [ca, cb] = [await get(sa.url), await get(sb.url)];
    assert.match(ca, /"totalItems":12/);
    assert.equal(cb, ca);
  } finally {
    await sa.stop();
    await sb.stop();
  }
  // An actor's address that is not the web's is refused by line, and nothing is made.
  const bad = ea.map((e) => e.name === 'fediverse/actors.jsonl'
    ? { ...e, data: Buffer.from(e.data.toString().replace('"uri":"https://followers.example/users/f1"', '"uri":"javascript:alert(1)"')) } : e);
  const m = JSON.parse(ea[0].data);
  for (const x of m.files) {
    const e = bad.find((y) => y.name === x.path);
    x.size = e.data.length;
    x.sha256 = spawnSync('sha256sum', { input: e.data, encoding: 'utf8' }).stdout.slice(0, 64);
  }
  bad[0] = { name: 'manifest.json', data: Buffer.from(JSON.stringify(m)) };
  writeFileSync(`${dir}/badactor.tar.gz`, bundleOf(bad));
  const r = cli('import', 'bundle', '--data', `${dir}/badactor`, `${dir}/badactor.tar.gz`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /fediverse\/actors\.jsonl:1: "uri" is not an http or https address/);
  assert.ok(!existsSync(`${dir}/badactor`));
});
