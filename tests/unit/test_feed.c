/* test_feed: Atom, RSS and JSON Feed writers, their XML and JSON escaping, links and text. */
#include "feed/feed.h"
#include "feed/feed_int.h"
#include "util/buf.h"
#include "util/jsonesc.h"
#include "util/xmlesc.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ATOM_RNG "../shared/testdata/atom/atom.rng"

static char *esc(void (*fn)(struct buf *, const char *, size_t), const char *s, size_t n)
{
	static struct buf b;
	buf_reset(&b);
	fn(&b, s, n);
	return b.data ? b.data : "";
}

Test(xmlesc, specials_and_controls)
{
	const char in[] = "<a href=\"x\">&'</a> ]]> \x01\x08\x1b\x7f ok\tline\nend\r";
	cr_expect_str_eq(
	    esc(xml_esc_text, in, sizeof(in) - 1),
	    "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt; ]]&gt;  ok\tline\nend&#13;");
	cr_expect_str_eq(esc(xml_esc_attr, in, sizeof(in) - 1),
			 "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt; ]]&gt;  "
			 "ok&#9;line&#10;end&#13;");
	/* NUL inside the length is dropped too. */
	cr_expect_str_eq(esc(xml_esc_text, "a\0b", 3), "ab");
}

Test(xmlesc, unicode)
{
	/* Kept: letters of any script, U+FFFD itself, astral characters. Dropped: C1 controls and
	 * U+FFFE/U+FFFF. Malformed bytes become U+FFFD. */
	const char in[] =
	    "Демократия \xEF\xBF\xBD \xF0\x9F\x93\xB0|\xC2\x85|\xEF\xBF\xBE\xEF\xBF\xBF|"
	    "\xFF|\xC3|\xED\xA0\x80";
	cr_expect_str_eq(esc(xml_esc_text, in, sizeof(in) - 1),
			 "Демократия \xEF\xBF\xBD \xF0\x9F\x93\xB0|||\xEF\xBF\xBD|\xEF\xBF\xBD|"
			 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

Test(jsonesc, escapes)
{
	const char in[] =
	    "\"q\" \\ </script> \x01\x1f\x7f\b\f\n\r\t \xE2\x80\xA8\xE2\x80\xA9 é \xFF";
	cr_expect_str_eq(esc(json_esc, in, sizeof(in) - 1),
			 "\\\"q\\\" \\\\ <\\/script> \\u0001\\u001f\\u007f\\b\\f\\n\\r\\t "
			 "\\u2028\\u2029 é \\ufffd");
	cr_expect_str_eq(esc(json_esc, "a\0b", 3), "a\\u0000b");
	struct buf b = {0};
	json_str(&b, NULL);
	json_str(&b, "x");
	cr_expect_str_eq(b.data, "null\"x\"");
	buf_free(&b);
}

static char *abs_html(const char *html, const char *base)
{
	static struct buf b;
	buf_reset(&b);
	feed_absolute_html(&b, html, base);
	return b.data ? b.data : "";
}

Test(feed_links, relative_references_become_absolute)
{
	const char *base = "https://ex.org/posts/first?x=1#top";
	cr_expect_str_eq(abs_html("<a class=\"hashtag\" href=\"/tag/D%C3%A9\">#Dé</a>", base),
			 "<a class=\"hashtag\" href=\"https://ex.org/tag/D%C3%A9\">#Dé</a>");
	cr_expect_str_eq(abs_html("<a href=\"#sec\">s</a><a href='?p=2'>q</a>", base),
			 "<a href=\"https://ex.org/posts/first?x=1#sec\">s</a>"
			 "<a href='https://ex.org/posts/first?p=2'>q</a>");
	cr_expect_str_eq(
	    abs_html("<img src=\"pic.png\" alt=\"a > b\"><q cite=//cdn.ex.org/q>x</q>", base),
	    "<img src=\"https://ex.org/posts/pic.png\" alt=\"a > b\">"
	    "<q cite=https://cdn.ex.org/q>x</q>");
	/* Absolute links, other attributes and text stay as they are. */
	const char *kept = "<p title=\"/x\">href=\"/y\" &lt;a href=&quot;/z&quot;&gt; "
			   "<a href=\"mailto:a@b.org\">m</a> <a href=\"https://o.org/\">o</a></p>";
	cr_expect_str_eq(abs_html(kept, base), kept);
	/* A base without a path gets one; a base that is not absolute changes nothing. */
	cr_expect_str_eq(abs_html("<a href=\"x\">x</a>", "http://h:8080"),
			 "<a href=\"http://h:8080/x\">x</a>");
	cr_expect_str_eq(abs_html("<a href=\"/x\">x</a>", "/relative"), "<a href=\"/x\">x</a>");
	cr_expect_str_eq(abs_html("<a href=\"/x\">x</a>", NULL), "<a href=\"/x\">x</a>");
	/* Base characters that HTML treats specially are escaped where they are inserted. */
	cr_expect_str_eq(abs_html("<a href=\"#f\">x</a>", "http://h/p?a=1&b=\"2\""),
			 "<a href=\"http://h/p?a=1&amp;b=&quot;2&quot;#f\">x</a>");
	/* Unterminated markup ends without reading past the string. */
	cr_expect_str_eq(abs_html("<a href=\"/x", "http://h/"), "<a href=\"http://h/x");
	cr_expect_str_eq(abs_html("x <", "http://h/"), "x <");
}

static char *text_of(const char *html)
{
	static struct buf b;
	buf_reset(&b);
	feed_html_text(&b, html);
	return b.data ? b.data : "";
}

Test(feed_text, html_to_plain_text)
{
	cr_expect_str_eq(text_of("<p>One <em>two</em>\n three.</p><p>Four&amp;five &lt;b&gt;"
				 "&quot;x&quot; &#39;y&#39; &#x1F4F0; &#1044;</p>"),
			 "One two three. Four&five <b>\"x\" 'y' \xF0\x9F\x93\xB0 Д");
	cr_expect_str_eq(text_of("<ul>\n<li>a</li><li>b</li>\n</ul>"), "a b");
	cr_expect_str_eq(text_of("a<br>b<a href=\"x>y\">c</a>&nbsp;d &copy; &#0; &#xD800;"),
			 "a bc d &copy; \xEF\xBF\xBD \xEF\xBF\xBD");
	cr_expect_str_eq(text_of("  "), "");
	cr_expect_str_eq(text_of(NULL), "");
}

/* A small site feed: a hostile post, an unfinished one without author, a plain one. */
static const char *const tags0[] = {"Democracy", "Демократия"};
static const char *const tag_urls0[] = {
    "https://ex.org/tag/Democracy", "https://ex.org/tag/%D0%94%D0%B5%D0%BC%D0%BE%D0%BA%D1%80%D0%B0"
				    "%D1%82%D0%B8%D1%8F"};
static const char *const tags1[] = {"Charter"};
static const char *const tag_urls1[] = {"https://ex.org/tag/Charter"};

#define HOSTILE_TITLE "<script>alert(1)</script> ]]> & \"q\" 'a' \x01\x1b\x7f end"

static struct feed_entry entries[] = {
    {
	.id = "https://ex.org/posts/hostile",
	.url = "https://ex.org/posts/hostile",
	.title = HOSTILE_TITLE,
	.author_name = "Inês \"Ink\" <Duarte>",
	.author_url = "https://ex.org/@ines",
	.published = 1768039200, /* 2026-01-10T10:00:00Z */
	.updated = 1768125600,	 /* 2026-01-11T10:00:00Z */
	.tags = tags0,
	.ntags = 2,
	.tag_urls = tag_urls0,
	.content_html = "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; "
			"<a class=\"hashtag\" href=\"/tag/Democracy\">#Democracy</a></p>\n"
			"<h2 id=\"more\">More</h2>\n<p>The rest <a href=\"#more\">here</a>.</p>\n",
	.summary_html = "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; "
			"<a class=\"hashtag\" href=\"/tag/Democracy\">#Democracy</a></p>\n",
	.content_text = NULL,
	.unfinished = 0,
    },
    {
	.id = "https://ex.org/posts/wip",
	.url = "https://ex.org/posts/wip",
	.title = "Work in progress",
	.published = 1767952800, /* 2026-01-09T10:00:00Z */
	.updated = 1767952800,
	.tags = tags1,
	.ntags = 1,
	.tag_urls = tag_urls1,
	.content_html = "<p>Half done.</p>\n",
	.summary_html = "<p>Half done.</p>\n",
	.unfinished = 1,
    },
    {
	.id = "https://ex.org/posts/old",
	.url = "https://ex.org/posts/old",
	.title = "From the old days",
	.author_name = "Mara",
	.author_url = NULL,
	.published = 1766570400, /* 2025-12-24T10:00:00Z */
	.updated = 1766000000,	 /* earlier than published: clamped up to it */
	.content_html = "<p>December text.</p>\n",
	.summary_html = "<p>December text.</p>\n",
    },
};

static struct feed_entry excerpt_entries[3];

static struct feed sample(int excerpt)
{
	struct feed f = {
	    .title = "Harbour & <Press>",
	    .subtitle = "Our own \"pages\"",
	    .home_url = "https://ex.org/",
	    .self_url = excerpt ? "https://ex.org/summary.atom" : "https://ex.org/feed.atom",
	    .id = "https://ex.org/feed.atom",
	    .language = "en",
	    .icon_url = NULL,
	    .updated = 1768125600,
	    .entries = entries,
	    .n = 3,
	};
	if (excerpt) {
		memcpy(excerpt_entries, entries, sizeof(entries));
		for (size_t i = 0; i < 3; i++)
			excerpt_entries[i].content_html = NULL;
		f.entries = excerpt_entries;
	}
	return f;
}

static char *render(void (*fn)(struct buf *, const struct feed *), const struct feed *f)
{
	struct buf b = {0};
	fn(&b, f);
	return b.data;
}

/* Runs xmllint on doc (optionally with a RELAX NG schema); returns its exit status. */
static int xmllint(const char *doc, const char *rng)
{
	cr_assert_eq(system("command -v xmllint >/dev/null 2>&1"), 0,
		     "xmllint is missing (Debian package libxml2-utils)");
	char path[] = "/tmp/test_feed_XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	size_t n = strlen(doc);
	cr_assert_eq(write(fd, doc, n), (ssize_t)n);
	close(fd);
	char cmd[512];
	if (rng)
		snprintf(cmd, sizeof(cmd), "xmllint --noout --relaxng %s %s 2>/dev/null", rng,
			 path);
	else
		snprintf(cmd, sizeof(cmd), "xmllint --noout %s 2>/dev/null", path);
	int rc = system(cmd);
	unlink(path);
	return rc;
}

/* No byte XML 1.0 forbids, nothing that could run as script or end a CDATA section. */
static void expect_safe_xml(const char *doc)
{
	for (const unsigned char *p = (const unsigned char *)doc; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n')
			cr_expect(0, "control byte 0x%02x at offset %td", *p,
				  (const char *)p - doc);
	cr_expect_null(strstr(doc, "<script"));
	cr_expect_null(strstr(doc, "]]>"));
	cr_expect_null(strstr(doc, "\x7f"));
}

/* Offsets of the three titles must increase: entries keep the caller's order. */
static void expect_order(const char *doc, const char *a, const char *b, const char *c)
{
	const char *pa = strstr(doc, a), *pb = strstr(doc, b), *pc = strstr(doc, c);
	cr_assert(pa && pb && pc, "titles missing");
	cr_expect(pa < pb && pb < pc, "entries out of order");
}

static size_t count(const char *doc, const char *needle)
{
	size_t n = 0;
	for (const char *p = doc; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

#define ESC_TITLE_ATOM                                                                             \
	"&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;q&quot; &apos;a&apos;  end"

Test(feed_atom, full)
{
	struct feed f = sample(0);
	char *doc = render(feed_atom, &f);
	cr_assert_eq(strncmp(doc,
			     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
			     "xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">",
			     95),
		     0, "%s", doc);
	cr_expect_eq(xmllint(doc, NULL), 0, "not well-formed:\n%s", doc);
	if (access(ATOM_RNG, R_OK) == 0)
		cr_expect_eq(xmllint(doc, ATOM_RNG), 0, "not valid Atom:\n%s", doc);
	expect_safe_xml(doc);
	cr_expect(strstr(doc, "<title type=\"text\">Harbour &amp; &lt;Press&gt;</title>"));
	cr_expect(strstr(doc, "<subtitle type=\"text\">Our own &quot;pages&quot;</subtitle>"));
	cr_expect(strstr(doc, "<id>https://ex.org/feed.atom</id>"));
	cr_expect(strstr(doc, "<updated>2026-01-11T10:00:00Z</updated>"));
	cr_expect(strstr(doc, "<link rel=\"self\" type=\"application/atom+xml\" "
			      "href=\"https://ex.org/feed.atom\"/>"));
	cr_expect(
	    strstr(doc, "<link rel=\"alternate\" type=\"text/html\" href=\"https://ex.org/\"/>"));
	/* One entry has no author, so the feed names one. */
	cr_expect(strstr(doc, "\t<author>\n\t\t<name>Harbour &amp; &lt;Press&gt;</name>\n"
			      "\t\t<uri>https://ex.org/</uri>\n\t</author>\n"));
	cr_expect(strstr(doc, "<title type=\"text\">" ESC_TITLE_ATOM "</title>"), "%s", doc);
	expect_order(doc, "<id>https://ex.org/posts/hostile</id>",
		     "<id>https://ex.org/posts/wip</id>", "<id>https://ex.org/posts/old</id>");
	cr_expect(strstr(doc, "<name>Inês &quot;Ink&quot; &lt;Duarte&gt;</name>"));
	cr_expect(strstr(doc, "<uri>https://ex.org/@ines</uri>"));
	cr_expect(strstr(doc, "<published>2026-01-10T10:00:00Z</published>\n\t\t<updated>2026-01-"
			      "11T10:00:00Z</updated>"));
	cr_expect(strstr(doc, "<published>2025-12-24T10:00:00Z</published>\n\t\t<updated>2025-12-"
			      "24T10:00:00Z</updated>"));
	cr_expect(
	    strstr(doc, "<category term=\"Democracy\" scheme=\"https://ex.org/tag/Democracy\"/>"));
	cr_expect(strstr(doc, "<category term=\"Демократия\" scheme=\"https://ex.org/tag/%D0%94"));
	cr_expect(
	    strstr(doc, "<category term=\"Charter\" scheme=\"https://ex.org/tag/Charter\"/>"));
	cr_expect_eq(count(doc, "<category term=\"unfinished\" label=\"Unfinished\"/>"), 1);
	const char *wip = strstr(doc, "posts/wip"), *old = strstr(doc, "posts/old");
	const char *mark = strstr(doc, "term=\"unfinished\"");
	cr_expect(wip < mark && mark < old, "the marker is on the unfinished entry");
	cr_expect_eq(count(doc, "<summary type=\"html\">"), 3);
	cr_expect_eq(count(doc, "<content type=\"html\">"), 3);
	/* Content is escaped HTML with absolute links; its escaped text is escaped once more. */
	cr_expect(strstr(doc,
			 "<content type=\"html\">&lt;p&gt;&amp;lt;script&amp;gt;alert(&amp;quot;"
			 "x&amp;quot;)&amp;lt;/script&amp;gt; ]]&amp;gt; &lt;a class=&quot;hashtag"
			 "&quot; href=&quot;https://ex.org/tag/Democracy&quot;&gt;#Democracy"),
		  "%s", doc);
	cr_expect(strstr(doc, "href=&quot;https://ex.org/posts/hostile#more&quot;&gt;here"));
	free(doc);
}

Test(feed_atom, excerpt)
{
	struct feed f = sample(1);
	char *doc = render(feed_atom, &f);
	cr_expect_eq(xmllint(doc, NULL), 0, "not well-formed:\n%s", doc);
	if (access(ATOM_RNG, R_OK) == 0)
		cr_expect_eq(xmllint(doc, ATOM_RNG), 0, "not valid Atom:\n%s", doc);
	expect_safe_xml(doc);
	cr_expect_eq(count(doc, "<summary type=\"html\">"), 3);
	cr_expect_null(strstr(doc, "<content"));
	cr_expect_null(strstr(doc, "The rest"));
	cr_expect(strstr(doc, "<link rel=\"self\" type=\"application/atom+xml\" "
			      "href=\"https://ex.org/summary.atom\"/>"));
	free(doc);
}

Test(feed_atom, empty_and_every_author_named)
{
	struct feed f = sample(0);
	f.n = 0;
	f.language = NULL;
	f.subtitle = NULL;
	f.icon_url = "https://ex.org/icon.png";
	char *doc = render(feed_atom, &f);
	cr_expect_eq(xmllint(doc, NULL), 0, "%s", doc);
	if (access(ATOM_RNG, R_OK) == 0)
		cr_expect_eq(xmllint(doc, ATOM_RNG), 0, "not valid Atom:\n%s", doc);
	cr_expect(strstr(doc, "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"));
	cr_expect(strstr(doc, "<icon>https://ex.org/icon.png</icon>"));
	cr_expect(strstr(doc, "<author>"), "an empty feed names its author");
	cr_expect_null(strstr(doc, "<entry>"));
	cr_expect_null(strstr(doc, "<subtitle"));
	free(doc);
	/* Only the first entry, which has an author: no feed-level author. */
	f.n = 1;
	doc = render(feed_atom, &f);
	cr_expect_eq(count(doc, "<author>"), 1);
	cr_expect(strstr(doc, "\t\t<author>"));
	free(doc);
}

Test(feed_rss, full)
{
	struct feed f = sample(0);
	f.self_url = "https://ex.org/feed.rss";
	f.icon_url = "https://ex.org/icon.png";
	char *doc = render(feed_rss, &f);
	cr_expect_eq(xmllint(doc, NULL), 0, "not well-formed:\n%s", doc);
	expect_safe_xml(doc);
	cr_expect(strstr(doc, "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
			      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
			      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\t<channel>\n"));
	cr_expect(strstr(doc,
			 "\t\t<title>Harbour &amp; &lt;Press&gt;</title>\n"
			 "\t\t<link>https://ex.org/</link>\n"
			 "\t\t<description>Our own &quot;pages&quot;</description>\n"
			 "\t\t<language>en</language>\n"
			 "\t\t<lastBuildDate>Sun, 11 Jan 2026 10:00:00 +0000</lastBuildDate>\n"));
	cr_expect(strstr(doc, "<atom:link rel=\"self\" type=\"application/rss+xml\" "
			      "href=\"https://ex.org/feed.rss\"/>"));
	cr_expect(strstr(doc, "<image>\n\t\t\t<url>https://ex.org/icon.png</url>"));
	cr_expect(strstr(doc, "<title>" ESC_TITLE_ATOM "</title>"));
	expect_order(doc, "<link>https://ex.org/posts/hostile</link>",
		     "<link>https://ex.org/posts/wip</link>",
		     "<link>https://ex.org/posts/old</link>");
	cr_expect(strstr(doc, "<guid isPermaLink=\"true\">https://ex.org/posts/hostile</guid>"));
	cr_expect(strstr(doc, "<pubDate>Sat, 10 Jan 2026 10:00:00 +0000</pubDate>"));
	cr_expect(strstr(doc, "<pubDate>Wed, 24 Dec 2025 10:00:00 +0000</pubDate>"));
	cr_expect(strstr(doc, "<dc:creator>Inês &quot;Ink&quot; &lt;Duarte&gt;</dc:creator>"));
	cr_expect_eq(count(doc, "<dc:creator>"), 2);
	cr_expect(
	    strstr(doc, "<category domain=\"https://ex.org/tag/Democracy\">Democracy</category>"));
	cr_expect(strstr(doc, ">Демократия</category>"));
	cr_expect_eq(count(doc, "<category>unfinished</category>"), 1);
	cr_expect_eq(count(doc, "<description>&lt;p&gt;"), 3);
	cr_expect_eq(count(doc, "<content:encoded>&lt;p&gt;"), 3);
	cr_expect(strstr(doc, "href=&quot;https://ex.org/tag/Democracy&quot;"));
	free(doc);
	/* A guid that is not the link is no permalink. */
	struct feed_entry e = entries[2];
	e.id = "tag:ex.org,2025:old";
	f.entries = &e;
	f.n = 1;
	f.subtitle = NULL;
	doc = render(feed_rss, &f);
	cr_expect(strstr(doc, "<guid isPermaLink=\"false\">tag:ex.org,2025:old</guid>"));
	cr_expect(strstr(doc, "<description>Harbour &amp; &lt;Press&gt;</description>"),
		  "the title stands in for a missing subtitle");
	free(doc);
}

Test(feed_rss, excerpt)
{
	struct feed f = sample(1);
	char *doc = render(feed_rss, &f);
	cr_expect_eq(xmllint(doc, NULL), 0, "not well-formed:\n%s", doc);
	expect_safe_xml(doc);
	cr_expect_eq(count(doc, "<description>&lt;p&gt;"), 3);
	cr_expect_null(strstr(doc, "content:encoded>"));
	cr_expect_null(strstr(doc, "The rest"));
	free(doc);
}

static json_t *parse_json(const char *doc)
{
	json_error_t err;
	json_t *j = json_loads(doc, JSON_REJECT_DUPLICATES, &err);
	cr_assert(j, "invalid JSON at line %d: %s\n%s", err.line, err.text, doc);
	return j;
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

Test(feed_json, full)
{
	struct feed f = sample(0);
	f.self_url = "https://ex.org/feed.json";
	f.icon_url = "https://ex.org/icon.png";
	char *doc = render(feed_json, &f);
	/* Titles are plain text and keep their '<'; "</" is always written "<\/". */
	cr_expect_null(strstr(doc, "</script"));
	json_t *j = parse_json(doc);
	cr_expect_str_eq(jstr(j, "version"), "https://jsonfeed.org/version/1.1");
	cr_expect_str_eq(jstr(j, "title"), "Harbour & <Press>");
	cr_expect_str_eq(jstr(j, "home_page_url"), "https://ex.org/");
	cr_expect_str_eq(jstr(j, "feed_url"), "https://ex.org/feed.json");
	cr_expect_str_eq(jstr(j, "description"), "Our own \"pages\"");
	cr_expect_str_eq(jstr(j, "icon"), "https://ex.org/icon.png");
	cr_expect_str_eq(jstr(j, "language"), "en");
	json_t *items = json_object_get(j, "items");
	cr_assert_eq(json_array_size(items), 3);
	json_t *a = json_array_get(items, 0), *b = json_array_get(items, 1),
	       *c = json_array_get(items, 2);
	cr_expect_str_eq(jstr(a, "id"), "https://ex.org/posts/hostile");
	cr_expect_str_eq(jstr(b, "id"), "https://ex.org/posts/wip");
	cr_expect_str_eq(jstr(c, "id"), "https://ex.org/posts/old");
	cr_expect_str_eq(jstr(a, "url"), "https://ex.org/posts/hostile");
	/* Control characters survive as escapes: JSON can carry them. */
	cr_expect_str_eq(jstr(a, "title"), HOSTILE_TITLE);
	const char *html = jstr(a, "content_html");
	cr_assert(html);
	cr_expect(strstr(html, "&lt;script&gt;"));
	cr_expect_null(strstr(html, "<script"));
	cr_expect(strstr(html, "href=\"https://ex.org/tag/Democracy\""));
	cr_expect(strstr(html, "href=\"https://ex.org/posts/hostile#more\""));
	cr_expect_null(json_object_get(a, "content_text"));
	cr_expect_str_eq(jstr(a, "summary"), "<script>alert(\"x\")</script> ]]> #Democracy");
	cr_expect_str_eq(jstr(a, "date_published"), "2026-01-10T10:00:00Z");
	cr_expect_str_eq(jstr(a, "date_modified"), "2026-01-11T10:00:00Z");
	cr_expect_str_eq(jstr(c, "date_modified"), "2025-12-24T10:00:00Z");
	json_t *au = json_array_get(json_object_get(a, "authors"), 0);
	cr_expect_str_eq(jstr(au, "name"), "Inês \"Ink\" <Duarte>");
	cr_expect_str_eq(jstr(au, "url"), "https://ex.org/@ines");
	cr_expect_null(json_object_get(b, "authors"));
	json_t *cu = json_array_get(json_object_get(c, "authors"), 0);
	cr_expect_str_eq(jstr(cu, "name"), "Mara");
	cr_expect_null(json_object_get(cu, "url"));
	json_t *tags = json_object_get(a, "tags");
	cr_expect_eq(json_array_size(tags), 2);
	cr_expect_str_eq(json_string_value(json_array_get(tags, 0)), "Democracy");
	cr_expect_str_eq(json_string_value(json_array_get(tags, 1)), "Демократия");
	cr_expect_null(json_object_get(a, "_broadside"));
	json_t *btags = json_object_get(b, "tags");
	cr_expect_eq(json_array_size(btags), 2);
	cr_expect_str_eq(json_string_value(json_array_get(btags, 1)), "unfinished");
	cr_expect(json_is_true(json_object_get(json_object_get(b, "_broadside"), "unfinished")));
	cr_expect_null(json_object_get(c, "tags"));
	json_decref(j);
	free(doc);
}

Test(feed_json, excerpt)
{
	struct feed f = sample(1);
	char *doc = render(feed_json, &f);
	json_t *j = parse_json(doc);
	json_t *items = json_object_get(j, "items");
	cr_assert_eq(json_array_size(items), 3);
	for (size_t i = 0; i < 3; i++) {
		json_t *it = json_array_get(items, i);
		cr_expect_null(json_object_get(it, "content_html"));
		cr_expect(jstr(it, "summary"));
		cr_expect(jstr(it, "content_text"), "JSON Feed needs content_html or content_text");
	}
	json_t *a = json_array_get(items, 0);
	cr_expect_str_eq(jstr(a, "content_text"), "<script>alert(\"x\")</script> ]]> #Democracy");
	cr_expect_null(strstr(doc, "The rest"));
	json_decref(j);
	free(doc);
	/* The caller's plain text wins when it gives one. */
	excerpt_entries[0].content_text = "Plain words.";
	doc = render(feed_json, &f);
	j = parse_json(doc);
	cr_expect_str_eq(jstr(json_array_get(json_object_get(j, "items"), 0), "content_text"),
			 "Plain words.");
	json_decref(j);
	free(doc);
}

Test(feed_json, empty_and_unfinished_tag_not_repeated)
{
	struct feed f = sample(0);
	f.n = 0;
	f.subtitle = NULL;
	f.home_url = NULL;
	char *doc = render(feed_json, &f);
	json_t *j = parse_json(doc);
	cr_expect_eq(json_array_size(json_object_get(j, "items")), 0);
	cr_expect_null(json_object_get(j, "description"));
	cr_expect_null(json_object_get(j, "home_page_url"));
	json_decref(j);
	free(doc);
	static const char *const t[] = {"Unfinished"};
	struct feed_entry e = entries[1];
	e.tags = t;
	e.tag_urls = NULL;
	f.entries = &e;
	f.n = 1;
	doc = render(feed_json, &f);
	j = parse_json(doc);
	json_t *tags = json_object_get(json_array_get(json_object_get(j, "items"), 0), "tags");
	cr_expect_eq(json_array_size(tags), 1);
	json_decref(j);
	free(doc);
}

Test(feed_dates, clamped_to_four_digit_years)
{
	struct feed_entry e = entries[2];
	e.published = -99999999999999LL;
	e.updated = 99999999999999LL;
	struct feed f = sample(0);
	f.entries = &e;
	f.n = 1;
	f.updated = 99999999999999LL;
	char *doc = render(feed_atom, &f);
	cr_expect(strstr(doc, "<published>0000-01-01T00:00:00Z</published>"), "%s", doc);
	cr_expect(strstr(doc, "<updated>9999-12-31T23:59:59Z</updated>"));
	free(doc);
	doc = render(feed_rss, &f);
	cr_expect(strstr(doc, "<lastBuildDate>Fri, 31 Dec 9999 23:59:59 +0000</lastBuildDate>"),
		  "%s", doc);
	free(doc);
}
