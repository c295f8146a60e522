/* store_import: what an import keeps: which rows came from which ids of another site, and the
 * old addresses that answer with a redirect to the new ones. */
#ifndef BS_STORE_IMPORT_H
#define BS_STORE_IMPORT_H

#include <stddef.h>

struct pool;
struct store;

/* The row made of (source, kind, wp_id) by an earlier import: 0 and *local_id, 1 when there
 * is none, -1 on an error. source is the site the file came from, kind "post" or "comment". */
int store_import_find(struct store *s, const char *source, const char *kind, long long wp_id,
		      long long *local_id);
/* Records that (source, kind, wp_id) became local_id. 0 or -1. */
int store_import_put(struct store *s, const char *source, const char *kind, long long wp_id,
		     long long local_id);

/*
 * An old address (a decoded path without its trailing '/', or "?p=ID") that answers with a 301
 * to the post post_id (wherever its slug is then), or, with post_id 0, to target. A path that
 * answers already keeps its first target. 0 added, 1 already there, -1 error.
 */
int store_old_path_add(struct store *s, const char *path, long long post_id, const char *target);

/* Where an old address goes now: a public post's slug and type, or a fixed target. */
struct old_path {
	const char *slug; /* NULL when the address has a fixed target */
	int type;
	const char *target;
};
/* 0 with *out filled (in p), 1 when path is not an old address (or its post is not public),
 * -1 on an error. */
int store_old_path_find(struct store *s, struct pool *p, const char *path, struct old_path *out);

#endif
