/* media_file: the files of the media library: their type found from the bytes (libmagic), named
 * by the SHA-256 of the bytes, kept durably as DATA/media/HASH.EXT; for uploads and imports. */
#ifndef BS_MEDIA_FILE_H
#define BS_MEDIA_FILE_H

#include <stddef.h>

/* The extension the library gives a MIME type it takes (PNG, JPEG, GIF, WebP, AVIF), or NULL.
 * SVG is none of them: it can carry script. */
const char *media_ext_of_type(const char *type);
/* The MIME type of one of those extensions, or NULL. */
const char *media_type_of_ext(const char *ext);

/* What storing a file found out. */
struct media_stored {
	char hash[65];	  /* the SHA-256 of the bytes, in hex */
	const char *type; /* static strings */
	const char *ext;
	long long size;
	int existed; /* DATA/media/HASH.EXT was there already (the same bytes): nothing written */
};

/*
 * Takes tmp_path, a finished file in DATA/media/.tmp whose SHA-256 is hash, into the library:
 * its type is found from its bytes and it is renamed to DATA/media/HASH.EXT, the folder synced.
 * Returns 0 (tmp_path is gone), or an HTTP status with msg set: 415 when the bytes are no
 * accepted type (naming what they are), 500 when the file cannot be stored (tmp_path is then
 * left for the caller).
 */
int media_store_file(const char *data_dir, const char *tmp_path, const char *hash,
		     struct media_stored *out, char *msg, size_t msglen);

/*
 * Copies the regular file at src (at most max bytes; symbolic links are not followed) into
 * DATA/media/.tmp, hashing it on the way, then stores it as media_store_file does. Returns 0,
 * or: 404 when src is not there or is not a regular file, 413 when it is larger than max, 415
 * when it is no accepted type, 500 on an I/O error; msg says which.
 */
int media_copy_in(const char *data_dir, const char *src, long long max, struct media_stored *out,
		  char *msg, size_t msglen);

#endif
