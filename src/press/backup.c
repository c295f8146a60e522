/* backup: writing a press's folder to one zip file while it is served (the database by VACUUM
 * INTO, uploads pinned by hard links) and making a folder again from one, whole or not at all. */
#include "press/backup.h"
#include "store/store.h"
#include "store/store_backup.h"
#include "store/store_media.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/rmtree.h"
#include "util/sync.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

/* The press's folder and the output file are named by at most IN_MAX bytes; the job's own
 * folders fit STAGE_BYTES, folders in them FOLDER_BYTES, and a file in one PATH_BYTES. */
#define IN_MAX 1024
#define STAGE_BYTES 1280
#define FOLDER_BYTES 2048
#define PATH_BYTES 4096
/* A key or theme file larger than this is not one. */
#define SMALL_FILE_MAX (1024 * 1024)

/* Where a backup is put together: a folder in the press's folder (hard links to its files)
 * and one beside the output file (the copy of the database). */
struct job {
	const char *dir;
	char stage[STAGE_BYTES];   /* DIR/.backup-XXXXXX, or "" */
	char snapdir[STAGE_BYTES]; /* OUTDIR/.NAME.db-XXXXXX, or "" */
	struct backup_stats *st;
	char *err;
	size_t errlen;
};

static int fail(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Puts the message in the job's err; returns -1. */
static int fail(struct job *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->err, j->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Deletes a folder made for the job, with all it holds; path becomes "". */
static void remove_tree(char *path)
{
	char err[512];
	if (path[0] && rmtree_path(path, err, sizeof(err)) != 0)
		fprintf(stderr, "broadside: could not remove %s: %s\n", path, err);
	path[0] = '\0';
}

/* Hard links every regular file of from (with a name a backup holds) into to, keeping those
 * linked already. */
static int link_all(struct job *j, const char *from, const char *to, unsigned long *count)
{
	DIR *d = opendir(from);
	if (!d)
		return errno == ENOENT ? 0 : fail(j, "%s: %s", from, strerror(errno));
	if (mkdir(to, 0700) != 0 && errno != EEXIST) {
		closedir(d);
		return fail(j, "%s: %s", to, strerror(errno));
	}
	int tofd = open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tofd < 0) {
		closedir(d);
		return fail(j, "%s: %s", to, strerror(errno));
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		struct stat sb;
		if (!backup_name_ok(e->d_name, strlen(e->d_name)) ||
		    fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (linkat(dirfd(d), e->d_name, tofd, e->d_name, 0) == 0) {
			(*count)++;
		} else if (errno != EEXIST && errno != ENOENT) {
			char what[PATH_BYTES];
			snprintf(what, sizeof(what), "%s/%s", from, e->d_name);
			rc = fail(j,
				  "%s: cannot link it for the backup (%s); run the backup as the "
				  "user that owns the press, or as root",
				  what, strerror(errno));
		}
	}
	close(tofd);
	closedir(d);
	return rc;
}

/* The press's own themes: DIR/themes/NAME/FILE, linked into the stage. */
static int link_themes(struct job *j)
{
	char from[FOLDER_BYTES], to[FOLDER_BYTES];
	snprintf(from, sizeof(from), "%s/themes", j->dir);
	DIR *d = opendir(from);
	if (!d)
		return errno == ENOENT ? 0 : fail(j, "%s: %s", from, strerror(errno));
	snprintf(to, sizeof(to), "%s/themes", j->stage);
	int rc = mkdir(to, 0700) == 0 ? 0 : fail(j, "%s: %s", to, strerror(errno));
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		struct stat sb;
		if (!backup_name_ok(e->d_name, strlen(e->d_name)) ||
		    fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(sb.st_mode))
			continue;
		char a[PATH_BYTES], b[PATH_BYTES];
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		rc = link_all(j, a, b, &j->st->theme_files);
	}
	closedir(d);
	return rc;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in folder dir, sorted (for an archive whose order does not depend on the disk). */
static char **names_in(const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t cap = 16;
	char **v = xmalloc(cap * sizeof(*v));
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!backup_name_ok(e->d_name, strlen(e->d_name)))
			continue;
		if (*n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), by_name);
	return v;
}

static void names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Adds a source under name with the compression and Unix mode it should have. */
static int add(struct job *j, zip_t *z, const char *name, zip_source_t *src, int deflate,
	       unsigned mode)
{
	if (!src)
		return fail(j, "%s: %s", name, zip_strerror(z));
	zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		return fail(j, "%s: %s", name, zip_strerror(z));
	}
	zip_set_file_compression(z, (zip_uint64_t)i, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
				 deflate ? 6 : 0);
	zip_file_set_external_attributes(z, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX,
					 (zip_uint32_t)(S_IFREG | mode) << 16);
	return 0;
}

/* Adds every file of stage/sub as sub/NAME (prefix is the entry names' folder). */
static int add_folder(struct job *j, zip_t *z, const char *folder, const char *prefix, int deflate)
{
	size_t n;
	char **v = names_in(folder, &n);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char path[PATH_BYTES], name[PATH_BYTES];
		snprintf(path, sizeof(path), "%s/%s", folder, v[i]);
		snprintf(name, sizeof(name), "%s/%s", prefix, v[i]);
		rc = add(j, z, name, zip_source_file(z, path, 0, 0), deflate, 0644);
	}
	names_free(v, n);
	return rc;
}

/* Reads a small file whole: a buffer to free, or NULL with err. */
static char *read_small(struct job *j, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > SMALL_FILE_MAX) {
		fail(j, "%s: %s", path,
		     fd < 0			   ? strerror(errno)
		     : sb.st_size > SMALL_FILE_MAX ? "too large for a key file"
						   : "not a regular file");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *data = xmalloc((size_t)sb.st_size + 1);
	ssize_t got = read(fd, data, (size_t)sb.st_size);
	close(fd);
	if (got != sb.st_size) {
		free(data);
		fail(j, "%s: %s", path, got < 0 ? strerror(errno) : "changed while read");
		return NULL;
	}
	*len = (size_t)got;
	return data;
}

/* The key files of DIR/keys into the manifest's list, and into the archive when with. */
static int add_keys(struct job *j, zip_t *z, int with)
{
	char dir[FOLDER_BYTES];
	snprintf(dir, sizeof(dir), "%s/keys", j->dir);
	struct stat sb;
	struct backup_manifest *m = &j->st->m;
	if (lstat(dir, &sb) != 0 && errno == ENOENT) {
		m->keys = BACKUP_KEYS_NONE;
		return 0;
	}
	if (!S_ISDIR(sb.st_mode))
		return fail(j, "%s: not a folder ('broadside check' says more)", dir);
	m->keys = with ? BACKUP_KEYS_INCLUDED : BACKUP_KEYS_APART;
	DIR *d = opendir(dir);
	if (!d)
		return fail(j, "%s: %s", dir, strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!backup_name_ok(e->d_name, strlen(e->d_name)) || m->nkeys == BACKUP_KEYS_MAX) {
			rc = fail(j,
				  "%s/%s: a key file a backup cannot hold (a name of letters, "
				  "digits, '.', '_' and '-', at most 64 files)",
				  dir, e->d_name);
			break;
		}
		snprintf(m->key[m->nkeys++], sizeof(m->key[0]), "%s", e->d_name);
	}
	closedir(d);
	if (rc != 0)
		return rc;
	qsort(m->key, m->nkeys, sizeof(m->key[0]), (int (*)(const void *, const void *))strcmp);
	for (size_t i = 0; with && i < m->nkeys && rc == 0; i++) {
		char path[PATH_BYTES], name[PATH_BYTES];
		snprintf(path, sizeof(path), "%s/%s", dir, m->key[i]);
		snprintf(name, sizeof(name), "keys/%s", m->key[i]);
		size_t len;
		char *data = read_small(j, path, &len);
		if (!data)
			return -1;
		rc = add(j, z, name, zip_source_buffer(z, data, len, 1), 1, 0600);
	}
	return rc;
}

/* The uploads the copied database names whose file the stage lacks. */
static void count_missing(struct job *j, struct store *copy)
{
	struct pool *p = pool_new();
	struct media_row *rows;
	size_t n;
	if (store_media_list(copy, p, &rows, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char path[PATH_BYTES];
			struct stat sb;
			snprintf(path, sizeof(path), "%s/media/%s.%s", j->stage, rows[i].hash,
				 rows[i].ext);
			if (stat(path, &sb) == 0)
				continue;
			if (!j->st->missing++)
				snprintf(j->st->missing_first, sizeof(j->st->missing_first),
					 "%s.%s", rows[i].hash, rows[i].ext);
		}
	}
	pool_free(p);
}

/* The copy of the database beside out, checked; its schema into the manifest. */
static int snapshot(struct job *j, const char *out, char *db, size_t dblen)
{
	char err[1024];
	struct store *s = store_open_inspect(j->dir, err, sizeof(err));
	if (!s)
		return fail(j, "%s", err);
	char copy[IN_MAX + 1];
	snprintf(copy, sizeof(copy), "%s", out);
	char *base = basename(copy);
	char outdir[IN_MAX + 1];
	snprintf(outdir, sizeof(outdir), "%s", out);
	snprintf(j->snapdir, sizeof(j->snapdir), "%s/.%.200s.db-XXXXXX", dirname(outdir), base);
	if (!mkdtemp(j->snapdir)) {
		store_close(s);
		fail(j, "%s: %s", j->snapdir, strerror(errno));
		j->snapdir[0] = '\0';
		return -1;
	}
	snprintf(db, dblen, "%s/site.db", j->snapdir);
	int rc = store_snapshot(s, db, err, sizeof(err));
	store_close(s);
	if (rc != 0)
		return fail(j, "%s", err);
	struct store *c = store_open_inspect(j->snapdir, err, sizeof(err));
	if (!c)
		return fail(j, "%s", err);
	struct pool *p = pool_new();
	const char *problems;
	rc = store_integrity(c, p, &problems, err, sizeof(err));
	if (rc != 0 || problems[0])
		rc = fail(j, "the copy of the database is damaged: %s", rc ? err : problems);
	j->st->m.schema = store_schema_version(c);
	count_missing(j, c);
	pool_free(p);
	store_close(c);
	return rc;
}

int backup_write(const char *dir, const char *out, int with_keys, const char *made_by,
		 struct backup_stats *st, char *err, size_t errlen)
{
	struct job j = {.dir = dir, .st = st, .err = err, .errlen = errlen};
	memset(st, 0, sizeof(*st));
	struct stat sb;
	if (lstat(out, &sb) == 0)
		return fail(&j,
			    "%s exists: a backup does not replace a file (remove it or choose "
			    "another name)",
			    out);
	if (strlen(dir) > IN_MAX || strlen(out) > IN_MAX)
		return fail(&j, "%s: the path is too long (at most %d bytes)",
			    strlen(dir) > IN_MAX ? dir : out, IN_MAX);
	char media[FOLDER_BYTES], staged[FOLDER_BYTES], db[PATH_BYTES];
	snprintf(j.stage, sizeof(j.stage), "%s/.backup-XXXXXX", dir);
	if (!mkdtemp(j.stage)) {
		fail(&j, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(media, sizeof(media), "%s/media", dir);
	snprintf(staged, sizeof(staged), "%s/media", j.stage);
	unsigned long pinned = 0;
	zip_t *z = NULL;
	/* Uploads before and after the copy: one deleted meanwhile is pinned by the first
	 * pass, one added meanwhile (which the copy may name) by the second. */
	int rc = link_all(&j, media, staged, &pinned);
	if (rc == 0)
		rc = snapshot(&j, out, db, sizeof(db));
	if (rc == 0)
		rc = link_all(&j, media, staged, &pinned);
	if (rc == 0)
		rc = link_themes(&j);
	int zerr = 0;
	if (rc == 0 && !(z = zip_open(out, ZIP_CREATE | ZIP_EXCL, &zerr))) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = fail(&j, "%s: %s", out, zip_error_strerror(&ze));
		zip_error_fini(&ze);
	}
	struct backup_manifest *m = &st->m;
	struct buf text = {0};
	if (rc == 0) {
		/* The manifest is the first entry; its count and keys are filled in before the
		 * archive is written (libzip reads every source at zip_close). */
		rc = add(&j, z, BACKUP_MANIFEST_NAME, zip_source_buffer(z, "", 0, 0), 1, 0644);
	}
	if (rc == 0)
		rc = add(&j, z, "site.db", zip_source_file(z, db, 0, 0), 1, 0600);
	if (rc == 0)
		rc = add_folder(&j, z, staged, "media", 0);
	size_t nthemes = 0;
	char **themes = NULL;
	char tdir[FOLDER_BYTES];
	snprintf(tdir, sizeof(tdir), "%s/themes", j.stage);
	if (rc == 0)
		themes = names_in(tdir, &nthemes);
	for (size_t i = 0; rc == 0 && i < nthemes; i++) {
		char folder[PATH_BYTES], prefix[PATH_BYTES];
		snprintf(folder, sizeof(folder), "%s/%s", tdir, themes[i]);
		snprintf(prefix, sizeof(prefix), "themes/%s", themes[i]);
		rc = add_folder(&j, z, folder, prefix, 1);
	}
	names_free(themes, nthemes);
	if (rc == 0)
		rc = add_keys(&j, z, with_keys);
	if (rc == 0) {
		m->format = BACKUP_FORMAT;
		snprintf(m->version, sizeof(m->version), "%s", made_by);
		m->created = (long long)time(NULL);
		m->entries = (unsigned long)zip_get_num_entries(z, 0) - 1;
		size_t n;
		char **v = names_in(staged, &n);
		st->media = n;
		names_free(v, n);
		backup_manifest_format(&text, m);
		zip_source_t *src = zip_source_buffer(z, text.data, text.len, 0);
		if (!src || zip_file_replace(z, 0, src, 0) != 0) {
			zip_source_free(src);
			rc = fail(&j, "%s: %s", out, zip_strerror(z));
		}
	}
	if (z && rc == 0 && zip_close(z) != 0)
		rc = fail(&j, "%s: %s", out, zip_strerror(z));
	else if (z && rc == 0)
		z = NULL;
	if (z)
		zip_discard(z); /* libzip's temporary file goes with it */
	buf_free(&text);
	if (rc == 0 && (sync_path(out) != 0 || sync_parent(out) != 0)) {
		rc = fail(&j, "%s: %s", out, strerror(errno));
		unlink(out); /* not known to be on disk: not a backup to rely on */
	}
	remove_tree(j.stage);
	remove_tree(j.snapdir);
	return rc;
}
