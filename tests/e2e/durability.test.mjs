// durability: comments under a loop of posts and kill -9. A 303 is sent only after COMMIT, so
// every acknowledged comment must survive the kill, and no comment may ever be half-written.
// DURABILITY_SEED=N replays a run's kill timings (the seed is printed as a diagnostic).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { BIN, cli, tempDir, cleanup } from './harness.mjs';

const SLUG = 'why-this-press-exists';
const ROUNDS = 8;
const CLIENTS = 6;
const seed = Number(process.env.DURABILITY_SEED) || (Date.now() % 1000000007);

let dir, data, token;
const sent = new Map(); // body -> { name, email, round }: every comment ever sent
const acked = new Map(); // body -> id from the 303's Location
const surprises = []; // any answer other than a 303 while the server ran

// A small seeded PRNG (mulberry32), so a failing run's timings can be replayed.
function prng(s) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(seed);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Like harness serve(), but keeps the child so the test can SIGKILL it.
function start() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '2'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const exited = new Promise((done) => child.once('exit', (code, sig) => done(code ?? sig)));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('server did not start: ' + err)); }, 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), exited, stderr: () => err });
      }
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); });
  });
}

// One request on its own connection; resolves to { status, headers, body } once the whole
// response is in, rejects on any connection error (as when the server is killed mid-request).
function request(port, method, path, body = '') {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (fn, v) => { if (!settled) { settled = true; sock.destroy(); fn(v); } };
    const parse = () => {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return null;
      const head = buf.subarray(0, h).toString('latin1').split('\r\n');
      const status = Number(head[0].split(' ')[1]);
      const headers = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const len = Number(headers['content-length'] ?? NaN);
      if (Number.isNaN(len) || buf.length < h + 4 + len) return null;
      return { status, headers, body: buf.subarray(h + 4, h + 4 + len).toString('utf8') };
    };
    sock.setTimeout(20000, () => finish(reject, new Error('timeout')));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const r = parse();
      if (r) finish(resolve, r);
    });
    sock.on('error', (e) => finish(reject, e));
    sock.on('close', () => finish(reject, new Error(`connection closed after ${buf.length} bytes`)));
    const b = Buffer.from(body);
    sock.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n` +
      (method === 'POST' ? `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${b.length}\r\n` : '') +
      '\r\n');
    if (b.length) sock.write(b);
  });
}

// Posts comments back to back until the server dies (or `stop` is set).
async function client(port, round, c, state) {
  for (let n = 0; !state.stop; n++) {
    const tag = `${round}-${c}-${n}`;
    // Short enough (< 60 bytes, one line) that `comment list` shows all of it.
    const body = `durable-${tag} **whole** end`;
    const name = `Writer ${tag}`;
    const email = `w${tag}@example.org`;
    sent.set(body, { name, email, round });
    const form = new URLSearchParams({ token, homepage: '', name, email, website: '', body }).toString();
    let r;
    try {
      r = await request(port, 'POST', `/posts/${SLUG}/comments`, form);
    } catch {
      return; // the server is gone: this one is unacknowledged
    }
    const m = r.status === 303 && (r.headers.location || '').match(/[?&](?:mine|held)=(\d+)/);
    if (!m) {
      surprises.push(`round ${round}: POST ${body} -> ${r.status} ${r.headers.location || ''} ${r.body.slice(0, 300)}`);
      return;
    }
    acked.set(body, Number(m[1]));
  }
}

// The database as `broadside comment list` reads it: one row per comment.
function rows() {
  const r = cli('comment', 'list', '--data', data, '--status', 'all', '--limit', '100000');
  assert.equal(r.status, 0, r.stderr);
  const out = [];
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const m = line.match(/^(\d+)\s+(\S+)\s+(\S+)\s+\/posts\/(\S+)\s+(.*?) <(.*?)> (\S*): (.*)$/);
    assert.ok(m, `a comment list line: ${line}`);
    out.push({ id: Number(m[1]), status: m[2], slug: m[4], name: m[5], email: m[6], body: m[8] });
  }
  return out;
}

// Every acknowledged comment is there under its id; every row is whole and was sent.
function checkDatabase(after) {
  const all = rows();
  const byId = new Map();
  const seen = new Set();
  for (const row of all) {
    assert.ok(!byId.has(row.id), `comment ${row.id} listed twice`);
    byId.set(row.id, row);
    const s = sent.get(row.body);
    assert.ok(s, `after round ${after}: comment ${row.id} has a body that was never sent whole: ${JSON.stringify(row)}`);
    assert.ok(!seen.has(row.body), `after round ${after}: body stored twice: ${row.body}`);
    seen.add(row.body);
    assert.equal(row.name, s.name, `comment ${row.id}: name`);
    assert.equal(row.email, s.email, `comment ${row.id}: email`);
    assert.equal(row.slug, SLUG, `comment ${row.id}: post`);
    assert.equal(row.status, 'published', `comment ${row.id}: status`);
  }
  for (const [body, id] of acked) {
    const row = byId.get(id);
    assert.ok(row, `after round ${after}: acknowledged comment ${id} (${body}) is lost`);
    assert.equal(row.body, body, `after round ${after}: comment ${id} holds another body`);
  }
  return all;
}

// The restarted server shows exactly the stored comments, rendered whole, and counts them.
async function checkPage(port, stored, after) {
  const r = await request(port, 'GET', `/posts/${SLUG}`);
  assert.equal(r.status, 200);
  const h = r.body.match(/<section id="comments"[^>]*>\s*<h2>(\d+) comments?<\/h2>/);
  assert.ok(h, 'the comment count heading');
  assert.equal(Number(h[1]), stored.length, `after round ${after}: the post's comment count`);
  const shown = new Map();
  const re = /<li id="comment-(\d+)">[\s\S]*?<strong class="commenter">([^<]*)<\/strong>[\s\S]*?<div class="comment-body">\s*([\s\S]*?)\s*<\/div>/g;
  for (const m of r.body.matchAll(re)) shown.set(Number(m[1]), { name: m[2], html: m[3] });
  assert.equal(shown.size, stored.length, `after round ${after}: comments on the page`);
  for (const row of stored) {
    const s = shown.get(row.id);
    assert.ok(s, `comment ${row.id} is on the page`);
    assert.equal(s.name, row.name, `comment ${row.id}: name on the page`);
    const tag = row.body.match(/^durable-(\S+) /)[1];
    assert.equal(s.html, `<p>durable-${tag} <strong>whole</strong> end</p>`, `comment ${row.id}: rendered body`);
  }
}

before(async () => {
  dir = tempDir('bs-durable-');
  data = `${dir}/site`;
  for (const args of [['init', '--data', data, '--demo'],
    ['site', 'set', '--data', data, 'comment_policy', 'publish'], // each comment is public at once
    ['site', 'set', '--data', data, 'comments_per_minute', '100000'],
    ['site', 'set', '--data', data, 'comments_per_day', '100000']]) {
    const r = cli(...args);
    assert.equal(r.status, 0, r.stderr);
  }
  // One form token serves every round: it is signed with the site's stored secret, so it
  // outlives restarts, and it may be reused for many comments on the same post.
  const srv = await start();
  const page = await request(srv.port, 'GET', `/posts/${SLUG}`);
  token = page.body.match(/name="token" value="([^"]+)"/)[1];
  srv.child.kill('SIGKILL');
  await srv.exited;
  await sleep(3100); // the token must be 3 s old
});

after(() => cleanup(dir));

test(`kill -9 during a stream of comments never loses an acknowledged one nor half-writes one (${ROUNDS} rounds)`, { timeout: 180000 }, async (t) => {
  t.diagnostic(`seed ${seed}`);
  const t0 = Date.now();
  let stored = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const srv = await start();
    // What the last kill left: the database, and the restarted server's view of it.
    await checkPage(srv.port, stored, round - 1);
    const ackedBefore = acked.size;
    const state = { stop: false };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(srv.port, round, c, state));
    // Let the stream reach full speed, then kill at a random moment inside it.
    const delay = 50 + Math.floor(rand() * 350);
    await sleep(delay);
    srv.child.kill('SIGKILL');
    const how = await srv.exited;
    state.stop = true;
    await Promise.all(clients);
    assert.equal(how, 'SIGKILL', 'the server died of the kill, not before it');
    assert.deepEqual(surprises, [], 'every answer before the kill was a 303');
    stored = checkDatabase(round);
    const sentRound = [...sent.values()].filter((s) => s.round === round).length;
    t.diagnostic(`round ${round}: killed after ${delay} ms; ${sentRound} sent, ${acked.size - ackedBefore} acknowledged, ${stored.length} stored in all`);
  }
  // The last kill too, through a final restart.
  const srv = await start();
  await checkPage(srv.port, stored, ROUNDS);
  srv.child.kill('SIGTERM');
  await srv.exited;
  assert.ok(acked.size >= ROUNDS, `comments were acknowledged at all (${acked.size})`);
  const lost = stored.length - acked.size;
  t.diagnostic(`${sent.size} sent, ${acked.size} acknowledged, ${stored.length} stored (${lost} stored without an answer), ${Date.now() - t0} ms`);
});
