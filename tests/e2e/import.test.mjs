// import: `broadside import wordpress` end to end: WordPress's own test exports, broken and
// hostile files that write nothing, re-imports that change nothing, comments and their
// threads, attachments through the media library, old addresses that redirect, and a 100 MB
// export in bounded memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { BIN, cli, tempDir, serve, cleanup } from './harness.mjs';
import { png } from './client.mjs';

const WXR = '../shared/testdata/wxr';
let dir;
before(() => { dir = tempDir('bs-import-'); });
after(() => cleanup(dir));

let presses = 0;
function press() {
  const data = `${dir}/press${++presses}`;
  assert.equal(cli('init', '--data', data).status, 0);
  return data;
}

const importer = (data, file, ...extra) => cli('import', 'wordpress', '--data', data, ...extra, file);

// Everything the press holds, to tell whether an import wrote anything.
function snapshot(data) {
  const dump = spawnSync('sqlite3', [`${data}/site.db`, '.dump'], { encoding: 'utf8' });
  assert.equal(dump.status, 0, dump.stderr);
  const media = existsSync(`${data}/media`) ? readdirSync(`${data}/media`).filter((f) => f !== '.tmp').sort() : [];
  const tmp = existsSync(`${data}/media/.tmp`) ? readdirSync(`${data}/media/.tmp`) : [];
  return { dump: dump.stdout, media, tmp };
}

const counts = (out) => Object.fromEntries([...out.matchAll(/^  (writers|posts|pages|comments|media|old addresses): (\d+)/gm)].map((m) => [m[1], Number(m[2])]));

const WXR_HEAD = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Branch news</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://branch.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[mara.q]]></wp:author_login><wp:author_email><![CDATA[mara@branch.example]]></wp:author_email><wp:author_display_name><![CDATA[Mara Quill]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[meetings]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Branch meetings]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[minutes]]></wp:category_nicename><wp:category_parent><![CDATA[meetings]]></wp:category_parent><wp:cat_name><![CDATA[Minutes]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug><![CDATA[rent-strike]]></wp:tag_slug><wp:tag_name><![CDATA[rent strike]]></wp:tag_name></wp:tag>
`;
const WXR_TAIL = '</channel>\n</rss>\n';

function item({ id, title, name, type = 'post', status = 'publish', date = '2019-03-04 10:00:00', body = '', extra = '', comments = '', link }) {
  return `<item>
<title><![CDATA[${title}]]></title>
<link>${link ?? `https://branch.example/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}/${name}/`}</link>
<dc:creator><![CDATA[mara.q]]></dc:creator>
<content:encoded><![CDATA[${body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date><![CDATA[${date}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[${date}]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status>
<wp:post_name><![CDATA[${name}]]></wp:post_name>
<wp:status><![CDATA[${status}]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type><![CDATA[${type}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
${extra}${comments}</item>
`;
}

function comment({ id, parent = 0, approved = '1', author = 'Reader', email = '', url = '', content, type = 'comment', ip = '203.0.113.77' }) {
  return `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${author}]]></wp:comment_author><wp:comment_author_email><![CDATA[${email}]]></wp:comment_author_email><wp:comment_author_url>${url}</wp:comment_author_url><wp:comment_author_IP><![CDATA[${ip}]]></wp:comment_author_IP><wp:comment_date><![CDATA[2019-03-05 09:00:0${id % 10}]]></wp:comment_date><wp:comment_date_gmt><![CDATA[2019-03-05 09:00:0${id % 10}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[${content}]]></wp:comment_content><wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved><wp:comment_type><![CDATA[${type}]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n`;
}

test('malformed.xml fails with its line, and nothing is written', () => {
  const data = press();
  const before = snapshot(data);
  const r = importer(data, `${WXR}/malformed.xml`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /malformed\.xml:90: the XML is broken: Opening and ending tag mismatch: notachanneltag line 27 and channel \(nothing was imported\)/);
  assert.equal(r.stdout, '');
  assert.deepEqual(snapshot(data), before);
});

test('valid-wxr-1.1.xml: a post, a page, a comment, a writer without a password', () => {
  const data = press();
  const r = importer(data, `${WXR}/valid-wxr-1.1.xml`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(counts(r.stdout), { writers: 1, posts: 1, pages: 1, comments: 1, media: 0, 'old addresses': 7 });
  assert.match(r.stdout, /^Imported from http:\/\/localhost \(WXR 1\.1\), in one transaction:/);
  assert.match(r.stdout, /line 48: terms of the taxonomy 'post_tax' \(such as 'bieup'\): only categories and tags become tags/);
  assert.match(cli('user', 'list', '--data', data).stdout, /@john\s+author\s+no password\s+John Doe/);
  const show = cli('post', 'show', '--data', data, 'about').stdout;
  assert.match(show, /\ntype: page\n/);
  assert.match(show, /\nformat: html\n/);
  assert.match(show, /<p>This is an example of a WordPress page\./, 'a classic body gets its paragraph');
  const post = cli('post', 'show', '--data', data, 'hello-world').stdout;
  assert.match(post, /^---\ntitle: "Hello world!"\nslug: hello-world\ndate: 2010-10-16T20:53:18Z\nstatus: published\nformat: html\nauthor: john\ntags: \[alpha, Clippable\]\n---\n<p>Welcome to WordPress\./);
  const list = cli('comment', 'list', '--data', data, '--status', 'all').stdout;
  assert.match(list, /Mr WordPress/);
  // What a site brings is old news: nothing queued to mail subscribers or send followers.
  const news = spawnSync('sqlite3', [`${data}/site.db`, "SELECT count(*) FROM jobs WHERE kind IN ('published', 'outbox_create')"], { encoding: 'utf8' });
  assert.equal(news.stdout.trim(), '0');
});

test('small-export.xml: statuses, drafts, pages under pages, many categories', () => {
  const data = press();
  const r = importer(data, `${WXR}/small-export.xml`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(counts(r.stdout), { writers: 3, posts: 6, pages: 5, comments: 1, media: 0, 'old addresses': 57 });
  assert.match(r.stdout, /line 288: item 13 “Private Post” was private: it is a draft here/);
  const list = cli('post', 'list', '--data', data).stdout;
  assert.match(list, /draft\s+2011-01-18\s+private-post\s+Private Post/);
  assert.match(list, /draft\s+2011-01-18\s+draft-page\s+Draft Page/, 'a draft without a slug gets one from its title');
  const many = cli('post', 'show', '--data', data, 'many-categories').stdout;
  assert.match(many, /tags: \[alpha, Bar, BETA, CHI, dElta, epsilon, eta, Foo,/);
  assert.doesNotMatch(many, /Uncategorized/, 'WordPress\'s default category is no tag');
  assert.match(cli('post', 'show', '--data', data, 'non-standard-post-format').stdout, /tags: \[\]|---\n<p>This is an aside/);
});

test('crazy-cdata.xml keeps its ]]>', async () => {
  const data = press();
  const r = importer(data, `${WXR}/crazy-cdata.xml`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(cli('post', 'show', '--data', data, 'hello-world').stdout, /\n<p>Content with nested &lt;!\[CDATA\[ tags \]\]&gt; :\)<\/p>\n$/);
  const srv = await serve(data);
  try {
    const html = await (await fetch(`${srv.url}/posts/hello-world`)).text();
    assert.match(html, /<p>Content with nested &lt;!\[CDATA\[ tags \]\]&gt; :\)<\/p>/);
  } finally { await srv.stop(); }
});

test('wxr-utf-8-challenges.xml keeps every character', async () => {
  const data = press();
  const r = importer(data, `${WXR}/wxr-utf-8-challenges.xml`);
  assert.equal(r.status, 0, r.stderr);
  const title = '"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c';
  const list = cli('post', 'list', '--data', data).stdout;
  assert.ok(list.includes(title), list);
  const slug = list.trim().split(/\s+/)[2];
  const show = cli('post', 'show', '--data', data, slug).stdout;
  const xml = readFileSync(`${WXR}/wxr-utf-8-challenges.xml`, 'utf8');
  const content = xml.match(/<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/)[1];
  // Every character of the text (block comments and tags aside, references decoded) is
  // there, but those that are no text in HTML: controls, noncharacters, lone surrogates.
  const text = content.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => {
      const cp = parseInt(h, 16);
      return cp >= 0xd800 && cp < 0xe000 ? '' : String.fromCodePoint(cp);
    });
  const body = show.split('\n---\n')[1].replace(/<[^>]+>/g, '').replace(/&#39;/g, "'");
  for (const ch of new Set([...text])) {
    const cp = ch.codePointAt(0);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp < 0xe000) || /\s/.test(ch)) continue;
    assert.ok(body.includes(ch), `U+${cp.toString(16).toUpperCase()} (${ch}) is missing`);
  }
  assert.match(show, /\nexcerpt: "T̷̢̯̭̈h̶̰̾i̵̱̇s̶̰̍ /);
  const srv = await serve(data);
  try {
    const html = await (await fetch(`${srv.url}/posts/${encodeURIComponent(slug)}`)).text();
    assert.ok(html.includes('<h1>' + title.replace(/"/g, '&quot;') + '</h1>'));
    assert.ok(html.includes('𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄'));
    assert.ok(html.includes('السلام عليكم وﷲ'));
  } finally { await srv.stop(); }
});

test('WXR 1.0 (no author list, domain="tag") and bad bytes', () => {
  const data = press();
  const xml = Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.0/">
<channel>
<title>Old blog</title>
<link>http://old.example</link>
<wp:wxr_version>1.0</wp:wxr_version>
<wp:base_site_url>http://old.example</wp:base_site_url>
<item>
<title>Old times</title>
<link>http://old.example/2008/05/06/old-times/</link>
<dc:creator>jo-ann</dc:creator>
<category><![CDATA[Uncategorized]]></category>
<category domain="tag"><![CDATA[History]]></category>
<category domain="tag" nicename="history"><![CDATA[History]]></category>
<content:encoded><![CDATA[Bad `), Buffer.from([0x01, 0xff, 0xfe]), Buffer.from(` bytes, and a split €: `), Buffer.from([0xe2, 0x82]), Buffer.from(`]]></content:encoded>
<wp:post_id>7</wp:post_id>
<wp:post_date>2008-05-06 20:00:00</wp:post_date>
<wp:post_date_gmt>2008-05-06 18:00:00</wp:post_date_gmt>
<wp:post_name>old-times</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
</item>
</channel>
</rss>
`)]);
  writeFileSync(`${dir}/wxr10.xml`, xml);
  const r = importer(data, `${dir}/wxr10.xml`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Imported from http:\/\/old\.example \(WXR 1\.0\)/);
  assert.match(r.stdout, /writers: 1 added/);
  const show = cli('post', 'show', '--data', data, 'old-times').stdout;
  assert.match(show, /\ndate: 2008-05-06T18:00:00Z\n/, 'the GMT date');
  assert.match(show, /\nauthor: jo_ann\ntags: \[History\]\n/);
  assert.ok(show.includes('<p>Bad  \ufffd\ufffd bytes, and a split \u20ac: \ufffd\ufffd</p>'), show);
});

test('importing the same file again changes nothing', () => {
  const data = press();
  assert.equal(importer(data, `${WXR}/small-export.xml`).status, 0);
  const first = snapshot(data);
  const again = importer(data, `${WXR}/small-export.xml`);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^Nothing new from http:\/\/localhost: everything in this file was imported before\.\n/);
  assert.deepEqual(counts(again.stdout), { writers: 0, posts: 0, pages: 0, comments: 0, media: 0, 'old addresses': 0 });
  assert.match(again.stdout, /posts: 0 added, 6 imported before/);
  assert.deepEqual(snapshot(data), first);
});

test('XXE and billion laughs are refused before any entity is read, and nothing is written', () => {
  const data = press();
  const before = snapshot(data);
  const hostname = readFileSync('/etc/hostname', 'utf8').trim();
  const files = {
    'xxe.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/hostname">\n]>\n${WXR_HEAD.split('\n').slice(1).join('\n')}${item({ id: 5, title: '&xxe;', name: 'leak', body: 'x' })}${WXR_TAIL}`,
    'xxe-param.xml': `<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file:///etc/hostname">\n<rss><channel><title>x</title></channel></rss>\n`,
    'laughs.xml': `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${[...Array(9)].map((_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<rss><channel><title>&lol9;</title></channel></rss>\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(`${dir}/${name}`, text);
    const r = importer(data, `${dir}/${name}`);
    assert.equal(r.status, 1, name);
    assert.match(r.stderr, /:2: the file has a DOCTYPE, which a WordPress export never has: refused, so that nothing it declares is read \(nothing was imported\)/, name);
    assert.ok(!r.stderr.includes(hostname) || hostname.length < 3, name);
  }
  const afterward = snapshot(data);
  assert.deepEqual(afterward, before);
  assert.ok(!afterward.dump.includes(hostname) || hostname.length < 3);
});

test('other broken files: not WXR, wrong encoding, bad numbers', () => {
  const data = press();
  const before = snapshot(data);
  for (const [text, msg] of [
    ['<html><body>no</body></html>', /:1: this is no WordPress export: it starts with <html>, not <rss>/],
    ['<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel/></rss>', /:1: the file says it is in ISO-8859-1; only UTF-8 exports are read/],
    [WXR_HEAD + '<item><wp:post_id>x1</wp:post_id></item>' + WXR_TAIL, /:13: <wp:post_id> should be a number, not 'x1'/],
    [WXR_HEAD + item({ id: 1, title: 'Cut', name: 'cut', body: 'text' }).slice(0, 300), /the XML is broken/],
    ['<rss><channel><item><title>No site</title></item></channel></rss>', /the file names no site \(wp:base_site_url\)/],
  ]) {
    writeFileSync(`${dir}/broken.xml`, text);
    const r = importer(data, `${dir}/broken.xml`);
    assert.equal(r.status, 1, text.slice(0, 60));
    assert.match(r.stderr, msg);
    assert.match(r.stderr, /\(nothing was imported\)\n$/);
  }
  assert.deepEqual(snapshot(data), before);
});

test('comments keep their threads and states; spam, trash and pingbacks stay behind; no addresses', () => {
  const data = press();
  const comments = [
    comment({ id: 11, author: 'Ann', email: 'ann@mail.example', url: 'https://ann.example', content: 'First!\nOn two lines.' }),
    comment({ id: 12, parent: 11, author: 'Bo', content: 'A reply to Ann with <b>bold</b> and <script>alert(1)</script>.' }),
    comment({ id: 13, parent: 12, author: 'Cy', approved: '0', email: 'not an email', content: 'Waiting for a moderator.' }),
    comment({ id: 14, approved: 'spam', author: 'Spammer', content: 'Buy things' }),
    comment({ id: 15, approved: 'trash', content: 'Trashed' }),
    comment({ id: 16, type: 'pingback', content: 'Pinged' }),
    comment({ id: 17, author: '', url: 'javascript:alert(1)', content: 'No name' }),
  ].join('');
  writeFileSync(`${dir}/comments.xml`, WXR_HEAD + item({ id: 40, title: 'Rent strike news', name: 'rent-strike-news', body: 'The strike goes on.', comments, extra: '<category domain="post_tag" nicename="rent-strike"><![CDATA[rent strike]]></category>\n' }) + WXR_TAIL);
  const r = importer(data, `${dir}/comments.xml`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /comments: 4 added \(3 published, 1 held\), 0 imported before/);
  assert.match(r.stdout, /comment 14 on “Rent strike news”: spam\n/);
  assert.match(r.stdout, /comment 15 on “Rent strike news”: it is in WordPress's trash\n/);
  assert.match(r.stdout, /comment 16 on “Rent strike news”: a pingback, not a comment\n/);
  assert.match(r.stdout, /writers: 1 added/);
  assert.match(r.stdout, /the writer 'mara\.q' has the handle @mara_q here/);
  const dump = snapshot(data).dump;
  assert.ok(!dump.includes('203.0.113.77'), 'the commenters\' addresses are stored nowhere');
  // Emails are sealed as the site's comment emails are: not in the dump, neither as text nor
  // as the hex of a blob.
  assert.ok(!dump.includes('ann@mail.example'), 'no email in clear');
  assert.ok(!dump.toLowerCase().includes(Buffer.from('ann@mail.example').toString('hex')), 'no email in a blob');
  assert.match(dump, /INSERT INTO comments VALUES\([^\n]*X'[0-9a-f]{80,}'/, 'a sealed email is stored');
  assert.ok(!dump.includes('Buy things') && !dump.includes('Pinged'));
  const held = cli('comment', 'list', '--data', data).stdout;
  assert.match(held, /Waiting for a moderator/);
  assert.match(cli('post', 'show', '--data', data, 'rent-strike-news').stdout, /tags: \[RentStrike\]/);
});

test('comments thread on the page, and old addresses redirect', async () => {
  const data = `${dir}/press${presses}`; // the press of the test before
  writeFileSync(`${dir}/more.xml`, WXR_HEAD +
    item({ id: 41, title: 'About the branch', name: 'about', type: 'page', body: 'We meet on Thursdays.', link: 'https://branch.example/about/' }) +
    item({ id: 42, title: 'Minutes of March', name: 'minutes-march', body: 'Present: all.', extra: '<category domain="category" nicename="minutes"><![CDATA[Minutes]]></category>\n' }) +
    item({ id: 43, title: 'Menu', name: 'menu', type: 'nav_menu_item', body: '' }) +
    item({ id: 44, title: 'Gone', name: 'gone', status: 'trash', body: 'x' }) + WXR_TAIL);
  const r = importer(data, `${dir}/more.xml`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /item 43 “Menu”: WordPress's kind 'nav_menu_item' is not imported \(menus are not: pages are listed in the site's navigation\)/);
  assert.match(r.stdout, /item 44 “Gone”: it is in WordPress's trash/);
  const srv = await serve(data);
  const get = (path) => fetch(srv.url + path, { redirect: 'manual' });
  try {
    const post = await (await get('/posts/rent-strike-news')).text();
    const thread = post.match(/<ol class="thread">([\s\S]*?)<\/ol>\s*<\/section>|<ol class="thread">([\s\S]*)/)[0];
    assert.match(thread, /Ann[\s\S]*Bo/);
    assert.match(post, /<a href="https:\/\/ann\.example" rel="nofollow ugc noopener">Ann<\/a>/);
    assert.match(post, /A reply to Ann with <b>bold<\/b> and \./);
    assert.match(post, /First!<br>\nOn two lines\./);
    assert.match(post, /<strong class="commenter">Anonymous<\/strong>/);
    assert.doesNotMatch(post, /Waiting for a moderator|javascript:/);
    // Bo's reply sits inside Ann's comment.
    assert.match(post, /id="comment-\d+"[\s\S]*Ann[\s\S]*<ol[^>]*>[\s\S]*Bo/);
    for (const [from, to] of [
      ['/2019/03/04/rent-strike-news/', '/posts/rent-strike-news'],
      ['/rent-strike-news/', '/posts/rent-strike-news'],
      ['/?p=40', '/posts/rent-strike-news'],
      ['/?page_id=41', '/about'],
      ['/category/meetings/minutes/', '/tag/Minutes'],
      ['/category/meetings/', '/tag/BranchMeetings'],
      ['/tag/rent-strike/', '/tag/RentStrike'],
      ['/feed/', '/feed.atom'],
    ]) {
      const res = await get(from);
      assert.equal(res.status, 301, from);
      assert.equal(new URL(res.headers.get('location'), srv.url).pathname, to, from);
    }
    assert.equal((await get('/about')).status, 200);
    assert.equal((await get('/?p=44')).status, 404, 'a skipped post has no address');
    assert.equal((await get('/2019/03/04/nothing/')).status, 404);
    assert.equal((await get('/')).status, 200, 'the home page is the home page');
    assert.match(await (await get('/tag/RentStrike')).text(), /Rent strike news/);
  } finally { await srv.stop(); }
});

test('attachments are copied through the media library, and links to them rewritten', async () => {
  const data = press();
  const uploads = `${dir}/uploads`;
  mkdirSync(`${uploads}/2019/03`, { recursive: true });
  writeFileSync(`${uploads}/2019/03/banner.png`, png('banner'));
  writeFileSync(`${uploads}/2019/03/banner-300x100.png`, png('small'));
  writeFileSync(`${uploads}/2019/03/leaflet.pdf`, '%PDF-1.4\n% not an image\n');
  const att = (id, title, file) => item({ id, title, name: title, type: 'attachment', status: 'inherit', body: '', extra: `<wp:attachment_url>https://branch.example/wp-content/uploads/${file}</wp:attachment_url>\n<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[${file}]]></wp:meta_value></wp:postmeta>\n` });
  const body = '[caption id="attachment_51" align="alignnone" width="300"]<a href="https://branch.example/wp-content/uploads/2019/03/banner.png"><img src="https://branch.example/wp-content/uploads/2019/03/banner-300x100.png" alt="Our banner" width="300" height="100" /></a> The banner at the march[/caption]\n\nRead [gallery ids="51,53"] and the <a href="https://branch.example/wp-content/uploads/2019/03/leaflet.pdf">leaflet</a>, and see <img src="https://branch.example/wp-content/uploads/2019/03/missing.jpg" alt="lost">.';
  writeFileSync(`${dir}/media.xml`, WXR_HEAD + item({ id: 50, title: 'March', name: 'march', body }) + att(51, 'banner', '2019/03/banner.png') + att(52, 'leaflet', '2019/03/leaflet.pdf') + att(53, 'photo', '2019/03/photo.jpg') + WXR_TAIL);
  const r = importer(data, `${dir}/media.xml`, '--media-dir', uploads);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /media: 2 copied, 0 already in the library/);
  assert.match(r.stdout, /attachment 52 “leaflet”: 2019\/03\/leaflet\.pdf is not an image the media library takes \(it is application\/pdf\)/);
  assert.match(r.stdout, /attachment 53 “photo”: 2019\/03\/photo\.jpg is not in --media-dir/);
  assert.match(r.stdout, /file 2019\/03\/missing\.jpg, linked from “March”, is not in --media-dir/);
  const files = snapshot(data).media;
  assert.equal(files.length, 2);
  for (const f of files) assert.match(f, /^[0-9a-f]{64}\.png$/);
  const show = cli('post', 'show', '--data', data, 'march').stdout;
  const [big, small] = [png('banner'), png('small')].map((b) => files.find((f) => readFileSync(`${data}/media/${f}`).equals(b)));
  assert.ok(show.includes(`<figure><a href="/media/${big}"><img src="/media/${small}" alt="Our banner" width="300" height="100"></a><figcaption>The banner at the march</figcaption>\n</figure>`), show);
  assert.ok(show.includes(`<figure><img src="/media/${big}" alt="banner"> <img src="https://branch.example/wp-content/uploads/2019/03/photo.jpg" alt="photo"></figure>`), show);
  assert.ok(show.includes('<a href="https://branch.example/wp-content/uploads/2019/03/leaflet.pdf">leaflet</a>'));
  const srv = await serve(data);
  try {
    const img = await fetch(`${srv.url}/media/${big}`);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
  } finally { await srv.stop(); }
  // Again: the same files, nothing new.
  const before = snapshot(data);
  const again = importer(data, `${dir}/media.xml`, '--media-dir', uploads);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^Nothing new/);
  assert.match(again.stdout, /media: 0 copied, 1 already in the library/);
  assert.deepEqual(snapshot(data), before);
  // Without --media-dir, attachments are listed with their paths, and the links stay.
  const bare = press();
  const nodir = importer(bare, `${dir}/media.xml`);
  assert.equal(nodir.status, 0);
  assert.match(nodir.stdout, /attachment 51 “banner”: 2019\/03\/banner\.png was not copied: no --media-dir was given/);
  assert.deepEqual(snapshot(bare).media, []);
});

test('post convert turns a simple imported post into Markdown, and names what stops it', () => {
  const data = press();
  writeFileSync(`${dir}/convert.xml`, WXR_HEAD +
    item({ id: 60, title: 'Simple', name: 'simple', body: 'A *classic* post, with <a href="https://e.org">a link</a>.\n\nAnd #2 paragraphs.' }) +
    item({ id: 61, title: 'Tabled', name: 'tabled', body: '<table><tr><td>cell</td></tr></table>' }) + WXR_TAIL);
  assert.equal(importer(data, `${dir}/convert.xml`).status, 0);
  const ok = cli('post', 'convert', '--data', data, '--to', 'markdown', 'simple');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, '/posts/simple is in Markdown now\n');
  const show = cli('post', 'show', '--data', data, 'simple').stdout;
  assert.doesNotMatch(show, /format:/);
  assert.match(show, /---\nA \\\*classic\\\* post, with \[a link\]\(https:\/\/e\.org\)\.\n\nAnd \\#2 paragraphs\.\n$/);
  const no = cli('post', 'convert', '--data', data, '--to', 'markdown', 'tabled');
  assert.equal(no.status, 1);
  assert.match(no.stderr, /'tabled' stays HTML: <table> has no Markdown here/);
  assert.match(cli('post', 'show', '--data', data, 'tabled').stdout, /format: html/);
  assert.equal(cli('post', 'convert', '--data', data, '--to', 'markdown', 'simple').status, 1, 'in Markdown already');
  assert.equal(cli('post', 'convert', '--data', data, '--to', 'html', 'simple').status, 2);
});

test('a 100 MB export imports in bounded memory', () => {
  const data = press();
  const file = `${dir}/big.xml`;
  const gen = spawnSync('sh', ['-c', `sh scripts/wxr-gen.sh 12000 40000 5600 > ${file}`]);
  assert.equal(gen.status, 0, String(gen.stderr));
  const size = statSync(file).size;
  assert.ok(size > 100 * 1024 * 1024, `${size} bytes`);
  // Under AddressSanitizer, freed memory waits in a quarantine (256 MB by default) that
  // would be counted as the import's: a small one keeps the measure about the import.
  const env = { ...process.env, ASAN_OPTIONS: `${process.env.ASAN_OPTIONS || ''}:quarantine_size_mb=8` };
  const r = spawnSync('/usr/bin/time', ['-f', 'peak %M KB', BIN, 'import', 'wordpress', '--data', data, file], { encoding: 'utf8', timeout: 600000, env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /posts: 12000 added/);
  assert.match(r.stdout, /comments: 39200 added/);
  const peak = Number(r.stderr.match(/peak (\d+) KB/)[1]);
  // The file is read twice and never held: memory is a small part of its size.
  assert.ok(peak < 160 * 1024, `peak RSS ${peak} KB for ${size} bytes`);
});
