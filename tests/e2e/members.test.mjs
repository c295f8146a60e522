// members: subscribers and members end to end, with a real SMTP server on loopback: double
// opt-in, newsletters with a one-click unsubscribe, sign-in links that work once and expire,
// members-only posts, export and delete, answers that do not tell known addresses from
// unknown ones, refused header injection, no mail lost or sent twice across kill -9, a
// database dump without an email in it, and the audit log.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { BIN, cli, tempDir, serve, cleanup, postFile, hostGet } from './harness.mjs';
import { Client, csrfOf } from './client.mjs';
import { mailSink, linkIn } from './mailsink.mjs';

let dir, data, clock, sink, srv;
const PW = 'correct horse battery';
const env = () => ({ BROADSIDE_TEST_CLOCK: clock });
const ok = (r) => assert.equal(r.status, 0, r.stderr);
const mailsTo = (addr) => sink.mails.filter((m) => m.to.includes(addr));
const main = (html) => (html.match(/<main[^>]*>([\s\S]*)<\/main>/) || [, html])[1];
// The test clock: an offset from now that only grows between tests (an hour at a time, so that
// the hourly limits on tries start afresh), plus what a test adds for a while.
let shift = 0;
const setClock = (extra = 0) => writeFileSync(clock, `+${shift + extra}\n`);
const nextHour = () => { shift += 3700; setClock(); };

async function start() {
  srv = await serve(data, ['--access-log', `${dir}/access.log`], { env: env() });
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
}

// Publishes a post from the command line; returns its slug.
function publish(slug, title, body, extra = []) {
  const f = postFile(dir, `${slug}.md`, [`title: ${title}`, `slug: ${slug}`, ...extra], body);
  ok(cli('post', 'add', '--data', data, f));
  return slug;
}

// Subscribes addr through the form and confirms from the mail; returns the signed-in client.
async function subscribe(addr, name = '') {
  const c = new Client(srv.url);
  const before = mailsTo(addr).length;
  const r = await c.post('/subscribe', { email: addr, name });
  assert.equal(r.status, 200, r.html);
  await sink.waitFor(() => mailsTo(addr).length > before, 20000, `confirmation to ${addr}`);
  const mail = mailsTo(addr).at(-1);
  assert.match(mail.parsed.subject, /Confirm your subscription/);
  const link = linkIn(mail, '/members/confirm/');
  // The link's GET only shows a button: a mail scanner following it confirms nothing.
  const page = await c.get(link.pathname);
  assert.equal(page.status, 200);
  assert.match(page.html, /<button type="submit">Confirm<\/button>/);
  const done = await c.post(link.pathname, {});
  assert.equal(done.status, 303, done.html);
  assert.equal(done.location, '/members/account?welcome=1');
  return c;
}

// Signs addr in with a link from its mail; returns the client.
async function signInAs(addr) {
  nextHour();
  const c = new Client(srv.url);
  const links = () => mailsTo(addr).filter((m) => m.parsed.text.includes('/members/signin/'));
  const n = links().length;
  await c.post('/members/signin', { email: addr });
  await sink.waitFor(() => links().length > n, 20000, `sign-in link for ${addr}`);
  assert.equal((await c.post(linkIn(links().at(-1), '/members/signin/').pathname, {})).status, 303);
  return c;
}

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  clock = `${dir}/clock`;
  setClock();
  ok(cli('init', '--data', data, '--title', 'Members Press'));
  sink = await mailSink();
  ok(cli('site', 'set', '--data', data, 'smtp_url', sink.url));
  ok(cli('site', 'set', '--data', data, 'mail_from', 'press@members.example'));
  await start();
});
// Each test starts an hour later than the one before: tries are counted by the hour.
beforeEach(() => nextHour());

after(async () => {
  await srv.stop();
  await sink.close();
  cleanup(dir);
});

test('subscribe, confirm from the mail, get the next post, and leave with the one-click POST', async () => {
  const ann = await subscribe('ann@example.org', 'Ann');
  const acct = await ann.get('/members/account');
  assert.equal(acct.status, 200);
  assert.match(acct.html, /signed in as ann@example\.org \(Ann\), a subscriber/);

  publish('first-news', 'First news', 'The branch met on Tuesday and **agreed** on the leaflet.');
  await sink.waitFor(() => mailsTo('ann@example.org').some((m) => m.parsed.subject === 'First news'), 20000, 'newsletter');
  const news = mailsTo('ann@example.org').find((m) => m.parsed.subject === 'First news');
  assert.equal(news.from, 'press@members.example');
  assert.match(news.parsed.text, /The branch met on Tuesday and agreed on the leaflet\./);
  assert.match(news.parsed.html, /<strong>agreed<\/strong>/);
  assert.match(news.parsed.text, new RegExp(`${srv.url}/posts/first-news`));
  // RFC 8058: both headers, the link is https or http to this press, and the POST needs no cookie.
  const lu = news.raw.match(/^List-Unsubscribe: <([^>]+)>/m);
  assert.ok(lu, news.raw.slice(0, 800));
  assert.match(news.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  const unsub = new URL(lu[1]);
  assert.equal(unsub.origin, srv.url);
  assert.match(unsub.pathname, /^\/unsubscribe\/\d+\/[\w-]+$/);
  // A plain-text part and an HTML part.
  assert.match(news.raw, /Content-Type: multipart\/alternative/);
  assert.match(news.raw, /Content-Type: text\/plain; charset=utf-8/);

  // Another subscriber, to know when the next newsletter has gone out.
  await subscribe('bea@example.org');
  // A wrong token unsubscribes no one.
  const wrong = await fetch(srv.url + unsub.pathname.replace(/[\w-]+$/, 'A'.repeat(43)), {
    method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(wrong.status, 404);
  const one = await fetch(lu[1], {
    method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(one.status, 200);
  assert.match(await one.text(), /Unsubscribed/);

  publish('second-news', 'Second news', 'More from the branch.');
  await sink.waitFor(() => mailsTo('bea@example.org').some((m) => m.parsed.subject === 'Second news'), 20000, 'second newsletter');
  assert.ok(!mailsTo('ann@example.org').some((m) => m.parsed.subject === 'Second news'), 'ann unsubscribed');
  // Each is personal: bea's unsubscribe link is not ann's.
  const bea = mailsTo('bea@example.org').find((m) => m.parsed.subject === 'Second news');
  assert.notEqual(bea.raw.match(/^List-Unsubscribe: <([^>]+)>/m)[1], lu[1]);
  // The account page says so, and the box brings the mails back.
  const again = await ann.get('/members/account');
  assert.doesNotMatch(again.html, /name="newsletter" value="1" checked/);
});

test('a sign-in link works once and for 15 minutes', async () => {
  const c = new Client(srv.url);
  const ask = async () => {
    const links = () => mailsTo('bea@example.org').filter((m) => m.parsed.text.includes('/members/signin/'));
    const n = links().length;
    const r = await c.post('/members/signin', { email: 'bea@example.org' });
    assert.equal(r.status, 200);
    await sink.waitFor(() => links().length > n, 20000, 'sign-in link');
    return linkIn(links().at(-1), '/members/signin/');
  };
  const link = await ask();
  const page = await c.get(link.pathname);
  assert.match(page.html, /<button type="submit">Sign in<\/button>/);
  const first = await c.post(link.pathname, {});
  assert.equal(first.status, 303);
  assert.match((await c.get('/members/account')).html, /signed in as bea@example\.org/);
  const second = await new Client(srv.url).post(link.pathname, {});
  assert.equal(second.status, 410, 'used once already');

  const late = await ask();
  setClock(16 * 60);
  const expired = await new Client(srv.url).post(late.pathname, {});
  assert.equal(expired.status, 410, 'expired after 15 minutes');
  setClock();
  // Not a link at all: the same answer.
  assert.equal((await new Client(srv.url).post('/members/signin/' + 'x'.repeat(43), {})).status, 410);
});

test('subscribe, sign-in and unsubscribe answer the same for known and unknown addresses', async () => {
  const strip = (html) => main(html).replace(/name="_csrf" value="[^"]*"/g, '');
  const same = async (what) => {
    for (const path of ['/subscribe', '/members/signin']) {
      const known = await new Client(srv.url).post(path, { email: 'bea@example.org' });
      const unknown = await new Client(srv.url).post(path, { email: `nobody-${what}@example.org` });
      assert.equal(known.status, 200, `${path} ${what}`);
      assert.equal(unknown.status, 200, `${path} ${what}`);
      assert.equal(strip(known.html), strip(unknown.html), path);
    }
  };
  await same('short');
  // A title long enough that a mail's subject is longer than one line: folded, still sent,
  // and the pages still the same.
  ok(cli('site', 'set', '--data', data, 'title', 'The Very Long Press '.repeat(24).trim()));
  await same('long');
  const long = () => mailsTo('bea@example.org').filter((x) => /^(Sign in to|You are subscribed to) The Very Long Press The Very Long Press/.test(x.parsed.subject));
  await sink.waitFor(() => long().length >= 2, 20000, 'mails with a long subject');
  // A title with the characters of an address in it: the sender is still the press's.
  ok(cli('site', 'set', '--data', data, 'title', 'The <b> Press "x <a@evil.example> y"'));
  nextHour();
  await new Client(srv.url).post('/members/signin', { email: 'bea@example.org' });
  const odd = () => mailsTo('bea@example.org').filter((x) => x.parsed.subject.includes('<a@evil.example>'));
  await sink.waitFor(() => odd().length > 0, 20000, 'a mail under an odd title');
  assert.equal(odd()[0].from, 'press@members.example');
  ok(cli('site', 'set', '--data', data, 'title', 'Members Press'));
  // An unknown member number and a known one with a wrong token: the same 404.
  const post = (p) => fetch(srv.url + p, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const a = await post('/unsubscribe/1/' + 'B'.repeat(43));
  const b = await post('/unsubscribe/999999/' + 'B'.repeat(43));
  assert.equal(a.status, b.status);
  assert.equal(main(await a.text()), main(await b.text()));
});

test('tries are limited per email and per client address, with the same page for all', async () => {
  const statuses = [];
  for (let i = 0; i < 8; i++) statuses.push((await new Client(srv.url).post('/members/signin', { email: 'flood@example.org' })).status);
  assert.ok(statuses.includes(429), statuses.join());
  const r = await new Client(srv.url).post('/members/signin', { email: 'flood@example.org' });
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '3600');
});

test('bad input is refused with the field named, and nothing is queued (CR/LF injection too)', async () => {
  const c = new Client(srv.url);
  const n = sink.mails.length;
  for (const email of ['not-an-address', 'a@b', 'x@example.org\r\nBcc: victim@example.org', 'ünï@example.org', 'a'.repeat(250) + '@example.org']) {
    const r = await c.post('/subscribe', { email, name: 'X' });
    assert.equal(r.status, 400, email);
    assert.match(r.html, /not an email address/);
    assert.match(r.html, /id="sub-email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="sub-email"/);
  }
  const inj = await c.post('/subscribe', { email: 'carl@example.org', name: 'Carl\r\nBcc: victim@example.org' });
  assert.equal(inj.status, 400);
  assert.match(inj.html, /on one line/);
  // The text typed stays in the form.
  assert.match(inj.html, /value="carl@example\.org"/);
  // Settings that go into headers refuse line breaks too.
  const t = cli('site', 'set', '--data', data, 'title', 'Members\r\nBcc: victim@example.org');
  assert.notEqual(t.status, 0);
  assert.match(t.stderr, /title/);
  const f = cli('site', 'set', '--data', data, 'mail_from', 'press@members.example\nBcc: x@y.z');
  assert.notEqual(f.status, 0);
  assert.match(f.stderr, /mail_from/);
  // Nothing went out for any of them.
  await new Promise((r) => setTimeout(r, 1500));
  const wrong = sink.mails.slice(n).filter((m) => /victim|carl|x@example|b$/.test(m.to.join()) || /victim/.test(m.raw));
  assert.deepEqual(wrong.map((m) => m.to), []);
});

test('members-only posts: a note for others, never in feeds, search, sitemap or a shared cache', async () => {
  // Dee subscribes and is admitted; bea stays a subscriber.
  const dee = await subscribe('dee@example.org', 'Dee');
  const list = cli('member', 'list', '--data', data);
  ok(list);
  const id = list.stdout.split('\n').find((l) => /Dee$/.test(l)).trim().split(/\s+/)[0];
  ok(cli('member', 'admit', '--data', data, id));
  publish('inner-plan', 'The inner plan', 'Meet at the hall; bring the **zebra-kestrel** banner.', ['visibility: members', 'tags: [Plans]']);
  publish('open-plan', 'The open plan', 'Everyone is welcome; zebra-kestrel is a word here too.', ['tags: [Plans]']);

  const anon = new Client(srv.url);
  for (let i = 0; i < 2; i++) {
    // Twice: the second time from the cache, which must not have the member's page in it.
    const member = await dee.get('/posts/inner-plan');
    assert.equal(member.status, 200);
    assert.match(member.html, /bring the <strong>zebra-kestrel<\/strong> banner/);
    const page = await anon.get('/posts/inner-plan');
    assert.equal(page.status, 200);
    assert.match(page.html, /The inner plan/);
    assert.match(page.html, /for members only/);
    assert.doesNotMatch(page.html, /zebra-kestrel|Meet at the hall/);
  }
  // A signed-in subscriber is no member.
  const bea = await signInAs('bea@example.org');
  const closed = await bea.get('/posts/inner-plan');
  assert.match(closed.html, /for members only/);
  assert.doesNotMatch(closed.html, /zebra-kestrel/);
  for (const path of ['/', '/tag/Plans', '/search?q=zebra', '/search?q=hall', '/sitemap.xml', '/feed.atom', '/feed.rss', '/feed.json', '/tag/Plans/feed.atom', '/archive']) {
    const r = await anon.get(path);
    assert.equal(r.status, 200, path);
    assert.doesNotMatch(r.html, /Meet at the hall|bring the/, path);
    if (/feed|sitemap|search/.test(path)) assert.doesNotMatch(r.html, /inner-plan/, path);
  }
  // A member finds it in search; the anonymous search from the cache still does not.
  assert.match((await dee.get('/search?q=hall')).html, /inner-plan/);
  assert.doesNotMatch((await anon.get('/search?q=hall')).html, /inner-plan/);
  // Members got it by mail; subscribers did not.
  await sink.waitFor(() => mailsTo('dee@example.org').some((m) => m.parsed.subject === 'The inner plan'), 20000, 'members newsletter');
  await sink.waitFor(() => mailsTo('bea@example.org').some((m) => m.parsed.subject === 'The open plan'), 20000, 'open newsletter');
  assert.ok(!mailsTo('bea@example.org').some((m) => m.parsed.subject === 'The inner plan'));
});

test('a member exports their data as JSON and deletes themselves', async () => {
  const c = new Client(srv.url);
  const links = () => mailsTo('dee@example.org').filter((m) => m.parsed.text.includes('/members/signin/'));
  const n = links().length;
  await c.post('/members/signin', { email: 'dee@example.org' });
  await sink.waitFor(() => links().length > n, 20000, 'sign-in link');
  await c.post(linkIn(links().at(-1), '/members/signin/').pathname, {});
  const exp = await c.get('/members/export');
  assert.equal(exp.status, 200);
  assert.match(exp.headers.get('content-type'), /application\/json/);
  const j = JSON.parse(exp.html);
  assert.equal(j.email, 'dee@example.org');
  assert.equal(j.name, 'Dee');
  assert.equal(j.state, 'member');
  // Anonymous: no export.
  assert.notEqual((await new Client(srv.url).get('/members/export')).status, 200);

  assert.ok(Array.isArray(j.audit) && j.audit.some((e) => /admitted as a member/.test(e.what)), 'what the log says of them');
  const cookie = c.jar.get('bs_member');
  const acct = await c.get('/members/account');
  const notSure = await c.post('/members/delete', { _csrf: csrfOf(acct.html) });
  assert.equal(notSure.status, 400);
  const noCsrf = await c.post('/members/delete', { sure: '1' });
  assert.equal(noCsrf.status, 403);
  const del = await c.post('/members/delete', { _csrf: csrfOf(acct.html), sure: '1' });
  assert.equal(del.status, 200);
  assert.match(del.html, /deleted/);
  assert.doesNotMatch(cli('member', 'list', '--data', data).stdout, /Dee/);
  // The old cookie is no session any more, replayed by hand.
  const replay = await fetch(srv.url + '/members/account', { redirect: 'manual', headers: { Cookie: `bs_member=${cookie}` } });
  assert.notEqual(replay.status, 200, 'the session ended on the server');
  // Gone for good: a sign-in request sends nothing, and says what it says to anyone.
  const before = mailsTo('dee@example.org').length;
  const again = await new Client(srv.url).post('/members/signin', { email: 'dee@example.org' });
  assert.equal(again.status, 200);
  publish('after-dee', 'After Dee', 'News after the deletion.');
  await sink.waitFor(() => mailsTo('bea@example.org').some((m) => m.parsed.subject === 'After Dee'), 20000, 'newsletter after deletion');
  assert.equal(mailsTo('dee@example.org').length, before);
});

test('kill -9 in the middle of a newsletter: no subscriber gets it twice, none misses it', { timeout: 120000 }, async () => {
  const N = 40;
  for (let i = 0; i < N; i++) ok(cli('member', 'add', '--data', data, '--email', `reader${i}@crowd.example`, '--state', 'subscriber'));
  // The 15th message of the run is held unanswered; the server is killed while it waits.
  const base = sink.mails.length;
  const arrived = sink.hold(sink.mails.length + sink.refused.length + 15);
  publish('big-news', 'Big news', 'Everyone should hear this once.');
  await arrived;
  srv.child.kill('SIGKILL');
  await new Promise((r) => srv.child.once('exit', r));
  sink.release();
  const sentBefore = sink.mails.length - base;
  assert.ok(sentBefore >= 14 && sentBefore < N, `sent before the kill: ${sentBefore}`);
  await start();
  const crowd = (m) => m.parsed.subject === 'Big news' && m.to[0].endsWith('@crowd.example');
  await sink.waitFor((ms) => ms.filter(crowd).length >= N, 60000, 'the whole newsletter');
  // Let the worker finish anything else it might (wrongly) send.
  await new Promise((r) => setTimeout(r, 1500));
  const got = sink.mails.filter(crowd).map((m) => m.to[0]);
  assert.equal(got.length, N, 'one each');
  assert.equal(new Set(got).size, N, 'no one twice');
  assert.equal(sink.refused.length, 1, 'the one held was never accepted, and was sent again');
});

test('a dump of the database has no email address and no member name in clear', async () => {
  // A comment with an email, too (comment emails are sealed like members').
  const page = await (await fetch(srv.url + '/posts/first-news')).text();
  const token = page.match(/name="token" value="([^"]+)"/)[1];
  setClock(10);
  const sent = await fetch(srv.url + '/posts/first-news/comments', { method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ token, name: 'Cora', email: 'cora@commenters.example', body: 'Well said.' }) });
  assert.equal(sent.status, 303);
  setClock();
  const r = spawnSync('sqlite3', [`${data}/site.db`, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 10000);
  const dump = r.stdout.toLowerCase();
  for (const s of ['ann@example.org', 'bea@example.org', 'dee@example.org', 'reader7@crowd.example', 'cora@commenters.example', 'example.org', 'crowd.example', 'commenters.example']) {
    assert.ok(!dump.includes(s), `found ${s}`);
    assert.ok(!dump.includes(Buffer.from(s).toString('hex')), `found ${s} as the hex of a blob`);
  }
  for (const s of ["'Ann'", "'Dee'"]) assert.ok(!r.stdout.includes(s), `found ${s}`);
  // Nor in the database file itself, its log or its free pages.
  for (const f of ['site.db', 'site.db-wal']) {
    let bytes;
    try { bytes = readFileSync(`${data}/${f}`); } catch { continue; }
    for (const s of ['ann@example.org', 'cora@commenters.example', 'reader7@crowd.example'])
      assert.ok(!bytes.includes(Buffer.from(s)), `${s} in ${f}`);
  }
  // The key is outside the database, and only its owner may read it.
  const st = spawnSync('stat', ['-c', '%a', `${data}/keys/press.key`], { encoding: 'utf8' });
  assert.equal(st.stdout.trim(), '600');
});

test('the server will not start without its key, and says why', async () => {
  await srv.stop();
  const key = readFileSync(`${data}/keys/press.key`);
  spawnSync('mv', [`${data}/keys/press.key`, `${dir}/press.key.away`]);
  const r = spawnSync(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0'], { encoding: 'utf8', timeout: 20000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /keys\/press\.key/);
  writeFileSync(`${data}/keys/press.key`, key, { mode: 0o600 });
  // Another key is not the key.
  writeFileSync(`${data}/keys/press.key`, Buffer.alloc(32, 7), { mode: 0o600 });
  const w = spawnSync(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0'], { encoding: 'utf8', timeout: 20000 });
  assert.notEqual(w.status, 0);
  assert.match(w.stderr, /key/);
  writeFileSync(`${data}/keys/press.key`, key, { mode: 0o600 });
  await start();
});

test('officers see the list one email at a time, each look in the audit log; editors see none', async () => {
  const add = (handle, role) => {
    const u = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', handle, '--name', handle, '--role', role, '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
    assert.equal(u.status, 0, u.stderr);
  };
  add('olga', 'officer');
  add('eddie', 'editor');
  const signIn = async (handle) => {
    const c = new Client(srv.url);
    const page = await c.get('/admin/login');
    const r = await c.post('/admin/login', { _csrf: csrfOf(page.html), handle, password: PW, next: '/admin' });
    assert.equal(r.status, 303, r.html);
    return c;
  };
  const eddie = await signIn('eddie');
  for (const p of ['/admin/members', '/admin/branches', '/admin/outbox', '/admin/audit'])
    assert.equal((await eddie.get(p)).status, 403, p);
  const olga = await signIn('olga');
  const list = await olga.get('/admin/members');
  assert.equal(list.status, 200);
  assert.match(list.html, /Ann/);
  assert.doesNotMatch(list.html, /@example\.org|@crowd\.example/, 'no email until revealed');
  const bea = cli('member', 'list', '--data', data).stdout.split('\n').find((l) => /subscriber/.test(l) && !/crowd/.test(l));
  assert.ok(bea);
  const annId = cli('member', 'list', '--data', data).stdout.split('\n').find((l) => /Ann$/.test(l)).trim().split(/\s+/)[0];
  const rev = await olga.post('/admin/members', { _csrf: csrfOf(list.html), action: 'reveal', id: annId });
  assert.equal(rev.status, 200, rev.html);
  assert.match(rev.html, /ann@example\.org/);
  assert.doesNotMatch(rev.html, /bea@example\.org/);
  const audit = await olga.get('/admin/audit');
  assert.match(audit.html, /olga/);
  assert.match(audit.html, /looked at an email/);
  // A secretary sees their branch's names (no emails); a plain member sees no list.
  const idOf = (out) => out.stdout.match(/member (\d+)/)[1];
  const sam = idOf(cli('member', 'add', '--data', data, '--email', 'sam@example.org', '--name', 'Sam', '--state', 'member'));
  const sue = idOf(cli('member', 'add', '--data', data, '--email', 'sue@example.org', '--name', 'Sue', '--state', 'member'));
  ok(cli('branch', 'add', '--data', data, 'Harbour Street'));
  ok(cli('branch', 'put', '--data', data, '--member', sue, '--secretary', 'Harbour Street'));
  ok(cli('branch', 'put', '--data', data, '--member', sam, 'Harbour Street'));
  assert.match(cli('branch', 'list', '--data', data).stdout, /2 members, 1 secretaries\s+Harbour Street/);
  const sueC = await signInAs('sue@example.org');
  const branch = await sueC.get('/members/branch');
  assert.equal(branch.status, 200);
  assert.match(branch.html, /Harbour Street/);
  assert.match(branch.html, /<li>Sam<\/li>/);
  assert.match(branch.html, /<li>Sue \(secretary\)<\/li>/);
  assert.doesNotMatch(main(branch.html), /@example\.org/);
  const samC = await signInAs('sam@example.org');
  assert.equal((await samC.get('/members/branch')).status, 403);
  // Members read who looked at the list (without whose email it was), subscribers do not.
  const seen = await samC.get('/members/audit');
  assert.match(seen.html, /@olga looked at a member&#39;s email/);
  assert.match(seen.html, /placed in Harbour Street \(about you\)/);
  assert.doesNotMatch(main(seen.html), /as a secretary/, 'what was done to others is theirs');
  assert.equal((await (await signInAs('bea@example.org')).get('/members/audit')).status, 403);

  const v = cli('audit', 'verify', '--data', data);
  ok(v);
  assert.match(v.stdout, /entries, each chained/);
  // Someone with the database but not the key changes an entry: the chain says so.
  const first = spawnSync('sqlite3', [`${data}/site.db`, 'SELECT actor FROM audit ORDER BY id LIMIT 1'], { encoding: 'utf8' }).stdout.trim();
  const t = spawnSync('sqlite3', [`${data}/site.db`, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'nobody' WHERE id = (SELECT min(id) FROM audit)"], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  const bad = cli('audit', 'verify', '--data', data);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /broken at entry \d+/);
  // Put back, the entry holds again.
  assert.equal(spawnSync('sqlite3', [`${data}/site.db`, `UPDATE audit SET actor = '${first}' WHERE id = (SELECT min(id) FROM audit)`]).status, 0);
  ok(cli('audit', 'verify', '--data', data));
});

test('a press without its public address takes no subscribers, whatever Host a request names', async () => {
  const other = `${dir}/nourl`;
  ok(cli('init', '--data', other, '--title', 'No Address'));
  const s2 = await serve(other);
  try {
    for (const path of ['/subscribe', '/members/signin']) {
      const r = await hostGet(s2.port, 'attacker.example', path, { method: 'POST', body: 'email=victim%40example.org',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      assert.equal(r.status, 503, path);
      assert.match(r.body, /does not take subscribers yet/);
    }
    await new Promise((r) => setTimeout(r, 1200));
    assert.ok(!existsSync(`${other}/outbox`), 'no mail was written');
    assert.doesNotMatch(cli('member', 'list', '--data', other).stdout, /./, 'nobody was added');
  } finally {
    await s2.stop();
  }
});

test("a deleted member's number is never given again, so their old links reach nobody", async () => {
  const zed = await subscribe('zed@example.org', 'Zed');
  const list = () => cli('member', 'list', '--data', data).stdout;
  const zedId = Number(list().split('\n').find((l) => /Zed$/.test(l)).trim().split(/\s+/)[0]);
  let token = '';
  publish('for-zed', 'For Zed', 'A post Zed gets.');
  await sink.waitFor(() => mailsTo('zed@example.org').some((m) => m.parsed.subject === 'For Zed'), 20000, 'newsletter to zed');
  const unsub = mailsTo('zed@example.org').find((m) => m.parsed.subject === 'For Zed').raw.match(/^List-Unsubscribe: <([^>]+)>/m)[1];
  const acct = await zed.get('/members/account');
  assert.equal((await zed.post('/members/delete', { _csrf: csrfOf(acct.html), sure: '1' })).status, 200);
  const next = cli('member', 'add', '--data', data, '--email', 'yan@example.org', '--name', 'Yan', '--state', 'subscriber');
  ok(next);
  const yanId = Number(next.stdout.match(/member (\d+)/)[1]);
  assert.ok(yanId > zedId, `${yanId} after ${zedId}`);
  const r = await fetch(unsub, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 404, 'the old link belongs to nobody');
  token = unsub;
  assert.ok(token);
});

test('link buttons refuse a POST made from another site; tokens stay out of the access log', async () => {
  const links = () => mailsTo('bea@example.org').filter((m) => m.parsed.text.includes('/members/signin/'));
  const n = links().length;
  await new Client(srv.url).post('/members/signin', { email: 'bea@example.org' });
  await sink.waitFor(() => links().length > n, 20000, 'a sign-in link');
  const link = linkIn(links().at(-1), '/members/signin/');
  const cross = await fetch(srv.url + link.pathname, { method: 'POST', redirect: 'manual',
    headers: { Origin: 'https://attacker.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(cross.status, 403);
  const fetchSite = await fetch(srv.url + link.pathname, { method: 'POST', redirect: 'manual',
    headers: { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(fetchSite.status, 403);
  // From the site itself the link still works (it was not used up by the refusals).
  const same = await fetch(srv.url + link.pathname, { method: 'POST', redirect: 'manual',
    headers: { Origin: srv.url, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(same.status, 303);
  const log = readFileSync(`${dir}/access.log`, 'utf8');
  assert.match(log, /"POST \/members\/signin HTTP\/1\.1" 200/, 'the log is written');
  assert.doesNotMatch(log, /\/members\/signin\/[\w-]{20,}|\/members\/confirm\/|\/unsubscribe\//);
});

test('removed comments of a members-only post stay out of the public log', async () => {
  const mem = await signInAs('sam@example.org');
  const page = await mem.get('/posts/inner-plan');
  const token = page.html.match(/name="token" value="([^"]+)"/)[1];
  setClock(10);
  const sent = await mem.post('/posts/inner-plan/comments', { token, name: 'Sam', body: 'The secret word is heron-lantern.' });
  assert.equal(sent.status, 303, sent.html);
  setClock();
  const id = sent.location.match(/(?:mine|held)=(\d+)/)[1];
  if (/held=/.test(sent.location)) ok(cli('comment', 'approve', '--data', data, id));
  ok(cli('comment', 'remove', '--data', data, '--reason', 'off topic', id));
  const log = await (await fetch(srv.url + '/moderation')).text();
  assert.match(log, /off topic/);
  assert.doesNotMatch(log, /heron-lantern|The inner plan|inner-plan/);
});

test('a demoted member leaves their branches; an unconfirmed address cannot be admitted', async () => {
  const sue = cli('member', 'list', '--data', data).stdout.split('\n').find((l) => /Sue$/.test(l)).trim().split(/\s+/)[0];
  assert.match(cli('branch', 'list', '--data', data).stdout, /1 secretaries\s+Harbour Street/);
  const olga = new Client(srv.url);
  const login = await olga.get('/admin/login');
  assert.equal((await olga.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'olga', password: PW, next: '/admin' })).status, 303);
  const list = await olga.get('/admin/members');
  assert.equal((await olga.post('/admin/members', { _csrf: csrfOf(list.html), action: 'demote', id: sue })).status, 303);
  assert.match(cli('branch', 'list', '--data', data).stdout, /0 secretaries\s+Harbour Street/);
  // Someone who asked and never confirmed.
  await new Client(srv.url).post('/subscribe', { email: 'never@example.org', name: 'Never' });
  const never = cli('member', 'list', '--data', data).stdout.split('\n').find((l) => /Never$/.test(l)).trim().split(/\s+/)[0];
  const admit = cli('member', 'admit', '--data', data, never);
  assert.equal(admit.status, 1);
  assert.match(admit.stderr, /has not confirmed their address yet/);
});

test('the audit log sees entries taken off its end', () => {
  ok(cli('audit', 'verify', '--data', data));
  const t = spawnSync('sqlite3', [`${data}/site.db`, 'DROP TRIGGER IF EXISTS audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  const bad = cli('audit', 'verify', '--data', data);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /ends early/);
});

test('without SMTP, mails go to the outbox; reading one is logged, and a deleted member takes theirs along', async () => {
  ok(cli('site', 'set', '--data', data, 'smtp_url', ''));
  const c = new Client(srv.url);
  await c.post('/subscribe', { email: 'otto@example.org', name: 'Otto' });
  let files = [];
  for (let i = 0; i < 100 && !files.length; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try { files = readdirSync(`${data}/outbox`).filter((f) => f.endsWith('.eml')); } catch { /* not yet */ }
  }
  const mine = files.find((f) => readFileSync(`${data}/outbox/${f}`, 'utf8').includes('otto@example.org'));
  assert.ok(mine, 'the confirmation is in the outbox');
  const olga = new Client(srv.url);
  const login = await olga.get('/admin/login');
  assert.equal((await olga.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'olga', password: PW, next: '/admin' })).status, 303);
  const view = await olga.get(`/admin/outbox/${mine.replace('.eml', '')}`);
  assert.equal(view.status, 200);
  assert.match(view.html, /otto@example\.org/);
  assert.match((await olga.get('/admin/audit')).html, new RegExp(`read mail ${mine.replace('.eml', '')} in the outbox`));
  const otto = cli('member', 'list', '--data', data).stdout.split('\n').find((l) => /Otto$/.test(l)).trim().split(/\s+/)[0];
  const list = await olga.get('/admin/members');
  assert.equal((await olga.post('/admin/members', { _csrf: csrfOf(list.html), action: 'delete', id: otto })).status, 303);
  assert.ok(!existsSync(`${data}/outbox/${mine}`), "the deleted member's mail is gone from the outbox");
  ok(cli('site', 'set', '--data', data, 'smtp_url', sink.url));
});
