/* jsonesc: untrusted UTF-8 into JSON string literals. */
#include "jsonesc.h"
#include "buf.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

void json_esc(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0, i = 0;
	buf_grow(out, n);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char tmp[8];
		const char *rep = NULL;
		size_t len = 1;
		if (c >= 0x20 && c < 0x7F) {
			if (c == '"')
				rep = "\\\"";
			else if (c == '\\')
				rep = "\\\\";
			else if (c == '/' && i > 0 && s[i - 1] == '<')
				rep = "\\/";
			else {
				i++;
				continue;
			}
		} else if (c < 0x80) {
			switch (c) {
			case '\b':
				rep = "\\b";
				break;
			case '\f':
				rep = "\\f";
				break;
			case '\n':
				rep = "\\n";
				break;
			case '\r':
				rep = "\\r";
				break;
			case '\t':
				rep = "\\t";
				break;
			default:
				memcpy(tmp, "\\u00", 4);
				tmp[4] = hex[c >> 4];
				tmp[5] = hex[c & 15];
				tmp[6] = '\0';
				rep = tmp;
			}
		} else {
			uint32_t cp;
			len = utf8_decode(s + i, n - i, &cp);
			if (cp == 0x2028)
				rep = "\\u2028";
			else if (cp == 0x2029)
				rep = "\\u2029";
			else if (cp == 0xFFFD && len == 1)
				rep = "\\ufffd";
			else {
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

void json_str(struct buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	buf_putc(out, '"');
	json_esc(out, s, strlen(s));
	buf_putc(out, '"');
}
