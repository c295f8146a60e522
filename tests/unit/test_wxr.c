/* test_wxr: the export filter (bytes, CDATA, DOCTYPE) and the streaming reader, on WordPress's
 * own test exports and on hostile files. */
#include "port/wxr.h"
#include "port/wxr_filter.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define WXR_DIR "../shared/testdata/wxr/"

/* The filter's output for s, fed in pieces of step bytes. */
static char *filtered(const char *s, size_t n, size_t step, int *doctype)
{
	static struct buf out;
	struct wxr_filter f;
	wxr_filter_init(&f);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i += step)
		rc = wxr_filter_put(&f, s + i, i + step <= n ? step : n - i);
	wxr_filter_end(&f);
	buf_reset(&out);
	buf_put(&out, f.out.data ? f.out.data : "", f.out.len);
	if (doctype)
		*doctype = (int)f.doctype_line;
	wxr_filter_free(&f);
	return (char *)buf_str(&out);
}

static char *filt(const char *s)
{
	return filtered(s, strlen(s), strlen(s) + 1, NULL);
}

Test(wxr_filter, bytes_become_characters)
{
	cr_expect_str_eq(filt("a\x01"
			      "b\x0b"
			      "c\td\r\n"),
			 "a b c\td\r\n");
	cr_expect_str_eq(filt("bad \xff\xfe byte"), "bad \xef\xbf\xbd\xef\xbf\xbd byte");
	cr_expect_str_eq(filt("\xef\xbf\xbe nonchar"), "\xef\xbf\xbd nonchar");
	cr_expect_str_eq(filt("cut \xe2\x82"), "cut \xef\xbf\xbd");
	/* A character split across chunks arrives whole, in any split. */
	const char *s = "x €𝕌 ü y";
	for (size_t step = 1; step < 6; step++)
		cr_expect_str_eq(filtered(s, strlen(s), step, NULL), s, "step %zu", step);
}

Test(wxr_filter, nested_cdata_ends_are_kept)
{
	cr_expect_str_eq(filt("<a><![CDATA[x ]]> y]]></a>"),
			 "<a><![CDATA[x ]]]]><![CDATA[> y]]></a>");
	cr_expect_str_eq(filt("<a><![CDATA[]]>]]></a>"), "<a><![CDATA[]]]]><![CDATA[>]]></a>");
	/* WordPress's own split form, and white space before the next tag, are left alone. */
	cr_expect_str_eq(filt("<a><![CDATA[a ]]]]><![CDATA[> b]]></a>"),
			 "<a><![CDATA[a ]]]]><![CDATA[> b]]></a>");
	cr_expect_str_eq(filt("<a><![CDATA[t]]>\n  </a>"), "<a><![CDATA[t]]>\n  </a>");
	/* In text, a bare "]]>" is escaped; in attributes and comments it is fine. */
	cr_expect_str_eq(filt("<a t=\"]]>\">x ]]> y<!-- ]]> --></a>"),
			 "<a t=\"]]>\">x ]]&gt; y<!-- ]]> --></a>");
	const char *split = "<a><![CDATA[one ]]> two ]]>]]></a>";
	for (size_t step = 1; step < 8; step++)
		cr_expect_str_eq(filtered(split, strlen(split), step, NULL),
				 "<a><![CDATA[one ]]]]><![CDATA[> two ]]]]><![CDATA[>]]></a>",
				 "step %zu", step);
}

Test(wxr_filter, doctype_stops_everything)
{
	int line = 0;
	const char *s =
	    "<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE in a comment -->\n<!DOCTYPE rss [\n"
	    "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<rss>&x;</rss>";
	char *out = filtered(s, strlen(s), 7, &line);
	cr_expect_eq(line, 3);
	cr_expect_null(strstr(out, "ENTITY"));
	cr_expect_null(strstr(out, "passwd"));
}

/* ---- the reader ---- */

struct seen {
	struct buf log;
	int items, comments, authors, terms;
};

static int on_site(void *ud, const struct wxr_site *s, struct wxr_error *e)
{
	(void)e;
	buf_printf(&((struct seen *)ud)->log, "site %s %s\n", s->version,
		   s->base_site_url ? s->base_site_url : "-");
	return 0;
}

static int on_author(void *ud, const struct wxr_author *a, struct wxr_error *e)
{
	(void)e;
	((struct seen *)ud)->authors++;
	buf_printf(&((struct seen *)ud)->log, "author %s\n", a->login ? a->login : "-");
	return 0;
}

static int on_term(void *ud, const struct wxr_term *t, struct wxr_error *e)
{
	(void)e;
	(void)t;
	((struct seen *)ud)->terms++;
	return 0;
}

static int on_item(void *ud, const struct wxr_item *it, struct wxr_error *e)
{
	(void)e;
	struct seen *s = ud;
	s->items++;
	buf_printf(&s->log, "item %lld %s %s [%s]\n", it->post_id, it->type ? it->type : "-",
		   it->title ? it->title : "-", it->content ? it->content : "");
	return 0;
}

static int on_comment(void *ud, const struct wxr_item *it, const struct wxr_comment *c,
		      struct wxr_error *e)
{
	(void)e;
	struct seen *s = ud;
	s->comments++;
	buf_printf(&s->log, "comment %lld on %lld [%s]\n", c->id, it->post_id,
		   c->content ? c->content : "");
	return 0;
}

static int read_file(const char *path, struct seen *s, struct wxr_error *err)
{
	struct wxr_handler h = {s, on_site, on_author, on_term, on_item, on_comment, NULL};
	memset(s, 0, sizeof(*s));
	return wxr_read_file(path, &h, err);
}

static int read_mem(const char *xml, struct seen *s, struct wxr_error *err)
{
	struct wxr_handler h = {s, on_site, on_author, on_term, on_item, on_comment, NULL};
	memset(s, 0, sizeof(*s));
	return wxr_read_mem(xml, strlen(xml), &h, err);
}

Test(wxr, valid_exports)
{
	struct seen s;
	struct wxr_error e;
	cr_assert_eq(read_file(WXR_DIR "valid-wxr-1.1.xml", &s, &e), 0, "%u: %s", e.line, e.msg);
	cr_expect_eq(s.items, 2);
	cr_expect_eq(s.comments, 1);
	cr_expect_eq(s.authors, 1);
	cr_expect_eq(s.terms, 3);
	cr_expect(strstr(buf_str(&s.log), "site 1.1 http://localhost/\n"));
	buf_free(&s.log);
	cr_assert_eq(read_file(WXR_DIR "small-export.xml", &s, &e), 0, "%u: %s", e.line, e.msg);
	cr_expect_eq(s.items, 11);
	cr_expect_eq(s.authors, 3);
	buf_free(&s.log);
	cr_assert_eq(read_file(WXR_DIR "wxr-utf-8-challenges.xml", &s, &e), 0, "%s", e.msg);
	cr_expect(utf8_valid(s.log.data, s.log.len, NULL));
	cr_expect(strstr(buf_str(&s.log), "\"The Road \u202eNot\u202c Taken\" by Rob\u202dert"));
	buf_free(&s.log);
}

Test(wxr, crazy_cdata_keeps_its_ends)
{
	struct seen s;
	struct wxr_error e;
	cr_assert_eq(read_file(WXR_DIR "crazy-cdata.xml", &s, &e), 0, "%u: %s", e.line, e.msg);
	cr_expect(strstr(buf_str(&s.log), "[Content with nested <![CDATA[ tags ]]> :)]"), "%s",
		  buf_str(&s.log));
	buf_free(&s.log);
}

Test(wxr, broken_files_name_their_line)
{
	struct seen s;
	struct wxr_error e;
	cr_expect_eq(read_file(WXR_DIR "malformed.xml", &s, &e), -1);
	cr_expect_eq(e.line, 90);
	cr_expect(strstr(e.msg, "the XML is broken: Opening and ending tag mismatch"), "%s", e.msg);
	buf_free(&s.log);
	cr_expect_eq(read_file("/nonexistent.xml", &s, &e), -1);
	cr_expect_str_eq(e.msg, "No such file or directory");
	buf_free(&s.log);
}

#define HEAD                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "                        \
	"xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"                              \
	"<wp:base_site_url>http://x.example</wp:base_site_url>\n"

Test(wxr, entities_and_doctypes_are_refused)
{
	struct seen s;
	struct wxr_error e;
	const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY x SYSTEM "
			  "\"file:///etc/hostname\">\n]>\n<rss><channel><item><title>&x;</title>"
			  "</item></channel></rss>";
	cr_expect_eq(read_mem(xxe, &s, &e), -1);
	cr_expect_eq(e.line, 2);
	cr_expect(strstr(e.msg, "DOCTYPE"), "%s", e.msg);
	cr_expect_eq(s.items, 0);
	buf_free(&s.log);
	const char *laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
			     "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
			     "]>\n<rss><channel><title>&lol2;</title></channel></rss>";
	cr_expect_eq(read_mem(laughs, &s, &e), -1);
	cr_expect(strstr(e.msg, "DOCTYPE"), "%s", e.msg);
	buf_free(&s.log);
	/* Without a DOCTYPE no entity but XML's own is known. */
	cr_expect_eq(read_mem(HEAD "<item><title>&nbsp;</title></item></channel></rss>", &s, &e),
		     -1);
	cr_expect(strstr(e.msg, "nbsp"), "%s", e.msg);
	buf_free(&s.log);
	cr_expect_eq(read_mem("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>", &s, &e), -1);
	cr_expect(strstr(e.msg, "ISO-8859-1; only UTF-8"), "%s", e.msg);
	buf_free(&s.log);
}

Test(wxr, what_is_no_export)
{
	struct seen s;
	struct wxr_error e;
	cr_expect_eq(read_mem("<html><body/></html>", &s, &e), -1);
	cr_expect(strstr(e.msg, "starts with <html>"), "%s", e.msg);
	buf_free(&s.log);
	cr_expect_eq(read_mem("<rss version=\"2.0\"/>", &s, &e), -1);
	cr_expect(strstr(e.msg, "no <rss><channel>"), "%s", e.msg);
	buf_free(&s.log);
	cr_expect_eq(
	    read_mem(HEAD "<item><title>a <b>b</b></title></item></channel></rss>", &s, &e), -1);
	cr_expect(strstr(e.msg, "<title> holds an element <b>"), "%s", e.msg);
	cr_expect_eq(e.line, 5);
	buf_free(&s.log);
	cr_expect_eq(
	    read_mem(HEAD "<item><wp:post_id>12a</wp:post_id></item></channel></rss>", &s, &e), -1);
	cr_expect(strstr(e.msg, "<wp:post_id> should be a number"), "%s", e.msg);
	buf_free(&s.log);
	cr_expect_eq(read_mem(HEAD "<item><wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>"
				   "<wp:post_type>page</wp:post_type></item></channel></rss>",
			      &s, &e),
		     -1);
	cr_expect(strstr(e.msg, "comes after the item's comments"), "%s", e.msg);
	buf_free(&s.log);
}

Test(wxr, fields_past_their_limit)
{
	struct seen s;
	struct wxr_error e;
	struct buf b = {0};
	buf_puts(&b, HEAD "<item><wp:post_id>3</wp:post_id><content:encoded "
			  "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[");
	for (size_t i = 0; i < WXR_CONTENT_MAX / 64 + 1; i++)
		buf_puts(&b, "0123456789012345678901234567890123456789012345678901234567890123");
	buf_puts(&b, "]]></content:encoded></item></channel></rss>");
	cr_assert_eq(read_mem(b.data, &s, &e), 0, "%s", e.msg);
	cr_expect(strstr(buf_str(&s.log), "item 3 - - []"), "the item comes without its text");
	buf_free(&s.log);
	buf_free(&b);
	/* A channel field has no item to leave out: the file is refused. */
	buf_puts(&b,
		 "<rss><channel><wp:base_site_url xmlns:wp=\"http://wordpress.org/export/1.2/\">");
	for (size_t i = 0; i < WXR_FIELD_MAX + 1; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "</wp:base_site_url></channel></rss>");
	cr_expect_eq(read_mem(b.data, &s, &e), -1);
	cr_expect(strstr(e.msg, "is longer than 4096 bytes"), "%s", e.msg);
	buf_free(&s.log);
	buf_free(&b);
}

Test(wxr, undeclared_prefixes_and_wxr_1_0)
{
	struct seen s;
	struct wxr_error e;
	cr_assert_eq(read_mem("<rss><channel><wp:base_site_url>http://o.example</wp:base_site_url>"
			      "<item><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type>"
			      "<title>Old</title></item></channel></rss>",
			      &s, &e),
		     0, "%s", e.msg);
	cr_expect_str_eq(buf_str(&s.log), "site 1.1 http://o.example\nitem 5 post Old []\n");
	buf_free(&s.log);
}
