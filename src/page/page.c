/* page: routing a matched request to its page builder, and what every page shares. */
#include "page/page.h"
#include "http/route.h"
#include "post/postfile.h"
#include "render/mustache.h"
#include "render/theme.h"
#include "render/val.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

typedef int (*page_fn)(struct page_req *, struct page_out *);

static const page_fn pages[] = {
    [R_HOME] = page_home,
    [R_POST] = page_post,
    [R_TAG] = page_tag,
    [R_AUTHOR] = page_author,
    [R_ARCHIVE] = page_archive,
    [R_MONTH] = page_month,
    [R_ROBOTS] = page_robots,
    [R_STYLE] = page_style,
    [R_FEED] = page_feed,
    [R_SEARCH] = page_search,
    [R_SITEMAP] = page_sitemap,
    [R_MODERATION] = page_moderation,
    [R_COMMENT_REPLY] = page_comment_reply,
    [R_COMMENT_EDIT] = page_comment_edit,
};

struct val *page_base(struct page_req *r, const char *title)
{
	struct pool *p = r->pool;
	struct val *ctx = val_map(p);
	struct val *site = val_set(p, ctx, "site", val_map(p));
	val_set_str(p, site, "title", r->site.title);
	val_set_str(p, site, "tagline", r->site.tagline);
	val_set_str(p, site, "author_line", r->site.author_line);
	if (title && *title)
		val_set_str(p, ctx, "page_title", pool_printf(p, "%s – %s", title, r->site.title));
	else
		val_set_str(p, ctx, "page_title", r->site.title);
	val_set_str(p, ctx, "css_version", theme_css_version(r->theme));
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

struct val *page_post_val(struct page_req *r, const struct post_row *row)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	val_set_str(p, v, "title", row->title);
	val_set_str(p, v, "url", page_url(p, "/posts/", row->slug));
	val_set(p, v, "published", page_date_val(p, row->published));
	/* Small fixes right after publishing are not worth an "updated" line. */
	if (row->updated > row->published + 3600)
		val_set(p, v, "updated", page_date_val(p, row->updated));
	val_set_bool(p, v, "unfinished", row->status == POST_UNFINISHED);
	val_set_bool(p, v, "draft", row->status == POST_DRAFT);
	if (row->excerpt_html)
		val_set_str(p, v, "excerpt", row->excerpt_html);
	val_set_bool(p, v, "has_more", row->has_more);
	if (row->body_html)
		val_set_str(p, v, "body", row->body_html);
	if (row->author_handle) {
		struct val *a = val_set(p, v, "author", val_map(p));
		val_set_str(p, a, "handle", row->author_handle);
		val_set_str(p, a, "name", row->author_name);
		val_set_str(p, a, "url", page_url(p, "/@", row->author_handle));
	}
	val_set_bool(p, v, "has_tags", row->ntags > 0);
	if (row->ntags) {
		struct val *tags = val_set(p, v, "tags", val_list(p));
		for (size_t i = 0; i < row->ntags; i++) {
			struct val *t = val_map(p);
			val_set_str(p, t, "name", row->tags[i]);
			val_set_str(p, t, "url", page_url(p, "/tag/", row->tags[i]));
			val_push(p, tags, t);
		}
	}
	if (row->series) {
		struct val *s = val_set(p, v, "series", val_map(p));
		val_set_str(p, s, "name", row->series);
		val_set_num(p, s, "part", row->part);
	}
	val_set_num(p, v, "words", row->words);
	val_set_num(p, v, "comment_count", row->comment_count);
	val_set_bool(p, v, "one_comment", row->comment_count == 1);
	return v;
}

void page_list_val(struct page_req *r, struct val *ctx, const struct post_list *list,
		   const char *base)
{
	struct pool *p = r->pool;
	struct val *posts = val_set(p, ctx, "posts", val_list(p));
	for (size_t i = 0; i < list->n; i++)
		val_push(p, posts, page_post_val(r, &list->rows[i]));
	if (list->n == 0 || (!list->more && !list->newer))
		return;
	struct val *nav = val_set(p, ctx, "pagination", val_map(p));
	const struct post_row *first = &list->rows[0], *last = &list->rows[list->n - 1];
	if (list->newer)
		val_set_str(
		    p, nav, "newer_url",
		    pool_printf(p, "%s?after=%lld.%lld", base, first->published, first->id));
	if (list->more)
		val_set_str(p, nav, "older_url",
			    pool_printf(p, "%s?before=%lld.%lld", base, last->published, last->id));
}

int page_render(struct page_req *r, const char *tmpl, struct val *ctx, struct page_out *out)
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
	    {400, "Bad request"},	   {401, "Please sign in"},
	    {403, "Not allowed"},	   {404, "Page not found"},
	    {405, "Method not allowed"},   {409, "Not possible now"},
	    {413, "Request too large"},	   {414, "Address too long"},
	    {415, "Not an accepted type"}, {429, "Too many tries"},
	    {500, "Something went wrong"},
	};
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (titles[i].status == status)
			return titles[i].title;
	return "Error";
}

void page_error(struct page_req *r, int status, const char *message, struct page_out *out)
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

int page_build(struct page_req *r, struct page_out *out)
{
	enum route_id id = r->route->id;
	if (store_site_get(r->store, r->pool, &r->site) != 0) {
		page_error(r, 500, "The site could not read its database. Please try again.", out);
		return -1;
	}
	size_t ulen = strlen(r->site.url);
	while (ulen && r->site.url[ulen - 1] == '/')
		ulen--;
	if (ulen)
		r->base_url = pool_strndup(r->pool, r->site.url, ulen);
	else
		r->base_url = pool_printf(r->pool, "http://%s", r->host ? r->host : "localhost");
	if (id == R_BAD || r->route->bad_query) {
		page_error(r, 400,
			   "The address is not valid: it has a broken %-escape or invalid UTF-8.",
			   out);
		return 0;
	}
	if (!r->form && (id >= sizeof(pages) / sizeof(pages[0]) || !pages[id])) {
		page_error(r, 404, "There is nothing at this address.", out);
		return 0;
	}
	if ((r->form ? page_comment_submit(r, out) : pages[id](r, out)) < 0) {
		page_error(r, 500, "The site could not read its database. Please try again.", out);
		return -1;
	}
	return 0;
}
