/* server: the HTTP side of `broadside serve`: libmicrohttpd, limits, the page cache, shutdown. */
#ifndef BS_SERVER_H
#define BS_SERVER_H

#include <stddef.h>

struct server_opts {
	const char *data_dir;  /* a press's data folder, or a server folder of presses */
	const char *listen;    /* HOST:PORT, [V6]:PORT; port 0 picks a free one */
	const char *theme_dir; /* NULL: each press's own theme setting */
	unsigned threads;      /* 0: one per core */
	size_t cache_bytes;
	size_t upload_max;	      /* the largest file an admin form may upload */
	int trust_proxy;	      /* take the client address from X-Forwarded-For on loopback */
	unsigned per_address;	      /* connections one address may hold (0: the default) */
	unsigned header_seconds;      /* time for a request's headers (0: the default) */
	unsigned work_ms;	      /* ms of uncached work a second per address; 0: no limit */
	const char *access_log;	      /* a file for the access log, or NULL: none */
	int access_log_full_ip;	      /* write whole client addresses, not their /24 or /48 */
	int federation_allow_private; /* tests only: federation may reach loopback addresses */
};

/* The defaults of the limits above. */
#define SERVER_PER_ADDRESS 256
#define SERVER_HEADER_SECONDS 10

/*
 * Serves until SIGINT or SIGTERM. Prints the address it listens on to stderr once ready.
 * SIGHUP reloads: the theme of every open press from its files, a server folder's host map,
 * and the access log's file opened again (for logrotate); then it prints one line starting
 * "broadside: reloaded". Returns 0 after a clean shutdown, 1 when a press, the access log or
 * the socket could not be opened.
 */
int server_run(const struct server_opts *o);

#endif
