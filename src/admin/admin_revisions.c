/* admin_revisions: a post's saved revisions, a diff of one against the current text or of any
 * two (the front matter apart from the text), and restoring one (which is saved as a new
 * revision, so nothing is lost). */
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

/* A post file's two parts: the front matter between its --- lines, and the text after. */
static void split_source(const char *src, const char **fm, size_t *fmlen, const char **body)
{
	*fm = src;
	*fmlen = 0;
	*body = src;
	if (strncmp(src, "---\n", 4) != 0)
		return;
	const char *end = strstr(src + 3, "\n---\n");
	if (!end)
		return;
	*fm = src + 4;
	*fmlen = (size_t)(end + 1 - (src + 4));
	*body = end + 5;
}

/* The lines of old and cur under key (a list of {text, del, add}); the count of changed lines
 * under key_changed. */
static int lines_val(struct req *r, struct val *ctx, const char *key, const char *old, size_t olen,
		     const char *cur, size_t clen)
{
	struct diff_line *d;
	size_t n;
	if (diff_lines(old, olen, cur, clen, DIFF_MAX_D, &d, &n) != 0)
		return -1;
	struct pool *p = r->pool;
	struct val *lines = val_set(p, ctx, key, val_list(p));
	int changed = 0;
	for (size_t i = 0; i < n; i++) {
		struct val *l = val_map(p);
		val_set(p, l, "text", val_strn(p, d[i].text, d[i].len));
		val_set_bool(p, l, "del", d[i].kind == DIFF_DEL);
		val_set_bool(p, l, "add", d[i].kind == DIFF_ADD);
		changed += d[i].kind != DIFF_SAME;
		val_push(p, lines, l);
	}
	val_set_num(p, ctx, pool_printf(p, "%s_changed", key), changed);
	free(d);
	return 0;
}

/* The front matter's diff (fields: title, tags, status...) apart from the text's. */
static int diff_val(struct req *r, struct val *ctx, const char *old, const char *cur)
{
	const char *ofm, *obody, *cfm, *cbody;
	size_t ofl, cfl;
	split_source(old, &ofm, &ofl, &obody);
	split_source(cur, &cfm, &cfl, &cbody);
	if (lines_val(r, ctx, "fields", ofm, ofl, cfm, cfl) != 0 ||
	    lines_val(r, ctx, "diff", obody, strlen(obody), cbody, strlen(cbody)) != 0)
		return -1;
	const struct val *a = val_get(ctx, "fields_changed", 14),
			 *b = val_get(ctx, "diff_changed", 12);
	val_set_num(r->pool, ctx, "changed", a->u.num + b->u.num);
	return 0;
}

/* "saved 3 hours ago" and the exact time, for a revision. */
static struct val *when_val(struct req *r, long long t)
{
	char ago[48];
	struct val *v = page_date_val(r->pool, t);
	relative_time_format(t, r->now, ago);
	val_set_str(r->pool, v, "ago", ago);
	return v;
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
		return admin_fail(r, out, 403, admin_not_yours(r, row)), 1;
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
	if (!admin_may_publish(r) && pf.status != POST_DRAFT) {
		postfile_free(&pf);
		return admin_fail(r, out, 403,
				  "This revision is not a draft: contributors restore drafts only, "
				  "and an editor publishes.");
	}
	if (admin_own_posts_only(r) && (!pf.author || strcmp(pf.author, r->me.handle) != 0)) {
		free(pf.author);
		pf.author = strdup(r->me.handle);
	}
	struct publish_args args = {.id = id,
				    .user_id = r->me.id,
				    .source = one.source,
				    .own_series_only = admin_own_posts_only(r)};
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

/* The revision id (of this post, saved, not an autosave) the query parameter key names, 0 when
 * absent or not one. */
static long long rev_arg(struct req *r, const char *key, long long post, struct revision_row *out)
{
	const char *v = req_arg(r, key);
	long long id = v ? atoll(v) : 0;
	if (id <= 0 || store_revision_get(r->store, r->pool, id, out) != 0 ||
	    out->post_id != post || out->kind != 0)
		return 0;
	return id;
}

int admin_revisions(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	long long id = r->route->id, rev = r->route->rev;
	struct post_row row;
	struct revision_row one, other;
	int rc = load(r, out, &row, &one);
	if (rc)
		return rc < 0 ? -1 : 0;
	/* ?from=A&to=B compares any two revisions; /revisions/A compares A with the current
	 * text. */
	long long to = 0;
	if (!rev && (rev = rev_arg(r, "from", id, &one)) != 0)
		to = rev_arg(r, "to", id, &other);
	if (rev && !to && req_arg(r, "to"))
		return admin_fail(r, out, 404, "This post has no such revision to compare with.");
	struct val *ctx = admin_base(r, rev ? "Compare revisions" : "Revisions");
	struct val *post = val_set(p, ctx, "post", val_map(p));
	val_set_num(p, post, "id", (double)id);
	val_set_str(p, post, "title", row.title);
	if (rev) {
		struct buf cur = {0};
		if (to)
			buf_puts(&cur, other.source);
		rc = (!to && current_source(r, &row, &cur)) ||
		     diff_val(r, ctx, one.source, buf_str(&cur));
		buf_free(&cur);
		if (rc)
			return admin_fail(r, out, 500, "The comparison ran out of memory."), -1;
		val_set_num(p, ctx, "rev", (double)rev);
		val_set(p, ctx, "saved", when_val(r, one.saved));
		if (to) {
			val_set_num(p, ctx, "to", (double)to);
			val_set(p, ctx, "to_saved", when_val(r, other.saved));
		}
		return admin_render(r, "admin_diff", ctx, out);
	}
	struct revision_row *revs;
	size_t n;
	if (store_revisions(r->store, p, id, &revs, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *list = val_set(p, ctx, "revisions", val_list(p));
	val_set_bool(p, ctx, "has_revisions", n > 0);
	val_set_bool(p, ctx, "may_compare", n > 1);
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_num(p, v, "id", (double)revs[i].id);
		val_set_num(p, v, "post", (double)id);
		val_set(p, v, "saved", when_val(r, revs[i].saved));
		val_set_str(p, v, "author", revs[i].author ? revs[i].author : "the command line");
		val_set_num(p, v, "bytes", (double)strlen(revs[i].source));
		val_set_bool(p, v, "latest", i == 0);
		/* The form starts on the two newest: the last change. */
		val_set_bool(p, v, "from_checked", i == 1);
		val_set_bool(p, v, "to_checked", i == 0);
		val_push(p, list, v);
	}
	return admin_render(r, "admin_revisions", ctx, out);
}
