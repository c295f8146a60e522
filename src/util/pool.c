/* pool: a region allocator; everything taken from a pool is freed at once with it. */
#include "pool.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 8192

struct chunk {
	struct chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char mem[];
};

struct pool {
	struct chunk *head;
};

struct pool *pool_new(void)
{
	return xcalloc(1, sizeof(struct pool));
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	struct chunk *c = p->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(p);
}

void *pool_alloc(struct pool *p, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	struct chunk *c = p->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK / 2 ? n : CHUNK;
		struct chunk *fresh = xmalloc(sizeof(*fresh) + size);
		fresh->used = 0;
		fresh->size = size;
		if (n > CHUNK / 2 && c) {
			/* Big blocks go behind the current chunk so its free space stays usable. */
			fresh->next = c->next;
			c->next = fresh;
			fresh->used = n;
			return fresh->mem;
		}
		fresh->next = c;
		p->head = c = fresh;
	}
	void *r = c->mem + c->used;
	c->used += n;
	return r;
}

void *pool_zalloc(struct pool *p, size_t n)
{
	void *r = pool_alloc(p, n);
	memset(r, 0, n);
	return r;
}

char *pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *r = pool_alloc(p, n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *pool_strdup(struct pool *p, const char *s)
{
	return pool_strndup(p, s, strlen(s));
}

char *pool_printf(struct pool *p, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *r = pool_alloc(p, (size_t)n + 1);
	vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return r;
}

void *pool_grow(struct pool *p, void *arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	size_t want = *cap ? 2 * *cap : 8;
	void *grown = pool_alloc(p, want * size);
	if (n)
		memcpy(grown, arr, n * size);
	*cap = want;
	return grown;
}
