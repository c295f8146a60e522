/* test_markdown_comment: the Markdown writer's untrusted mode, for comments from readers. */
#include <criterion/criterion.h>

#include "render/markdown.h"
#include "util/buf.h"

#include <string.h>

static struct buf mdc_out;
static struct md_tags mdc_found;

static void mdc_fini(void)
{
	buf_free(&mdc_out);
	md_tags_free(&mdc_found);
}

TestSuite(markdown_comment, .fini = mdc_fini);

/* Every handle exists, so a mention left as text is the mode's doing, not an unknown user. */
static int mdc_everyone(void *ud, const char *handle, size_t len)
{
	(void)ud;
	(void)handle;
	(void)len;
	return 1;
}

static const struct md_opts mdc_opts = {mdc_everyone, NULL, 1};

/* Untrusted full render; the result lives until the next call. */
static const char *comment(const char *md)
{
	buf_reset(&mdc_out);
	md_tags_free(&mdc_found);
	cr_assert_eq(md_render(md, strlen(md), &mdc_opts, &mdc_out, &mdc_found), 0);
	buf_put(&mdc_out, "", 0);
	return mdc_out.data;
}

static const char *comment_excerpt(const char *md, int *more)
{
	buf_reset(&mdc_out);
	cr_assert_eq(md_excerpt(md, strlen(md), &mdc_opts, &mdc_out, more), 0);
	buf_put(&mdc_out, "", 0);
	return mdc_out.data;
}

#define REL " rel=\"nofollow ugc noopener\""
#define A(href, text) "<a href=\"" href "\"" REL ">" text "</a>"

/* Links */

Test(markdown_comment, links_absolute_http_https_mailto)
{
	cr_assert_str_eq(comment("[a](https://x.org/) [b](http://x.org) [c](mailto:a@x.org)"),
			 "<p>" A("https://x.org/", "a") " " A("http://x.org", "b") " " A(
			     "mailto:a@x.org", "c") "</p>\n");
	/* Schemes compare case-insensitively and are kept as written. */
	cr_assert_str_eq(comment("[a](HTTPS://x.org) [b](Http://x.org) [c](MAILTO:a@x.org)"),
			 "<p>" A("HTTPS://x.org", "a") " " A("Http://x.org", "b") " " A(
			     "MAILTO:a@x.org", "c") "</p>\n");
}

Test(markdown_comment, link_title_escaped_after_rel)
{
	cr_assert_str_eq(comment("[x](https://x.org/a\"b \"t<'>\")"),
			 "<p><a href=\"https://x.org/a%22b\"" REL
			 " title=\"t&lt;&#39;&gt;\">x</a></p>\n");
}

Test(markdown_comment, relative_and_other_schemes_keep_text)
{
	cr_assert_str_eq(comment("[a](/relative) [b](../up) [c](//evil.example) [d](#top) "
				 "[e](?q=1) [f](page.html)"),
			 "<p>a b c d e f</p>\n");
	cr_assert_str_eq(comment("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) "
				 "[c](data:text/html,x) [d](vbscript:x) [e](ftp://x.org) "
				 "[f](file:///etc/passwd)"),
			 "<p>a b c d e f</p>\n");
	/* "http:" without "//" resolves against our own page on an http site. */
	cr_assert_str_eq(comment("[a](http:evil) [b](https:/x) [c](http:\\\\evil.example)"),
			 "<p>a b c</p>\n");
	/* Blanks and control characters can hide a scheme from us but not from browsers. */
	cr_assert_str_eq(comment("[a](< https://x.org>) [b](<https://x.org >) [c](ht&#9;tps://x)"),
			 "<p>a b c</p>\n");
}

Test(markdown_comment, javascript_spelt_with_entities)
{
	cr_assert_str_eq(comment("[a](&#106;avascript:alert(1)) [b](jav&#x61;script:x) "
				 "[c](javascript&#58;x) [d](&#x6A;&#x61;vascript:x)"),
			 "<p>a b c d</p>\n");
	/* An entity may spell an allowed scheme just as well. */
	cr_assert_str_eq(comment("[a](&#104;ttps://x.org)"),
			 "<p>" A("https://x.org", "a") "</p>\n");
}

Test(markdown_comment, reference_definitions_follow_the_same_rules)
{
	cr_assert_str_eq(comment("[bad] and [good] and [rel]\n\n[bad]: javascript:alert(1)\n"
				 "[good]: https://x.org \"T\"\n[rel]: /local\n"),
			 "<p>bad and <a href=\"https://x.org\"" REL
			 " title=\"T\">good</a> and rel</p>\n");
}

Test(markdown_comment, nested_emphasis_in_links)
{
	cr_assert_str_eq(
	    comment("[*em **strong** `c<d>`*](https://x.org)"),
	    "<p>" A("https://x.org",
		    "<em>em <strong>strong</strong> <code>c&lt;d&gt;</code></em>") "</p>\n");
	cr_assert_str_eq(comment("[*x* **y**](javascript:x)"),
			 "<p><em>x</em> <strong>y</strong></p>\n");
}

Test(markdown_comment, autolinks)
{
	cr_assert_str_eq(
	    comment("www.x.org/a and https://y.org/p and news@x.org"),
	    "<p>" A("http://www.x.org/a", "www.x.org/a") " and " A(
		"https://y.org/p", "https://y.org/p") " and " A("mailto:news@x.org",
								"news@x.org") "</p>\n");
	cr_assert_str_eq(
	    comment("<https://z.org> <c@d.org>"),
	    "<p>" A("https://z.org", "https://z.org") " " A("mailto:c@d.org", "c@d.org") "</p>\n");
	/* CommonMark takes any scheme between angle brackets; we take three. */
	cr_assert_str_eq(comment("<javascript:alert(1)> <ftp://x.org> <JAVASCRIPT:x>"),
			 "<p>javascript:alert(1) ftp://x.org JAVASCRIPT:x</p>\n");
}

Test(markdown_comment, no_link_inside_a_link)
{
	cr_assert_str_eq(comment("[see https://y.org](https://x.org)"),
			 "<p>" A("https://x.org", "see https://y.org") "</p>\n");
}

/* Images */

Test(markdown_comment, images_become_links_to_their_source)
{
	cr_assert_str_eq(
	    comment("![A <chart> & *more*](https://img.example/c.png)"),
	    "<p>" A("https://img.example/c.png", "A &lt;chart&gt; &amp; more") "</p>\n");
	cr_assert_str_eq(comment("![t](http://i.example/t.png \"Title\")"),
			 "<p><a href=\"http://i.example/t.png\"" REL
			 " title=\"Title\">t</a></p>\n");
	cr_assert_null(strstr(comment("![a](https://x.org/a.png) ![b](/b.png)"), "<img"));
}

Test(markdown_comment, images_with_bad_sources_become_alt_text)
{
	cr_assert_str_eq(
	    comment("![pixel](data:image/png;base64,iVBORw0KGgo=) "
		    "![x<y](javascript:alert(1)) ![rel](/img/a.png) ![pr](//evil.example/a.png) "
		    "![e](&#106;avascript:x)"),
	    "<p>pixel x&lt;y rel pr e</p>\n");
}

Test(markdown_comment, image_with_empty_alt_shows_its_url)
{
	cr_assert_str_eq(comment("![](https://x.org/i.png?a=1&b=2)"),
			 "<p><a href=\"https://x.org/i.png?a=1&amp;b=2\"" REL
			 ">https://x.org/i.png?a=1&amp;b=2</a></p>\n");
	cr_assert_str_eq(comment("![](/i.png)"), "<p></p>\n");
}

Test(markdown_comment, image_inside_link_is_alt_text)
{
	cr_assert_str_eq(comment("[![logo](https://x.org/l.png)](https://x.org/)"),
			 "<p>" A("https://x.org/", "logo") "</p>\n");
	cr_assert_str_eq(comment("[![logo](https://x.org/l.png)](/home)"), "<p>logo</p>\n");
}

/* Headings */

Test(markdown_comment, headings_are_strong_paragraphs)
{
	cr_assert_str_eq(comment("# One\n\n###### Six *em*\n\nSetext\n======\n\nTwo\n---\n"),
			 "<p><strong>One</strong></p>\n<p><strong>Six <em>em</em></strong></p>\n"
			 "<p><strong>Setext</strong></p>\n<p><strong>Two</strong></p>\n");
	const char *html = comment("# a\n## b\n### c\n#### d\n##### e\n###### f\n");
	cr_assert_null(strstr(html, "<h"));
	cr_assert_null(strstr(html, "id="));
}

Test(markdown_comment, headings_with_hashtags_and_handles)
{
	cr_assert_str_eq(comment("# Vote #budget @mara"),
			 "<p><strong>Vote #budget @mara</strong></p>\n");
	cr_assert_eq(mdc_found.n, 0);
}

/* Hashtags and handles */

Test(markdown_comment, hashtags_and_handles_stay_text)
{
	cr_assert_str_eq(comment("#budget talks with @editor, (#vote)"),
			 "<p>#budget talks with @editor, (#vote)</p>\n");
	cr_assert_eq(mdc_found.n, 0);
	cr_assert_null(mdc_found.names);
}

/* The more marker */

Test(markdown_comment, more_marker_is_text)
{
	cr_assert_str_eq(comment("a\n\n<!--more-->\n\nb"),
			 "<p>a</p>\n<p>&lt;!--more--&gt;</p>\n<p>b</p>\n");
	cr_assert_str_eq(comment("a\n  <!--more--> \nb"), "<p>a\n&lt;!--more--&gt;\nb</p>\n");
	int more = -1;
	cr_assert_str_eq(comment_excerpt("a\n\n<!--more-->\n\nb", &more),
			 "<p>a</p>\n<p>&lt;!--more--&gt;</p>\n<p>b</p>\n");
	cr_assert_eq(more, 0);
}

/* Everything else as for writers */

Test(markdown_comment, raw_html_is_text)
{
	cr_assert_str_eq(comment("<script>alert(1)</script>"),
			 "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
	cr_assert_str_eq(comment("a <img src=x onerror=alert(1)> b"),
			 "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n");
	cr_assert_str_eq(comment("<a href=\"javascript:x\">y</a>"),
			 "<p>&lt;a href=&quot;javascript:x&quot;&gt;y&lt;/a&gt;</p>\n");
}

Test(markdown_comment, blocks_as_usual)
{
	cr_assert_str_eq(
	    comment("> *q* **s** ~~d~~\n\n- a\n- b\n\n3. c\n\n```c\nx<y\n```\n\n---\n"),
	    "<blockquote>\n<p><em>q</em> <strong>s</strong> <del>d</del></p>\n"
	    "</blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start=\"3\">\n"
	    "<li>c</li>\n</ol>\n<pre><code class=\"language-c\">x&lt;y\n</code></pre>\n"
	    "<hr>\n");
	cr_assert_str_eq(comment("| a | b |\n|:--|--:|\n| [x](/y) | ![i](http://i.org) |\n"),
			 "<table>\n<thead>\n<tr>\n<th class=\"align-left\">a</th>\n"
			 "<th class=\"align-right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
			 "<td class=\"align-left\">x</td>\n<td class=\"align-right\">" A(
			     "http://i.org", "i") "</td>\n</tr>\n</tbody>\n</table>\n");
}

Test(markdown_comment, trusted_mode_unchanged_by_the_field)
{
	struct md_opts trusted = {mdc_everyone, NULL, 0};
	struct buf out = {0};
	const char *md = "# H\n\n[a](/r) ![i](/i.png) #tag";
	cr_assert_eq(md_render(md, strlen(md), &trusted, &out, NULL), 0);
	buf_put(&out, "", 0);
	cr_assert_str_eq(out.data,
			 "<h1 id=\"h\">H</h1>\n<p><a href=\"/r\">a</a> <img src=\"/i.png\" "
			 "alt=\"i\"> <a class=\"hashtag\" href=\"/tag/tag\">#tag</a></p>\n");
	buf_free(&out);
}

Test(markdown_comment, excerpt_follows_the_same_rules)
{
	int more = -1;
	cr_assert_str_eq(
	    comment_excerpt("# Title #t\n\n![i](https://x.org/i.png)", &more),
	    "<p><strong>Title #t</strong></p>\n<p>" A("https://x.org/i.png", "i") "</p>\n");
	cr_assert_eq(more, 0);
}

Test(markdown_comment, excerpt_cut_closes_the_link)
{
	struct buf md = {0};
	buf_puts(&md, "[");
	for (int i = 1; i <= 70; i++)
		buf_printf(&md, "w%d ", i);
	buf_puts(&md, "](https://x.org)");
	int more = -1;
	const char *html = comment_excerpt(md.data, &more);
	const char *head = "<p><a href=\"https://x.org\"" REL ">w1 w2 ";
	cr_assert_eq(more, 1);
	cr_assert(strncmp(html, head, strlen(head)) == 0, "%s", html);
	size_t n = strlen(html), tail = strlen(" w60…</a></p>\n");
	cr_assert(n > tail && strcmp(html + n - tail, " w60…</a></p>\n") == 0, "%s", html);
	buf_free(&md);
}
