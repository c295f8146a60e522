// mirror: `broadside mirror` end to end: the copy served by Debian's nginx and the live server
// crawled alike with `wget --mirror` give the same addresses and the same bytes on every page
// but the lines of forms that post; every page of the copy passes html-validate and its feeds
// the Atom grammar and the JSON Feed schema; old addresses send readers on; nothing for members
// only is in it; a second run writes only what changed and removes what is no longer a page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import net from 'node:net';
import { HtmlValidate } from 'html-validate';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import jsonFeedSchema from 'jsonfeed-schema';
import { cli, tempDir, serve, postFile, cleanup } from './harness.mjs';
import { richPress, MEMBER_EMAIL } from './richpress.mjs';

const URL = 'http://press.test';
const ATOM_RNG = resolve('../shared/testdata/atom/atom.rng');
let dir, data, clock, site, nginx, port, srv;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r.stdout; };

function freePort() {
  return new Promise((done) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => done(p));
    });
  });
}

// Every file under root, as paths relative to it.
function files(root) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

const mirror = (...extra) => ok(cli('mirror', '--data', data, '--out', site, ...extra));
const stats = (out) => Object.fromEntries([...out.matchAll(/(\d+) (written|unchanged|removed)/g)].map((m) => [m[2], Number(m[1])]));

before(async () => {
  dir = tempDir('bs-mirror-');
  // nginx's workers read the copy.
  chmodSync(dir, 0o755);
  ({ data, clock } = await richPress(dir, URL));
  site = `${dir}/site`;
  mirror();
  port = await freePort();
  writeFileSync(`${dir}/nginx.conf`, `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	types { application/atom+xml atom; application/rss+xml rss; application/epub+zip epub; }
	access_log off;
	client_body_temp_path ${dir};
	proxy_temp_path ${dir};
	fastcgi_temp_path ${dir};
	uwsgi_temp_path ${dir};
	scgi_temp_path ${dir};
	server {
		listen 127.0.0.1:${port};
		root ${site};
		location / {
			try_files $uri $uri/index.html =404;
		}
		error_page 404 /404.html;
	}
}
`);
  nginx = spawn('nginx', ['-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  nginx.stderr.on('data', (d) => { err += d; });
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch (e) {
      if (i > 200 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${err} ${e}`);
      await sleep(25);
    }
  }
  srv = await serve(data, [], { env: { BROADSIDE_TEST_CLOCK: clock } });
});
after(async () => {
  if (srv) await srv.stop();
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await gone;
  }
  cleanup(dir);
});

// wget --mirror of a server into dir/name: the files it saved, relative to the host's folder.
function wget(name, url) {
  const into = `${dir}/${name}`;
  const r = spawnSync('wget', ['--mirror', '--adjust-extension', '--no-verbose', '-e', 'robots=off',
    '--directory-prefix', into, '--no-host-directories', url + '/'], { encoding: 'utf8', timeout: 120000 });
  if (r.error) throw new Error(`wget: ${r.error.message} (Debian package wget)`);
  // 8: some address answered an error (a 404 of a link that has none on both sides).
  assert.ok(r.status === 0 || r.status === 8, r.stderr);
  return into;
}

// A page with its forms that post (live) or the lines that stand for them (mirror) taken out.
const formless = (text) => text
  .replace(/<form[^>]* method="post"[^>]*>[\s\S]*?<\/form>/g, '[form]')
  .replace(/<p class="static-note">[^\n]*?<\/p>/g, '[form]');

test('the copy served by nginx and the live server crawl to the same addresses and bytes', () => {
  const live = wget('wget-live', srv.url), copy = wget('wget-copy', `http://127.0.0.1:${port}`);
  const lf = files(live), cf = files(copy);
  assert.ok(lf.length > 60, `only ${lf.length} files crawled`);
  assert.deepEqual(cf, lf);
  let forms = 0;
  let sent = 0;
  for (const f of lf) {
    const a = readFileSync(join(live, f)), b = readFileSync(join(copy, f));
    // Where the live server sent wget on (a members' page: to the sign-in page), the copy has
    // a page that sends the reader there: what wget saved of the live one is that page.
    const to = b.toString().match(/^<meta http-equiv="refresh" content="0; url=(\/[^"]*)">$/m);
    if (to && !a.equals(b)) {
      const target = to[1].replace(/^\//, '').replace(/\/$/, '') || 'index';
      assert.equal(formless(a.toString()), formless(readFileSync(join(live, `${target}.html`), 'utf8')), f);
      sent++;
      continue;
    }
    if (f.endsWith('.html')) {
      const la = a.toString(), lb = b.toString();
      forms += (la.match(/method="post"/g) || []).length;
      assert.equal(formless(lb), formless(la), f);
    } else {
      assert.ok(a.equals(b), f);
    }
  }
  assert.ok(forms > 10, 'pages with forms were compared');
  assert.ok(lf.includes('resolutions/on-rents/versions/1.html') && lf.includes('resolutions/feed.atom'));
  assert.ok(sent >= 3, `members' pages sent on: ${sent}`);
  assert.match(readFileSync(`${site}/resolutions/on-rents/amend/index.html`, 'utf8'), /url=\/members\/signin"/);
  // The lines that stand for forms: the comment form says where, the others that they do not work.
  const post = readFileSync(`${site}/posts/why-this-press-exists/index.html`, 'utf8');
  assert.match(post, /<p class="static-note">This copy of the press takes no comments\.<\/p>/);
  assert.doesNotMatch(post, /method="post"/);
  assert.match(post, /<form class="search" action="\/search" method="get"/);
});

test('every page of the copy is valid HTML, and its feeds and sitemap hold', async () => {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-raw-characters': 'off' } });
  const all = files(site);
  const pages = all.filter((f) => f.endsWith('.html'));
  assert.ok(pages.length > 40);
  for (const f of pages) {
    const report = await validator.validateString(readFileSync(join(site, f), 'utf8'));
    assert.ok(report.valid, `${f}: ${JSON.stringify(report.results.flatMap((r) => r.messages.map((m) => m.message)))}`);
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validJson = ajv.compile(jsonFeedSchema);
  let atoms = 0, jsons = 0;
  for (const f of all) {
    if (f.endsWith('.atom')) {
      const r = spawnSync('xmllint', ['--noout', '--relaxng', ATOM_RNG, join(site, f)], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
      atoms++;
    } else if (f.endsWith('.rss') || f === 'sitemap.xml') {
      const r = spawnSync('xmllint', ['--noout', join(site, f)], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    } else if (/(^|\/)(feed|summary)\.json$/.test(f)) {
      assert.ok(validJson(JSON.parse(readFileSync(join(site, f)))), `${f}: ${ajv.errorsText(validJson.errors)}`);
      jsons++;
    }
  }
  assert.ok(atoms > 5 && jsons > 3);
  assert.match(readFileSync(`${site}/sitemap.xml`, 'utf8'), /<loc>http:\/\/press\.test\/posts\/why-this-press-exists<\/loc>/);
  assert.ok(statSync(`${site}/journal/1/1.epub`).size > 1000);
  assert.ok(all.some((f) => /^media\/[0-9a-f]{64}\.png$/.test(f)));
  assert.ok(all.includes('404.html') && all.includes('robots.txt') && all.includes('style.css'));
});

test('old addresses send readers on; members-only text, emails and members are not in the copy', async () => {
  const moved = readFileSync(`${site}/2019/03/04/march-meeting/index.html`, 'utf8');
  assert.match(moved, /<meta http-equiv="refresh" content="0; url=\/posts\/march-meeting">/);
  const r = await fetch(`http://127.0.0.1:${port}/2019/03/04/march-meeting/`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /This page is now at <a href="\/posts\/march-meeting">/);
  assert.match(readFileSync(`${site}/category/meetings/index.html`, 'utf8'), /url=\/tag\/Meetings/);
  const everything = files(site).map((f) => readFileSync(join(site, f)).toString('latin1')).join('\n');
  assert.ok(!everything.includes('SECRETWORD'), 'members-only text');
  assert.ok(!everything.includes(MEMBER_EMAIL));
  // The members-only post is there as a reader who is not signed in sees it.
  assert.match(readFileSync(`${site}/posts/inner/index.html`, 'utf8'), /This post is for members only/);
  // The 404 page nginx answers with.
  const missing = await fetch(`http://127.0.0.1:${port}/no/such/page`);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Page not found/);
});

test('a second run writes only what changed and removes what is no longer a page', () => {
  let s = stats(mirror());
  assert.equal(s.written, 0);
  assert.equal(s.removed, 0);
  const stamp = statSync(`${site}/posts/reading-the-charter-1/index.html`).mtimeMs;
  ok(cli('post', 'add', '--data', data, postFile(dir, 'late.md', ['title: A late post', 'slug: late', 'date: 2025-01-01'], 'Late words.\n')));
  s = stats(mirror());
  assert.ok(s.written > 0 && s.written < 40, JSON.stringify(s));
  assert.ok(existsSync(`${site}/posts/late/index.html`));
  assert.equal(statSync(`${site}/posts/reading-the-charter-1/index.html`).mtimeMs, stamp);
  ok(cli('post', 'delete', '--data', data, 'late'));
  s = stats(mirror());
  assert.ok(s.removed >= 2, JSON.stringify(s));
  assert.ok(!existsSync(`${site}/posts/late`));
  // A folder that holds anything but a copy is never written into (nor pruned).
  mkdirSync(`${dir}/mine`);
  writeFileSync(`${dir}/mine/letter.txt`, 'mine');
  const r = cli('mirror', '--data', data, '--out', `${dir}/mine`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /holds files and no \.broadside-mirror/);
  assert.equal(readFileSync(`${dir}/mine/letter.txt`, 'utf8'), 'mine');
  // Without an address of its own, a press is mirrored to the one given.
  const bare = `${dir}/bare`;
  ok(cli('init', '--data', bare, '--demo'));
  const no = cli('mirror', '--data', bare, '--out', `${dir}/bare-site`);
  assert.equal(no.status, 1);
  assert.match(no.stderr, /no url setting: give the mirror's address with --base-url/);
  ok(cli('mirror', '--data', bare, '--out', `${dir}/bare-site`, '--base-url', 'https://copy.example/'));
  assert.match(readFileSync(`${dir}/bare-site/feed.atom`, 'utf8'), /https:\/\/copy\.example\/posts\//);
});
