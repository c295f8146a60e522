/* gzip: compressing a response body once, for clients that accept gzip. */
#ifndef BS_GZIP_H
#define BS_GZIP_H

#include <stddef.h>

struct buf;

/* Appends the gzip (RFC 1952) form of data to out. Returns 0, or -1 on a zlib error. */
int gzip_compress(const char *data, size_t len, struct buf *out);

/* Whether an Accept-Encoding header value allows gzip (a "gzip" token not given q=0). */
int gzip_accepted(const char *accept_encoding);

#endif
