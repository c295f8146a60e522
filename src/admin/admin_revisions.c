/* admin_revisions: a post's saved revisions, a diff of one against the current text, and
 * restoring one (which is saved as a new revision, so nothing is lost). */
#include "admin/admin.h"
#include "route/route.h"
#include "admin/editor_form.h"
#include "page/page.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "render/val.h"
#include "util/buf.h"
#include "util/diff.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdlib.h>
#include <string.h>

/* Edits beyond this many lines are shown as the whole middle replaced. */
#define DIFF_MAX_D 400

/* The current text: the newest revision (what was saved last), or for a post that has none
 * the post as the editor would save it. */
static int current_source(struct req *r, const struct post_row *row, struct buf *out)
{
	struct revision_row *revs;
	size_t n;
	if (store_revisions(r->store, r->pool, row->id, &revs, &n) != 0)
		return -1;
	if (n) {
		buf_puts(out, revs[0].source);
		return 0;
	}
	struct editor_fields e;
	unsigned line[EF__COUNT];
	editor_fields_of_post(r->pool, row, &e);
	editor_compose(&e, out, line);
	return 0;
}

static int diff_val(struct req *r, struct val *ctx, const char *old, const char *cur)
{
	struct diff_line *d;
	size_t n;
	if (diff_lines(old, strlen(old), cur, strlen(cur), DIFF_MAX_D, &d, &n) != 0)
		return -1;
	struct pool *p = r->pool;
	struct val *lines = val_set(p, ctx, "diff", val_list(p));
	int changed = 0;
	for (size_t i = 0; i < n; i++) {
		struct val *l = val_map(p);
		val_set(p, l, "text", val_strn(p, d[i].text, d[i].len));
		val_set_bool(p, l, "del", d[i].kind == DIFF_DEL);
		val_set_bool(p, l, "add", d[i].kind == DIFF_ADD);
		changed += d[i].kind != DIFF_SAME;
		val_push(p, lines, l);
	}
	val_set_num(p, ctx, "changed", changed);
	free(d);
	return 0;
}

/* The post and revision the route names, checked: 0, or 1 / -1 with the refusal in out. */
static int load(struct req *r, struct page_out *out, struct post_row *row, struct revision_row *one)
{
	long long id = r->route->id, rev = r->route->rev;
	int rc = store_post_by_id(r->store, r->pool, id, row);
	if (rc < 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (rc == 1)
		return admin_fail(r, out, 404, "There is no post with this number."), 1;
	if (!admin_may_edit(r, row))
		return admin_fail(r, out, 403,
				  "Authors may only see and restore revisions of their own posts."),
		       1;
	if (rev) {
		rc = store_revision_get(r->store, r->pool, rev, one);
		if (rc < 0)
			return admin_fail(r, out, 500, "The site could not read its database."), -1;
		if (rc == 1 || one->post_id != id || one->kind != 0)
			return admin_fail(r, out, 404, "This post has no such revision."), 1;
	}
	return 0;
}

int admin_revision_restore(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	long long id = r->route->id;
	struct post_row row;
	struct revision_row one;
	int rc = load(r, out, &row, &one);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (row.status == POST_TRASHED)
		return admin_fail(r, out, 409, "Restore the post from the trash first.");
	struct postfile pf;
	struct pf_error pe;
	if (postfile_parse(one.source, strlen(one.source), &pf, &pe) != 0)
		return admin_fail(r, out, 409,
				  pool_printf(p, "This revision cannot be read back: %s.", pe.msg));
	char err[256] = "the database is busy";
	/* Authors write as themselves, in old revisions too. */
	if (r->me.role == ROLE_AUTHOR && (!pf.author || strcmp(pf.author, r->me.handle) != 0)) {
		free(pf.author);
		pf.author = strdup(r->me.handle);
	}
	struct publish_args args = {.id = id,
				    .user_id = r->me.id,
				    .source = one.source,
				    .own_series_only = r->me.role == ROLE_AUTHOR};
	struct publish_result res = {0};
	rc = store_begin(r->store) != 0 ||
	     publish_post(r->store, &pf, &args, &res, err, sizeof(err)) != 0 ||
	     admin_commit(r) != 0;
	postfile_free(&pf);
	free(res.url);
	if (rc) {
		store_rollback(r->store);
		return admin_fail(r, out, 409,
				  pool_printf(p, "The revision was not restored: %s.", err));
	}
	return admin_redirect(out, pool_printf(p, "/admin/posts/%lld?saved=1", id));
}

int admin_revisions(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	long long id = r->route->id, rev = r->route->rev;
	struct post_row row;
	struct revision_row one;
	int rc = load(r, out, &row, &one);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct val *ctx = admin_base(r, rev ? "Compare a revision" : "Revisions");
	struct val *post = val_set(p, ctx, "post", val_map(p));
	val_set_num(p, post, "id", (double)id);
	val_set_str(p, post, "title", row.title);
	if (rev) {
		struct buf cur = {0};
		rc = current_source(r, &row, &cur) || diff_val(r, ctx, one.source, buf_str(&cur));
		buf_free(&cur);
		if (rc)
			return admin_fail(r, out, 500, "The comparison ran out of memory."), -1;
		val_set_num(p, ctx, "rev", (double)rev);
		val_set(p, ctx, "saved", page_date_val(p, one.saved));
		return admin_render(r, "admin_diff", ctx, out);
	}
	struct revision_row *revs;
	size_t n;
	if (store_revisions(r->store, p, id, &revs, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *list = val_set(p, ctx, "revisions", val_list(p));
	val_set_bool(p, ctx, "has_revisions", n > 0);
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		char iso[32];
		iso_date_format(revs[i].saved, iso);
		val_set_num(p, v, "id", (double)revs[i].id);
		val_set_num(p, v, "post", (double)id);
		val_set_str(p, v, "saved", iso);
		val_set_str(p, v, "author", revs[i].author ? revs[i].author : "the command line");
		val_set_num(p, v, "bytes", (double)strlen(revs[i].source));
		val_set_bool(p, v, "latest", i == 0);
		val_push(p, list, v);
	}
	return admin_render(r, "admin_revisions", ctx, out);
}
