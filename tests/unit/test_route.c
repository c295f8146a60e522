/* test_route: the URL scheme, path decoding and Accept-Encoding rules. */
#include "http/forwarded.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "http/route.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <string.h>
#include <zlib.h>

static struct route match(struct pool *p, const char *path)
{
	struct route r;
	route_match(path, strlen(path), p, &r);
	return r;
}

Test(route, pages)
{
	struct pool *p = pool_new();
	struct route r = match(p, "/");
	cr_expect_eq(r.id, R_HOME);
	r = match(p, "/posts/hello-world");
	cr_expect_eq(r.id, R_POST);
	cr_expect_str_eq(r.arg, "hello-world");
	r = match(p, "/posts/hello-world/");
	cr_expect_eq(r.id, R_POST);
	r = match(p, "/tag/%D0%94%D0%B0");
	cr_expect_eq(r.id, R_TAG);
	cr_expect_str_eq(r.arg, "Да");
	r = match(p, "/@mara");
	cr_expect_eq(r.id, R_AUTHOR);
	cr_expect_str_eq(r.arg, "mara");
	r = match(p, "/archive/2026/11");
	cr_expect_eq(r.id, R_MONTH);
	cr_expect_eq(r.year, 2026);
	cr_expect_eq(r.month, 11);
	cr_expect_eq(match(p, "/archive").id, R_ARCHIVE);
	cr_expect_eq(match(p, "/robots.txt").id, R_ROBOTS);
	cr_expect_eq(match(p, "/style.css").id, R_STYLE);
	cr_expect_eq(match(p, "/sitemap.xml").id, R_SITEMAP);
	cr_expect_eq(match(p, "/search").id, R_SEARCH);
	pool_free(p);
}

Test(route, feeds)
{
	struct pool *p = pool_new();
	struct route r = match(p, "/feed.atom");
	cr_expect_eq(r.id, R_FEED);
	cr_expect_eq(r.scope, R_HOME);
	cr_expect_eq(r.format, FEED_ATOM);
	cr_expect_eq(r.summary, 0);
	r = match(p, "/summary.json");
	cr_expect_eq(r.id, R_FEED);
	cr_expect_eq(r.format, FEED_JSON);
	cr_expect_eq(r.summary, 1);
	r = match(p, "/tag/Charter/feed.rss");
	cr_expect_eq(r.id, R_FEED);
	cr_expect_eq(r.scope, R_TAG);
	cr_expect_str_eq(r.arg, "Charter");
	cr_expect_eq(r.format, FEED_RSS);
	r = match(p, "/@mara/summary.atom");
	cr_expect_eq(r.scope, R_AUTHOR);
	cr_expect_str_eq(r.arg, "mara");
	cr_expect_eq(r.summary, 1);
	cr_expect_eq(match(p, "/feed.xml").id, R_NOTFOUND);
	cr_expect_eq(match(p, "/tag/x/feed").id, R_NOTFOUND);
	cr_expect_eq(match(p, "/tag//feed.atom").id, R_NOTFOUND);
	pool_free(p);
}

Test(route, query)
{
	struct pool *p = pool_new();
	struct route r = match(p, "/");
	route_query(&r, "before", "1700000000.42", p);
	cr_expect_eq(r.at.dir, 1);
	cr_expect_eq(r.at.t, 1700000000);
	cr_expect_eq(r.at.id, 42);
	cr_expect_not(r.bad_query);
	route_query(&r, "utm_source", "x", p);
	cr_expect_not(r.bad_query);
	route_query(&r, "after", "1.1", p);
	cr_expect(r.bad_query, "two cursors");
	const char *bad[] = {"", "abc", "1", "1.", ".1", "1.0", "1.-2", "1.2x", "1.2.3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = match(p, "/tag/x");
		route_query(&r, "after", bad[i], p);
		cr_expect(r.bad_query, "%s", bad[i]);
	}
	r = match(p, "/tag/x");
	route_query(&r, "after", "-86400.7", p);
	cr_expect_eq(r.at.dir, -1);
	cr_expect_eq(r.at.t, -86400);
	char q[64];
	route_cursor_query(&r.at, q, sizeof(q));
	cr_expect_str_eq(q, "?after=-86400.7");
	r = match(p, "/search");
	route_query(&r, "q", "a+%22b%22", p);
	route_query(&r, "page", "3", p);
	cr_expect_str_eq(r.q, "a \"b\"");
	cr_expect_eq(r.page, 3);
	route_query(&r, "page", "0", p);
	cr_expect(r.bad_query);
	r = match(p, "/posts/x");
	route_query(&r, "before", "junk", p);
	cr_expect_not(r.bad_query, "posts take no cursor");
	pool_free(p);
}

Test(route, not_found_and_bad)
{
	struct pool *p = pool_new();
	const char *missing[] = {"/page/2",	     "/posts/",	      "/posts/a/b", "/tag/",
				 "/archive/2026/13", "/archive/26/1", "/nothing"};
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		cr_expect_eq(match(p, missing[i]).id, R_NOTFOUND, "%s", missing[i]);
	const char *bad[] = {"", "nope", "/posts/%ZZ", "/posts/%4", "/posts/a%00b", "/tag/%FF"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(match(p, bad[i]).id, R_BAD, "%s", bad[i]);
	char longpath[ROUTE_MAX_PATH + 10];
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	cr_expect_eq(match(p, longpath).id, R_BAD);
	pool_free(p);
}

Test(route, decode_query)
{
	struct pool *p = pool_new();
	cr_expect_str_eq(route_decode("a+b%21", 6, 1, p), "a b!");
	cr_expect_str_eq(route_decode("a+b", 3, 0, p), "a+b");
	cr_expect_null(route_decode("%C3", 3, 1, p));
	cr_expect_null(route_decode("%", 1, 1, p));
	pool_free(p);
}

Test(gzip, accepted)
{
	cr_expect(gzip_accepted("gzip"));
	cr_expect(gzip_accepted("deflate, gzip;q=0.5"));
	cr_expect(gzip_accepted("br, GZIP"));
	cr_expect_not(gzip_accepted("gzip;q=0"));
	cr_expect_not(gzip_accepted("gzip; q=0.000"));
	cr_expect_not(gzip_accepted("x-gzipped"));
	cr_expect_not(gzip_accepted("deflate"));
	cr_expect_not(gzip_accepted(NULL));
}

Test(gzip, round_trip)
{
	const char *text = "<p>Hello, hello, hello, hello, hello press.</p>";
	struct buf z = {0};
	cr_assert_eq(gzip_compress(text, strlen(text), &z), 0);
	cr_expect_eq((unsigned char)z.data[0], 0x1f);
	cr_expect_eq((unsigned char)z.data[1], 0x8b);
	char out[256];
	z_stream s = {0};
	cr_assert_eq(inflateInit2(&s, 31), Z_OK);
	s.next_in = (Bytef *)z.data;
	s.avail_in = (uInt)z.len;
	s.next_out = (Bytef *)out;
	s.avail_out = sizeof(out);
	cr_expect_eq(inflate(&s, Z_FINISH), Z_STREAM_END);
	cr_expect_eq(s.total_out, strlen(text));
	cr_expect_eq(memcmp(out, text, strlen(text)), 0);
	inflateEnd(&s);
	buf_free(&z);
}

Test(httpdate, round_trip)
{
	char d[32];
	http_date_format(784111777, d);
	cr_expect_str_eq(d, "Sun, 06 Nov 1994 08:49:37 GMT");
	long long t;
	cr_expect_eq(http_date_parse(d, &t), 0);
	cr_expect_eq(t, 784111777);
	const char *bad[] = {"Sunday, 06-Nov-94 08:49:37 GMT",
			     "Sun Nov  6 08:49:37 1994",
			     "",
			     "Sun, 31 Feb 1994 08:49:37 GMT",
			     "Sun, 06 Nov 1994 25:49:37 GMT",
			     "Sun, 06 Nov 1994 08:49:37 UTC"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(http_date_parse(bad[i], &t), -1, "%s", bad[i]);
}

Test(forwarded, last_entry_only)
{
	char a[INET6_ADDRSTRLEN];
	cr_assert_eq(forwarded_addr("203.0.113.5", a), 0);
	cr_expect_str_eq(a, "203.0.113.5");
	cr_assert_eq(forwarded_addr("10.0.0.1, 198.51.100.7", a), 0);
	cr_expect_str_eq(a, "198.51.100.7", "a client's own entries are not believed");
	cr_assert_eq(forwarded_addr("1.2.3.4,2001:DB8::0:1 ", a), 0);
	cr_expect_str_eq(a, "2001:db8::1", "canonical form, so one address has one key");
	cr_expect_eq(forwarded_addr("", a), -1);
	cr_expect_eq(forwarded_addr("1.2.3.4, ", a), -1);
	cr_expect_eq(forwarded_addr("1.2.3.4, evil", a), -1);
	cr_expect_eq(forwarded_addr("1.2.3.4 5.6.7.8", a), -1);
	cr_expect_eq(forwarded_addr("999.1.1.1", a), -1);
}
