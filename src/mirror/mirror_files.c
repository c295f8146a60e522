/* mirror_files: the mirror's folder: files written only when their bytes changed (under a
 * temporary name, then renamed), the names this run wrote, and the removal of the rest. */
#include "mirror/mirror_int.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 4096
#define CHUNK 65536

/* ---- a set of strings (open addressing, FNV-1a) ---- */

struct strset {
	char **slot;
	size_t cap, n;
};

struct strset *strset_new(void)
{
	struct strset *s = xcalloc(1, sizeof(*s));
	s->cap = 1024;
	s->slot = xcalloc(s->cap, sizeof(*s->slot));
	return s;
}

void strset_free(struct strset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	free(s);
}

static size_t hash(const char *str, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)str[i]) * 1099511628211ull;
	return (size_t)h;
}

static size_t find(const struct strset *s, const char *str, size_t n)
{
	size_t i = hash(str, n) & (s->cap - 1);
	while (s->slot[i] && (strlen(s->slot[i]) != n || memcmp(s->slot[i], str, n) != 0))
		i = (i + 1) & (s->cap - 1);
	return i;
}

int strset_add(struct strset *s, const char *str, size_t n)
{
	if (2 * (s->n + 1) > s->cap) {
		struct strset bigger = {xcalloc(2 * s->cap, sizeof(char *)), 2 * s->cap, s->n};
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				bigger.slot[find(&bigger, s->slot[i], strlen(s->slot[i]))] =
				    s->slot[i];
		free(s->slot);
		*s = bigger;
	}
	size_t i = find(s, str, n);
	if (s->slot[i])
		return 0;
	s->slot[i] = xstrndup(str, n);
	s->n++;
	return 1;
}

int strset_has(const struct strset *s, const char *str)
{
	return s->slot[find(s, str, strlen(str))] != NULL;
}

/* ---- the folder ---- */

struct mirror_out {
	char dir[PATH_BYTES];
	int fd; /* the folder, for *at calls */
	struct strset *written;
	struct strset *folders; /* folders made or found this run */
	struct mirror_stats *st;
};

static int ofail(char *err, size_t errlen, const char *what, const char *why)
{
	snprintf(err, errlen, "%s: %s", what, why);
	return -1;
}

int mirror_out_open(const char *dir, struct mirror_stats *st, struct mirror_out **out, char *err,
		    size_t errlen)
{
	*out = NULL;
	if (strlen(dir) >= PATH_BYTES - 256)
		return ofail(err, errlen, dir, "the path is too long");
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return ofail(err, errlen, dir, strerror(errno));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ofail(err, errlen, dir, strerror(errno));
	struct stat sb;
	if (fstatat(fd, MIRROR_MARK, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		/* A folder that holds anything else is not ours to prune. */
		DIR *d = fdopendir(dup(fd));
		struct dirent *e;
		int empty = 1;
		while (d && empty && (e = readdir(d)))
			empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
		if (d)
			closedir(d);
		if (!empty) {
			close(fd);
			return ofail(
			    err, errlen, dir,
			    "it holds files and no " MIRROR_MARK
			    ": give an empty or new folder, or one an earlier mirror made");
		}
		int m = openat(fd, MIRROR_MARK, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (m < 0 || write(m, "broadside mirror\n", 17) != 17) {
			if (m >= 0)
				close(m);
			close(fd);
			return ofail(err, errlen, dir, strerror(errno));
		}
		close(m);
	}
	struct mirror_out *o = xcalloc(1, sizeof(*o));
	snprintf(o->dir, sizeof(o->dir), "%s", dir);
	o->fd = fd;
	o->written = strset_new();
	o->folders = strset_new();
	o->st = st;
	strset_add(o->written, MIRROR_MARK, strlen(MIRROR_MARK));
	*out = o;
	return 0;
}

int mirror_file_name(const char *path, int page, struct buf *out)
{
	buf_reset(out);
	const char *s = path[0] == '/' ? path + 1 : path;
	for (const char *seg = s; *seg;) {
		size_t n = strcspn(seg, "/");
		if (n == 0 || seg[0] == '.')
			return -1;
		seg += n;
		if (*seg == '/')
			seg++;
	}
	buf_puts(out, s);
	if (out->len && out->data[out->len - 1] == '/')
		out->data[--out->len] = '\0';
	if (page)
		buf_puts(out, out->len ? "/index.html" : "index.html");
	return out->len && strlen(out->data) == out->len ? 0 : -1;
}

/* Makes the folders rel goes in, under the mirror, each looked at once a run. 1 when the
 * folder rel is in was made just now (so it holds nothing yet), 0 when it was there, -1 with
 * err. */
static int parents(struct mirror_out *o, const char *rel, char *err, size_t errlen)
{
	char path[PATH_BYTES];
	int fresh = 0;
	snprintf(path, sizeof(path), "%s", rel);
	for (char *s = path; (s = strchr(s, '/')); s++) {
		*s = '\0';
		fresh = 0;
		if (!strset_has(o->folders, path)) {
			struct stat sb;
			if (mkdirat(o->fd, path, 0755) == 0)
				fresh = 1;
			else if (errno != EEXIST)
				return ofail(err, errlen, path, strerror(errno));
			/* A file where a folder must go (an earlier run's): it makes way. */
			if (!fresh && fstatat(o->fd, path, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
			    !S_ISDIR(sb.st_mode)) {
				if (unlinkat(o->fd, path, 0) != 0 ||
				    mkdirat(o->fd, path, 0755) != 0)
					return ofail(err, errlen, path, strerror(errno));
				fresh = 1;
			}
			strset_add(o->folders, path, strlen(path));
		}
		*s = '/';
	}
	return fresh;
}

/* 1 when rel holds exactly these bytes already. */
static int same(struct mirror_out *o, const char *rel, const void *data, size_t len)
{
	int fd = openat(o->fd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size != len) {
		close(fd);
		return 0;
	}
	char *have = xmalloc(CHUNK);
	size_t at = 0;
	int eq = 1;
	while (eq && at < len) {
		ssize_t k = read(fd, have, len - at > CHUNK ? CHUNK : len - at);
		if (k <= 0)
			eq = 0;
		else
			eq = memcmp(have, (const char *)data + at, (size_t)k) == 0, at += (size_t)k;
	}
	free(have);
	close(fd);
	return eq;
}

int mirror_put(struct mirror_out *o, const char *rel, const void *data, size_t len, char *err,
	       size_t errlen)
{
	if (!strset_add(o->written, rel, strlen(rel)))
		return 0; /* the same file from another spelling of its address */
	int fresh = parents(o, rel, err, errlen);
	if (fresh < 0)
		return -1;
	if (!fresh && same(o, rel, data, len)) {
		o->st->unchanged++;
		return 0;
	}
	char tmp[PATH_BYTES];
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", rel, (int)getpid());
	int fd = openat(o->fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return ofail(err, errlen, rel, strerror(errno));
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlinkat(o->fd, tmp, 0);
			return ofail(err, errlen, rel,
				     w < 0 ? strerror(errno) : "the disk is full");
		}
		p += w;
		left -= (size_t)w;
	}
	struct stat sb;
	/* A folder where the file goes (an earlier run's page there) makes way, if empty. */
	if (!fresh && fstatat(o->fd, rel, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode))
		unlinkat(o->fd, rel, AT_REMOVEDIR);
	if (close(fd) != 0 || renameat(o->fd, tmp, o->fd, rel) != 0) {
		unlinkat(o->fd, tmp, 0);
		return ofail(err, errlen, rel, strerror(errno));
	}
	o->st->written++;
	return 0;
}

int mirror_put_fd(struct mirror_out *o, const char *rel, int fd, long long size, char *err,
		  size_t errlen)
{
	struct buf b = {0};
	char *chunk = xmalloc(CHUNK);
	int rc = 0;
	while ((long long)b.len < size) {
		ssize_t k = read(fd, chunk, CHUNK);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = ofail(err, errlen, rel, k < 0 ? strerror(errno) : "the file shrank");
			break;
		}
		buf_put(&b, chunk, (size_t)k);
	}
	free(chunk);
	if (rc == 0)
		rc = mirror_put(o, rel, b.data ? b.data : "", b.len, err, errlen);
	buf_free(&b);
	return rc;
}

/* Removes what this run did not write under rel (a folder of the mirror, "" its top). Returns
 * 1 when the folder is empty afterwards, 0 when not, -1 on an error. */
static int prune(struct mirror_out *o, const char *rel, int depth, char *err, size_t errlen)
{
	int dfd = rel[0] ? openat(o->fd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
			 : dup(o->fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return ofail(err, errlen, rel, strerror(errno));
	}
	struct dirent *e;
	int left = 0, rc = 0;
	while (rc >= 0 && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[PATH_BYTES];
		snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
		struct stat sb;
		if (fstatat(o->fd, path, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(sb.st_mode) && depth < 64) {
			int empty = prune(o, path, depth + 1, err, errlen);
			if (empty < 0)
				rc = -1;
			else if (empty && unlinkat(o->fd, path, AT_REMOVEDIR) == 0)
				continue;
			left++;
		} else if (!strset_has(o->written, path)) {
			if (unlinkat(o->fd, path, 0) != 0)
				rc = ofail(err, errlen, path, strerror(errno));
			o->st->removed++;
		} else {
			left++;
		}
	}
	closedir(d);
	return rc < 0 ? -1 : left == 0;
}

int mirror_out_close(struct mirror_out *o, int prune_stale, char *err, size_t errlen)
{
	int rc = prune_stale ? (prune(o, "", 0, err, errlen) < 0 ? -1 : 0) : 0;
	if (rc == 0 && fsync(o->fd) != 0)
		rc = ofail(err, errlen, o->dir, strerror(errno));
	close(o->fd);
	strset_free(o->written);
	strset_free(o->folders);
	free(o);
	return rc;
}
