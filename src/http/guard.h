/* guard: limits that keep one client from taking the server: connections per address (IPv6 by
 * its /64) and a deadline for a request's headers. */
#ifndef BS_GUARD_H
#define BS_GUARD_H

#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "util/addrkey.h"

struct guard;

/*
 * per_addr: connections one address may hold at once; header_seconds: how long a request's
 * headers may take to arrive, counted from the connection's start or from the previous answer
 * on a kept-alive connection. exempt_loopback: connections from this machine (a reverse proxy
 * with --trust-proxy) are not limited per address. Starts the thread that enforces deadlines.
 */
struct guard *guard_new(unsigned per_addr, unsigned header_seconds, int exempt_loopback);
/* Stops the thread; call after the daemon stopped. */
void guard_free(struct guard *g);

/* For MHD_start_daemon: the accept policy (refuses an address at its limit) and the
 * connection notification (counts, and tracks deadlines). cls is the guard. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode toe);

/* The access handler's first call: this request's headers are in, its deadline is off. */
void guard_headers_done(struct MHD_Connection *c);
/* A request's answer was sent: the next request on the connection gets a new deadline. */
void guard_request_done(struct MHD_Connection *c);

/* How many connections are open now (for tests and the log). */
unsigned guard_open_connections(struct guard *g);

#endif
