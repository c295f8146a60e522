/* page_feed: the Atom, RSS and JSON feeds of the site, a tag or a writer, and the sitemap. */
#include "feed/feed.h"
#include "route/route.h"
#include "page/page.h"
#include "store/store_comment.h"
#include "store/store_resolutions.h"
#include "post/postfile.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <string.h>

#define FEED_ENTRIES 20
/* The sitemap protocol's limit of URLs in one file. */
#define SITEMAP_MAX 50000

static const char *const feed_types[] = {
    [FEED_ATOM] = "application/atom+xml; charset=utf-8",
    [FEED_RSS] = "application/rss+xml; charset=utf-8",
    [FEED_JSON] = "application/feed+json; charset=utf-8",
};
static const char *const feed_ext[] = {
    [FEED_ATOM] = "atom", [FEED_RSS] = "rss", [FEED_JSON] = "json"};

static const char *abs_url(struct req *r, const char *path)
{
	return pool_printf(r->pool, "%s%s", r->base_url, path);
}

static const char *escaped_path(struct req *r, const char *prefix, const char *name)
{
	struct buf b = {0};
	buf_puts(&b, prefix);
	esc_url_component(&b, name, strlen(name));
	const char *s = pool_printf(r->pool, "%s%s", r->base_url, b.data);
	buf_free(&b);
	return s;
}

/* Our HTML links inside the site with href="/..." and src="/...": feed readers show entries
 * away from the site, so those become absolute. Text never holds a raw '"', so this finds
 * only attributes. */
static const char *absolute_links(struct req *r, const char *html)
{
	if (!html)
		return NULL;
	struct buf b = {0};
	const char *p = html;
	for (;;) {
		const char *h = strstr(p, " href=\"/"), *s = strstr(p, " src=\"/");
		const char *at = !h ? s : !s ? h : h < s ? h : s;
		if (!at)
			break;
		const char *slash = strchr(at, '"') + 1;
		buf_put(&b, p, (size_t)(slash - p));
		if (slash[1] != '/')
			buf_puts(&b, r->base_url);
		p = slash;
	}
	buf_puts(&b, p);
	const char *out = pool_strdup(r->pool, buf_str(&b));
	buf_free(&b);
	return out;
}

static void fill_entry(struct req *r, const struct post_row *row, int summary, struct feed_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->url = e->id = escaped_path(r, "/posts/", row->slug);
	e->title = row->title;
	if (row->author_handle) {
		e->author_name = row->author_name;
		e->author_url = escaped_path(r, "/@", row->author_handle);
	}
	e->published = row->published;
	e->updated = row->updated;
	e->tags = row->tags;
	e->ntags = row->ntags;
	const char **urls = pool_alloc(r->pool, (row->ntags + 1) * sizeof(*urls));
	for (size_t i = 0; i < row->ntags; i++)
		urls[i] = escaped_path(r, "/tag/", row->tags[i]);
	e->tag_urls = urls;
	e->content_html = summary ? NULL : absolute_links(r, row->body_html);
	e->summary_html = absolute_links(r, row->excerpt_html);
	e->unfinished = row->status == POST_UNFINISHED;
}

/* A post's comment feed: its newest published comments as entries. */
static int comment_feed(struct req *r, struct feed *f, struct page_out *out)
{
	struct pool *p = r->pool;
	struct post_row post;
	int rc = store_post_by_slug(r->store, p, r->route->arg, 0, &post);
	/* A post for members has no feed of its comments, whoever asks. */
	if (rc == 0 && post.visibility == VISIBLE_MEMBERS)
		rc = 1;
	if (rc != 0) {
		if (rc == 1)
			page_error(r, 404, "There is no post at this address.", out);
		return rc < 0 ? -1 : 1;
	}
	struct comment_row *rows;
	size_t n;
	if (store_comments_recent(r->store, p, post.id, FEED_ENTRIES, &rows, &n) != 0)
		return -1;
	const char *thread = escaped_path(r, "/posts/", post.slug);
	const char *url = abs_url(r, page_post_path(p, post.type, post.slug));
	f->title = pool_printf(p, "Comments on %s", post.title);
	f->subtitle = NULL;
	f->home_url = pool_printf(p, "%s#comments", url);
	f->self_url = pool_printf(p, "%s/comments.%s", thread, feed_ext[r->route->format]);
	f->id = f->self_url;
	struct feed_entry *entries = pool_zalloc(p, (n + 1) * sizeof(*entries));
	f->updated = post.published;
	for (size_t i = 0; i < n; i++) {
		struct feed_entry *e = &entries[i];
		/* The commenter's email never leaves the site. */
		e->url = e->id = pool_printf(p, "%s#comment-%lld", url, rows[i].id);
		e->title = pool_printf(p, "%s on %s", rows[i].name, post.title);
		e->author_name = rows[i].name;
		e->published = rows[i].created;
		e->updated = rows[i].edited > rows[i].created ? rows[i].edited : rows[i].created;
		e->content_html = rows[i].body_html;
		e->summary_html = rows[i].body_html;
		if (e->updated > f->updated)
			f->updated = e->updated;
	}
	f->entries = entries;
	f->n = n;
	return 0;
}

int page_feed(struct req *r, struct page_out *out)
{
	const struct route *rt = r->route;
	struct pool *p = r->pool;
	/* Posts for members never go into a feed, whoever asks. */
	struct list_query q = {.limit = FEED_ENTRIES, .with_body = !rt->summary, .public_only = 1};
	struct feed f = {.language = "en", .subtitle = r->site.tagline};
	const char *base_path = "";
	if (r->row->arg == FEED_POST) {
		int rc = comment_feed(r, &f, out);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		goto write;
	}
	if (r->row->arg == FEED_TAG) {
		const char *name;
		int rc = store_tag_find(r->store, p, rt->arg, &q.key, &name);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			page_error(r, 404, "No post carries this tag.", out);
			return 0;
		}
		q.kind = LIST_TAG;
		f.title = pool_printf(p, "%s: #%s", r->site.title, name);
		base_path = escaped_path(r, "/tag/", name) + strlen(r->base_url);
	} else if (r->row->arg == FEED_AUTHOR) {
		struct user_row u;
		int rc = store_user_get(r->store, p, rt->arg, &u);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			page_error(r, 404, "No writer has this handle here.", out);
			return 0;
		}
		q.kind = LIST_AUTHOR;
		q.key = u.id;
		f.title = pool_printf(p, "%s: %s (@%s)", r->site.title, u.name, u.handle);
		f.subtitle = u.bio && *u.bio ? u.bio : NULL;
		base_path = escaped_path(r, "/@", u.handle) + strlen(r->base_url);
	} else {
		q.kind = LIST_RECENT;
		f.title = r->site.title;
	}
	struct post_list list;
	if (store_list(r->store, p, &q, &list) != 0)
		return -1;
	if (q.kind == LIST_TAG && list.n == 0) {
		/* As on the tag page: a tag only drafts use is not made public here either. */
		page_error(r, 404, "No public post carries this tag.", out);
		return 0;
	}
	f.home_url = abs_url(r, *base_path ? base_path : "/");
	f.self_url =
	    abs_url(r, pool_printf(p, "%s/%s.%s", base_path, rt->summary ? "summary" : "feed",
				   feed_ext[rt->format]));
	f.id = abs_url(r, pool_printf(p, "%s/feed.%s", base_path, feed_ext[rt->format]));
	struct feed_entry *entries = pool_alloc(p, (list.n + 1) * sizeof(*entries));
	for (size_t i = 0; i < list.n; i++) {
		fill_entry(r, &list.rows[i], rt->summary, &entries[i]);
		if (list.rows[i].updated > f.updated)
			f.updated = list.rows[i].updated;
		/* A draft published without an edit is new to the feed all the same. */
		if (list.rows[i].published > f.updated)
			f.updated = list.rows[i].published;
	}
	if (!f.updated)
		f.updated = store_last_update(r->store);
	f.entries = entries;
	f.n = list.n;
write:
	if (rt->format == FEED_ATOM)
		feed_atom(&out->body, &f);
	else if (rt->format == FEED_RSS)
		feed_rss(&out->body, &f);
	else
		feed_json(&out->body, &f);
	out->status = 200;
	out->type = feed_types[rt->format];
	out->cacheable = 1;
	/* For If-Modified-Since, a post leaving the public posts (trashed, deleted, made a draft,
	 * renamed) changes the feed too, though no entry's date moves. */
	long long changed = store_meta_get_int(r->store, "public_removed_at");
	out->last_modified = changed > f.updated ? changed : f.updated;
	return 0;
}

static void sitemap_url(struct buf *b, const char *abs, long long lastmod)
{
	buf_puts(b, "<url><loc>");
	esc_html(b, abs, strlen(abs));
	buf_puts(b, "</loc>");
	if (lastmod) {
		char day[32];
		iso_date_format(lastmod, day);
		buf_printf(b, "<lastmod>%s</lastmod>", day);
	}
	buf_puts(b, "</url>\n");
}

int page_sitemap(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct post_list posts;
	struct month_row *months;
	const char **tags, **authors;
	size_t nmonths, ntags, nauthors;
	/* Listing pages first: posts fill what room the protocol's limit leaves. */
	if (store_archive_months(r->store, p, &months, &nmonths) != 0 ||
	    store_public_tags(r->store, p, &tags, &ntags) != 0 ||
	    store_public_authors(r->store, p, &authors, &nauthors) != 0)
		return -1;
	size_t fixed = 2 + nmonths + ntags + nauthors;
	int room = fixed < SITEMAP_MAX ? (int)(SITEMAP_MAX - fixed) : 0;
	if (store_public_slugs(r->store, p, room, &posts) != 0)
		return -1;
	struct buf *b = &out->body;
	long long newest = store_last_update(r->store);
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	sitemap_url(b, abs_url(r, "/"), newest);
	sitemap_url(b, abs_url(r, "/archive"), newest);
	for (size_t i = 0; i < nmonths && i + 2 < SITEMAP_MAX; i++)
		sitemap_url(b,
			    abs_url(r, pool_printf(p, "/archive/%04d/%02d", months[i].year,
						   months[i].month)),
			    0);
	for (size_t i = 0; i < ntags && i + 2 + nmonths < SITEMAP_MAX; i++)
		sitemap_url(b, escaped_path(r, "/tag/", tags[i]), 0);
	for (size_t i = 0; i < nauthors && i + 2 + nmonths + ntags < SITEMAP_MAX; i++)
		sitemap_url(b, escaped_path(r, "/@", authors[i]), 0);
	for (size_t i = 0; i < posts.n; i++)
		sitemap_url(b,
			    abs_url(r, page_post_path(p, posts.rows[i].type, posts.rows[i].slug)),
			    posts.rows[i].updated);
	/* Public resolutions, in what room is left (never one for members). */
	size_t used = fixed + posts.n;
	struct res_row *res;
	size_t nres = 0;
	if (used + 1 < SITEMAP_MAX &&
	    store_res_list(r->store, p, 0, 0, (int)(SITEMAP_MAX - used - 1), &res, &nres) != 0)
		return -1;
	if (nres)
		sitemap_url(b, abs_url(r, "/resolutions"), res[0].updated);
	for (size_t i = 0; i < nres; i++)
		sitemap_url(b, escaped_path(r, "/resolutions/", res[i].slug), res[i].updated);
	buf_puts(b, "</urlset>\n");
	out->status = 200;
	out->type = "application/xml; charset=utf-8";
	out->cacheable = 1;
	long long changed = store_meta_get_int(r->store, "public_removed_at");
	out->last_modified = changed > newest ? changed : newest;
	return 0;
}
