/* cache: a bounded LRU of finished responses in one hash table, each entry tagged with its
 * press and the generation it was made in. */
#include "http/cache.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "util/xalloc.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NBUCKETS 4096

struct entry {
	struct entry *hnext;	   /* hash chain */
	struct entry *prev, *next; /* LRU list, most recent first */
	unsigned long gen;
	unsigned ns;
	unsigned hash;
	char *key;
	struct cache_item item;
};

struct cache {
	pthread_mutex_t lock;
	struct entry *buckets[NBUCKETS];
	struct entry *head, *tail;
	size_t bytes, max_bytes, entries;
};

static long long now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static unsigned hash_key(unsigned ns, const char *s)
{
	unsigned h = (2166136261u ^ ns) * 16777619u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct cache *cache_new(size_t max_bytes)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

void cache_item_release(struct cache_item *item)
{
	if (item->plain)
		MHD_destroy_response(item->plain);
	if (item->gzip)
		MHD_destroy_response(item->gzip);
	if (item->not_modified)
		MHD_destroy_response(item->not_modified);
	free((char *)item->etag);
	memset(item, 0, sizeof(*item));
}

static void unlink_entry(struct cache *c, struct entry *e)
{
	struct entry **pp = &c->buckets[e->hash % NBUCKETS];
	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	c->bytes -= e->item.bytes;
	c->entries--;
	cache_item_release(&e->item);
	free(e->key);
	free(e);
}

static void clear_locked(struct cache *c)
{
	while (c->head)
		unlink_entry(c, c->head);
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	clear_locked(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void cache_drop_ns(struct cache *c, unsigned ns)
{
	pthread_mutex_lock(&c->lock);
	for (struct entry *e = c->head, *next; e; e = next) {
		next = e->next;
		if (e->ns == ns)
			unlink_entry(c, e);
	}
	pthread_mutex_unlock(&c->lock);
}

/* Whether an If-None-Match value names etag (weak comparison, as RFC 9110 asks for GET). */
static int etag_matches(const char *inm, const char *etag)
{
	if (!inm || !etag)
		return 0;
	const char *opaque = strncmp(etag, "W/", 2) == 0 ? etag + 2 : etag;
	size_t n = strlen(opaque);
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, opaque, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* RFC 9110 13.1.3: If-Modified-Since counts only when If-None-Match is absent. */
static int not_modified(const struct cache_item *item, struct MHD_Connection *con)
{
	const char *inm = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "If-None-Match");
	if (inm)
		return etag_matches(inm, item->etag);
	const char *ims = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "If-Modified-Since");
	long long t;
	return ims && item->last_modified && http_date_parse(ims, &t) == 0 &&
	       item->last_modified <= t;
}

int cache_queue(const struct cache_item *item, struct MHD_Connection *con, unsigned long long *sent)
{
	*sent = 0;
	if (item->not_modified && not_modified(item, con))
		return MHD_queue_response(con, MHD_HTTP_NOT_MODIFIED, item->not_modified);
	const char *ae = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Accept-Encoding");
	if (item->gzip && gzip_accepted(ae)) {
		*sent = item->gzip_len;
		return MHD_queue_response(con, MHD_HTTP_OK, item->gzip);
	}
	*sent = item->plain_len;
	return MHD_queue_response(con, MHD_HTTP_OK, item->plain);
}

int cache_serve(struct cache *c, unsigned ns, unsigned long gen, const char *key,
		struct MHD_Connection *con, int *ret, unsigned long long *sent)
{
	unsigned h = hash_key(ns, key);
	pthread_mutex_lock(&c->lock);
	struct entry *e = c->buckets[h % NBUCKETS];
	while (e && (e->hash != h || e->ns != ns || strcmp(e->key, key) != 0))
		e = e->hnext;
	if (!e || e->gen != gen || (e->item.expires && e->item.expires < now_s())) {
		pthread_mutex_unlock(&c->lock);
		return 0;
	}
	if (e != c->head) {
		e->prev->next = e->next;
		if (e->next)
			e->next->prev = e->prev;
		else
			c->tail = e->prev;
		e->prev = NULL;
		e->next = c->head;
		c->head->prev = e;
		c->head = e;
	}
	/* Queueing takes MHD's own reference, so eviction after unlock cannot free a response
	 * that a connection is still sending. */
	*ret = cache_queue(&e->item, con, sent);
	pthread_mutex_unlock(&c->lock);
	return 1;
}

void cache_put(struct cache *c, unsigned ns, unsigned long gen, const char *key,
	       struct cache_item *item)
{
	pthread_mutex_lock(&c->lock);
	if (item->bytes > c->max_bytes / 4 || c->max_bytes == 0) {
		pthread_mutex_unlock(&c->lock);
		item->etag = NULL; /* the caller's; only entries own a copy */
		cache_item_release(item);
		return;
	}
	unsigned h = hash_key(ns, key);
	for (struct entry *e = c->buckets[h % NBUCKETS]; e; e = e->hnext) {
		if (e->hash == h && e->ns == ns && strcmp(e->key, key) == 0) {
			unlink_entry(c, e);
			break;
		}
	}
	while (c->tail && c->bytes + item->bytes > c->max_bytes)
		unlink_entry(c, c->tail);
	struct entry *e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->hash = h;
	e->ns = ns;
	e->gen = gen;
	e->item = *item;
	e->item.etag = xstrdup(item->etag);
	/* Bookkeeping and libmicrohttpd's copies of about ten headers on each of the three
	 * responses: measured at a few kilobytes an item, which matters for small pages. */
	e->item.bytes += sizeof(*e) + strlen(key) + 4096;
	memset(item, 0, sizeof(*item));
	e->hnext = c->buckets[h % NBUCKETS];
	c->buckets[h % NBUCKETS] = e;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
	c->bytes += e->item.bytes;
	c->entries++;
	pthread_mutex_unlock(&c->lock);
}

void cache_drop_matching(struct cache *c, unsigned ns, int (*match)(const char *key, void *ud),
			 void *ud)
{
	pthread_mutex_lock(&c->lock);
	for (struct entry *e = c->head, *next; e; e = next) {
		next = e->next;
		if (e->ns == ns && match(e->key, ud))
			unlink_entry(c, e);
	}
	pthread_mutex_unlock(&c->lock);
}
