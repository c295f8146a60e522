/* route: decoding a request path and matching it against the site's URL scheme. */
#include "http/route.h"
#include "util/pool.h"
#include "util/utf8.h"

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

/* Parses a page number of 1..100000 that fills the whole segment. */
static int parse_page(const char *s, int *page)
{
	int v = 0;
	if (!*s || *s == '0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 10000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*page = v;
	return 0;
}

/* Splits "NAME" or "NAME/page/N" after a prefix; NAME must be non-empty and have no '/'. */
static int name_and_page(char *rest, struct route *out)
{
	char *slash = strchr(rest, '/');
	out->page = 1;
	if (slash) {
		*slash = '\0';
		if (strncmp(slash + 1, "page/", 5) != 0 || parse_page(slash + 6, &out->page) != 0)
			return -1;
	}
	if (!*rest)
		return -1;
	out->arg = rest;
	return 0;
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
	} else if (strncmp(p, "/page/", 6) == 0) {
		if (parse_page(p + 6, &out->page) == 0)
			out->id = R_HOME;
	} else if (strncmp(p, "/posts/", 7) == 0) {
		if (p[7] && !strchr(p + 7, '/')) {
			out->id = R_POST;
			out->arg = p + 7;
		}
	} else if (strncmp(p, "/tag/", 5) == 0) {
		if (name_and_page(p + 5, out) == 0)
			out->id = R_TAG;
	} else if (strncmp(p, "/@", 2) == 0) {
		if (name_and_page(p + 2, out) == 0)
			out->id = R_AUTHOR;
	} else if (strcmp(p, "/archive") == 0) {
		out->id = R_ARCHIVE;
	} else if (strncmp(p, "/archive/", 9) == 0) {
		if (parse_month(p + 9, out) == 0)
			out->id = R_MONTH;
	} else if (strcmp(p, "/robots.txt") == 0) {
		out->id = R_ROBOTS;
	} else if (strcmp(p, "/style.css") == 0) {
		out->id = R_STYLE;
	}
	if (out->id == R_NOTFOUND)
		out->arg = NULL;
}
