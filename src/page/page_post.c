/* page_post: one post with its body, dates, tags and its place in a series. */
#include "page/page.h"
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

void page_post_meta(struct req *r, struct val *ctx, const struct post_row *row)
{
	/* What is for members never goes into a preview, not even its excerpt. */
	const char *d = row->visibility == VISIBLE_MEMBERS
			    ? NULL
			    : page_text_of_html(r->pool, row->excerpt_html, PAGE_DESCRIPTION_MAX);
	page_meta(r, ctx,
		  &(struct page_meta){
		      .path = page_url(r->pool, "/posts/", row->slug),
		      .title = row->title,
		      .description = d,
		      .article = 1,
		      .published = row->published,
		      .modified = row->updated,
		      .author_path =
			  row->author_handle ? page_url(r->pool, "/@", row->author_handle) : NULL,
		  });
}

int page_post(struct req *r, struct page_out *out)
{
	struct post_row row;
	int rc = store_post_by_slug(r->store, r->pool, r->route->arg, 0, &row);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		/* A renamed post answers at its old slug too. */
		const char *now;
		rc = store_redirect_find(r->store, r->pool, r->route->arg, &now);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			out->location = page_url(r->pool, "/posts/", now);
			out->status = 301;
			return 0;
		}
		page_error(r, 404, "There is no post at this address.", out);
		return 0;
	}
	struct val *ctx = page_base(r, row.title);
	struct val *post = val_set(r->pool, ctx, "post", page_post_val(r, &row));
	page_post_meta(r, ctx, &row);
	/* The byline shows the writer's bio and avatar. */
	struct user_row u;
	if (row.author_handle &&
	    (rc = store_user_get(r->store, r->pool, row.author_handle, &u)) != 1) {
		if (rc < 0)
			return -1;
		page_author_val(r, &u, (struct val *)val_get(post, "author", 6));
	}
	int closed = row.visibility == VISIBLE_MEMBERS && !r->reader_member;
	if ((row.series && page_series_val(r, &row, post) != 0) ||
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
