/* test_fed_activity: remote JSON into struct fed_activity (what is taken and what is refused,
 * with the field named), and remote HTML into comment Markdown. */
#include "fed/activity.h"
#include "fed/json.h"
#include "fed/net.h"
#include "render/markdown.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <string.h>

static int parse(const char *json, struct pool *p, struct fed_activity *a, char *err)
{
	return fed_activity_parse(json, strlen(json), p, a, err, 256);
}

Test(fed_activity, follow)
{
	struct pool *p = pool_new();
	struct fed_activity a;
	char err[256];
	cr_assert_eq(parse("{\"@context\":\"https://www.w3.org/ns/activitystreams\","
			   "\"id\":\"https://remote.example/follows/1\",\"type\":\"Follow\","
			   "\"actor\":\"https://remote.example/users/ann\","
			   "\"object\":\"https://press.example/users/mara\"}",
			   p, &a, err),
		     0, "%s", err);
	cr_expect_eq(a.verb, FED_FOLLOW);
	cr_expect_str_eq(a.id, "https://remote.example/follows/1");
	cr_expect_str_eq(a.actor, "https://remote.example/users/ann");
	cr_expect_str_eq(a.object_id, "https://press.example/users/mara");
	cr_expect_eq(a.has_note, 0);
	pool_free(p);
}

Test(fed_activity, create_reply)
{
	struct pool *p = pool_new();
	struct fed_activity a;
	char err[256];
	cr_assert_eq(parse("{\"id\":\"https://r.example/n/1/activity\",\"type\":\"Create\","
			   "\"actor\":{\"id\":\"https://r.example/u/ann\",\"type\":\"Person\"},"
			   "\"object\":{\"id\":\"https://r.example/n/1\",\"type\":\"Note\","
			   "\"attributedTo\":\"https://r.example/u/ann\","
			   "\"inReplyTo\":\"https://press.example/posts/hello\","
			   "\"content\":\"<p>Well said</p>\",\"url\":{\"type\":\"Link\","
			   "\"href\":\"https://r.example/@ann/1\"},"
			   "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[]}}",
			   p, &a, err),
		     0, "%s", err);
	cr_expect_eq(a.verb, FED_CREATE);
	cr_expect_str_eq(a.actor, "https://r.example/u/ann");
	cr_assert(a.has_note);
	cr_expect_str_eq(a.note.id, "https://r.example/n/1");
	cr_expect_str_eq(a.note.type, "Note");
	cr_expect_str_eq(a.note.in_reply_to, "https://press.example/posts/hello");
	cr_expect_str_eq(a.note.content, "<p>Well said</p>");
	cr_expect_str_eq(a.note.url, "https://r.example/@ann/1");
	cr_expect(a.note.public);
	pool_free(p);
}

Test(fed_activity, public_spellings_and_followers_only)
{
	struct pool *p = pool_new();
	struct fed_activity a;
	char err[256];
#define TMPL                                                                                       \
	"{\"id\":\"https://r.example/a\",\"type\":\"Create\",\"actor\":\"https://r.example/u\","   \
	"\"object\":{\"id\":\"https://r.example/n\",\"type\":\"Note\",\"attributedTo\":"           \
	"\"https://r.example/u\",\"content\":\"x\",%s}}"
	static const char *const cases[][2] = {
	    {"\"to\":\"as:Public\"", "1"},
	    {"\"cc\":[\"Public\"]", "1"},
	    {"\"to\":[\"https://r.example/u/followers\"]", "0"},
	    {"\"cc\":\"https://www.w3.org/ns/activitystreams#Public\"", "1"},
	};
	for (size_t i = 0; i < 4; i++) {
		char json[512];
		snprintf(json, sizeof(json), TMPL, cases[i][0]);
		cr_assert_eq(parse(json, p, &a, err), 0, "%s: %s", cases[i][0], err);
		cr_expect_eq(a.note.public, cases[i][1][0] == '1', "%s", cases[i][0]);
	}
	pool_free(p);
}

Test(fed_activity, undo_and_delete)
{
	struct pool *p = pool_new();
	struct fed_activity a;
	char err[256];
	cr_assert_eq(parse("{\"id\":\"https://r.example/u#undo\",\"type\":\"Undo\",\"actor\":"
			   "\"https://r.example/u\",\"object\":{\"id\":\"https://r.example/f/1\","
			   "\"type\":\"Follow\",\"actor\":\"https://r.example/u\",\"object\":"
			   "\"https://press.example/press\"}}",
			   p, &a, err),
		     0, "%s", err);
	cr_expect_eq(a.verb, FED_UNDO);
	cr_expect_eq(a.inner_verb, FED_FOLLOW);
	cr_expect_str_eq(a.object_id, "https://r.example/f/1");
	cr_expect_str_eq(a.inner_object, "https://press.example/press");
	/* Someone else's Follow cannot be undone. */
	cr_expect_eq(parse("{\"id\":\"https://r.example/u#undo\",\"type\":\"Undo\",\"actor\":"
			   "\"https://r.example/u\",\"object\":{\"id\":\"https://r.example/f/1\","
			   "\"type\":\"Follow\",\"actor\":\"https://r.example/other\"}}",
			   p, &a, err),
		     -1);
	cr_expect(strstr(err, "actor"), "%s", err);
	cr_assert_eq(parse("{\"id\":\"https://r.example/u#delete\",\"type\":\"Delete\",\"actor\":"
			   "\"https://r.example/u\",\"object\":\"https://r.example/u\"}",
			   p, &a, err),
		     0, "%s", err);
	cr_expect(a.actor_object);
	cr_assert_eq(parse("{\"id\":\"https://r.example/d\",\"type\":\"Delete\",\"actor\":"
			   "\"https://r.example/u\",\"object\":{\"id\":\"https://r.example/n/1\","
			   "\"type\":\"Tombstone\"}}",
			   p, &a, err),
		     0, "%s", err);
	cr_expect_str_eq(a.object_id, "https://r.example/n/1");
	cr_expect_str_eq(a.object_type, "Tombstone");
	cr_expect(!a.actor_object);
	pool_free(p);
}

Test(fed_activity, refusals_name_the_field)
{
	struct pool *p = pool_new();
	struct fed_activity a;
	char err[256];
	static const char *const cases[][2] = {
	    {"[1,2]", "not an object"},
	    {"{\"type\":\"Follow\"", "not valid JSON"},
	    {"{\"type\":\"Follow\",\"type\":\"Like\"}", "not valid JSON"},
	    {"{\"id\":\"https://r.example/a\"}", "'type'"},
	    {"{\"type\":\"Follow\",\"actor\":\"https://r.example/u\",\"object\":\"https://p.ex/"
	     "u\"}",
	     "'id'"},
	    {"{\"type\":\"Follow\",\"id\":\"javascript:alert(1)\",\"actor\":\"https://r.example/"
	     "u\","
	     "\"object\":\"https://p.ex/u\"}",
	     "'id'"},
	    {"{\"type\":\"Follow\",\"id\":\"https://r.example/a\",\"object\":\"https://p.ex/u\"}",
	     "'actor'"},
	    {"{\"type\":\"Follow\",\"id\":\"https://r.example/a\",\"actor\":\"https://r.example/"
	     "u\"}",
	     "'object'"},
	    {"{\"type\":\"Like\",\"id\":\"https://r.example/a\",\"actor\":\"https://user@r.example/"
	     "u\",\"object\":\"https://p.ex/u\"}",
	     "'actor'"},
	    {"{\"type\":\"Create\",\"id\":\"https://r.example/a\",\"actor\":\"https://r.example/"
	     "u\","
	     "\"object\":{\"type\":\"Note\",\"id\":\"https://r.example/n\",\"content\":\"x\"}}",
	     "'attributedTo'"},
	    {"{\"type\":\"Create\",\"id\":\"https://r.example/a\",\"actor\":\"https://r.example/"
	     "u\","
	     "\"object\":{\"type\":\"Note\",\"id\":\"https://r.example/n\",\"attributedTo\":"
	     "\"https://r.example/u\",\"content\":5}}",
	     "'content'"},
	    {"{\"type\":\"Create\",\"id\":\"https://r.example/a\",\"actor\":\"https://r.example/"
	     "u\","
	     "\"object\":{\"type\":\"Note\",\"id\":\"https://r.example/n\",\"attributedTo\":"
	     "\"https://r.example/u\",\"inReplyTo\":\"ftp://x\"}}",
	     "'inReplyTo'"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(parse(cases[i][0], p, &a, err), -1, "%s", cases[i][0]);
		cr_expect(strstr(err, cases[i][1]), "%s: %s", cases[i][0], err);
	}
	/* An unknown type is taken (and later dropped), an unknown property ignored. */
	cr_expect_eq(parse("{\"type\":\"EmojiReact\",\"id\":\"https://r.example/a\",\"actor\":"
			   "\"https://r.example/u\",\"x\":[1]}",
			   p, &a, err),
		     0, "%s", err);
	cr_expect_eq(a.verb, FED_OTHER);
	pool_free(p);
}

static const char *md(struct pool *p, const char *html)
{
	struct buf b = {0};
	cr_assert_eq(fed_html_to_markdown(html, strlen(html), &b), 0);
	const char *s = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s;
}

Test(fed_content, mastodon_reply)
{
	struct pool *p = pool_new();
	cr_expect_str_eq(
	    md(p, "<p><span class=\"h-card\"><a href=\"https://press.example/@mara\" "
		  "class=\"u-url mention\">@<span>mara</span></a></span> I agree, see "
		  "<a href=\"https://example.org/x\" rel=\"nofollow\"><span class=\"invisible\">"
		  "https://</span><span class=\"\">example.org/x</span></a></p><p>Second "
		  "line<br>third <a href=\"https://r.example/tags/cats\" class=\"mention "
		  "hashtag\">#<span>cats</span></a></p>"),
	    "@mara I agree, see [https://example.org/x](https://example.org/x)\n\nSecond "
	    "line\\\nthird \\#cats");
	pool_free(p);
}

Test(fed_content, markdown_characters_are_text)
{
	struct pool *p = pool_new();
	cr_expect_str_eq(md(p, "<p>*not bold* and [not](a link) &lt;b&gt; &amp;amp;</p>"),
			 "\\*not bold\\* and \\[not\\](a link) \\<b\\> \\&amp;");
	cr_expect_str_eq(md(p, "<p># not a heading</p><p>1. not a list</p><p>- nor this</p>"),
			 "\\# not a heading\n\n1\\. not a list\n\n\\- nor this");
	cr_expect_str_eq(md(p, "<p><strong>bold</strong> <em>it</em> <code>a`b</code></p>"),
			 "**bold** *it* `` a`b ``");
	cr_expect_str_eq(md(p, "<blockquote><p>quoted</p></blockquote><ul><li>one</li><li>two</li>"
			       "</ul>"),
			 "> quoted\n\n- one\n- two");
	cr_expect_str_eq(md(p, "<script>alert(1)</script><p onclick=\"x\">ok<img src=\"x\" "
			       "alt=\"pic\"></p><a href=\"javascript:alert(1)\">js</a>"),
			 "okpic\n\njs");
	cr_expect_str_eq(md(p, ""), "");
	pool_free(p);
}

Test(fed_content, renders_as_a_comment)
{
	/* What comes out renders back to the same text, escaped, through the comment renderer. */
	struct pool *p = pool_new();
	const char *m =
	    md(p, "<p>a &lt;script&gt; and *stars* <a href=\"https://e.org/\">link</a></p>");
	struct buf html = {0};
	struct md_opts o = {.untrusted = 1};
	cr_assert_eq(md_render(m, strlen(m), &o, &html, NULL), 0);
	cr_expect(strstr(buf_str(&html), "a &lt;script&gt; and *stars* <a href=\"https://e.org/\""),
		  "%s", buf_str(&html));
	buf_free(&html);
	pool_free(p);
}

Test(fed_json, url_hosts)
{
	char h[256];
	cr_expect_eq(fed_url_host("https://Remote.Example:8443/users/a", 1, h, sizeof(h)), 0);
	cr_expect_str_eq(h, "remote.example:8443");
	cr_expect_eq(fed_url_host("https://Remote.Example:8443/users/a", 0, h, sizeof(h)), 0);
	cr_expect_str_eq(h, "remote.example");
	cr_expect_eq(fed_url_host("http://[::1]:80/x", 0, h, sizeof(h)), 0);
	cr_expect_str_eq(h, "[::1]");
	cr_expect_eq(fed_url_host("https://a@b.example/", 0, h, sizeof(h)), -1);
	cr_expect_eq(fed_url_host("https:///x", 0, h, sizeof(h)), -1);
	cr_expect_eq(fed_url_host("https://b.example:x/", 1, h, sizeof(h)), -1);
	cr_expect(fed_url_ok("https://b.example/a?b=c#d"));
	cr_expect(!fed_url_ok("https://b.example/a b"));
	cr_expect(!fed_url_ok("file:///etc/passwd"));
	cr_expect(!fed_url_ok(NULL));
}

Test(fed_net, forbidden_addresses)
{
	static const char *const no[] = {"127.0.0.1",
					 "127.1.2.3",
					 "10.0.0.1",
					 "172.16.0.1",
					 "172.31.255.255",
					 "192.168.1.1",
					 "169.254.169.254",
					 "100.64.0.1",
					 "0.0.0.0",
					 "224.0.0.1",
					 "255.255.255.255",
					 "::1",
					 "::",
					 "fe80::1",
					 "fc00::1",
					 "fd12:3456::1",
					 "::ffff:127.0.0.1",
					 "::ffff:10.1.2.3",
					 "ff02::1",
					 "2001:db8::1",
					 "not an address"};
	static const char *const yes[] = {"93.184.216.34",   "172.32.0.1",	     "100.128.0.1",
					  "2606:4700::1111", "::ffff:93.184.216.34", "8.8.8.8"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_expect(fed_addr_forbidden(no[i]), "%s must be refused", no[i]);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_expect(!fed_addr_forbidden(yes[i]), "%s is a public address", yes[i]);
}
