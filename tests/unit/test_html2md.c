/* test_html2md: HTML posts into Markdown, what converts and what stops it. */
#include "port/html2md.h"
#include "render/markdown.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <string.h>

static char why[256];

static const char *md(const char *html)
{
	static struct buf b;
	buf_reset(&b);
	why[0] = '\0';
	return html_to_markdown(html, strlen(html), &b, why, sizeof(why)) == 0 ? buf_str(&b) : NULL;
}

Test(html2md, simple_elements)
{
	cr_expect_str_eq(
	    md("<p>Hello <em>world</em>, <strong>bold</strong> and <del>gone</del>.</p>"
	       "\n<p>A <a href=\"https://e.org/a?b=1&amp;c=2\" title=\"T\">link</a>.</p>"),
	    "Hello *world*, **bold** and ~~gone~~.\n\nA [link](https://e.org/a?b=1&c=2 "
	    "\"T\").\n");
	cr_expect_str_eq(md("<h2>Head</h2><ul><li>one</li><li>two</li></ul><ol start=\"4\"><li>four"
			    "</li></ol><blockquote><p>q</p></blockquote><hr>"),
			 "## Head\n\n- one\n- two\n\n4. four\n\n> q\n\n---\n");
	cr_expect_str_eq(md("<p>Lead</p><!--more--><pre><code>x = *y*\n</code></pre>"),
			 "Lead\n\n<!--more-->\n\n```\nx = *y*\n```\n");
	cr_expect_str_eq(md("<p>line<br>next <img src=\"/media/a.png\" alt=\"A pic\" width=\"30\"> "
			    "<code>a`b</code></p>"),
			 "line\\\nnext ![A pic](/media/a.png) ``a`b``\n");
}

Test(html2md, text_never_turns_into_markup)
{
	cr_expect_str_eq(md("<p>#tag @name 1*2_3 [x] &lt;b&gt; a|b ~s~ &amp;amp;</p>"),
			 "\\#tag \\@name 1\\*2\\_3 \\[x\\] \\<b\\> a\\|b \\~s\\~ \\&amp;\n");
	cr_expect_str_eq(md("<p>- no list<br>2. no list either</p><p>= no heading</p>"),
			 "\\- no list\\\n2\\. no list either\n\n\\= no heading\n");
	/* What it says is what the HTML says: rendered back, the same words. */
	struct buf html = {0};
	const char *m = md("<p>Tom &amp; Jerry #1 said: 3 * 4 = 12.</p>");
	cr_assert_not_null(m, "%s", why);
	struct md_opts o = {0};
	cr_assert_eq(md_render(m, strlen(m), &o, &html, NULL), 0);
	cr_expect_str_eq(buf_str(&html), "<p>Tom &amp; Jerry #1 said: 3 * 4 = 12.</p>\n");
	buf_free(&html);
}

Test(html2md, what_stops_it)
{
	cr_expect_null(md("<table><tr><td>x</td></tr></table>"));
	cr_expect_str_eq(why, "<table> has no Markdown here");
	cr_expect_null(md("<figure><img src=\"a.png\"><figcaption>c</figcaption></figure>"));
	cr_expect_str_eq(why, "<figure> has no Markdown here");
	cr_expect_null(md("<p>x <span lang=\"fr\">y</span></p>"));
	cr_expect_str_eq(why, "<span lang> has no Markdown here");
	cr_expect_null(md("<p><sup>2</sup></p>"));
	cr_expect_str_eq(why, "<sup> inside a line has no Markdown here");
}
