/* val: the data tree that pages build and templates read (null, bool, number, string, list, map).
 */
#ifndef BS_VAL_H
#define BS_VAL_H

#include <stddef.h>

struct pool;

enum val_kind { VAL_NULL, VAL_BOOL, VAL_NUM, VAL_STR, VAL_LIST, VAL_MAP };

struct val_pair;

/*
 * All values and their strings live in the pool given to the constructors; nothing is freed
 * on its own. Strings carry their length and are also NUL-terminated.
 */
struct val {
	enum val_kind kind;
	union {
		int b;
		double num;
		struct {
			const char *s;
			size_t len;
		} str;
		struct {
			struct val **items;
			size_t n, cap;
		} list;
		struct {
			struct val_pair *pairs;
			size_t n, cap;
		} map;
	} u;
};

struct val_pair {
	const char *key;
	struct val *v;
};

struct val *val_null(struct pool *p);
struct val *val_bool(struct pool *p, int b);
struct val *val_num(struct pool *p, double d);
/* Copies s into the pool. s NULL gives a null value. */
struct val *val_str(struct pool *p, const char *s);
struct val *val_strn(struct pool *p, const char *s, size_t n);
struct val *val_list(struct pool *p);
struct val *val_map(struct pool *p);

/* Appends item to a list value. */
void val_push(struct pool *p, struct val *list, struct val *item);
/* Sets key (copied) in a map value, replacing an earlier value of the same key. Returns v. */
struct val *val_set(struct pool *p, struct val *map, const char *key, struct val *v);
/* Shorthands for val_set with a fresh string, bool or number. */
void val_set_str(struct pool *p, struct val *map, const char *key, const char *s);
void val_set_bool(struct pool *p, struct val *map, const char *key, int b);
void val_set_num(struct pool *p, struct val *map, const char *key, double d);

/* The value of key in a map, or NULL when the key is absent or m is not a map. */
const struct val *val_get(const struct val *m, const char *key, size_t keylen);

#endif
