/* bundle_write: an export bundle written: each section's files hashed into the body of the
 * archive, then the manifest as its first entry, and the whole linked into place at once. */
#include "port/bundle_int.h"
#include "port/tar.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "util/isodate.h"
#include "util/sync.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 4096
#define CHUNK 65536

const struct bundle_section bundle_sections[] = {
    {"settings", bundle_write_settings, bundle_read_settings},
    {"themes", bundle_write_themes, bundle_read_themes},
    {"users", bundle_write_users, bundle_read_users},
    {"media", bundle_write_media, bundle_read_media},
    {"posts", bundle_write_posts, bundle_read_posts},
    {"revisions", bundle_write_revisions, bundle_read_revisions},
    {"comments", bundle_write_comments, bundle_read_comments},
    {"journal", bundle_write_journal, bundle_read_journal},
    {"origins", bundle_write_origins, bundle_read_origins},
    {"branches", bundle_write_branches, bundle_read_branches},
    {"resolutions", bundle_write_resolutions, bundle_read_resolutions},
    {"fediverse", bundle_write_fediverse, bundle_read_fediverse},
    {NULL, NULL, NULL},
};

const struct bundle_section *bundle_section_find(const char *name)
{
	for (const struct bundle_section *s = bundle_sections; s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

int bundle_out_fail(struct bundle_out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->err, o->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void add_file(struct bundle_out *o, const char *path, long long size,
		     const unsigned char sha[32])
{
	char hex[65];
	sodium_bin2hex(hex, sizeof(hex), sha, 32);
	json_t *f = json_object();
	json_object_set_new(f, "path", json_string(path));
	json_object_set_new(f, "section", json_string(o->section));
	json_object_set_new(f, "size", json_integer(size));
	json_object_set_new(f, "sha256", json_string(hex));
	json_array_append_new(o->files, f);
	o->st->files++;
}

int bundle_put(struct bundle_out *o, const char *path, const void *data, size_t len)
{
	char err[256];
	if (!bundle_path_ok(path))
		return bundle_out_fail(o, "'%s' is no name a bundle can hold", path);
	if ((long long)len > bundle_path_max(path))
		return bundle_out_fail(o, "%s: larger than a bundle takes", path);
	unsigned char sha[32];
	crypto_hash_sha256(sha, data, len);
	if (tar_write_entry(o->tw, path, data, len, o->now, err, sizeof(err)) != 0)
		return bundle_out_fail(o, "%s: %s", path, err);
	add_file(o, path, (long long)len, sha);
	return 0;
}

int bundle_put_file(struct bundle_out *o, const char *path, const char *src, long long max)
{
	char err[256];
	int fd = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return bundle_out_fail(o, "%s: %s", src, fd < 0 ? strerror(e) : "not a file");
	}
	if (sb.st_size > max) {
		close(fd);
		return bundle_out_fail(o, "%s: larger than a bundle takes", src);
	}
	if (tar_write_begin(o->tw, path, (long long)sb.st_size, o->now, err, sizeof(err)) != 0) {
		close(fd);
		return bundle_out_fail(o, "%s: %s", path, err);
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char *chunk = xmalloc(CHUNK);
	long long left = (long long)sb.st_size;
	int rc = 0;
	while (rc == 0 && left > 0) {
		ssize_t n = read(fd, chunk, left > CHUNK ? CHUNK : (size_t)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc =
			    bundle_out_fail(o, "%s: %s", src,
					    n < 0 ? strerror(errno) : "it shrank while being read");
			break;
		}
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)n);
		if (tar_write_data(o->tw, chunk, (size_t)n, err, sizeof(err)) != 0)
			rc = bundle_out_fail(o, "%s: %s", path, err);
		left -= n;
	}
	free(chunk);
	close(fd);
	if (rc == 0 && tar_write_done(o->tw, err, sizeof(err)) != 0)
		rc = bundle_out_fail(o, "%s: %s", path, err);
	unsigned char sha[32];
	crypto_hash_sha256_final(&h, sha);
	if (rc == 0)
		add_file(o, path, (long long)sb.st_size, sha);
	return rc;
}

void bundle_json_line(struct buf *b, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!s) {
		fprintf(stderr, "broadside: out of memory\n");
		abort();
	}
	buf_puts(b, s);
	buf_putc(b, '\n');
	free(s);
}

struct rows_out {
	struct bundle_out *o;
	const struct store_copy *t;
	int (*hook)(struct bundle_out *o, const struct store_val *v, json_t *row);
	struct buf b;
	int failed;
};

static int row_out(void *ud, const struct store_val *v)
{
	struct rows_out *r = ud;
	json_t *row = json_object();
	for (size_t i = 0; i < r->t->ncols; i++) {
		const struct store_col *c = &r->t->cols[i];
		if (c->derived)
			continue;
		json_t *val;
		if (v[i].null)
			val = json_null();
		else if (c->kind == SC_INT)
			val = json_integer(v[i].i);
		else
			val = json_stringn(v[i].s, v[i].len);
		if (!val) {
			json_decref(row);
			r->failed = bundle_out_fail(
			    r->o, "a row of %s holds text that is not UTF-8", r->t->name);
			return 1;
		}
		json_object_set_new(row, c->name, val);
	}
	if (r->hook && r->hook(r->o, v, row) != 0) {
		json_decref(row);
		r->failed = -1;
		return 1;
	}
	bundle_json_line(&r->b, row);
	json_decref(row);
	return 0;
}

int bundle_put_rows(struct bundle_out *o, const char *path, const struct store_copy *t,
		    int (*hook)(struct bundle_out *o, const struct store_val *v, json_t *row))
{
	struct rows_out r = {.o = o, .t = t, .hook = hook};
	int rc = store_copy_each(o->s, t, row_out, &r);
	if (rc < 0)
		rc = bundle_out_fail(o, "database: %s", store_errmsg(o->s));
	else if (r.failed)
		rc = -1;
	if (rc == 0)
		rc = bundle_put(o, path, buf_str(&r.b), r.b.len);
	buf_free(&r.b);
	return rc;
}

/* A file beside out, made for this export alone: its fd, and its name in path. */
static int temp_beside(const char *out, const char *what, char *path, size_t pathlen)
{
	snprintf(path, pathlen, "%s.%s-XXXXXX", out, what);
	int fd = mkstemp(path);
	if (fd >= 0)
		fchmod(fd, 0600);
	return fd;
}

/* Copies all of fd_in (from its start) to fd_out. 0, or -1. */
static int copy_fd(int fd_in, int fd_out)
{
	if (lseek(fd_in, 0, SEEK_SET) != 0)
		return -1;
	char *chunk = xmalloc(CHUNK);
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd_in, chunk, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -1 : 0;
			break;
		}
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(fd_out, chunk + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				free(chunk);
				return -1;
			}
			done += w;
		}
	}
	free(chunk);
	return rc;
}

/* The manifest of what was written (every section's files), as one JSON text in b. */
static void manifest_text(struct bundle_out *o, const char *made_by, struct buf *b)
{
	char when[32];
	iso_date_format(o->now, when);
	json_t *m = json_object(), *sections = json_array();
	json_object_set_new(m, "format", json_string(BUNDLE_FORMAT));
	json_object_set_new(m, "version", json_integer(BUNDLE_VERSION));
	json_object_set_new(m, "made_by", json_string(made_by));
	json_object_set_new(m, "exported", json_string(when));
	json_object_set_new(m, "members", json_string("left out"));
	for (const struct bundle_section *s = bundle_sections; s->name; s++)
		json_array_append_new(sections, json_string(s->name));
	json_object_set_new(m, "sections", sections);
	json_object_set(m, "files", o->files);
	char *s = json_dumps(m, JSON_INDENT(1));
	buf_puts(b, s);
	buf_putc(b, '\n');
	free(s);
	json_decref(m);
}

/* Writes every section into the archive's body (fd), in one read transaction. */
static int write_sections(struct bundle_out *o, int fd)
{
	char err[256];
	o->tw = tar_writer_new(fd);
	int rc = store_bundle_read_begin(o->s) == 0
		     ? 0
		     : bundle_out_fail(o, "database: %s", store_errmsg(o->s));
	for (const struct bundle_section *s = bundle_sections; rc == 0 && s->name; s++) {
		o->section = s->name;
		rc = s->write(o);
	}
	if (rc == 0) {
		long long members = store_bundle_members(o->s);
		o->st->members = members < 0 ? 0 : members;
	}
	store_bundle_read_end(o->s);
	if (tar_write_end(o->tw, 1, err, sizeof(err)) != 0 && rc == 0)
		rc = bundle_out_fail(o, "%s", err);
	o->tw = NULL;
	return rc;
}

int bundle_export(struct store *s, const char *data_dir, const char *out, const char *made_by,
		  long long now, struct bundle_stats *st, char *err, size_t errlen)
{
	struct bundle_out o = {.s = s,
			       .data_dir = data_dir,
			       .now = now,
			       .files = json_array(),
			       .st = st,
			       .err = err,
			       .errlen = errlen};
	memset(st, 0, sizeof(*st));
	st->exported = now;
	snprintf(st->made_by, sizeof(st->made_by), "%s", made_by);
	char body[PATH_BYTES], whole[PATH_BYTES];
	struct stat sb;
	int rc = 0, body_fd = -1, fd = -1;
	whole[0] = body[0] = '\0';
	if (strlen(out) > PATH_BYTES - 64)
		rc = bundle_out_fail(&o, "%s: the path is too long", out);
	else if (lstat(out, &sb) == 0 || errno != ENOENT)
		rc = bundle_out_fail(&o, "%s exists already: give a new file", out);
	else if ((body_fd = temp_beside(out, "body", body, sizeof(body))) < 0 ||
		 (fd = temp_beside(out, "tmp", whole, sizeof(whole))) < 0)
		rc = bundle_out_fail(&o, "%s: %s", out, strerror(errno));
	if (body_fd >= 0)
		unlink(body);
	if (rc == 0)
		rc = write_sections(&o, body_fd);
	if (rc == 0) {
		/* The manifest is the first gzip member, the body the second: together, one tar
		 * stream whose first entry says what the rest must be. */
		struct buf m = {0};
		char terr[256];
		manifest_text(&o, made_by, &m);
		struct tar_writer *tw = tar_writer_new(fd);
		if (tar_write_entry(tw, BUNDLE_MANIFEST, m.data, m.len, now, terr, sizeof(terr)) !=
		    0) {
			tar_write_end(tw, 0, terr, sizeof(terr));
			rc = bundle_out_fail(&o, "%s: %s", out, terr);
		} else if (tar_write_end(tw, 0, terr, sizeof(terr)) != 0) {
			rc = bundle_out_fail(&o, "%s: %s", out, terr);
		}
		buf_free(&m);
	}
	if (rc == 0 && (copy_fd(body_fd, fd) != 0 || fsync(fd) != 0))
		rc = bundle_out_fail(&o, "%s: %s", out, strerror(errno));
	if (rc == 0 && link(whole, out) != 0)
		rc = bundle_out_fail(&o, "%s: %s", out,
				     errno == EEXIST ? "it appeared meanwhile" : strerror(errno));
	if (rc == 0 && sync_parent(out) != 0)
		rc = bundle_out_fail(&o, "%s: %s", out, strerror(errno));
	if (whole[0])
		unlink(whole);
	if (fd >= 0)
		close(fd);
	if (body_fd >= 0)
		close(body_fd);
	json_decref(o.files);
	snprintf(st->sections, sizeof(st->sections), "%s", "");
	for (const struct bundle_section *sec = bundle_sections; sec->name; sec++) {
		size_t n = strlen(st->sections);
		snprintf(st->sections + n, sizeof(st->sections) - n, "%s%s", n ? ", " : "",
			 sec->name);
	}
	return rc;
}
