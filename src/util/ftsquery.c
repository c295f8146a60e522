/* ftsquery: turning whatever a reader types into a search box into safe FTS5 query syntax. */
#include "util/ftsquery.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <string.h>

/* A query's cost grows with its terms and, for prefixes, with the words they match: a few
 * terms, and no prefix of fewer than PREFIX_MIN characters. */
#define MAX_TERMS 8
#define PREFIX_MIN 3

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether s has something the tokenizer keeps: an ASCII letter or digit, or any non-ASCII. */
static int searchable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
			return 1;
	}
	return 0;
}

/* A quoted FTS5 string: the only special character inside is '"', written twice. */
static void quoted(struct buf *out, const char *s, size_t n)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

int fts_query(struct buf *out, const char *q, size_t len)
{
	int terms = 0, pending_or = 0;
	size_t i = 0;
	buf_reset(out);
	while (i < len && terms < MAX_TERMS) {
		while (i < len && is_space(q[i]))
			i++;
		if (i >= len)
			break;
		const char *s;
		size_t n;
		int prefix = 0;
		if (q[i] == '"') {
			s = q + ++i;
			while (i < len && q[i] != '"')
				i++;
			n = (size_t)(q + i - s);
			if (i < len)
				i++;
		} else {
			s = q + i;
			while (i < len && !is_space(q[i]) && q[i] != '"')
				i++;
			n = (size_t)(q + i - s);
			if (n == 2 && memcmp(s, "OR", 2) == 0) {
				pending_or = terms > 0;
				continue;
			}
			while (n && s[n - 1] == '*') {
				prefix = 1;
				n--;
			}
		}
		if (!searchable(s, n))
			continue;
		/* A short prefix ("a*") would match most of the index: it is the word itself. */
		if (prefix && utf8_chars(s, n) < PREFIX_MIN)
			prefix = 0;
		if (terms)
			buf_puts(out, pending_or ? " OR " : " ");
		pending_or = 0;
		quoted(out, s, n);
		if (prefix)
			buf_putc(out, '*');
		terms++;
	}
	return terms;
}
