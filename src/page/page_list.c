/* page_list: the listings: home, tag, author, monthly archive and the archive index. */
#include "page/page.h"
#include "fed/routes.h"
#include "route/route.h"
#include "render/val.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

/* Reads one page of a listing; 1 (after writing a 404) when a cursor page is empty. */
static int read_page(struct req *r, struct list_query *q, struct post_list *list,
		     struct page_out *out)
{
	q->at = r->route->at;
	q->limit = r->site.per_page;
	if (store_list(r->store, r->pool, q, list) != 0)
		return -1;
	if (list->n == 0 && q->at.dir) {
		page_error(r, 404, "There are no posts past this point.", out);
		return 1;
	}
	return 0;
}

/* The most sticky posts the first page shows above the others. */
#define STICKY_MAX 10

int page_home(struct req *r, struct page_out *out)
{
	if (r->route->old_id) {
		/* WordPress's own address of a post, /?p=ID, from an import. */
		char path[32];
		snprintf(path, sizeof(path), "?p=%lld", r->route->old_id);
		int rc = page_old_redirect(r, path, out);
		if (rc == 0)
			page_error(r, 404, "There is no post with this number here.", out);
		return rc < 0 ? -1 : 0;
	}
	struct post_list list, sticky = {0};
	struct list_query q = {.kind = LIST_RECENT};
	int rc = read_page(r, &q, &list, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int first = !r->route->at.dir;
	if (first && store_sticky(r->store, r->pool, STICKY_MAX, &sticky) != 0)
		return -1;
	struct val *ctx = page_base(r, first ? NULL : "More posts");
	val_set_bool(r->pool, ctx, "is_home", 1);
	/* Comment counts show on the home page only: a new comment drops the home pages and
	 * its post from the cache, nothing else. */
	val_set_bool(r->pool, ctx, "show_counts", 1);
	/* Sticky posts come first on the first page, and not again in their place there. */
	struct val *pinned = val_set(r->pool, ctx, "pinned", val_list(r->pool));
	for (size_t i = 0; i < sticky.n; i++)
		val_push(r->pool, pinned, page_post_val(r, &sticky.rows[i]));
	page_list_val(r, ctx, &list, "/", first);
	out->cacheable = 1;
	return page_render(r, "home", ctx, out);
}

static const char *tag_path(struct req *r, const char *name)
{
	struct buf b = {0};
	buf_puts(&b, "/tag/");
	esc_url_component(&b, name, strlen(name));
	const char *s = pool_strdup(r->pool, b.data);
	buf_free(&b);
	return s;
}

int page_tag(struct req *r, struct page_out *out)
{
	struct post_list list;
	struct list_query q = {.kind = LIST_TAG};
	const char *name = NULL;
	int rc = store_tag_find(r->store, r->pool, r->route->arg, &q.key, &name);
	if (rc < 0)
		return -1;
	if (rc == 0 && (rc = read_page(r, &q, &list, out)) != 0)
		return rc < 0 ? -1 : 0;
	if (rc == 1 || list.n == 0) {
		/* An imported site's tag and category addresses lead to their tag. */
		rc = page_old_redirect(r, pool_printf(r->pool, "/tag/%s", r->route->arg), out);
		if (rc == 0)
			page_error(r, 404, "No public post carries this tag.", out);
		return rc < 0 ? -1 : 0;
	}
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, pool_printf(p, "#%s", name));
	val_set_str(p, ctx, "tag", name);
	const char *base = tag_path(r, name);
	val_set_str(p, ctx, "feed_base", base);
	page_list_val(r, ctx, &list, base, 0);
	out->cacheable = 1;
	return page_render(r, "tag", ctx, out);
}

int page_author(struct req *r, struct page_out *out)
{
	struct user_row u;
	int rc = fed_author_answer(r, r->route->arg, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = store_user_get(r->store, r->pool, r->route->arg, &u);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		page_error(r, 404, "No writer has this handle here.", out);
		return 0;
	}
	struct post_list list;
	struct list_query q = {.kind = LIST_AUTHOR, .key = u.id};
	if ((rc = read_page(r, &q, &list, out)) != 0)
		return rc < 0 ? -1 : 0;
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, pool_printf(p, "%s (@%s)", u.name, u.handle));
	struct val *a = val_set(p, ctx, "author", val_map(p));
	val_set_str(p, a, "handle", u.handle);
	val_set_str(p, a, "name", u.name);
	if (page_fediverse_val(r, u.handle, 0, a) != 0)
		return -1;
	val_set_bool(p, ctx, "copy_script", 1);
	page_fediverse_head(r, ctx, pool_printf(p, "/users/%s", u.handle), NULL);
	if (u.bio && *u.bio)
		val_set_str(p, a, "bio", u.bio);
	const char *base = pool_printf(p, "/@%s", u.handle);
	val_set_str(p, ctx, "feed_base", base);
	page_list_val(r, ctx, &list, base, 0);
	out->cacheable = 1;
	return page_render(r, "author", ctx, out);
}

int page_month(struct req *r, struct page_out *out)
{
	struct post_list list;
	struct list_query q = {
	    .kind = LIST_MONTH,
	    .from = iso_month_start(r->route->year, r->route->month),
	    .to = iso_month_start(r->route->year, r->route->month + 1),
	};
	int rc = read_page(r, &q, &list, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (list.n == 0) {
		page_error(r, 404, "Nothing was published in this month.", out);
		return 0;
	}
	struct pool *p = r->pool;
	const char *label =
	    pool_printf(p, "%s %d", iso_month_name(r->route->month), r->route->year);
	struct val *ctx = page_base(r, label);
	val_set_str(p, ctx, "month", label);
	page_list_val(r, ctx, &list,
		      pool_printf(p, "/archive/%04d/%02d", r->route->year, r->route->month), 0);
	out->cacheable = 1;
	return page_render(r, "month", ctx, out);
}

int page_archive(struct req *r, struct page_out *out)
{
	struct month_row *rows;
	size_t n;
	if (store_archive_months(r->store, r->pool, &rows, &n) != 0)
		return -1;
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, "Archive");
	struct val *years = val_set(p, ctx, "years", val_list(p));
	struct val *year = NULL, *ms = NULL;
	int current = 0;
	for (size_t i = 0; i < n; i++) {
		if (!year || current != rows[i].year) {
			current = rows[i].year;
			year = val_map(p);
			val_set_num(p, year, "year", rows[i].year);
			ms = val_set(p, year, "months", val_list(p));
			val_push(p, years, year);
		}
		struct val *m = val_map(p);
		val_set_str(p, m, "name", iso_month_name(rows[i].month));
		val_set_str(p, m, "url",
			    pool_printf(p, "/archive/%04d/%02d", rows[i].year, rows[i].month));
		val_set_num(p, m, "count", rows[i].count);
		val_set_bool(p, m, "one", rows[i].count == 1);
		val_push(p, ms, m);
	}
	val_set_bool(p, ctx, "empty", n == 0);
	out->cacheable = 1;
	return page_render(r, "archive", ctx, out);
}
