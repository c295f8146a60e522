/* escape: context-named escaping of untrusted text into HTML, attributes, URLs and XML. */
#include "escape.h"
#include "buf.h"

#include <string.h>
#include <strings.h>

void esc_html(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

static const char hex[] = "0123456789ABCDEF";

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void esc_href(struct buf *out, const char *s, size_t n)
{
	/* RFC 3986 reserved and unreserved characters pass; the HTML-special ones among them
	 * (& and ') are entity-escaped below. */
	static const char keep[] = "-_.~!*'();:@&=+$,/?#[]";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			buf_putc(out, (char)c);
		} else if (c == '%' && i + 2 < n + 0 && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
			buf_putc(out, '%');
		} else if (c == '&') {
			buf_puts(out, "&amp;");
		} else if (c == '\'') {
			buf_puts(out, "&#39;");
		} else if (c != 0 && strchr(keep, c)) {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

void esc_url_component(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

int url_scheme_allowed(const char *s, size_t n)
{
	/* Browsers strip leading blanks and drop tabs and newlines inside a scheme, so any of
	 * them could hide "javascript:". */
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	/* A scheme is letters, digits, + - . before the first ':' that comes before any / ? #. */
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '/' || c == '?' || c == '#')
			return 1;
		if (c == ':') {
			if (i == 0)
				return 0;
			return (i == 4 && strncasecmp(s, "http", 4) == 0) ||
			       (i == 5 && strncasecmp(s, "https", 5) == 0) ||
			       (i == 6 && strncasecmp(s, "mailto", 6) == 0);
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.'))
			return 1;
	}
	return 1;
}

void esc_log(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			continue;
		buf_put(out, s + start, i - start);
		if (c == '"' || c == '\\') {
			char pair[2] = {'\\', (char)c};
			buf_put(out, pair, 2);
		} else {
			char x[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			buf_put(out, x, 4);
		}
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}
