/* xmlesc: untrusted UTF-8 into XML 1.0 text and attribute values, for feeds and sitemaps. */
#include "xmlesc.h"
#include "buf.h"
#include "utf8.h"

#include <stdint.h>

static void xml_esc(struct buf *out, const char *s, size_t n, int attr)
{
	size_t start = 0, i = 0;
	buf_grow(out, n);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t len = 1;
		if (c >= 0x20 && c < 0x7F) {
			switch (c) {
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
				rep = "&apos;";
				break;
			default:
				i++;
				continue;
			}
		} else if (c == '\t' || c == '\n') {
			if (!attr) {
				i++;
				continue;
			}
			rep = c == '\t' ? "&#9;" : "&#10;";
		} else if (c == '\r') {
			rep = "&#13;";
		} else if (c < 0x80) {
			rep = ""; /* other C0 controls, NUL and DEL */
		} else {
			uint32_t cp;
			len = utf8_decode(s + i, n - i, &cp);
			if (cp >= 0x80 && cp <= 0x9F)
				rep = "";
			else if (cp == 0xFFFE || cp == 0xFFFF)
				rep = "";
			else if (cp == 0xFFFD && len == 1)
				rep = "\xEF\xBF\xBD";
			if (!rep) {
				i += len;
				continue;
			}
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		i += len;
		start = i;
	}
	buf_put(out, s + start, n - start);
}

void xml_esc_text(struct buf *out, const char *s, size_t n)
{
	xml_esc(out, s, n, 0);
}

void xml_esc_attr(struct buf *out, const char *s, size_t n)
{
	xml_esc(out, s, n, 1);
}
