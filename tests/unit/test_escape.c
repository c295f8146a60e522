/* test_escape: context escaping and the link scheme allow-list. */
#include "util/buf.h"
#include "util/casefold.h"
#include "util/escape.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

static char *esc(void (*fn)(struct buf *, const char *, size_t), const char *s)
{
	static struct buf b;
	buf_reset(&b);
	fn(&b, s, strlen(s));
	return b.data ? b.data : "";
}

Test(escape, html)
{
	cr_expect_str_eq(esc(esc_html, "<a href=\"x\">&'</a>"),
			 "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	cr_expect_str_eq(esc(esc_html, "plain ü"), "plain ü");
}

Test(escape, href)
{
	cr_expect_str_eq(esc(esc_href, "https://x.org/a b?c=1&d='2'"),
			 "https://x.org/a%20b?c=1&amp;d=&#39;2&#39;");
	cr_expect_str_eq(esc(esc_href, "/tag/%D0%94\"<>"), "/tag/%D0%94%22%3C%3E");
	cr_expect_str_eq(esc(esc_href, "/ü"), "/%C3%BC");
}

Test(escape, url_component)
{
	cr_expect_str_eq(esc(esc_url_component, "a b/c?d"), "a%20b%2Fc%3Fd");
}

Test(escape, log_field)
{
	cr_expect_str_eq(esc(esc_log, "plain /path-1.2"), "plain /path-1.2");
	cr_expect_str_eq(esc(esc_log, "a\"b\\c\n\x7f\xc3\xbc"), "a\\\"b\\\\c\\x0A\\x7F\\xC3\\xBC");
}

Test(escape, scheme_allow_list)
{
	const char *ok[] = {"https://x.org", "HTTP://x", "mailto:a@b", "/rel", "rel/x",
			    "#frag",	     "?q=1",	 "page.html",  "./x:y"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		cr_expect(url_scheme_allowed(ok[i], strlen(ok[i])), "%s", ok[i]);
	const char *no[] = {
	    "javascript:alert(1)", "JavaScript:x",  "data:text/html,x",	  "vbscript:x",
	    "java\tscript:x",	   " javascript:x", "file:///etc/passwd", ":x"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_expect_not(url_scheme_allowed(no[i], strlen(no[i])), "%s", no[i]);
}

Test(utf8, validation)
{
	size_t bad = 0;
	const char *mixed = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80";
	cr_expect(utf8_valid(mixed, strlen(mixed), NULL));
	cr_expect_not(utf8_valid("ab\xff", 3, &bad));
	cr_expect_eq(bad, 2);
	cr_expect_not(utf8_valid("\xc0\xaf", 2, NULL));		/* overlong */
	cr_expect_not(utf8_valid("\xed\xa0\x80", 3, NULL));	/* surrogate */
	cr_expect_not(utf8_valid("\xf4\x90\x80\x80", 4, NULL)); /* past U+10FFFF */
	cr_expect_not(utf8_valid("a\0b", 3, NULL));
	cr_expect(utf8_valid("\xef\xbf\xbd", 3, NULL)); /* U+FFFD itself is fine */
	cr_expect_eq(utf8_line_of("a\nb\nc", 4), 3);
}

Test(casefold, scripts)
{
	struct buf b = {0};
	const char *in = "ΛΌΓΟΣ λόγος Демократия ÉCOLE";
	casefold(&b, in, strlen(in));
	cr_expect_str_eq(b.data, "λόγοσ λόγοσ демократия école");
	buf_free(&b);
}
