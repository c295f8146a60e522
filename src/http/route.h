/* route: decoding a request path and its query, and matching them against the URL scheme. */
#ifndef BS_ROUTE_H
#define BS_ROUTE_H

#include "store/store.h"

#include <stddef.h>

struct pool;

enum route_id {
	R_HOME,		 /* / */
	R_POST,		 /* /posts/SLUG */
	R_TAG,		 /* /tag/NAME */
	R_AUTHOR,	 /* /@HANDLE */
	R_ARCHIVE,	 /* /archive */
	R_MONTH,	 /* /archive/YYYY/MM */
	R_FEED,		 /* [/tag/NAME | /@HANDLE]/feed.{atom,rss,json} and summary.* */
	R_SEARCH,	 /* /search?q=...&page=N */
	R_SITEMAP,	 /* /sitemap.xml */
	R_COMMENT_NEW,	 /* POST /posts/SLUG/comments */
	R_COMMENT_REPLY, /* /posts/SLUG/reply/ID: the form to answer a comment */
	R_COMMENT_EDIT,	 /* /posts/SLUG/comment/ID/edit: the writer's own edit, GET and POST */
	R_MODERATION,	 /* /moderation: the public moderation log */
	R_ROBOTS,	 /* /robots.txt */
	R_STYLE,	 /* /style.css */
	R_NOTFOUND,	 /* anything else */
	R_BAD		 /* undecodable: bad %-escape, NUL, invalid UTF-8, too long */
};

enum feed_format { FEED_ATOM, FEED_RSS, FEED_JSON };

struct route {
	enum route_id id;
	const char *arg; /* slug, tag or handle, decoded, in the pool; NULL when none */
	int year, month;
	long long cid; /* comment id of the comment routes, or of ?mine= / ?held= on a post */
	int held;      /* ?held=ID: the comment waits for a moderator */
	/* R_FEED: whose feed (R_HOME, R_TAG or R_AUTHOR, with arg), which format, and whether
	 * entries carry excerpts only. */
	enum route_id scope;
	enum feed_format format;
	int summary;
	/* Listings: ?before=T.ID or ?after=T.ID. */
	struct cursor at;
	/* R_SEARCH: the query (NULL when absent) and 1-based result page; R_STYLE: the ?v=. */
	const char *q;
	int page;
	int bad_query; /* a query parameter was malformed */
};

/* The longest request path (before decoding) that is routed; longer is answered with 414. */
#define ROUTE_MAX_PATH 1024
/* The longest search query, in bytes after decoding. */
#define ROUTE_MAX_QUERY 256

/*
 * Decodes %XX escapes in the raw path (len bytes, no query string) and matches it. Never fails:
 * unknown paths give R_NOTFOUND, malformed ones R_BAD. Decoded strings live in pool.
 */
void route_match(const char *path, size_t len, struct pool *pool, struct route *out);

/*
 * Applies one raw (still %-escaped) query parameter to a matched route: before, after, q and
 * page are read where the route uses them; others are ignored. A malformed value sets
 * bad_query.
 */
void route_query(struct route *r, const char *key, const char *value, struct pool *pool);

/*
 * Decodes a %-escaped query value ('+' is a space). Returns a pool string, or NULL when the
 * value has a bad escape, a NUL or invalid UTF-8.
 */
char *route_decode(const char *s, size_t len, int plus_is_space, struct pool *pool);

/* Writes the canonical "?before=T.ID" / "?after=T.ID" of a cursor (empty for the first page)
 * into out (at least 48 bytes). */
void route_cursor_query(const struct cursor *c, char *out, size_t outlen);

/*
 * What the page shows, in one spelling, for cache keys: every way to write the same page
 * (/tag/Foo, /tag/FOO, /tag/%46oo/, ?utm=x added) gives the same key, so no client can fill
 * the cache with copies. Folds tag names and handles, keeps the cursor, search and version.
 */
const char *route_cache_key(const struct route *r, struct pool *pool);

#endif
