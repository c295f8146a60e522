/* utf8: validation and decoding of UTF-8 text from files and requests. */
#ifndef BS_UTF8_H
#define BS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Returns 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing past
 * U+10FFFF) and holds no NUL byte; else 0 and, if bad is not NULL, the offset of the first
 * bad byte.
 */
int utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * Decodes one code point at s (n bytes available). Returns its length (1..4) and sets *cp;
 * on a malformed sequence returns 1 and sets *cp to U+FFFD.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Line number (1-based) of byte offset off in s. */
unsigned utf8_line_of(const char *s, size_t off);
/* How many characters (code points) n bytes of valid UTF-8 hold. */
size_t utf8_chars(const char *s, size_t n);

#endif
