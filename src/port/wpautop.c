/* wpautop: blank lines into paragraphs and line breaks into <br>, around block elements. */
#include "port/wpautop.h"
#include "port/wp_blocks.h"

#include <string.h>
#include <strings.h>

/* WordPress's $allblocks, less what holds no text of its own. */
static const char *const blocks[] = {
    "address", "area",	  "article", "aside",  "blockquote", "caption",	 "col",	       "colgroup",
    "dd",      "details", "div",     "dl",     "dt",	     "fieldset", "figcaption", "figure",
    "footer",  "form",	  "h1",	     "h2",     "h3",	     "h4",	 "h5",	       "h6",
    "header",  "hgroup",  "hr",	     "legend", "li",	     "map",	 "math",       "menu",
    "nav",     "ol",	  "p",	     "pre",    "section",    "summary",	 "table",      "tbody",
    "td",      "tfoot",	  "th",	     "thead",  "tr",	     "ul",	 NULL};
/* The blocks whose content is paragraphs. */
static const char *const flow[] = {"address", "article",  "aside",  "blockquote", "details",
				   "div",     "fieldset", "footer", "form",	  "header",
				   "nav",     "section",  NULL};
/* Copied as they are, up to their end tag. */
static const char *const opaque[] = {"pre", "script", "style", "textarea", NULL};
static const char *const voids[] = {"area", "col", "hr", NULL};

static int in(const char *const *list, const char *name, size_t n)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], name, n) == 0)
			return 1;
	return 0;
}

#define DEPTH 64

struct autop {
	struct buf *out;
	struct buf para;
	const char *stack[DEPTH]; /* open blocks (pointers into blocks[]) */
	size_t depth;
};

static int in_flow(const struct autop *a)
{
	return a->depth == 0 || (a->depth <= DEPTH &&
				 in(flow, a->stack[a->depth - 1], strlen(a->stack[a->depth - 1])));
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* A run of text with its line breaks as <br> (not those inside a tag). */
static void lines(struct buf *out, const char *s, size_t n)
{
	int in_tag = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			in_tag = 1;
		else if (s[i] == '>')
			in_tag = 0;
		if (s[i] != '\n' || in_tag) {
			buf_putc(out, s[i]);
			continue;
		}
		while (i + 1 < n && blank(s[i + 1]))
			i++;
		buf_puts(out, "<br>\n");
	}
}

/* The text gathered since the last block: paragraphs where paragraphs belong. */
static void flush(struct autop *a)
{
	const char *s = a->para.data ? a->para.data : "";
	size_t n = a->para.len;
	while (n && blank(*s))
		s++, n--;
	while (n && blank(s[n - 1]))
		n--;
	if (n && !in_flow(a)) {
		lines(a->out, s, n);
	} else {
		/* One <p> a stretch between blank lines. */
		size_t i = 0;
		while (i < n) {
			size_t j = i, end;
			for (;;) {
				const char *nl = memchr(s + j, '\n', n - j);
				if (!nl) {
					end = n;
					break;
				}
				size_t k = (size_t)(nl - s) + 1;
				while (k < n && (s[k] == ' ' || s[k] == '\t'))
					k++;
				if (k < n && s[k] == '\n') {
					end = (size_t)(nl - s);
					break;
				}
				j = k;
			}
			size_t a0 = i, a1 = end;
			while (a0 < a1 && blank(s[a0]))
				a0++;
			while (a1 > a0 && blank(s[a1 - 1]))
				a1--;
			if (a1 > a0) {
				buf_puts(a->out, "<p>");
				lines(a->out, s + a0, a1 - a0);
				buf_puts(a->out, "</p>\n");
			}
			i = end;
			while (i < n && blank(s[i]))
				i++;
		}
	}
	buf_reset(&a->para);
}

/* The end of the tag or comment at s[0] == '<': its length (n when it never ends). */
static size_t tag_len(const char *s, size_t n)
{
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		const char *e = memmem(s + 4, n - 4, "-->", 3);
		return e ? (size_t)(e + 3 - s) : n;
	}
	char q = 0;
	for (size_t i = 1; i < n; i++) {
		if (q) {
			q = s[i] == q ? 0 : q;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

static void open_block(struct autop *a, const char *name, size_t n)
{
	for (int i = 0; blocks[i]; i++)
		if (strlen(blocks[i]) == n && strncasecmp(blocks[i], name, n) == 0) {
			if (a->depth < DEPTH)
				a->stack[a->depth] = blocks[i];
			a->depth++;
			return;
		}
}

static void close_block(struct autop *a, const char *name, size_t n)
{
	for (size_t i = a->depth < DEPTH ? a->depth : DEPTH; i-- > 0;)
		if (strlen(a->stack[i]) == n && strncasecmp(a->stack[i], name, n) == 0) {
			a->depth = i;
			return;
		}
	if (a->depth > DEPTH)
		a->depth--;
}

/* A comment alone on its line is a block of its own (<!--more--> must not end a paragraph
 * early, nor start one). */
static int alone(const struct autop *a, const char *s, size_t n, size_t at, size_t len)
{
	for (size_t i = a->para.len; i-- > 0 && a->para.data[i] != '\n';)
		if (!blank(a->para.data[i]))
			return 0;
	size_t i = at + len;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i == n || s[i] == '\n';
}

void wpautop(const char *text, size_t len, struct buf *out)
{
	struct buf norm = {0};
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			if (i + 1 < len && text[i + 1] == '\n')
				continue;
			buf_putc(&norm, '\n');
		} else {
			buf_putc(&norm, text[i]);
		}
	}
	const char *s = buf_str(&norm);
	size_t n = norm.len;
	struct autop a = {.out = out};
	size_t i = 0;
	while (i < n) {
		if (s[i] != '<') {
			size_t j = i;
			while (j < n && s[j] != '<')
				j++;
			buf_put(&a.para, s + i, j - i);
			i = j;
			continue;
		}
		size_t t = tag_len(s + i, n - i);
		const char *name = s + i + 1 + (s[i + 1] == '/');
		size_t nlen =
		    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		int closing = s[i + 1] == '/';
		if (s[i + 1] == '!') {
			if (alone(&a, s, n, i, t)) {
				flush(&a);
				buf_put(out, s + i, t);
				buf_putc(out, '\n');
			} else {
				buf_put(&a.para, s + i, t);
			}
		} else if (!closing && nlen && in(opaque, name, nlen)) {
			/* Up to the end tag, as it is. */
			size_t j = i + t;
			for (; j < n; j++)
				if (s[j] == '<' && j + 1 < n && s[j + 1] == '/' &&
				    strncasecmp(s + j + 2, name, nlen) == 0)
					break;
			size_t end = j < n ? j + tag_len(s + j, n - j) : n;
			if (in(blocks, name, nlen)) {
				flush(&a);
				buf_put(out, s + i, end - i);
				buf_putc(out, '\n');
			} else {
				buf_put(&a.para, s + i, end - i);
			}
			t = end - i;
		} else if (nlen && in(blocks, name, nlen)) {
			flush(&a);
			buf_put(out, s + i, t);
			if (closing) {
				close_block(&a, name, nlen);
				buf_putc(out, '\n');
			} else if (!in(voids, name, nlen) && s[i + t - 2] != '/') {
				open_block(&a, name, nlen);
			} else {
				buf_putc(out, '\n');
			}
		} else {
			buf_put(&a.para, s + i, t);
		}
		i += t;
	}
	flush(&a);
	buf_free(&a.para);
	buf_free(&norm);
}

int wpautop_needed(const char *s, size_t n)
{
	if (wp_has_blocks(s, n))
		return 0;
	for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s))) != NULL; p++) {
		size_t left = n - (size_t)(p - s);
		if (left >= 3 && (p[1] == 'p' || p[1] == 'P') &&
		    (p[2] == '>' || p[2] == ' ' || p[2] == '\t' || p[2] == '\n'))
			return 0;
	}
	return 1;
}
