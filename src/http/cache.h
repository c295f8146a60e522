/* cache: a bounded LRU of finished responses (plain and gzip) keyed by request path. */
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
	const char *etag;	 /* quoted, as sent; copied */
	size_t bytes;		 /* what the item costs in memory */
	long long last_modified; /* 0: no Last-Modified, If-Modified-Since is not honoured */
	long long expires;	 /* CLOCK_MONOTONIC second after which it is stale; 0: never */
};

/* max_bytes bounds the memory of all items together; 0 disables caching. */
struct cache *cache_new(size_t max_bytes);
void cache_free(struct cache *c);

/* The generation that entries must carry to be served; cache_bump invalidates everything. */
unsigned long cache_generation(struct cache *c);
void cache_bump(struct cache *c);

/*
 * Serves key from the cache when present and of generation gen: queues the 304, gzip or plain
 * response on con as fits the request headers. Returns 1 when queued (its MHD result in *ret),
 * 0 on a miss.
 */
int cache_serve(struct cache *c, const char *key, unsigned long gen, struct MHD_Connection *con,
		int *ret);
/* Stores item under key for generation gen (dropped if gen is already stale or it is too big);
 * the cache owns the item's responses either way. */
void cache_put(struct cache *c, const char *key, unsigned long gen, struct cache_item *item);

/* Queues the right variant of item for this request (the same choice cache_serve makes). */
int cache_queue(const struct cache_item *item, struct MHD_Connection *con);
/* Drops the references that item holds. */
void cache_item_release(struct cache_item *item);

/* Drops every entry whose key match() accepts (the others stay hot). */
void cache_drop_matching(struct cache *c, int (*match)(const char *key, void *ud), void *ud);

#endif
