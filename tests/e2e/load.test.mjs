// load: one client cannot take the server from the others: 2,000 half-open connections from one
// address and a flood of new search queries from another leave a third reader served quickly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { cli, tempDir, serve, cleanup } from './harness.mjs';

let dir, data, srv;
// The bound, with room for a sanitizer build, which runs every request several times
// slower.
const BOUND_MS = /asan/.test(process.env.BROADSIDE || '') ? 1000 : 200;

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  assert.equal(cli('gen', '--data', data, '--posts', '5000').status, 0);
  srv = await serve(data);
});
after(async () => {
  await srv.stop();
  cleanup(dir);
});

// A GET from a given local address on a fresh connection: resolves to { status, ms }.
function timedGet(path, localAddress) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port: srv.port, path, localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', reject);
  });
}

test('half-open connections and a search flood leave other readers served', async () => {
  const paths = ['/', '/archive', '/search?q=branch', '/feed.atom', '/tag/topic_1'];
  for (const p of paths) assert.equal((await timedGet(p, '127.0.0.2')).status, 200, p); // warm the cache
  // 2,000 connections from 127.0.0.1, each with half a request and no blank line.
  const held = [];
  let refused = 0;
  await Promise.all(Array.from({ length: 2000 }, () => new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.1' });
    s.on('connect', () => {
      s.write('GET / HTTP/1.1\r\nHost: x\r\n');
      held.push(s);
      resolve();
    });
    s.on('error', () => { refused++; resolve(); });
    s.on('close', () => { refused++; });
  })));
  // Random new queries from 127.0.0.3, as fast as the server answers them.
  let flooding = true, floodAnswers = 0, flood429 = 0;
  const words = ['press', 'branch', 'member', 'charter', 'resolution', 'minutes', 'budget', 'vote'];
  const flood = Array.from({ length: 40 }, async () => {
    while (flooding) {
      const q = Array.from({ length: 4 }, () => words[Math.floor(Math.random() * words.length)] + (Math.random() < 0.5 ? '*' : '')).join(' OR ');
      try {
        const r = await timedGet(`/search?q=${encodeURIComponent(q)}&page=${1 + Math.floor(Math.random() * 50)}`, '127.0.0.3');
        floodAnswers++;
        if (r.status === 429) flood429++;
      } catch { /* refused: the flood's own problem */ }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  const slow = [];
  for (let round = 0; round < 4; round++) {
    for (const p of paths) {
      const r = await timedGet(p, '127.0.0.2');
      assert.equal(r.status, 200, p);
      if (r.ms >= BOUND_MS) slow.push(`${p}: ${r.ms.toFixed(0)} ms`);
    }
  }
  flooding = false;
  await Promise.all(flood);
  for (const s of held) s.destroy();
  assert.deepEqual(slow, [], `pages slower than ${BOUND_MS} ms`);
  assert.ok(refused > 1000, `one address held at most its share (${2000 - refused} connections kept)`);
  assert.ok(flood429 > 0, `the flood ran out of its budget (${floodAnswers} answers)`);
});

test("a request's headers have a deadline", async () => {
  const s2 = await serve(data, ['--header-seconds', '1']);
  try {
    const closed = await new Promise((resolve) => {
      const s = net.connect(s2.port, '127.0.0.1');
      let n = 0;
      // One header line every 300 ms: an idle timeout never fires, the deadline does.
      const tick = setInterval(() => s.write(`X-Slow-${n++}: 1\r\n`), 300);
      s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n'));
      s.on('close', () => { clearInterval(tick); resolve(n); });
      s.on('error', () => {});
      setTimeout(() => { clearInterval(tick); s.destroy(); resolve(-1); }, 8000);
    });
    assert.ok(closed > 0 && closed < 15, `closed after ${closed} slow header lines`);
  } finally {
    await s2.stop();
  }
});
