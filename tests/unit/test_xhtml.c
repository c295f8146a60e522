/* test_xhtml: our rendered HTML as the book's XHTML and the issue page's HTML: ids, links
 * between pieces, absolute links, images kept or made links, and well-formed output for every
 * golden Markdown file and for hostile bytes. */
#include "journal/xhtml.h"
#include "render/markdown.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE "https://press.example.org"
#define IMG "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *const slugs[] = {"first-piece", "second-piece", "überblick"};

static int kept;

/* The library holds PNGs only, in these tests. */
static int keep_png(void *ud, const char *name)
{
	(void)ud;
	kept++;
	return strstr(name, ".png") != NULL;
}

/* Piece `which` of three converted in mode; the caller frees the result. */
static char *convert(enum xh_mode mode, const char *a, const char *b, const char *c, int which)
{
	const char *html[] = {a, b, c};
	struct xh_issue is = {
	    .mode = mode, .n = 3, .slugs = slugs, .base_url = BASE, .keep_image = keep_png};
	struct xh_set *x = xh_parse(&is, html);
	struct buf out = {0};
	xh_write(x, (size_t)which, &out);
	xh_free(x);
	char *s = buf_detach(&out, NULL);
	return s ? s : strdup("");
}

static char *book(const char *html)
{
	return convert(XH_BOOK, html, "<h2 id=\"x\">X</h2>", "", 0);
}

/* Whether s is well-formed XML as the body of an XHTML document. */
static int well_formed(const char *s)
{
	struct buf d = {0};
	buf_printf(&d, "<body xmlns=\"http://www.w3.org/1999/xhtml\">%s</body>", s);
	xmlDocPtr doc = xmlReadMemory(d.data, (int)d.len, NULL, "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	buf_free(&d);
	xmlFreeDoc(doc);
	return doc != NULL;
}

#define EXPECT_IN(hay, needle) cr_expect(strstr(hay, needle), "no %s in:\n%s", needle, hay)
#define EXPECT_OUT(hay, needle) cr_expect(!strstr(hay, needle), "%s in:\n%s", needle, hay)

Test(xhtml, ids_are_prefixed_unique_and_followed)
{
	char *s = convert(XH_BOOK,
			  "<h2 id=\"intro\">A</h2><h2 id=\"intro\">B</h2>"
			  "<p><a href=\"#intro\">up</a> <a href=\"#nowhere\">gone</a></p>",
			  "<h2 id=\"intro\">C</h2>", "", 0);
	EXPECT_IN(s, "<h2 id=\"p1-intro\">A</h2><h2 id=\"p1-intro-2\">B</h2>");
	EXPECT_IN(s, "<a href=\"#p1-intro\">up</a>");
	EXPECT_IN(s, "<a>gone</a>");
	free(s);
	s = convert(XH_BOOK, "", "<h2 id=\"intro\">C</h2>", "", 1);
	EXPECT_IN(s, "id=\"p2-intro\"");
	free(s);
	s = book(
	    "<h2 id=\"%C3%BCber Blick\">Ü</h2><p><a href=\"#%25C3%25BCber%20Blick\">x</a></p>");
	EXPECT_IN(s, "id=\"p1-x25C3x25BCberx20Blick\"");
	free(s);
	s = book("<h2 id=\"über\">Ü</h2><p><a href=\"#%C3%BCber\">x</a></p>");
	EXPECT_IN(s, "<h2 id=\"p1-xfcber\">");
	EXPECT_IN(s, "href=\"#p1-xfcber\"");
	free(s);
}

Test(xhtml, links_between_pieces_stay_inside)
{
	const char *a =
	    "<p><a href=\"/posts/second-piece\">2</a> "
	    "<a href=\"" BASE "/posts/second-piece#x\">2x</a> "
	    "<a href=\"/posts/second-piece#y\">2y</a> "
	    "<a href=\"/posts/%C3%BCberblick\">3</a> "
	    "<a href=\"/posts/elsewhere\">out</a> <a href=\"/tag/Charter\">#Charter</a> "
	    "<a href=\"https://example.org/a\">ext</a> <a href=\"mailto:a@b.c\">m</a> "
	    "<a href=\"javascript:alert(1)\">js</a> <a href=\"//cdn.example/x\">cdn</a> "
	    "<a href=\"notes\">rel</a> <a href=\"?page=2\">q</a> "
	    "<a href=\"http:evil\">nohost</a> <a href=\"https:///x\">nohost2</a></p>";
	char *s = convert(XH_BOOK, a, "<h2 id=\"x\">X</h2>", "", 0);
	EXPECT_IN(s, "<a href=\"p2.xhtml\">2</a>");
	EXPECT_IN(s, "<a href=\"p2.xhtml#p2-x\">2x</a>");
	EXPECT_IN(s, "<a href=\"p2.xhtml\">2y</a>");
	EXPECT_IN(s, "<a href=\"p3.xhtml\">3</a>");
	EXPECT_IN(s, "<a href=\"" BASE "/posts/elsewhere\">out</a>");
	EXPECT_IN(s, "<a href=\"" BASE "/tag/Charter\">");
	EXPECT_IN(s, "<a href=\"https://example.org/a\">ext</a>");
	EXPECT_IN(s, "<a href=\"mailto:a@b.c\">m</a>");
	EXPECT_IN(s, "<a>js</a>");
	EXPECT_IN(s, "<a href=\"https://cdn.example/x\">cdn</a>");
	EXPECT_IN(s, "<a href=\"" BASE "/posts/notes\">rel</a>");
	EXPECT_IN(s, "<a href=\"" BASE "/posts/first-piece?page=2\">q</a>");
	EXPECT_IN(s, "<a>nohost</a> <a>nohost2</a>");
	free(s);
	s = convert(XH_WEB, a, "<h2 id=\"x\">X</h2>", "", 0);
	EXPECT_IN(s, "<a href=\"#p2\">2</a>");
	EXPECT_IN(s, "<a href=\"#p2-x\">2x</a>");
	EXPECT_IN(s, "<a href=\"/posts/elsewhere\">out</a>");
	EXPECT_IN(s, "<a href=\"/tag/Charter\">");
	EXPECT_IN(s, "<a href=\"//cdn.example/x\">cdn</a>");
	EXPECT_IN(s, "<a href=\"/posts/notes\">rel</a>");
	EXPECT_IN(s, "<a>js</a>");
	free(s);
}

Test(xhtml, images_are_inside_or_links)
{
	kept = 0;
	char *s = book(
	    "<p><img src=\"/media/" IMG ".png\" alt=\"Kept\"> "
	    "<img src=\"/media/" IMG ".webp\" alt=\"Web\"> "
	    "<img src=\"https://example.org/r.png\" alt=\"Remote\"> "
	    "<img src=\"https://example.org/n.png\" alt=\"\"> "
	    "<a href=\"/x\"><img src=\"https://example.org/l.png\" alt=\"In a link\"></a></p>");
	EXPECT_IN(s, "<img src=\"media/" IMG ".png\" alt=\"Kept\"/>");
	EXPECT_IN(s, "<a href=\"" BASE "/media/" IMG ".webp\">Web</a>");
	EXPECT_IN(s, "<a href=\"https://example.org/r.png\">Remote</a>");
	EXPECT_IN(s, "<a href=\"https://example.org/n.png\">Image</a>");
	EXPECT_IN(s, "<a href=\"" BASE "/x\"><span>In a link</span></a>");
	EXPECT_OUT(s, "src=\"https:");
	cr_expect_eq(kept, 2, "only library images are asked for");
	free(s);
	s = convert(XH_WEB, "<p><img src=\"/media/" IMG ".webp\" alt=\"W\"></p>", "", "", 0);
	EXPECT_IN(s, "<img src=\"/media/" IMG ".webp\" alt=\"W\">");
	free(s);
}

Test(xhtml, only_known_elements_survive)
{
	char *s = book("<p>a<script>alert(1)</script><style>p{}</style>b</p>"
		       "<iframe src=\"https://video.example/1\"></iframe>"
		       "<form><input name=q></form><font color=red>kept text</font>"
		       "<p onclick=\"x()\" style=\"color:red\" class=\"c\">c</p><br><hr>"
		       "<table><tr><td colspan=\"2\" rowspan=\"x\">t</td></tr></table>");
	EXPECT_IN(s, "<p>ab</p>");
	EXPECT_IN(s, "<a href=\"https://video.example/1\">https://video.example/1</a>");
	EXPECT_IN(s, "kept text");
	EXPECT_OUT(s, "font");
	EXPECT_IN(s, "<p class=\"c\">c</p><br/><hr/>");
	EXPECT_IN(s, "<td colspan=\"2\">t</td>");
	EXPECT_OUT(s, "onclick");
	EXPECT_OUT(s, "style");
	EXPECT_OUT(s, "input");
	cr_expect(well_formed(s), "%s", s);
	free(s);
	s = convert(XH_WEB, "<h1>A</h1><h2>B</h2><h6>F</h6><br>", "", "", 0);
	EXPECT_IN(s, "<h2>A</h2><h3>B</h3><h6>F</h6><br>");
	free(s);
}

Test(xhtml, hostile_bytes_stay_well_formed)
{
	static const char *const hostile[] = {
	    "<p>&nbsp;&foo; &#0; &#xD800; \x01\x02\x0b\x0c \xc2\x85 \xef\xbf\xbe</p>",
	    "<p>]]> <![CDATA[x]]> <!-- c --> <?pi x?></p>",
	    "<p \x80\xff>\xff\xfe broken \xc3</p>",
	    "<a href=\"\x01javascript:x\">a</a><img src=\"\" alt=\"\x01\">",
	    "<table><td><p><li><blockquote><pre><code>unclosed",
	    "<p id=\"\">empty id</p><p id=\"p1-x\">clash</p><p id=\"x\">x</p>",
	    "<svg><script>x</script></svg><math><mi>x</mi></math>",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		char *s = book(hostile[i]);
		cr_expect(well_formed(s), "case %zu:\n%s", i, s);
		free(s);
	}
	char *deep = malloc(200001);
	for (int i = 0; i < 100000; i++)
		memcpy(deep + 2 * i, "<b", 2);
	deep[200000] = '\0';
	char *s = book(deep);
	cr_expect(well_formed(s), "deep nesting");
	free(s);
	free(deep);
}

Test(xhtml, every_golden_file_gives_well_formed_xhtml)
{
	DIR *d = opendir("tests/render");
	cr_assert(d, "run from the repository root");
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
			continue;
		char path[512];
		snprintf(path, sizeof(path), "tests/render/%s", e->d_name);
		FILE *f = fopen(path, "rb");
		cr_assert(f);
		struct buf md = {0}, html = {0};
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_put(&md, chunk, got);
		fclose(f);
		struct md_opts o = {.untrusted = strncmp(e->d_name, "comment_", 8) == 0};
		cr_assert_eq(md_render(buf_str(&md), md.len, &o, &html, NULL), 0);
		char *s = book(buf_str(&html));
		cr_expect(well_formed(s), "%s:\n%s", e->d_name, s);
		free(s);
		buf_free(&md);
		buf_free(&html);
		files++;
	}
	closedir(d);
	cr_expect_gt(files, 10);
}

Test(xhtml, plain_text)
{
	struct buf b = {0};
	xh_text("<p>One <em>two</em>&amp;\n three</p><ul><li>four</li></ul>", 0, &b);
	cr_expect_str_eq(buf_str(&b), "One two& three four");
	buf_reset(&b);
	xh_text("<h2>Head</h2><p>First <a href=\"/x\">para</a>.</p><p>Second.</p>", 1, &b);
	cr_expect_str_eq(buf_str(&b), "First para.");
	buf_reset(&b);
	xh_text("<blockquote><p>Quoted</p></blockquote>", 1, &b);
	cr_expect_str_eq(buf_str(&b), "Quoted", "without a top-level paragraph, all of it");
	buf_reset(&b);
	xh_text(NULL, 1, &b);
	cr_expect_str_eq(buf_str(&b), "");
	buf_free(&b);
}
