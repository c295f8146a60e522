/* wxr_filter: UTF-8 and control characters repaired, nested CDATA ends kept, DOCTYPEs caught. */
#include "port/wxr_filter.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { S_TEXT, S_OPEN, S_TAG, S_COMMENT, S_CDATA, S_PI, S_DOCTYPE };

void wxr_filter_init(struct wxr_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->line = 1;
}

void wxr_filter_free(struct wxr_filter *f)
{
	buf_free(&f->out);
	buf_free(&f->hold);
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Inside CDATA: the held "]]>" (and white space) ends it, or is text. */
static void decide_hold(struct wxr_filter *f, int ends)
{
	if (ends) {
		buf_put(&f->out, f->hold.data, f->hold.len);
		f->state = S_TEXT;
	} else {
		/* "]]" is out already: "]]>" closes, "<![CDATA[>" reopens with the '>'. */
		buf_puts(&f->out, "]]><![CDATA[>");
		buf_put(&f->out, f->hold.data + 1, f->hold.len - 1);
	}
	buf_reset(&f->hold);
	f->holding = 0;
	f->brackets = 0;
}

static void markup(struct wxr_filter *f, char c);

/* After '<' in text: which kind of markup it opens, once enough bytes say so. */
static void open_byte(struct wxr_filter *f, char c)
{
	static const char cdata[] = "<![CDATA[", comment[] = "<!--", doctype[] = "<!DOCTYPE";
	f->pending[f->npending++] = c;
	const char *p = f->pending;
	size_t n = f->npending;
	int maybe_cdata = n <= 9 && memcmp(p, cdata, n) == 0;
	int maybe_comment = n <= 4 && memcmp(p, comment, n) == 0;
	int maybe_doctype = n <= 9 && memcmp(p, doctype, n) == 0;
	if (maybe_cdata && n == 9) {
		f->state = S_CDATA;
	} else if (maybe_comment && n == 4) {
		f->state = S_COMMENT;
	} else if (maybe_doctype && n == 9) {
		f->state = S_DOCTYPE;
		f->doctype_line = f->line;
		f->npending = 0;
		return;
	} else if (maybe_cdata || maybe_comment || maybe_doctype) {
		return;
	} else {
		f->state = n >= 2 && p[1] == '?' ? S_PI : S_TAG;
		f->quote = 0;
		buf_put(&f->out, p, n - 1);
		f->npending = 0;
		f->brackets = f->dashes = 0;
		markup(f, c);
		return;
	}
	buf_put(&f->out, p, n);
	f->npending = 0;
	f->brackets = f->dashes = 0;
}

/* One byte of valid, cleaned UTF-8, in the state the bytes before it left. */
static void markup(struct wxr_filter *f, char c)
{
	switch (f->state) {
	case S_TEXT:
		if (c == '<') {
			f->state = S_OPEN;
			f->npending = 0;
			open_byte(f, c);
			return;
		}
		if (c == '>' && f->brackets >= 2) {
			buf_puts(&f->out, "&gt;");
			f->brackets = 0;
			return;
		}
		f->brackets = c == ']' ? f->brackets + 1 : 0;
		buf_putc(&f->out, c);
		return;
	case S_OPEN:
		open_byte(f, c);
		return;
	case S_TAG:
		buf_putc(&f->out, c);
		if (f->quote) {
			if (c == f->quote)
				f->quote = 0;
		} else if (c == '"' || c == '\'') {
			f->quote = c;
		} else if (c == '>') {
			f->state = S_TEXT;
			f->brackets = 0;
		}
		return;
	case S_PI:
		buf_putc(&f->out, c);
		if (c == '>' && f->dashes)
			f->state = S_TEXT;
		f->dashes = c == '?';
		return;
	case S_COMMENT:
		buf_putc(&f->out, c);
		if (c == '>' && f->dashes >= 2)
			f->state = S_TEXT;
		f->dashes = c == '-' ? f->dashes + 1 : 0;
		return;
	case S_CDATA:
		if (f->holding) {
			if (is_ws(c) && f->hold.len < WXR_FILTER_HOLD_MAX) {
				buf_putc(&f->hold, c);
				return;
			}
			/* Past the white space: only markup after it makes the "]]>" an end. */
			decide_hold(f, is_ws(c) || c == '<');
			markup(f, c);
			return;
		}
		if (c == '>' && f->brackets >= 2) {
			f->holding = 1;
			buf_putc(&f->hold, c);
			return;
		}
		f->brackets = c == ']' ? f->brackets + 1 : 0;
		buf_putc(&f->out, c);
		return;
	default: /* S_DOCTYPE: nothing more goes through */
		return;
	}
}

static void markup_byte(struct wxr_filter *f, char c)
{
	if (c == '\n')
		f->line++;
	markup(f, c);
}

static void put_cp(struct wxr_filter *f, const char *s, size_t len, uint32_t cp)
{
	if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) {
		markup_byte(f, '\xEF');
		markup_byte(f, '\xBF');
		markup_byte(f, '\xBD');
	} else if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
		markup_byte(f, ' ');
	} else {
		for (size_t i = 0; i < len; i++)
			markup_byte(f, s[i]);
	}
}

/* The length of a UTF-8 sequence its first byte announces (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xF0 && c <= 0xF4  ? 4
	       : c >= 0xE0 && c < 0xF0 ? 3
	       : c >= 0xC2 && c < 0xE0 ? 2
				       : 1;
}

/* Whether s[0..n) (n shorter than its sequence) may still become a whole character. */
static int cut_sequence(const unsigned char *s, size_t n)
{
	if (n == 0 || n >= seq_len(s[0]))
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return 1;
}

static void decode(struct wxr_filter *f, const unsigned char *s, size_t n, int last)
{
	size_t i = 0;
	while (i < n && f->state != S_DOCTYPE) {
		if (s[i] < 0x80) {
			put_cp(f, (const char *)s + i, 1, s[i]);
			i++;
			continue;
		}
		if (last && cut_sequence(s + i, n - i)) {
			/* A sequence the file's end cut is one bad character. */
			put_cp(f, "", 0, 0xFFFD);
			return;
		}
		if (!last && cut_sequence(s + i, n - i)) {
			/* Cut by the chunk's end: finished by the next chunk. */
			memcpy(f->carry, s + i, n - i);
			f->ncarry = n - i;
			return;
		}
		uint32_t cp;
		size_t len = utf8_decode((const char *)s + i, n - i, &cp);
		put_cp(f, (const char *)s + i, len, cp);
		i += len;
	}
}

int wxr_filter_put(struct wxr_filter *f, const char *s, size_t n)
{
	if (f->state == S_DOCTYPE)
		return -1;
	if (!f->ncarry) {
		decode(f, (const unsigned char *)s, n, 0);
	} else {
		/* A sequence the last chunk cut is read again with this one. */
		struct buf joined = {0};
		buf_put(&joined, f->carry, f->ncarry);
		buf_put(&joined, s, n);
		f->ncarry = 0;
		decode(f, (const unsigned char *)joined.data, joined.len, 0);
		buf_free(&joined);
	}
	return f->state == S_DOCTYPE ? -1 : 0;
}

void wxr_filter_end(struct wxr_filter *f)
{
	if (f->ncarry) {
		size_t n = f->ncarry;
		f->ncarry = 0;
		decode(f, f->carry, n, 1);
	}
	if (f->state == S_OPEN) {
		buf_put(&f->out, f->pending, f->npending);
		f->npending = 0;
	}
	if (f->holding)
		decide_hold(f, 1);
}

int wxr_filter_encoding(const char *s, char *name, size_t len)
{
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	if (strncmp(s, "<?xml", 5) != 0)
		return 0;
	const char *end = strstr(s, "?>"), *enc = strstr(s, "encoding");
	if (!end || !enc || enc > end)
		return 0;
	enc += 8;
	while (*enc == ' ' || *enc == '=' || *enc == '\t')
		enc++;
	char q = *enc++;
	size_t n = strcspn(enc, "\"'?");
	if ((q != '"' && q != '\'') || n > 40)
		return 0;
	if ((n == 5 && strncasecmp(enc, "utf-8", 5) == 0) ||
	    (n == 4 && strncasecmp(enc, "utf8", 4) == 0))
		return 0;
	snprintf(name, len, "%.*s", (int)n, enc);
	return -1;
}
