/* test_sanitize: the HTML allow-list against hostile input, its excerpts, text and idempotence. */
#include "port/sanitize.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static struct sanitized last;

static const char *clean_with(const char *html, const struct sanitize_opts *o)
{
	sanitized_free(&last);
	cr_assert_eq(sanitize_html(html, strlen(html), o, &last), 0);
	return buf_str(&last.html);
}

static const char *clean(const char *html)
{
	return clean_with(html, NULL);
}

static const char *untrusted(const char *html)
{
	static const struct sanitize_opts o = {.untrusted = 1};
	return clean_with(html, &o);
}

/* Nothing that runs script or loads from elsewhere survives, in any spelling. */
Test(sanitize, scripts_and_handlers_go)
{
	static const char *const hostile[] = {
	    "<script>alert(1)</script>",
	    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
	    "<img src=x onerror=alert(1)>",
	    "<p onclick=\"alert(1)\" onmouseover='x'>t</p>",
	    "<a href=\"javascript:alert(1)\">x</a>",
	    "<a href=\" javascript:alert(1)\">x</a>",
	    "<a href=\"java&#x09;script:alert(1)\">x</a>",
	    "<a href=\"&#106;avascript:alert(1)\">x</a>",
	    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
	    "<a href=\"vbscript:x\">x</a>",
	    "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
	    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
	    "<iframe src=\"javascript:alert(1)\"></iframe>",
	    "<object data=\"x.swf\"><embed src=\"x.swf\"></object>",
	    "<svg><script>alert(1)</script><a xlink:href=\"javascript:x\">y</a></svg>",
	    "<math><mi xlink:href=\"javascript:x\">y</mi></math>",
	    "<style>body{background:url(javascript:x)}</style>",
	    "<p style=\"background:url(javascript:alert(1))\">t</p>",
	    "<form action=\"https://evil.example\"><input name=p><button>go</button></form>",
	    "<meta http-equiv=refresh content=\"0;url=javascript:x\">",
	    "<base href=\"https://evil.example/\">",
	    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
	    "<template><script>alert(1)</script></template>",
	    "<noscript><img src=x onerror=alert(1)></noscript>",
	    "<div><scr<script>ipt>alert(1)</script></div>",
	    "<img src=\"https://ok.example/i.png\" srcset=\"javascript:x 1x\">",
	    "<video src=x onloadstart=alert(1)><source src=\"javascript:x\"></video>",
	    "<a href=\"https://ok.example/\" target=_blank id=content class=notice>x</a>",
	    "<<script>alert(1)//<</script>",
	    "<img \"\"\"><script>alert(1)</script>\">",
	    "<!--<script>alert(1)</script>-->",
	    "<![CDATA[<script>alert(1)</script>]]>",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *out = clean(hostile[i]);
		char lower[4096];
		size_t n = strlen(out);
		cr_assert(n < sizeof(lower));
		for (size_t j = 0; j <= n; j++)
			lower[j] = (char)(out[j] >= 'A' && out[j] <= 'Z' ? out[j] + 32 : out[j]);
		cr_expect_null(strstr(lower, "<script"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "javascript:"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "vbscript:"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "data:"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, " on"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "style"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<iframe"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<object"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<form"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<input"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<svg"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<meta"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<base"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "<link"), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, " id="), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, " class="), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "target="), "%s gave %s", hostile[i], out);
		cr_expect_null(strstr(lower, "srcset"), "%s gave %s", hostile[i], out);
	}
}

Test(sanitize, kept_elements_and_attributes)
{
	cr_expect_str_eq(
	    clean("<p>A <strong>b</strong> <em>c</em> <a href=\"https://e.org/x?a=1&amp;b=2\" "
		  "title=\"T\">d</a></p>"),
	    "<p>A <strong>b</strong> <em>c</em> <a href=\"https://e.org/x?a=1&amp;b=2\" "
	    "title=\"T\">d</a></p>");
	cr_expect_str_eq(clean("<img src=\"/media/a.png\" alt=\"A &amp; B\" width=\"300\" "
			       "height=\"x\">"),
			 "<img src=\"/media/a.png\" alt=\"A &amp; B\" width=\"300\">");
	cr_expect_str_eq(clean("<ol start=\"3\" reversed><li value=\"7\">x</li></ol>"),
			 "<ol start=\"3\" reversed><li value=\"7\">x</li></ol>");
	cr_expect_str_eq(clean("<table><tr><th scope=\"col\" colspan=\"2\">h</th></tr>"
			       "<tr><td rowspan=\"0\">c</td></tr></table>"),
			 "<table><tr><th scope=\"col\" colspan=\"2\">h</th></tr>"
			 "<tr><td>c</td></tr></table>");
	cr_expect_str_eq(clean("<p dir=\"rtl\" lang=\"ar\">مرحبا</p><p dir=\"sideways\">x</p>"),
			 "<p dir=\"rtl\" lang=\"ar\">مرحبا</p><p>x</p>");
	cr_expect_str_eq(clean("<a href=\"mailto:a@b.org\">m</a> <a href=\"../rel\">r</a>"),
			 "<a href=\"mailto:a@b.org\">m</a> <a href=\"../rel\">r</a>");
	cr_expect_str_eq(
	    clean("<figure><img src=\"a.png\" alt=\"\"><figcaption>Cap</figcaption>"
		  "</figure>"),
	    "<figure><img src=\"a.png\" alt=\"\"><figcaption>Cap</figcaption></figure>");
}

Test(sanitize, unknown_elements_give_way_to_their_content)
{
	cr_expect_str_eq(
	    clean("<section><font color=red>kept</font> <center>too</center></section>"),
	    "kept too");
	/* Parts outside the element they belong in lose their tags. */
	cr_expect_str_eq(clean("<li>stray</li><td>cell</td>"), "straycell");
	/* A link inside a link keeps its text only. */
	cr_expect_str_eq(clean("<a href=\"/a\">one <b><a href=\"/b\">two</a></b></a>"),
			 "<a href=\"/a\">one <b>two</b></a>");
	cr_expect_str_eq(clean("<a name=\"x\">anchor</a>"), "anchor");
}

Test(sanitize, media_and_iframes)
{
	/* An image without a good source keeps its alt text. */
	cr_expect_str_eq(clean("<img src=\"javascript:x\" alt=\"a pic\">"), "a pic");
	cr_expect_str_eq(clean("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>"),
			 "<a href=\"https://www.youtube.com/embed/x\">"
			 "https://www.youtube.com/embed/x</a>");
	cr_expect_str_eq(clean("<video src=\"/m.mp4\" controls><source src=\"/m.webm\" "
			       "type=\"video/webm\"></video>"),
			 "<video src=\"/m.mp4\" controls><source src=\"/m.webm\" "
			 "type=\"video/webm\"></video>");
}

Test(sanitize, readers_text_is_stricter)
{
	cr_expect_str_eq(untrusted("<h2>Big</h2><p><a href=\"https://e.org\">l</a> "
				   "<a href=\"/rel\">r</a> <img src=\"https://e.org/i.png\" "
				   "alt=\"pic\"></p>"),
			 "<p><strong>Big</strong></p><p><a href=\"https://e.org\" "
			 "rel=\"nofollow ugc noopener\">l</a> r <a href=\"https://e.org/i.png\" "
			 "rel=\"nofollow ugc noopener\">pic</a></p>");
	cr_expect_str_eq(untrusted("<p>a<!--more-->b</p>"), "<p>ab</p>");
}

Test(sanitize, text_is_escaped_and_controls_dropped)
{
	cr_expect_str_eq(clean("<p>1 &lt; 2 &amp;&amp; \"q\" 'a'</p>"),
			 "<p>1 &lt; 2 &amp;&amp; &quot;q&quot; &#39;a&#39;</p>");
	cr_expect_str_eq(clean("a\x01"
			       "b\x7f"
			       "c\xc2\x85"
			       "d\xff"
			       "e"),
			 "abcd\xef\xbf\xbd"
			 "e");
	cr_expect(utf8_valid(last.html.data, last.html.len, NULL));
	cr_expect_str_eq(clean("&nosuch; &#x202E;x&#x202C; &#x1F680;"),
			 "&amp;nosuch; \u202ex\u202c 🚀");
}

static const char *rewrite(void *ud, const char *url)
{
	(*(int *)ud)++;
	return strncmp(url, "http://old.example/wp-content/uploads/", 38) == 0 ? "/media/abc.png"
									       : NULL;
}

Test(sanitize, rewrites_links_through_the_callback)
{
	int calls = 0;
	struct sanitize_opts o = {.rewrite = rewrite, .ud = &calls};
	cr_expect_str_eq(clean_with("<a href=\"http://old.example/wp-content/uploads/a.png\"><img "
				    "src=\"http://old.example/wp-content/uploads/a.png\"></a> "
				    "<a href=\"javascript:x\">j</a> <a href=\"/keep\">k</a>",
				    &o),
			 "<a href=\"/media/abc.png\"><img src=\"/media/abc.png\"></a> j "
			 "<a href=\"/keep\">k</a>");
	/* Only URLs that passed the scheme check are offered. */
	cr_expect_eq(calls, 3);
}

Test(sanitize, excerpt_at_the_marker)
{
	clean("<p>Intro <em>one</em></p>\n<!--more-->\n<p>Rest</p>");
	cr_expect_str_eq(buf_str(&last.excerpt), "<p>Intro <em>one</em></p>\n");
	cr_expect(last.has_more);
	cr_expect_str_eq(buf_str(&last.html),
			 "<p>Intro <em>one</em></p>\n<!--more-->\n<p>Rest</p>");
	/* Inside a paragraph, the open elements are closed; a later marker is dropped. */
	clean("<p>Lead <b>bold <!--more Read on--> more</b> tail</p><!--more-->");
	cr_expect_str_eq(buf_str(&last.excerpt), "<p>Lead <b>bold </b></p>");
	cr_expect_str_eq(buf_str(&last.html), "<p>Lead <b>bold <!--more--> more</b> tail</p>");
	/* A marker at the very end leaves nothing out. */
	clean("<p>All of it</p><!--more-->");
	cr_expect_not(last.has_more);
}

Test(sanitize, excerpt_of_leading_blocks)
{
	struct buf b = {0};
	for (int i = 0; i < 3; i++)
		buf_puts(&b, "<p>one two three four five six seven eight nine ten eleven twelve "
			     "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
			     "twenty</p>\n");
	clean(b.data);
	cr_expect_str_eq(buf_str(&last.excerpt), b.data, "three blocks of 20 words fit");
	cr_expect_not(last.has_more);
	buf_puts(&b, "<p>one more</p>");
	clean(b.data);
	cr_expect_eq(last.excerpt.len, b.len - strlen("<p>one more</p>"));
	cr_expect(last.has_more);
	cr_expect_eq(last.words, 62);
	buf_free(&b);
	/* A first block longer than the excerpt is cut before its 61st word. */
	buf_puts(&b, "<p>");
	for (int i = 1; i <= 70; i++)
		buf_printf(&b, "w%d ", i);
	buf_puts(&b, "</p>");
	clean(b.data);
	cr_expect_not_null(strstr(buf_str(&last.excerpt), "w60…</p>"), "%s",
			   buf_str(&last.excerpt));
	cr_expect_null(strstr(buf_str(&last.excerpt), "w61"));
	cr_expect(last.has_more);
	buf_free(&b);
}

Test(sanitize, plain_text_and_title_lines)
{
	clean("<h2>Title</h2><p>a <b>b</b><br>c</p><ul><li>d</li><li>e</li></ul>"
	      "<script>no</script>");
	cr_expect_str_eq(buf_str(&last.text), "Title\na b\nc\nd\ne");
	cr_expect_eq(last.words, 6);
	struct buf t = {0};
	sanitize_text_line("  Tom &amp; <em>Jerry</em>\n\tgo\x01 ", 33, &t);
	cr_expect_str_eq(buf_str(&t), "Tom & Jerry go");
	buf_free(&t);
}

/* The output is a fixed point: sanitizing it again changes nothing. */
Test(sanitize, idempotent)
{
	static const char *const inputs[] = {
	    "Loose <b>text</b> <p>and <i>a <b>mess</i></b> <table><td>x</table>",
	    "<p>a<div>b</div>c</p><ul><li>1<li>2</ul><dl><dt>t<dd>d</dl>",
	    "<a href=\"/a b?c=d&e\">x</a><img src=\"/ü.png\" alt='\"q\"'>",
	    "<p>x</p></body></html><p>after the end</p>",
	    "<pre>  keep\n   spaces  </pre><!--more--><p>z</p>",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *once = strdup(clean(inputs[i]));
		cr_expect_str_eq(clean(once), once, "input %zu", i);
		free(once);
	}
}

Test(sanitize, refuses_what_is_too_long)
{
	struct sanitized s;
	cr_expect_eq(sanitize_html("x", SANITIZE_MAX_BYTES + 1, NULL, &s), -1);
	cr_expect_str_eq(buf_str(&s.html), "");
	sanitized_free(&s);
	cr_expect_str_eq(clean(""), "");
	cr_expect_eq(last.words, 0);
	sanitized_free(&last);
}
