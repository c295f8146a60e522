/* page_post: one post with its body, dates, tags and its place in a series; and a page. */
#include "page/page.h"
#include "fed/routes.h"
#include "post/postfile.h"
#include "store/store_fed_objects.h"
#include "route/route.h"
#include "render/theme.h"
#include "store/store_users.h"
#include "store/store_sessions.h"
#include "store/store_revisions.h"
#include "store/store_media.h"
#include "render/val.h"
#include "util/escape.h"
#include "util/pool.h"

#include <string.h>

static struct val *link_val(struct req *r, const struct post_row *row)
{
	struct val *v = val_map(r->pool);
	val_set_str(r->pool, v, "url", page_post_path(r->pool, row->type, row->slug));
	val_set_str(r->pool, v, "title", row->title);
	val_set_num(r->pool, v, "part", row->part);
	return v;
}

/* "Part N of M" with the previous and next parts, counted among the public parts; a post that
 * is not among them yet (a preview of a new part or of a draft) takes its place by its part
 * number. */
int page_series_val(struct req *r, const struct post_row *row, struct val *post)
{
	struct post_list parts;
	if (store_series(r->store, r->pool, row->series, &parts) != 0)
		return -1;
	struct pool *p = r->pool;
	size_t n = parts.n, at = n;
	const struct post_row **order = pool_alloc(p, (n + 1) * sizeof(*order));
	for (size_t i = 0; i < n; i++)
		if (parts.rows[i].id == row->id && row->id)
			at = i;
	if (at == n) {
		/* Before the first stored part with a higher number, or last. */
		at = 0;
		while (at < n &&
		       (!row->part || !parts.rows[at].part || parts.rows[at].part <= row->part))
			at++;
		for (size_t i = 0, k = 0; i <= n; i++)
			order[i] = i == at ? row : &parts.rows[k++];
		n++;
	} else {
		for (size_t i = 0; i < n; i++)
			order[i] = &parts.rows[i];
	}
	struct val *s = val_set(p, post, "series", val_map(p));
	val_set_str(p, s, "name", row->series);
	val_set_num(p, s, "part", row->part);
	struct val *list = val_set(p, s, "parts", val_list(p));
	val_set(p, s, "prev", val_null(p));
	val_set(p, s, "next", val_null(p));
	for (size_t i = 0; i < n; i++) {
		struct val *l = link_val(r, order[i]);
		int current = i == at;
		val_set_bool(p, l, "current", current);
		val_set_num(p, l, "index", (double)(i + 1));
		val_push(p, list, l);
	}
	val_set_num(p, s, "index", (double)(at + 1));
	if (at > 0)
		val_set(p, s, "prev", link_val(r, order[at - 1]));
	if (at + 1 < n)
		val_set(p, s, "next", link_val(r, order[at + 1]));
	val_set_num(p, s, "count", (double)n);
	return 0;
}

/* A 301 to a post or page's own address. Returns 0. */
static int moved(struct req *r, int type, const char *slug, struct page_out *out)
{
	out->location = page_post_path(r->pool, type, slug);
	out->status = 301;
	return 0;
}

/* The page of a post or a page: body, comments, and a post's series. */
static int show(struct req *r, const struct post_row *row, struct page_out *out)
{
	struct val *ctx = page_base(r, row->title);
	struct val *post = val_set(r->pool, ctx, "post", page_post_val(r, row));
	int closed = row->visibility == VISIBLE_MEMBERS && !r->reader_member;
	if (row->type == POST_TYPE_POST) {
		if (page_fediverse_val(r, row->author_handle,
				       row->visibility == VISIBLE_PUBLIC ? row->id : 0, post) != 0)
			return -1;
		/* The page's one script: the button that copies the handle. */
		val_set_bool(r->pool, ctx, "copy_script", 1);
		if (row->visibility == VISIBLE_PUBLIC)
			page_fediverse_head(r, ctx, page_url(r->pool, "/posts/", row->slug),
					    row->author_handle);
	}
	if ((row->series && page_series_val(r, row, post) != 0) ||
	    (!closed && page_comments_val(r, row, post) != 0))
		return -1;
	val_set_bool(r->pool, ctx, "subscribe", 1);
	/* A page shows its comments only when it has some or takes them. */
	const struct val *has = val_get(post, "has_comments", 12), *form = val_get(post, "form", 4);
	val_set_bool(r->pool, post, "show_comments",
		     row->type != POST_TYPE_PAGE || (has && has->u.b) || form);
	/* A page without comments of its own has no comment feed to follow. */
	if (row->type != POST_TYPE_PAGE || row->comments > 0)
		val_set_str(r->pool, ctx, "comments_feed",
			    pool_printf(r->pool, "%s/comments.atom",
					page_post_path(r->pool, POST_TYPE_POST, row->slug)));
	/* The notices after sending a comment are for that browser alone. */
	out->cacheable = r->route->cid == 0;
	/* The comment form's signed time must stay well inside its day of validity. */
	out->max_age = PAGE_FORM_MAX_AGE;
	return page_render(r, row->type == POST_TYPE_PAGE ? "page" : "post", ctx, out);
}

int page_post(struct req *r, struct page_out *out)
{
	struct post_row row;
	int rc = store_post_by_slug(r->store, r->pool, r->route->arg, 0, &row);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (row.type == POST_TYPE_PAGE)
			return moved(r, row.type, row.slug, out);
		if ((rc = fed_post_answer(r, 1, &row, out)) != 0)
			return rc < 0 ? -1 : 0;
		return show(r, &row, out);
	}
	/* A renamed post answers at its old slug too: its object there (the id it was federated
	 * with may be that address), its page by a redirect. */
	const char *now;
	int type;
	rc = store_redirect_find(r->store, r->pool, r->route->arg, &now, &type);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (type == POST_TYPE_POST) {
			rc = store_post_by_slug(r->store, r->pool, now, 0, &row);
			if (rc < 0 || (rc == 0 && (rc = fed_post_answer(r, 1, &row, out)) != 0))
				return rc < 0 ? -1 : 0;
		}
		return moved(r, type, now, out);
	}
	if ((rc = fed_post_answer(r, 0, NULL, out)) != 0)
		return rc < 0 ? -1 : 0;
	/* A post that went out to the Fediverse and was deleted is gone for good. */
	rc = store_fed_object_gone(r->store, r->route->arg);
	if (rc < 0)
		return -1;
	page_error(r, rc ? 410 : 404,
		   rc ? "This post was deleted or taken off the site."
		      : "There is no post at this address.",
		   out);
	return 0;
}

int page_page(struct req *r, struct page_out *out)
{
	struct post_row row;
	int rc = store_post_by_slug(r->store, r->pool, r->route->arg, 0, &row);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return row.type == POST_TYPE_PAGE ? show(r, &row, out)
						  : moved(r, row.type, row.slug, out);
	const char *now;
	int type;
	rc = store_redirect_find(r->store, r->pool, r->route->arg, &now, &type);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return moved(r, type, now, out);
	rc = page_old_redirect(r, pool_printf(r->pool, "/%s", r->route->arg), out);
	if (rc == 0)
		page_error(r, 404, "There is nothing at this address.", out);
	return rc < 0 ? -1 : 0;
}
