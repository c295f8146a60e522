/* page: what every public page shares: its frame, dates, post summaries, lists, errors. */
#include "page/page.h"
#include "fed/json.h"
#include "press/settings.h"
#include "route/route.h"
#include "post/postfile.h"
#include "render/markdown.h"
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

const char *page_favicon_url(struct req *r)
{
	if (*r->site.favicon)
		return r->site.favicon;
	return pool_printf(r->pool, "/favicon.png?v=%s", theme_favicon_version(r->theme));
}

/* Whether url is the page this request shows: a listing's older or newer page is not it. */
static int is_here(const struct req *r, const char *url)
{
	return r->path && strcmp(r->path, url) == 0 && !(r->route && r->route->at.dir);
}

/* The site's navigation: the owner's menu (1), or Home, Archive, the journal and Resolutions (0),
 * which the pages' own navigation follows. */
static int menu_val(struct req *r, struct val *site, int has_journal)
{
	struct pool *p = r->pool;
	struct menu_item *items = NULL;
	size_t n = 0;
	char err[200];
	if (*r->site.menu && menu_parse(r->site.menu, p, &items, &n, err, sizeof(err)) != 0)
		n = 0;
	int own = n > 0;
	if (!own) {
		/* Home, Archive, the journal when it has a public issue, Resolutions. */
		static const struct menu_item defaults[] = {{"Home", "/"},
							    {"Archive", "/archive"},
							    {"Journal", "/journal"},
							    {"Resolutions", "/resolutions"}};
		items = (struct menu_item *)defaults;
		n = 4;
	}
	struct val *list = val_set(p, site, "menu", val_list(p));
	for (size_t i = 0; i < n; i++) {
		if (!own && i == 2 && !has_journal)
			continue;
		struct val *v = val_map(p);
		val_set_str(p, v, "label", items[i].label);
		val_set_str(p, v, "url", items[i].url);
		val_set_bool(p, v, "current", is_here(r, items[i].url));
		val_push(p, list, v);
	}
	return own;
}

/* The decoded path of the request written for a URL: each byte outside what a path may hold
 * as it is %-encoded. */
static const char *path_url(struct pool *p, const char *path)
{
	static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				   "-._~/@:!$&'()*+,;=";
	struct buf b = {0};
	for (const char *c = path ? path : "/"; *c; c++)
		if (strchr(keep, *c))
			buf_putc(&b, *c);
		else
			buf_printf(&b, "%%%02X", (unsigned char)*c);
	const char *s = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s;
}

const char *page_post_path(struct pool *p, int type, const char *slug)
{
	struct buf b = {0};
	publish_path(&b, type, slug);
	const char *s = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s;
}

/* An absolute URL of a path of this site (an absolute URL stays as it is). */
static const char *absolute(struct req *r, const char *url)
{
	if (url[0] != '/')
		return url;
	return pool_printf(r->pool, "%s%s", r->base_url ? r->base_url : "", url);
}

void page_meta(struct req *r, struct val *ctx, const struct page_meta *m)
{
	struct pool *p = r->pool;
	struct val *v = val_set(p, ctx, "share", val_map(p));
	const char *path = m->path ? m->path : path_url(p, r->path);
	val_set_str(p, v, "url", absolute(r, path));
	val_set_str(p, v, "title", m->title && *m->title ? m->title : r->site.title);
	const char *d = m->description && *m->description ? m->description : r->site.tagline;
	val_set(p, v, "description", *d ? val_str(p, d) : val_null(p));
	/* The page's own image, else the site's, else the theme's icon (square, so a small
	 * card). */
	const char *image = m->image && *m->image ? m->image : r->site.image;
	val_set_str(p, v, "image", absolute(r, *image ? image : page_favicon_url(r)));
	val_set_str(p, v, "card", *image ? "summary_large_image" : "summary");
	val_set_str(p, v, "type", m->article ? "article" : "website");
	struct val *a = val_null(p);
	if (m->article) {
		char iso[32];
		a = val_map(p);
		iso_date_format(m->published, iso);
		val_set_str(p, a, "published", iso);
		iso_date_format(m->modified, iso);
		val_set_str(p, a, "modified", iso);
		val_set(p, a, "author",
			m->author_path ? val_str(p, absolute(r, m->author_path)) : val_null(p));
	}
	val_set(p, v, "article", a);
}

static int block_tag(const char *name)
{
	static const char *const blocks[] = {"p",  "li", "br",	   "h1",	 "h2",	  "h3",
					     "h4", "h5", "h6",	   "div",	 "tr",	  "td",
					     "th", "ul", "ol",	   "blockquote", "pre",	  "hr",
					     "dd", "dt", "figure", "figcaption", "table", NULL};
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
	for (size_t i = 0; blocks[i]; i++)
		if (strlen(blocks[i]) == n && strncmp(name, blocks[i], n) == 0)
			return 1;
	return 0;
}

const char *page_text_of_html(struct pool *p, const char *html, size_t max)
{
	static const struct {
		const char *entity, *text;
	} entities[] = {{"&amp;", "&"}, {"&lt;", "<"},	 {"&gt;", ">"},	 {"&quot;", "\""},
			{"&#39;", "'"}, {"&#x27;", "'"}, {"&nbsp;", " "}};
	struct buf b = {0};
	int space = 1;
	for (const char *c = html ? html : ""; *c && b.len < max + 8;) {
		if (*c == '<') {
			const char *end = strchr(c, '>');
			if (!end)
				break;
			/* Blocks are apart in the text; inline elements run on. */
			if (!space && block_tag(c + 1 + (c[1] == '/')))
				buf_putc(&b, ' '), space = 1;
			c = end + 1;
			continue;
		}
		if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r') {
			if (!space)
				buf_putc(&b, ' '), space = 1;
			c++;
			continue;
		}
		size_t i = 0, n = sizeof(entities) / sizeof(entities[0]);
		while (*c == '&' && i < n &&
		       strncmp(c, entities[i].entity, strlen(entities[i].entity)))
			i++;
		if (*c == '&' && i < n) {
			buf_puts(&b, entities[i].text);
			c += strlen(entities[i].entity);
		} else {
			buf_putc(&b, *c++);
		}
		space = 0;
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.len--;
	if (b.len > max) {
		/* Cut on a word, never inside a character. */
		size_t cut = max;
		while (cut > max / 2 && b.data[cut] != ' ')
			cut--;
		while (cut && ((unsigned char)b.data[cut] & 0xc0) == 0x80)
			cut--;
		b.len = cut;
		while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == ','))
			b.len--;
		buf_puts(&b, "…");
	}
	const char *s = pool_strndup(p, b.data ? b.data : "", b.len);
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
		val_set_bool(p, v, "current", is_here(r, url));
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
	val_set_str(p, site, "favicon", page_favicon_url(r));
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
	int journal = r->store && store_issue_any_public(r->store) == 1;
	val_set_bool(p, ctx, "has_journal", journal);
	/* The owner's menu is the whole navigation; without one, the pages follow the default. */
	if (!menu_val(r, site, journal))
		nav_val(r, site);
	page_meta(r, ctx, &(struct page_meta){.title = title});
	return ctx;
}

static int known_user(void *ud, const char *handle, size_t len)
{
	return store_user_exists(ud, handle, len);
}

void page_author_val(struct req *r, const struct user_row *u, struct val *a)
{
	struct pool *p = r->pool;
	val_set_str(p, a, "handle", u->handle);
	val_set_str(p, a, "name", u->name);
	val_set_str(p, a, "url", page_url(p, "/@", u->handle));
	struct val *bio = val_null(p);
	if (u->bio && *u->bio) {
		/* A writer's own text, rendered as their posts are. */
		struct md_opts o = {.user_exists = known_user, .ud = r->store};
		struct buf b = {0};
		if (md_render(u->bio, strlen(u->bio), &o, &b, NULL) == 0)
			bio = val_str(p, buf_str(&b));
		buf_free(&b);
	}
	val_set(p, a, "bio", bio);
	val_set(p, a, "avatar", u->avatar && *u->avatar ? val_str(p, u->avatar) : val_null(p));
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
	val_set_num(p, v, "minutes", publish_reading_minutes(row->words));
	/* The featured image, shown to those who may read the post. */
	val_set(p, v, "image", row->image && !closed ? val_str(p, row->image) : val_null(p));
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
