/* sniff: what a file is by its bytes (libmagic), whatever its name or the browser says. */
#ifndef BS_SNIFF_H
#define BS_SNIFF_H

#include <stddef.h>

/* The MIME type libmagic finds ("image/png"), or NULL when it cannot say. The string is
 * libmagic's, valid until the calling thread's next sniff. */
const char *sniff_file(const char *path);
const char *sniff_bytes(const void *data, size_t n);

#endif
