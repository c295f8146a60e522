/* respond: a handler's answer (struct page_out) turned into libmicrohttpd responses with the
 * headers each kind of answer gets. */
#ifndef BS_RESPOND_H
#define BS_RESPOND_H

#include <stddef.h>

struct MHD_Connection;
struct cache_item;
struct page_out;

/* How an answer is kept and shown, from its route row. */
enum respond_kind {
	RESPOND_PUBLIC, /* a reader's page: the public policy */
	RESPOND_ADMIN,	/* an admin page: the admin policy (our one script), noindex */
};

/* Queues an answer that is not kept: no-store, the page's cookies; a 405 gets Allow, a 429 or
 * 503 Retry-After. out->body is handed over. Returns MHD's result. */
int respond_page(struct MHD_Connection *con, struct page_out *out, enum respond_kind kind);
/* Queues a 303 (or a 301 when out->status says so) to out->location, with its cookies. */
int respond_redirect(struct MHD_Connection *con, const struct page_out *out);
/* Queues out->fd (a file named by its hash) with its ETag and a year's caching, or a 304
 * when the client has it; the size of the body queued goes to *sent. The descriptor is
 * handed over. */
int respond_file(struct MHD_Connection *con, struct page_out *out, unsigned long long *sent);
/* A plain-text answer that needs no press (an unknown host, a server error before one). */
int respond_plain(struct MHD_Connection *con, int status, const char *text);

/*
 * Turns a finished cacheable page into the cache's item: the plain, gzip (when want_gzip and
 * worth it) and 304 responses with an ETag of the body. etag (at least 64 bytes) receives the
 * ETag. out->body is handed over.
 */
void respond_item(struct page_out *out, struct cache_item *item, char *etag, size_t etaglen,
		  int want_gzip);

#endif
