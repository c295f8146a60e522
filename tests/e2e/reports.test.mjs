// reports: reports to the standing committee end to end. A report with a file and a marker
// leaves neither the marker, nor its receipt, nor the reporter's address in the database dump,
// the data folder or the server's output, and its rows hold days only; a member the reporter
// left out has no key to it and cannot open it; the owner and an editor off the committee are
// refused; a member named later reads an older report only after a grant, and not after a
// revoke, both in the committee's log; the reporter's round trip with the receipt, and wrong
// receipts answered alike and slowed; passphrases changed, lost to a restart and to time;
// the daily notice that says nothing; and kill -9 in the middle of sending reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import { BIN, cli, tempDir, serve, cleanup } from './harness.mjs';
import { Client, csrfOf, png } from './client.mjs';
import { mailSink } from './mailsink.mjs';
import { HtmlValidate } from 'html-validate';

const PW = 'correct horse battery';
const MARKER = 'QX7-MARKER-5150-ZEBRA';
// The reporter's address, as a proxy in front would say it (serve --trust-proxy).
const ADDR = '203.0.113.77';
const passOf = (h) => `the ${h} committee words, long enough`;

let dir, data, clock, srv, sink, accessLog;
let offset = 0; // seconds the test clock runs ahead
const members = {}; // handle -> signed-in Client
const recovery = {}; // handle -> recovery key shown on joining
const ok = (r) => assert.equal(r.status, 0, r.stderr);
const sql = (q) => {
  const r = spawnSync('sqlite3', [`${data}/site.db`, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const dump = () => {
  const r = spawnSync('sqlite3', [`${data}/site.db`, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

function setClock(seconds) {
  offset = seconds;
  writeFileSync(clock, `+${offset}\n`);
}

async function start(extra = []) {
  const help = cli('serve', '--help').stdout;
  const log = /--access-log/.test(help) ? ['--access-log', accessLog] : [];
  srv = await serve(data, ['--trust-proxy', ...log, ...extra], { env: { BROADSIDE_TEST_CLOCK: clock } });
}

function addUser(handle, role) {
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', handle, '--name', `${handle[0].toUpperCase()}${handle.slice(1)} Example`,
    '--role', role, '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function signIn(handle) {
  const c = new Client(srv.url);
  const page = await c.get('/admin/login');
  const r = await c.post('/admin/login', { _csrf: csrfOf(page.html), handle, password: PW, next: '/committee' });
  assert.equal(r.status, 303, r.html);
  return c;
}

// A committee member signs in and chooses their passphrase; keeps the recovery key shown.
async function join(handle) {
  const c = await signIn(handle);
  const page = await c.get('/committee');
  assert.equal(page.status, 200, page.html);
  assert.match(page.html, /Make my committee key/);
  const r = await c.post('/committee/join', { _csrf: csrfOf(page.html), passphrase: passOf(handle), again: passOf(handle) });
  assert.equal(r.status, 200, r.html);
  const key = r.html.match(/class="receipt recovery"[^>]*>([0-9A-Z-]+)</);
  assert.ok(key, r.html);
  recovery[handle] = key[1];
  members[handle] = c;
  return c;
}

async function unlock(c, handle, pass = passOf(handle)) {
  const page = await c.get('/committee');
  return c.post('/committee/unlock', { _csrf: csrfOf(page.html), passphrase: pass, next: '/committee' });
}

// What the form lists, as a browser would send it back: every listed member ticked but those
// left out.
async function reportForm(leaveOut = []) {
  const res = await fetch(srv.url + '/report', { headers: { 'X-Forwarded-For': ADDR } });
  assert.equal(res.status, 200);
  const html = await res.text();
  const shown = html.match(/name="shown" value="([^"]*)"/)[1];
  const ids = shown.split(',');
  const names = Object.fromEntries([...html.matchAll(/id="reader-(\d+)"[^>]*> <label for="reader-\d+">([^<]+)</g)].map((m) => [m[2], m[1]]));
  return { html, shown, ids, names, ticks: ids.filter((id) => !leaveOut.includes(id)) };
}

// Sends a report as a browser without script would; resolves to { status, html, receipt }.
async function sendReport(text, { files = [], contact = '', leaveOut = [] } = {}) {
  const form = await reportForm(leaveOut);
  const body = new FormData();
  body.append('shown', form.shown);
  for (const id of form.ticks) body.append(`reader_${id}`, '1');
  body.append('text', text);
  body.append('contact', contact);
  for (const f of files) body.append('files', new Blob([f.bytes], { type: f.type }), f.name);
  const res = await fetch(srv.url + '/report', { method: 'POST', body, headers: { 'X-Forwarded-For': ADDR } });
  const html = await res.text();
  const m = html.match(/class="receipt"[^>]*>([\d ]+)</);
  return { status: res.status, html, receipt: m ? m[1] : null, headers: res.headers };
}

async function followup(fields) {
  const res = await fetch(srv.url + '/report/followup', {
    method: 'POST', body: new URLSearchParams(fields), headers: { 'X-Forwarded-For': ADDR },
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

// The numbers of the reports a member's list shows.
async function listOf(handle) {
  const r = await members[handle].get('/committee');
  assert.equal(r.status, 200, r.html);
  return [...r.html.matchAll(/href="\/committee\/reports\/(\d+)"/g)].map((m) => m[1]);
}

// Every file under a folder, read whole.
function filesUnder(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const p = pathJoin(root, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}

const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%${MARKER}\n%%EOF\n`);
let first, second; // { id, receipt } of the report to all, and the one that leaves cleo out

before(async () => {
  dir = tempDir('bs-reports-');
  data = `${dir}/site`;
  clock = `${dir}/clock`;
  accessLog = `${dir}/access.log`;
  setClock(0);
  ok(cli('init', '--data', data, '--title', 'Reports Press'));
  addUser('olga', 'owner');
  addUser('eddy', 'editor');
  addUser('ana', 'author');
  addUser('ben', 'officer');
  addUser('cleo', 'editor');
  addUser('dan', 'author');
  sink = await mailSink();
  ok(cli('site', 'set', '--data', data, 'smtp_url', sink.url));
  ok(cli('site', 'set', '--data', data, 'mail_from', 'press@reports.example'));
  await start();
  // The public address names another host, so that no client address is a setting either.
  ok(cli('site', 'set', '--data', data, 'url', `http://localhost:${srv.port}`));
});
after(async () => {
  await srv.stop();
  await sink.close();
  cleanup(dir);
});

test('the owner names the committee in public; nobody can send a report before a member has a key', async () => {
  const none = await fetch(srv.url + '/report');
  assert.match(await none.text(), /No member of the committee can read reports yet/);
  for (const h of ['ana', 'ben']) {
    const r = cli('committee', 'add', '--data', data, '--handle', h);
    ok(r);
    assert.match(r.stdout, new RegExp(`named @${h}`));
  }
  // The owner's page names the third.
  const olga = await signIn('olga');
  const page = await olga.get('/admin/committee');
  assert.equal(page.status, 200, page.html);
  const r = await olga.post('/admin/committee', { _csrf: csrfOf(page.html), action: 'name', handle: 'cleo' });
  assert.equal(r.status, 303, r.html);
  assert.equal(cli('committee', 'add', '--data', data, '--handle', 'nobody').status, 1);
  const list = cli('committee', 'list', '--data', data).stdout;
  assert.match(list, /@ana .*named by the command line, no key yet/);
  assert.match(list, /@cleo .*named by @olga/);
  const pub = await (await fetch(srv.url + '/committee/members')).text();
  assert.match(pub, /Cleo Example<\/td><td>\d{4}-\d\d-\d\d<\/td><td>@olga<\/td><td>not yet/);
  assert.match(pub, /Ana Example was named by the command line/);
  for (const h of ['ana', 'ben', 'cleo']) await join(h);
  const after = await (await fetch(srv.url + '/committee/members')).text();
  assert.match(after, /Cleo Example<\/td><td>[\d-]+<\/td><td>@olga<\/td><td>yes \(key [0-9a-f ]{19}\)/);
  assert.match(after, /Ben Example chose a passphrase and can read new reports/);
});

test('a committee passphrase is long enough, typed twice alike, and not the sign-in password', async () => {
  const dan = await signIn('dan');
  assert.equal((await dan.get('/committee')).status, 403, 'not on the committee yet');
  ok(cli('committee', 'add', '--data', data, '--handle', 'dan'));
  const again = await dan.get('/committee');
  const pw = await dan.post('/committee/join', { _csrf: csrfOf(again.html), passphrase: PW, again: PW });
  assert.equal(pw.status, 400);
  assert.match(pw.html, /must not be your sign-in password/);
  const short = await dan.post('/committee/join', { _csrf: csrfOf(again.html), passphrase: 'short', again: 'short' });
  assert.equal(short.status, 400);
  const differ = await dan.post('/committee/join', { _csrf: csrfOf(again.html), passphrase: passOf('dan'), again: passOf('dan') + '!' });
  assert.equal(differ.status, 400);
  assert.match(differ.html, /not the same/);
  ok(cli('committee', 'remove', '--data', data, '--handle', 'dan'));
});

test('a report with a file leaves no marker, receipt or address anywhere, and days only', async () => {
  const before = dump();
  const form = await reportForm();
  assert.deepEqual(Object.keys(form.names).sort(), ['Ana Example', 'Ben Example', 'Cleo Example']);
  assert.match(form.html, /no script/);
  assert.match(form.html, /nobody could read the reports any more/);
  const text = `It happened at the meeting. ${MARKER} said it again.\nSecond line.`;
  const r = await sendReport(text, {
    files: [{ name: `photo-${MARKER}.png`, type: 'image/png', bytes: png(MARKER) }, { name: 'notes.pdf', type: 'application/pdf', bytes: pdf }],
    contact: `signal ${MARKER}`,
  });
  assert.equal(r.status, 200, r.html);
  assert.ok(r.receipt, r.html);
  assert.match(r.receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.html, /shown this once/);
  const digits = r.receipt.replace(/ /g, '');
  const id = sql('SELECT id FROM reports');
  first = { id, receipt: r.receipt };

  const after = dump();
  const needles = [MARKER, digits, r.receipt, ADDR, 'photo-', 'notes.pdf', 'It happened'];
  for (const s of needles) assert.ok(!after.includes(s), `the dump has ${s}`);
  // The mail sink's address is a setting; no other line holds this machine's address.
  assert.deepEqual(after.split('\n').filter((l) => l.includes('127.0.0.1') && !l.includes("'smtp_url'")), []);
  // No new address tag either: the report's rows hold no text but days.
  const tags = (d) => new Set(d.match(/(?<!X)'[0-9a-f]{32}'/g) || []);
  const newTags = [...tags(after)].filter((t) => !tags(before).has(t));
  assert.deepEqual(newTags, [], 'no address tag came with the report: ' + after.split('\n').filter((l) => newTags.some((t) => l.includes(t))).join('\n').slice(0, 500));
  // Every line the report added holds days only: no time of day, no timestamp but midnights.
  const old = new Set(before.split('\n'));
  const added = after.split('\n').filter((l) => !old.has(l));
  assert.ok(added.length >= 5, added.join('\n'));
  const now = Math.floor(Date.now() / 1000);
  for (const line of added) {
    assert.doesNotMatch(line, /\d\d:\d\d/, `a time of day in: ${line.slice(0, 200)}`);
    for (const m of line.replace(/X'[0-9A-Fa-f]*'/g, '').matchAll(/\b\d{9,11}\b/g)) {
      const n = Number(m[0]);
      if (Math.abs(n - now) < 10 * 86400) assert.equal(n % 86400, 0, `a time that is not a day: ${m[0]} in ${line.slice(0, 200)}`);
    }
  }
  for (const day of [sql('SELECT day FROM reports'), sql('SELECT last_day FROM reports'), sql('SELECT group_concat(day) FROM report_messages'), sql("SELECT day FROM committee_log WHERE action = 'sent'")])
    assert.match(day, /^\d{4}-\d\d-\d\d$/);
  assert.equal(sql(`SELECT count(*) FROM report_keys WHERE report_id = ${id}`), '3');
  assert.equal(sql(`SELECT count(*) FROM report_files WHERE report_id = ${id}`), '2');

  // Nowhere in the folder either (the database, its WAL, keys, media, outbox), nor in any log.
  for (const f of filesUnder(data))
    for (const s of [MARKER, digits, r.receipt, ADDR])
      assert.ok(!f.bytes.includes(Buffer.from(s)), `${f.path} holds ${s}`);
  for (const s of [MARKER, digits, ADDR]) assert.ok(!srv.stderr().includes(s), `stderr has ${s}`);
  // The report's pages never reach an access log, when the server keeps one.
  try {
    const log = readFileSync(accessLog, 'utf8');
    assert.doesNotMatch(log, /\/report|\/committee/);
    assert.ok(!log.includes(ADDR));
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
});

test('a member the reporter leaves out has no key: the report is not in their list, and a 404', async () => {
  const form = await reportForm();
  const cleo = form.names['Cleo Example'];
  const r = await sendReport('This one is about Cleo, and Cleo must not read it.', { leaveOut: [cleo] });
  assert.equal(r.status, 200, r.html);
  assert.match(r.html, /Ana Example/);
  assert.doesNotMatch(r.html.match(/<main[\s\S]*<\/main>/)[0], /Cleo Example/);
  const id = sql('SELECT id FROM reports WHERE id != ' + first.id);
  second = { id, receipt: r.receipt };
  assert.equal(sql(`SELECT count(*) FROM report_keys WHERE report_id = ${id}`), '2', 'one sealed key fewer');
  assert.equal(sql(`SELECT count(*) FROM report_keys WHERE report_id = ${id} AND user_id = ${cleo}`), '0');
  assert.deepEqual((await listOf('cleo')).sort(), [first.id]);
  assert.deepEqual((await listOf('ana')).sort(), [first.id, second.id].sort());
  const direct = await members.cleo.get(`/committee/reports/${id}`);
  assert.equal(direct.status, 404);
  const none = await members.cleo.get('/committee/reports/999999');
  assert.equal(direct.html.replace(/\d{6}/g, ''), none.html.replace(/\d{6}/g, ''), 'the same as a report that is not there');
  // Nor does her file link, nor her log, show it.
  assert.equal((await members.cleo.get(`/committee/reports/${id}/files/1`)).status, 404);
  const log = await members.cleo.get('/committee/log');
  assert.doesNotMatch(log.html, new RegExp(`report ${id}`));
  // The others see that she was left out, and cannot grant her access.
  const page = await members.ana.get(`/committee/reports/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.html, /This one is about Cleo/);
  assert.match(page.html, /may not read it: <span class="excluded">Cleo Example/);
  assert.doesNotMatch(page.html, new RegExp(`<option value="${cleo}">`));
  const grant = await members.ana.post(`/committee/reports/${id}/grant`, { _csrf: csrfOf(page.html), member: cleo });
  assert.equal(grant.status, 409);
  assert.equal(sql(`SELECT count(*) FROM report_keys WHERE report_id = ${id}`), '2');
  // Leaving everyone out is refused, with the text kept.
  const all = await reportForm();
  const nobody = await sendReport('Nobody should read this.', { leaveOut: all.ids });
  assert.equal(nobody.status, 400);
  assert.match(nobody.html, /at least one member/);
  assert.match(nobody.html, /Nobody should read this\.<\/textarea>/);
  // A file that is not an image or a PDF is refused by its bytes, whatever its name.
  const exe = await sendReport('With a file.', { files: [{ name: 'x.png', type: 'image/png', bytes: Buffer.from('MZ not a picture at all') }] });
  assert.equal(exe.status, 400);
  assert.match(exe.html, /is not an image or a PDF/);
  assert.equal(sql('SELECT count(*) FROM reports'), '2');
});

test('the committee reads the report and its files; the owner and an editor off it get 403', async () => {
  const page = await members.ben.get(`/committee/reports/${first.id}`);
  assert.equal(page.status, 200, page.html);
  assert.ok(page.html.includes(`${MARKER} said it again.\nSecond line.`), page.html);
  assert.ok(page.html.includes(`signal ${MARKER}`));
  assert.ok(page.html.includes(`photo-${MARKER}.png`));
  const file = await members.ben.request(`/committee/reports/${first.id}/files/1`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/png');
  assert.match(file.headers.get('content-disposition'), /^attachment; filename="report-\d+-file-1\.png"$/);
  const got = await fetch(srv.url + `/committee/reports/${first.id}/files/2`, { headers: { Cookie: members.ben.cookies() } });
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(pdf));
  for (const h of ['olga', 'eddy']) {
    const c = await signIn(h);
    for (const path of ['/committee', `/committee/reports/${first.id}`, '/committee/log'])
      assert.equal((await c.get(path)).status, 403, `${h} ${path}`);
    const no = await c.post(`/committee/reports/${first.id}/reply`, { _csrf: 'x', text: 'hi' });
    assert.equal(no.status, 403);
  }
  assert.equal((await new Client(srv.url).get('/committee')).status, 303, 'nobody: sent to sign in');
});

test('a member named later reads an older report only after a grant, and not after a revoke', async () => {
  ok(cli('committee', 'add', '--data', data, '--handle', 'dan'));
  const dan = await join('dan');
  const r = await sendReport('A third report, after Dan joined.');
  assert.equal(r.status, 200);
  assert.match(r.html, /Dan Example/);
  const third = sql(`SELECT id FROM reports WHERE id NOT IN (${first.id}, ${second.id})`);
  assert.deepEqual(await listOf('dan'), [third]);
  assert.equal((await dan.get(`/committee/reports/${first.id}`)).status, 404);
  const danId = sql("SELECT id FROM users WHERE handle = 'dan'");
  const page = await members.ana.get(`/committee/reports/${first.id}`);
  const g = await members.ana.post(`/committee/reports/${first.id}/grant`, { _csrf: csrfOf(page.html), member: danId });
  assert.equal(g.status, 303, g.html);
  const read = await dan.get(`/committee/reports/${first.id}`);
  assert.equal(read.status, 200);
  assert.ok(read.html.includes(`${MARKER} said it again.`));
  const v = await members.ana.post(`/committee/reports/${first.id}/revoke`, { _csrf: csrfOf(page.html), member: danId });
  assert.equal(v.status, 303, v.html);
  assert.equal((await dan.get(`/committee/reports/${first.id}`)).status, 404);
  assert.ok(!(await listOf('dan')).includes(first.id));
  const log = await members.ana.get('/committee/log');
  assert.match(log.html, new RegExp(`@ana granted @dan access to the report \\(<a href="/committee/reports/${first.id}">`));
  assert.match(log.html, new RegExp(`@ana took @dan&#39;s access to the report away \\(<a href="/committee/reports/${first.id}">`));
  assert.match(log.html, /@dan opened the report/);
  assert.match(log.html, /The chain of all \d+ entries holds/);
  // The last reader cannot be taken away: the report would be lost.
  const p3 = await members.ana.get(`/committee/reports/${second.id}`);
  const benId = sql("SELECT id FROM users WHERE handle = 'ben'");
  const anaId = sql("SELECT id FROM users WHERE handle = 'ana'");
  assert.equal((await members.ana.post(`/committee/reports/${second.id}/revoke`, { _csrf: csrfOf(p3.html), member: benId })).status, 303);
  assert.equal((await members.ana.post(`/committee/reports/${second.id}/revoke`, { _csrf: csrfOf(p3.html), member: anaId })).status, 409);
  assert.equal((await members.ana.post(`/committee/reports/${second.id}/grant`, { _csrf: csrfOf(p3.html), member: benId })).status, 303);
  ok(cli('committee', 'verify', '--data', data));
  // Removing a member deletes their keys; a sole reader is kept unless forced.
  const danKeys = sql(`SELECT count(*) FROM report_keys WHERE user_id = ${danId}`);
  assert.equal(danKeys, '1');
  const refused = cli('committee', 'remove', '--data', data, '--handle', 'dan');
  assert.equal(refused.status, 0, 'not the only reader of the third report: ana and the others hold it too');
  assert.equal(sql(`SELECT count(*) FROM report_keys WHERE user_id = ${danId}`), '0');
  assert.equal((await dan.get('/committee')).status, 403);
  assert.match(await (await fetch(srv.url + '/committee/members')).text(), /Dan Example was taken off by the command line/);
});

test('the reporter comes back with the receipt, reads the reply and writes again', async () => {
  const page = await members.ana.get(`/committee/reports/${first.id}`);
  const reply = await members.ana.post(`/committee/reports/${first.id}/reply`, { _csrf: csrfOf(page.html), text: 'Thank you. We will talk to you soon.\nThe committee' });
  assert.equal(reply.status, 303, reply.html);
  const mark = await members.ana.post(`/committee/reports/${first.id}/state`, { _csrf: csrfOf(page.html), state: '1' });
  assert.equal(mark.status, 303);
  const blank = await members.ana.post(`/committee/reports/${first.id}/reply`, { _csrf: csrfOf(page.html), text: '  ' });
  assert.equal(blank.status, 400);

  const open = await followup({ receipt: first.receipt.replace(/ /g, '-') });
  assert.equal(open.status, 200, open.html);
  assert.ok(open.html.includes(`${MARKER} said it again.`));
  assert.ok(open.html.includes('Thank you. We will talk to you soon.\nThe committee'));
  assert.match(open.html, /The committee marks it: <strong>in hand<\/strong>/);
  assert.match(open.html, /The committee, \d{4}-\d\d-\d\d/);
  assert.doesNotMatch(open.html, /@ana/, 'the reporter sees the committee, not who');
  const write = await followup({ receipt: first.receipt, message: 'One more thing I remembered.' });
  assert.equal(write.status, 200, write.html);
  assert.match(write.html, /Your message is sent/);
  assert.match(write.html, /One more thing I remembered\./);
  const seen = await members.ana.get(`/committee/reports/${first.id}`);
  assert.match(seen.html, /The reporter, \d{4}-\d\d-\d\d<\/p>\n<div class="message-text">One more thing I remembered\./);
  assert.match(seen.html, /@ana for the committee/);
  // A malformed receipt is told what a receipt is, and counts for nothing.
  const bad = await followup({ receipt: '1234' });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /16 digits/);
});

test('a wrong receipt gets the same answer every time, and is slowed', async () => {
  const wrong = (n) => followup({ receipt: String(n).padStart(16, '9') });
  const answers = [await wrong(1), await wrong(2), await wrong(3)];
  for (const a of answers) {
    assert.equal(a.status, 404);
    assert.equal(a.html, answers[0].html);
  }
  assert.match(answers[0].html, /No report opens with this receipt/);
  const slow = await wrong(4);
  assert.equal(slow.status, 429);
  const wait = Number(slow.headers.get('retry-after'));
  assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
  // The right receipt waits too: guessing gets nothing faster.
  assert.equal((await followup({ receipt: first.receipt })).status, 429);
  setClock(offset + 61);
  assert.equal((await wrong(5)).html, answers[0].html);
  const longer = await wrong(6);
  assert.equal(longer.status, 429);
  assert.ok(Number(longer.headers.get('retry-after')) > 0);
  // Another address is not slowed by this one.
  const other = await fetch(srv.url + '/report/followup', { method: 'POST', body: new URLSearchParams({ receipt: first.receipt }), headers: { 'X-Forwarded-For': '198.51.100.9' } });
  assert.equal(other.status, 200);
  // After an hour the count is forgotten.
  setClock(offset + 3600);
  assert.equal((await followup({ receipt: first.receipt })).status, 200);
});

test('passphrases: a new one replaces the old, a restart and 30 minutes lock every key', async () => {
  const ana = members.ana;
  // The clock moved an hour: her key locked itself meanwhile.
  const locked = await ana.get(`/committee/reports/${first.id}`);
  assert.equal(locked.status, 303);
  assert.match(locked.location, /^\/committee\?next=/);
  const wrong = await unlock(ana, 'ana', PW);
  assert.equal(wrong.status, 400, 'the sign-in password is not the passphrase');
  assert.equal((await unlock(ana, 'ana')).status, 303);
  const acct = await ana.get('/committee/account');
  assert.match(acct.html, /fingerprint is <strong>[0-9a-f ]{19}<\/strong>/);
  const fresh = 'a brand new set of committee words';
  const change = await ana.post('/committee/account', { _csrf: csrfOf(acct.html), action: 'passphrase', current: passOf('ana'), passphrase: fresh, again: fresh });
  assert.equal(change.status, 200, change.html);
  assert.match(change.html, /the old one no longer opens your key/);
  assert.equal((await ana.get(`/committee/reports/${first.id}`)).status, 200, 'still unlocked, same key');
  const lock = await ana.post('/committee/lock', { _csrf: csrfOf(acct.html) });
  assert.equal(lock.status, 303);
  assert.equal((await unlock(ana, 'ana')).status, 400, 'the old passphrase fails');
  assert.equal((await unlock(ana, 'ana', fresh)).status, 303);
  const read = await ana.get(`/committee/reports/${first.id}`);
  assert.equal(read.status, 200);
  assert.ok(read.html.includes(`${MARKER} said it again.`), 'the reports still open');

  // A form sent after the key locked itself keeps its text and sends it with the passphrase.
  setClock(offset + 31 * 60);
  const late = await ana.post(`/committee/reports/${first.id}/reply`, { _csrf: csrfOf(read.html), text: 'Written while the key locked itself.' });
  assert.equal(late.status, 403);
  assert.match(late.html, /Written while the key locked itself\.<\/textarea>/);
  const resent = await ana.post(`/committee/reports/${first.id}/reply`, { _csrf: csrfOf(late.html), text: 'Written while the key locked itself.', passphrase: fresh });
  assert.equal(resent.status, 303, resent.html);
  assert.match((await ana.get(`/committee/reports/${first.id}`)).html, /Written while the key locked itself\./);

  // The recovery key sets a new passphrase when the old one is lost.
  const rec = await members.ben.get('/committee/recover');
  const badrec = await members.ben.post('/committee/recover', { _csrf: csrfOf(rec.html), recovery: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', passphrase: 'bens new committee words', again: 'bens new committee words' });
  assert.equal(badrec.status, 400);
  const goodrec = await members.ben.post('/committee/recover', { _csrf: csrfOf(rec.html), recovery: recovery.ben.toLowerCase(), passphrase: 'bens new committee words', again: 'bens new committee words' });
  assert.equal(goodrec.status, 303, goodrec.html);
  assert.equal((await members.ben.get(`/committee/reports/${first.id}`)).status, 200);

  // A restart: every key is locked again, nothing of them was kept.
  await srv.stop();
  await start();
  ok(cli('site', 'set', '--data', data, 'url', `http://localhost:${srv.port}`));
  for (const c of Object.values(members)) c.base = srv.url;
  for (const h of ['ana', 'ben']) {
    const again = await members[h].get(`/committee/reports/${first.id}`);
    assert.equal(again.status, 303, `${h} is locked after a restart`);
    const home = await members[h].get('/committee');
    assert.match(home.html, /Your committee key is locked/);
  }
  assert.equal((await unlock(members.ana, 'ana', fresh)).status, 303);
  assert.equal((await unlock(members.ben, 'ben', 'bens new committee words')).status, 303);
  assert.equal((await unlock(members.cleo, 'cleo')).status, 303);
});

test('the daily notice goes to the readers only, after the day, and says nothing else', async () => {
  // The next day: yesterday's notice runs, to nobody yet (no member gave an address).
  const real = () => Math.floor(Date.now() / 1000);
  const tomorrow = (Math.floor((real() + offset) / 86400) + 1) * 86400;
  setClock(tomorrow - real() + 60);
  for (let i = 0; i < 100 && sql("SELECT count(*) FROM jobs WHERE kind = 'report_notice' AND state != 2") !== '0'; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(sql("SELECT count(*) FROM jobs WHERE kind = 'report_notice' AND state != 2"), '0');
  assert.equal(sink.mails.length, 0);
  const acct = await members.ana.get('/committee/account');
  const set = await members.ana.post('/committee/account', { _csrf: csrfOf(acct.html), action: 'notify', email: 'ana@committee.example' });
  assert.equal(set.status, 200, set.html);
  const cacct = await members.cleo.get('/committee/account');
  await members.cleo.post('/committee/account', { _csrf: csrfOf(cacct.html), action: 'notify', email: 'cleo@committee.example' });
  const bad = await members.ana.post('/committee/account', { _csrf: csrfOf(acct.html), action: 'notify', email: 'not an address' });
  assert.equal(bad.status, 400);
  assert.ok(!dump().includes('ana@committee.example'), 'sealed');
  // The reporter of the report Cleo may not read writes again: only its readers hear of it.
  const w = await followup({ receipt: second.receipt, message: 'Cleo did it again.' });
  assert.equal(w.status, 200, w.html);
  const due = Number(sql("SELECT next_at FROM jobs WHERE kind = 'report_notice' AND state = 0"));
  assert.equal(due % 86400, 0, 'the notice is due at a midnight, and made at one');
  assert.equal(due, tomorrow + 86400);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(sink.mails.length, 0, 'nothing before the day is over');
  setClock(due - real() + 5);
  await sink.waitFor((ms) => ms.some((m) => m.to.includes('ana@committee.example')), 20000, 'the notice to ana');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(sink.mails.filter((m) => m.to.includes('cleo@committee.example')).length, 0, 'cleo holds no key to it');
  assert.equal(sink.mails.length, 1);
  const mail = sink.mails[0];
  assert.equal(mail.parsed.subject, 'News for the committee');
  assert.match(mail.parsed.text, /There is something new for the standing committee/);
  assert.match(mail.parsed.text, /\/committee\n/);
  for (const t of ['Cleo', MARKER, second.id, first.id, 'again']) assert.ok(!mail.raw.includes(t), `the notice says ${t}`);
});

test('every page of reports and of the committee is valid HTML', async () => {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-raw-characters': 'off' } });
  const pages = [];
  const get = async (path) => (await fetch(srv.url + path, { headers: { 'X-Forwarded-For': '192.0.2.50' } })).text();
  pages.push(['report form', await get('/report')]);
  pages.push(['report form with an error', (await sendReport('   ')).html]);
  const sent = await sendReport('A report for the validator.', { files: [{ name: 'p.png', type: 'image/png', bytes: png() }] });
  pages.push(['receipt', sent.html]);
  pages.push(['follow-up', await get('/report/followup')]);
  pages.push(['wrong receipt', (await followup({ receipt: '5555555555555555' })).html]);
  pages.push(['thread', (await followup({ receipt: sent.receipt })).html]);
  pages.push(['committee members', await get('/committee/members')]);
  const ana = members.ana;
  const fresh = 'a brand new set of committee words';
  assert.equal((await unlock(ana, 'ana', fresh)).status, 303);
  const id = sql(`SELECT report_id FROM report_keys WHERE user_id = (SELECT id FROM users WHERE handle = 'ana') LIMIT 1`);
  pages.push(['reports', (await ana.get('/committee')).html]);
  const report = (await ana.get(`/committee/reports/${id}`)).html;
  pages.push(['report', report]);
  pages.push(['a refused reply', (await ana.post(`/committee/reports/${id}/reply`, { _csrf: csrfOf(report), text: ' ' })).html]);
  pages.push(['log', (await ana.get('/committee/log')).html]);
  pages.push(['account', (await ana.get('/committee/account')).html]);
  pages.push(['recover', (await ana.get('/committee/recover')).html]);
  await ana.post('/committee/lock', { _csrf: csrfOf(report) });
  pages.push(['unlock', (await ana.get('/committee')).html]);
  pages.push(['relock', (await ana.post(`/committee/reports/${id}/reply`, { _csrf: csrfOf(report), text: 'kept' })).html]);
  ok(cli('committee', 'add', '--data', data, '--handle', 'eddy'));
  const eddy = await signIn('eddy');
  const joinPage = (await eddy.get('/committee')).html;
  pages.push(['join', joinPage]);
  pages.push(['recovery key', (await eddy.post('/committee/join', { _csrf: csrfOf(joinPage), passphrase: passOf('eddy'), again: passOf('eddy') })).html]);
  const olga = await signIn('olga');
  pages.push(['owner\'s committee page', (await olga.get('/admin/committee')).html]);
  pages.push(['403', (await olga.get('/committee')).html]);
  const bad = [];
  for (const [name, html] of pages) {
    const r = await validator.validateString(html);
    const msgs = r.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    if (!r.valid) bad.push(`${name}:\n${msgs.join('\n')}`);
  }
  assert.deepEqual(bad, []);
  assert.equal((await unlock(ana, 'ana', fresh)).status, 303);
});

test('kill -9 while reports are sent: each is whole with its receipt shown, or not there at all', { timeout: 180000 }, async (t) => {
  await srv.stop();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const shown = new Map(); // receipt -> text
  let sent = 0;
  const big = png('x'.repeat(2 << 20));
  for (let round = 0; round < 4; round++) {
    const child = spawn(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '2'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BROADSIDE_TEST_CLOCK: clock } });
    const port = await new Promise((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    srv = { url: `http://127.0.0.1:${port}` };
    const form = await reportForm();
    const one = async (i) => {
      const text = `Round ${round} report ${i}: whole or nothing.`;
      const body = new FormData();
      body.append('shown', form.shown);
      for (const id of form.ids) body.append(`reader_${id}`, '1');
      body.append('text', text);
      body.append('files', new Blob([big], { type: 'image/png' }), 'big.png');
      sent++;
      try {
        const res = await fetch(srv.url + '/report', { method: 'POST', body, headers: { 'X-Forwarded-For': `198.51.100.${round * 10 + i}` } });
        const html = await res.text();
        const m = html.match(/class="receipt"[^>]*>([\d ]+)</);
        if (m) shown.set(m[1], text);
      } catch {
        // The server died mid-answer: no receipt was shown for this one.
      }
    };
    const all = Promise.all([0, 1, 2, 3].map(one));
    await sleep(150 + round * 120);
    child.kill('SIGKILL');
    await all;
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r() : child.once('exit', r)));
  }
  // Every report stored is whole: its keys, its message, as many files as it says.
  const readers = sql('SELECT count(*) FROM committee WHERE pk IS NOT NULL');
  const reports = sql('SELECT id, files FROM reports').split('\n').filter(Boolean);
  for (const row of reports) {
    const [id, files] = row.split('|');
    assert.ok(Number(sql(`SELECT count(*) FROM report_keys WHERE report_id = ${id}`)) >= 1, `report ${id} has keys`);
    assert.ok(Number(sql(`SELECT count(*) FROM report_messages WHERE report_id = ${id}`)) >= 1, `report ${id} has its text`);
    assert.equal(sql(`SELECT count(*) FROM report_files WHERE report_id = ${id}`), files, `report ${id} has its files`);
  }
  assert.equal(sql('SELECT count(*) FROM report_keys WHERE report_id NOT IN (SELECT id FROM reports)'), '0');
  assert.equal(sql('SELECT count(*) FROM report_messages WHERE report_id NOT IN (SELECT id FROM reports)'), '0');
  assert.equal(sql('SELECT count(*) FROM report_files WHERE report_id NOT IN (SELECT id FROM reports)'), '0');
  assert.ok(Number(readers) >= 3);
  // Every receipt shown opens its report, after the crash.
  await start();
  for (const [receipt, text] of shown) {
    const r = await fetch(srv.url + '/report/followup', { method: 'POST', body: new URLSearchParams({ receipt }), headers: { 'X-Forwarded-For': '192.0.2.1' } });
    assert.equal(r.status, 200, `receipt ${receipt}`);
    assert.ok((await r.text()).includes(text));
  }
  const stored = Number(sql("SELECT count(*) FROM reports WHERE id IN (SELECT report FROM committee_log WHERE detail LIKE 'sent a report with 1 files%')"));
  assert.ok(stored >= shown.size, `${stored} stored, ${shown.size} receipts shown`);
  assert.ok(stored <= sent);
  // The kills must have cut some sends short, or this proved nothing about them.
  assert.ok(shown.size < sent, `${sent} sent, and every one answered before its kill`);
  t.diagnostic(`${sent} sent, ${shown.size} receipts shown, ${stored} stored (${stored - shown.size} stored without an answer)`);
});
