/* cli_check: `broadside check`: a press's database, schema, uploads and keys, or every press of
 * a server folder and its host map, each fault said in plain words. */
#include "cli/cli.h"
#include "press/hosts.h"
#include "crypto/keys.h"
#include "store/store.h"
#include "store/store_backup.h"
#include "store/store_media.h"
#include "util/pool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 4096
/* Faults of one kind listed before "... and N more". */
#define LIST_MAX 20

struct report {
	unsigned problems;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("  ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

static void problem(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("  problem: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	r->problems++;
}

/* What is wrong with a mode that should be want, in words. */
static const char *mode_words(mode_t mode, mode_t want)
{
	if (mode & 0044)
		return "others can read it";
	if (mode & 0022)
		return "others can change it";
	if ((mode & want) != want)
		return "its owner cannot use it";
	return "others have rights on it";
}

static const char *kind_words(mode_t mode)
{
	return S_ISLNK(mode)   ? "a symbolic link"
	       : S_ISDIR(mode) ? "a folder"
	       : S_ISREG(mode) ? "a file"
			       : "a special file";
}

static void check_keys(struct report *r, const char *dir)
{
	char keys[PATH_BYTES];
	snprintf(keys, sizeof(keys), "%s/keys", dir);
	struct stat sb;
	if (lstat(keys, &sb) != 0) {
		if (errno == ENOENT)
			say("keys: none (no keys/ folder)");
		else
			problem(r, "keys/ cannot be looked at: %s", strerror(errno));
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		problem(r, "keys is %s; it must be a folder of mode 0700", kind_words(sb.st_mode));
		return;
	}
	unsigned before = r->problems;
	if ((sb.st_mode & 07777) != 0700)
		problem(r, "keys/ has mode %04o (%s); it must be 0700: chmod 700 %s",
			(unsigned)(sb.st_mode & 07777), mode_words(sb.st_mode & 0777, 0700), keys);
	DIR *d = opendir(keys);
	if (!d) {
		problem(r, "keys/ cannot be read: %s", strerror(errno));
		return;
	}
	unsigned n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat fs;
		n++;
		if (fstatat(dirfd(d), e->d_name, &fs, AT_SYMLINK_NOFOLLOW) != 0) {
			problem(r, "keys/%s cannot be looked at: %s", e->d_name, strerror(errno));
		} else if (!S_ISREG(fs.st_mode)) {
			problem(r, "keys/%s is %s, not a regular file: a key is a file of its own",
				e->d_name, kind_words(fs.st_mode));
		} else {
			if ((fs.st_mode & 07777) != 0600)
				problem(
				    r,
				    "keys/%s has mode %04o (%s); it must be 0600: chmod 600 %s/%s",
				    e->d_name, (unsigned)(fs.st_mode & 07777),
				    mode_words(fs.st_mode & 0777, 0600), keys, e->d_name);
			if (fs.st_uid != sb.st_uid)
				problem(
				    r,
				    "keys/%s belongs to user %u, and keys/ to user %u: the server "
				    "may not be able to read it",
				    e->d_name, (unsigned)fs.st_uid, (unsigned)sb.st_uid);
		}
	}
	closedir(d);
	if (r->problems == before)
		say("keys: %u file%s, each a regular file of mode 0600 in a folder of mode 0700", n,
		    n == 1 ? "" : "s");
}

/* Whether the file's SHA-256 is hash (64 hex digits); -1 when it cannot be read. */
static int hash_matches(const char *path, const char *hash)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)n);
	close(fd);
	if (n < 0)
		return -1;
	unsigned char out[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256_final(&h, out);
	sodium_bin2hex(hex, sizeof(hex), out, sizeof(out));
	return strcmp(hex, hash) == 0;
}

struct refs {
	struct report *r;
	const char *dir;
	unsigned shown, missing;
};

/* Every /media/HASH.EXT a post's source shows must be in media/. */
static void post_refs(const char *slug, const char *md, void *ud)
{
	struct refs *x = ud;
	for (const char *p = strstr(md, "/media/"); p; p = strstr(p + 1, "/media/")) {
		const char *name = p + 7;
		size_t h = strspn(name, "0123456789abcdef");
		if (h != 64 || name[64] != '.')
			continue;
		size_t e = strspn(name + 65, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (e == 0 || e > 8)
			continue;
		char path[PATH_BYTES];
		struct stat sb;
		snprintf(path, sizeof(path), "%s/media/%.*s", x->dir, (int)(65 + e), name);
		x->shown++;
		if (stat(path, &sb) == 0)
			continue;
		if (x->missing++ < LIST_MAX)
			problem(x->r, "post '%s' shows /media/%.*s, which is not in media/", slug,
				(int)(65 + e), name);
	}
}

static void check_uploads(struct report *r, struct store *s, const char *dir)
{
	struct pool *p = pool_new();
	struct media_row *rows;
	size_t n;
	if (store_media_list(s, p, &rows, &n) != 0) {
		problem(r, "the uploads cannot be listed: %s", store_errmsg(s));
		pool_free(p);
		return;
	}
	unsigned bad = 0;
	for (size_t i = 0; i < n; i++) {
		char path[PATH_BYTES];
		struct stat sb;
		snprintf(path, sizeof(path), "%s/media/%s.%s", dir, rows[i].hash, rows[i].ext);
		const char *name = path + strlen(dir) + 1;
		const char *fault = NULL;
		char sizes[96];
		if (lstat(path, &sb) != 0) {
			fault = "is missing";
		} else if (!S_ISREG(sb.st_mode)) {
			fault = "is not a regular file";
		} else if ((long long)sb.st_size != rows[i].size) {
			snprintf(sizes, sizeof(sizes), "has %lld bytes, and the upload had %lld",
				 (long long)sb.st_size, rows[i].size);
			fault = sizes;
		} else {
			int m = hash_matches(path, rows[i].hash);
			fault = m < 0 ? "cannot be read"
				: m   ? NULL
				      : "does not hold the bytes its "
					"name says (damaged)";
		}
		if (fault && bad++ < LIST_MAX)
			problem(r, "%s (uploaded as '%s') %s", name, rows[i].name, fault);
	}
	if (bad > LIST_MAX)
		problem(r, "... and %u more uploads like these", bad - LIST_MAX);
	if (!bad)
		say("uploads: %zu, each present and whole", n);
	/* Files in media/ that no upload names: an upload cut short, harmless. */
	char media[PATH_BYTES];
	snprintf(media, sizeof(media), "%s/media", dir);
	DIR *d = opendir(media);
	unsigned stray = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		const char *dot = strchr(e->d_name, '.');
		int named = 0;
		for (size_t i = 0; i < n && !named && dot; i++)
			named = strncmp(e->d_name, rows[i].hash, 64) == 0 &&
				strcmp(dot + 1, rows[i].ext) == 0 && dot - e->d_name == 64;
		stray += !named;
	}
	if (d)
		closedir(d);
	if (stray)
		say("uploads: %u file%s in media/ that no upload names (safe to delete)", stray,
		    stray == 1 ? "" : "s");
	struct refs x = {.r = r, .dir = dir};
	if (store_each_source(s, post_refs, &x) != 0)
		problem(r, "the posts cannot be read: %s", store_errmsg(s));
	else if (x.missing > LIST_MAX)
		problem(r, "... and %u more uploads posts show are missing", x.missing - LIST_MAX);
	else if (!x.missing)
		say("posts: every upload they show (%u) is present", x.shown);
	pool_free(p);
}

/* One press folder; its faults are counted in r. */
static void check_press(struct report *r, const char *dir)
{
	char err[1024];
	struct store *s = store_open_inspect(dir, err, sizeof(err));
	if (!s) {
		problem(r, "the database cannot be opened: %s", err);
		check_keys(r, dir);
		return;
	}
	struct pool *p = pool_new();
	const char *faults;
	if (store_integrity(s, p, &faults, err, sizeof(err)) != 0) {
		problem(r, "the database cannot be read: %s", err);
		goto out;
	}
	if (faults[0]) {
		char *line = pool_strdup(p, faults);
		for (char *nl; line; line = nl) {
			if ((nl = strchr(line, '\n')))
				*nl++ = '\0';
			problem(r, "the database is damaged: %s", line);
		}
	} else {
		say("database: sound (SQLite's integrity check found nothing)");
	}
	int v = store_schema_version(s), cur = store_schema_current();
	if (v == 0)
		problem(r, "the database has no schema version: it is not a press's");
	else if (v > cur)
		problem(r,
			"schema: %d, made by a newer broadside (this one knows %d): only that "
			"version can open it",
			v, cur);
	else if (v < cur)
		say("schema: %d, older than this broadside's %d: the first command or server to "
		    "open it brings it up to date, in one transaction",
		    v, cur);
	else
		say("schema: %d, this broadside's", v);
	/* Uploads came with schema 2. */
	if (v >= 2 && v <= cur && !faults[0])
		check_uploads(r, s, dir);
	else if (v == 1)
		say("uploads: none (schema 1 had none)");
	/* The key file against the check value the database keeps. */
	int km = v >= 6 && v <= cur && !faults[0] ? keys_match(dir, s, err, sizeof(err)) : 2;
	if (km == 0)
		say("key: keys/%s is the key this press's database was sealed with", KEYS_FILE);
	else if (km == 1)
		say("key: none yet (it is made when the press is first served)");
	else if (km < 0)
		problem(r, "%s", err);
out:
	pool_free(p);
	store_close(s);
	check_keys(r, dir);
}

/* A server folder: its host map, then every press in presses/. */
static void check_server(struct report *r, const struct cli_args *a)
{
	struct host_map map = {0};
	char err[512];
	printf("%s (a server folder):\n", a->data);
	int have_map = hostmap_load(a->data, &map, err, sizeof(err)) == 0;
	if (!have_map)
		problem(r, "the host map cannot be read: %s", err);
	char **names;
	size_t n;
	if (cli_press_folders(a->data, &names, &n) != 0) {
		problem(r, "%s/presses cannot be read: %s", a->data, strerror(errno));
		hostmap_free(&map);
		return;
	}
	for (size_t i = 0; have_map && i < map.n; i++) {
		int found = 0;
		for (size_t k = 0; k < n && !found; k++)
			found = strcmp(names[k], map.v[i].press) == 0;
		if (!found)
			problem(r,
				"hosts: %s names the press '%s', which has no folder in presses/",
				map.v[i].host, map.v[i].press);
	}
	if (have_map)
		say("hosts: %zu host%s for %zu press%s", map.n, map.n == 1 ? "" : "s", n,
		    n == 1 ? "" : "es");
	for (size_t k = 0; k < n; k++) {
		if (a->press && strcmp(a->press, names[k]) != 0)
			continue;
		char dir[PATH_BYTES];
		snprintf(dir, sizeof(dir), "%s/presses/%s", a->data, names[k]);
		printf("press %s (%s):\n", names[k], dir);
		int mapped = 0;
		for (size_t i = 0; have_map && i < map.n && !mapped; i++)
			mapped = strcmp(map.v[i].press, names[k]) == 0;
		if (!mapped)
			say("not served: no host in the map names it");
		check_press(r, dir);
	}
	cli_names_free(names, n);
	hostmap_free(&map);
}

int cli_check(const struct cli_args *a)
{
	struct report r = {0};
	if (serverdir_is(a->data)) {
		if (a->press) {
			char dir[PATH_BYTES];
			int rc = cli_press_dir(a, 0, dir, sizeof(dir));
			if (rc != 0)
				return rc;
		}
		check_server(&r, a);
	} else {
		char dir[PATH_BYTES];
		int rc = cli_press_dir(a, 0, dir, sizeof(dir));
		if (rc != 0)
			return rc;
		printf("%s:\n", dir);
		check_press(&r, dir);
	}
	if (r.problems)
		printf("%u problem%s found\n", r.problems, r.problems == 1 ? "" : "s");
	else
		printf("no problems found\n");
	return r.problems ? 1 : 0;
}
