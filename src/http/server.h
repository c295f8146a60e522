/* server: the HTTP side of `broadside serve`: libmicrohttpd, the page cache and shutdown. */
#ifndef BS_SERVER_H
#define BS_SERVER_H

#include <stddef.h>

struct server_opts {
	const char *data_dir;
	const char *listen;    /* HOST:PORT, [V6]:PORT; port 0 picks a free one */
	const char *theme_dir; /* NULL: built-in theme only */
	unsigned threads;      /* 0: one per core */
	size_t cache_bytes;
	size_t max_body;   /* request bodies larger than this get 413 */
	size_t upload_max; /* the largest file an admin form may upload */
	int trust_proxy;   /* take the client address from X-Forwarded-For on loopback */
};

/* Serves until SIGINT or SIGTERM. Prints the address it listens on to stderr once ready.
 * Returns 0 after a clean shutdown, 1 when the site or the socket could not be opened. */
int server_run(const struct server_opts *o);

#endif
