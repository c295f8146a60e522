/* shortcode: [name attr="v"]content[/name] found in text and expanded where it is known. */
#include "port/shortcode.h"
#include "util/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ATTRS_MAX 16

struct attr {
	const char *key, *val; /* key NULL for a positional value */
	size_t klen, vlen;
};

struct code {
	const char *name;
	size_t nlen;
	struct attr attrs[ATTRS_MAX];
	size_t nattrs;
	const char *content; /* NULL when self-closing */
	size_t clen;
	size_t len; /* of the whole shortcode in the text */
};

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Reads the attributes of "[name ...]" from s (after the name) up to the closing ']'; the
 * length read including it, 0 when the tag does not end. */
static size_t parse_attrs(const char *s, size_t n, struct code *c)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i < n && s[i] == ']')
			return i + 1;
		if (i + 1 < n && s[i] == '/' && s[i + 1] == ']')
			return i + 2;
		if (i >= n || s[i] == '[')
			return 0;
		struct attr a = {0};
		size_t k = i;
		while (k < n && name_char(s[k]))
			k++;
		if (k < n && s[k] == '=' && k > i) {
			a.key = s + i;
			a.klen = k - i;
			i = k + 1;
		}
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i++];
			const char *e = memchr(s + i, q, n - i);
			if (!e)
				return 0;
			a.val = s + i;
			a.vlen = (size_t)(e - (s + i));
			i = (size_t)(e - s) + 1;
		} else {
			size_t v = i;
			while (i < n && s[i] != ' ' && s[i] != ']' && s[i] != '\t' &&
			       s[i] != '\n' && !(s[i] == '/' && i + 1 < n && s[i + 1] == ']'))
				i++;
			a.val = s + v;
			a.vlen = i - v;
		}
		if (c->nattrs < ATTRS_MAX)
			c->attrs[c->nattrs++] = a;
	}
	return 0;
}

static const char *attr(const struct code *c, const char *key, size_t *len)
{
	for (size_t i = 0; i < c->nattrs; i++)
		if (c->attrs[i].key && c->attrs[i].klen == strlen(key) &&
		    strncasecmp(c->attrs[i].key, key, c->attrs[i].klen) == 0) {
			*len = c->attrs[i].vlen;
			return c->attrs[i].val;
		}
	return NULL;
}

/* The shortcode at s ('['), for the known names only; 0 when there is none. */
static int parse(const char *s, size_t n, struct code *c)
{
	static const char *const known[] = {"caption", "wp_caption", "gallery", "embed",
					    "audio",   "video",	     NULL};
	memset(c, 0, sizeof(*c));
	size_t i = 1;
	while (i < n && name_char(s[i]))
		i++;
	c->name = s + 1;
	c->nlen = i - 1;
	int ok = 0;
	for (int k = 0; known[k]; k++)
		ok |= strlen(known[k]) == c->nlen && strncasecmp(known[k], c->name, c->nlen) == 0;
	if (!ok || i >= n || (s[i] != ' ' && s[i] != ']' && s[i] != '/'))
		return 0;
	size_t a = parse_attrs(s + i, n - i, c);
	if (!a)
		return 0;
	i += a;
	c->len = i;
	if (s[i - 2] == '/')
		return 1;
	/* Enclosing, when its end tag follows. */
	char end[32];
	size_t elen = (size_t)snprintf(end, sizeof(end), "[/%.*s]", (int)c->nlen, c->name);
	for (size_t j = i; j + elen <= n; j++) {
		if (s[j] == '[' && strncasecmp(s + j, end, elen) == 0) {
			c->content = s + i;
			c->clen = j - i;
			c->len = j + elen;
			break;
		}
	}
	return 1;
}

static int is(const struct code *c, const char *name)
{
	return c->nlen == strlen(name) && strncasecmp(c->name, name, c->nlen) == 0;
}

static void put_attr(struct buf *out, const char *name, const char *v, size_t n)
{
	buf_printf(out, " %s=\"", name);
	esc_html(out, v, n);
	buf_putc(out, '"');
}

/* [caption]: the leading image (or linked image) is the figure, the rest its caption. */
static void caption(const struct code *c, struct buf *out)
{
	const char *s = c->content ? c->content : "";
	size_t n = c->content ? c->clen : 0, split = 0;
	while (split < n && (s[split] == ' ' || s[split] == '\n'))
		split++;
	const char *open = s + split;
	if (n - split >= 2 && (strncasecmp(open, "<a", 2) == 0)) {
		const char *e = strcasestr(open, "</a>");
		split = e && (size_t)(e - s) < n ? (size_t)(e - s) + 4 : split;
	} else if (n - split >= 4 && strncasecmp(open, "<img", 4) == 0) {
		const char *e = memchr(open, '>', n - split);
		split = e ? (size_t)(e - s) + 1 : split;
	}
	size_t alen;
	const char *text = attr(c, "caption", &alen);
	buf_puts(out, "<figure>");
	buf_put(out, s, split);
	const char *rest = s + split;
	size_t rlen = n - split;
	while (rlen && (*rest == ' ' || *rest == '\n'))
		rest++, rlen--;
	if (text && alen) {
		buf_puts(out, "<figcaption>");
		buf_put(out, text, alen);
		buf_puts(out, "</figcaption>");
	} else if (rlen) {
		buf_puts(out, "<figcaption>");
		buf_put(out, rest, rlen);
		buf_puts(out, "</figcaption>");
	}
	buf_puts(out, "</figure>");
}

static void gallery(const struct code *c, const struct shortcode_ctx *ctx, struct buf *out)
{
	long long ids[SHORTCODE_GALLERY_MAX];
	size_t nids = 0, vlen;
	const char *v = attr(c, "ids", &vlen);
	if (!v)
		v = attr(c, "include", &vlen);
	if (v) {
		for (size_t i = 0; i < vlen && nids < SHORTCODE_GALLERY_MAX;) {
			while (i < vlen && (v[i] < '0' || v[i] > '9'))
				i++;
			long long id = 0;
			size_t d = 0;
			for (; i < vlen && v[i] >= '0' && v[i] <= '9' && d < 18; i++, d++)
				id = id * 10 + (v[i] - '0');
			if (d)
				ids[nids++] = id;
		}
	} else if (ctx && ctx->children) {
		nids = ctx->children(ctx->ud, ctx->post_id, ids, SHORTCODE_GALLERY_MAX);
	}
	buf_puts(out, "<figure>");
	for (size_t i = 0; ctx && ctx->image && i < nids; i++) {
		const char *title = NULL, *url = ctx->image(ctx->ud, ids[i], &title);
		if (!url)
			continue;
		buf_puts(out, "<img");
		put_attr(out, "src", url, strlen(url));
		put_attr(out, "alt", title ? title : "", title ? strlen(title) : 0);
		buf_puts(out, "> ");
	}
	buf_puts(out, "</figure>");
}

/* The URL of [embed]URL[/embed], [audio src=URL] or [video mp4=URL]: trimmed. */
static const char *media_url(const struct code *c, size_t *len)
{
	static const char *const keys[] = {"src", "mp3",  "m4a", "ogg", "wav",
					   "mp4", "webm", "ogv", "url", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *v = attr(c, keys[i], len);
		if (v && *len)
			return v;
	}
	for (size_t i = 0; i < c->nattrs; i++)
		if (!c->attrs[i].key && c->attrs[i].vlen > 4 &&
		    strncasecmp(c->attrs[i].val, "http", 4) == 0) {
			*len = c->attrs[i].vlen;
			return c->attrs[i].val;
		}
	const char *s = c->content;
	size_t n = c->content ? c->clen : 0;
	while (n && (*s == ' ' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	*len = n;
	return n ? s : NULL;
}

static void embed(const struct code *c, struct buf *out)
{
	size_t n;
	const char *url = media_url(c, &n);
	if (!url)
		return;
	if (is(c, "embed")) {
		buf_puts(out, "<a");
		put_attr(out, "href", url, n);
		buf_putc(out, '>');
		esc_html(out, url, n);
		buf_puts(out, "</a>");
		return;
	}
	const char *el = is(c, "audio") ? "audio" : "video";
	buf_printf(out, "<%s controls", el);
	put_attr(out, "src", url, n);
	buf_printf(out, "><a");
	put_attr(out, "href", url, n);
	buf_putc(out, '>');
	esc_html(out, url, n);
	buf_printf(out, "</a></%s>", el);
}

void wp_shortcodes(const char *s, size_t n, const struct shortcode_ctx *ctx, struct buf *out,
		   int *unknown)
{
	size_t i = 0;
	while (i < n) {
		const char *open = memchr(s + i, '[', n - i);
		if (!open) {
			buf_put(out, s + i, n - i);
			return;
		}
		size_t at = (size_t)(open - s);
		buf_put(out, s + i, at - i);
		struct code c;
		if (at + 1 < n && s[at + 1] == '[') {
			/* [[name]] is the text [name]. */
			const char *close = memchr(s + at, ']', n - at);
			if (close && (size_t)(close - s) + 1 < n && close[1] == ']' &&
			    parse(s + at + 1, n - at - 1, &c)) {
				buf_put(out, s + at + 1, (size_t)(close - s) - at);
				i = (size_t)(close - s) + 2;
				continue;
			}
			buf_putc(out, '[');
			i = at + 1;
			continue;
		}
		if (!parse(s + at, n - at, &c)) {
			size_t k = at + 1;
			while (k < n && name_char(s[k]))
				k++;
			/* Something shaped like one: [name] or [name attr...], a letter first. */
			if (unknown && k > at + 1 && k < n && (s[k] == ']' || s[k] == ' ') &&
			    ((s[at + 1] | 0x20) >= 'a' && (s[at + 1] | 0x20) <= 'z') &&
			    memchr(s + k, ']', n - k))
				(*unknown)++;
			buf_putc(out, '[');
			i = at + 1;
			continue;
		}
		if (is(&c, "caption") || is(&c, "wp_caption"))
			caption(&c, out);
		else if (is(&c, "gallery"))
			gallery(&c, ctx, out);
		else
			embed(&c, out);
		i = at + c.len;
	}
}
