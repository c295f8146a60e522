// site: the public site end to end: every page type, status codes, drafts, cache, hostile input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cli, tempDir, postFile, serve, raw, cleanup } from './harness.mjs';

let dir, data, srv;

function add(...files) {
  const r = cli('post', 'add', '--data', data, ...files);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  assert.equal(cli('init', '--data', data, '--title', 'Harbour Press').status, 0);
  assert.equal(cli('user', 'add', '--data', data, '--handle', 'ines', '--name', 'Inês Duarte', '--bio', 'Writes the minutes.').status, 0);
  assert.equal(cli('site', 'set', '--data', data, 'tagline', 'Our own pages').status, 0);
  assert.equal(cli('site', 'set', '--data', data, 'author_line', 'From @ines, an independent contributor').status, 0);
  assert.equal(cli('site', 'set', '--data', data, 'per_page', '3').status, 0);
  add(postFile(dir, 'first.md', ['title: First light', 'date: 2026-01-10T10:00:00Z', 'author: ines', 'tags: [Launch]'],
    'Opening words about #Democracy and #Демократия, for @ines and @nobody.\n\n<!--more-->\n\nThe rest of the post.\n'));
  add(postFile(dir, 'draft.md', ['title: Secret plans', 'slug: secret', 'status: draft', 'date: 2026-01-11'], 'Not for readers. #Hidden\n'));
  add(postFile(dir, 'wip.md', ['title: Work in progress', 'slug: wip', 'status: unfinished', 'date: 2026-01-12'], 'Half done.\n'));
  for (let i = 1; i <= 3; i++)
    add(postFile(dir, `s${i}.md`, [`title: Long piece ${i}`, `slug: long-${i}`, 'series: Long piece', `part: ${i}`, `date: 2026-02-0${i}`], `Part ${i} text.\n`));
  add(postFile(dir, 'hostile.md', ['title: "<script>alert(1)</script> & friends"', 'slug: hostile', 'date: 2026-03-01'],
    '<script>alert("x")</script>\n\n[click](javascript:alert(1)) and ![img](javascript:alert(2)) and [ok](https://example.org/a?b=1&c=2)\n'));
  add(postFile(dir, 'old.md', ['title: From the old days', 'slug: old', 'date: 2025-12-24'], 'December text #Launch\n'));
  srv = await serve(data);
});

after(async () => {
  if (srv) await srv.stop();
  cleanup(dir);
});

const get = (path, headers = {}) => fetch(srv.url + path, { headers, redirect: 'manual' });

// Follows the "Older posts" link of a listing page.
async function older(html) {
  const m = html.match(/<a href="([^"]+)" rel="next">Older posts/);
  assert.ok(m, 'an older-posts link');
  const r = await get(m[1].replace(/&amp;/g, '&'));
  assert.equal(r.status, 200, m[1]);
  return r.text();
}

test('home lists posts newest first with title, tagline, author line, excerpts and pagination', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html; charset=utf-8/);
  const html = await r.text();
  assert.match(html, /Harbour Press/);
  assert.match(html, /Our own pages/);
  assert.match(html, /From @ines, an independent contributor/);
  // per_page 3: the newest three public posts, newest first.
  const titles = [...html.matchAll(/<h2><a href="([^"]+)">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(titles, ['/posts/hostile', '/posts/long-3', '/posts/long-2']);
  // Short posts that fit in their excerpt get no "Continue reading".
  assert.doesNotMatch(html, /Continue reading/);
  assert.doesNotMatch(html, /rel="prev"/);
  // Keyset pages, in the path: /older/ the last post's (date, id); ?before= answers too.
  assert.match(html, /href="\/older\/\d+\.\d+" rel="next"/);
  const p2 = await older(html);
  assert.match(p2, /href="\/posts\/long-1"/);
  assert.match(p2, /href="\/posts\/wip"/);
  assert.match(p2, /href="\/posts\/first-light"/);
  assert.match(p2, /href="\/newer\/\d+\.\d+" rel="prev"/);
  const p3 = await older(p2);
  assert.match(p3, /href="\/posts\/old"/);
  assert.doesNotMatch(p3, /rel="next"/);
  // Newer from page 3 leads back to page 2's posts.
  const back = p3.match(/<a href="([^"]+)" rel="prev">/)[1];
  const p2again = await (await get(back)).text();
  assert.match(p2again, /href="\/posts\/long-1"/);
  assert.match(p2again, /href="\/posts\/first-light"/);
  // The query's spelling of the same page is the same page.
  const cursor = html.match(/href="\/older\/(\d+\.\d+)"/)[1];
  assert.equal(await (await get(`/?before=${cursor}`)).text(), p2);
  assert.equal((await get('/older/abc')).status, 404);
  assert.equal((await get('/?before=1.1')).status, 404);
  assert.equal((await get('/?before=abc')).status, 400);
  assert.equal((await get('/?before=1.1&after=2.2')).status, 400);
});

test('excerpt stops at the more marker; the post page has the whole body', async () => {
  const home = await older(await (await get('/')).text());
  assert.match(home, /Opening words/);
  assert.doesNotMatch(home, /The rest of the post/);
  assert.match(home, /<a href="\/posts\/first-light">Continue reading<span class="visually-hidden"> “First light”/);
  const post = await (await get('/posts/first-light')).text();
  assert.match(post, /The rest of the post/);
  assert.doesNotMatch(post, /more--/);
});

test('a post page shows author, dates, tags; hashtags and known handles link', async () => {
  const r = await get('/posts/first-light');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<h1>First light<\/h1>/);
  assert.match(html, /<time datetime="2026-01-10T10:00:00Z">10 January 2026<\/time>/);
  assert.match(html, /href="\/@ines" rel="author">Inês Duarte/);
  assert.match(html, /<a class="hashtag" href="\/tag\/Democracy">#Democracy<\/a>/);
  assert.match(html, /<a class="hashtag" href="\/tag\/%D0%94%D0%B5%D0%BC%D0%BE%D0%BA%D1%80%D0%B0%D1%82%D0%B8%D1%8F">#Демократия<\/a>/);
  assert.match(html, /<a class="mention" href="\/@ines">@ines<\/a>/);
  assert.doesNotMatch(html, /href="\/@nobody"/);
  // Front-matter and body tags both become the post's tags.
  for (const t of ['Launch', 'Democracy'])
    assert.match(html, new RegExp(`href="/tag/${t}" rel="tag">#${t}`));
});

test('tag pages are case-insensitive and shown in the writer\'s case', async () => {
  for (const path of ['/tag/launch', '/tag/LAUNCH', '/tag/Launch']) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    const html = await r.text();
    assert.match(html, /href="\/tag\/Launch\/feed\.atom"/);
    assert.match(html, /Posts tagged <span class="tagname">#Launch<\/span>/);
    assert.match(html, /\/posts\/first-light/);
    assert.match(html, /\/posts\/old/);
  }
  assert.equal((await get('/tag/%D0%B4%D0%B5%D0%BC%D0%BE%D0%BA%D1%80%D0%B0%D1%82%D0%B8%D1%8F')).status, 200);
  assert.equal((await get('/tag/NoSuchTag')).status, 404);
  // A tag used only by a draft has no public page.
  assert.equal((await get('/tag/Hidden')).status, 404);
});

test('author page shows bio and posts', async () => {
  const r = await get('/@ines');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /Inês Duarte/);
  assert.match(html, /Writes the minutes\./);
  // The first writer is the author of posts that name none; per_page is 3.
  assert.match(html, /\/posts\/hostile/);
  assert.match(html, /href="\/@ines\/older\/\d+\.\d+" rel="next"/);
  assert.match(await older(html), /\/posts\/first-light/);
  assert.equal((await get('/@nobody')).status, 404);
});

test('drafts are never public; unfinished posts are public and marked', async () => {
  assert.equal((await get('/posts/secret')).status, 404);
  for (const path of ['/', '/archive', '/archive/2026/01', '/@ines', '/tag/Hidden', '/search?q=secret', '/sitemap.xml', '/feed.atom'])
    assert.doesNotMatch(await (await get(path)).text(), /Secret plans/, path);
  const wip = await get('/posts/wip');
  assert.equal(wip.status, 200);
  assert.match(await wip.text(), /class="badge unfinished">Unfinished/);
  assert.match(await older(await (await get('/')).text()), /Unfinished/);
});

test('series parts link to previous and next parts', async () => {
  const html = await (await get('/posts/long-2')).text();
  assert.match(html, /Part 2 of 3/);
  assert.match(html, /href="\/posts\/long-1" rel="prev"/);
  assert.match(html, /href="\/posts\/long-3" rel="next"/);
  const first = await (await get('/posts/long-1')).text();
  assert.match(first, /Part 1 of 3/);
  assert.doesNotMatch(first, /rel="prev"/);
});

test('monthly archive', async () => {
  const idx = await (await get('/archive')).text();
  assert.match(idx, /href="\/archive\/2026\/01">January<\/a> <span class="count">\(2 posts\)/);
  assert.match(idx, /href="\/archive\/2025\/12">December<\/a> <span class="count">\(1 post\)/);
  const jan = await get('/archive/2026/01');
  assert.equal(jan.status, 200);
  const html = await jan.text();
  assert.match(html, /January 2026/);
  assert.match(html, /First light/);
  assert.equal((await get('/archive/2024/05')).status, 404);
  assert.equal((await get('/archive/2026/13')).status, 404);
});

test('robots.txt, stylesheet and a 404 page from the theme', async () => {
  const robots = await get('/robots.txt');
  assert.equal(robots.status, 200);
  const rtxt = await robots.text();
  assert.match(rtxt, /User-agent: \*/);
  assert.match(rtxt, new RegExp(`Sitemap: http://127.0.0.1:${srv.port}/sitemap.xml`));
  const css = await get('/style.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  assert.equal(css.headers.get('cache-control'), 'no-cache');
  // Only the versioned URL the pages link to may be kept for a year.
  const href = (await (await get('/')).text()).match(/href="(\/style\.css\?v=[0-9a-f]+)"/)[1];
  assert.match((await get(href)).headers.get('cache-control'), /immutable/);
  // A made-up version is sent on to the current one: no copy of it is kept.
  const stale = await fetch(srv.url + '/style.css?v=0000', { redirect: 'manual' });
  assert.equal(stale.status, 301);
  assert.equal(stale.headers.get('location'), href);
  const nf = await get('/no/such/page');
  assert.equal(nf.status, 404);
  const html = await nf.text();
  assert.match(html, /Page not found/);
  assert.match(html, /Harbour Press/);
});

test('hostile content is escaped and bad links are dropped', async () => {
  const html = await (await get('/posts/hostile')).text();
  // The one script of ours (the button that copies the Fediverse handle), and none other.
  assert.equal(html.split('<script src="/copy.js" defer></script>').length, 2);
  assert.doesNotMatch(html.replace('<script src="/copy.js" defer></script>', ''), /<script/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; friends/);
  assert.doesNotMatch(html, /javascript:/i);
  assert.match(html, /click/);
  assert.match(html, /href="https:\/\/example.org\/a\?b=1&amp;c=2"/);
  assert.match((await get('/posts/hostile')).headers.get('content-security-policy'), /default-src 'none'/);
});

test('search: ranked, highlighted, escaped, phrases and prefixes, never a 500', async () => {
  let html = await (await get('/search?q=opening+words')).text();
  assert.match(html, /1 post matches/);
  assert.match(html, /<mark>Opening<\/mark> <mark>words<\/mark>/);
  assert.match(html, /href="\/posts\/first-light"/);
  html = await (await get('/search?q=%22rest+of+the%22')).text();
  assert.match(html, /1 post matches/);
  html = await (await get('/search?q=demo*')).text();
  assert.match(html, /href="\/posts\/first-light"/);
  html = await (await get('/search?q=alert')).text();
  assert.match(html, /href="\/posts\/hostile"/);
  assert.doesNotMatch(html, /<script/i);
  html = await (await get('/search?q=secret+plans')).text();
  assert.match(html, /0 posts match/);
  for (const q of ['%22', '(((', 'NEAR(a b', '*', 'a OR', 'OR OR', '-x', '%5E', 'a:b', "'", '%F0%9F%98%80', 'x'.repeat(200)]) {
    const r = await get('/search?q=' + q);
    assert.equal(r.status, 200, q);
  }
  assert.equal((await get('/search?q=' + 'x'.repeat(300))).status, 400);
  assert.equal((await get('/search?q=%FF')).status, 400);
  assert.equal((await get('/search?q=a&page=0')).status, 400);
  const cli1 = cli('search', '--data', data, 'opening');
  assert.equal(cli1.status, 0);
  assert.match(cli1.stdout, /\/posts\/first-light/);
  assert.match(cli1.stdout, /\[Opening\]/);
  assert.equal(cli('search', '--data', data, '***').status, 1);
});

test('feeds and sitemap answer, with conditional GET', async () => {
  for (const [path, type] of [['/feed.atom', 'application/atom+xml'], ['/summary.rss', 'application/rss+xml'],
    ['/tag/launch/feed.json', 'application/feed+json'], ['/@ines/summary.atom', 'application/atom+xml'],
    ['/sitemap.xml', 'application/xml']]) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), new RegExp(type.replace('+', '\\+')));
    const lm = r.headers.get('last-modified');
    assert.ok(lm, path);
    assert.equal((await get(path, { 'If-Modified-Since': lm })).status, 304, path);
    assert.equal((await get(path, { 'If-None-Match': r.headers.get('etag') })).status, 304, path);
    assert.equal((await get(path, { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status, 200, path);
  }
  assert.equal((await get('/tag/nope/feed.atom')).status, 404);
  assert.equal((await get('/feed.xml')).status, 404);
  const sm = await (await get('/sitemap.xml')).text();
  assert.match(sm, /<loc>http:\/\/127\.0\.0\.1:\d+\/posts\/first-light<\/loc>/);
  assert.doesNotMatch(sm, /secret/);
});

test('HEAD, ETag and 304, gzip', async () => {
  const r = await get('/posts/first-light');
  const etag = r.headers.get('etag');
  assert.ok(etag);
  const head = await fetch(srv.url + '/posts/first-light', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('etag'), etag);
  assert.equal(await head.text(), '');
  const nm = await get('/posts/first-light', { 'If-None-Match': etag });
  assert.equal(nm.status, 304);
  const other = await get('/posts/first-light', { 'If-None-Match': 'W/"nope"' });
  assert.equal(other.status, 200);
  const z = await raw(srv.port, 'GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
  assert.match(z, /content-encoding: gzip/i);
  assert.match(z, /vary: accept-encoding/i);
  const bodyStart = Buffer.from(z, 'latin1').indexOf('\r\n\r\n') + 4;
  const html = gunzipSync(Buffer.from(z, 'latin1').subarray(bodyStart)).toString();
  assert.match(html, /Harbour Press/);
  const plain = await raw(srv.port, 'GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0\r\nConnection: close\r\n\r\n');
  assert.doesNotMatch(plain, /content-encoding: gzip/i);
});

test('keep-alive: several requests on one connection', async () => {
  const two = 'GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  const out = await new Promise((res) => {
    const net = import('node:net');
    net.then(({ default: n }) => {
      const s = n.connect(srv.port, '127.0.0.1');
      let buf = '';
      s.on('data', (d) => { buf += d; });
      s.on('end', () => res(buf));
      s.write(two);
    });
  });
  assert.equal(out.match(/HTTP\/1\.1 200/g).length, 2);
});

test('status codes: 400, 404, 405, 413, 414', async () => {
  assert.equal((await get('/posts/%ZZ')).status, 400);
  assert.equal((await get('/tag/%FF%FE')).status, 400);
  assert.equal((await get('/posts/a%00b')).status, 400);
  assert.equal((await get('/posts/nope')).status, 404);
  const post = await fetch(srv.url + '/', { method: 'POST', body: 'x=1' });
  assert.equal(post.status, 405);
  assert.match(post.headers.get('allow'), /GET, HEAD/);
  // A method the address does not take is refused whatever the body.
  const big = await raw(srv.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`);
  assert.match(big, /^HTTP\/1\.1 405/);
  const form = await raw(srv.port, `POST /posts/first-light/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`);
  assert.match(form, /^HTTP\/1\.1 413/);
  const long = await get('/' + 'a'.repeat(3000));
  assert.equal(long.status, 414);
  assert.match(await long.text(), /too long/);
  const huge = await raw(srv.port, `GET /${'b'.repeat(100000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 (414|431)/);
});

test('the cache notices updates made by the CLI while the server runs', async () => {
  const before1 = await (await get('/posts/old')).text();
  assert.match(before1, /December text/);
  await get('/'); // warm
  add(postFile(dir, 'old2.md', ['title: From the old days', 'slug: old', 'date: 2025-12-24'], 'Rewritten text #Launch\n'));
  const after1 = await (await get('/posts/old')).text();
  assert.match(after1, /Rewritten text/);
  add(postFile(dir, 'fresh.md', ['title: Fresh news', 'slug: fresh', 'date: 2026-06-01'], 'Just in.\n'));
  assert.match(await (await get('/')).text(), /Fresh news/);
  assert.equal(cli('site', 'set', '--data', data, 'title', 'Harbour Press Renamed').status, 0);
  assert.match(await (await get('/')).text(), /Harbour Press Renamed/);
  assert.equal(cli('post', 'delete', '--data', data, 'fresh').status, 0);
  assert.doesNotMatch(await (await get('/')).text(), /Fresh news/);
  // A deleted post that went out to the Fediverse is gone, not unknown.
  assert.equal((await get('/posts/fresh')).status, 410);
});

test('with the page cache off every page still works', async () => {
  const s2 = await serve(data, ['--cache-mb', '0']);
  try {
    for (let i = 0; i < 3; i++) {
      const r = await fetch(s2.url + '/posts/first-light');
      assert.equal(r.status, 200);
      assert.match(await r.text(), /First light/);
      assert.equal((await fetch(s2.url + '/', { headers: { 'Accept-Encoding': 'gzip' } })).status, 200);
    }
  } finally {
    assert.equal(await s2.stop(), 0);
  }
});

test('--theme DIR replaces built-in templates and the stylesheet; a broken one is refused', async () => {
  const theme = `${dir}/theme`;
  mkdirSync(theme, { recursive: true });
  writeFileSync(`${theme}/404.mustache`, '{{>head}}<h1>Lost at sea</h1><p>{{message}}</p>{{>foot}}');
  writeFileSync(`${theme}/style.css`, 'body { color: teal; }');
  const s2 = await serve(data, ['--theme', theme]);
  try {
    const nf = await fetch(s2.url + '/nowhere');
    assert.equal(nf.status, 404);
    const html = await nf.text();
    assert.match(html, /Lost at sea/);
    assert.match(html, /Harbour Press/); // the built-in head partial still applies
    assert.equal(await (await fetch(s2.url + '/style.css')).text(), 'body { color: teal; }');
    assert.match(await (await fetch(s2.url + '/posts/first-light')).text(), /<h1>First light<\/h1>/);
  } finally {
    await s2.stop();
  }
  writeFileSync(`${theme}/post.mustache`, '{{>head}}\n{{#post}}\n{{title}}\n{{>foot}}');
  const bad = cli('serve', '--data', data, '--theme', theme, '--listen', '127.0.0.1:0');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /post\.mustache: .*post.*line 2/);
});

test('one page, one cache entry: spellings of a tag share it; absolute-form targets work', async () => {
  const a = await get('/tag/launch');
  const b = await get('/tag/LAUNCH/');
  assert.equal(a.headers.get('etag'), b.headers.get('etag'));
  const abs = await raw(srv.port, 'GET http://example.org/robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(abs, /^HTTP\/1\.1 200/);
  assert.match(abs, /User-agent/);
});

test('a second server on the same port refuses to start', () => {
  const r = cli('serve', '--data', data, '--listen', `127.0.0.1:${srv.port}`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot listen/);
});

test('Greek final sigma, a heading named Content, a draft published later', async () => {
  add(postFile(dir, 'greek.md', ['title: Logos', 'slug: logos', 'date: 2026-04-01'], '## Content\n\nOn #λόγος and #ΛΌΓΟΣ.\n'));
  const html = await (await get('/posts/logos')).text();
  assert.match(html, /<h2 id="content-2">Content<\/h2>/);
  for (const m of html.matchAll(/<a class="hashtag" href="([^"]+)"/g))
    assert.equal((await get(m[1])).status, 200, m[1]);
  add(postFile(dir, 'later.md', ['title: Later', 'slug: later', 'status: draft', 'date: 2020-01-01'], 'Draft text.\n'));
  const before = Date.now() / 1000;
  add(postFile(dir, 'later2.md', ['title: Later', 'slug: later'], 'Now public.\n'));
  const page = await (await get('/posts/later')).text();
  const when = Date.parse(page.match(/<time datetime="([^"]+)"/)[1]) / 1000;
  assert.ok(when >= Math.floor(before) - 1, 'published when it went public');
});

test('SIGTERM stops the server cleanly', async () => {
  const d2 = tempDir();
  const s2 = await serve(`${d2}/new-site`);
  const r = await fetch(s2.url + '/');
  assert.equal(r.status, 200);
  assert.match(await r.text(), /Nothing is published yet/);
  assert.equal(await s2.stop(), 0);
  cleanup(d2);
});
