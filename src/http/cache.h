/* cache: a bounded LRU of finished responses (plain and gzip), kept per press (a namespace) by
 * the canonical key of the page. */
#ifndef BS_CACHE_H
#define BS_CACHE_H

#include <stddef.h>

struct MHD_Connection;
struct MHD_Response;
struct cache;

/* A response to keep: the cache takes over its responses (one reference each). */
struct cache_item {
	struct MHD_Response *plain;
	struct MHD_Response *gzip; /* NULL when not worth compressing */
	struct MHD_Response *not_modified;
	const char *etag;	    /* quoted, as sent; copied */
	size_t bytes;		    /* what the item costs in memory */
	size_t plain_len, gzip_len; /* the bodies' sizes, for the access log */
	long long last_modified;    /* 0: no Last-Modified, If-Modified-Since is not honoured */
	long long expires;	    /* CLOCK_MONOTONIC second after which it is stale; 0: never */
};

/* max_bytes bounds the memory of all items together; 0 disables caching. */
struct cache *cache_new(size_t max_bytes);
void cache_free(struct cache *c);

/*
 * Serves key of namespace ns from the cache when present and of generation gen (the press's
 * current one): queues the 304, gzip or plain response on con as fits the request headers.
 * Returns 1 when queued (its MHD result in *ret, the size of the body queued in *sent), 0 on
 * a miss.
 */
int cache_serve(struct cache *c, unsigned ns, unsigned long gen, const char *key,
		struct MHD_Connection *con, int *ret, unsigned long long *sent);
/* Stores item under (ns, key) for generation gen, the one it was rendered in (an entry of an
 * older generation is never served). Too big an item is dropped; the cache owns the item's
 * responses either way. */
void cache_put(struct cache *c, unsigned ns, unsigned long gen, const char *key,
	       struct cache_item *item);
/* Drops every entry of namespace ns (its press changed). */
void cache_drop_ns(struct cache *c, unsigned ns);

/* Queues the right variant of item for this request (the same choice cache_serve makes); the
 * size of its body goes to *sent. */
int cache_queue(const struct cache_item *item, struct MHD_Connection *con,
		unsigned long long *sent);
/* Drops the references that item holds. */
void cache_item_release(struct cache_item *item);

/* Drops every entry of namespace ns whose key match() accepts (the others stay hot). */
void cache_drop_matching(struct cache *c, unsigned ns, int (*match)(const char *key, void *ud),
			 void *ud);

#endif
