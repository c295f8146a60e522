// richpress: a press that holds one of everything an export and a mirror must carry, for
// bundle.test.mjs and mirror.test.mjs: the demo's writers and posts, a page, a members-only
// post, an HTML post, a writer's avatar and bio, a contributor, a featured image, a WordPress import (old addresses, an image, comments and a thread), a
// published issue of the journal with its book, readers' comments on a test clock, a removed
// comment in the public log, one held, listings long enough to have older pages, and model
// resolutions (versions, branch amendments, a merge, an endorsement, decisions and a correction;
// one for members only).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cli, postFile, serve } from './harness.mjs';
import { png } from './client.mjs';

export const MEMBER_EMAIL = 'secret.member@members.example';
export const COMMENTER_EMAIL = 'commenter.email@readers.example';

const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r.stdout; };

function wxr(dir) {
  const uploads = `${dir}/uploads`;
  mkdirSync(`${uploads}/2019/03`, { recursive: true });
  writeFileSync(`${uploads}/2019/03/banner.png`, png('banner'));
  const head = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Branch news</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://branch.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ines]]></wp:author_login><wp:author_email><![CDATA[ines@branch.example]]></wp:author_email><wp:author_display_name><![CDATA[Inês Duarte]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[meetings]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Meetings]]></wp:cat_name></wp:category>
`;
  const item = (id, title, name, type, body, extra = '') => `<item>
<title><![CDATA[${title}]]></title>
<link>https://branch.example/2019/03/04/${name}/</link>
<dc:creator><![CDATA[ines]]></dc:creator>
<content:encoded><![CDATA[${body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date><![CDATA[2019-03-04 10:00:0${id % 10}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2019-03-04 10:00:0${id % 10}]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status>
<wp:post_name><![CDATA[${name}]]></wp:post_name>
<wp:status><![CDATA[${type === 'attachment' ? 'inherit' : 'publish'}]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type><![CDATA[${type}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
${extra}</item>
`;
  const comment = (id, parent, author, content) => `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${author}]]></wp:comment_author><wp:comment_author_email><![CDATA[${COMMENTER_EMAIL}]]></wp:comment_author_email><wp:comment_author_url>https://reader.example</wp:comment_author_url><wp:comment_author_IP><![CDATA[203.0.113.77]]></wp:comment_author_IP><wp:comment_date><![CDATA[2019-03-05 09:00:0${id % 10}]]></wp:comment_date><wp:comment_date_gmt><![CDATA[2019-03-05 09:00:0${id % 10}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[${content}]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n`;
  const body = '<!-- wp:paragraph --><p>We met, and <a href="https://branch.example/wp-content/uploads/2019/03/banner.png"><img src="https://branch.example/wp-content/uploads/2019/03/banner.png" alt="Our banner"></a> was there.</p><!-- /wp:paragraph -->';
  const xml = head +
    item(10, 'The March meeting', 'march-meeting', 'post', body,
      '<category domain="category" nicename="meetings"><![CDATA[Meetings]]></category>\n' +
      comment(21, 0, 'Ana', 'Good <b>meeting</b>.\n\nTwo paragraphs.') + comment(22, 21, 'Bo', 'I agree with Ana.')) +
    item(11, 'Contact', 'contact', 'page', 'Write to the branch secretary.') +
    item(12, 'banner', 'banner', 'attachment', '', '<wp:attachment_url>https://branch.example/wp-content/uploads/2019/03/banner.png</wp:attachment_url>\n<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[2019/03/banner.png]]></wp:meta_value></wp:postmeta>\n') +
    '</channel>\n</rss>\n';
  writeFileSync(`${dir}/site.xml`, xml);
  return { file: `${dir}/site.xml`, uploads };
}

// Makes the press in dir/press with the public address url; resolves to { data, clock }.
export async function richPress(dir, url) {
  const data = `${dir}/press`;
  const clock = `${dir}/clock`;
  writeFileSync(clock, '+0');
  ok(cli('init', '--data', data, '--demo'));
  for (const [k, v] of [['url', url], ['per_page', '2'], ['comments_per_minute', '1000'], ['comments_per_day', '1000'], ['comment_policy', 'publish']])
    ok(cli('site', 'set', '--data', data, k, v));
  ok(cli('post', 'add', '--data', data,
    postFile(dir, 'about.md', ['title: About this press', 'type: page', 'order: 1', 'comments: open'], 'Who *we* are. Write to @mara.\n'),
    postFile(dir, 'inner.md', ['title: For members only', 'slug: inner', 'visibility: members', 'date: 2026-11-20'], 'The members-only text SECRETWORD stays home.\n'),
    postFile(dir, 'html.md', ['title: An HTML post', 'slug: html-post', 'format: html', 'sticky: true', 'date: 2026-11-21', 'tags: [Charter]'], '<p>An <b>HTML</b> post with <a href="/posts/inner">a link</a>.</p>\n'),
    postFile(dir, 'moderated.md', ['title: Moderated talk', 'slug: moderated', 'comments: moderated', 'date: 2026-11-22'], 'Careful words.\n')));
  const w = wxr(dir);
  ok(cli('import', 'wordpress', '--data', data, '--media-dir', w.uploads, w.file));
  // A writer's profile with the imported image as avatar, a contributor, a featured image.
  const banner = readdirSync(`${data}/media`).find((f) => f.endsWith('.png'));
  ok(cli('user', 'set', '--data', data, '--handle', 'mara', '--bio', 'Writes *the minutes*.', '--avatar', `/media/${banner}`));
  ok(cli('user', 'add', '--data', data, '--handle', 'cleo', '--name', 'Cleo Contributor', '--role', 'contributor'));
  ok(cli('post', 'add', '--data', data,
    postFile(dir, 'featured.md', ['title: With a picture', 'slug: featured', 'date: 2026-11-23', `image: /media/${banner}`], 'A post with its *featured image*.\n')));
  const sue = ok(cli('member', 'add', '--data', data, '--email', MEMBER_EMAIL, '--name', 'Secret Member')).match(/member (\d+)/)[1];
  // A model resolution the branches amend, merge, endorse and decide on, and one for members.
  ok(cli('branch', 'add', '--data', data, 'Harbour Street'));
  ok(cli('branch', 'add', '--data', data, 'Dock Road'));
  ok(cli('branch', 'put', '--data', data, '--member', sue, '--secretary', 'Harbour Street'));
  ok(cli('branch', 'put', '--data', data, '--member', sue, '--secretary', 'Dock Road'));
  writeFileSync(`${dir}/rents.md`, '# On rents\n\nThis branch notes that rents have doubled in ten years.\n\nIt calls on the council:\n\n- to freeze rents;\n- to build five hundred homes.\n');
  ok(cli('resolution', 'add', '--data', data, '--title', 'On rents', '--handle', 'mara', '--reason', 'Rents are **too high**.', '--deadline', '2027-06-01', `${dir}/rents.md`));
  ok(cli('resolution', 'circulate', '--data', data, 'on-rents'));
  const branchAmend = (branch, ...rest) => ok(cli('resolution', 'amend', '--data', data, 'on-rents', '--member', sue, '--branch', branch, ...rest));
  branchAmend('Dock Road', '--kind', 'replace', '--lines', '5', '--text', '- to build a thousand homes.', '--reason', 'Five hundred is not enough.');
  branchAmend('Harbour Street', '--kind', 'insert', '--after', '2', '--text', 'Tenants are organising.', '--reason', 'Say what we do.');
  ok(cli('resolution', 'merge', '--data', data, '--note', 'The Dock Road amendment', 'on-rents', '1'));
  ok(cli('resolution', 'endorse', '--data', data, 'on-rents', '--member', sue, '--branch', 'Dock Road'));
  ok(cli('resolution', 'decide', '--data', data, 'on-rents', '--member', sue, '--branch', 'Harbour Street', '--version', '2', '--outcome', 'adopted', '--date', '2026-11-10', '--for', '12', '--against', '1', '--abstain', '2'));
  ok(cli('resolution', 'decide', '--data', data, 'on-rents', '--member', sue, '--branch', 'Harbour Street', '--version', '2', '--outcome', 'deferred', '--date', '2026-11-12'));
  writeFileSync(`${dir}/picket.md`, 'The picket plan SECRETWORD stays with members.\n');
  ok(cli('resolution', 'add', '--data', data, '--title', 'Picket plan', '--visibility', 'members', `${dir}/picket.md`));
  ok(cli('resolution', 'circulate', '--data', data, 'picket-plan'));
  writeFileSync(`${dir}/issue.md`, '---\nvolume: 1\nnumber: 1\nmonth: 2026-11\ntitle: First of all\neditors: [Mara Quill]\nposts:\n  - why-this-press-exists\n  - minutes-november-2026\n---\nThe *first* issue.\n');
  ok(cli('journal', 'add', '--data', data, `${dir}/issue.md`));
  ok(cli('journal', 'publish', '--data', data, '1/1'));

  // Readers' comments, their forms older than the 3 seconds a form must be.
  const srv = await serve(data, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
  try {
    const token = async (slug) => (await (await fetch(`${srv.url}/posts/${slug}`)).text()).match(/name="token" value="([^"]+)"/)[1];
    const tokens = { open: await token('why-this-press-exists'), moderated: await token('moderated') };
    writeFileSync(clock, '+10');
    const send = async (slug, t, fields) => {
      const r = await fetch(`${srv.url}/posts/${slug}/comments`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token: t, ...fields }) });
      assert.equal(r.status, 303, await r.text());
      return Number(r.headers.get('location').match(/(?:mine|held)=(\d+)/)[1]);
    };
    const first = await send('why-this-press-exists', tokens.open, { name: 'Reader', email: COMMENTER_EMAIL, website: 'https://reader.example', body: 'A *first* comment\r\nwith a [link](https://example.org).' });
    await send('why-this-press-exists', tokens.open, { name: 'Second', body: 'A reply.', parent: String(first) });
    const gone = await send('why-this-press-exists', tokens.open, { name: 'Third', body: 'To be removed.' });
    await send('moderated', tokens.moderated, { name: 'Waiting', body: 'Held for a moderator.' });
    ok(cli('comment', 'remove', '--data', data, '--reason', 'off topic', String(gone)));
  } finally {
    await srv.stop();
  }
  return { data, clock };
}

// Every page a reader reaches from the home page and the addresses no page links to, fetched
// from a server (absolute links under site, the press's url, count as its own): Map path ->
// { status, type, body (Buffer), location }.
export async function crawl(base, site, extra = []) {
  const seen = new Set(), queue = ['/', '/sitemap.xml', '/robots.txt', '/journal', '/feed.json', ...extra];
  const out = new Map();
  while (queue.length) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const r = await fetch(base + path, { redirect: 'manual' });
    const body = Buffer.from(await r.arrayBuffer());
    const type = r.headers.get('content-type') || '';
    out.set(path, { status: r.status, type, body, location: r.headers.get('location') });
    if (!type.startsWith('text/html') && !path.endsWith('.xml')) continue;
    for (const m of body.toString('utf8').matchAll(/(?: href="| src="|<loc>)([^"<]+)/g)) {
      let u = m[1].replace(/&amp;/g, '&');
      if (u.startsWith(site + '/') || u === site) u = u.slice(site.length) || '/';
      if (!u.startsWith('/') || u.startsWith('//')) continue;
      u = u.replace(/[?#].*$/, '');
      if (!seen.has(u)) queue.push(u);
    }
  }
  return out;
}
