/* bundle_read: an export bundle read into a new press: the manifest first, every entry checked
 * against it into a folder beside the press's place, then the sections in one transaction,
 * and the press renamed into place whole. */
#include "crypto/keys.h"
#include "port/bundle_int.h"
#include "port/tar.h"
#include "post/publish.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "util/rmtree.h"
#include "util/sync.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IN_MAX 1024
#define PATH_BYTES 4096
#define CHUNK 65536
/* What a bundle checked in memory may hold once decompressed (the fuzzer's bound). */
#define MEMORY_MAX (64u * 1024 * 1024)

int bundle_fail(struct bundle_in *in, const char *path, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = path && line ? snprintf(in->err, in->errlen, "%s:%u: ", path, line)
		: path	     ? snprintf(in->err, in->errlen, "%s: ", path)
			     : 0;
	if (n >= 0 && (size_t)n < in->errlen)
		vsnprintf(in->err + n, in->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the bundle's files, staged or in memory ---- */

void bundle_staged_path(struct bundle_in *in, const char *path, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s/%s", in->files_dir ? in->files_dir : "", path);
}

int bundle_has(struct bundle_in *in, const char *path)
{
	return bundle_manifest_find(in->m, path) != NULL;
}

int bundle_open(struct bundle_in *in, const char *path, struct bundle_src *src)
{
	memset(src, 0, sizeof(*src));
	src->path = path;
	struct bundle_file *f = bundle_manifest_find(in->m, path);
	if (!f)
		return bundle_fail(in, path, 0,
				   "the bundle lacks this file (its manifest does not "
				   "list it)");
	f->used = 1;
	if (!in->files_dir) {
		for (size_t i = 0; i < in->nmem; i++)
			if (strcmp(in->mem[i].path, path) == 0) {
				src->mem = in->mem[i].data;
				src->len = in->mem[i].len;
				return 0;
			}
		return bundle_fail(in, path, 0, "the bundle lacks this file");
	}
	char full[PATH_BYTES];
	bundle_staged_path(in, path, full, sizeof(full));
	if (!(src->f = fopen(full, "rb")))
		return bundle_fail(in, path, 0, "%s", strerror(errno));
	return 0;
}

void bundle_close(struct bundle_src *src)
{
	if (src->f)
		fclose(src->f);
	src->f = NULL;
}

int bundle_next_line(struct bundle_in *in, struct bundle_src *src, struct buf *line)
{
	buf_reset(line);
	int any = 0;
	if (src->mem) {
		if (src->at >= src->len)
			return 0;
		const char *start = src->mem + src->at;
		const char *nl = memchr(start, '\n', src->len - src->at);
		size_t n = nl ? (size_t)(nl - start) : src->len - src->at;
		if (n > BUNDLE_LINE_MAX)
			return bundle_fail(in, src->path, src->line + 1, "the line is too long");
		buf_put(line, start, n);
		src->at += n + (nl != NULL);
		src->line++;
		return 1;
	}
	if (!src->f)
		return 0;
	int c;
	while ((c = getc(src->f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (line->len >= BUNDLE_LINE_MAX)
			return bundle_fail(in, src->path, src->line + 1, "the line is too long");
		buf_putc(line, (char)c);
	}
	if (ferror(src->f))
		return bundle_fail(in, src->path, src->line + 1, "cannot be read");
	if (!any)
		return 0;
	src->line++;
	return 1;
}

int bundle_slurp(struct bundle_in *in, const char *path, size_t max, struct buf *out)
{
	struct bundle_src src;
	buf_reset(out);
	if (bundle_open(in, path, &src) != 0)
		return -1;
	if (src.mem) {
		if (src.len > max)
			return bundle_fail(in, path, 0, "larger than such a file can be");
		buf_put(out, src.mem, src.len);
		return 0;
	}
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), src.f)) > 0) {
		if (out->len + n > max) {
			bundle_close(&src);
			return bundle_fail(in, path, 0, "larger than such a file can be");
		}
		buf_put(out, chunk, n);
	}
	int bad = ferror(src.f);
	bundle_close(&src);
	return bad ? bundle_fail(in, path, 0, "cannot be read") : 0;
}

/* ---- the archive ---- */

struct reading {
	struct bundle_in *in;
	struct tar_reader *tr;
	struct bundle_manifest m;
	size_t mem_used;
};

static long fd_source(void *ud, void *buf, size_t n)
{
	for (;;) {
		ssize_t k = read(*(int *)ud, buf, n);
		if (k < 0 && errno == EINTR)
			continue;
		return (long)k;
	}
}

struct mem_source {
	const unsigned char *p;
	size_t len, at;
};

static long mem_source(void *ud, void *buf, size_t n)
{
	struct mem_source *m = ud;
	size_t k = m->len - m->at < n ? m->len - m->at : n;
	memcpy(buf, m->p + m->at, k);
	m->at += k;
	return (long)k;
}

/* The first entry: the manifest, read and checked. */
static int read_manifest(struct reading *rd)
{
	struct bundle_in *in = rd->in;
	struct tar_entry e;
	char err[512];
	int rc = tar_read_next(rd->tr, &e, err, sizeof(err));
	if (rc < 0)
		return bundle_fail(in, NULL, 0, "this is not a broadside bundle: %s", err);
	if (rc == 0 || strcmp(e.name, BUNDLE_MANIFEST) != 0 || e.size > BUNDLE_MANIFEST_MAX)
		return bundle_fail(in, NULL, 0,
				   "this is not a broadside bundle (its first entry is not %s)",
				   BUNDLE_MANIFEST);
	char *text = xmalloc((size_t)e.size + 1);
	long got = 0;
	while (got < e.size) {
		long k =
		    tar_read_data(rd->tr, text + got, (size_t)(e.size - got), err, sizeof(err));
		if (k <= 0) {
			free(text);
			return bundle_fail(in, BUNDLE_MANIFEST, 0, "%s", k < 0 ? err : "cut short");
		}
		got += k;
	}
	rc = bundle_manifest_parse(text, (size_t)e.size, &rd->m, err, sizeof(err));
	free(text);
	if (rc != 0)
		return bundle_fail(in, NULL, 0, "%s", err);
	in->m = &rd->m;
	return 0;
}

/* Makes the folders a staged file goes in (names are checked: no "..", no dot files). */
static int make_parents(struct bundle_in *in, const char *path)
{
	char full[PATH_BYTES];
	bundle_staged_path(in, path, full, sizeof(full));
	size_t base = strlen(in->files_dir) + 1;
	for (char *s = full + base; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(full, 0700) != 0 && errno != EEXIST)
			return bundle_fail(in, path, 0, "%s", strerror(errno));
		*s = '/';
	}
	return 0;
}

/* One entry after the manifest: listed, once, of its size and sha256; kept on disk or in
 * memory. */
static int read_entry(struct reading *rd, const struct tar_entry *e)
{
	struct bundle_in *in = rd->in;
	char err[512];
	struct bundle_file *f = bundle_manifest_find(&rd->m, e->name);
	if (!f)
		return bundle_fail(
		    in, NULL, 0, "the bundle holds '%s', which its manifest does not list: refused",
		    e->name);
	if (f->seen)
		return bundle_fail(in, e->name, 0, "it is in the bundle twice");
	if (e->size != f->size)
		return bundle_fail(in, e->name, 0, "%lld bytes, and the manifest says %lld",
				   e->size, f->size);
	f->seen = 1;
	int fd = -1;
	char *mem = NULL;
	if (in->files_dir) {
		char full[PATH_BYTES];
		if (make_parents(in, e->name) != 0)
			return -1;
		bundle_staged_path(in, e->name, full, sizeof(full));
		fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return bundle_fail(in, e->name, 0, "%s", strerror(errno));
	} else {
		if (rd->mem_used + (size_t)e->size > MEMORY_MAX)
			return bundle_fail(in, e->name, 0,
					   "more than a bundle checked in memory holds");
		rd->mem_used += (size_t)e->size;
		mem = xmalloc((size_t)e->size + 1);
		in->mem = xrealloc(in->mem, (in->nmem + 1) * sizeof(*in->mem));
		in->mem[in->nmem++] = (struct bundle_mem_file){f->path, mem, (size_t)e->size};
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char *chunk = xmalloc(CHUNK);
	long long at = 0;
	int rc = 0;
	while (rc == 0 && at < e->size) {
		long k = tar_read_data(rd->tr, chunk, CHUNK, err, sizeof(err));
		if (k <= 0) {
			rc = bundle_fail(in, e->name, 0, "%s", k < 0 ? err : "cut short");
			break;
		}
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)k);
		if (mem)
			memcpy(mem + at, chunk, (size_t)k);
		for (long done = 0; fd >= 0 && rc == 0 && done < k;) {
			ssize_t w = write(fd, chunk + done, (size_t)(k - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				rc = bundle_fail(in, e->name, 0, "%s",
						 w < 0 ? strerror(errno) : "the disk is full");
			else
				done += w;
		}
		at += k;
	}
	free(chunk);
	if (fd >= 0 && close(fd) != 0 && rc == 0)
		rc = bundle_fail(in, e->name, 0, "%s", strerror(errno));
	unsigned char sha[32];
	crypto_hash_sha256_final(&h, sha);
	if (rc == 0 && sodium_memcmp(sha, f->sha256, 32) != 0)
		rc = bundle_fail(in, e->name, 0,
				 "its sha256 is not the one the manifest gives: the bundle is "
				 "damaged or was changed");
	return rc;
}

/* The whole archive: the manifest, then every entry, then none of the manifest missing. */
static int read_archive(struct reading *rd)
{
	struct bundle_in *in = rd->in;
	char err[512];
	if (read_manifest(rd) != 0)
		return -1;
	for (;;) {
		struct tar_entry e;
		int rc = tar_read_next(rd->tr, &e, err, sizeof(err));
		if (rc < 0)
			return bundle_fail(in, NULL, 0, "%s", err);
		if (rc == 0)
			break;
		if (read_entry(rd, &e) != 0)
			return -1;
		in->st->files++;
	}
	for (size_t i = 0; i < rd->m.nfiles; i++)
		if (!rd->m.files[i].seen)
			return bundle_fail(in, rd->m.files[i].path, 0,
					   "the manifest lists it, and the bundle lacks it: it is "
					   "not whole");
	return 0;
}

/* Every section of the manifest, in order; then every file must have been read by one. */
static int read_sections(struct bundle_in *in)
{
	for (size_t i = 0; i < in->m->nsections; i++) {
		const struct bundle_section *s = bundle_section_find(in->m->sections[i]);
		if (s->read(in) != 0)
			return -1;
		size_t n = strlen(in->st->sections);
		snprintf(in->st->sections + n, sizeof(in->st->sections) - n, "%s%s", n ? ", " : "",
			 s->name);
	}
	for (size_t i = 0; i < in->m->nfiles; i++)
		if (!in->m->files[i].used)
			return bundle_fail(in, in->m->files[i].path, 0,
					   "no part of the press is made from it: refused");
	return 0;
}

int bundle_check_memory(const void *data, size_t len, char *err, size_t errlen)
{
	struct bundle_stats st = {0};
	struct bundle_in in = {.st = &st, .err = err, .errlen = errlen};
	struct mem_source ms = {data, len, 0};
	struct reading rd = {.in = &in};
	rd.tr = tar_reader_new(mem_source, &ms);
	int rc = read_archive(&rd);
	if (rc == 0)
		rc = read_sections(&in);
	tar_reader_free(rd.tr);
	for (size_t i = 0; i < in.nmem; i++)
		free((void *)in.mem[i].data);
	free(in.mem);
	bundle_manifest_free(&rd.m);
	return rc;
}

/* dest must not exist, or be an empty folder. */
static int dest_free(struct bundle_in *in, const char *dest)
{
	struct stat sb;
	if (lstat(dest, &sb) != 0)
		return errno == ENOENT ? 0 : bundle_fail(in, dest, 0, "%s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return bundle_fail(in, dest, 0, "it exists and is not a folder");
	DIR *d = opendir(dest);
	if (!d)
		return bundle_fail(in, dest, 0, "%s", strerror(errno));
	struct dirent *e;
	int empty = 1;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty ? 0
		     : bundle_fail(in, dest, 0,
				   "it is not empty: a bundle is imported into a new press (a new "
				   "folder, or an empty one)");
}

/* A new press in dir, filled from the bundle in one transaction. */
static int fill_press(struct bundle_in *in, const char *dir)
{
	char err[1024];
	if (mkdir(dir, 0755) != 0)
		return bundle_fail(in, dir, 0, "%s", strerror(errno));
	struct store *s = store_open(dir, 1, err, sizeof(err));
	if (!s)
		return bundle_fail(in, NULL, 0, "%s", err);
	int rc =
	    publish_upgrade(s) < 0 ? bundle_fail(in, NULL, 0, "database: %s", store_errmsg(s)) : 0;
	/* The new press has a key of its own: nothing of the old one comes along. */
	struct press_keys *k = rc == 0 ? keys_open(dir, s, 1, err, sizeof(err)) : NULL;
	if (rc == 0 && !k)
		rc = bundle_fail(in, NULL, 0, "%s", err);
	in->s = s;
	in->keys = k;
	in->data_dir = dir;
	if (rc == 0 && store_begin(s) != 0)
		rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(s));
	if (rc == 0) {
		rc = read_sections(in);
		if (rc == 0 && store_bundle_forget_jobs(s) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(s));
		if (rc == 0 && store_commit(s) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(s));
		if (rc != 0)
			store_rollback(s);
	}
	keys_close(k);
	store_close(s);
	in->s = NULL;
	in->keys = NULL;
	return rc;
}

int bundle_import(const char *file, const char *dest, struct bundle_stats *st, char *err,
		  size_t errlen)
{
	memset(st, 0, sizeof(*st));
	struct bundle_in in = {.st = st, .err = err, .errlen = errlen};
	struct reading rd = {.in = &in};
	char stage[PATH_BYTES] = "", files[PATH_BYTES] = "", press[PATH_BYTES] = "";
	char parent[IN_MAX + 1], base[IN_MAX + 1];
	if (strlen(dest) > IN_MAX)
		return bundle_fail(&in, dest, 0, "the path is too long (at most %d bytes)", IN_MAX);
	if (dest_free(&in, dest) != 0)
		return -1;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bundle_fail(&in, file, 0, "%s", strerror(errno));
	snprintf(parent, sizeof(parent), "%s", dest);
	snprintf(base, sizeof(base), "%s", dest);
	snprintf(stage, sizeof(stage), "%s/.%.200s.import-XXXXXX", dirname(parent), basename(base));
	int rc = 0;
	if (!mkdtemp(stage)) {
		rc = bundle_fail(&in, stage, 0, "%s", strerror(errno));
		stage[0] = '\0';
	}
	if (rc == 0 &&
	    ((size_t)snprintf(files, sizeof(files), "%s/bundle", stage) >= sizeof(files) ||
	     (size_t)snprintf(press, sizeof(press), "%s/press", stage) >= sizeof(press))) {
		files[0] = press[0] = '\0';
		rc = bundle_fail(&in, dest, 0, "the folder's path is too long");
	}
	if (rc == 0 && mkdir(files, 0700) != 0)
		rc = bundle_fail(&in, files, 0, "%s", strerror(errno));
	in.files_dir = files;
	if (rc == 0) {
		rd.tr = tar_reader_new(fd_source, &fd);
		rc = read_archive(&rd);
		tar_reader_free(rd.tr);
	}
	close(fd);
	if (rc == 0) {
		st->exported = rd.m.exported;
		snprintf(st->made_by, sizeof(st->made_by), "%s", rd.m.made_by);
		rc = fill_press(&in, press);
	}
	/* The bundle's staged files go before the press is renamed into place. */
	char rmerr[512];
	if (files[0] && rmtree_path(files, rmerr, sizeof(rmerr)) != 0 && rc == 0)
		rc = bundle_fail(&in, files, 0, "%s", rmerr);
	if (rc == 0 && (sync_path(press) != 0 || rename(press, dest) != 0))
		rc = bundle_fail(&in, dest, 0, "%s", strerror(errno));
	if (rc == 0 && sync_parent(dest) != 0)
		rc = bundle_fail(&in, dest, 0, "%s", strerror(errno));
	if (stage[0] && rmtree_path(stage, rmerr, sizeof(rmerr)) != 0)
		fprintf(stderr, "broadside: could not remove %s: %s\n", stage, rmerr);
	bundle_manifest_free(&rd.m);
	return rc;
}
