/* casefold: lower-casing text of any script, so #Демократия and #демократия are one tag. */
#include "util/casefold.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <locale.h>
#include <pthread.h>
#include <string.h>
#include <wctype.h>

static locale_t utf8_locale;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_locale(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static void put_utf8(struct buf *out, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_put(out, b, n);
}

void casefold(struct buf *out, const char *s, size_t n)
{
	pthread_once(&once, load_locale);
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD || !utf8_locale) {
			buf_put(out, s + i, len);
		} else {
			/* Final sigma folds to sigma, as case folding (not lowering) does, so
			 * #ΛΌΓΟΣ and #λόγος are one tag. */
			wint_t lower = cp == 0x3C2 ? 0x3C3 : towlower_l((wint_t)cp, utf8_locale);
			put_utf8(out, lower > 0 && lower <= 0x10FFFF ? (unsigned)lower : cp);
		}
		i += len;
	}
}
