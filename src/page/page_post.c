/* page_post: one post with its body, dates, tags and its place in a series. */
#include "page/page.h"
#include "fed/routes.h"
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
	val_set_str(r->pool, v, "url", page_url(r->pool, "/posts/", row->slug));
	val_set_str(r->pool, v, "title", row->title);
	val_set_num(r->pool, v, "part", row->part);
	return v;
}

/* "Part N of M" with the previous and next parts, counted among the public parts. */
static int series_val(struct req *r, const struct post_row *row, struct val *post)
{
	struct post_list parts;
	if (store_series(r->store, r->pool, row->series, &parts) != 0)
		return -1;
	struct pool *p = r->pool;
	struct val *s = val_set(p, post, "series", val_map(p));
	val_set_str(p, s, "name", row->series);
	val_set_num(p, s, "part", row->part);
	struct val *list = val_set(p, s, "parts", val_list(p));
	val_set(p, s, "prev", val_null(p));
	val_set(p, s, "next", val_null(p));
	for (size_t i = 0; i < parts.n; i++) {
		struct val *l = link_val(r, &parts.rows[i]);
		int current = parts.rows[i].id == row->id;
		val_set_bool(p, l, "current", current);
		val_set_num(p, l, "index", (double)(i + 1));
		val_push(p, list, l);
		if (!current)
			continue;
		val_set_num(p, s, "index", (double)(i + 1));
		if (i > 0)
			val_set(p, s, "prev", link_val(r, &parts.rows[i - 1]));
		if (i + 1 < parts.n)
			val_set(p, s, "next", link_val(r, &parts.rows[i + 1]));
	}
	val_set_num(p, s, "count", (double)parts.n);
	return 0;
}

int page_post(struct req *r, struct page_out *out)
{
	struct post_row row;
	int rc = store_post_by_slug(r->store, r->pool, r->route->arg, 0, &row);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		/* A renamed post answers at its old slug too: its object there (the id it was
		 * federated with may be that address), its page by a redirect. */
		const char *now;
		rc = store_redirect_find(r->store, r->pool, r->route->arg, &now);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			rc = store_post_by_slug(r->store, r->pool, now, 0, &row);
			if (rc < 0 || (rc == 0 && (rc = fed_post_answer(r, 1, &row, out)) != 0))
				return rc < 0 ? -1 : 0;
			out->location = page_url(r->pool, "/posts/", now);
			out->status = 301;
			return 0;
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
	if ((rc = fed_post_answer(r, 1, &row, out)) != 0)
		return rc < 0 ? -1 : 0;
	struct val *ctx = page_base(r, row.title);
	struct val *post = val_set(r->pool, ctx, "post", page_post_val(r, &row));
	int closed = row.visibility == VISIBLE_MEMBERS && !r->reader_member;
	if (page_fediverse_val(r, row.author_handle, row.visibility == VISIBLE_PUBLIC ? row.id : 0,
			       post) != 0)
		return -1;
	/* The page's one script: the button that copies the handle. */
	val_set_bool(r->pool, ctx, "copy_script", 1);
	if (row.visibility == VISIBLE_PUBLIC)
		page_fediverse_head(r, ctx, page_url(r->pool, "/posts/", row.slug),
				    row.author_handle);
	if ((row.series && series_val(r, &row, post) != 0) ||
	    (!closed && page_comments_val(r, &row, post) != 0))
		return -1;
	val_set_bool(r->pool, ctx, "subscribe", 1);
	val_set_str(r->pool, ctx, "comments_feed",
		    pool_printf(r->pool, "%s/comments.atom", val_get(post, "url", 3)->u.str.s));
	/* The notices after sending a comment are for that browser alone. */
	out->cacheable = r->route->cid == 0;
	/* The comment form's signed time must stay well inside its day of validity. */
	out->max_age = PAGE_FORM_MAX_AGE;
	return page_render(r, "post", ctx, out);
}
