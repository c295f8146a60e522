/* route: decoding a request path and its query, and matching them against the URL scheme. */
#include "http/route.h"
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

static int two_digits(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

static int parse_month(const char *s, struct route *out)
{
	int a, b, m;
	if (strlen(s) != 7 || s[4] != '/' || two_digits(s, &a) || two_digits(s + 2, &b) ||
	    two_digits(s + 5, &m) || m < 1 || m > 12)
		return -1;
	out->year = a * 100 + b;
	out->month = m;
	return 0;
}

/* "feed.atom", "summary.json", ...: sets the feed fields, or returns -1. */
static int parse_feed_name(const char *s, struct route *out)
{
	static const char *const ext[] = {
	    [FEED_ATOM] = "atom", [FEED_RSS] = "rss", [FEED_JSON] = "json"};
	const char *dot = strchr(s, '.');
	if (!dot)
		return -1;
	size_t base = (size_t)(dot - s);
	if (base == 4 && strncmp(s, "feed", 4) == 0)
		out->summary = 0;
	else if (base == 7 && strncmp(s, "summary", 7) == 0)
		out->summary = 1;
	else
		return -1;
	for (int i = 0; i < 3; i++) {
		if (strcmp(dot + 1, ext[i]) == 0) {
			out->format = (enum feed_format)i;
			return 0;
		}
	}
	return -1;
}

/* NAME or NAME/feed.EXT after /tag/ or /@. */
static void name_route(char *rest, enum route_id id, struct route *out)
{
	char *slash = strchr(rest, '/');
	if (!*rest || rest == slash)
		return;
	if (slash) {
		*slash = '\0';
		if (parse_feed_name(slash + 1, out) != 0)
			return;
		out->scope = id;
		out->id = R_FEED;
	} else {
		out->id = id;
	}
	out->arg = rest;
}

/* A comment id: 1 to 18 digits, nothing else. */
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

/* SLUG, SLUG/comments, SLUG/reply/ID or SLUG/comment/ID/edit. */
static void post_route(char *rest, struct route *out)
{
	char *slash = strchr(rest, '/');
	if (!*rest || rest == slash)
		return;
	out->arg = rest;
	if (!slash) {
		out->id = R_POST;
		return;
	}
	*slash = '\0';
	char *tail = slash + 1;
	if (strcmp(tail, "comments") == 0) {
		out->id = R_COMMENT_NEW;
	} else if (strncmp(tail, "comments.", 9) == 0) {
		/* comments.atom, comments.rss, comments.json: the post's comment feed. */
		char name[16];
		snprintf(name, sizeof(name), "feed.%s", tail + 9);
		if (strlen(tail + 9) < 6 && parse_feed_name(name, out) == 0) {
			out->id = R_FEED;
			out->scope = R_POST;
		}
	} else if (strncmp(tail, "reply/", 6) == 0) {
		if ((out->cid = parse_id(tail + 6, strlen(tail + 6))))
			out->id = R_COMMENT_REPLY;
	} else if (strncmp(tail, "comment/", 8) == 0) {
		char *end = strchr(tail + 8, '/');
		if (end && strcmp(end, "/edit") == 0 &&
		    (out->cid = parse_id(tail + 8, (size_t)(end - tail - 8))))
			out->id = R_COMMENT_EDIT;
	}
}

void route_match(const char *path, size_t len, struct pool *pool, struct route *out)
{
	memset(out, 0, sizeof(*out));
	out->page = 1;
	out->id = R_BAD;
	if (len == 0 || len > ROUTE_MAX_PATH || path[0] != '/')
		return;
	char *p = route_decode(path, len, 0, pool);
	if (!p)
		return; /* utf8_valid also refused any %00 */
	size_t n = strlen(p);
	/* One trailing slash is tolerated everywhere but on "/". */
	if (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	out->id = R_NOTFOUND;
	if (strcmp(p, "/") == 0) {
		out->id = R_HOME;
	} else if (strncmp(p, "/posts/", 7) == 0) {
		post_route(p + 7, out);
	} else if (strncmp(p, "/tag/", 5) == 0) {
		name_route(p + 5, R_TAG, out);
	} else if (strncmp(p, "/@", 2) == 0) {
		name_route(p + 2, R_AUTHOR, out);
	} else if (strcmp(p, "/archive") == 0) {
		out->id = R_ARCHIVE;
	} else if (strncmp(p, "/archive/", 9) == 0) {
		if (parse_month(p + 9, out) == 0)
			out->id = R_MONTH;
	} else if (strcmp(p, "/search") == 0) {
		out->id = R_SEARCH;
	} else if (strcmp(p, "/moderation") == 0) {
		out->id = R_MODERATION;
	} else if (strcmp(p, "/sitemap.xml") == 0) {
		out->id = R_SITEMAP;
	} else if (strcmp(p, "/robots.txt") == 0) {
		out->id = R_ROBOTS;
	} else if (strcmp(p, "/style.css") == 0) {
		out->id = R_STYLE;
	} else if (!strchr(p + 1, '/') && parse_feed_name(p + 1, out) == 0) {
		out->id = R_FEED;
		out->scope = R_HOME;
	}
	if (out->id == R_NOTFOUND)
		out->arg = NULL;
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

static int is_listing(enum route_id id)
{
	return id == R_HOME || id == R_TAG || id == R_AUTHOR || id == R_MONTH;
}

void route_query(struct route *r, const char *key, const char *value, struct pool *pool)
{
	if (!value)
		value = "";
	if (is_listing(r->id) && (strcmp(key, "before") == 0 || strcmp(key, "after") == 0)) {
		struct cursor c = {.dir = key[0] == 'b' ? 1 : -1};
		if (r->at.dir || parse_cursor(value, &c) != 0)
			r->bad_query = 1;
		else
			r->at = c;
	} else if (r->id == R_SEARCH && strcmp(key, "q") == 0) {
		char *q = route_decode(value, strlen(value), 1, pool);
		if (!q || strlen(q) > ROUTE_MAX_QUERY)
			r->bad_query = 1;
		else
			r->q = q;
	} else if (r->id == R_POST && (strcmp(key, "mine") == 0 || strcmp(key, "held") == 0)) {
		long long id = parse_id(value, strlen(value));
		if (!id)
			r->bad_query = 1;
		r->cid = id;
		r->held = key[0] == 'h';
	} else if (r->id == R_STYLE && strcmp(key, "v") == 0) {
		/* Only a hex version can match the theme's; anything else is simply stale. */
		if (strlen(value) <= 32 && strspn(value, "0123456789abcdef") == strlen(value))
			r->q = pool_strdup(pool, value);
	} else if (r->id == R_SEARCH && strcmp(key, "page") == 0) {
		char *end;
		long v = strtol(value, &end, 10);
		if (*end || end == value || v < 1 || v > 1000)
			r->bad_query = 1;
		else
			r->page = (int)v;
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

const char *route_cache_key(const struct route *r, struct pool *pool)
{
	struct buf b = {0};
	buf_printf(&b, "%d/%d/%d/%d/%d/%d/", (int)r->id, (int)r->scope, (int)r->format, r->summary,
		   r->year, r->month);
	if (r->arg &&
	    (r->id == R_TAG || r->scope == R_TAG || r->id == R_AUTHOR || r->scope == R_AUTHOR))
		casefold(&b, r->arg, strlen(r->arg));
	else if (r->arg)
		buf_puts(&b, r->arg);
	if (r->id == R_SEARCH || r->id == R_STYLE) {
		buf_puts(&b, "?q=");
		if (r->q)
			esc_url_component(&b, r->q, strlen(r->q));
		buf_printf(&b, "&page=%d", r->page);
	} else {
		char cursor[64];
		route_cursor_query(&r->at, cursor, sizeof(cursor));
		buf_puts(&b, cursor);
	}
	const char *key = pool_strdup(pool, b.data);
	buf_free(&b);
	return key;
}
