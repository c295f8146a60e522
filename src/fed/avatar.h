/* avatar: pictures of actors: ours drawn from a name (a symmetric pattern, as a PNG), since the
 * press keeps no portraits of its writers; and the avatars of remote commenters, fetched once,
 * size-capped, kept in DATA/avatars/ and served from there, so that readers never load a thing
 * from another server. */
#ifndef BS_FED_AVATAR_H
#define BS_FED_AVATAR_H

#include <stddef.h>

struct buf;
struct fed_actor_row;
struct fed_site;

/* The largest avatar fetched from another server. */
#define FED_AVATAR_MAX (512 * 1024)

/* A 240x240 PNG of a 5x5 mirrored pattern and a colour, both from a hash of seed. */
void avatar_png(const char *seed, struct buf *out);

/* The extension of an image by its first bytes (PNG, JPEG, GIF or WebP), or NULL. */
const char *avatar_kind(const unsigned char *data, size_t n);

/*
 * Fetches the actor's icon once (whatever comes of it, it is not fetched again until the icon
 * changes), keeps it as DATA/avatars/HASH.EXT when it is an image of at most FED_AVATAR_MAX
 * bytes, and records it on the actor and its comments (its own transaction). data_dir is the
 * press's folder. 0, or -1 on a database error.
 */
int fed_avatar_fetch(const struct fed_site *fs, const char *data_dir, struct fed_actor_row *a);

/* Opens DATA/avatars/NAME (NAME as /avatars/{media} takes it): 0 with the file, -1 when none. */
int fed_avatar_open(const char *data_dir, const char *name, int *fd, long long *size,
		    const char **type);

#endif
