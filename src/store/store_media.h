/* store_media: the media library: uploaded files named by the SHA-256 of their bytes. */
#ifndef BS_STORE_MEDIA_H
#define BS_STORE_MEDIA_H

#include <stddef.h>

struct pool;
struct store;

/* Uploaded media, named by the SHA-256 of the bytes. */
struct media_row {
	const char *hash, *ext, *type, *name, *uploader;
	long long size, created;
};
/* 0 added, 1 already there, -1 error. */
int store_media_add(struct store *s, const char *hash, const char *ext, const char *type,
		    long long size, const char *name, long long user_id);
int store_media_list(struct store *s, struct pool *p, struct media_row **rows, size_t *n);
int store_media_get(struct store *s, struct pool *p, const char *hash, struct media_row *out);
int store_media_delete(struct store *s, const char *hash);

#endif
