// pages: posts of type page at /SLUG: the route beside the site's own addresses, the masthead's
// navigation, their absence from listings, feeds, tags and the archive, search and the sitemap,
// comments only when opened, the editor's fields, post add and show; sticky posts and HTML bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { BIN, cli, tempDir, postFile, serve, cleanup } from './harness.mjs';
import { Client, csrfOf } from './client.mjs';

let dir, data, srv;
const PW = 'correct horse battery';
const get = (path) => fetch(srv.url + path, { redirect: 'manual' });
const text = async (path) => (await get(path)).text();

function add(...files) {
  const r = cli('post', 'add', '--data', data, ...files);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

before(async () => {
  dir = tempDir();
  data = `${dir}/site`;
  assert.equal(cli('init', '--data', data, '--title', 'Page Press').status, 0);
  // A page's comment goes up at once here (the default holds a first comment).
  assert.equal(cli('site', 'set', '--data', data, 'comment_policy', 'publish').status, 0);
  const r = spawnSync(BIN, ['user', 'add', '--data', data, '--handle', 'ada', '--name', 'Ada', '--role', 'owner', '--password-stdin'],
    { input: PW + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const urls = add(
    postFile(dir, 'about.md', ['title: About us', 'type: page', 'order: 2', 'date: 2026-03-01'], 'We print *pamphlets*. #NotATag\n'),
    postFile(dir, 'contact.md', ['title: Contact', 'type: page', 'order: 1', 'comments: open'], 'Write to the branch office.\n'),
    postFile(dir, 'zeta.md', ['title: Aardvark policy', 'type: page', 'order: 2'], 'Same order, earlier title.\n'),
    postFile(dir, 'hidden.md', ['title: Hidden page', 'type: page', 'status: draft'], 'Not yet.\n'),
    postFile(dir, 'news.md', ['title: News of the week', 'date: 2026-03-02', 'tags: [Weekly]'], 'Pamphlets went out.\n'),
    postFile(dir, 'old.md', ['title: Pinned notice', 'date: 2020-01-01', 'sticky: true'], 'Read this first.\n'),
  );
  assert.deepEqual(urls, ['/about-us', '/contact', '/aardvark-policy', '/hidden-page', '/posts/news-of-the-week', '/posts/pinned-notice']);
  srv = await serve(data);
});
after(async () => {
  await srv.stop();
  cleanup(dir);
});

test('a page lives at /SLUG without a date line, tags or series', async () => {
  const r = await get('/about-us');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<title>About us – Page Press<\/title>/);
  assert.match(html, /<article class="post page">/);
  assert.match(html, /We print <em>pamphlets<\/em>/);
  assert.doesNotMatch(html.split('<main')[1], /<time/, 'no date line');
  assert.doesNotMatch(html, /class="tags"/);
  assert.doesNotMatch(html, /id="comments"/, 'no comments unless the page opens them');
  assert.equal((await get('/about-us/')).status, 200, 'a trailing slash as everywhere');
  assert.equal((await get('/hidden-page')).status, 404, 'a draft page is not public');
  // Its address under /posts/ leads to it, and a post's slug at the top leads to the post.
  const moved = await get('/posts/about-us');
  assert.equal(moved.status, 301);
  assert.match(moved.headers.get('location'), /\/about-us$/);
  const post = await get('/news-of-the-week');
  assert.equal(post.status, 301);
  assert.match(post.headers.get('location'), /\/posts\/news-of-the-week$/);
  assert.equal((await get('/no-such-page')).status, 404);
});

test('the site\'s own one-segment addresses still win over pages', async () => {
  for (const [path, type] of [['/feed.atom', /atom/], ['/summary.json', /json/], ['/sitemap.xml', /xml/], ['/robots.txt', /text\/plain/], ['/archive', /html/], ['/search', /html/], ['/moderation', /html/]]) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), type, path);
  }
  assert.equal((await get('/admin')).status, 303, 'the admin sends to sign-in');
  // A form sent to a page's address is refused as to any read-only address.
  assert.equal((await fetch(srv.url + '/about-us', { method: 'POST', body: 'x=1' })).status, 405);
});

test('the masthead lists public pages by order, then title', async () => {
  const html = await text('/');
  const nav = html.match(/<nav class="pages" aria-label="Pages">(.*?)<\/nav>/s)[1];
  const titles = [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(titles, [['/contact', 'Contact'], ['/aardvark-policy', 'Aardvark policy'], ['/about-us', 'About us']]);
  assert.match(await text('/contact'), /<a href="\/contact" aria-current="page">Contact<\/a>/);
});

test('pages are in no listing, feed, tag or archive, but in search and the sitemap', async () => {
  const home = await text('/');
  assert.doesNotMatch(home.split('<main')[1], /About us/);
  assert.match(home, /News of the week/);
  for (const path of ['/feed.atom', '/feed.rss', '/feed.json', '/summary.atom']) {
    const body = await text(path);
    assert.match(body, /News of the week/, path);
    assert.doesNotMatch(body, /About us|Contact|pamphlets\*/, path);
  }
  const archive = await text('/archive');
  assert.match(archive, /March<\/a> <span class="count">\(1 post\)<\/span>/);
  assert.doesNotMatch((await text('/archive/2026/03')).split('<main')[1], /About us/);
  assert.equal((await get('/tag/NotATag')).status, 404, 'a page\'s hashtags make no tag page');
  assert.doesNotMatch((await text('/@ada')).split('<main')[1], /About us/);
  const search = await text('/search?q=pamphlets');
  assert.match(search, /<a href="\/about-us">About us<\/a>/);
  assert.match(search, /<span class="kind">Page<\/span>/);
  assert.match(search, /<a href="\/posts\/news-of-the-week">/);
  const sitemap = await text('/sitemap.xml');
  assert.match(sitemap, /<loc>http:\/\/127\.0\.0\.1:\d+\/about-us<\/loc>/);
  assert.doesNotMatch(sitemap, /posts\/about-us|hidden-page/);
});

test('sticky posts come first on the first page only, once', async () => {
  const home = (await text('/')).split('<main')[1];
  const order = [...home.matchAll(/<h2><a href="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(order, ['/posts/pinned-notice', '/posts/news-of-the-week']);
  assert.match(home, /<span class="badge sticky">Pinned<\/span>/);
});

test('a page takes comments when it opens them, and they lead back to it', async () => {
  const page = await text('/contact');
  assert.match(page, /action="\/posts\/contact\/comments"/);
  const token = page.match(/name="token" value="([^"]+)"/)[1];
  await new Promise((r) => setTimeout(r, 3100));
  const sent = await fetch(srv.url + '/posts/contact/comments', { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, name: 'Reader', body: 'Where is the office?' }) });
  assert.equal(sent.status, 303);
  assert.match(sent.headers.get('location'), /^\/contact\?mine=\d+#comment-\d+$/);
  assert.match(await text('/contact'), /Where is the office\?/);
  // A page that says nothing takes none, whatever the site's default.
  const closed = await fetch(srv.url + '/posts/about-us/comments', { method: 'POST', body: new URLSearchParams({ token, name: 'R', body: 'x' }) });
  assert.equal(closed.status, 403);
});

test('post add refuses reserved slugs and slugs a post has; show writes a page back', () => {
  for (const [front, msg] of [
    [['title: Archive', 'type: page'], /:2: the slug 'archive' is one of the site's own addresses/],
    [['title: X', 'slug: members', 'type: page'], /:3: .*\(\/members\)/],
    [['title: X', 'type: page', 'tags: [a]'], /'tags' is not for pages/],
    [['title: X', 'order: 4'], /it needs 'type: page'/],
    [['title: News of the week', 'type: page'], /the slug 'news-of-the-week' is a post's, and a page cannot take it/],
    [['title: Contact'], /the slug 'contact' is a page's, and a post cannot take it/],
  ]) {
    const r = cli('post', 'add', '--data', data, postFile(dir, 'bad.md', front, 'x\n'));
    assert.equal(r.status, 1, front.join(' '));
    assert.match(r.stderr, msg);
  }
  const show = cli('post', 'show', '--data', data, 'about-us');
  assert.equal(show.status, 0);
  assert.match(show.stdout, /^---\ntitle: "About us"\nslug: about-us\ndate: 2026-03-01T00:00:00Z\nstatus: published\ntype: page\norder: 2\nauthor: ada\n---\nWe print/);
  writeFileSync(`${dir}/round.md`, show.stdout);
  add(`${dir}/round.md`);
  assert.equal(cli('post', 'show', '--data', data, 'about-us').stdout, show.stdout);
  const sticky = cli('post', 'show', '--data', data, 'pinned-notice').stdout;
  assert.match(sticky, /\nsticky: true\n/);
});

test('the editor makes a page, keeps the kind when a field is wrong, and previews it', async () => {
  const c = new Client(srv.url);
  const login = await c.get('/admin/login');
  assert.equal((await c.post('/admin/login', { _csrf: csrfOf(login.html), handle: 'ada', password: PW, next: '/admin' })).status, 303);
  const form = await c.get('/admin/new');
  assert.match(form.html, /<select id="type" name="type"[^>]*>\n<option selected>post<\/option><option>page<\/option>/);
  const base = { _csrf: csrfOf(form.html), action: 'save', status: 'published', title: 'Search', type: 'page', body: 'How we index.' };
  // The slug made from the title skips the site's own addresses.
  const saved = await c.post('/admin/new', base);
  assert.equal(saved.status, 303, saved.html);
  const id = saved.location.match(/\/admin\/posts\/(\d+)/)[1];
  const edit = await c.get(`/admin/posts/${id}`);
  assert.match(edit.html, /<option selected>page<\/option>/);
  assert.match(edit.html, /id="slug" name="slug" value="search-2"/);
  assert.match(edit.html, /On the site: <a href="\/search-2">/);
  assert.equal((await get('/search-2')).status, 200);
  const bad = await c.post(`/admin/posts/${id}`, { ...base, _csrf: csrfOf(edit.html), slug: 'search-2', order: 'first' });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /id="order-error">Bad order &#39;first&#39;/);
  assert.match(bad.html, /<option selected>page<\/option>/);
  assert.match(bad.html, /How we index\./);
  const preview = await c.post('/admin/new', { ...base, action: 'preview', title: 'Preview page' });
  assert.equal(preview.status, 200);
  assert.match(preview.html, /<article class="post page">/);
  assert.match(preview.html, /this is how the page will look/);
});

test('an HTML post is kept to the allow-list, with its own excerpt', async () => {
  add(postFile(dir, 'html.md', ['title: In HTML', 'format: html', 'excerpt: "In short: safe."'],
    '<p onclick="x()">Hello <script>alert(1)</script><b>bold</b> <a href="javascript:x">bad</a> <a href="/ok">ok</a></p>\n<iframe src="https://video.example/e/1"></iframe>\n'));
  const html = await text('/posts/in-html');
  const body = html.match(/<div class="body">([\s\S]*?)<\/div>/)[1];
  assert.equal(body.trim(), '<p>Hello <b>bold</b> bad <a href="/ok">ok</a></p>\n<a href="https://video.example/e/1">https://video.example/e/1</a>');
  const home = await text('/');
  assert.match(home, /<div class="excerpt">\n<p>In short: safe\.<\/p>/);
  const show = cli('post', 'show', '--data', data, 'in-html').stdout;
  assert.match(show, /\nformat: html\nexcerpt: "In short: safe\."\n/);
  assert.equal(cli('post', 'rerender', '--data', data).status, 0);
  assert.equal((await text('/posts/in-html')).match(/<div class="body">([\s\S]*?)<\/div>/)[1], body, 'rendered again the same');
});
