/* page: the public pages, each built from the store into a data tree and rendered by the theme. */
#ifndef BS_PAGE_H
#define BS_PAGE_H

#include "store/store.h"
#include "util/buf.h"

struct comment_form;
struct pool;
struct route;
struct theme;
struct val;

/* One request's view of the site: this thread's store connection and the request's pool. */
struct page_req {
	struct store *store;
	struct pool *pool;
	const struct theme *theme;
	const struct route *route;
	struct site site;
	const char *host;   /* the request's checked Host header, or NULL */
	const char *addr;   /* the client's address (for comments' rate limits and bans) */
	const char *cookie; /* the browser's comment-edit cookie (bs_edit), or NULL */
	const struct comment_form *form; /* the posted form of a comment route, or NULL */
	const char *base_url; /* set by page_build: absolute site URL without a trailing '/',
				 the site's url setting or else http:// and host */
};

/* How long a page with a comment form may be served from the cache (its form's token ages). */
#define PAGE_FORM_MAX_AGE 600

struct page_out {
	int status;	  /* HTTP status */
	const char *type; /* Content-Type */
	struct buf body;
	int cacheable; /* the same path will give the same bytes until the store changes */
	int immutable; /* may be cached by clients for a long time (versioned URL) */
	long long last_modified;  /* for Last-Modified and If-Modified-Since; 0 when unknown */
	int max_age;		  /* seconds the server may keep it cached; 0: until a change */
	const char *location;	  /* a 303's target */
	const char *set_cookie;	  /* a Set-Cookie value to send */
	const char *set_cookie2;  /* and a second one */
	const char *notice;	  /* admin pages: a message shown above the page */
	const char *allow;	  /* a 405's Allow header (default "GET, HEAD") */
	int theme_changed;	  /* the site's theme setting changed: load it again */
	const char *changed_post; /* slug of a post whose comments changed: drop its pages */
};

/*
 * Builds the page for r->route into out (out->body must be empty). Returns 0, or -1 when the
 * store failed; out then holds a 500 page.
 */
int page_build(struct page_req *r, struct page_out *out);

/* The heading of an error page for an HTTP status ("Page not found"); "Error" if unknown. */
const char *page_status_title(int status);
/* Renders the theme's error page for status (400, 404, 405, 413, 414, 500) with a message. */
void page_error(struct page_req *r, int status, const char *message, struct page_out *out);

/* Shared by the page files: the context every template gets (site, title, stylesheet). */
struct val *page_base(struct page_req *r, const char *title);
/* prefix followed by name %-escaped as one path segment ("/posts/" and a slug), in p. */
const char *page_url(struct pool *p, const char *prefix, const char *name);
/* A time as templates use it: {iso, human}. */
struct val *page_date_val(struct pool *p, long long t);
/* A post as listings and the post page show it. */
struct val *page_post_val(struct page_req *r, const struct post_row *p);
/* Adds "posts" and the newer/older links (base is the listing's path, cursors are added). */
void page_list_val(struct page_req *r, struct val *ctx, const struct post_list *list,
		   const char *base);
int page_render(struct page_req *r, const char *tmpl, struct val *ctx, struct page_out *out);

int page_home(struct page_req *r, struct page_out *out);
int page_post(struct page_req *r, struct page_out *out);
int page_tag(struct page_req *r, struct page_out *out);
int page_author(struct page_req *r, struct page_out *out);
int page_archive(struct page_req *r, struct page_out *out);
int page_month(struct page_req *r, struct page_out *out);
int page_robots(struct page_req *r, struct page_out *out);
int page_style(struct page_req *r, struct page_out *out);
int page_feed(struct page_req *r, struct page_out *out);
int page_search(struct page_req *r, struct page_out *out);
int page_sitemap(struct page_req *r, struct page_out *out);
int page_moderation(struct page_req *r, struct page_out *out);
int page_comment_reply(struct page_req *r, struct page_out *out);
int page_comment_edit(struct page_req *r, struct page_out *out);
/* R_COMMENT_NEW and R_COMMENT_EDIT with r->form: a 303 on success, else the form again. */
int page_comment_submit(struct page_req *r, struct page_out *out);
/* Adds a post's comment thread, count and form to its data tree (page_post). */
int page_comments_val(struct page_req *r, const struct post_row *post, struct val *v);

#endif
