/* test_wp_content: WordPress bodies made into HTML: block delimiters, shortcodes, wpautop. */
#include "port/shortcode.h"
#include "port/wp_blocks.h"
#include "port/wpautop.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <string.h>

static struct buf out;

static const char *autop(const char *s)
{
	buf_reset(&out);
	wpautop(s, strlen(s), &out);
	return buf_str(&out);
}

Test(wpautop, paragraphs_and_breaks)
{
	cr_expect_str_eq(autop("One line\nand the next.\n\nA second paragraph.\r\n\r\nThird."),
			 "<p>One line<br>\nand the next.</p>\n<p>A second paragraph.</p>\n"
			 "<p>Third.</p>\n");
	cr_expect_str_eq(autop("Intro\n<blockquote>Quoted\n\nTwice</blockquote>\nAfter"),
			 "<p>Intro</p>\n<blockquote><p>Quoted</p>\n<p>Twice</p>\n</blockquote>\n"
			 "<p>After</p>\n");
	/* List items and headings get no paragraphs; a tag's own line breaks are no breaks. */
	cr_expect_str_eq(autop("<ul>\n<li>one\ntwo</li>\n<li>three</li>\n</ul>\n<h2>Head</h2>"),
			 "<ul><li>one<br>\ntwo</li>\n<li>three</li>\n</ul>\n<h2>Head</h2>\n");
	cr_expect_str_eq(autop("A <a\nhref=\"/x\">link</a> here"),
			 "<p>A <a\nhref=\"/x\">link</a> here</p>\n");
	cr_expect_str_eq(autop("Before\n<pre>keep\n\n  this</pre>\nafter"),
			 "<p>Before</p>\n<pre>keep\n\n  this</pre>\n<p>after</p>\n");
	cr_expect_str_eq(autop("Lead.\n<!--more-->\nRest."),
			 "<p>Lead.</p>\n<!--more-->\n<p>Rest.</p>\n");
	cr_expect_str_eq(autop("a<hr>b"), "<p>a</p>\n<hr>\n<p>b</p>\n");
	cr_expect_str_eq(autop("  \n\n "), "");
}

Test(wpautop, which_bodies_need_it)
{
	cr_expect(wpautop_needed("Plain\n\ntext", 11));
	cr_expect(wpautop_needed("<pre>x</pre>", 12));
	cr_expect_not(wpautop_needed("<p>Has paragraphs</p>", 21));
	cr_expect_not(wpautop_needed("<P class=x>Has</P>", 18));
	cr_expect_not(wpautop_needed("<!-- wp:paragraph -->Text<!-- /wp:paragraph -->", 47));
}

Test(wp_blocks, delimiters_go_and_their_html_stays)
{
	const char *s =
	    "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p>Kept</p>\n<!-- /wp:paragraph -->\n"
	    "<!-- wp:latest-posts {\"postsToShow\":3} /-->\n<!--more-->\n"
	    "<!-- wp:archives /--><!-- an ordinary comment -->";
	struct buf b = {0}, dropped = {0};
	cr_expect(wp_has_blocks(s, strlen(s)));
	cr_expect_eq(wp_strip_blocks(s, strlen(s), &b, &dropped), 2);
	cr_expect_str_eq(buf_str(&b),
			 "\n<p>Kept</p>\n\n\n<!--more-->\n<!-- an ordinary comment -->");
	cr_expect_str_eq(buf_str(&dropped), "wp:latest-posts wp:archives");
	buf_free(&b);
	buf_free(&dropped);
	cr_expect_not(wp_has_blocks("<!--more--> <!-- wpx -->", 24));
}

static const char *image(void *ud, long long id, const char **title)
{
	(void)ud;
	*title = id == 5 ? "Five" : "Seven";
	return id == 5 ? "/media/five.png" : id == 7 ? "/media/seven.jpg" : NULL;
}

static size_t children(void *ud, long long post, long long *ids, size_t max)
{
	(void)ud;
	if (post != 40 || max < 2)
		return 0;
	ids[0] = 7;
	ids[1] = 5;
	return 2;
}

static const char *codes(const char *s, int *unknown)
{
	struct shortcode_ctx ctx = {.post_id = 40, .image = image, .children = children};
	buf_reset(&out);
	wp_shortcodes(s, strlen(s), &ctx, &out, unknown);
	return buf_str(&out);
}

Test(shortcode, caption_gallery_embed)
{
	int unknown = 0;
	cr_expect_str_eq(
	    codes("[caption id=\"attachment_5\" align=\"alignnone\" width=\"300\"]"
		  "<a href=\"/a.png\"><img src=\"/a.png\" alt=\"\" /></a> A <em>fine</em> "
		  "view[/caption]",
		  &unknown),
	    "<figure><a href=\"/a.png\"><img src=\"/a.png\" alt=\"\" /></a>"
	    "<figcaption>A <em>fine</em> view</figcaption></figure>");
	cr_expect_str_eq(
	    codes("[caption caption=\"Old style\"]<img src=\"/b.png\">[/caption]", &unknown),
	    "<figure><img src=\"/b.png\"><figcaption>Old style</figcaption></figure>");
	cr_expect_str_eq(codes("[gallery ids=\"5,9, 7\" columns=\"2\"]", &unknown),
			 "<figure><img src=\"/media/five.png\" alt=\"Five\"> <img "
			 "src=\"/media/seven.jpg\" alt=\"Seven\"> </figure>");
	cr_expect_str_eq(codes("[gallery]", &unknown),
			 "<figure><img src=\"/media/seven.jpg\" alt=\"Seven\"> <img "
			 "src=\"/media/five.png\" alt=\"Five\"> </figure>");
	cr_expect_str_eq(
	    codes("See [embed width=\"500\"]https://video.example/v?a=1&b=2[/embed].", &unknown),
	    "See <a href=\"https://video.example/v?a=1&amp;b=2\">"
	    "https://video.example/v?a=1&amp;b=2</a>.");
	cr_expect_str_eq(codes("[audio mp3=\"/s.mp3\"]", &unknown),
			 "<audio controls src=\"/s.mp3\"><a href=\"/s.mp3\">/s.mp3</a></audio>");
	cr_expect_eq(unknown, 0);
}

Test(shortcode, what_is_left_alone)
{
	int unknown = 0;
	cr_expect_str_eq(
	    codes("[[caption]] is how to write it; [contact-form id=\"3\"] and [1] and "
		  "[gallery unclosed",
		  &unknown),
	    "[caption] is how to write it; [contact-form id=\"3\"] and [1] and "
	    "[gallery unclosed");
	cr_expect_eq(unknown, 1);
	cr_expect_str_eq(codes("[gallery ids=\"1\"]", NULL), "<figure></figure>");
	buf_free(&out);
}
