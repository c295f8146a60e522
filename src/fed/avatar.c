/* avatar: drawing our actors' pictures as PNG with zlib, and fetching, checking and keeping the
 * avatars of remote actors. */
#include "fed/avatar.h"
#include "fed/fed.h"
#include "fed/net.h"
#include "fed/remote.h"
#include "store/store.h"
#include "store/store_fed.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CELLS 5
#define CELL 40
#define MARGIN 20
#define SIDE (CELLS * CELL + 2 * MARGIN)

static void put32(struct buf *out, unsigned long v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	buf_put(out, b, 4);
}

/* One PNG chunk: length, type, data, and the CRC of type and data. */
static void chunk(struct buf *out, const char *type, const unsigned char *data, size_t n)
{
	put32(out, (unsigned long)n);
	size_t at = out->len;
	buf_put(out, type, 4);
	if (n)
		buf_put(out, data, n);
	uLong crc = crc32(0L, (const Bytef *)out->data + at, (uInt)(n + 4));
	put32(out, crc);
}

void avatar_png(const char *seed, struct buf *out)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)seed, strlen(seed), NULL, 0);
	/* A soft background and a colour of the hash, never too light to see. */
	unsigned char palette[6] = {0xf2,
				    0xf0,
				    0xeb,
				    (unsigned char)(h[0] % 160 + 20),
				    (unsigned char)(h[1] % 160 + 20),
				    (unsigned char)(h[2] % 160 + 20)};
	int on[CELLS][CELLS];
	for (int y = 0; y < CELLS; y++)
		for (int x = 0; x <= CELLS / 2; x++)
			on[y][x] = on[y][CELLS - 1 - x] = h[3 + y * 3 + x] & 1;
	/* Indexed colour, 8 bits a pixel: each row a filter byte (none) and SIDE indexes. */
	size_t raw_len = (size_t)SIDE * (SIDE + 1);
	unsigned char *raw = xmalloc(raw_len);
	for (int y = 0; y < SIDE; y++) {
		unsigned char *row = raw + (size_t)y * (SIDE + 1);
		row[0] = 0;
		for (int x = 0; x < SIDE; x++) {
			int cx = (x - MARGIN) / CELL, cy = (y - MARGIN) / CELL;
			int inside = x >= MARGIN && y >= MARGIN && cx < CELLS && cy < CELLS;
			row[1 + x] = inside && on[cy][cx] ? 1 : 0;
		}
	}
	uLongf zlen = compressBound((uLong)raw_len);
	unsigned char *z = xmalloc(zlen);
	if (compress2(z, &zlen, raw, (uLong)raw_len, 9) != Z_OK) {
		free(raw);
		free(z);
		return;
	}
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char ihdr[13] = {0, 0, 0, SIDE, 0, 0, 0, SIDE, 8, 3, 0, 0, 0};
	buf_put(out, sig, sizeof(sig));
	chunk(out, "IHDR", ihdr, sizeof(ihdr));
	chunk(out, "PLTE", palette, sizeof(palette));
	chunk(out, "IDAT", z, zlen);
	chunk(out, "IEND", NULL, 0);
	free(raw);
	free(z);
}

const char *avatar_kind(const unsigned char *d, size_t n)
{
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "jpg";
	if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return "gif";
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return "webp";
	return NULL;
}

/* Writes the file durably under a temporary name, then renames it into place. */
static int write_file(const char *dir, const char *name, const void *data, size_t n)
{
	char tmp[4300], path[4300];
	snprintf(tmp, sizeof(tmp), "%s/.new-%s", dir, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	int bad = write(fd, data, n) != (ssize_t)n || fsync(fd) != 0;
	bad |= close(fd) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int fed_avatar_fetch(const struct fed_site *fs, const char *data_dir, struct fed_actor_row *a)
{
	if (a->avatar_tried || !a->icon_url || !*a->icon_url)
		return 0;
	struct fed_signer s;
	struct fed_response r;
	const char *name = "";
	fed_instance_signer(fs, &s);
	if (fed_get(&s, a->icon_url, "image/png, image/jpeg, image/gif, image/webp", FED_AVATAR_MAX,
		    &r) == 0 &&
	    r.status == 200) {
		const char *ext = avatar_kind((const unsigned char *)r.body.data, r.body.len);
		char dir[4200];
		snprintf(dir, sizeof(dir), "%s/avatars", data_dir);
		if (ext && (mkdir(dir, 0755) == 0 || errno == EEXIST)) {
			unsigned char h[32];
			char hex[65];
			crypto_hash_sha256(h, (const unsigned char *)r.body.data, r.body.len);
			sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
			const char *file = pool_printf(fs->pool, "%s.%s", hex, ext);
			if (write_file(dir, file, r.body.data, r.body.len) == 0)
				name = file;
		}
	}
	buf_free(&r.body);
	if (store_begin(fs->store) != 0 ||
	    store_fed_actor_set_avatar(fs->store, a->id, name) != 0 ||
	    store_commit_quiet(fs->store) != 0) {
		store_rollback(fs->store);
		return -1;
	}
	a->avatar = name;
	a->avatar_tried = 1;
	return 0;
}

int fed_avatar_open(const char *data_dir, const char *name, int *fd, long long *size,
		    const char **type)
{
	static const struct {
		const char *ext, *type;
	} types[] = {{"png", "image/png"},
		     {"jpg", "image/jpeg"},
		     {"gif", "image/gif"},
		     {"webp", "image/webp"}};
	const char *dot = strrchr(name, '.');
	*type = NULL;
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot + 1, types[i].ext) == 0)
			*type = types[i].type;
	if (!*type || strchr(name, '/'))
		return -1;
	char path[4300];
	snprintf(path, sizeof(path), "%s/avatars/%s", data_dir, name);
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (*fd < 0)
		return -1;
	struct stat sb;
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		*fd = -1;
		return -1;
	}
	*size = (long long)sb.st_size;
	return 0;
}
