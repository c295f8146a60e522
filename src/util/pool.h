/* pool: a region allocator; everything taken from a pool is freed at once with it. */
#ifndef BS_POOL_H
#define BS_POOL_H

#include <stddef.h>

struct pool;

struct pool *pool_new(void);
/* Frees every allocation made from p, then p itself. NULL is allowed. */
void pool_free(struct pool *p);
/* Memory aligned for any type; never NULL (out of memory aborts). */
void *pool_alloc(struct pool *p, size_t n);
void *pool_zalloc(struct pool *p, size_t n);
char *pool_strdup(struct pool *p, const char *s);
char *pool_strndup(struct pool *p, const char *s, size_t n);
/* arr (n elements of size bytes) when n < *cap; else a copy in twice the room (8 when *cap is
 * 0, arr may then be NULL), *cap updated. For arrays filled one at a time: call before arr[n]. */
void *pool_grow(struct pool *p, void *arr, size_t n, size_t *cap, size_t size);
char *pool_printf(struct pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
