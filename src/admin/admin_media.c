/* admin_media: images uploaded through the admin pages: checked by content with libmagic,
 * stored under DATA/media by SHA-256, listed, deleted and served. */
#include "admin/admin.h"
#include "route/route.h"
#include "req/form.h"
#include "page/page.h"
#include "render/val.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/sniff.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The types accepted, by what libmagic finds in the bytes; SVG is not one (it can script). */
static const struct {
	const char *type, *ext;
} kinds[] = {
    {"image/png", "png"},   {"image/jpeg", "jpg"},  {"image/gif", "gif"},
    {"image/webp", "webp"}, {"image/avif", "avif"},
};

static const char *ext_of_type(const char *type)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].type, type) == 0)
			return kinds[i].ext;
	return NULL;
}

static const char *type_of_ext(const char *ext)
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

int admin_media_store(struct req *r, const char **md, const char **msg)
{
	struct form *f = (struct form *)r->form;
	struct pool *p = r->pool;
	char hash[65];
	if (f->file_too_large) {
		*msg =
		    pool_printf(p, "The file is larger than this site accepts (%lld MB at most).",
				r->upload_max >> 20);
		return 413;
	}
	if (f->file_size == 0) {
		*msg = "The file is empty.";
		return 400;
	}
	if (form_file_finish(f, hash) != 0) {
		*msg = "The file could not be written to disk.";
		return 500;
	}
	const char *type = sniff_file(f->file_path);
	const char *ext = type ? ext_of_type(type) : NULL;
	if (!ext) {
		*msg = pool_printf(p,
				   "This file is not an image this site accepts (PNG, JPEG, GIF, "
				   "WebP or AVIF): its content is %s, whatever its name says.",
				   type ? type : "of an unknown type");
		return 415;
	}
	char *clean = form_clean_name(f->file_name);
	const char *name = pool_strdup(p, clean);
	free(clean);
	const char *dest = pool_printf(p, "%s/media/%s.%s", r->data_dir, hash, ext);
	/* Same bytes, same name: a second upload of an image is the first one. */
	if (rename(f->file_path, dest) != 0 || sync_dir(pool_printf(p, "%s/media", r->data_dir))) {
		*msg = "The file could not be stored.";
		return 500;
	}
	free(f->file_path);
	f->file_path = NULL;
	if (store_begin(r->store) != 0 ||
	    store_media_add(r->store, hash, ext, type, (long long)f->file_size, name, r->me.id) <
		0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		*msg = "The site could not write its database.";
		return 500;
	}
	/* The alt text is the name without its extension; brackets would end it early. */
	struct buf alt = {0};
	const char *dot = strrchr(name, '.');
	for (const char *c = name; *c && c != dot; c++)
		if (*c != '[' && *c != ']' && *c != '\\')
			buf_putc(&alt, *c);
	*md = pool_printf(p, "![%s](/media/%s.%s)", buf_str(&alt), hash, ext);
	buf_free(&alt);
	return 0;
}

int admin_media_delete(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *hash = r->route->arg;
	struct media_row m;
	int rc = store_media_get(r->store, p, hash, &m);
	if (rc == 1)
		return admin_fail(r, out, 404, "There is no such file.");
	if (rc < 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (r->me.role == ROLE_AUTHOR && (!m.uploader || strcmp(m.uploader, r->me.handle)))
		return admin_fail(r, out, 403, "Authors may only delete their own uploads.");
	if (store_begin(r->store) != 0 || store_media_delete(r->store, hash) < 0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	unlink(pool_printf(p, "%s/media/%s.%s", r->data_dir, m.hash, m.ext));
	return admin_redirect(out, "/admin/media?deleted=1");
}

int admin_media(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *notice = NULL, *error = NULL;
	int status = 200;
	const char *md = NULL;
	if (r->post) {
		if (!r->form || !r->form->file_path) {
			error = "Choose a file to upload.", status = 400;
		} else {
			int st = admin_media_store(r, &md, &error);
			if (st)
				status = st;
			else
				notice = "Uploaded. Copy its Markdown into a post.";
		}
	} else if (req_arg(r, "deleted")) {
		notice = "Deleted. Posts that show it now show a broken image.";
	}
	struct media_row *rows;
	size_t n;
	if (store_media_list(r->store, p, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, "Media");
	struct val *list = val_set(p, ctx, "media", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		const char *url = pool_printf(p, "/media/%s.%s", rows[i].hash, rows[i].ext);
		val_set_str(p, v, "url", url);
		val_set_str(p, v, "hash", rows[i].hash);
		val_set_str(p, v, "name", rows[i].name);
		val_set_str(p, v, "type", rows[i].type);
		val_set_str(p, v, "size", pool_printf(p, "%.1f KB", (double)rows[i].size / 1024));
		val_set_str(p, v, "uploader", rows[i].uploader ? rows[i].uploader : "");
		val_set(p, v, "date", page_date_val(p, rows[i].created));
		val_set_str(p, v, "markdown", pool_printf(p, "![%s](%s)", rows[i].name, url));
		val_set_bool(p, v, "may_delete",
			     r->me.role <= ROLE_EDITOR ||
				 (rows[i].uploader && strcmp(rows[i].uploader, r->me.handle) == 0));
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_media", n > 0);
	if (md)
		val_set_str(p, ctx, "uploaded", md);
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	if (error)
		val_set_str(p, ctx, "error", error);
	val_set_num(p, ctx, "max_mb", (double)(r->upload_max >> 20));
	out->status = status;
	return admin_render(r, "admin_media", ctx, out);
}

int admin_media_open(const char *data_dir, const char *name, int *fd, long long *size,
		     const char **type)
{
	/* HASH.EXT: 64 hex digits, a dot, a known extension; nothing else reaches the disk. */
	const char *dot = strchr(name, '.');
	if (!dot || dot - name != 64 || strspn(name, "0123456789abcdef") != 64 ||
	    !(*type = type_of_ext(dot + 1)))
		return -1;
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/media/%s", data_dir, name) >= (int)sizeof(path))
		return -1;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return -1;
	struct stat sb;
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		return -1;
	}
	*size = (long long)sb.st_size;
	return 0;
}
