/* casefold: lower-casing text of any script, so #Демократия and #демократия are one tag. */
#ifndef BS_CASEFOLD_H
#define BS_CASEFOLD_H

#include <stddef.h>

struct buf;

/*
 * Appends the lower-case form of the UTF-8 text s (n bytes) to out, code point by code point,
 * with the C library's Unicode tables (the C.UTF-8 locale; ASCII only when that locale is
 * missing), final sigma folded to sigma. Malformed bytes are copied unchanged. Safe to call from
 * many threads.
 */
void casefold(struct buf *out, const char *s, size_t n);

#endif
