// fed_delivery: deliveries to a loopback inbox that drops the connection, then answers 500,
// then 429 with Retry-After, then 200: each try when the schedule says (a test clock moves
// time, nothing sleeps), signed afresh and checked by a second implementation of HTTP
// Signatures (npm http-signature), and none lost across a kill -9. A 410 is given up at once;
// a server that fails five times in a row has its breaker opened, which holds its deliveries
// without spending their tries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import httpSignature from 'http-signature';
import { cli, serve, tempDir, postFile, cleanup } from './harness.mjs';
import { fedRemote } from './fedremote.mjs';

let dir, data, clock, srv, remote, other, publicPem;
const ok = (r) => assert.equal(r.status, 0, r.stderr);
// The clock stands still at T0 (ahead of the real time, so the database's own "now" is due).
const T0 = Math.floor(Date.now() / 1000) + 120;
let now = T0;
const at = (t) => writeFileSync(clock, `${(now = t)}\n`);
// Signatures of the remote servers are dated by the press's clock, as a peer's would be.
const date = () => ({ date: new Date(now * 1000) });
const tries = []; // deliveries to the shared inbox: { date, verified, digestOk, host }

// Again on the same port after a kill: the press's address (and its actors' ids) stay.
async function start(port = 0) {
  srv = await serve(data, ['--federation-allow-private', '--listen', `127.0.0.1:${port}`], { env: { BROADSIDE_TEST_CLOCK: clock } });
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
}

async function until(fn, what, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}\n${cli('fed', 'deliveries', '--data', data).stdout}\n${srv.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The delivery lines of `broadside fed deliveries` for an inbox.
const deliveries = (inbox) => cli('fed', 'deliveries', '--data', data).stdout.split('\n').filter((l) => l.includes(inbox));

// Checks a delivery as another implementation would: http-signature parses the Signature over
// the headers as they came, verifies it with the writer's published key, and the Digest is the
// body's.
function check(req, body) {
  const parsed = httpSignature.parseRequest(req, { clockSkew: 10 * 86400, headers: ['(request-target)', 'host', 'date', 'digest'] });
  return {
    date: req.headers.date,
    host: req.headers.host,
    keyId: parsed.keyId,
    headers: parsed.params.headers.join(' '),
    verified: httpSignature.verifySignature(parsed, publicPem),
    digestOk: req.headers.digest === 'SHA-256=' + crypto.createHash('sha256').update(body).digest('base64'),
  };
}

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  clock = `${dir}/clock`;
  at(T0);
  ok(cli('init', '--data', data, '--demo'));
  await start();
  publicPem = (await (await fetch(`${srv.url}/users/mara`, { headers: { Accept: 'application/activity+json' } })).json()).publicKey.publicKeyPem;
  remote = await fedRemote();
  other = await fedRemote();
  // The shared inbox fails, then answers 500, then 429 asking for ten minutes, then 200.
  const script = ['drop', [500], [429, { 'Retry-After': '600' }], [202]];
  remote.setInbox((req, body) => {
    if (req.url !== '/shared/inbox') return 202;
    tries.push(check(req, body));
    return script[Math.min(tries.length, script.length) - 1];
  });
  remote.addActor('fan', { shared: '/shared/inbox' });
  ok({ status: (await remote.follow('fan', `${srv.url}/users/mara`, `${srv.url}/users/mara/inbox`)).status === 202 ? 0 : 1 });
  await until(() => /@fan@/.test(cli('fed', 'followers', '--data', data, '--handle', 'mara').stdout), 'the follow');
});
after(async () => {
  await remote.close();
  await other.close();
  await srv.stop();
  cleanup(dir);
});

test('retries follow the schedule: dropped, 500, 429 with Retry-After, 200; none lost across kill -9', async () => {
  const inbox = `${remote.origin}/shared/inbox`;
  ok(cli('post', 'add', '--data', data, postFile(dir, 'news.md', ['title: News', 'slug: news', 'author: mara'], 'The news.')));
  // First try at T0: the connection drops. Mastodon's schedule: 30 s, then 60 s, then 120 s.
  await until(() => deliveries(inbox).some((l) => l.includes(`waiting tries=1 next=${T0 + 30} `)), 'the first failure');
  assert.equal(tries.length, 1);
  at(T0 + 30);
  await until(() => deliveries(inbox).some((l) => l.includes(`waiting tries=2 next=${T0 + 90} `)), 'the 500');
  assert.match(deliveries(inbox)[0], /error: HTTP 500/);
  assert.equal(tries.length, 2);
  // Killed while it waits: the queue is in the database.
  srv.child.kill('SIGKILL');
  await new Promise((r) => srv.child.once('exit', r));
  await start(srv.port);
  at(T0 + 90);
  // The 429's Retry-After (600 s) is longer than the schedule's 120 s: it wins.
  await until(() => deliveries(inbox).some((l) => l.includes(`waiting tries=3 next=${T0 + 690} `)), 'the 429');
  assert.equal(tries.length, 3);
  at(T0 + 689);
  assert.ok(deliveries(inbox).some((l) => l.includes('waiting tries=3')), 'not before its time');
  at(T0 + 690);
  // A finished delivery lists no inbox: it is found by its number.
  const id = deliveries(inbox)[0].split(' ')[0];
  await until(() => cli('fed', 'deliveries', '--data', data).stdout.split('\n').some((l) => l.startsWith(`${id} done tries=4 at=${T0 + 690} `)), 'the delivery');
  assert.equal(tries.length, 4, 'four tries, none lost, none twice');
  // Each try was signed afresh: its own Date, verified by http-signature over the Host sent.
  const dates = tries.map((t) => Date.parse(t.date) / 1000);
  assert.deepEqual(dates, [T0, T0 + 30, T0 + 90, T0 + 690]);
  for (const t of tries) {
    assert.ok(t.verified, 'the signature verifies with the published key');
    assert.ok(t.digestOk, 'the Digest is the body\'s');
    assert.equal(t.keyId, `${srv.url}/users/mara#main-key`);
    assert.equal(t.headers, '(request-target) host date digest content-type');
    assert.equal(t.host, new URL(remote.origin).host);
  }
  at(T0 + 100000);
  assert.equal(tries.length, 4);
});

test('a 410 is given up at once, without retries', async () => {
  const t1 = T0 + 100000;
  other.addActor('gone', { shared: '/gone/inbox' });
  other.setInbox((req) => (req.url === '/gone/inbox' ? 410 : 202));
  await other.follow('gone', `${srv.url}/press`, `${srv.url}/press/inbox`, date());
  await until(() => /@gone@/.test(cli('fed', 'followers', '--data', data).stdout), 'the follow');
  ok(cli('post', 'add', '--data', data, postFile(dir, 'more.md', ['title: More', 'slug: more', 'author: mara'], 'More news.')));
  await until(() => cli('fed', 'deliveries', '--data', data).stdout.split('\n').some((l) => l.includes(`gave-up tries=1 at=${t1} `) && l.includes('error: HTTP 410')), 'the refusal');
});

test('five failures in a row open a server\'s breaker: its deliveries wait without spending tries', async () => {
  const t2 = T0 + 100000;
  const flaky = await fedRemote();
  const posts = () => flaky.requests.filter((r) => r.method === 'POST').length;
  try {
    // Five followers on one server whose inboxes answer 503: their five Accepts fail.
    flaky.setInbox(() => 503);
    for (let i = 0; i < 5; i++) {
      flaky.addActor(`f${i}`);
      await flaky.follow(`f${i}`, `${srv.url}/users/tomas`, `${srv.url}/users/tomas/inbox`, date());
    }
    const mine = () => cli('fed', 'deliveries', '--data', data).stdout.split('\n').filter((l) => l.includes(flaky.origin));
    await until(() => mine().length === 5 && mine().every((l) => l.includes(`waiting tries=1 next=${t2 + 30} `)), 'five failures');
    assert.equal(posts(), 5);
    // Due again by the schedule after 30 s, but the breaker holds the server for 300 s: the
    // deliveries wait, and no try is spent.
    at(t2 + 30);
    await until(() => mine().every((l) => l.includes(`waiting tries=1 next=${t2 + 300} `)), 'the held deliveries');
    assert.equal(posts(), 5);
    // When it closes, they are tried again.
    at(t2 + 300);
    await until(() => mine().every((l) => l.includes('waiting tries=2 ')), 'the second tries');
    assert.equal(posts(), 10);
  } finally {
    await flaky.close();
  }
});
