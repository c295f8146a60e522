/* test_access_log: the combined-format line, what it leaves out, cut addresses, and a file
 * opened again after logrotate moved it. */
#include "http/access_log.h"
#include "util/buf.h"
#include "util/escape.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *addr_of(const char *in, int full)
{
	static char out[INET6_ADDRSTRLEN];
	access_log_addr(in, full, out);
	return out;
}

Test(access_log, addresses_are_cut_to_their_network)
{
	cr_expect_str_eq(addr_of("203.0.113.77", 0), "203.0.113.0");
	cr_expect_str_eq(addr_of("203.0.113.77", 1), "203.0.113.77");
	cr_expect_str_eq(addr_of("2001:db8:1:2:3:4:5:6", 0), "2001:db8:1::");
	cr_expect_str_eq(addr_of("2001:db8:1:2:3:4:5:6", 1), "2001:db8:1:2:3:4:5:6");
	cr_expect_str_eq(addr_of("2001:db8:ab:cdef::1", 0), "2001:db8:ab::");
	cr_expect_str_eq(addr_of("::ffff:198.51.100.9", 0), "198.51.100.0");
	cr_expect_str_eq(addr_of("::1", 0), "::");
	cr_expect_str_eq(addr_of("not an address", 0), "-");
	cr_expect_str_eq(addr_of("", 1), "-");
	cr_expect_str_eq(addr_of(NULL, 0), "-");
}

static const char *line_of(const struct access_entry *e, int full)
{
	static struct buf b;
	buf_reset(&b);
	access_log_format(&b, e, full);
	return buf_str(&b);
}

Test(access_log, combined_format)
{
	struct access_entry e = {
	    .addr = "198.51.100.23",
	    .time = 1793450136, /* 2026-10-31 12:35:36 UTC */
	    .method = "GET",
	    .target = "/posts/hello",
	    .protocol = "HTTP/1.1",
	    .status = 200,
	    .bytes = 2326,
	    .referer = "https://news.example/item",
	    .user_agent = "Mozilla/5.0 (X11)",
	};
	cr_expect_str_eq(
	    line_of(&e, 0),
	    "198.51.100.0 - - [31/Oct/2026:12:35:36 +0000] \"GET /posts/hello HTTP/1.1\" "
	    "200 2326 \"https://news.example/item\" \"Mozilla/5.0 (X11)\"\n");
	e.bytes = 0;
	e.referer = NULL;
	e.user_agent = "";
	e.status = 304;
	cr_expect_str_eq(line_of(&e, 1), "198.51.100.23 - - [31/Oct/2026:12:35:36 +0000] \"GET "
					 "/posts/hello HTTP/1.1\" 304 - \"-\" \"-\"\n");
}

Test(access_log, no_query_strings)
{
	struct access_entry e = {
	    .addr = "192.0.2.1",
	    .time = 0,
	    .method = "POST",
	    .target = "/admin/setup?token=SECRET",
	    .protocol = "HTTP/1.1",
	    .status = 303,
	    .referer = "https://press.example/admin/setup?token=SECRET#top",
	    .user_agent = "UA",
	};
	const char *l = line_of(&e, 0);
	cr_expect_null(strstr(l, "SECRET"), "%s", l);
	cr_expect_null(strstr(l, "#top"), "%s", l);
	cr_expect(strstr(l, "\"POST /admin/setup HTTP/1.1\" 303 - "
			    "\"https://press.example/admin/setup\" \"UA\""),
		  "%s", l);
}

Test(access_log, hostile_fields_stay_one_line)
{
	char big[3 * ACCESS_LOG_FIELD_MAX];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	struct access_entry e = {
	    .addr = "192.0.2.1",
	    .method = "G\"ET",
	    .target = "/a\"b\\c\r\nd\x01\xc3\xbc",
	    .protocol = "HTTP/1.1",
	    .status = 400,
	    .user_agent = big,
	    .referer = "x\" \"forged",
	};
	const char *l = line_of(&e, 0);
	cr_expect(strstr(l, "\"G\\\"ET /a\\\"b\\\\c\\x0D\\x0Ad\\x01\\xC3\\xBC HTTP/1.1\""), "%s",
		  l);
	cr_expect(strstr(l, "\"x\\\" \\\"forged\""), "%s", l);
	cr_expect_eq(strchr(l, '\n'), l + strlen(l) - 1, "one line");
	cr_expect_lt(strlen(l), 200 + ACCESS_LOG_FIELD_MAX, "the agent is cut");
}

Test(access_log, reopened_after_a_rename)
{
	char dir[] = "/tmp/bs-log-XXXXXX", path[64], moved[64], err[256];
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/access.log", dir);
	snprintf(moved, sizeof(moved), "%s/access.log.1", dir);
	struct access_log *l = access_log_open(path, 0, err, sizeof(err));
	cr_assert(l, "%s", err);
	struct access_entry e = {.addr = "192.0.2.9",
				 .method = "GET",
				 .target = "/one",
				 .protocol = "HTTP/1.1",
				 .status = 200};
	access_log_write(l, &e);
	cr_assert_eq(rename(path, moved), 0);
	e.target = "/two";
	access_log_write(l, &e); /* still into the moved file, as logrotate expects */
	cr_assert_eq(access_log_reopen(l, err, sizeof(err)), 0, "%s", err);
	e.target = "/three";
	access_log_write(l, &e);
	access_log_close(l);
	char text[512] = "";
	FILE *f = fopen(moved, "r");
	cr_assert(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	cr_expect(strstr(text, "GET /one ") && strstr(text, "GET /two ") && !strstr(text, "three"),
		  "%s", text);
	f = fopen(path, "r");
	cr_assert(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	cr_expect(strstr(text, "GET /three ") && !strstr(text, "/one"), "%s", text);
	cr_expect_null(access_log_open("/nonexistent-dir/x.log", 0, err, sizeof(err)));
	cr_expect(strstr(err, "--access-log /nonexistent-dir/x.log"), "%s", err);
	unlink(path);
	unlink(moved);
	rmdir(dir);
}
