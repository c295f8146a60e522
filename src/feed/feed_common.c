/* feed_common: what the Atom, RSS and JSON Feed writers share: dates, absolute links, text. */
#include "feed/feed.h"
#include "feed/feed_int.h"
#include "util/buf.h"
#include "util/xmlesc.h"
#include "util/escape.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define FEED_TIME_MIN (-62167219200LL)
#define FEED_TIME_MAX 253402300799LL

const char *feed_str(const char *s)
{
	return s ? s : "";
}

long long feed_time(long long t)
{
	if (t < FEED_TIME_MIN)
		return FEED_TIME_MIN;
	if (t > FEED_TIME_MAX)
		return FEED_TIME_MAX;
	return t;
}

void feed_entry_times(const struct feed_entry *e, long long *published, long long *updated)
{
	*published = feed_time(e->published);
	*updated = feed_time(e->updated);
	if (*updated < *published)
		*updated = *published;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Offset just past "scheme:" when s starts with a URI scheme, else 0. */
static size_t scheme_len(const char *s, size_t n)
{
	if (n == 0 || !is_alpha(s[0]))
		return 0;
	for (size_t i = 1; i < n; i++) {
		char c = s[i];
		if (c == ':')
			return i + 1;
		if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			return 0;
	}
	return 0;
}

/* The parts of an absolute base URL, as offsets into it. */
struct feed_base {
	const char *s;
	size_t scheme; /* just past ':' */
	size_t auth;   /* end of the authority */
	size_t path;   /* end of the path */
	size_t query;  /* end of the query (start of the fragment or the end) */
	size_t dir;    /* just past the path's last '/', or 0 when the path is empty */
};

static int base_parse(struct feed_base *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	size_t sl = scheme_len(s ? s : "", n);
	if (sl == 0 || n < sl + 2 || s[sl] != '/' || s[sl + 1] != '/')
		return -1;
	b->s = s;
	b->scheme = sl;
	size_t i = sl + 2;
	while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	b->auth = i;
	b->dir = 0;
	while (i < n && s[i] != '?' && s[i] != '#') {
		if (s[i] == '/')
			b->dir = i + 1;
		i++;
	}
	b->path = i;
	while (i < n && s[i] != '#')
		i++;
	b->query = i;
	return 0;
}

static void put_base(struct buf *out, const struct feed_base *b, size_t end)
{
	esc_html(out, b->s, end);
}

/* Appends the attribute value v (n bytes, as written in the HTML) resolved against b. */
static void resolve(struct buf *out, const struct feed_base *b, const char *v, size_t n)
{
	if (n > 0 && scheme_len(v, n)) {
		buf_put(out, v, n);
	} else if (n >= 2 && v[0] == '/' && v[1] == '/') {
		put_base(out, b, b->scheme);
		buf_put(out, v, n);
	} else if (n >= 1 && v[0] == '/') {
		put_base(out, b, b->auth);
		buf_put(out, v, n);
	} else if (n >= 1 && v[0] == '?') {
		put_base(out, b, b->path);
		buf_put(out, v, n);
	} else if (n == 0 || v[0] == '#') {
		put_base(out, b, b->query);
		buf_put(out, v, n);
	} else if (b->dir) {
		put_base(out, b, b->dir);
		buf_put(out, v, n);
	} else {
		put_base(out, b, b->auth);
		buf_putc(out, '/');
		buf_put(out, v, n);
	}
}

static int url_attr(const char *name, size_t n)
{
	return (n == 4 && strncasecmp(name, "href", 4) == 0) ||
	       (n == 3 && strncasecmp(name, "src", 3) == 0) ||
	       (n == 4 && strncasecmp(name, "cite", 4) == 0);
}

/* Copies the start tag at p ('<' then a letter) up to its end, resolving URL attributes;
 * returns the position after it. */
static const char *copy_tag(struct buf *out, const struct feed_base *b, const char *p)
{
	const char *q = p + 1;
	while (*q && !is_space(*q) && *q != '>' && *q != '/')
		q++;
	buf_put(out, p, (size_t)(q - p));
	while (*q) {
		if (*q == '>') {
			buf_putc(out, '>');
			return q + 1;
		}
		if (is_space(*q) || *q == '/' || *q == '"' || *q == '\'' || *q == '=') {
			buf_putc(out, *q++);
			continue;
		}
		const char *name = q;
		while (*q && !is_space(*q) && *q != '=' && *q != '>' && *q != '/')
			q++;
		size_t name_len = (size_t)(q - name);
		buf_put(out, name, name_len);
		const char *eq = q;
		while (is_space(*eq))
			eq++;
		if (*eq != '=')
			continue;
		eq++;
		while (is_space(*eq))
			eq++;
		buf_put(out, q, (size_t)(eq - q));
		q = eq;
		const char *v, *end;
		if (*q == '"' || *q == '\'') {
			char quote = *q;
			v = q + 1;
			end = strchr(v, quote);
			if (!end)
				end = v + strlen(v);
			buf_putc(out, quote);
		} else {
			v = q;
			end = v;
			while (*end && !is_space(*end) && *end != '>')
				end++;
		}
		if (url_attr(name, name_len))
			resolve(out, b, v, (size_t)(end - v));
		else
			buf_put(out, v, (size_t)(end - v));
		q = end;
		if (*q == '"' || *q == '\'')
			buf_putc(out, *q++);
	}
	return q;
}

void feed_absolute_html(struct buf *out, const char *html, const char *base)
{
	struct feed_base b;
	html = feed_str(html);
	if (base_parse(&b, base) != 0) {
		buf_puts(out, html);
		return;
	}
	const char *p = html;
	for (;;) {
		const char *lt = strchr(p, '<');
		if (!lt) {
			buf_puts(out, p);
			return;
		}
		buf_put(out, p, (size_t)(lt - p));
		if (is_alpha(lt[1])) {
			p = copy_tag(out, &b, lt);
		} else if (strncmp(lt, "<!--", 4) == 0) {
			const char *end = strstr(lt + 4, "-->");
			end = end ? end + 3 : lt + strlen(lt);
			buf_put(out, lt, (size_t)(end - lt));
			p = end;
		} else {
			buf_putc(out, '<');
			p = lt + 1;
		}
	}
}

static void put_utf8(struct buf *out, uint32_t cp)
{
	char s[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_putc(out, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		buf_put(out, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		buf_put(out, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		buf_put(out, s, 4);
	}
}

/* Decodes the entity at p ('&'); returns its length, 0 when it is not one we decode. */
static size_t entity(const char *p, uint32_t *cp)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = {{"&amp;", '&'},  {"&lt;", '<'},	{"&gt;", '>'},
		     {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", 0xA0}};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		size_t n = strlen(named[i].name);
		if (strncmp(p, named[i].name, n) == 0) {
			*cp = named[i].cp;
			return n;
		}
	}
	if (p[1] != '#')
		return 0;
	int hexa = p[2] == 'x' || p[2] == 'X';
	size_t i = hexa ? 3 : 2, digits = 0;
	uint32_t v = 0;
	for (;; i++, digits++) {
		char c = p[i];
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hexa && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hexa && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (v <= 0x10FFFF)
			v = v * (hexa ? 16u : 10u) + (uint32_t)d;
	}
	if (digits == 0 || p[i] != ';')
		return 0;
	*cp = v;
	return i + 1;
}

/* Inline elements join the text around them; every other tag stands for a space. */
static int inline_tag(const char *name, size_t n)
{
	static const char *const names[] = {
	    "a",     "abbr", "b",      "bdi", "bdo", "cite", "code", "data", "del",
	    "dfn",   "em",   "i",      "ins", "kbd", "mark", "q",    "s",    "samp",
	    "small", "span", "strong", "sub", "sup", "time", "u",    "var"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(names[i], name, n) == 0)
			return 1;
	return 0;
}

void feed_html_text(struct buf *out, const char *html)
{
	const char *p = feed_str(html);
	size_t start = out->len;
	int space = 0;
	while (*p) {
		uint32_t cp;
		size_t n;
		if (*p == '<' && (is_alpha(p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?')) {
			const char *name = p + 1 + (p[1] == '/');
			size_t name_len = 0;
			while (is_alpha(name[name_len]) ||
			       (name_len && name[name_len] >= '0' && name[name_len] <= '9'))
				name_len++;
			char quote = 0;
			for (p++; *p && (quote || *p != '>'); p++) {
				if (quote && *p == quote)
					quote = 0;
				else if (!quote && (*p == '"' || *p == '\''))
					quote = *p;
			}
			if (*p)
				p++;
			if (!inline_tag(name, name_len))
				space = 1;
			continue;
		}
		if (is_space(*p)) {
			space = 1;
			p++;
			continue;
		}
		if (*p != '&' || (n = entity(p, &cp)) == 0) {
			if (space && out->len > start)
				buf_putc(out, ' ');
			space = 0;
			buf_putc(out, *p++);
			continue;
		}
		p += n;
		if (cp == 0xA0 || (cp < 0x80 && is_space((char)cp))) {
			space = 1;
			continue;
		}
		if (space && out->len > start)
			buf_putc(out, ' ');
		space = 0;
		put_utf8(out, cp);
	}
}

void feed_xml_text(struct buf *out, const char *s)
{
	s = feed_str(s);
	xml_esc_text(out, s, strlen(s));
}

void feed_xml_attr(struct buf *out, const char *s)
{
	s = feed_str(s);
	xml_esc_attr(out, s, strlen(s));
}

void feed_xml_element(struct buf *out, const char *indent, const char *name, const char *s)
{
	buf_printf(out, "%s<%s>", indent, name);
	feed_xml_text(out, s);
	buf_printf(out, "</%s>\n", name);
}
