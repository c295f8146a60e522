/* access_log: serve --access-log: one line a request in the combined format, the client's
 * address cut to its network, the file opened again on SIGHUP for logrotate. */
#ifndef BS_ACCESS_LOG_H
#define BS_ACCESS_LOG_H

#include <arpa/inet.h>
#include <stddef.h>

struct buf;
struct access_log;

/*
 * What one line says, as the combined format has it:
 *   ADDR - - [10/Oct/2026:13:55:36 +0000] "GET /path HTTP/1.1" 200 2326 "REFERER" "AGENT"
 * What the log never holds: query strings (of the request or of the Referer: a sign-in link
 * carries its token there), cookies, bodies, and whole addresses unless asked for.
 */
struct access_entry {
	const char *addr;	  /* the client's address as text (IPv4 or IPv6), or NULL */
	long long time;		  /* unix seconds, written in UTC */
	const char *method;	  /* as the client sent it */
	const char *target;	  /* the request target: written up to its '?' */
	const char *protocol;	  /* "HTTP/1.1" */
	unsigned status;	  /* the status queued */
	unsigned long long bytes; /* of the body sent; 0 is written "-" */
	const char *referer;	  /* or NULL; written up to its '?' or '#' */
	const char *user_agent;	  /* or NULL */
};

/* The longest target, Referer and User-Agent written (in bytes before escaping); longer ones
 * are cut, so that a line stays short. */
#define ACCESS_LOG_FIELD_MAX 1024

/*
 * Opens path for appending (created with mode 0640 when missing). full_ip writes addresses
 * whole; without it IPv4 addresses are cut to their /24 and IPv6 ones to their /48. NULL with
 * a message naming the file in err.
 */
struct access_log *access_log_open(const char *path, int full_ip, char *err, size_t errlen);
/* Opens the path anew (logrotate moved the file away): 0, or -1 with err, and the old file is
 * kept. Safe while other threads write. */
int access_log_reopen(struct access_log *l, char *err, size_t errlen);
void access_log_close(struct access_log *l);
/* Writes e's line with one write under the log's lock. A failed write is reported on stderr
 * once until the next reopen. */
void access_log_write(struct access_log *l, const struct access_entry *e);

/* Appends e's line, ending in '\n', to out: every field escaped (esc_log), none longer than
 * ACCESS_LOG_FIELD_MAX. */
void access_log_format(struct buf *out, const struct access_entry *e, int full_ip);
/*
 * The address as the log writes it: whole when full, else IPv4 (and IPv4-mapped IPv6) as its
 * /24 ("203.0.113.0") and IPv6 as its /48 ("2001:db8:1::"). "-" for text that is not an
 * address.
 */
void access_log_addr(const char *addr, int full, char out[INET6_ADDRSTRLEN]);

#endif
