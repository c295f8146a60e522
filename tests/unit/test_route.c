/* test_route: the URL scheme, path decoding and Accept-Encoding rules. */
#include "http/gzip.h"
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
	cr_expect_eq(r.page, 1);
	r = match(p, "/page/3");
	cr_expect_eq(r.id, R_HOME);
	cr_expect_eq(r.page, 3);
	r = match(p, "/posts/hello-world");
	cr_expect_eq(r.id, R_POST);
	cr_expect_str_eq(r.arg, "hello-world");
	r = match(p, "/posts/hello-world/");
	cr_expect_eq(r.id, R_POST);
	r = match(p, "/tag/%D0%94%D0%B0");
	cr_expect_eq(r.id, R_TAG);
	cr_expect_str_eq(r.arg, "Да");
	r = match(p, "/tag/Foo/page/2");
	cr_expect_eq(r.id, R_TAG);
	cr_expect_str_eq(r.arg, "Foo");
	cr_expect_eq(r.page, 2);
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
	pool_free(p);
}

Test(route, not_found_and_bad)
{
	struct pool *p = pool_new();
	const char *missing[] = {"/page/0",	  "/page/abc", "/page/",	"/posts/",
				 "/posts/a/b",	  "/tag/",     "/tag/x/page/0", "/archive/2026/13",
				 "/archive/26/1", "/nothing",  "/page/999999"};
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
