/* res_text: the canonical form of a resolution's text, its paragraphs and its numbered lines. */
#include "resolution/res_text.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The paragraphs written so far and the one being written. */
struct norm {
	struct buf *out;
	int npara;
	int open;	     /* a paragraph is being written */
	enum res_block kind; /* ... of this kind */
	int has;	     /* it has words already */
	int space;	     /* a space is due before the next word */
};

static void start(struct norm *n, enum res_block kind)
{
	if (n->npara)
		buf_puts(n->out, "\n\n");
	n->npara++;
	n->open = 1;
	n->kind = kind;
	n->has = 0;
	n->space = 0;
}

/* Appends words, every run of blanks one space. */
static void words(struct norm *n, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			n->space = n->has;
			continue;
		}
		if (n->space)
			buf_putc(n->out, ' ');
		n->space = 0;
		n->has = 1;
		buf_putc(n->out, s[i]);
	}
	n->space = n->has;
}

/* A heading marker's length ("## " is 3), or 0. */
static size_t heading_marker(const char *s, size_t len)
{
	size_t k = 0;
	while (k < len && k < 7 && s[k] == '#')
		k++;
	return k >= 1 && k <= 6 && k < len && (s[k] == ' ' || s[k] == '\t') ? k + 1 : 0;
}

/* A list item's marker ("-", "12.") without the space after it, or 0. */
static size_t item_marker(const char *s, size_t len)
{
	if (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    (s[1] == ' ' || s[1] == '\t'))
		return 1;
	size_t k = 0;
	while (k < len && k < 10 && s[k] >= '0' && s[k] <= '9')
		k++;
	if (k >= 1 && k <= 9 && k + 1 < len && (s[k] == '.' || s[k] == ')') &&
	    (s[k + 1] == ' ' || s[k + 1] == '\t'))
		return k + 1;
	return 0;
}

/* One line of the source, blanks trimmed at both ends (never empty). */
static void line(struct norm *n, const char *s, size_t len)
{
	size_t m;
	if ((m = heading_marker(s, len))) {
		start(n, RES_HEADING);
		buf_put(n->out, s, m - 1);
		buf_putc(n->out, ' ');
		n->space = 0;
		words(n, s + m, len - m);
		n->open = 0; /* a heading is one line */
		return;
	}
	if ((m = item_marker(s, len))) {
		start(n, RES_ITEM);
		buf_put(n->out, s, m);
		n->has = 1;
		n->space = 1;
		words(n, s + m, len - m);
		return;
	}
	if (s[0] == '>') {
		size_t skip = len > 1 && (s[1] == ' ' || s[1] == '\t') ? 2 : 1;
		if (len == 1) {
			n->open = 0; /* an empty quote line ends the paragraph */
			return;
		}
		if (!n->open || n->kind != RES_QUOTE) {
			start(n, RES_QUOTE);
			buf_puts(n->out, "> ");
		}
		words(n, s + skip, len - skip);
		return;
	}
	if (!n->open)
		start(n, RES_PROSE);
	words(n, s, len);
}

int res_normalize(const char *src, size_t len, struct buf *out, const char **why)
{
	if (!utf8_valid(src, len, NULL)) {
		*why = "is not valid UTF-8 text";
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
			*why = "holds a control character";
			return -1;
		}
	}
	struct norm n = {.out = out};
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && src[e] != '\n' && src[e] != '\r')
			e++;
		size_t a = i, b = e;
		while (a < b && (src[a] == ' ' || src[a] == '\t'))
			a++;
		while (b > a && (src[b - 1] == ' ' || src[b - 1] == '\t'))
			b--;
		if (a == b)
			n.open = 0;
		else
			line(&n, src + a, b - a);
		if (n.npara > RES_PARAS_MAX) {
			*why = "has more paragraphs than a resolution may have (5,000)";
			return -1;
		}
		/* "\r\n" is one line end. */
		i = e + (e + 1 < len && src[e] == '\r' && src[e + 1] == '\n' ? 2 : 1);
	}
	return n.npara;
}

void res_wrap_line(const char *text, size_t len, size_t pos, size_t *end, size_t *next)
{
	size_t i = pos, space = 0;
	int have_space = 0;
	for (int chars = 0; i < len && chars < RES_WIDTH; chars++) {
		if (text[i] == ' ') {
			space = i;
			have_space = 1;
		}
		uint32_t cp;
		i += utf8_decode(text + i, len - i, &cp);
	}
	if (i >= len) {
		*end = *next = len;
	} else if (text[i] == ' ') {
		*end = i;
		*next = i + 1;
	} else if (have_space && space > pos) {
		*end = space;
		*next = space + 1;
	} else {
		*end = *next = i; /* one word longer than a line: cut it */
	}
}

enum res_block res_block_of(const char *text, size_t len, size_t *marker)
{
	size_t m = heading_marker(text, len);
	*marker = 0;
	if (m) {
		*marker = m;
		return RES_HEADING;
	}
	if (len >= 2 && text[0] == '>' && text[1] == ' ') {
		*marker = 2;
		return RES_QUOTE;
	}
	return item_marker(text, len) ? RES_ITEM : RES_PROSE;
}

/* Reads the next id of a space-separated list: 0 and *id, or -1. */
static int next_id(const char **s, long long *id)
{
	char *end;
	while (**s == ' ')
		(*s)++;
	if (**s < '1' || **s > '9')
		return -1;
	long long v = strtoll(*s, &end, 10);
	if (v <= 0 || (*end && *end != ' '))
		return -1;
	*id = v;
	*s = end;
	return 0;
}

int res_doc_make(struct pool *p, const char *body, const char *ids, struct res_doc *out)
{
	memset(out, 0, sizeof(*out));
	char *copy = pool_strdup(p, body);
	size_t cap = 16, lcap = 64;
	out->paras = pool_alloc(p, cap * sizeof(*out->paras));
	out->lines = pool_alloc(p, lcap * sizeof(*out->lines));
	const char *idp = ids;
	char *s = copy;
	while (*s) {
		char *brk = strstr(s, "\n\n");
		size_t n = brk ? (size_t)(brk - s) : strlen(s);
		s[n] = '\0';
		out->paras = pool_grow(p, out->paras, out->npara, &cap, sizeof(*out->paras));
		struct res_para *para = &out->paras[out->npara];
		para->text = s;
		para->len = n;
		para->first = (int)out->nlines + 1;
		para->nlines = 0;
		if (!idp)
			para->id = (long long)out->npara + 1;
		else if (next_id(&idp, &para->id) != 0)
			return -1;
		size_t pos = 0;
		do {
			size_t end, nx;
			res_wrap_line(s, n, pos, &end, &nx);
			out->lines =
			    pool_grow(p, out->lines, out->nlines, &lcap, sizeof(*out->lines));
			out->lines[out->nlines++] =
			    (struct res_line){.para = (int)out->npara, .start = pos, .end = end};
			para->nlines++;
			pos = nx;
		} while (pos < n);
		out->npara++;
		s += n + (brk ? 2 : 0);
	}
	if (idp) {
		while (*idp == ' ')
			idp++;
		if (*idp)
			return -1;
	}
	return 0;
}

int res_line_at(const struct res_doc *d, size_t para, size_t off)
{
	const struct res_para *pp = &d->paras[para];
	int at = pp->first;
	for (int k = pp->first; k < pp->first + pp->nlines; k++)
		if (d->lines[k - 1].start <= off)
			at = k;
	return at;
}

void res_lines_text(const struct res_doc *d, int from, int to, struct buf *out)
{
	for (int k = from; k >= 1 && k <= to && (size_t)k <= d->nlines; k++) {
		const struct res_line *l = &d->lines[k - 1];
		buf_put(out, d->paras[l->para].text + l->start, l->end - l->start);
		buf_putc(out, '\n');
	}
}
