/* jsonesc: untrusted UTF-8 into JSON string literals. */
#ifndef BS_JSONESC_H
#define BS_JSONESC_H

#include <stddef.h>

struct buf;

/*
 * Appends the body of a JSON string (no surrounding quotes) holding s: '"' and '\' are
 * backslash-escaped, control characters (U+0000-U+001F, DEL) become \b \f \n \r \t or \u00XX,
 * U+2028 and U+2029 become \u2028 and \u2029 (JavaScript once treated them as line ends), '/'
 * after '<' becomes "\/" (so "</script>" never appears), and each malformed UTF-8 byte becomes
 * \ufffd. Everything else is copied as UTF-8. The result is always valid JSON.
 */
void json_esc(struct buf *out, const char *s, size_t n);
/* Appends s as a quoted JSON string, or the literal null when s is NULL. */
void json_str(struct buf *out, const char *s);

#endif
