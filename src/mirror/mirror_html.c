/* mirror_html: what the mirror reads in and changes of a page: the site's links it follows,
 * forms that post (a static copy takes nothing), redirect pages and the search's scripts. */
#include "mirror/mirror_int.h"
#include "util/escape.h"

#include <stdio.h>
#include <string.h>

/* The attribute value's text with the entities our pages put in URLs decoded, into out. */
static void unescape(const char *s, size_t n, struct buf *out)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = {{"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}};
	buf_reset(out);
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		for (; k < sizeof(ents) / sizeof(ents[0]); k++) {
			size_t el = strlen(ents[k].ent);
			if (n - i >= el && memcmp(s + i, ents[k].ent, el) == 0) {
				buf_puts(out, ents[k].ch);
				i += el;
				break;
			}
		}
		if (k == sizeof(ents) / sizeof(ents[0]))
			buf_putc(out, s[i++]);
	}
}

/* A link's path on this site, or 0. */
static int local_path(const char *url, size_t n, const char *base, const char **path, size_t *plen)
{
	size_t bl = strlen(base);
	if (n >= bl && memcmp(url, base, bl) == 0 && (n == bl || url[bl] == '/')) {
		url += bl;
		n -= bl;
		if (n == 0) {
			*path = "/";
			*plen = 1;
			return 1;
		}
	}
	if (n == 0 || url[0] != '/' || (n > 1 && url[1] == '/'))
		return 0;
	*plen = strcspn(url, "?#");
	if (*plen > n)
		*plen = n;
	*path = url;
	return 1;
}

void mirror_links(const char *text, size_t len, const char *base_url, int locs,
		  void (*fn)(void *ud, const char *path, size_t n), void *ud)
{
	static const char *const attrs[] = {" href=\"", " src=\""};
	const char *end = text + len;
	struct buf url = {0};
	/* Each attribute's next place (NULL: none left), searched again only once passed, so a
	 * page is read once whatever its number of links. */
	const char *next[2] = {NULL, NULL};
	int left[2] = {1, 1};
	for (const char *s = text; s < end;) {
		const char *open = NULL, *close = NULL;
		if (locs) {
			open = memmem(s, (size_t)(end - s), "<loc>", 5);
			if (open)
				open += 5, close = memmem(open, (size_t)(end - open), "</loc>", 6);
		} else {
			const char *best = NULL;
			size_t skip = 0;
			for (size_t i = 0; i < 2; i++) {
				if (left[i] && (!next[i] || next[i] < s)) {
					next[i] = memmem(s, (size_t)(end - s), attrs[i],
							 strlen(attrs[i]));
					left[i] = next[i] != NULL;
				}
				const char *a = left[i] ? next[i] : NULL;
				if (a && (!best || a < best))
					best = a, skip = strlen(attrs[i]);
			}
			if (best)
				open = best + skip, close = memchr(open, '"', (size_t)(end - open));
		}
		if (!open || !close)
			break;
		unescape(open, (size_t)(close - open), &url);
		const char *path;
		size_t n;
		if (local_path(buf_str(&url), url.len, base_url, &path, &n))
			fn(ud, path, n);
		s = close + 1;
	}
	buf_free(&url);
}

/* An attribute's value in a tag (tag[0..n)), or NULL; its length in *vlen. */
static const char *attr(const char *tag, size_t n, const char *name, size_t *vlen)
{
	char want[32];
	int wl = snprintf(want, sizeof(want), " %s=\"", name);
	const char *a = memmem(tag, n, want, (size_t)wl);
	if (!a)
		return NULL;
	a += wl;
	const char *q = memchr(a, '"', n - (size_t)(a - tag));
	if (!q)
		return NULL;
	*vlen = (size_t)(q - a);
	return a;
}

/* The line that stands in for a form: where to send it instead. */
static void form_note(const char *action, size_t alen, const char *live, struct buf *out)
{
	struct buf where = {0};
	int comment = alen >= 9 && memcmp(action + alen - 9, "/comments", 9) == 0;
	int edit = alen >= 5 && memcmp(action + alen - 5, "/edit", 5) == 0;
	if (live && *live) {
		buf_puts(&where, live);
		/* A comment form's post, where its thread is. */
		buf_put(&where, action, comment ? alen - 9 : alen);
		if (comment)
			buf_puts(&where, "#comments");
	}
	buf_puts(out, "<p class=\"static-note\">");
	buf_puts(out, comment || edit ? "This copy of the press takes no comments"
				      : "This form does not work on this copy of the press");
	if (where.len) {
		buf_puts(out, comment || edit ? ": to comment, go to <a href=\""
					      : ": use it at <a href=\"");
		esc_href(out, where.data, where.len);
		buf_puts(out, "\">");
		esc_html(out, where.data, where.len);
		buf_puts(out, "</a>.</p>");
	} else {
		buf_puts(out, ".</p>");
	}
	buf_free(&where);
}

int mirror_forms(const char *html, size_t len, const char *live_url, struct buf *out)
{
	const char *s = html, *end = html + len;
	int n = 0;
	for (;;) {
		const char *f = memmem(s, (size_t)(end - s), "<form", 5);
		const char *gt = f ? memchr(f, '>', (size_t)(end - f)) : NULL;
		if (!f || !gt) {
			buf_put(out, s, (size_t)(end - s));
			return n;
		}
		size_t tlen = (size_t)(gt - f), mlen = 0, alen = 0;
		const char *method = attr(f, tlen, "method", &mlen);
		const char *close = memmem(gt, (size_t)(end - gt), "</form>", 7);
		if (!method || mlen != 4 || strncmp(method, "post", 4) != 0 || !close) {
			buf_put(out, s, (size_t)(gt + 1 - s));
			s = gt + 1;
			continue;
		}
		const char *action = attr(f, tlen, "action", &alen);
		buf_put(out, s, (size_t)(f - s));
		form_note(action ? action : "", action ? alen : 0, live_url, out);
		s = close + 7;
		n++;
	}
}

void mirror_redirect_page(const char *target, struct buf *out)
{
	size_t n = strlen(target);
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<title>This page has moved</title>\n<link rel=\"canonical\" href=\"");
	esc_href(out, target, n);
	buf_puts(out, "\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
	esc_href(out, target, n);
	buf_puts(out, "\">\n</head>\n<body>\n<p>This page is now at <a href=\"");
	esc_href(out, target, n);
	buf_puts(out, "\">");
	esc_html(out, target, n);
	buf_puts(out, "</a>.</p>\n</body>\n</html>\n");
}

void mirror_search_scripts(const char *html, size_t len, struct buf *out)
{
	/* Relative to /search/index.html, so that it also works from file://. */
	static const char scripts[] = "<script src=\"../search-index.js\"></script>\n"
				      "<script src=\"../search.js\"></script>\n";
	const char *body = NULL;
	for (const char *s = html; (s = memmem(s, len - (size_t)(s - html), "</body>", 7)); s++)
		body = s;
	if (!body) {
		buf_put(out, html, len);
		buf_puts(out, scripts);
		return;
	}
	buf_put(out, html, (size_t)(body - html));
	buf_puts(out, scripts);
	buf_put(out, body, len - (size_t)(body - html));
}
