/* admin_media: images uploaded through the admin pages: checked by content with libmagic,
 * stored under DATA/media by SHA-256, listed, deleted and served. */
#include "admin/admin.h"
#include "media/media_file.h"
#include "route/route.h"
#include "req/form.h"
#include "page/page.h"
#include "render/val.h"
#include "util/buf.h"
#include "util/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int admin_media_store(struct req *r, const char **url, const char **msg)
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
	char *clean = form_clean_name(f->file_name);
	const char *name = pool_strdup(p, clean);
	free(clean);
	struct media_stored m;
	char why[256];
	int st = media_store_file(r->data_dir, f->file_path, hash, &m, why, sizeof(why));
	if (st) {
		*msg = pool_strdup(p, why);
		return st;
	}
	free(f->file_path);
	f->file_path = NULL;
	if (store_begin(r->store) != 0 ||
	    store_media_add(r->store, m.hash, m.ext, m.type, m.size, name, r->me.id) < 0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		*msg = "The site could not write its database.";
		return 500;
	}
	*url = pool_printf(p, "/media/%s.%s", hash, m.ext);
	return 0;
}

const char *admin_image_markdown(struct pool *p, const char *url, const char *alt,
				 const char *caption)
{
	/* Brackets would end the alt text early, a quote the caption; line breaks either. */
	struct buf b = {0};
	buf_puts(&b, "![");
	for (const char *c = alt; *c; c++)
		if (*c == '[' || *c == ']' || *c == '\\')
			buf_putc(&b, '\\'), buf_putc(&b, *c);
		else
			buf_putc(&b, *c == '\n' || *c == '\r' ? ' ' : *c);
	buf_printf(&b, "](%s", url);
	if (caption && *caption) {
		buf_puts(&b, " \"");
		for (const char *c = caption; *c; c++)
			if (*c == '"' || *c == '\\')
				buf_putc(&b, '\\'), buf_putc(&b, *c);
			else
				buf_putc(&b, *c == '\n' || *c == '\r' ? ' ' : *c);
		buf_putc(&b, '"');
	}
	buf_putc(&b, ')');
	const char *md = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return md;
}

/* The uses of a medium for the confirmation page, and how many posts are among them. */
static struct val *uses_val(struct req *r, const char *url, int *posts)
{
	struct pool *p = r->pool;
	struct media_use *uses;
	size_t n;
	*posts = 0;
	if (store_media_uses(r->store, p, url, &uses, &n) != 0)
		return NULL;
	struct val *list = val_list(p);
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		const struct media_use *u = &uses[i];
		const char *what = u->kind == MEDIA_IN_POST	    ? "the post"
				   : u->kind == MEDIA_IN_ISSUE	    ? "the journal's issue"
				   : u->kind == MEDIA_AVATAR	    ? "the avatar of"
				   : strcmp(u->title, "image") == 0 ? "the site image"
								    : "the favicon";
		*posts += u->kind == MEDIA_IN_POST;
		val_set_str(p, v, "what", what);
		val_set(p, v, "title",
			u->kind == MEDIA_SITE	  ? val_null(p)
			: u->kind == MEDIA_AVATAR ? val_str(p, pool_printf(p, "@%s", u->title))
						  : val_str(p, u->title));
		val_set(p, v, "url",
			u->kind == MEDIA_IN_POST
			    ? val_str(p, pool_printf(p, "/admin/posts/%lld", u->id))
			: u->kind == MEDIA_IN_ISSUE
			    ? val_str(p, pool_printf(p, "/admin/journal/%lld", u->id))
			: u->kind == MEDIA_SITE ? val_str(p, "/admin/settings")
						: val_null(p));
		val_push(p, list, v);
	}
	return list;
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
	if (admin_own_posts_only(r) && (!m.uploader || strcmp(m.uploader, r->me.handle)))
		return admin_fail(r, out, 403, "Authors may only delete their own uploads.");
	const char *url = pool_printf(p, "/media/%s.%s", m.hash, m.ext);
	int posts;
	struct val *uses = uses_val(r, url, &posts);
	if (!uses)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (!r->post) {
		/* Asked first: what shows the image, and so what breaks. */
		struct val *ctx = admin_base(r, "Delete an image?");
		val_set_str(p, ctx, "url", url);
		val_set_str(p, ctx, "hash", m.hash);
		val_set_str(p, ctx, "name", m.name);
		val_set(p, ctx, "uses", uses);
		val_set_bool(p, ctx, "used", uses->u.list.n > 0);
		val_set_num(p, ctx, "posts", posts);
		val_set_bool(p, ctx, "one_post", posts == 1);
		return admin_render(r, "admin_media_delete", ctx, out);
	}
	if (store_begin(r->store) != 0 || store_media_delete(r->store, hash) < 0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	unlink(pool_printf(p, "%s/media/%s.%s", r->data_dir, m.hash, m.ext));
	return admin_redirect(out, pool_printf(p, "/admin/media?deleted=%d", posts));
}

int admin_media(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *notice = NULL, *error = NULL;
	int status = 200;
	const char *uploaded = NULL;
	if (r->post) {
		if (!r->form || !r->form->file_path) {
			error = "Choose a file to upload.", status = 400;
		} else {
			int st = admin_media_store(r, &uploaded, &error);
			if (st)
				status = st;
			else
				notice = "Uploaded. Copy its Markdown into a post.";
		}
	} else if (req_arg(r, "deleted")) {
		int posts = atoi(req_arg(r, "deleted"));
		notice = posts <= 0 ? "Deleted. No post showed it."
			 : posts == 1
			     ? "Deleted. The one post that showed it now shows a broken image."
			     : pool_printf(p,
					   "Deleted. The %d posts that showed it now show a broken "
					   "image.",
					   posts);
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
		/* The alt text is for the writer to give: a file's name does not say what it
		 * shows. */
		val_set_str(p, v, "markdown", admin_image_markdown(p, url, "", NULL));
		val_set_bool(p, v, "may_delete",
			     !admin_own_posts_only(r) ||
				 (rows[i].uploader && strcmp(rows[i].uploader, r->me.handle) == 0));
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_media", n > 0);
	if (uploaded)
		val_set_str(p, ctx, "uploaded", admin_image_markdown(p, uploaded, "", NULL));
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
	    !(*type = media_type_of_ext(dot + 1)))
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
