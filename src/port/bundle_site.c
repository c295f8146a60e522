/* bundle_site: the bundle's sections of the press as a whole: its settings (no secret), its own
 * themes, its writers (no password or session), its media library, and where imported rows
 * came from. */
#include "auth/account.h"
#include "media/media_file.h"
#include "port/bundle_int.h"
#include "press/backup_manifest.h"
#include "render/theme.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "util/pool.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 4096
#define SETTING_MAX 500
#define THEME_FILE_MAX (1024 * 1024)

/* ---- settings: every key `site set` takes, and when a public post last left the public ones
 * (feeds' dates follow it); never the press's secret, its keys or a password. ---- */

int bundle_write_settings(struct bundle_out *o)
{
	struct pool *p = pool_new();
	json_t *root = json_object(), *set = json_object();
	for (int i = 0; store_site_keys[i]; i++) {
		const char *v = store_meta_get(o->s, p, store_site_keys[i]);
		if (v)
			json_object_set_new(set, store_site_keys[i], json_string(v));
	}
	json_object_set_new(root, "settings", set);
	const char *removed = store_meta_get(o->s, p, "public_removed_at");
	json_object_set_new(root, "public_removed_at", json_integer(removed ? atoll(removed) : 0));
	char *text = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	pool_free(p);
	struct buf b = {0};
	buf_puts(&b, text);
	buf_putc(&b, '\n');
	free(text);
	int rc = bundle_put(o, "settings.json", b.data, b.len);
	buf_free(&b);
	return rc;
}

int bundle_read_settings(struct bundle_in *in)
{
	static const char path[] = "settings.json";
	struct buf b = {0};
	if (bundle_slurp(in, path, 1024 * 1024, &b) != 0)
		return -1;
	json_error_t je;
	json_t *root = json_loadb(b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, &je);
	buf_free(&b);
	int rc = 0;
	json_t *set = json_object_get(root, "settings");
	long long removed = 0;
	if (!json_is_object(root) || !json_is_object(set) || json_object_size(root) != 2)
		rc = bundle_fail(in, path, 0,
				 "not an object of \"settings\" and \"public_removed_at\"%s%s",
				 root ? "" : ": ", root ? "" : je.text);
	else
		rc = bundle_json_int(in, path, 0, root, "public_removed_at", 0, 253402300799ll,
				     &removed);
	const char *key;
	json_t *v;
	json_object_foreach(set, key, v)
	{
		if (rc != 0)
			break;
		int known = 0;
		for (int i = 0; store_site_keys[i] && !known; i++)
			known = strcmp(store_site_keys[i], key) == 0;
		const char *value;
		if (!known)
			rc = bundle_fail(in, path, 0, "unknown setting \"%.64s\"", key);
		else if (bundle_json_str(in, path, 0, set, key, SETTING_MAX, 0, &value) != 0)
			rc = -1;
		else if (strcmp(key, "theme") == 0 && strcmp(value, "default") != 0 &&
			 !backup_name_ok(value, strlen(value)))
			rc = bundle_fail(in, path, 0, "the theme \"%.64s\" is no theme's name",
					 value);
		else if (in->s && store_site_set(in->s, key, value) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(in->s));
	}
	if (rc == 0 && in->s) {
		char when[24];
		snprintf(when, sizeof(when), "%lld", removed);
		if (store_meta_set(in->s, "public_removed_at", when) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(in->s));
	}
	json_decref(root);
	return rc;
}

/* ---- themes: DATA/themes/NAME/FILE, the templates and stylesheet of the press's own ---- */

static int theme_file_ok(const char *name)
{
	size_t n = strlen(name);
	return backup_name_ok(name, n) && (strcmp(name, "style.css") == 0 ||
					   (n > 9 && strcmp(name + n - 9, ".mustache") == 0));
}

/* The theme files of one folder, sorted (readdir's order is the file system's). */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_folder(struct bundle_out *o, const char *dir, const char *prefix, int files)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : bundle_out_fail(o, "%s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (files ? !theme_file_ok(e->d_name)
			  : !backup_name_ok(e->d_name, strlen(e->d_name)))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char src[PATH_BYTES], path[PATH_BYTES];
		struct stat sb;
		snprintf(src, sizeof(src), "%s/%s", dir, names[i]);
		snprintf(path, sizeof(path), "%s%s", prefix, names[i]);
		if (rc == 0 && lstat(src, &sb) == 0) {
			if (files && S_ISREG(sb.st_mode))
				rc = bundle_put_file(o, path, src, THEME_FILE_MAX);
			else if (!files && S_ISDIR(sb.st_mode)) {
				char sub[PATH_BYTES + 2];
				snprintf(sub, sizeof(sub), "%s/", path);
				rc = write_folder(o, src, sub, 1);
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int bundle_write_themes(struct bundle_out *o)
{
	char dir[PATH_BYTES];
	snprintf(dir, sizeof(dir), "%s/themes", o->data_dir);
	return write_folder(o, dir, "themes/", 0);
}

/* Makes a folder of the new press (0755), when missing. */
static int make_dir(struct bundle_in *in, const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return bundle_fail(in, path, 0, "%s", strerror(errno));
	return 0;
}

int bundle_read_themes(struct bundle_in *in)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < in->m->nfiles; i++) {
		struct bundle_file *f = &in->m->files[i];
		if (strcmp(f->section, "themes") != 0)
			continue;
		const char *name = f->path + 7, *slash = strchr(name, '/');
		if (strncmp(f->path, "themes/", 7) != 0 || !slash ||
		    !backup_name_ok(name, (size_t)(slash - name)) || !theme_file_ok(slash + 1))
			return bundle_fail(in, f->path, 0, "no theme file has this name");
		f->used = 1;
		if (!in->s)
			continue;
		char dir[PATH_BYTES], src[PATH_BYTES], dst[PATH_BYTES];
		snprintf(dir, sizeof(dir), "%s/themes", in->data_dir);
		rc = make_dir(in, dir);
		snprintf(dir, sizeof(dir), "%s/themes/%.*s", in->data_dir, (int)(slash - name),
			 name);
		if (rc == 0)
			rc = make_dir(in, dir);
		bundle_staged_path(in, f->path, src, sizeof(src));
		snprintf(dst, sizeof(dst), "%s/%s", in->data_dir, f->path);
		if (rc == 0 && (rename(src, dst) != 0 || chmod(dst, 0644) != 0))
			rc = bundle_fail(in, f->path, 0, "%s", strerror(errno));
		/* A theme that does not compile would leave the press without pages. */
		char err[512];
		struct theme *t = rc == 0 ? theme_load(dir, err, sizeof(err)) : NULL;
		if (rc == 0 && !t)
			rc = bundle_fail(in, f->path, 0, "%s", err);
		theme_free(t);
	}
	return rc;
}

/* ---- users: writers with their handles, names, bios and roles; no password, no session ---- */

static int count_user(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)v;
	(void)row;
	o->st->users++;
	return 0;
}

int bundle_write_users(struct bundle_out *o)
{
	return bundle_put_rows(o, "users.jsonl", &store_copy_users, count_user);
}

static int check_user(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (!account_handle_valid(v[1].s))
		return bundle_fail(in, "users.jsonl", line, "\"handle\" '%s' is no handle", v[1].s);
	if (v[2].len == 0)
		return bundle_fail(in, "users.jsonl", line, "\"name\" is empty");
	/* An avatar is a file of the media library, named by its hash: never another address. */
	const char *av = v[6].s;
	if (*av && (strncmp(av, "/media/", 7) != 0 || strspn(av + 7, "0123456789abcdef") != 64 ||
		    av[71] != '.' || !media_type_of_ext(av + 72)))
		return bundle_fail(in, "users.jsonl", line,
				   "\"avatar\" is not an image of the media library (/media/...)");
	in->st->users++;
	return 0;
}

int bundle_read_users(struct bundle_in *in)
{
	return bundle_get_rows(in, "users.jsonl", &store_copy_users, NULL, check_user);
}

/* ---- media: the library's rows and files (media/HASH.EXT, the bytes named by their sha256) ----
 */

static int media_file(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)row;
	char path[128], src[PATH_BYTES];
	snprintf(path, sizeof(path), "media/%.64s.%.4s", v[0].s, v[1].s);
	snprintf(src, sizeof(src), "%s/%s", o->data_dir, path);
	o->st->media++;
	return bundle_put_file(o, path, src, BUNDLE_MEDIUM_MAX);
}

int bundle_write_media(struct bundle_out *o)
{
	return bundle_put_rows(o, "media.jsonl", &store_copy_media, media_file);
}

static int check_medium(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	static const char list[] = "media.jsonl";
	const char *hash = v[0].s, *ext = v[1].s, *type = media_type_of_ext(ext);
	if (v[0].len != 64 || strspn(hash, "0123456789abcdef") != 64)
		return bundle_fail(in, list, line, "\"hash\" is not 64 hex digits");
	if (!type || strcmp(type, v[2].s) != 0)
		return bundle_fail(in, list, line, "\"ext\" and \"type\" are no medium's");
	const char *path = pool_printf(p, "media/%s.%s", hash, ext);
	struct bundle_file *f = bundle_manifest_find(in->m, path);
	char hex[65];
	if (f)
		for (int i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", f->sha256[i]);
	if (!f || strcmp(hex, hash) != 0 || f->size != v[3].i)
		return bundle_fail(in, list, line,
				   "%s is not in the bundle, or is not the file its name says",
				   path);
	f->used = 1;
	in->st->media++;
	if (!in->s)
		return 0;
	/* Into the library as an upload is: its type found from its bytes again. */
	char src[PATH_BYTES], tmp[PATH_BYTES], msg[256];
	snprintf(tmp, sizeof(tmp), "%s/media", in->data_dir);
	if (make_dir(in, tmp) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/media/.tmp", in->data_dir);
	if (make_dir(in, tmp) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/media/.tmp/%s", in->data_dir, hash);
	bundle_staged_path(in, path, src, sizeof(src));
	if (rename(src, tmp) != 0)
		return bundle_fail(in, path, 0, "%s", strerror(errno));
	struct media_stored ms;
	int rc = media_store_file(in->data_dir, tmp, hash, &ms, msg, sizeof(msg));
	if (rc != 0) {
		unlink(tmp);
		return bundle_fail(in, path, 0, "%s", msg);
	}
	if (strcmp(ms.ext, ext) != 0)
		return bundle_fail(in, path, 0, "its bytes are a %s, not the %s its name says",
				   ms.type, type);
	return 0;
}

int bundle_read_media(struct bundle_in *in)
{
	return bundle_get_rows(in, "media.jsonl", &store_copy_media, NULL, check_medium);
}

/* ---- origins: the WordPress ids each imported post and comment had, so that importing the
 * same WordPress file again still adds nothing ---- */

int bundle_write_origins(struct bundle_out *o)
{
	return bundle_put_rows(o, "origins.jsonl", &store_copy_origins, NULL);
}

static int check_origin(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (strcmp(v[1].s, "post") != 0 && strcmp(v[1].s, "comment") != 0)
		return bundle_fail(in, "origins.jsonl", line, "\"kind\" is not post or comment");
	return 0;
}

int bundle_read_origins(struct bundle_in *in)
{
	return bundle_get_rows(in, "origins.jsonl", &store_copy_origins, NULL, check_origin);
}
