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
/* Where a medium is shown: a post (its text or its featured image, in the trash too), an
 * issue of the journal, a writer's avatar, or the site's image or favicon. */
enum media_use_kind { MEDIA_IN_POST, MEDIA_IN_ISSUE, MEDIA_AVATAR, MEDIA_SITE };
struct media_use {
	enum media_use_kind kind;
	long long id;	   /* the post's, issue's or user's */
	const char *title; /* the post's or issue's title, the writer's handle, the setting */
};
/* Every use of the medium at path ("/media/HASH.EXT"), posts first. 0 or -1. */
int store_media_uses(struct store *s, struct pool *p, const char *path, struct media_use **rows,
		     size_t *n);
/* 1 when path is "/media/HASH.EXT" of a medium of the library (s NULL: has that form), else
 * 0. */
int store_media_path_ok(struct store *s, struct pool *p, const char *path);

#endif
