/* page: what every public page shares: its frame, dates, post summaries, lists, errors. */
#include "page/page.h"
#include "fed/json.h"
#include "route/route.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "render/mustache.h"
#include "render/theme.h"
#include "render/val.h"
#include "store/store_journal.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

const char *page_post_path(struct pool *p, int type, const char *slug)
{
	struct buf b = {0};
	publish_path(&b, type, slug);
	const char *s = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The site's pages for the masthead: {url, title, current}. */
static void nav_val(struct req *r, struct val *site)
{
	struct post_row *rows;
	size_t n;
	if (!r->store || store_pages_nav(r->store, r->pool, PAGE_NAV_MAX, &rows, &n) != 0 || !n)
		return;
	struct pool *p = r->pool;
	val_set_bool(p, site, "has_pages", 1);
	struct val *list = val_set(p, site, "pages", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		const char *url = page_post_path(p, POST_TYPE_PAGE, rows[i].slug);
		val_set_str(p, v, "url", url);
		val_set_str(p, v, "title", rows[i].title);
		val_set_bool(p, v, "current", r->path && strcmp(r->path, url) == 0);
		val_push(p, list, v);
	}
}

struct val *page_base(struct req *r, const char *title)
{
	struct pool *p = r->pool;
	struct val *ctx = val_map(p);
	struct val *site = val_set(p, ctx, "site", val_map(p));
	val_set_str(p, site, "title", r->site.title);
	val_set_str(p, site, "tagline", r->site.tagline);
	val_set_str(p, site, "author_line", r->site.author_line);
	nav_val(r, site);
	/* The press's own actor, for the foot of every page. */
	char host[300];
	if (r->base_url && fed_url_host(r->base_url, 1, host, sizeof(host)) == 0)
		val_set_str(p, site, "fediverse",
			    pool_printf(p, "@%s@%s", r->site.fediverse_handle, host));
	if (title && *title)
		val_set_str(p, ctx, "page_title", pool_printf(p, "%s – %s", title, r->site.title));
	else
		val_set_str(p, ctx, "page_title", r->site.title);
	val_set_str(p, ctx, "css_version", theme_css_version(r->theme));
	/* The journal is in the site's menu once it has an issue for everyone. */
	val_set_bool(p, ctx, "has_journal", r->store && store_issue_any_public(r->store) == 1);
	return ctx;
}

struct val *page_date_val(struct pool *p, long long t)
{
	char iso[32], human[32];
	struct val *d = val_map(p);
	iso_date_format(t, iso);
	human_date_format(t, human);
	val_set_str(p, d, "iso", iso);
	val_set_str(p, d, "human", human);
	return d;
}

const char *page_url(struct pool *p, const char *prefix, const char *name)
{
	struct buf b = {0};
	buf_puts(&b, prefix);
	esc_url_component(&b, name, strlen(name));
	const char *s = pool_strdup(p, b.data);
	buf_free(&b);
	return s;
}

struct val *page_post_val(struct req *r, const struct post_row *row)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	/* Every key the post templates read is set, null when it does not apply: lists of
	 * posts nest inside pages, and Mustache would find a missing key further up. */
	val_set_str(p, v, "title", row->title);
	val_set_str(p, v, "url", page_post_path(p, row->type, row->slug));
	/* A page shows no date line (every key is set: the context stack would find another). */
	val_set_bool(p, v, "is_page", row->type == POST_TYPE_PAGE);
	val_set_bool(p, v, "sticky", row->sticky);
	val_set(p, v, "published", page_date_val(p, row->published));
	/* Small fixes right after publishing are not worth an "updated" line. */
	val_set(p, v, "updated",
		row->updated > row->published + 3600 ? page_date_val(p, row->updated)
						     : val_null(p));
	val_set_bool(p, v, "unfinished", row->status == POST_UNFINISHED);
	val_set_bool(p, v, "draft", row->status == POST_DRAFT);
	/* A post for members shows others its title, writer and date, and a note: none of its
	 * text, not even the excerpt. */
	int closed = row->visibility == VISIBLE_MEMBERS && !r->reader_member;
	val_set_bool(p, v, "members_only", row->visibility == VISIBLE_MEMBERS);
	val_set_bool(p, v, "closed_to_reader", closed);
	val_set(p, v, "excerpt",
		row->excerpt_html && !closed ? val_str(p, row->excerpt_html) : val_null(p));
	val_set_bool(p, v, "has_more", row->has_more && !closed);
	val_set(p, v, "body", row->body_html && !closed ? val_str(p, row->body_html) : val_null(p));
	struct val *a = val_null(p);
	if (row->author_handle) {
		a = val_map(p);
		val_set_str(p, a, "handle", row->author_handle);
		val_set_str(p, a, "name", row->author_name);
		val_set_str(p, a, "url", page_url(p, "/@", row->author_handle));
	}
	val_set(p, v, "author", a);
	val_set_bool(p, v, "has_tags", row->ntags > 0);
	struct val *tags = val_set(p, v, "tags", val_list(p));
	for (size_t i = 0; i < row->ntags; i++) {
		struct val *t = val_map(p);
		val_set_str(p, t, "name", row->tags[i]);
		val_set_str(p, t, "url", page_url(p, "/tag/", row->tags[i]));
		val_push(p, tags, t);
	}
	struct val *s = val_null(p);
	if (row->series) {
		s = val_map(p);
		val_set_str(p, s, "name", row->series);
		val_set(p, s, "part", row->part ? val_num(p, row->part) : val_null(p));
	}
	val_set(p, v, "series", s);
	val_set_num(p, v, "words", row->words);
	val_set_num(p, v, "comment_count", row->comment_count);
	val_set_bool(p, v, "one_comment", row->comment_count == 1);
	return v;
}

void page_list_val(struct req *r, struct val *ctx, const struct post_list *list, const char *base,
		   int hide_sticky)
{
	struct pool *p = r->pool;
	struct val *posts = val_set(p, ctx, "posts", val_list(p));
	for (size_t i = 0; i < list->n; i++)
		if (!(hide_sticky && list->rows[i].sticky))
			val_push(p, posts, page_post_val(r, &list->rows[i]));
	if (list->n == 0 || (!list->more && !list->newer))
		return;
	struct val *nav = val_set(p, ctx, "pagination", val_map(p));
	const struct post_row *first = &list->rows[0], *last = &list->rows[list->n - 1];
	/* In the path, not the query: a static copy of the site serves the same links. */
	const char *sep = base[strlen(base) - 1] == '/' ? "" : "/";
	if (list->newer)
		val_set_str(
		    p, nav, "newer_url",
		    pool_printf(p, "%s%snewer/%lld.%lld", base, sep, first->published, first->id));
	if (list->more)
		val_set_str(
		    p, nav, "older_url",
		    pool_printf(p, "%s%solder/%lld.%lld", base, sep, last->published, last->id));
}

int page_render(struct req *r, const char *tmpl, struct val *ctx, struct page_out *out)
{
	if (!out->status)
		out->status = 200;
	if (!out->type)
		out->type = "text/html; charset=utf-8";
	return tmpl_render(theme_templates(r->theme), tmpl, ctx, &out->body);
}

const char *page_status_title(int status)
{
	static const struct {
		int status;
		const char *title;
	} titles[] = {
	    {400, "Bad request"},
	    {401, "Please sign in"},
	    {403, "Not allowed"},
	    {404, "Page not found"},
	    {405, "Method not allowed"},
	    {409, "Not possible now"},
	    {410, "Gone"},
	    {413, "Request too large"},
	    {414, "Address too long"},
	    {415, "Not an accepted type"},
	    {429, "Too many tries"},
	    {500, "Something went wrong"},
	};
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (titles[i].status == status)
			return titles[i].title;
	return "Error";
}

void page_error(struct req *r, int status, const char *message, struct page_out *out)
{
	const char *title = page_status_title(status);
	buf_reset(&out->body);
	out->status = status;
	out->type = "text/html; charset=utf-8";
	out->cacheable = 0;
	struct val *ctx = page_base(r, title);
	val_set_str(r->pool, ctx, "title", title);
	val_set_str(r->pool, ctx, "message", message);
	val_set_num(r->pool, ctx, "status", status);
	if (tmpl_render(theme_templates(r->theme), status == 404 ? "404" : "error", ctx,
			&out->body) != 0) {
		buf_reset(&out->body);
		buf_printf(&out->body, "<!DOCTYPE html><title>%d</title><p>%d</p>\n", status,
			   status);
	}
}
