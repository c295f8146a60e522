/* test_markdown: rules of the Markdown writer: hashtags, handles, excerpts, URLs, escaping, ids. */
#include <criterion/criterion.h>

#include "render/markdown.h"
#include "render/markdown_int.h"
#include "util/embedded.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

static struct buf md_out;
static struct md_tags md_found;

static void md_test_fini(void)
{
	buf_free(&md_out);
	md_tags_free(&md_found);
}

TestSuite(markdown, .fini = md_test_fini);

static int md_test_users(void *ud, const char *handle, size_t len)
{
	static const char *const users[] = {"editor", "mara", "press_desk"};
	(void)ud;
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		if (strlen(users[i]) == len && memcmp(users[i], handle, len) == 0)
			return 1;
	return 0;
}

static int md_test_everyone(void *ud, const char *handle, size_t len)
{
	(void)ud;
	(void)handle;
	(void)len;
	return 1;
}

static const struct md_opts md_test_opts = {md_test_users, NULL, 0};

/* Full render with the test users; the result lives until the next call. */
static const char *render(const char *md)
{
	buf_reset(&md_out);
	md_tags_free(&md_found);
	cr_assert_eq(md_render(md, strlen(md), &md_test_opts, &md_out, &md_found), 0);
	buf_put(&md_out, "", 0);
	return md_out.data;
}

static const char *excerpt(const char *md, int *more)
{
	buf_reset(&md_out);
	cr_assert_eq(md_excerpt(md, strlen(md), &md_test_opts, &md_out, more), 0);
	buf_put(&md_out, "", 0);
	return md_out.data;
}

/* Words of text separated by single spaces: "w1 w2 ... wN". */
static const char *words(struct buf *b, int from, int to)
{
	buf_reset(b);
	for (int i = from; i <= to; i++)
		buf_printf(b, "%sw%d", i == from ? "" : " ", i);
	return b->data;
}

#define TAG(name, href) "<a class=\"hashtag\" href=\"/tag/" href "\">#" name "</a>"
#define MENTION(h) "<a class=\"mention\" href=\"/@" h "\">@" h "</a>"

/* Hashtags */

Test(markdown, hashtag_basic)
{
	cr_assert_str_eq(render("#budget talks"), "<p>" TAG("budget", "budget") " talks</p>\n");
	cr_assert_str_eq(render("on (#vote)."), "<p>on (" TAG("vote", "vote") ").</p>\n");
	cr_assert_str_eq(render("#dash-ed"), "<p>" TAG("dash", "dash") "-ed</p>\n");
	cr_assert_str_eq(render("#2024vote"), "<p>" TAG("2024vote", "2024vote") "</p>\n");
	cr_assert_str_eq(render("#snake_case"), "<p>" TAG("snake_case", "snake_case") "</p>\n");
}

Test(markdown, hashtag_needs_boundary_before)
{
	cr_assert_str_eq(render("issue#12 a#b 1#b _#b ##b &#b"),
			 "<p>issue#12 a#b 1#b _#b ##b &amp;#b</p>\n");
	cr_assert_str_eq(render("é#b"), "<p>é#b</p>\n");
	cr_assert_str_eq(render("—#b"), "<p>—" TAG("b", "b") "</p>\n");
}

Test(markdown, hashtag_needs_a_letter)
{
	cr_assert_str_eq(render("#42 #_ #__ # #! #"), "<p>#42 #_ #__ # #! #</p>\n");
	cr_assert_str_eq(render("#_a"), "<p>" TAG("_a", "_a") "</p>\n");
}

Test(markdown, hashtag_length_limit)
{
	char md[80], want[400];
	memset(md, 'a', sizeof md);
	md[0] = '#';
	md[65] = '\0';
	snprintf(want, sizeof want, "<p><a class=\"hashtag\" href=\"/tag/%s\">%s</a></p>\n", md + 1,
		 md);
	cr_assert_str_eq(render(md), want);
	md[65] = 'a';
	md[66] = '\0';
	snprintf(want, sizeof want, "<p>%s</p>\n", md);
	cr_assert_str_eq(render(md), want);
	/* The limit counts code points, not bytes: 64 two-byte letters still link. */
	struct buf b = {0};
	buf_putc(&b, '#');
	for (int i = 0; i < 64; i++)
		buf_puts(&b, "é");
	render(b.data);
	cr_assert_eq(md_found.n, 1);
	buf_puts(&b, "é");
	render(b.data);
	cr_assert_eq(md_found.n, 0);
	buf_free(&b);
}

Test(markdown, hashtag_scripts)
{
	cr_assert_str_eq(render("#выборы"),
			 "<p>" TAG("выборы", "%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B") "</p>\n");
	cr_assert_str_eq(render("#Αθήνα."),
			 "<p>" TAG("Αθήνα", "%CE%91%CE%B8%CE%AE%CE%BD%CE%B1") ".</p>\n");
	cr_assert_str_eq(render("#東京、x"), "<p>" TAG("東京", "%E6%9D%B1%E4%BA%AC") "、x</p>\n");
	cr_assert_str_eq(render("#café!"), "<p>" TAG("café", "caf%C3%A9") "!</p>\n");
	cr_assert_str_eq(
	    render("#चुनाव"),
	    "<p>" TAG("चुनाव", "%E0%A4%9A%E0%A5%81%E0%A4%A8%E0%A4%BE%E0%A4%B5") "</p>\n");
}

Test(markdown, hashtag_symbols_are_not_letters)
{
	cr_assert_str_eq(render("#ab😀 #😀 #a→b #a«b #x×y"),
			 "<p>" TAG("ab", "ab") "😀 #😀 " TAG("a", "a") "→b " TAG("a", "a") "«b " TAG(
			     "x", "x") "×y</p>\n");
	cr_assert_str_eq(render("#a\xc2\xa0"
				"b"),
			 "<p>" TAG("a", "a") "\xc2\xa0"
					     "b</p>\n");
}

Test(markdown, hashtag_not_in_code_links_or_alt)
{
	cr_assert_str_eq(render("`#a` [#b](/x) ![#c](/i.png) <https://x.org/#d>"),
			 "<p><code>#a</code> <a href=\"/x\">#b</a> <img src=\"/i.png\" alt=\"#c\"> "
			 "<a href=\"https://x.org/#d\">https://x.org/#d</a></p>\n");
	cr_assert_str_eq(render("```\n#e\n```\n\n    #f\n"),
			 "<pre><code>#e\n</code></pre>\n<pre><code>#f\n</code></pre>\n");
	cr_assert_eq(md_found.n, 0);
}

Test(markdown, hashtag_escapes_and_entities)
{
	cr_assert_str_eq(render("\\#a &#35;b &#x23;c"), "<p>#a #b #c</p>\n");
	cr_assert_str_eq(render("\\\\#a"), "<p>\\" TAG("a", "a") "</p>\n");
	cr_assert_str_eq(render("#caf&eacute;"), "<p>" TAG("café", "caf%C3%A9") "</p>\n");
	cr_assert_str_eq(render("#a\\_b"), "<p>" TAG("a_b", "a_b") "</p>\n");
	cr_assert_str_eq(render("&amp;#a"), "<p>&amp;#a</p>\n");
}

Test(markdown, hashtag_across_spans)
{
	cr_assert_str_eq(render("*#a* **b**#c"),
			 "<p><em>" TAG("a", "a") "</em> <strong>b</strong>#c</p>\n");
	cr_assert_str_eq(render("line\n#next"), "<p>line\n" TAG("next", "next") "</p>\n");
}

Test(markdown, tags_collected_deduplicated)
{
	render("#Reform and #reform and #REFORM, #Москва #МОСКВА #Ελλάδα #ΕΛΛΆΔΑ #Straße #STRASSE "
	       "#ÉTÉ #été `#code` [#link](/x)\n\n## #Heading");
	const char *want[] = {"Reform", "Москва", "Ελλάδα", "Straße", "STRASSE", "ÉTÉ", "Heading"};
	cr_assert_eq(md_found.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < md_found.n; i++)
		cr_assert_str_eq(md_found.names[i], want[i]);
}

Test(markdown, tags_may_be_null)
{
	struct buf b = {0};
	cr_assert_eq(md_render("#a #b", 5, NULL, &b, NULL), 0);
	cr_assert_str_eq(b.data, "<p>" TAG("a", "a") " " TAG("b", "b") "</p>\n");
	buf_free(&b);
}

/* Handles */

Test(markdown, handle_known_and_unknown)
{
	cr_assert_str_eq(render("hi @editor and @nobody"),
			 "<p>hi " MENTION("editor") " and @nobody</p>\n");
	cr_assert_str_eq(render("(@mara), @press_desk's"),
			 "<p>(" MENTION("mara") "), " MENTION("press_desk") "&#39;s</p>\n");
	cr_assert_str_eq(render("@Editor @editorx @editor_"), "<p>@Editor @editorx @editor_</p>\n");
}

Test(markdown, handle_boundaries)
{
	cr_assert_str_eq(render("a@editor @editor@x @@editor é@editor \\@editor &#64;editor"),
			 "<p>a@editor @editor@x @@editor é@editor @editor @editor</p>\n");
	cr_assert_str_eq(render("@editoré"), "<p>@editoré</p>\n");
	cr_assert_str_eq(render("@editor."), "<p>" MENTION("editor") ".</p>\n");
}

Test(markdown, handle_not_in_code_or_links)
{
	cr_assert_str_eq(render("`@editor` [@mara](/m)"),
			 "<p><code>@editor</code> <a href=\"/m\">@mara</a></p>\n");
}

Test(markdown, handle_length_and_callback)
{
	struct md_opts all = {md_test_everyone, NULL, 0};
	struct buf b = {0};
	const char *ok = "@abcdefghijabcdefghijabcdefghijab";	/* 32 */
	const char *bad = "@abcdefghijabcdefghijabcdefghijabc"; /* 33 */
	md_render(ok, strlen(ok), &all, &b, NULL);
	cr_assert(strstr(b.data, "class=\"mention\""));
	buf_reset(&b);
	md_render(bad, strlen(bad), &all, &b, NULL);
	cr_assert_null(strstr(b.data, "class=\"mention\""));
	buf_reset(&b);
	md_render("@editor", 7, NULL, &b, NULL);
	cr_assert_str_eq(b.data, "<p>@editor</p>\n");
	buf_reset(&b);
	struct md_opts none = {NULL, NULL, 0};
	md_render("@editor", 7, &none, &b, NULL);
	cr_assert_str_eq(b.data, "<p>@editor</p>\n");
	buf_free(&b);
}

/* URLs */

Test(markdown, links_allowed_schemes)
{
	cr_assert_str_eq(
	    render("[a](https://x.org/) [b](http://x.org) [c](mailto:a@x.org) [d](/r) "
		   "[e](../r) [f](#top) [g](?q=1)"),
	    "<p><a href=\"https://x.org/\">a</a> <a href=\"http://x.org\">b</a> "
	    "<a href=\"mailto:a@x.org\">c</a> <a href=\"/r\">d</a> <a href=\"../r\">e</a> "
	    "<a href=\"#top\">f</a> <a href=\"?q=1\">g</a></p>\n");
}

Test(markdown, links_disallowed_schemes_keep_text)
{
	cr_assert_str_eq(
	    render("[a *b*](javascript:alert(1)) [c](JAVASCRIPT:x) [d](data:text/html,x) "
		   "[e](vbscript:x) [f](file:///etc/passwd)"),
	    "<p>a <em>b</em> c d e f</p>\n");
	/* Entities and escapes are decoded before the scheme is checked. */
	cr_assert_str_eq(
	    render("[a](jav&#x61;script:x) [b](java&#115;cript:x) [c](javascript&#58;x)"),
	    "<p>a b c</p>\n");
	cr_assert_str_eq(render("[a][r]\n\n[r]: javascript:x"), "<p>a</p>\n");
}

Test(markdown, images_disallowed_become_alt_text)
{
	cr_assert_str_eq(render("![a <b> & \"c\"](javascript:x)"),
			 "<p>a &lt;b&gt; &amp; &quot;c&quot;</p>\n");
	cr_assert_str_eq(render("![*x* #y](data:image/png;base64,AAAA \"t\")"), "<p>x #y</p>\n");
	cr_assert_str_eq(render("An ![ok](/i.png \"T <1>\")"),
			 "<p>An <img src=\"/i.png\" alt=\"ok\" title=\"T &lt;1&gt;\"></p>\n");
	/* Alone in its paragraph, a titled image is a figure with the title as its caption. */
	cr_assert_str_eq(
	    render("![ok](/i.png \"T <1>\")"),
	    "<figure><img src=\"/i.png\" alt=\"ok\"><figcaption>T &lt;1&gt;</figcaption>"
	    "</figure>\n");
	cr_assert_str_eq(render("![a ![b](/b.png) c](/a.png)"),
			 "<p><img src=\"/a.png\" alt=\"a b c\"></p>\n");
}

Test(markdown, link_attributes_escaped)
{
	cr_assert_str_eq(
	    render("[x](</a b\"c'd> \"t\\\"<'>\")"),
	    "<p><a href=\"/a%20b%22c&#39;d\" title=\"t&quot;&lt;&#39;&gt;\">x</a></p>\n");
	cr_assert_str_eq(render("[x](/caf%C3%A9?a=1&b=2)"),
			 "<p><a href=\"/caf%C3%A9?a=1&amp;b=2\">x</a></p>\n");
}

Test(markdown, autolinks)
{
	cr_assert_str_eq(render("www.example.org/a and news@example.org and https://x.org/p"),
			 "<p><a href=\"http://www.example.org/a\">www.example.org/a</a> and "
			 "<a href=\"mailto:news@example.org\">news@example.org</a> and "
			 "<a href=\"https://x.org/p\">https://x.org/p</a></p>\n");
	cr_assert_str_eq(render("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
}

/* Escaping */

Test(markdown, raw_html_is_text)
{
	cr_assert_str_eq(render("<script>alert('x')</script>"),
			 "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n");
	cr_assert_str_eq(render("a <b onclick=\"x\">b</b> <!-- c -->"),
			 "<p>a &lt;b onclick=&quot;x&quot;&gt;b&lt;/b&gt; &lt;!-- c --&gt;</p>\n");
}

Test(markdown, code_is_escaped)
{
	cr_assert_str_eq(render("`<a>&amp;`"), "<p><code>&lt;a&gt;&amp;amp;</code></p>\n");
	cr_assert_str_eq(render("```x\"><script>\n<b>\n```"),
			 "<pre><code class=\"language-x&quot;&gt;&lt;script&gt;\">&lt;b&gt;\n"
			 "</code></pre>\n");
}

Test(markdown, entities)
{
	cr_assert_str_eq(render("&copy; &lt; &amp;lt; &#65; &#x1F600; &bogus; &AMP;"),
			 "<p>© &lt; &amp;lt; A 😀 &amp;bogus; &amp;AMP;</p>\n");
	cr_assert_str_eq(render("&#0;&#xD800;&#x110000;&#1;&#127;"),
			 "<p>\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd</p>\n");
}

Test(markdown, nul_becomes_replacement)
{
	struct buf b = {0};
	cr_assert_eq(md_render("a\0b", 3, NULL, &b, NULL), 0);
	cr_assert_str_eq(b.data, "<p>a\xef\xbf\xbd"
				 "b</p>\n");
	buf_free(&b);
}

/* md4c 0.4.8 reads past a document ending in an open link; ours always ends in a newline. */
Test(markdown, open_link_at_end_of_input)
{
	cr_assert_str_eq(render("see []("), "<p>see [](</p>\n");
	cr_assert_str_eq(render("[x](/a"), "<p>[x](/a</p>\n");
	cr_assert_str_eq(render("| a |\n|-"), "<p>| a |\n|-</p>\n");
}

Test(markdown, appends_to_out)
{
	struct buf b = {0};
	buf_puts(&b, "<main>");
	cr_assert_eq(md_render("- a", 3, NULL, &b, NULL), 0);
	cr_assert_str_eq(b.data, "<main><ul>\n<li>a</li>\n</ul>\n");
	buf_free(&b);
}

Test(markdown, blocks)
{
	cr_assert_str_eq(render("a  \nb\\\nc\n\n***\n\n> q"),
			 "<p>a<br>\nb<br>\nc</p>\n<hr>\n<blockquote>\n<p>q</p>\n</blockquote>\n");
	cr_assert_str_eq(render("3. a\n4. b"), "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n");
	cr_assert_str_eq(render("| a | b |\n|:--|--:|\n| 1 | 2 |"),
			 "<table>\n<thead>\n<tr>\n<th class=\"align-left\">a</th>\n"
			 "<th class=\"align-right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
			 "<td class=\"align-left\">1</td>\n<td class=\"align-right\">2</td>\n"
			 "</tr>\n</tbody>\n</table>\n");
	cr_assert_str_eq(render("~~gone~~"), "<p><del>gone</del></p>\n");
}

/* Heading ids */

Test(markdown, heading_ids)
{
	cr_assert_str_eq(render("# Hello, World!"), "<h1 id=\"hello-world\">Hello, World!</h1>\n");
	cr_assert_str_eq(render("## -- Ünïcode Straße, ΕΛΛΆΔΑ --"),
			 "<h2 id=\"ünïcode-straße-ελλάδα\">-- Ünïcode Straße, ΕΛΛΆΔΑ --</h2>\n");
	cr_assert_str_eq(render("# `a_b` *c* [d](/x) ![e](/e.png)"),
			 "<h1 id=\"a-b-c-d-e\"><code>a_b</code> <em>c</em> <a href=\"/x\">d</a> "
			 "<img src=\"/e.png\" alt=\"e\"></h1>\n");
	cr_assert_str_eq(
	    render("# Why #reform &amp; 2024"),
	    "<h1 id=\"why-reform-2024\">Why " TAG("reform", "reform") " &amp; 2024</h1>\n");
	cr_assert_str_eq(render("#\n\n# ?!\n\n# 東京"),
			 "<h1 id=\"section\"></h1>\n<h1 id=\"section-2\">?!</h1>\n"
			 "<h1 id=\"東京\">東京</h1>\n");
}

Test(markdown, heading_ids_unique)
{
	cr_assert_str_eq(render("# A\n# A\n# A 2\n# A\n\nA\n-"),
			 "<h1 id=\"a\">A</h1>\n<h1 id=\"a-2\">A</h1>\n<h1 id=\"a-2-2\">A 2</h1>\n"
			 "<h1 id=\"a-3\">A</h1>\n<h2 id=\"a-4\">A</h2>\n");
}

Test(markdown, heading_ids_leave_the_themes_own)
{
	/* The comment thread, its form and the form's fields keep their ids (and labels). */
	cr_assert_str_eq(
	    render("# Comments\n## comment-form\n### Name\n# Comment 12\n# Content"),
	    "<h1 id=\"comments-2\">Comments</h1>\n"
	    "<h2 id=\"comment-form-2\">comment-form</h2>\n<h3 id=\"name-2\">Name</h3>\n"
	    "<h1 id=\"comment-12-2\">Comment 12</h1>\n<h1 id=\"content-2\">Content</h1>\n");
	cr_assert_str_eq(render("# Comment 12 b"), "<h1 id=\"comment-12-b\">Comment 12 b</h1>\n");
}

/* Every id the built-in public templates write is one a heading cannot take. */
Test(markdown, theme_ids_are_reserved)
{
	int checked = 0;
	for (const struct embedded_file *f = theme_files; f->name; f++) {
		if (strncmp(f->name, "admin_", 6) == 0 || !strstr(f->name, ".mustache"))
			continue;
		const char *s = f->data, *end = f->data + f->len;
		while ((s = memmem(s, (size_t)(end - s), " id=\"", 5))) {
			s += 5;
			size_t n = strcspn(s, "\"");
			const char *open = memmem(s, n, "{{", 2);
			if (open) {
				/* A made id: the literal part before it, then a number. */
				char made[64];
				snprintf(made, sizeof(made), "%.*s7", (int)(open - s), s);
				if (open > s && strchr(made, '-'))
					cr_expect(md_id_reserved(made, strlen(made)), "%s: id %s",
						  f->name, made);
			} else {
				cr_expect(md_id_reserved(s, n), "%s: id %.*s", f->name, (int)n, s);
				checked++;
			}
			s += n;
		}
	}
	cr_expect_gt(checked, 5);
}

Test(markdown, heading_id_length_capped)
{
	struct buf md = {0};
	buf_puts(&md, "# ");
	for (int i = 0; i < 30; i++)
		buf_puts(&md, "word ");
	render(md.data);
	const char *id = strstr(md_out.data, "id=\"") + 4;
	size_t len = strcspn(id, "\"");
	cr_assert_leq(len, 80);
	cr_assert_neq(id[len - 1], '-');
	buf_free(&md);
}

/* The more marker */

Test(markdown, more_marker_dropped_from_full_render)
{
	cr_assert_str_eq(render("a\n<!--more-->\nb"), "<p>a</p>\n<p>b</p>\n");
	cr_assert_str_eq(render("a\n\n  <!--more--> \t\n\nb"), "<p>a</p>\n<p>b</p>\n");
	cr_assert_str_eq(render("a <!--more--> b"), "<p>a &lt;!--more--&gt; b</p>\n");
	cr_assert_str_eq(render("```\n<!--more-->\n```"),
			 "<pre><code>&lt;!--more--&gt;\n</code></pre>\n");
}

/* Excerpts */

Test(markdown, excerpt_marker)
{
	int more = -1;
	cr_assert_str_eq(excerpt("# T\n\nIntro #tag.\n\n<!--more-->\n\nRest.", &more),
			 "<h1>T</h1>\n<p>Intro " TAG("tag", "tag") ".</p>\n");
	cr_assert_eq(more, 1);
	cr_assert_str_eq(excerpt("Only this.\n  <!--more-->  \n\n", &more), "<p>Only this.</p>\n");
	cr_assert_eq(more, 0);
	cr_assert_str_eq(excerpt("- a\n  <!--more-->\n- b", &more), "<ul>\n<li>a</li>\n</ul>\n");
	cr_assert_eq(more, 1);
}

Test(markdown, excerpt_marker_sees_later_references)
{
	int more;
	cr_assert_str_eq(excerpt("See [the report][r].\n<!--more-->\n[r]: /report", &more),
			 "<p>See <a href=\"/report\">the report</a>.</p>\n");
	cr_assert_eq(more, 1);
}

Test(markdown, excerpt_marker_in_code_is_not_a_marker)
{
	int more;
	cr_assert_str_eq(excerpt("```\n<!--more-->\n```\n\nshort", &more),
			 "<pre><code>&lt;!--more--&gt;\n</code></pre>\n<p>short</p>\n");
	cr_assert_eq(more, 0);
}

Test(markdown, excerpt_short_document_whole)
{
	int more = -1;
	cr_assert_str_eq(excerpt("# T\n\nShort post.", &more), "<h1>T</h1>\n<p>Short post.</p>\n");
	cr_assert_eq(more, 0);
	cr_assert_str_eq(excerpt("", &more), "");
	cr_assert_eq(more, 0);
}

Test(markdown, excerpt_whole_blocks_up_to_60_words)
{
	struct buf a = {0}, b = {0}, md = {0}, want = {0};
	buf_printf(&md, "%s\n\n", words(&a, 1, 25));
	buf_printf(&md, "%s\n\n", words(&a, 26, 50));
	buf_printf(&md, "%s\n", words(&a, 51, 75));
	buf_printf(&want, "<p>%s</p>\n<p>%s</p>\n", words(&a, 1, 25), words(&b, 26, 50));
	int more = 0;
	cr_assert_str_eq(excerpt(md.data, &more), want.data);
	cr_assert_eq(more, 1);
	buf_free(&a);
	buf_free(&b);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_exactly_60_words_stops_at_next_block)
{
	struct buf a = {0}, md = {0}, want = {0};
	buf_printf(&md, "%s\n\n- more", words(&a, 1, 60));
	buf_printf(&want, "<p>%s</p>\n", words(&a, 1, 60));
	int more = 0;
	cr_assert_str_eq(excerpt(md.data, &more), want.data);
	cr_assert_eq(more, 1);
	buf_free(&a);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_cuts_long_first_block)
{
	struct buf a = {0}, md = {0}, want = {0};
	buf_printf(&md, "*%s*\n\nnext", words(&a, 1, 100));
	buf_printf(&want, "<p><em>%s…</em></p>\n", words(&a, 1, 60));
	int more = 0;
	cr_assert_str_eq(excerpt(md.data, &more), want.data);
	cr_assert_eq(more, 1);
	buf_free(&a);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_cut_closes_nested_elements)
{
	struct buf a = {0}, md = {0}, want = {0};
	buf_printf(&md, "> - [%s](/x)\n", words(&a, 1, 70));
	buf_printf(&want,
		   "<blockquote>\n<ul>\n<li><a href=\"/x\">%s…</a></li>\n</ul>\n</blockquote>\n",
		   words(&a, 1, 60));
	cr_assert_str_eq(excerpt(md.data, NULL), want.data);
	buf_free(&a);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_cut_in_heading_has_no_id)
{
	struct buf a = {0}, md = {0}, want = {0};
	buf_printf(&md, "# %s\n", words(&a, 1, 61));
	buf_printf(&want, "<h1>%s…</h1>\n", words(&a, 1, 60));
	cr_assert_str_eq(excerpt(md.data, NULL), want.data);
	buf_free(&a);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_cut_before_hashtag_and_softbreak)
{
	struct buf a = {0}, md = {0}, want = {0};
	buf_printf(&md, "%s\n#w61 w62", words(&a, 1, 60));
	buf_printf(&want, "<p>%s…</p>\n", words(&a, 1, 60));
	int more = 0;
	cr_assert_str_eq(excerpt(md.data, &more), want.data);
	cr_assert_eq(more, 1);
	buf_free(&a);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_wordless_block_then_long_block_is_cut)
{
	struct buf a = {0}, md = {0}, want = {0};
	buf_printf(&md, "![a b c](/i.png)\n\n%s", words(&a, 1, 80));
	buf_printf(&want, "<p><img src=\"/i.png\" alt=\"a b c\"></p>\n<p>%s…</p>\n",
		   words(&a, 1, 60));
	cr_assert_str_eq(excerpt(md.data, NULL), want.data);
	buf_free(&a);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_cjk_counts_characters)
{
	struct buf md = {0}, want = {0};
	for (int i = 0; i < 70; i++)
		buf_puts(&md, "字");
	buf_puts(&want, "<p>");
	for (int i = 0; i < 60; i++)
		buf_puts(&want, "字");
	buf_puts(&want, "…</p>\n");
	cr_assert_str_eq(excerpt(md.data, NULL), want.data);
	buf_free(&md);
	buf_free(&want);
}

Test(markdown, excerpt_never_cuts_a_table)
{
	/* A row cut short would be ragged (fewer cells than the header): the table is left out,
	 * whether it comes first or after a paragraph. */
	struct buf a = {0}, md = {0};
	buf_printf(&md, "| h |\n|---|\n| %s |\n| more |\n", words(&a, 1, 80));
	int more = 0;
	const char *got = excerpt(md.data, &more);
	cr_assert_null(strstr(got, "<table"), "%s", got);
	cr_assert(more);
	buf_reset(&md);
	buf_printf(&md, "Opening words.\n\n| h |\n|---|\n| %s |\n", words(&a, 1, 80));
	got = excerpt(md.data, &more);
	cr_assert_str_eq(got, "<p>Opening words.</p>\n");
	buf_free(&a);
	buf_free(&md);
}

Test(markdown, no_link_inside_a_link)
{
	struct buf out = {0};
	const char *md = "[see https://example.com and www.example.org](http://x.example)\n";
	md_render(md, strlen(md), NULL, &out, NULL);
	cr_assert_str_eq(out.data, "<p><a href=\"http://x.example\">see https://example.com and "
				   "www.example.org</a></p>\n");
	buf_free(&out);
}

Test(markdown, heading_never_takes_a_theme_id)
{
	struct buf out = {0};
	const char *md = "## Content\n";
	md_render(md, strlen(md), NULL, &out, NULL);
	cr_assert_str_eq(out.data, "<h2 id=\"content-2\">Content</h2>\n");
	buf_free(&out);
}

/* Output stays UTF-8 */

Test(markdown, output_is_valid_utf8)
{
	const char *md = "# Ünï #日本 @editor\n\n*ΕΛ* ~~é~~ &#x1F600; [ü](/ü) ![ö](/ö.png)\n";
	render(md);
	cr_assert(utf8_valid(md_out.data, md_out.len, NULL));
	excerpt(md, NULL);
	cr_assert(utf8_valid(md_out.data, md_out.len, NULL));
}

/* md4c 0.4.8 leaves the image's block with the emphasis in its alt text still open. */
Test(markdown, unbalanced_spans_in_alt_text_stay_inside_the_image)
{
	struct buf out = {0};
	const char *md = "![*[](*)]()";
	cr_assert_eq(md_render(md, strlen(md), NULL, &out, NULL), 0);
	cr_assert_str_eq(out.data, "<p><img src=\"\" alt=\"\"></p>\n");
	buf_free(&out);
}
