/* route: decoding a request path and matching it against the site's URL scheme. */
#ifndef BS_ROUTE_H
#define BS_ROUTE_H

#include <stddef.h>

struct pool;

enum route_id {
	R_HOME,	    /* /  and /page/N */
	R_POST,	    /* /posts/SLUG */
	R_TAG,	    /* /tag/NAME  and /tag/NAME/page/N */
	R_AUTHOR,   /* /@HANDLE  and /@HANDLE/page/N */
	R_ARCHIVE,  /* /archive */
	R_MONTH,    /* /archive/YYYY/MM */
	R_ROBOTS,   /* /robots.txt */
	R_STYLE,    /* /style.css */
	R_NOTFOUND, /* anything else */
	R_BAD	    /* undecodable: bad %-escape, NUL, invalid UTF-8, too long */
};

struct route {
	enum route_id id;
	const char *arg; /* slug, tag or handle, decoded, in the pool; NULL when none */
	int page;	 /* 1-based page of a listing */
	int year, month;
};

/* The longest request path (before decoding) that is routed; longer is answered with 414. */
#define ROUTE_MAX_PATH 1024

/*
 * Decodes %XX escapes in the raw path (len bytes, no query string) and matches it. Never fails:
 * unknown paths give R_NOTFOUND, malformed ones R_BAD. Decoded strings live in pool.
 */
void route_match(const char *path, size_t len, struct pool *pool, struct route *out);

/*
 * Decodes a %-escaped query value ('+' is a space). Returns a pool string, or NULL when the
 * value has a bad escape, a NUL or invalid UTF-8.
 */
char *route_decode(const char *s, size_t len, int plus_is_space, struct pool *pool);

#endif
