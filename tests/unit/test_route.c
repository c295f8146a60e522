/* test_route: matching paths against the route table, query values, cache keys, path decoding
 * and Accept-Encoding rules. */
#include "http/forwarded.h"
#include "util/addrkey.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "route/route.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <string.h>
#include <zlib.h>

/* The pattern of the row a GET of path finds, or "404" / "400"; the values in *v. */
static const char *match(struct pool *p, const char *path, struct route *v)
{
	struct route_match m;
	route_find(RM_GET, path, strlen(path), p, &m);
	if (v)
		*v = m.values;
	return m.bad ? "400" : m.row ? m.row->pattern : "404";
}

Test(route, pages)
{
	struct pool *p = pool_new();
	struct route r;
	cr_expect_str_eq(match(p, "/", &r), "/");
	cr_expect_str_eq(match(p, "/posts/hello-world", &r), "/posts/{slug}");
	cr_expect_str_eq(r.arg, "hello-world");
	cr_expect_not(r.arg_folds);
	cr_expect_str_eq(match(p, "/posts/hello-world/", &r), "/posts/{slug}");
	cr_expect_str_eq(match(p, "/tag/%D0%94%D0%B0", &r), "/tag/{tag}");
	cr_expect_str_eq(r.arg, "Да");
	cr_expect(r.arg_folds);
	cr_expect_str_eq(match(p, "/@mara", &r), "/@{handle}");
	cr_expect_str_eq(r.arg, "mara");
	cr_expect_str_eq(match(p, "/archive/2026/11", &r), "/archive/{yyyy}/{mm}");
	cr_expect_eq(r.year, 2026);
	cr_expect_eq(r.month, 11);
	cr_expect_str_eq(match(p, "/archive", NULL), "/archive");
	cr_expect_str_eq(match(p, "/robots.txt", NULL), "/robots.txt");
	cr_expect_str_eq(match(p, "/style.css", NULL), "/style.css");
	cr_expect_str_eq(match(p, "/sitemap.xml", NULL), "/sitemap.xml");
	cr_expect_str_eq(match(p, "/search", NULL), "/search");
	cr_expect_str_eq(match(p, "/posts/a/reply/12", &r), "/posts/{slug}/reply/{cid}");
	cr_expect_eq(r.cid, 12);
	cr_expect_str_eq(match(p, "/admin/posts/7/revisions/9", &r),
			 "/admin/posts/{id}/revisions/{rev}");
	cr_expect_eq(r.id, 7);
	cr_expect_eq(r.rev, 9);
	pool_free(p);
}

Test(route, feeds)
{
	struct pool *p = pool_new();
	struct route r;
	cr_expect_str_eq(match(p, "/feed.atom", &r), "/{feed}");
	cr_expect_eq(r.format, FEED_ATOM);
	cr_expect_eq(r.summary, 0);
	cr_expect_str_eq(match(p, "/summary.json", &r), "/{feed}");
	cr_expect_eq(r.format, FEED_JSON);
	cr_expect_eq(r.summary, 1);
	cr_expect_str_eq(match(p, "/tag/Charter/feed.rss", &r), "/tag/{tag}/{feed}");
	cr_expect_str_eq(r.arg, "Charter");
	cr_expect_eq(r.format, FEED_RSS);
	cr_expect_str_eq(match(p, "/@mara/summary.atom", &r), "/@{handle}/{feed}");
	cr_expect_str_eq(r.arg, "mara");
	cr_expect_eq(r.summary, 1);
	cr_expect_str_eq(match(p, "/posts/x/comments.json", &r), "/posts/{slug}/comments.{fext}");
	cr_expect_eq(r.format, FEED_JSON);
	/* Not a feed: a page's address (no page can be called so) or an old one, 404 unless an
	 * import left it. */
	cr_expect_str_eq(match(p, "/feed.xml", NULL), "/{slug}");
	cr_expect_str_eq(match(p, "/tag/x/feed", NULL), "/{path}");
	cr_expect_str_eq(match(p, "/tag//feed.atom", NULL), "404");
	pool_free(p);
}

/* The values of a GET of path after one query parameter. */
static struct route with_query(struct pool *p, const char *path, const char *k, const char *v)
{
	struct route_match m;
	route_find(RM_GET, path, strlen(path), p, &m);
	cr_assert(m.row, "%s", path);
	route_query(&m.values, m.row->query, k, v, p);
	return m.values;
}

Test(route, query)
{
	struct pool *p = pool_new();
	struct route_match m;
	route_find(RM_GET, "/", 1, p, &m);
	struct route r = m.values;
	route_query(&r, m.row->query, "before", "1700000000.42", p);
	cr_expect_eq(r.at.dir, 1);
	cr_expect_eq(r.at.t, 1700000000);
	cr_expect_eq(r.at.id, 42);
	cr_expect_not(r.bad_query);
	route_query(&r, m.row->query, "utm_source", "x", p);
	cr_expect_not(r.bad_query);
	route_query(&r, m.row->query, "after", "1.1", p);
	cr_expect(r.bad_query, "two cursors");
	const char *bad[] = {"", "abc", "1", "1.", ".1", "1.0", "1.-2", "1.2x", "1.2.3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect(with_query(p, "/tag/x", "after", bad[i]).bad_query, "%s", bad[i]);
	r = with_query(p, "/tag/x", "after", "-86400.7");
	cr_expect_eq(r.at.dir, -1);
	cr_expect_eq(r.at.t, -86400);
	char q[64];
	route_cursor_query(&r.at, q, sizeof(q));
	cr_expect_str_eq(q, "?after=-86400.7");
	route_find(RM_GET, "/search", 7, p, &m);
	r = m.values;
	route_query(&r, m.row->query, "q", "a+%22b%22", p);
	route_query(&r, m.row->query, "page", "3", p);
	cr_expect_str_eq(r.q, "a \"b\"");
	cr_expect_eq(r.page, 3);
	route_query(&r, m.row->query, "page", "0", p);
	cr_expect(r.bad_query);
	cr_expect_not(with_query(p, "/posts/x", "before", "junk").bad_query,
		      "posts take no cursor");
	cr_expect_str_eq(with_query(p, "/style.css", "v", "<script>").q, "",
			 "only a hex version can match");
	pool_free(p);
}

Test(route, not_found_and_bad)
{
	struct pool *p = pool_new();
	/* What no named row answers reaches the page row (one segment) or the old addresses'
	 * row, whose handlers answer 404 unless a page or an imported address is there. */
	const char *missing[] = {"/page/2",	     "/posts/",	      "/posts/a/b", "/tag/",
				 "/archive/2026/13", "/archive/26/1", "/nothing"};
	const char *rows[] = {"/{path}", "/{slug}", "/{path}", "/{slug}",
			      "/{path}", "/{path}", "/{slug}"};
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		cr_expect_str_eq(match(p, missing[i], NULL), rows[i], "%s", missing[i]);
	cr_expect_str_eq(match(p, "/a//b", NULL), "404");
	const char *bad[] = {"", "nope", "/posts/%ZZ", "/posts/%4", "/posts/a%00b", "/tag/%FF"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_str_eq(match(p, bad[i], NULL), "400", "%s", bad[i]);
	char longpath[ROUTE_MAX_PATH + 10];
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	cr_expect_str_eq(match(p, longpath, NULL), "400");
	pool_free(p);
}

static int answer_none(struct req *r, struct page_out *out)
{
	(void)r;
	(void)out;
	return 0;
}

/* RF_NOLOG keeps a path out of the access log whichever of its rows answers, and a 405 too. */
Test(route, nolog_covers_the_path)
{
	static const struct route_row rows[] = {
	    {RM_READ, "/posts/{slug}", BODY_NONE, 0, ACCESS_ANYONE, 0, CACHE_NONE, 0, 0,
	     answer_none, 0},
	    {RM_POST, "/reports", BODY_FORM, 1024, ACCESS_ANYONE, 0, CACHE_NONE, RF_NOLOG, 0,
	     answer_none, 0},
	    {RM_READ, "/reports/{id}", BODY_NONE, 0, ACCESS_ANYONE, 0, CACHE_NONE, 0, 0,
	     answer_none, 0},
	    {RM_POST, "/reports/{id}", BODY_FORM, 1024, ACCESS_ANYONE, 0, CACHE_NONE, RF_NOLOG, 0,
	     answer_none, 0},
	};
	const size_t n = sizeof(rows) / sizeof(rows[0]);
	struct pool *p = pool_new();
	struct route_match m;
	route_find_in(rows, n, RM_POST, "/reports", 8, p, &m);
	cr_expect(m.row == &rows[1] && m.nolog, "the row itself");
	route_find_in(rows, n, RM_GET, "/reports/", 9, p, &m);
	cr_expect(!m.row && m.allow == RM_POST && m.nolog, "a 405 at its path");
	route_find_in(rows, n, RM_GET, "/reports/7", 10, p, &m);
	cr_expect(m.row == &rows[2] && m.nolog, "an earlier row of a path a later one keeps out");
	route_find_in(rows, n, RM_GET, "/posts/a", 8, p, &m);
	cr_expect(m.row == &rows[0] && !m.nolog, "other paths are logged");
	route_find_in(rows, n, RM_GET, "/nothing", 8, p, &m);
	cr_expect(!m.row && !m.nolog);
	pool_free(p);
}

Test(route, cache_keys)
{
	struct pool *p = pool_new();
	struct route_match a, b;
	route_find(RM_GET, "/tag/Foo", 8, p, &a);
	route_find(RM_GET, "/tag/%46OO/", 11, p, &b);
	cr_expect_str_eq(route_cache_key(a.row, &a.values, p), route_cache_key(b.row, &b.values, p),
			 "any spelling of a tag is one page");
	route_find(RM_GET, "/posts/Foo", 10, p, &a);
	route_find(RM_GET, "/posts/foo", 10, p, &b);
	cr_expect_str_neq(route_cache_key(a.row, &a.values, p),
			  route_cache_key(b.row, &b.values, p), "slugs keep their case");
	/* A slug cannot spell its way into another row's key. */
	route_find(RM_GET, "/posts/a%251.0", 14, p, &a);
	cr_expect(strstr(route_cache_key(a.row, &a.values, p), "/a%251.0/") != NULL);
	route_find(RM_GET, "/posts/open", 11, p, &a);
	const char *key = route_cache_key(a.row, &a.values, p);
	cr_expect(route_key_shows_comments(key, "open"));
	cr_expect_not(route_key_shows_comments(key, "ope"));
	route_find(RM_GET, "/", 1, p, &a);
	cr_expect(route_key_shows_comments(route_cache_key(a.row, &a.values, p), "open"));
	route_find(RM_GET, "/archive", 8, p, &a);
	cr_expect_not(route_key_shows_comments(route_cache_key(a.row, &a.values, p), "open"));
	/* The home page's key is the same as ever; only WordPress's ?p=ID has its own, and a p
	 * that is no number is no old address. */
	route_find(RM_GET, "/", 1, p, &a);
	const char *home = route_cache_key(a.row, &a.values, p);
	cr_expect(strstr(home, "p=") == NULL, "%s", home);
	route_query(&a.values, a.row->query, "p", "12", p);
	cr_expect_eq(a.values.old_id, 12);
	cr_expect_str_neq(route_cache_key(a.row, &a.values, p), home);
	route_find(RM_GET, "/", 1, p, &b);
	route_query(&b.values, b.row->query, "p", "x", p);
	route_query(&b.values, b.row->query, "utm", "y", p);
	cr_expect_not(b.values.bad_query);
	cr_expect_str_eq(route_cache_key(b.row, &b.values, p), home);
	route_find(RM_GET, "/", 1, p, &b);
	route_query(&b.values, b.row->query, "page_id", "7", p);
	cr_expect_eq(b.values.old_id, 7);
	/* Other rows do not read it. */
	route_find(RM_GET, "/archive", 8, p, &b);
	route_query(&b.values, b.row->query, "p", "12", p);
	cr_expect_eq(b.values.old_id, 0);
	pool_free(p);
}

Test(route, journal)
{
	struct pool *p = pool_new();
	struct route r;
	cr_expect_str_eq(match(p, "/journal", NULL), "/journal");
	cr_expect_str_eq(match(p, "/journal/feed.atom", NULL), "/journal/feed.atom");
	cr_expect_str_eq(match(p, "/journal/2/11", &r), "/journal/{volume}/{number}");
	cr_expect_eq(r.volume, 2);
	cr_expect_eq(r.number, 11);
	cr_expect_str_eq(match(p, "/journal/2/11.epub", &r), "/journal/{volume}/{number}.epub");
	cr_expect_eq(r.number, 11);
	cr_expect_str_eq(match(p, "/journal/0/1", NULL), "/{path}", "numbers start at 1");
	cr_expect_str_eq(match(p, "/journal/1/01", NULL), "/{path}", "one spelling of a number");
	cr_expect_str_eq(match(p, "/journal/1/10000", NULL), "/{path}", "at most 9999");
	cr_expect_str_eq(match(p, "/journal/1/3.pdf", NULL), "/{path}");
	struct route_match a, b;
	route_find(RM_GET, "/journal/1/2", 12, p, &a);
	route_find(RM_GET, "/journal/2/1", 12, p, &b);
	cr_expect_str_neq(route_cache_key(a.row, &a.values, p),
			  route_cache_key(b.row, &b.values, p), "each issue is its own page");
	cr_expect(a.row->flags & RF_SESSION, "writers may see more than readers");
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

Test(guard, address_keys)
{
	char k[GUARD_KEY_LEN];
	cr_assert_eq(guard_text_key("203.0.113.5", k), 0);
	cr_expect_str_eq(k, "203.0.113.5");
	/* One home or host is given a whole /64: its addresses count as one. */
	cr_assert_eq(guard_text_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", k), 0);
	cr_expect_str_eq(k, "2001:db8:1:2::/64");
	char k2[GUARD_KEY_LEN];
	cr_assert_eq(guard_text_key("2001:db8:1:2::1", k2), 0);
	cr_expect_str_eq(k, k2);
	cr_assert_eq(guard_text_key("2001:db8:1:3::1", k2), 0);
	cr_expect_str_neq(k, k2);
	cr_assert_eq(guard_text_key("::ffff:198.51.100.7", k), 0);
	cr_expect_str_eq(k, "198.51.100.7", "an IPv4-mapped address is the IPv4 one");
	cr_expect_eq(guard_text_key("not an address", k), -1);
}
