/* restore: a press folder made again from a backup file: every entry checked before it is
 * written, built beside its place and renamed into it. */
#include "press/backup.h"
#include "store/store.h"
#include "store/store_backup.h"
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
#include <unistd.h>
#include <zip.h>

/* dest is named by at most IN_MAX bytes; the stage beside it fits FOLDER_BYTES, and a file in
 * it PATH_BYTES. */
#define IN_MAX 1024
#define FOLDER_BYTES 2048
#define PATH_BYTES 4096
/* Key and theme files are small; a larger one is not what a backup makes. */
#define SMALL_FILE_MAX (1024 * 1024)

struct restore {
	zip_t *z;
	char stage[FOLDER_BYTES]; /* PARENT/.NAME.restore-XXXXXX, or "" */
	struct backup_stats *st;
	char *err;
	size_t errlen;
	/* Run as root, the files are given to the owner of dest (or of the folder it goes in),
	 * as SQLite gives its journals to the database's owner: the server runs as that user. */
	int give;
	uid_t uid;
	gid_t gid;
};

static int fail(struct restore *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Puts the message in err; returns -1. */
static int fail(struct restore *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* dest must not exist, or be an empty folder (rename replaces an empty folder). */
static int dest_free(struct restore *r, const char *dest)
{
	struct stat sb;
	if (lstat(dest, &sb) != 0)
		return errno == ENOENT ? 0 : fail(r, "%s: %s", dest, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return fail(r, "%s exists and is not a folder", dest);
	DIR *d = opendir(dest);
	if (!d)
		return fail(r, "%s: %s", dest, strerror(errno));
	struct dirent *e;
	int empty = 1;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty ? 0
		     : fail(r,
			    "%s is not empty: restore into a new folder (and swap it with the "
			    "old one while no server runs)",
			    dest);
}

/* Reads the manifest (entry 0) into st->m. */
static int read_manifest(struct restore *r)
{
	zip_stat_t zs;
	const char *name = zip_get_name(r->z, 0, ZIP_FL_ENC_RAW);
	if (!name || strcmp(name, BACKUP_MANIFEST_NAME) != 0 ||
	    zip_stat_index(r->z, 0, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) ||
	    zs.size > BACKUP_MANIFEST_MAX)
		return fail(r, "this is not a broadside backup (its first entry is not %s)",
			    BACKUP_MANIFEST_NAME);
	zip_file_t *f = zip_fopen_index(r->z, 0, 0);
	if (!f)
		return fail(r, "%s: %s", BACKUP_MANIFEST_NAME, zip_strerror(r->z));
	char *text = xmalloc((size_t)zs.size + 1);
	zip_int64_t n = zip_fread(f, text, zs.size);
	int bad = n != (zip_int64_t)zs.size;
	zip_fclose(f);
	char err[256];
	int rc = bad ? fail(r, "%s cannot be read", BACKUP_MANIFEST_NAME)
		     : backup_manifest_parse(text, (size_t)n, &r->st->m, err, sizeof(err));
	if (!bad && rc != 0)
		fail(r, "%s", err);
	free(text);
	return rc;
}

/* Every entry against the manifest: known names, one database, the count, the keys listed. */
static int check_entries(struct restore *r)
{
	struct backup_manifest *m = &r->st->m;
	zip_int64_t n = zip_get_num_entries(r->z, 0);
	int dbs = 0;
	size_t keys = 0;
	for (zip_int64_t i = 1; i < n; i++) {
		const char *name = zip_get_name(r->z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		int kind = name ? backup_entry_kind(name) : -1;
		if (kind < 0)
			return fail(r, "the backup holds '%s', which no backup holds: refused",
				    name ? name : "(no name)");
		if (kind == BACKUP_DB)
			dbs++;
		if (kind == BACKUP_KEY) {
			int listed = 0;
			for (size_t k = 0; k < m->nkeys && !listed; k++)
				listed = strcmp(m->key[k], name + 5) == 0;
			if (m->keys != BACKUP_KEYS_INCLUDED || !listed)
				return fail(r,
					    "the backup holds %s, which its manifest does not list",
					    name);
			keys++;
		}
	}
	if (n < 2 || (unsigned long)(n - 1) != m->entries)
		return fail(r,
			    "the backup holds %lld entries besides its manifest, and its manifest "
			    "says %lu: it is not whole",
			    (long long)(n > 0 ? n - 1 : 0), m->entries);
	if (dbs != 1)
		return fail(r, "the backup holds %d databases, not one", dbs);
	if (m->keys == BACKUP_KEYS_INCLUDED && keys != m->nkeys)
		return fail(r, "the backup lacks key files its manifest lists");
	return 0;
}

/* A folder of the stage, made when missing (and given away, see struct restore). */
static int make_folder(struct restore *r, const char *path, mode_t mode)
{
	if (mkdir(path, mode) != 0)
		return errno == EEXIST ? 0 : fail(r, "%s: %s", path, strerror(errno));
	if ((r->give && lchown(path, r->uid, r->gid) != 0) || chmod(path, mode) != 0)
		return fail(r, "%s: %s", path, strerror(errno));
	return 0;
}

/* Makes the folders an entry's file goes in, under the stage. */
static int make_parents(struct restore *r, const char *name, int kind)
{
	char path[PATH_BYTES];
	const char *slash = strchr(name, '/');
	if (!slash)
		return 0;
	snprintf(path, sizeof(path), "%s/%.*s", r->stage, (int)(slash - name), name);
	if (make_folder(r, path, kind == BACKUP_KEY ? 0700 : 0755) != 0)
		return -1;
	const char *second = strchr(slash + 1, '/');
	if (second) {
		snprintf(path, sizeof(path), "%s/%.*s", r->stage, (int)(second - name), name);
		if (make_folder(r, path, 0755) != 0)
			return -1;
	}
	return 0;
}

/* Writes entry i to the stage, checking its size and (as libzip reads it) its checksum. */
static int extract(struct restore *r, zip_uint64_t i)
{
	const char *name = zip_get_name(r->z, i, ZIP_FL_ENC_RAW);
	int kind = backup_entry_kind(name);
	zip_stat_t zs;
	if (zip_stat_index(r->z, i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
		return fail(r, "%s: %s", name, zip_strerror(r->z));
	if ((kind == BACKUP_KEY || kind == BACKUP_THEME) && zs.size > SMALL_FILE_MAX)
		return fail(r, "%s: larger than such a file can be", name);
	if (make_parents(r, name, kind) != 0)
		return -1;
	char path[PATH_BYTES];
	snprintf(path, sizeof(path), "%s/%s", r->stage, name);
	unsigned mode = kind == BACKUP_KEY || kind == BACKUP_DB ? 0600 : 0644;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return fail(r, "%s: %s", path,
			    errno == EEXIST ? "twice in the backup" : strerror(errno));
	zip_file_t *f = zip_fopen_index(r->z, i, 0);
	int rc = f ? 0 : fail(r, "%s: %s", name, zip_strerror(r->z));
	char chunk[65536];
	zip_uint64_t total = 0;
	while (rc == 0) {
		zip_int64_t n = zip_fread(f, chunk, sizeof(chunk));
		if (n < 0) {
			rc = fail(r, "%s: %s (the backup is damaged)", name, zip_file_strerror(f));
			break;
		}
		if (n == 0)
			break;
		total += (zip_uint64_t)n;
		for (zip_int64_t done = 0; rc == 0 && done < n;) {
			ssize_t w = write(fd, chunk + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				rc = fail(r, "%s: %s", path, w < 0 ? strerror(errno) : "disk full");
			else
				done += w;
		}
	}
	if (f)
		zip_fclose(f);
	if (rc == 0 && total != zs.size)
		rc = fail(r, "%s: %llu bytes, not the %llu the backup says", name,
			  (unsigned long long)total, (unsigned long long)zs.size);
	/* The mode asked for, whatever the umask. */
	if (rc == 0 && ((r->give && fchown(fd, r->uid, r->gid) != 0) || fchmod(fd, mode) != 0 ||
			fsync(fd) != 0))
		rc = fail(r, "%s: %s", path, strerror(errno));
	close(fd);
	if (rc == 0 && kind == BACKUP_MEDIA)
		r->st->media++;
	if (rc == 0 && kind == BACKUP_THEME)
		r->st->theme_files++;
	return rc;
}

/* The restored database: sound, and of a schema this program knows. */
static int check_database(struct restore *r)
{
	char err[1024];
	struct store *s = store_open_inspect(r->stage, err, sizeof(err));
	if (!s)
		return fail(r, "%s", err);
	struct pool *p = pool_new();
	const char *problems;
	int rc = store_integrity(s, p, &problems, err, sizeof(err));
	if (rc != 0 || problems[0])
		rc = fail(r, "the database in the backup is damaged: %s", rc ? err : problems);
	int v = store_schema_version(s);
	if (rc == 0 && v > store_schema_current())
		rc = fail(r,
			  "the backup was made by a newer broadside (%s; database schema %d, this "
			  "one knows %d): restore it with that version",
			  r->st->m.version, v, store_schema_current());
	if (rc == 0 && v != r->st->m.schema)
		rc = fail(r, "the database has schema %d, and the manifest says %d", v,
			  r->st->m.schema);
	pool_free(p);
	store_close(s);
	return rc;
}

/* Syncs the stage's folders, so that their entries are on disk before the rename. */
static int sync_folders(struct restore *r)
{
	static const char *const sub[] = {"", "/media", "/keys", "/themes"};
	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		char path[PATH_BYTES];
		snprintf(path, sizeof(path), "%s%s", r->stage, sub[i]);
		struct stat sb;
		if (stat(path, &sb) == 0 && sync_path(path) != 0)
			return fail(r, "%s: %s", path, strerror(errno));
	}
	char themes[PATH_BYTES - 512];
	snprintf(themes, sizeof(themes), "%s/themes", r->stage);
	DIR *d = opendir(themes);
	struct dirent *e;
	int rc = 0;
	while (d && rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[PATH_BYTES];
		snprintf(path, sizeof(path), "%s/%s", themes, e->d_name);
		if (sync_path(path) != 0)
			rc = fail(r, "%s: %s", path, strerror(errno));
	}
	if (d)
		closedir(d);
	return rc;
}

int backup_restore(const char *file, const char *dest, struct backup_stats *st, char *err,
		   size_t errlen)
{
	struct restore r = {.st = st, .err = err, .errlen = errlen};
	/* An empty dest keeps its mode (/var/lib/broadside is 0700); a new one is 0755, as init
	 * makes it. */
	mode_t mode = 0755;
	struct stat was;
	if (lstat(dest, &was) == 0 && S_ISDIR(was.st_mode))
		mode = was.st_mode & 07777;
	memset(st, 0, sizeof(*st));
	if (strlen(dest) > IN_MAX)
		return fail(&r, "%s: the path is too long (at most %d bytes)", dest, IN_MAX);
	if (dest_free(&r, dest) != 0)
		return -1;
	int zerr = 0;
	if (!(r.z = zip_open(file, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		fail(&r, "%s: %s", file, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	int rc = read_manifest(&r);
	if (rc == 0)
		rc = check_entries(&r);
	char parent[IN_MAX + 1], base[IN_MAX + 1];
	snprintf(parent, sizeof(parent), "%s", dest);
	snprintf(base, sizeof(base), "%s", dest);
	if (rc == 0) {
		const char *folder = dirname(parent);
		struct stat owner;
		if (geteuid() == 0 && (stat(dest, &owner) == 0 || stat(folder, &owner) == 0) &&
		    owner.st_uid != 0) {
			r.give = 1;
			r.uid = owner.st_uid;
			r.gid = owner.st_gid;
		}
		snprintf(r.stage, sizeof(r.stage), "%s/.%.200s.restore-XXXXXX", folder,
			 basename(base));
		if (!mkdtemp(r.stage)) {
			rc = fail(&r, "%s: %s", r.stage, strerror(errno));
			r.stage[0] = '\0';
		} else if (r.give && lchown(r.stage, r.uid, r.gid) != 0) {
			rc = fail(&r, "%s: %s", r.stage, strerror(errno));
		}
	}
	zip_int64_t n = zip_get_num_entries(r.z, 0);
	for (zip_int64_t i = 1; rc == 0 && i < n; i++)
		rc = extract(&r, (zip_uint64_t)i);
	zip_discard(r.z);
	if (rc == 0)
		rc = check_database(&r);
	if (rc == 0)
		rc = sync_folders(&r);
	if (rc == 0 && chmod(r.stage, mode) != 0)
		rc = fail(&r, "%s: %s", r.stage, strerror(errno));
	if (rc == 0 && rename(r.stage, dest) != 0)
		rc = fail(&r, "%s: %s", dest, strerror(errno));
	else if (rc == 0)
		r.stage[0] = '\0';
	if (rc == 0 && sync_parent(dest) != 0)
		rc = fail(&r, "%s: %s", dest, strerror(errno));
	char rmerr[512];
	if (r.stage[0] && rmtree_path(r.stage, rmerr, sizeof(rmerr)) != 0)
		fprintf(stderr, "broadside: could not remove %s: %s\n", r.stage, rmerr);
	return rc;
}
