/* xalloc: allocation that never returns NULL; out of memory ends the process. */
#ifndef BS_XALLOC_H
#define BS_XALLOC_H

#include <stddef.h>

/* Each aborts with a message on stderr when memory is exhausted. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
