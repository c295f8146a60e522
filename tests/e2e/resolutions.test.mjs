// resolutions: model resolutions end to end, with a real SMTP server on loopback: the
// circulation mail to exactly the branches' members, line numbers that are the same on every
// request and after a restart, overlapping amendments refused (409 and exit 1) and others taken,
// merging (merged, stale, the old version untouched), decisions by a branch's own secretaries
// only (403 for another's) with their corrections kept, endorsements bound to their version, a
// members-only resolution hidden (404, feeds, search, sitemap), a closed one refusing changes
// (409), the public log beside the moderation log, and the text export with its line numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { BIN, cli, tempDir, serve, cleanup } from './harness.mjs';
import { Client, csrfOf } from './client.mjs';
import { mailSink, linkIn } from './mailsink.mjs';

let dir, data, sink, srv;
const PW = 'correct horse battery';
const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const main = (html) => (html.match(/<main[^>]*>([\s\S]*)<\/main>/) || [, html])[1];
const get = (path) => fetch(srv.url + path, { redirect: 'manual' });
const sql = (q) => spawnSync('sqlite3', [`${data}/site.db`, q], { encoding: 'utf8' });
const member = {};
const clients = {};

// The rule of res_text.h, written again from its words: paragraphs of words, lines of at most
// 80 characters, the breaking space on no line, a longer word cut after 80.
function wrap(paragraph) {
  const chars = [...paragraph];
  const lines = [];
  let pos = 0;
  while (pos < chars.length) {
    if (chars.length - pos <= 80) { lines.push(chars.slice(pos).join('')); break; }
    if (chars[pos + 80] === ' ') { lines.push(chars.slice(pos, pos + 80).join('')); pos += 81; continue; }
    const space = chars.slice(pos, pos + 80).lastIndexOf(' ');
    if (space > 0) { lines.push(chars.slice(pos, pos + space).join('')); pos += space + 1; }
    else { lines.push(chars.slice(pos, pos + 80).join('')); pos += 80; }
  }
  return lines;
}

const LONG = 'This branch notes that rents in the city have risen by a third in five years, ' +
  'while wages have not; that the council has sold off more homes than it has built; and that ' +
  'tenants who complain about damp are threatened with eviction by landlords who know they can.';
const WORD = 'x'.repeat(95);
const TEXT = `# On rents\n\n${LONG}\n\nWe call on the council:\n- to freeze rents in its own housing for two years;\n` +
  `- to build five hundred homes at social rent by 2030;\n- to publish every landlord's licence.\n\n` +
  `A ${WORD} word longer than a line.\n\nThe branch resolves to send this resolution to the regional committee.\n`;

// The numbered lines of a page: [[n, text without tags]], in order.
function pageLines(html) {
  return [...html.matchAll(/<div class="line" id="L(\d+)"><a class="ln" href="#L\d+">(\d+)<\/a> <span class="lt">(.*?)<\/span>/g)]
    .map((m) => { assert.equal(m[1], m[2]); return [Number(m[1]), m[3].replace(/<[^>]+>/g, '').replace(/&#39;/g, "'")]; });
}

// The numbered lines of the text export.
function exportLines(txt) {
  const text = txt.slice(txt.indexOf('Text of version'), txt.search(/\n(Amendments to version|Decisions of the branches)/));
  return [...text.matchAll(/^ *(\d+)  (.*)$/gm)].map((m) => [Number(m[1]), m[2]]);
}

function addUser(handle, role) {
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', handle, '--name', handle.toUpperCase(),
    '--role', role, '--password-stdin'], { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function writer(handle) {
  const c = new Client(srv.url);
  const page = await c.get('/admin/login');
  const r = await c.post('/admin/login', { _csrf: csrfOf(page.html), handle, password: PW, next: '/admin' });
  assert.equal(r.status, 303, r.html);
  return c;
}

// A member signed in through the link in their mail.
async function signIn(addr) {
  const links = () => sink.mails.filter((m) => m.to.includes(addr) && m.parsed.text.includes('/members/signin/'));
  const c = new Client(srv.url);
  const n = links().length;
  assert.equal((await c.post('/members/signin', { email: addr })).status, 200);
  await sink.waitFor(() => links().length > n, 20000, `sign-in link for ${addr}`);
  const r = await c.post(linkIn(links().at(-1), '/members/signin/').pathname, {});
  assert.equal(r.status, 303, r.html);
  return c;
}

// Sends a member's form: GET it for the token, then POST.
async function send(c, path, fields) {
  const form = await c.get(path);
  assert.equal(form.status, 200, form.html);
  return c.post(path, { _csrf: csrfOf(form.html), ...fields });
}

async function start() {
  srv = await serve(data);
  ok(cli('site', 'set', '--data', data, 'url', srv.url));
}

before(async () => {
  dir = tempDir('bs-res-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--title', 'Branch Press'));
  sink = await mailSink();
  ok(cli('site', 'set', '--data', data, 'smtp_url', sink.url));
  ok(cli('site', 'set', '--data', data, 'mail_from', 'press@branch.example'));
  addUser('ed', 'editor');
  addUser('al', 'author');
  addUser('bo', 'author');
  const people = [['ann', 'Ann Avery'], ['bob', 'Bob Baker'], ['cat', 'Cat Cole'], ['dan', 'Dan Dee'], ['eve', 'Eve Ely']];
  for (const [who, name] of people)
    member[who] = Number(ok(cli('member', 'add', '--data', data, '--email', `${who}@branch.example`, '--name', name)).stdout.match(/member (\d+)/)[1]);
  member.sub = Number(ok(cli('member', 'add', '--data', data, '--email', 'sub@branch.example', '--state', 'subscriber')).stdout.match(/member (\d+)/)[1]);
  ok(cli('branch', 'add', '--data', data, 'Harbour Street'));
  ok(cli('branch', 'add', '--data', data, 'Dock Road'));
  const put = (who, branch, sec) => ok(cli('branch', 'put', '--data', data, '--member', String(member[who]), ...(sec ? ['--secretary'] : []), branch));
  put('ann', 'Harbour Street', true);
  put('bob', 'Harbour Street');
  put('cat', 'Dock Road', true);
  put('dan', 'Harbour Street');
  put('dan', 'Dock Road');
  put('sub', 'Harbour Street');
  writeFileSync(`${dir}/rents.md`, TEXT);
  ok(cli('resolution', 'add', '--data', data, '--title', 'On rents', '--handle', 'al', '--reason',
    'Rents are **too high**, and the council does nothing.', '--deadline', '2030-06-01', `${dir}/rents.md`));
  await start();
});

after(async () => {
  if (srv) await srv.stop();
  if (sink) await sink.close();
  cleanup(dir);
});

test('a draft is no one\'s to read; circulating it mails exactly the branches\' members, once each', async () => {
  assert.equal((await get('/resolutions/on-rents')).status, 404, 'a draft is not public');
  assert.doesNotMatch(await (await get('/resolutions')).text(), /On rents/);
  const out = ok(cli('resolution', 'circulate', '--data', data, 'on-rents'));
  assert.match(out.stdout, /circulates: version 1/);
  assert.equal(cli('resolution', 'circulate', '--data', data, 'on-rents').status, 1, 'only once');
  const res = (m) => m.parsed.subject === 'For your branch: On rents';
  const expected = ['ann', 'bob', 'cat', 'dan'].map((w) => `${w}@branch.example`).sort();
  await sink.waitFor((ms) => ms.filter(res).length >= expected.length, 20000, 'circulation mails');
  // Every mail the queue made for it is sent before we count.
  for (let i = 0; i < 200; i++) {
    const left = sql("SELECT count(*) FROM jobs WHERE state < 2 AND (kind = 'res_circulate' OR dedupe LIKE 'res:%')").stdout.trim();
    if (left === '0') break;
    await sleep(100);
  }
  assert.equal(sql("SELECT count(*) FROM jobs WHERE dedupe LIKE 'res:%'").stdout.trim(), '4');
  const got = sink.mails.filter(res).map((m) => m.to.join()).sort();
  assert.deepEqual(got, expected, 'members in branches, each once: not eve (no branch), not the subscriber');
  const dan = sink.mails.find((m) => res(m) && m.to.includes('dan@branch.example'));
  assert.match(dan.parsed.text, /Your branch, Dock Road and Harbour Street, is asked to consider it, and asks for its decision by 2030-06-01/);
  assert.equal(linkIn(dan, '/resolutions/').pathname, '/resolutions/on-rents');
  assert.equal(dan.from, 'press@branch.example');
});

test('lines are numbered on 80 characters, the same on every request, after a restart and in the export', async () => {
  const first = pageLines(await (await get('/resolutions/on-rents')).text());
  // The rule, applied to the text as written: the heading's marker is not shown on the page.
  const paragraphs = ['On rents', LONG, 'We call on the council:', '- to freeze rents in its own housing for two years;',
    '- to build five hundred homes at social rent by 2030;', "- to publish every landlord's licence.",
    `A ${WORD} word longer than a line.`, 'The branch resolves to send this resolution to the regional committee.'];
  const want = paragraphs.flatMap(wrap).map((t, i) => [i + 1, t]);
  assert.deepEqual(first, want);
  assert.equal(first.length, 13);
  assert.equal(first[1][1].length <= 80 && first[2][1].length <= 80, true);
  assert.equal(first[10][1], 'x'.repeat(80), 'a word longer than a line is cut after 80 characters');
  assert.deepEqual(pageLines(await (await get('/resolutions/on-rents')).text()), first, 'the same again');
  assert.deepEqual(pageLines(await (await get('/resolutions/on-rents/versions/1')).text()), first);
  await srv.stop();
  await start();
  assert.deepEqual(pageLines(await (await get('/resolutions/on-rents')).text()), first, 'the same after a restart');
  const txt = exportLines(await (await get('/resolutions/on-rents.txt')).text());
  assert.deepEqual(txt.map(([n]) => n), first.map(([n]) => n));
  assert.deepEqual(txt.slice(1), first.slice(1), 'the export reads as the page does');
  assert.equal(txt[0][1], '# On rents', 'the export keeps the text as written');
});

test('an amendment that overlaps an open one is refused (409, exit 1), naming it; others are taken', async () => {
  for (const who of ['ann', 'bob', 'cat', 'dan']) clients[who] = await signIn(`${who}@branch.example`);
  // Ann shows her name in public; the others are "a member of their branch". Her choice
  // reaches pages already kept in the cache.
  await get('/resolutions/on-rents');
  const acct = await clients.ann.get('/members/account');
  assert.equal((await clients.ann.post('/members/account', { _csrf: csrfOf(acct.html), newsletter: '1', show_name: '1' })).status, 200);
  const a1 = await send(clients.ann, '/resolutions/on-rents/amend?from=3&to=5', {
    version: '1', kind: 'replace', from: '3', to: '5', text: 'while wages have fallen, and the council has sold homes it should have kept.', reason: 'Sharper, and true.' });
  assert.equal(a1.status, 303, a1.html);
  assert.equal(a1.location, '/resolutions/on-rents#res-amendment-1');
  // Lines 5 and 6 share line 5 with A1.
  const clash = await send(clients.bob, '/resolutions/on-rents/amend', {
    version: '1', kind: 'delete', from: '5', to: '6', reason: 'Too long; my own words here.' });
  assert.equal(clash.status, 409);
  assert.match(main(clash.html), /collides with amendment A1 \(lines 3–5, replace\), which is open/);
  assert.match(clash.html, />Too long; my own words here\.<\/textarea>/, 'the member\'s text stays in the form');
  const shell = cli('resolution', 'amend', '--data', data, 'on-rents', '--member', String(member.bob), '--kind', 'replace', '--lines', '2-3', '--text', 'x', '--reason', 'y');
  assert.equal(shell.status, 1);
  assert.match(shell.stderr, /collides with amendment A1 \(lines 3–5, replace\)/);
  // Inserting between two of A1's lines collides; right after them it does not.
  const between = await send(clients.bob, '/resolutions/on-rents/amend', { version: '1', kind: 'insert', after: '3', text: 'And more.', reason: 'r' });
  assert.equal(between.status, 409);
  const a2 = await send(clients.bob, '/resolutions/on-rents/amend', {
    version: '1', kind: 'insert', after: '5', text: 'Tenants are organising.', reason: 'Say what we do.' });
  assert.equal(a2.status, 303, a2.html);
  assert.equal(a2.location, '/resolutions/on-rents#res-amendment-2');
  // A branch's amendment, from the shell, by its secretary; and not by someone else for it.
  assert.match(ok(cli('resolution', 'amend', '--data', data, 'on-rents', '--member', String(member.cat), '--branch', 'Dock Road',
    '--kind', 'replace', '--lines', '8', '--text', '- to build a thousand homes at social rent by 2030;', '--reason', 'Five hundred is not enough.')).stdout, /amendment A3: replace line 8 of version 1/);
  const notsec = cli('resolution', 'amend', '--data', data, 'on-rents', '--member', String(member.bob), '--branch', 'Dock Road',
    '--kind', 'delete', '--lines', '11', '--reason', 'r');
  assert.equal(notsec.status, 1);
  assert.match(notsec.stderr, /Only the secretaries of Dock Road may amend for it/);
  // A bad field is named, and the text stays.
  const bad = await send(clients.dan, '/resolutions/on-rents/amend', { version: '1', kind: 'replace', from: '40', to: '41', text: 'My careful words.', reason: 'r' });
  assert.equal(bad.status, 400);
  assert.match(main(bad.html), /The first line is not a line of this version\. Version 1 has 13 lines\./);
  assert.match(bad.html, /id="res-from"[^>]*aria-invalid="true"/);
  assert.match(bad.html, />My careful words\.<\/textarea>/);
  // Dan's amendment is his to withdraw, not Ann's.
  const a4 = await send(clients.dan, '/resolutions/on-rents/amend', { version: '1', kind: 'delete', from: '13', to: '13', reason: 'Not our business.' });
  assert.equal(a4.status, 303);
  const page = await clients.ann.get('/resolutions/on-rents/amend');
  const refuse = await clients.ann.post('/resolutions/on-rents/amendments/4/withdraw', { _csrf: csrfOf(page.html) });
  assert.equal(refuse.status, 403);
  const mine = await clients.dan.get('/resolutions/on-rents/amend');
  assert.match(mine.html, /Withdraw A4/);
  const w = await clients.dan.post('/resolutions/on-rents/amendments/4/withdraw', { _csrf: csrfOf(mine.html) });
  assert.equal(w.status, 303);
  const html = await (await get('/resolutions/on-rents')).text();
  assert.match(html, /<li id="res-amendment-1" class="amendment open">[\s\S]*?Proposed by Ann Avery/);
  assert.match(html, /<li id="res-amendment-2" class="amendment open">[\s\S]*?Proposed by a member of Harbour Street/);
  assert.match(html, /<li id="res-amendment-3" class="amendment open">[\s\S]*?Proposed by the branch Dock Road/);
  assert.match(html, /<li id="res-amendment-4" class="amendment withdrawn">/);
  assert.match(html, /id="L3">.*<a class="mark" href="#res-amendment-1">A1<\/a>/, 'the lines carry the open amendments');
  assert.doesNotMatch(html, /@branch\.example/);
});

test('endorsements are of one version', async () => {
  const me = await send(clients.ann, '/resolutions/on-rents/endorse', { version: '1' });
  assert.equal(me.status, 303, me.html);
  const dock = await send(clients.cat, '/resolutions/on-rents/endorse', { version: '1', as: String(branchId('Dock Road')) });
  assert.equal(dock.status, 303, dock.html);
  const again = await send(clients.ann, '/resolutions/on-rents/endorse', { version: '1' });
  assert.equal(again.status, 409);
  assert.match(main(again.html), /You endorsed version 1 already/);
  const html = await (await get('/resolutions/on-rents')).text();
  assert.match(html, /2 endorsement\(s\): <span class="endorser">the branch Dock Road<\/span>; <span class="endorser">Ann Avery<\/span>;/);
});

function branchId(name) {
  return Number(sql(`SELECT id FROM branches WHERE name = '${name}'`).stdout.trim());
}

let version1;
test('merging: the chosen amendments merged, the others stale, the old version untouched', async () => {
  version1 = await (await get('/resolutions/on-rents/versions/1')).text();
  const text1 = version1.slice(version1.indexOf('<div class="res-text">'), version1.indexOf('</section>'));
  // Another author may not; the resolution's own writer or an editor may.
  const bo = await writer('bo');
  const boPage = await bo.get('/admin/resolutions');
  assert.equal((await bo.post(`/admin/resolutions/1/merge`, { _csrf: csrfOf(boPage.html), 'amendment[]': '1' })).status, 403);
  const ed = await writer('ed');
  const manage = await ed.get('/admin/resolutions/1');
  assert.equal(manage.status, 200);
  assert.match(manage.html, /name="amendment\[\]" value="1"/);
  assert.doesNotMatch(manage.html, /name="amendment\[\]" value="4"/, 'a withdrawn amendment is not offered');
  const r = await ed.post('/admin/resolutions/1/merge', { _csrf: csrfOf(manage.html), 'amendment[]': '1', amendments: 'A2', note: 'Wages and organising.' });
  assert.equal(r.status, 303, r.html);
  assert.equal(r.location, '/admin/resolutions/1?done=merged');
  const v2 = await (await get('/resolutions/on-rents')).text();
  assert.match(v2, /Version 2 of 2/);
  const lines2 = pageLines(v2).map(([, t]) => t).join('\n');
  assert.match(lines2, /while wages have fallen, and the council has sold homes it should have kept\./);
  assert.match(lines2, /Tenants are organising\./);
  assert.doesNotMatch(lines2, /sold off more homes/);
  // The old version is as it was, with its amendments' fates.
  const old = await (await get('/resolutions/on-rents/versions/1')).text();
  assert.equal(old.slice(old.indexOf('<div class="res-text">'), old.indexOf('</section>')).replace(/ <a class="(mark|amend-line)"[^>]*>[^<]*<\/a>/g, ''),
    text1.replace(/ <a class="(mark|amend-line)"[^>]*>[^<]*<\/a>/g, ''));
  assert.match(old, /This is version 1, which was replaced/);
  assert.match(old, /<li id="res-amendment-1" class="amendment merged">[\s\S]*?Merged into <a href="\/resolutions\/on-rents\/versions\/2">version 2<\/a>/);
  assert.match(old, /<li id="res-amendment-2" class="amendment merged">/);
  assert.match(old, /<li id="res-amendment-3" class="amendment stale">[\s\S]*?Stale: <a href="\/resolutions\/on-rents\/versions\/2">version 2<\/a> replaced the text it amends/);
  assert.match(old, /<li id="res-amendment-4" class="amendment withdrawn">/);
  // Endorsements do not carry over.
  assert.match(old, /2 endorsement\(s\)/);
  assert.match(v2, /No one has endorsed this version yet/);
  const late = await send(clients.ann, '/resolutions/on-rents/endorse', { version: '1' });
  assert.equal(late.status, 409);
  assert.match(main(late.html), /An endorsement is of the current version, 2/);
  assert.equal((await send(clients.ann, '/resolutions/on-rents/endorse', { version: '2' })).status, 303);
  // Versions are permanent in the database itself.
  const tamper = sql("UPDATE res_versions SET body = 'x' WHERE n = 1");
  assert.notEqual(tamper.status, 0);
  assert.match(tamper.stderr, /a version of a resolution is permanent/);
  // The stale amendment's lines are free again in version 2: amending version 1 is refused.
  const stale = await send(clients.cat, '/resolutions/on-rents/amend', { version: '1', kind: 'delete', from: '8', to: '8', reason: 'r' });
  assert.equal(stale.status, 409);
  assert.match(main(stale.html), /Version 1 is not the current one any more: version 2 is/);
  // The comparison marks what changed, word by word.
  const diff = await (await get('/resolutions/on-rents/diff/1/2')).text();
  assert.match(diff, /<del>[^<]*off more[^<]*<\/del>/);
  assert.match(diff, /<ins>[^<]*fallen[^<]*<\/ins>/);
  assert.match(diff, /class="diff-para added"[^>]*><p><ins>Tenants are organising\.<\/ins>/);
  assert.match(ok(cli('resolution', 'show', '--data', data, 'on-rents', '--compare', '1')).stdout, /\{\+Tenants are organising\.\+\}/);
});

test('a branch\'s decision is recorded by its own secretaries only; a correction keeps the record', async () => {
  // Cat is the secretary of Dock Road, not of Harbour Street.
  const other = await send(clients.cat, '/resolutions/on-rents/decide', {
    branch: String(branchId('Harbour Street')), version: '2', outcome: 'adopted', date: '2026-03-02' });
  assert.equal(other.status, 403);
  assert.match(main(other.html), /Only the secretaries of Harbour Street record its decisions/);
  // Bob is no secretary at all: the form is not his.
  assert.equal((await clients.bob.get('/resolutions/on-rents/decide')).status, 403);
  const shell = cli('resolution', 'decide', '--data', data, 'on-rents', '--member', String(member.cat), '--branch', 'Harbour Street',
    '--outcome', 'rejected', '--date', '2026-03-02');
  assert.equal(shell.status, 1);
  assert.match(shell.stderr, /Only the secretaries of Harbour Street record its decisions/);
  const first = await send(clients.cat, '/resolutions/on-rents/decide', {
    branch: String(branchId('Dock Road')), version: '1', outcome: 'adopted-with-amendments', 'amendment[]': '3',
    date: '2026-03-01', for: '12', against: '3', abstain: '1', note: 'After a long debate.' });
  assert.equal(first.status, 303, first.html);
  let html = await (await get('/resolutions/on-rents')).text();
  assert.match(html, /<tr><th scope="row">Dock Road<\/th><td class="outcome adopted-with-amendments">adopted with A3<\/td><td>1<\/td><td>2026-03-01<\/td><td class="num">12<\/td><td class="num">3<\/td><td class="num">1<\/td><td>After a long debate\.<\/td><\/tr>/);
  assert.match(html, /<tr><th scope="row">Harbour Street<\/th><td colspan="7" class="undecided">no decision yet<\/td><\/tr>/);
  const wrong = await send(clients.cat, '/resolutions/on-rents/decide', { branch: String(branchId('Dock Road')), version: '2', outcome: 'adopted', date: '2031-01-01' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.html, /id="res-date"[^>]*aria-invalid="true"/);
  ok(cli('resolution', 'decide', '--data', data, 'on-rents', '--member', String(member.cat), '--branch', 'Dock Road',
    '--version', '2', '--outcome', 'rejected', '--date', '2026-03-08', '--for', '4', '--against', '9', '--abstain', '0'));
  html = await (await get('/resolutions/on-rents')).text();
  assert.match(html, /<tr><th scope="row">Dock Road<\/th><td class="outcome rejected">rejected<\/td><td>2<\/td><td>2026-03-08<\/td><td class="num">4<\/td><td class="num">9<\/td><td class="num">0<\/td>/);
  assert.match(html, /Corrected\. Earlier records: adopted with A3 \(version 1, 2026-03-01;/);
  assert.equal(sql('SELECT count(*) FROM res_decisions').stdout.trim(), '2');
  assert.notEqual(sql('DELETE FROM res_decisions').status, 0, 'records are never deleted');
  const harbour = await send(clients.ann, '/resolutions/on-rents/decide', { branch: String(branchId('Harbour Street')), version: '2', outcome: 'deferred', date: '2026-03-09' });
  assert.equal(harbour.status, 303);
});

test('the text export has the line numbers and the table of the branches\' decisions', async () => {
  const r = await get('/resolutions/on-rents.txt');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; charset=utf-8/);
  const txt = await r.text();
  assert.match(txt, /^On rents\n========\n\nA model resolution of Branch Press\nhttp:\/\/127\.0\.0\.1:\d+\/resolutions\/on-rents\n/);
  assert.match(txt, /Version 2 of 2 \(circulating\); circulated on \d{4}-\d\d-\d\d; deadline 2030-06-01\./);
  const lines = exportLines(txt);
  const page = pageLines(await (await get('/resolutions/on-rents')).text());
  assert.deepEqual(lines.map(([n]) => n), page.map(([n]) => n));
  assert.match(txt, /^ 1  # On rents$/m);
  assert.match(txt, /^ 2  This branch notes that rents in the city have risen by a third in five years,$/m);
  assert.match(txt, /^Branch {10}Decision  Version  Date {8}For  Against  Abstaining$/m);
  assert.match(txt, /^Dock Road {7}rejected  2 {8}2026-03-08  4 {4}9 {8}0$/m);
  assert.match(txt, /^Harbour Street  deferred  2 {8}2026-03-09  – {4}– {8}–$/m);
  assert.match(txt, /Dock Road corrected its record on \d{4}-\d\d-\d\d; before, it read: adopted with A3, version 1, 2026-03-01\./);
  assert.equal(ok(cli('resolution', 'show', '--data', data, 'on-rents')).stdout, txt.replace(/http:\/\/127\.0\.0\.1:\d+/, srv.url));
});

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-raw-characters': 'off' } });
async function valid(name, html) {
  const report = await validator.validateString(html);
  const msgs = report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.equal(report.valid, true, `${name}\n${msgs.join('\n')}`);
}

test('writers draft in the admin (a refused form keeps the text), see the numbered lines, and circulate', async () => {
  const ed = await writer('ed');
  const form = await ed.get('/admin/resolutions/new');
  assert.equal(form.status, 200);
  await valid('admin new resolution', form.html);
  const fields = { title: 'On wages', slug: 'On Wages!', reason: 'Pay.', visibility: 'public', deadline: '', text: 'We want more.\n\nAnd now.' };
  const bad = await ed.post('/admin/resolutions/new', { _csrf: csrfOf(form.html), ...fields });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /An address has lowercase letters/);
  assert.match(bad.html, /id="slug"[^>]*aria-invalid="true"/);
  assert.match(bad.html, />We want more\.\n\nAnd now\.<\/textarea>/);
  await valid('admin draft with an error', bad.html);
  const forged = await ed.post('/admin/resolutions/new', { _csrf: 'x'.repeat(64), ...fields, slug: 'on-wages' });
  assert.equal(forged.status, 403);
  assert.match(forged.html, />We want more\.\n\nAnd now\.<\/textarea>/);
  const saved = await ed.post('/admin/resolutions/new', { _csrf: csrfOf(form.html), ...fields, slug: 'on-wages' });
  assert.equal(saved.status, 303, saved.html);
  const draft = await ed.get(saved.location);
  assert.match(draft.html, /Saved as a draft/);
  assert.match(draft.html, /<div class="line" id="L2"><a class="ln" href="#L2">2<\/a> <span class="lt">And now\.<\/span>/);
  await valid('admin draft', draft.html);
  assert.equal((await get('/resolutions/on-wages')).status, 404, 'a draft stays private');
  const id = saved.location.match(/resolutions\/(\d+)/)[1];
  const c = await ed.post(`/admin/resolutions/${id}/circulate`, { _csrf: csrfOf(draft.html) });
  assert.equal(c.status, 303);
  assert.equal((await get('/resolutions/on-wages')).status, 200);
  const after = await ed.get(`/admin/resolutions/${id}`);
  await valid('admin resolution', after.html);
  assert.equal((await ed.post(`/admin/resolutions/${id}`, { _csrf: csrfOf(after.html), ...fields, slug: 'on-wages', text: 'Changed.' })).status, 409,
    'a circulated text is permanent');
  await valid('admin list', (await ed.get('/admin/resolutions')).html);
});

test('every page of resolutions is valid HTML', async () => {
  for (const path of ['/resolutions', '/resolutions/on-rents', '/resolutions/on-rents/versions/1', '/resolutions/on-rents/diff/1/2', '/moderation'])
    await valid(path, await (await get(path)).text());
  // The feed is valid Atom (RELAX NG grammar of RFC 4287), and JSON Feed and RSS are served.
  writeFileSync(`${dir}/feed.xml`, await (await get('/resolutions/feed.atom')).text());
  const lint = spawnSync('xmllint', ['--noout', '--relaxng', resolve('../shared/testdata/atom/atom.rng'), `${dir}/feed.xml`], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stderr);
  const json = await (await get('/resolutions/feed.json')).json();
  assert.deepEqual(json.items.map((i) => i.url), [`${srv.url}/resolutions/on-wages`, `${srv.url}/resolutions/on-rents`], 'newest change first');
  assert.match(await (await get('/resolutions/feed.rss')).text(), /<title>On rents<\/title>/);
  for (const path of ['/resolutions/on-rents/amend?from=2&to=3', '/resolutions/on-rents/endorse', '/resolutions/on-rents/decide'])
    await valid(path, (await clients.ann.get(path)).html);
  const amend = await send(clients.ann, '/resolutions/on-rents/amend', { version: '2', kind: 'replace', from: '999', text: 'x', reason: 'y' });
  await valid('amendment form with an error', amend.html);
  const decide = await send(clients.ann, '/resolutions/on-rents/decide', { branch: String(branchId('Harbour Street')), version: '2', outcome: 'adopted-with-amendments', date: '2026-03-09' });
  assert.equal(decide.status, 400);
  assert.match(decide.html, /Say which amendments the branch adopted with it/);
  await valid('decision form with an error', decide.html);
});

test('a members-only resolution is a 404 to others and absent from their lists, feeds, search and sitemap', async () => {
  writeFileSync(`${dir}/plan.md`, 'The branches will picket the council meeting on the quillwort estate.\n');
  ok(cli('resolution', 'add', '--data', data, '--title', 'Picket plan', '--visibility', 'members', `${dir}/plan.md`));
  ok(cli('resolution', 'circulate', '--data', data, 'picket-plan'));
  for (const path of ['/resolutions/picket-plan', '/resolutions/picket-plan.txt', '/resolutions/picket-plan/versions/1',
    '/resolutions/picket-plan/amend'])
    assert.equal((await get(path)).status, path.endsWith('/amend') ? 303 : 404, path);
  const anon = [await (await get('/resolutions')).text(), await (await get('/search?q=quillwort')).text(),
    await (await get('/resolutions/feed.atom')).text(), await (await get('/sitemap.xml')).text()];
  for (const body of anon) assert.doesNotMatch(body, /Picket plan|picket-plan|picket the council/);
  assert.match(anon[0], /On rents/);
  assert.match(anon[3], /\/resolutions\/on-rents</);
  // A member reads it, finds it and its list, but feeds never carry it.
  const ann = clients.ann;
  assert.equal((await ann.get('/resolutions/picket-plan')).status, 200);
  assert.match((await ann.get('/resolutions')).html, /Picket plan/);
  assert.match((await ann.get('/search?q=quillwort')).html, /<a href="\/resolutions\/picket-plan">Picket plan<\/a>/);
  assert.doesNotMatch((await ann.get('/resolutions/feed.atom')).html, /Picket plan/);
  // The anonymous pages were not the member's, cached or not.
  assert.equal((await get('/resolutions/picket-plan')).status, 404);
  assert.doesNotMatch(await (await get('/resolutions')).text(), /Picket plan/);
  // Public resolutions are found by everyone.
  assert.match(await (await get('/search?q=landlord')).text(), /<a href="\/resolutions\/on-rents">On rents<\/a>/);
});

test('a closed resolution refuses amendments, endorsements and decisions (409); the log says who and why', async () => {
  const amendPage = await clients.bob.get('/resolutions/on-rents/amend');
  ok(cli('resolution', 'close', '--data', data, 'on-rents', '--reason', 'The regional committee met on 10 March.'));
  const a = await clients.bob.post('/resolutions/on-rents/amend', { _csrf: csrfOf(amendPage.html), version: '2', kind: 'delete', from: '1', to: '1', reason: 'late' });
  assert.equal(a.status, 409);
  assert.match(main(a.html), /closed: it takes no new amendments/);
  assert.equal((await clients.bob.get('/resolutions/on-rents/amend')).status, 409);
  assert.equal((await clients.ann.get('/resolutions/on-rents/endorse')).status, 409);
  assert.equal((await clients.cat.get('/resolutions/on-rents/decide')).status, 409);
  const shell = cli('resolution', 'decide', '--data', data, 'on-rents', '--member', String(member.cat), '--branch', 'Dock Road',
    '--outcome', 'adopted', '--date', '2026-03-10');
  assert.equal(shell.status, 1);
  assert.match(shell.stderr, /This resolution is closed: it takes no new decisions/);
  assert.equal(cli('resolution', 'amend', '--data', data, 'on-rents', '--member', String(member.bob), '--kind', 'delete', '--lines', '1', '--reason', 'r').status, 1);
  const ed = await writer('ed');
  const manage = await ed.get('/admin/resolutions/1');
  assert.doesNotMatch(manage.html, /Merge into a new version/);
  assert.equal((await ed.post('/admin/resolutions/1/merge', { _csrf: csrfOf(manage.html), 'amendment[]': '3' })).status, 409);
  const page = await (await get('/resolutions/on-rents')).text();
  assert.match(page, /This resolution is closed/);
  assert.match(page, /closed by the command line\. Why: The regional committee met on 10 March\./);
  const modlog = await (await get('/moderation')).text();
  assert.match(modlog, /<a href="\/resolutions\/on-rents">On rents<\/a> was <strong>closed<\/strong> by the command line\. Reason: The regional committee met on 10 March\./);
  // Withdrawn from the admin, with a reason, in the same public log; never silently.
  ok(cli('resolution', 'add', '--data', data, '--title', 'On buses', `${dir}/plan.md`));
  ok(cli('resolution', 'circulate', '--data', data, 'on-buses'));
  const buses = Number(sql("SELECT id FROM resolutions WHERE slug = 'on-buses'").stdout.trim());
  const form = await ed.get(`/admin/resolutions/${buses}`);
  const none = await ed.post(`/admin/resolutions/${buses}/withdraw`, { _csrf: csrfOf(form.html), reason: ' ' });
  assert.equal(none.status, 400);
  const w = await ed.post(`/admin/resolutions/${buses}/withdraw`, { _csrf: csrfOf(form.html), reason: 'Merged into the transport motion.' });
  assert.equal(w.status, 303);
  assert.match(await (await get('/moderation')).text(), /On buses<\/a> was <strong>withdrawn<\/strong> by @ed\. Reason: Merged into the transport motion\./);
  assert.equal((await get('/resolutions/on-buses')).status, 200, 'a withdrawn resolution stays readable');
  assert.match(ok(cli('resolution', 'list', '--data', data)).stdout, /withdrawn {3}public {2}v1 .*\/resolutions\/on-buses {2}On buses/);
});

test('one member has at most 50 open amendments to a version', async () => {
  writeFileSync(`${dir}/long.md`, Array.from({ length: 60 }, (_, i) => `Clause ${i + 1}.`).join('\n\n'));
  ok(cli('resolution', 'add', '--data', data, '--title', 'Sixty clauses', `${dir}/long.md`));
  ok(cli('resolution', 'circulate', '--data', data, 'sixty-clauses'));
  const amend = (line) => cli('resolution', 'amend', '--data', data, 'sixty-clauses', '--member', String(member.eve),
    '--kind', 'delete', '--lines', String(line), '--reason', 'Shorter.');
  for (let line = 1; line <= 50; line++) ok(amend(line));
  const more = amend(51);
  assert.equal(more.status, 1);
  assert.match(more.stderr, /You have 50 open amendments to this version already/);
  ok(cli('resolution', 'amend', '--data', data, 'sixty-clauses', '--member', String(member.eve), '--withdraw', '1'));
  ok(amend(51));
});

test('a member who deletes themselves leaves their amendments in the record, unnamed', async () => {
  // Their export lists them first.
  const exp = JSON.parse((await clients.dan.get('/members/export')).html);
  assert.deepEqual(exp.amendments.map((a) => [a.resolution, a.amendment, a.version, a.state]), [['on-rents', 4, 1, 'withdrawn']]);
  assert.deepEqual(JSON.parse((await clients.ann.get('/members/export')).html).endorsements.map((e) => [e.resolution, e.version]),
    [['on-rents', 1], ['on-rents', 2]]);
  // The page is in the cache as it was; the deletion must not leave it there.
  const before = await (await get('/resolutions/on-rents/versions/1')).text();
  assert.match(before, /<li id="res-amendment-4" class="amendment withdrawn">[\s\S]*?Proposed by a member of Dock Road/);
  const acct = await clients.dan.get('/members/account');
  assert.equal((await clients.dan.post('/members/delete', { _csrf: csrfOf(acct.html), sure: '1' })).status, 200);
  const old = await (await get('/resolutions/on-rents/versions/1')).text();
  assert.match(old, /<li id="res-amendment-4" class="amendment withdrawn">[\s\S]*?Proposed by a former member/);
  assert.equal(sql(`SELECT count(*) FROM res_amendments WHERE member_id = ${member.dan}`).stdout.trim(), '0');
  assert.doesNotMatch(old, /Dan Dee/);
});
