/* media_file: checking, naming and durably storing files of the media library. */
#include "media/media_file.h"
#include "util/sniff.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The types accepted, by what libmagic finds in the bytes. */
static const struct {
	const char *type, *ext;
} kinds[] = {
    {"image/png", "png"},   {"image/jpeg", "jpg"},  {"image/gif", "gif"},
    {"image/webp", "webp"}, {"image/avif", "avif"},
};

const char *media_ext_of_type(const char *type)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].type, type) == 0)
			return kinds[i].ext;
	return NULL;
}

const char *media_type_of_ext(const char *ext)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].ext, ext) == 0)
			return kinds[i].type;
	return NULL;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int media_store_file(const char *data_dir, const char *tmp_path, const char *hash,
		     struct media_stored *out, char *msg, size_t msglen)
{
	const char *type = sniff_file(tmp_path);
	const char *ext = type ? media_ext_of_type(type) : NULL;
	if (!ext) {
		snprintf(msg, msglen,
			 "This file is not an image this site accepts (PNG, JPEG, GIF, WebP or "
			 "AVIF): its content is %s, whatever its name says.",
			 type ? type : "of an unknown type");
		return 415;
	}
	struct stat sb;
	char dest[4096], dir[4096];
	if (snprintf(dest, sizeof(dest), "%s/media/%s.%s", data_dir, hash, ext) >=
		(int)sizeof(dest) ||
	    stat(tmp_path, &sb) != 0) {
		snprintf(msg, msglen, "The file could not be stored.");
		return 500;
	}
	snprintf(out->hash, sizeof(out->hash), "%s", hash);
	out->type = media_type_of_ext(ext);
	out->ext = ext;
	out->size = (long long)sb.st_size;
	/* Same bytes, same name: a file that is there already is this one. */
	out->existed = access(dest, F_OK) == 0;
	if (out->existed) {
		unlink(tmp_path);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/media", data_dir);
	if (rename(tmp_path, dest) != 0 || sync_dir(dir) != 0) {
		snprintf(msg, msglen, "The file could not be stored.");
		return 500;
	}
	return 0;
}

int media_copy_in(const char *data_dir, const char *src, long long max, struct media_stored *out,
		  char *msg, size_t msglen)
{
	char tmp[4096];
	int in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (in < 0 || fstat(in, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(msg, msglen, "%s",
			 in < 0 && errno != ENOENT && errno != ELOOP ? strerror(errno)
								     : "no such file");
		if (in >= 0)
			close(in);
		return 404;
	}
	if (sb.st_size > max) {
		close(in);
		snprintf(msg, msglen, "larger than %lld MB", max >> 20);
		return 413;
	}
	snprintf(tmp, sizeof(tmp), "%s/media", data_dir);
	mkdir(tmp, 0755);
	snprintf(tmp, sizeof(tmp), "%s/media/.tmp", data_dir);
	mkdir(tmp, 0700);
	if (snprintf(tmp, sizeof(tmp), "%s/media/.tmp/import-XXXXXX", data_dir) >=
	    (int)sizeof(tmp)) {
		close(in);
		snprintf(msg, msglen, "the data folder's path is too long");
		return 500;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		close(in);
		snprintf(msg, msglen, "%s: %s", tmp, strerror(errno));
		return 500;
	}
	crypto_hash_sha256_state sha;
	crypto_hash_sha256_init(&sha);
	char chunk[65536];
	ssize_t n;
	int bad = 0;
	while ((n = read(in, chunk, sizeof(chunk))) > 0) {
		crypto_hash_sha256_update(&sha, (const unsigned char *)chunk, (size_t)n);
		for (ssize_t done = 0; done < n && !bad;) {
			ssize_t w = write(fd, chunk + done, (size_t)(n - done));
			bad = w <= 0;
			done += w > 0 ? w : 0;
		}
		if (bad)
			break;
	}
	bad |= n < 0 || fsync(fd) != 0;
	bad |= close(fd) != 0;
	close(in);
	if (bad) {
		unlink(tmp);
		snprintf(msg, msglen, "could not be copied: %s", strerror(errno));
		return 500;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256_final(&sha, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	int rc = media_store_file(data_dir, tmp, hex, out, msg, msglen);
	if (rc != 0)
		unlink(tmp);
	return rc;
}
