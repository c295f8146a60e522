/* match: decoding a request path and its query, and matching them against the route table. */
#include "route/route.h"
#include "util/buf.h"
#include "util/casefold.h"
#include "util/escape.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *route_decode(const char *s, size_t len, int plus_is_space, struct pool *pool)
{
	char *out = pool_alloc(pool, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= len)
				return NULL;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (!utf8_valid(out, n, NULL))
		return NULL;
	return out;
}

unsigned route_method_of(const char *method)
{
	if (strcmp(method, "GET") == 0)
		return RM_GET;
	if (strcmp(method, "HEAD") == 0)
		return RM_HEAD;
	if (strcmp(method, "POST") == 0)
		return RM_POST;
	return 0;
}

/* A number of 1 to 18 digits without a leading zero; 0 when s is anything else. */
static long long parse_id(const char *s, size_t n)
{
	long long v = 0;
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int digits(const char *s, size_t n, size_t want, int *v)
{
	if (n != want || strspn(s, "0123456789") < n)
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + (s[i] - '0');
	return 0;
}

static int feed_ext(const char *s, size_t n, struct route *out)
{
	static const char *const ext[] = {
	    [FEED_ATOM] = "atom", [FEED_RSS] = "rss", [FEED_JSON] = "json"};
	for (int i = 0; i < 3; i++) {
		if (strlen(ext[i]) == n && strncmp(s, ext[i], n) == 0) {
			out->format = (enum feed_format)i;
			return 0;
		}
	}
	return -1;
}

/* "feed.atom", "summary.json", ...: the format and whether entries carry excerpts only. */
static int feed_name(const char *s, size_t n, struct route *out)
{
	const char *dot = memchr(s, '.', n);
	if (!dot)
		return -1;
	size_t base = (size_t)(dot - s);
	if (base == 4 && strncmp(s, "feed", 4) == 0)
		out->summary = 0;
	else if (base == 7 && strncmp(s, "summary", 7) == 0)
		out->summary = 1;
	else
		return -1;
	return feed_ext(dot + 1, n - base - 1, out);
}

/* HASH.EXT of a medium: 64 hex digits, a dot, 3 or 4 lowercase letters. */
static int media_name(const char *s, size_t n)
{
	return n >= 68 && n <= 69 && strspn(s, "0123456789abcdef") == 64 && s[64] == '.' &&
	       strspn(s + 65, "abcdefghijklmnopqrstuvwxyz") == n - 65;
}

static int parse_cursor(const char *s, struct cursor *c);

/* Reads one {type} value of n bytes at s into out. 0, or -1 when it does not fit the type. */
static int take_value(const char *type, size_t tlen, const char *s, size_t n, struct pool *pool,
		      struct route *out)
{
#define IS(t) (tlen == sizeof(t) - 1 && strncmp(type, t, tlen) == 0)
	int v;
	if (IS("slug") || IS("tag") || IS("handle")) {
		if (n == 0)
			return -1;
		out->arg = pool_strndup(pool, s, n);
		out->arg_folds = !IS("slug");
		return 0;
	}
	if (IS("id"))
		return (out->id = parse_id(s, n)) ? 0 : -1;
	if (IS("rev"))
		return (out->rev = parse_id(s, n)) ? 0 : -1;
	if (IS("cid"))
		return (out->cid = parse_id(s, n)) ? 0 : -1;
	if (IS("to"))
		return (out->to = parse_id(s, n)) ? 0 : -1;
	if (IS("n"))
		return (out->n = parse_id(s, n)) ? 0 : -1;
	if (IS("yyyy"))
		return digits(s, n, 4, &out->year);
	if (IS("mm"))
		return digits(s, n, 2, &v) == 0 && v >= 1 && v <= 12 ? (out->month = v, 0) : -1;
	if (IS("volume") || IS("number")) {
		long long x = parse_id(s, n);
		if (x < 1 || x > 9999)
			return -1;
		*(IS("volume") ? &out->volume : &out->number) = (int)x;
		return 0;
	}
	if (IS("before") || IS("after")) {
		/* A listing's page in its path ("/older/T.ID"), as a static copy can serve it. */
		char text[48];
		struct cursor c = {.dir = IS("before") ? 1 : -1};
		if (n == 0 || n >= sizeof(text))
			return -1;
		memcpy(text, s, n);
		text[n] = '\0';
		if (parse_cursor(text, &c) != 0)
			return -1;
		out->at = c;
		return 0;
	}
	if (IS("feed"))
		return feed_name(s, n, out);
	if (IS("fext"))
		return feed_ext(s, n, out);
	if (IS("token")) {
		/* A link's token: 43 characters of base64url. */
		if (n != 43 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					 "0123456789-_") < 43)
			return -1;
		out->arg = pool_strndup(pool, s, n);
		return 0;
	}
	if (IS("media") || IS("hash")) {
		if (IS("media") ? !media_name(s, n)
				: (n != 64 || strspn(s, "0123456789abcdef") < 64))
			return -1;
		out->arg = pool_strndup(pool, s, n);
		return 0;
	}
#undef IS
	return -1;
}

/* One segment of a pattern (pattern[0..plen)) against one of the path (s[0..n)). */
static int segment(const char *pat, size_t plen, const char *s, size_t n, struct pool *pool,
		   struct route *out)
{
	const char *open = memchr(pat, '{', plen);
	if (!open)
		return plen == n && memcmp(pat, s, n) == 0 ? 0 : -1;
	const char *close = memchr(open, '}', plen - (size_t)(open - pat));
	size_t pre = (size_t)(open - pat), post = plen - (size_t)(close + 1 - pat);
	if (n < pre + post || memcmp(pat, s, pre) != 0 ||
	    memcmp(close + 1, s + n - post, post) != 0)
		return -1;
	return take_value(open + 1, (size_t)(close - open - 1), s + pre, n - pre - post, pool, out);
}

int route_pattern_match(const char *pattern, const char *path, struct pool *pool, struct route *out)
{
	const char *p = pattern, *s = path;
	if (strcmp(pattern, "/") == 0)
		return strcmp(path, "/") == 0;
	while (*p == '/' && *s == '/') {
		p++, s++;
		if (strcmp(p, "{path}") == 0) {
			/* The rest of the path: one or more segments, none of them empty. */
			if (!*s || strstr(s, "//") || s[strlen(s) - 1] == '/')
				return 0;
			out->arg = pool_strdup(pool, s);
			return 1;
		}
		size_t plen = strcspn(p, "/"), n = strcspn(s, "/");
		if (segment(p, plen, s, n, pool, out) != 0)
			return 0;
		p += plen, s += n;
	}
	return *p == '\0' && *s == '\0';
}

void route_find(unsigned method, const char *path, size_t len, struct pool *pool,
		struct route_match *m)
{
	route_find_in(route_table, route_table_len, method, path, len, pool, m);
}

void route_find_in(const struct route_row *table, size_t ntable, unsigned method, const char *path,
		   size_t len, struct pool *pool, struct route_match *m)
{
	memset(m, 0, sizeof(*m));
	m->values.page = 1;
	if (len == 0 || len > ROUTE_MAX_PATH || path[0] != '/') {
		m->bad = 1;
		return;
	}
	char *p = route_decode(path, len, 0, pool);
	if (!p) {
		m->bad = 1; /* utf8_valid also refused any %00 */
		return;
	}
	size_t n = strlen(p);
	if (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	for (size_t i = 0; i < ntable; i++) {
		const struct route_row *row = &table[i];
		struct route v = {.page = 1};
		if ((row->flags & RF_FALLBACK) && m->allow)
			continue;
		if (!route_pattern_match(row->pattern, p, pool, &v))
			continue;
		/* A path that a row keeps out of the log stays out whichever row answers. */
		if (row->flags & RF_NOLOG)
			m->nolog = 1;
		if ((row->flags & RF_FALLBACK) && !(row->methods & method))
			continue;
		if (!(row->methods & method)) {
			m->allow |= row->methods;
			continue;
		}
		m->row = row;
		m->values = v;
		/* Later rows of the same path may still keep it out of the log. */
		for (size_t j = i + 1; j < ntable && !m->nolog; j++) {
			struct route w = {.page = 1};
			if ((table[j].flags & RF_NOLOG) &&
			    route_pattern_match(table[j].pattern, p, pool, &w))
				m->nolog = 1;
		}
		return;
	}
}

/* Reads "T.ID" (T may be negative, ID positive), nothing before or after. */
static int parse_cursor(const char *s, struct cursor *c)
{
	char *end;
	if (!*s || strlen(s) > 40)
		return -1;
	long long t = strtoll(s, &end, 10);
	if (end == s || *end != '.' || end[1] < '0' || end[1] > '9')
		return -1;
	const char *idp = end + 1;
	long long id = strtoll(idp, &end, 10);
	if (*end || id < 1)
		return -1;
	c->t = t;
	c->id = id;
	return 0;
}

void route_query(struct route *r, unsigned row_query, const char *key, const char *value,
		 struct pool *pool)
{
	if (!value)
		value = "";
	if ((row_query & RQ_CURSOR) && (strcmp(key, "before") == 0 || strcmp(key, "after") == 0)) {
		struct cursor c = {.dir = key[0] == 'b' ? 1 : -1};
		if (r->at.dir || parse_cursor(value, &c) != 0)
			r->bad_query = 1;
		else
			r->at = c;
	} else if ((row_query & RQ_SEARCH) && strcmp(key, "q") == 0) {
		char *q = route_decode(value, strlen(value), 1, pool);
		if (!q || strlen(q) > ROUTE_MAX_QUERY)
			r->bad_query = 1;
		else
			r->q = q;
	} else if ((row_query & RQ_SEARCH) && strcmp(key, "page") == 0) {
		char *end;
		long v = strtol(value, &end, 10);
		if (*end || end == value || v < 1 || v > ROUTE_MAX_SEARCH_PAGE)
			r->bad_query = 1;
		else
			r->page = (int)v;
	} else if ((row_query & RQ_MINE) &&
		   (strcmp(key, "mine") == 0 || strcmp(key, "held") == 0)) {
		long long id = parse_id(value, strlen(value));
		if (!id)
			r->bad_query = 1;
		r->cid = id;
		r->held = key[0] == 'h';
	} else if ((row_query & RQ_OLD_ID) &&
		   (strcmp(key, "p") == 0 || strcmp(key, "page_id") == 0)) {
		/* Anything but a number is no old address: the page as it is. */
		r->old_id = parse_id(value, strlen(value));
	} else if ((row_query & RQ_RESOURCE) && strcmp(key, "resource") == 0) {
		char *v = route_decode(value, strlen(value), 0, pool);
		if (!v || strlen(v) > ROUTE_MAX_PATH)
			r->bad_query = 1;
		else
			r->q = v;
	} else if ((row_query & RQ_VERSION) && strcmp(key, "v") == 0) {
		/* Only a hex version can match; anything else is simply not the current one. */
		r->q = strlen(value) <= 32 && strspn(value, "0123456789abcdef") == strlen(value)
			   ? pool_strdup(pool, value)
			   : "";
	}
}

void route_cursor_query(const struct cursor *c, char *out, size_t outlen)
{
	if (!c->dir)
		snprintf(out, outlen, "%s", "");
	else
		snprintf(out, outlen, "?%s=%lld.%lld", c->dir > 0 ? "before" : "after", c->t,
			 c->id);
}

const char *route_cache_key(const struct route_row *row, const struct route *r, struct pool *pool)
{
	struct buf b = {0};
	buf_printf(&b, "%zu/", (size_t)(row - route_table));
	if (r->arg) {
		/* %-escaped, so that no arg can spell the separator of the parts after it. */
		struct buf folded = {0};
		if (r->arg_folds)
			casefold(&folded, r->arg, strlen(r->arg));
		else
			buf_puts(&folded, r->arg);
		esc_url_component(&b, buf_str(&folded), folded.len);
		buf_free(&folded);
	}
	buf_printf(&b, "/%d.%d/%d-%d/%d.%d/%lld.%lld.%lld/", (int)r->format, r->summary, r->year,
		   r->month, r->volume, r->number, r->id, r->rev, r->to);
	if (row->query & RQ_SEARCH) {
		buf_puts(&b, "?q=");
		if (r->q)
			esc_url_component(&b, r->q, strlen(r->q));
		buf_printf(&b, "&page=%d", r->page);
	} else if (row->query & RQ_VERSION) {
		buf_printf(&b, "?v=%s", r->q ? r->q : "");
	} else {
		char cursor[64];
		route_cursor_query(&r->at, cursor, sizeof(cursor));
		buf_puts(&b, cursor);
	}
	/* Only a request for an old address has it in its key: readers' keys stay as they were. */
	if ((row->query & RQ_OLD_ID) && r->old_id)
		buf_printf(&b, "&p=%lld", r->old_id);
	const char *key = pool_strdup(pool, b.data);
	buf_free(&b);
	return key;
}

int route_key_shows_comments(const char *key, const char *slug)
{
	char *end;
	unsigned long i = strtoul(key, &end, 10);
	if (end == key || *end != '/' || i >= route_table_len)
		return 0;
	const struct route_row *row = &route_table[i];
	if (row->flags & RF_COMMENT_COUNTS)
		return 1;
	if (!(row->flags & RF_SHOWS_COMMENTS))
		return 0;
	struct buf want = {0};
	esc_url_component(&want, slug, strlen(slug));
	buf_putc(&want, '/');
	int yes = strncmp(end + 1, want.data, want.len) == 0;
	buf_free(&want);
	return yes;
}

const char *route_allow_header(unsigned methods)
{
	/* Every combination a row can have, spelled once. */
	static const char *const names[8] = {
	    "", "GET", "HEAD", "GET, HEAD", "POST", "GET, POST", "HEAD, POST", "GET, HEAD, POST",
	};
	return names[methods & 7];
}
