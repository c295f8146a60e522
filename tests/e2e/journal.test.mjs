// journal: issues compiled from posts: made from a file and from the browser, published on the
// web and as EPUB. Three books pass epubcheck with no error and no warning (the sample site's
// posts; images, tables, code, hashtags, notes, links between pieces and a cover; every hostile
// Markdown case), pandoc reads every piece in order, a book is made again byte for byte, pages
// and forms pass html-validate, the feed the Atom grammar, a members-only issue stays hidden,
// and an issue keeps its pieces as they were when it came out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { HtmlValidate } from 'html-validate';
import { cli, tempDir, serve, cleanup, postFile } from './harness.mjs';
import { Client, csrfOf, pngBands } from './client.mjs';

const URL_SETTING = 'https://press.example.org';
const ATOM_RNG = '../shared/testdata/atom/atom.rng';
const PW = 'a long enough password';
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'no-raw-characters': 'off' },
});

let dir, data, srv, owner, cover;

function ok(r) {
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
}

function issueFile(name, front, editorial = 'The editorial.\n') {
  const lines = ['---', ...front, '---', editorial];
  const path = `${dir}/${name}`;
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function valid(name, html) {
  const report = await validator.validateString(html);
  const msgs = report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.equal(report.valid, true, `${name}\n${msgs.join('\n')}`);
}

// Runs a program without blocking the event loop (the server closes connections that idle
// past its header deadline, and a blocked loop would not see that before reusing one):
// { status, stdout, stderr }.
function run(cmd, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args);
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

// epubcheck's verdict on one book: [errors and warnings], its whole output.
async function epubcheck(path) {
  const r = await run('java', ['-jar', '/usr/bin/epubcheck', path]);
  const out = r.stdout + r.stderr;
  const m = out.match(/Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/);
  assert.ok(m, out);
  return [Number(m[1]) + Number(m[2]), Number(m[3]), out];
}

async function assertBookPasses(path) {
  const [errors, warnings, out] = await epubcheck(path);
  assert.equal(errors, 0, out);
  assert.equal(warnings, 0, out);
}

// pandoc's plain text of a book.
async function pandocText(path) {
  const r = await run('pandoc', ['-f', 'epub', '-t', 'plain', '--wrap=none', path]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// Each string found in text after the one before it.
function inOrder(text, parts) {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(p, at);
    assert.ok(i >= 0, `"${p}" missing or out of order after offset ${at}`);
    at = i + p.length;
  }
}

async function book(path) {
  const r = await fetch(srv.url + path);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/epub+zip');
  return Buffer.from(await r.arrayBuffer());
}

before(async () => {
  dir = tempDir('bs-journal-');
  data = `${dir}/site`;
  ok(cli('init', '--data', data, '--demo'));
  ok(cli('site', 'set', '--data', data, 'url', URL_SETTING));
  // A member and a subscriber, to hear of new issues (no SMTP server: mail goes to the outbox).
  ok(cli('member', 'add', '--data', data, '--email', 'mem@example.org', '--name', 'Mem', '--state', 'member'));
  ok(cli('member', 'add', '--data', data, '--email', 'sub@example.org', '--state', 'subscriber'));
  srv = await serve(data);
  // The setup link is printed just after the address the harness waits for.
  for (let i = 0; i < 100 && !/setup\?token=[\w-]+\n/.test(srv.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
  const link = srv.stderr().match(/(\/admin\/setup\?token=[\w-]+)/)[1];
  owner = new Client(srv.url);
  const form = await owner.get(link);
  const r = await owner.post('/admin/setup', { _csrf: csrfOf(form.html), token: link.split('=')[1], handle: 'mara', name: 'Mara Quill', password: PW, password2: PW });
  assert.equal(r.status, 303, r.html);
  // A cover and a picture for the pieces, uploaded to the media library.
  for (const [name, colours] of [['cover.png', [[155, 28, 28], [253, 252, 248]]], ['hall.png', [[30, 60, 90], [200, 200, 160]]]]) {
    const bytes = await pngBands(240, 320, colours);
    const page = await owner.get('/admin/media');
    await owner.post('/admin/media', { _csrf: csrfOf(page.html) }, { name, type: 'image/png', bytes });
    const file = createHash('sha256').update(bytes).digest('hex') + '.png';
    if (name === 'cover.png') cover = file;
    else writeFileSync(`${dir}/hall.name`, file);
  }
});

after(async () => {
  if (srv) {
    const code = await srv.stop();
    assert.doesNotMatch(srv.stderr(), /Sanitizer|runtime error/, srv.stderr());
    assert.equal(code, 0, srv.stderr());
  }
  cleanup(dir);
});

const DEMO = ['why-this-press-exists', 'reading-the-charter-1', 'reading-the-charter-2', 'minutes-november-2026', 'how-to-write-here'];

test('an issue file names its problems, and only public posts go in', () => {
  const base = ['volume: 1', 'number: 1', 'month: 2026-12', 'title: Against the silence', 'editors: [Mara Quill, Tomás Ferreira]'];
  let r = cli('journal', 'add', '--data', data, issueFile('draft.md', [...base, 'posts: [why-this-press-exists, journal-plan]']));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /draft\.md: the post 'journal-plan' is a draft: only public posts/);
  r = cli('journal', 'add', '--data', data, issueFile('gone.md', [...base, 'posts: [no-such-post]']));
  assert.match(r.stderr, /no post has the slug 'no-such-post'/);
  r = cli('journal', 'add', '--data', data, issueFile('month.md', [...base.slice(0, 2), 'month: 2026-13', ...base.slice(3), 'posts: [why-this-press-exists]']));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /month\.md:4: bad month '2026-13' \(use YYYY-MM/);
  r = cli('journal', 'add', '--data', data, issueFile('cover.md', [...base, 'posts: [why-this-press-exists]', `cover: ${'a'.repeat(64)}.png`]));
  assert.match(r.stderr, /the cover '.*' is not in the media library/);
  assert.equal(cli('journal', 'list', '--data', data).stdout, '', 'nothing was written');
  r = cli('journal', 'publish', '--data', data, '1-1');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad issue '1-1' \(use VOLUME\/NUMBER/);
});

test('the sample site\'s posts make a book that passes epubcheck and pandoc reads in order', async () => {
  const file = issueFile('one.md', ['volume: 1', 'number: 1', 'month: 2026-12', 'title: Against the silence',
    'editors: [Mara Quill, Tomás Ferreira]', `posts: [${DEMO.join(', ')}]`],
  'This first issue gathers what the branch wrote this autumn: start with [why this press exists](/posts/why-this-press-exists).\n');
  assert.equal(ok(cli('journal', 'add', '--data', data, file)), '/journal/1/1 (new, draft)\n');
  assert.equal((await fetch(srv.url + '/journal/1/1')).status, 404, 'a draft is not on the site');
  assert.equal(ok(cli('journal', 'publish', '--data', data, '1/1')), '/journal/1/1\n/journal/1/1.epub\n');
  assert.match(ok(cli('journal', 'list', '--data', data)), /^published\s+2026-12\s+1\/1\s+public\s+5 pieces\s+Against the silence$/m);
  assert.equal(ok(cli('journal', 'show', '--data', data, '1/1')), readFileSync(file, 'utf8'));
  const bytes = await book('/journal/1/1.epub');
  writeFileSync(`${dir}/one.epub`, bytes);
  await assertBookPasses(`${dir}/one.epub`);
  const text = await pandocText(`${dir}/one.epub`);
  inOrder(text, ['This first issue gathers',
    'Why this press exists', 'For three years our branch wrote',
    'Reading the charter, clause by clause: part one', "The federation's charter is short",
    'Reading the charter, clause by clause: part two', 'This part is unfinished',
    'Minutes of the November meeting', 'Present: eleven members',
    'How to write for this press', 'Every post is a text file']);
});

test('the same issue always gives the same bytes, with an ETag', async () => {
  const served = await book('/journal/1/1.epub');
  ok(cli('journal', 'epub', '--data', data, '1/1', `${dir}/again.epub`));
  const again = readFileSync(`${dir}/again.epub`);
  assert.ok(served.equals(again), 'a second build is byte for byte the first');
  assert.equal(served.subarray(30, 38).toString(), 'mimetype');
  const r1 = await fetch(srv.url + '/journal/1/1.epub');
  const etag = r1.headers.get('etag');
  assert.ok(etag);
  const r2 = await fetch(srv.url + '/journal/1/1.epub', { headers: { 'If-None-Match': etag } });
  assert.equal(r2.status, 304);
  // A stored book that is gone (as after an upgrade of the book's making) is made on the
  // next request, from the published copy, and kept again.
  const drop = spawnSync('sqlite3', [`${data}/site.db`, "UPDATE issues SET epub = NULL; UPDATE meta SET value = value + 1 WHERE key = 'content_gen';"]);
  assert.equal(drop.status, 0, String(drop.stderr));
  await new Promise((r) => setTimeout(r, 1100));
  assert.ok((await book('/journal/1/1.epub')).equals(served), 'made again on request, the same bytes');
  const kept = spawnSync('sqlite3', [`${data}/site.db`, 'SELECT count(*) FROM issues WHERE epub IS NOT NULL'], { encoding: 'utf8' });
  assert.equal(kept.stdout.trim(), '1');
});

test('an issue with images, tables, code, hashtags, notes, links between pieces and a cover', async () => {
  const hall = readFileSync(`${dir}/hall.name`, 'utf8');
  postFile(dir, 'rich-a.md', ['title: The hall and its rules', 'slug: hall-rules', 'author: mara', 'date: 2026-11-28T10:00:00Z'], [
    'Where we meet, and how.[^1] #BranchDemocracy',
    '',
    `![The library room](/media/${hall} "The hall")`,
    '',
    '## Booking',
    '',
    '| Day | Room | Seats |',
    '|:----|:----:|------:|',
    '| Friday | Library | 40 |',
    '',
    'See [the treasurer’s note](/posts/treasurer-note#the-sums) and the [far away picture](https://example.org/far.png).',
    '',
    '![A remote image](https://example.org/remote.png)',
    '',
    '[^1]: The note: the hall is free for members.',
    '',
  ].join('\n'));
  postFile(dir, 'rich-b.md', ['title: A note from the treasurer', 'slug: treasurer-note', 'author: tomas', 'date: 2026-11-29T10:00:00Z'], [
    'Back to [the hall](/posts/hall-rules#booking).',
    '',
    '## The sums',
    '',
    '```c',
    'int total = dues + gifts; /* <b>not bold</b> & done */',
    '```',
    '',
    'Inline `code` and a list:',
    '',
    '1. dues',
    '2. gifts',
    '',
  ].join('\n'));
  ok(cli('post', 'add', '--data', data, `${dir}/rich-a.md`, `${dir}/rich-b.md`));
  // Composed in the browser: an error first, beside its field and with the text kept.
  const form = await owner.get('/admin/journal/new');
  await valid('new issue', form.html);
  const fields = { _csrf: csrfOf(form.html), action: 'save', volume: '1', number: '2', month: '2027-01', title: 'The hall issue',
    editors: 'Mara Quill\nTomás Ferreira', posts: 'hall-rules\n/posts/treasurer-note', cover, visibility: 'public',
    editorial: 'Two pieces that [answer each other](/posts/treasurer-note#the-sums).\n' };
  const bad = await owner.post('/admin/journal/new', { ...fields, posts: 'hall-rules\nBad Slug' });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /id="posts-error">Bad post slug &#39;Bad&#39; in &#39;posts&#39;/);
  assert.match(bad.html, /Two pieces that \[answer each other\]/);
  await valid('issue form with an error', bad.html);
  const preview = await owner.post('/admin/journal/new', { ...fields, action: 'preview' });
  assert.equal(preview.status, 200);
  assert.match(preview.html, /Preview: this is how the issue will look/);
  await valid('issue preview', preview.html);
  const saved = await owner.post('/admin/journal/new', fields);
  assert.equal(saved.status, 303, saved.html);
  const id = saved.location.match(/\/admin\/journal\/(\d+)/)[1];
  const edit = await owner.get(saved.location);
  assert.match(edit.html, /Saved\./);
  await valid('issue form', edit.html);
  await valid('issue list', (await owner.get('/admin/journal')).html);
  const draftBook = await owner.get(`/admin/journal/${id}/book.epub`);
  assert.equal(draftBook.status, 200);
  const pub = await owner.post(`/admin/journal/${id}/publish`, { _csrf: csrfOf(edit.html) });
  assert.equal(pub.status, 303, pub.html);
  assert.match((await owner.get(pub.location)).html, /Published: the issue and its book are on the site/);

  const page = await (await fetch(srv.url + '/journal/1/2')).text();
  await valid('issue page', page);
  assert.match(page, /<a href="#p2-the-sums">answer each other<\/a>/, 'the editorial links to the piece on the page');
  assert.match(page, /<a href="#p1-booking">the hall<\/a>/);
  assert.match(page, /<h3 id="p1-booking">Booking<\/h3>/, 'headings sit below the piece titles');
  assert.match(page, /href="\/journal\/1\/2\.epub"/);
  assert.match(page, new RegExp(`<img class="issue-cover" src="/media/${cover}"`));

  const bytes = await book('/journal/1/2.epub');
  const path = `${dir}/two.epub`;
  writeFileSync(path, bytes);
  await assertBookPasses(path);
  const unzip = (name) => spawnSync('unzip', ['-p', path, name], { encoding: 'utf8' }).stdout;
  const files = spawnSync('unzip', ['-Z1', path], { encoding: 'utf8' }).stdout.split('\n');
  assert.ok(files.includes(`EPUB/media/${hall}`), 'the picture is inside the book');
  assert.ok(files.includes(`EPUB/media/${cover}`), 'the cover is inside the book');
  assert.ok(files.includes('EPUB/cover.xhtml'));
  const opf = unzip('EPUB/package.opf');
  assert.match(opf, new RegExp(`href="media/${cover}" media-type="image/png" properties="cover-image"`));
  assert.match(opf, /<dc:identifier id="uid">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
  assert.match(opf, /property="belongs-to-collection" id="collection">The Open Minutes, volume 1</);
  assert.match(opf, /property="group-position">2</);
  assert.match(opf, /<dc:creator id="editor2">Tomás Ferreira<\/dc:creator>/);
  const p1 = unzip('EPUB/p1.xhtml');
  assert.match(p1, /<a href="p2\.xhtml#p2-the-sums">the treasurer/, 'a link to another piece stays in the book');
  assert.match(p1, new RegExp(`<img src="media/${hall}" alt="The library room"`));
  assert.match(p1, /<a href="https:\/\/example\.org\/remote\.png">A remote image<\/a>/, 'a remote image is a link');
  assert.doesNotMatch(p1, /src="http/);
  assert.match(p1, /href="https:\/\/press\.example\.org\/tag\/BranchDemocracy"/, 'other links go to the web');
  const text = await pandocText(path);
  inOrder(text, ['Two pieces that', 'The hall and its rules', 'Where we meet, and how.[^1]', 'Booking', 'Friday',
    'The note: the hall is free for members.', 'A note from the treasurer', 'Back to', 'The sums', 'int total = dues + gifts;']);
});

test('every hostile Markdown case makes a valid page and a valid book', async () => {
  const cases = readdirSync('tests/render').filter((f) => f.endsWith('.md')).sort();
  const slugs = [];
  for (const f of cases) {
    const slug = 'hostile-' + f.replace(/\.md$/, '').replace(/_/g, '-');
    slugs.push(slug);
    postFile(dir, `${slug}.md`, [`title: "Hostile case ${f}"`, `slug: ${slug}`, 'author: mara'], readFileSync(`tests/render/${f}`, 'utf8'));
  }
  // And what the unit tests throw at the renderer: raw HTML, bad schemes, entities, controls.
  slugs.push('hostile-extra');
  postFile(dir, 'hostile-extra.md', ['title: "<script>alert(1)</script> & more"', 'slug: hostile-extra', 'author: mara'], [
    '<iframe src="https://evil.example/"></iframe> <b onclick=x>b</b> &nbsp; &bogus; &#0; &#xD800;',
    '',
    '[js](javascript:alert(1)) [data](data:text/html,x) ![img](javascript:x) <https://example.org/a>',
    '',
    '# Same\n\n# Same\n\n# 2026 plans\n\n# Überblick\n\n[to same](#same) [to plans](#2026-plans) [nowhere](#nowhere)',
    '',
    '> '.repeat(40) + 'deep quote',
    '',
    'Controls: \u0001\u0008\u000b\u000c\u001f and a line separator \u2028 end.',
    '',
  ].join('\n'));
  ok(cli('post', 'add', '--data', data, ...slugs.map((s) => `${dir}/${s}.md`)));
  ok(cli('journal', 'add', '--data', data, issueFile('hostile.md', ['volume: 1', 'number: 3', 'month: 2027-02',
    'title: "Hostile <issue> & \'quotes\'"', 'editors: ["Mara <b>Quill</b>"]', `posts: [${slugs.join(', ')}]`],
  '<script>alert(1)</script> [every case](/posts/hostile-extra#same)\n')));
  ok(cli('journal', 'publish', '--data', data, '1/3'));
  const page = await (await fetch(srv.url + '/journal/1/3')).text();
  await valid('hostile issue page', page);
  assert.doesNotMatch(page, /<script>alert/);
  const path = `${dir}/three.epub`;
  writeFileSync(path, await book('/journal/1/3.epub'));
  await assertBookPasses(path);
  const text = await pandocText(path);
  inOrder(text, slugs.map((s, i) => i < cases.length ? `Hostile case ${cases[i]}` : '<script>alert(1)</script> & more'));
  assert.match(text, /deep quote/);
});

test('the pages and the feed of issues are valid', async () => {
  const index = await (await fetch(srv.url + '/journal')).text();
  await valid('journal index', index);
  inOrder(index, ['Hostile &lt;issue&gt;', 'The hall issue', 'Against the silence']);
  assert.match(index, /<a href="\/journal"(?: aria-current="page")?>Journal<\/a>/, 'the site menu shows the journal');
  const r = await fetch(srv.url + '/journal/feed.atom');
  assert.equal(r.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  const atom = await r.text();
  const f = `${dir}/issues.atom`;
  writeFileSync(f, atom);
  const lint = spawnSync('xmllint', ['--noout', '--relaxng', ATOM_RNG, f], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stderr);
  inOrder(atom, ['Hostile &lt;issue&gt;', 'The hall issue', 'Against the silence']);
  assert.match(atom, /<link rel="enclosure" type="application\/epub\+zip" href="https:\/\/press\.example\.org\/journal\/1\/2\.epub" length="\d+"\/>/);
  assert.match(atom, /<id>urn:uuid:[0-9a-f-]{36}<\/id>/);
  assert.equal((await fetch(srv.url + '/journal/9/9')).status, 404);
  assert.equal((await fetch(srv.url + '/journal/9/9.epub')).status, 404);
});

// The mails in the outbox (each an .eml file), once done(mails) holds.
async function outbox(done) {
  let mails = [];
  for (let i = 0; i < 300; i++) {
    let files = [];
    try { files = readdirSync(`${data}/outbox`).filter((f) => f.endsWith('.eml')); } catch { /* not yet */ }
    mails = files.map((f) => readFileSync(`${data}/outbox/${f}`, 'utf8'));
    if (done(mails)) return mails;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the outbox never had the mails awaited: ' + mails.map((m) => (m.match(/^Subject: .*$/m) || [''])[0]).join('; '));
}

test('a members-only post goes only into a members-only issue', () => {
  const post = postFile(dir, 'inner.md', ['title: Inner', 'slug: inner-note', 'visibility: members'], 'For members.\n');
  ok(cli('post', 'add', '--data', data, post));
  const r = cli('journal', 'add', '--data', data, issueFile('inner.md', ['volume: 9', 'number: 1', 'month: 2027-01',
    'title: Open', 'editors: Mara Quill', 'posts: [inner-note]']));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the post 'inner-note' is for members only/);
});

test('a members-only issue is hidden from everyone but members and signed-in writers', async () => {
  ok(cli('journal', 'add', '--data', data, issueFile('members.md', ['volume: 1', 'number: 4', 'month: 2027-03',
    'title: For the branch only', 'editors: Mara Quill', 'posts: [minutes-november-2026]', 'visibility: members'])));
  ok(cli('journal', 'publish', '--data', data, '1/4'));
  const anon = async () => {
    assert.equal((await fetch(srv.url + '/journal/1/4')).status, 404);
    assert.equal((await fetch(srv.url + '/journal/1/4.epub')).status, 404);
    assert.doesNotMatch(await (await fetch(srv.url + '/journal')).text(), /For the branch only/);
    assert.doesNotMatch(await (await fetch(srv.url + '/journal/feed.atom')).text(), /For the branch only/);
  };
  await anon();
  const page = await owner.get('/journal/1/4');
  assert.equal(page.status, 200);
  assert.match(page.html, /Members only/);
  await valid('members-only issue', page.html);
  assert.match((await owner.get('/journal')).html, /For the branch only/);
  assert.match((await owner.get('/journal/feed.atom')).html, /For the branch only/);
  assert.equal((await owner.get('/journal/1/4.epub')).status, 200);
  await anon();
  // A cookie that is no session does not open it either.
  const forged = await fetch(srv.url + '/journal/1/4', { headers: { Cookie: 'bs_session=' + 'A'.repeat(43) } });
  assert.equal(forged.status, 404);
  // Mail: the public first issue went to the member and the subscriber, this one to the
  // member only, each with its own unsubscribe link.
  const to = (mails, title) => mails.filter((m) => new RegExp(`^Subject: ${title} `, 'm').test(m))
    .map((m) => m.match(/^To: <([^>]+)>/m)[1]).sort();
  const mails = await outbox((ms) => to(ms, 'For the branch only').length > 0 && to(ms, 'Against the silence').length > 1);
  assert.deepEqual(to(mails, 'Against the silence'), ['mem@example.org', 'sub@example.org']);
  assert.deepEqual(to(mails, 'For the branch only'), ['mem@example.org']);
  assert.ok(mails.every((m) => /^List-Unsubscribe: </m.test(m)));
  // The member signs in with a link from the outbox and reads it.
  const member = new Client(srv.url);
  await member.post('/members/signin', { email: 'mem@example.org' });
  const linkOf = (m) => m.replace(/=\r?\n/g, '').match(/\/members\/signin\/[\w-]{43}/);
  const link = linkOf((await outbox((ms) => ms.some(linkOf))).find(linkOf))[0];
  assert.equal((await member.post(link, {})).status, 303);
  const seen = await member.get('/journal/1/4');
  assert.equal(seen.status, 200);
  assert.match(seen.html, /For the branch only/);
  assert.equal((await member.get('/journal/1/4.epub')).status, 200);
  await anon();
});

test('an issue renumbered in the browser stays one issue', async () => {
  const form = await owner.get('/admin/journal/new');
  const fields = { _csrf: csrfOf(form.html), action: 'save', volume: '2', number: '5', month: '2027-05', title: 'Renumbered',
    editors: 'Mara Quill', posts: 'minutes-november-2026', editorial: 'x' };
  const saved = await owner.post('/admin/journal/new', fields);
  assert.equal(saved.status, 303, saved.html);
  const again = await owner.post(saved.location.replace(/\?.*/, ''), { ...fields, number: '6' });
  assert.equal(again.status, 303, again.html);
  const list = ok(cli('journal', 'list', '--data', data));
  assert.match(list, /^draft\s+2027-05\s+2\/6\s/m);
  assert.doesNotMatch(list, /2\/5/);
  const clash = await owner.post(saved.location.replace(/\?.*/, ''), { ...fields, volume: '1', number: '1' });
  assert.equal(clash.status, 409);
  assert.match(clash.html, /Issue 1\/1 exists already/);
});

test('an issue keeps its pieces as they were when it came out, until it is published again', async () => {
  postFile(dir, 'changed.md', ['title: Why this press exists', 'slug: why-this-press-exists', 'author: mara', 'date: 2026-09-02T08:00:00Z'],
    'An entirely new text, written after the issue came out.\n');
  ok(cli('post', 'add', '--data', data, `${dir}/changed.md`));
  const before = await book('/journal/1/1.epub');
  let page = await (await fetch(srv.url + '/journal/1/1')).text();
  assert.match(page, /For three years our branch wrote/);
  assert.doesNotMatch(page, /entirely new text/);
  assert.match(await (await fetch(srv.url + '/posts/why-this-press-exists')).text(), /entirely new text/);
  ok(cli('journal', 'epub', '--data', data, '1/1', `${dir}/kept.epub`));
  assert.ok(readFileSync(`${dir}/kept.epub`).equals(before), 'the book stays the same edition');
  ok(cli('journal', 'publish', '--data', data, '1/1'));
  page = await (await fetch(srv.url + '/journal/1/1')).text();
  assert.match(page, /entirely new text/);
  assert.ok(!(await book('/journal/1/1.epub')).equals(before), 'published again, with the new text');
});

test('publishing needs the site\'s public address for the book\'s links', () => {
  const other = `${dir}/other`;
  ok(cli('init', '--data', other, '--demo'));
  ok(cli('journal', 'add', '--data', other, issueFile('o.md', ['volume: 1', 'number: 1', 'month: 2026-12', 'title: T', 'editors: E', 'posts: [why-this-press-exists]'])));
  const r = cli('journal', 'publish', '--data', other, '1/1');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /set it with 'broadside site set url https:\/\/\.\.\.'/);
});
