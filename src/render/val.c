/* val: the data tree that pages build and templates read (null, bool, number, string, list, map).
 */
#include "val.h"
#include "util/pool.h"

#include <string.h>

static struct val *mk(struct pool *p, enum val_kind kind)
{
	struct val *v = pool_zalloc(p, sizeof(*v));
	v->kind = kind;
	return v;
}

struct val *val_null(struct pool *p)
{
	return mk(p, VAL_NULL);
}

struct val *val_bool(struct pool *p, int b)
{
	struct val *v = mk(p, VAL_BOOL);
	v->u.b = b != 0;
	return v;
}

struct val *val_num(struct pool *p, double d)
{
	struct val *v = mk(p, VAL_NUM);
	v->u.num = d;
	return v;
}

struct val *val_strn(struct pool *p, const char *s, size_t n)
{
	if (!s)
		return val_null(p);
	struct val *v = mk(p, VAL_STR);
	v->u.str.s = pool_strndup(p, s, n);
	v->u.str.len = n;
	return v;
}

struct val *val_str(struct pool *p, const char *s)
{
	return val_strn(p, s, s ? strlen(s) : 0);
}

struct val *val_list(struct pool *p)
{
	return mk(p, VAL_LIST);
}

struct val *val_map(struct pool *p)
{
	return mk(p, VAL_MAP);
}

void val_push(struct pool *p, struct val *list, struct val *item)
{
	if (list->u.list.n == list->u.list.cap) {
		size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 8;
		struct val **items = pool_alloc(p, cap * sizeof(*items));
		if (list->u.list.n)
			memcpy(items, list->u.list.items, list->u.list.n * sizeof(*items));
		list->u.list.items = items;
		list->u.list.cap = cap;
	}
	list->u.list.items[list->u.list.n++] = item;
}

struct val *val_set(struct pool *p, struct val *map, const char *key, struct val *v)
{
	for (size_t i = 0; i < map->u.map.n; i++) {
		if (strcmp(map->u.map.pairs[i].key, key) == 0) {
			map->u.map.pairs[i].v = v;
			return v;
		}
	}
	if (map->u.map.n == map->u.map.cap) {
		size_t cap = map->u.map.cap ? map->u.map.cap * 2 : 8;
		struct val_pair *pairs = pool_alloc(p, cap * sizeof(*pairs));
		if (map->u.map.n)
			memcpy(pairs, map->u.map.pairs, map->u.map.n * sizeof(*pairs));
		map->u.map.pairs = pairs;
		map->u.map.cap = cap;
	}
	map->u.map.pairs[map->u.map.n].key = pool_strdup(p, key);
	map->u.map.pairs[map->u.map.n].v = v;
	map->u.map.n++;
	return v;
}

void val_set_str(struct pool *p, struct val *map, const char *key, const char *s)
{
	val_set(p, map, key, val_str(p, s));
}

void val_set_bool(struct pool *p, struct val *map, const char *key, int b)
{
	val_set(p, map, key, val_bool(p, b));
}

void val_set_num(struct pool *p, struct val *map, const char *key, double d)
{
	val_set(p, map, key, val_num(p, d));
}

const struct val *val_get(const struct val *m, const char *key, size_t keylen)
{
	if (!m || m->kind != VAL_MAP)
		return NULL;
	for (size_t i = 0; i < m->u.map.n; i++) {
		const char *k = m->u.map.pairs[i].key;
		if (strncmp(k, key, keylen) == 0 && k[keylen] == '\0')
			return m->u.map.pairs[i].v;
	}
	return NULL;
}
