/* mirror: the press crawled through its own route table from the home page and the addresses
 * no page links to (feeds, old addresses, media), each answer written as a file, and the
 * search's index beside them. */
#include "mirror/mirror_int.h"
#include "press/press.h"
#include "req/req.h"
#include "route/route.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "store/store_mirror.h"
#include "util/embedded.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A search entry keeps this much of a post's text. */
#define SEARCH_TEXT_MAX 20000

struct crawl {
	struct press *press;
	const char *base;    /* the mirror's address, no trailing '/' */
	const char *live;    /* the press's own, when it is another; else NULL */
	struct strset *seen; /* every path queued */
	char **queue;	     /* paths to render, %-escaped as linked */
	size_t head, n, cap;
	struct mirror_out *out;
	struct mirror_stats *st;
	char *err;
	size_t errlen;
};

static int cfail(struct crawl *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int cfail(struct crawl *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void enqueue(void *ud, const char *path, size_t n)
{
	struct crawl *c = ud;
	if (n == 0 || n > ROUTE_MAX_PATH)
		return;
	if (!strset_add(c->seen, path, n))
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 4096;
		c->queue = xrealloc(c->queue, c->cap * sizeof(*c->queue));
	}
	c->queue[c->n++] = xstrndup(path, n);
}

static void enqueue_str(struct crawl *c, const char *path)
{
	enqueue(c, path, strlen(path));
}

/* Old addresses and renamed slugs: no page links to them, yet readers have them. */
static int old_slug(void *ud, const struct store_val *v)
{
	struct crawl *c = ud;
	struct buf b = {0};
	buf_puts(&b, "/posts/");
	buf_put(&b, v[0].s, v[0].len);
	enqueue(c, b.data, b.len);
	buf_reset(&b);
	buf_putc(&b, '/');
	buf_put(&b, v[0].s, v[0].len);
	enqueue(c, b.data, b.len);
	buf_free(&b);
	return 0;
}

static int old_path(void *ud, const struct store_val *v)
{
	/* "?p=12" needs a query, which a static host does not answer by. */
	if (v[0].len && v[0].s[0] == '/') {
		struct buf b = {0};
		for (size_t i = 0; i < v[0].len; i++) {
			unsigned char ch = (unsigned char)v[0].s[i];
			if (ch == '/' || ch >= 0x80 || strchr("-._~", ch) ||
			    (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
				buf_putc(&b, (char)ch);
			else
				buf_printf(&b, "%%%02X", ch);
		}
		enqueue(ud, b.data, b.len);
		buf_free(&b);
	}
	return 0;
}

static int medium(void *ud, const struct store_val *v)
{
	char path[128];
	snprintf(path, sizeof(path), "/media/%.64s.%.4s", v[0].s, v[1].s);
	enqueue_str(ud, path);
	return 0;
}

static int seed(struct crawl *c, struct store *s)
{
	static const char *const fixed[] = {
	    "/",	  "/robots.txt",   "/sitemap.xml", "/style.css",    "/archive",
	    "/search",	  "/moderation",   "/journal",	   "/feed.atom",    "/feed.rss",
	    "/feed.json", "/summary.atom", "/summary.rss", "/summary.json", NULL,
	};
	for (int i = 0; fixed[i]; i++)
		enqueue_str(c, fixed[i]);
	if (store_copy_each(s, &store_copy_old_slugs, old_slug, c) != 0 ||
	    store_copy_each(s, &store_copy_old_paths, old_path, c) != 0 ||
	    store_copy_each(s, &store_copy_media, medium, c) != 0)
		return cfail(c, "database: %s", store_errmsg(s));
	return 0;
}

/* A redirect's target as a path of the mirror when it is one (absolute under base). */
static const char *target_of(struct crawl *c, const char *location)
{
	size_t bl = strlen(c->base);
	if (strncmp(location, c->base, bl) == 0 && (location[bl] == '/' || !location[bl]))
		return location[bl] ? location + bl : "/";
	return location;
}

/* One path: rendered, its links followed, written. */
static int visit(struct crawl *c, const char *path)
{
	struct pool *p = pool_new();
	struct page_out out;
	const struct route_row *row;
	struct buf name = {0}, html = {0};
	int rc = 0;
	if (mirror_render(c->press, c->base, path, p, &out, &row) != 0) {
		rc = cfail(c, "%s: the page could not be made: the database failed", path);
		goto done;
	}
	const char *decoded = route_decode(path, strlen(path), 0, p);
	int is_page = out.type && strncmp(out.type, "text/html", 9) == 0;
	if (!decoded || (row && (row->flags & RF_FALLBACK) && out.status == 200))
		goto done;
	if ((out.status == 301 || out.status == 303) && out.location) {
		const char *to = target_of(c, out.location);
		if (mirror_file_name(decoded, 1, &name) != 0)
			goto done;
		if (to[0] == '/')
			enqueue_str(c, to);
		mirror_redirect_page(to, &html);
		rc = mirror_put(c->out, name.data, html.data, html.len, c->err, c->errlen);
		c->st->redirects++;
		goto done;
	}
	if (out.status != 200 || mirror_file_name(decoded, is_page, &name) != 0)
		goto done;
	if (out.fd >= 0) {
		rc = mirror_put_fd(c->out, name.data, out.fd, out.fd_size, c->err, c->errlen);
		c->st->files++;
		goto done;
	}
	const char *body = buf_str(&out.body);
	size_t len = out.body.len;
	if (!is_page) {
		if (strcmp(decoded, "/sitemap.xml") == 0)
			mirror_links(body, len, c->base, 1, enqueue, c);
		rc = mirror_put(c->out, name.data, body, len, c->err, c->errlen);
		c->st->files++;
		goto done;
	}
	mirror_links(body, len, c->base, 0, enqueue, c);
	mirror_forms(body, len, c->live, &html);
	if (strcmp(decoded, "/search") == 0) {
		struct buf with = {0};
		mirror_search_scripts(html.data, html.len, &with);
		buf_free(&html);
		html = with;
	}
	rc = mirror_put(c->out, name.data, html.data, html.len, c->err, c->errlen);
	c->st->pages++;
done:
	if (out.fd >= 0)
		close(out.fd);
	buf_free(&out.body);
	buf_free(&name);
	buf_free(&html);
	pool_free(p);
	return rc;
}

/* The page a static host shows for an address it does not have. */
static int not_found(struct crawl *c)
{
	struct pool *p = pool_new();
	struct page_out out;
	const struct route_row *row;
	int rc = mirror_render(c->press, c->base, "/posts/.404", p, &out, &row);
	struct buf html = {0};
	if (rc == 0) {
		mirror_forms(buf_str(&out.body), out.body.len, c->live, &html);
		rc = mirror_put(c->out, "404.html", html.data, html.len, c->err, c->errlen);
	} else {
		cfail(c, "the 404 page could not be made: the database failed");
	}
	if (out.fd >= 0)
		close(out.fd);
	buf_free(&out.body);
	buf_free(&html);
	pool_free(p);
	return rc;
}

struct index {
	json_t *list;
	struct mirror_stats *st;
};

static int index_entry(void *ud, const struct mirror_text *t)
{
	struct index *ix = ud;
	struct buf url = {0};
	char day[32];
	iso_day_format(t->published, day);
	buf_puts(&url, t->type ? "/" : "/posts/");
	buf_puts(&url, t->slug);
	size_t n = strlen(t->text);
	if (n > SEARCH_TEXT_MAX) {
		n = SEARCH_TEXT_MAX;
		while (n && ((unsigned char)t->text[n] & 0xc0) == 0x80)
			n--;
	}
	json_t *e = json_array();
	json_array_append_new(e, json_string(url.data));
	json_array_append_new(e, json_string(t->title));
	json_array_append_new(e, json_string(t->type ? "" : day));
	json_array_append_new(e, json_string(t->tags));
	json_array_append_new(e, json_stringn(t->text, n));
	json_array_append_new(ix->list, e);
	ix->st->search_entries++;
	buf_free(&url);
	return 0;
}

/* search-index.js (every public post's address, title, day, tags and text) and search.js. */
static int search_files(struct crawl *c, struct store *s)
{
	struct index ix = {json_array(), c->st};
	if (store_mirror_texts(s, index_entry, &ix) != 0) {
		json_decref(ix.list);
		return cfail(c, "database: %s", store_errmsg(s));
	}
	char *text = json_dumps(ix.list, JSON_COMPACT);
	json_decref(ix.list);
	struct buf b = {0};
	buf_puts(&b, "/* The press's public posts, for its static copy's search (search.js). */\n"
		     "window.BROADSIDE_SEARCH = ");
	buf_puts(&b, text ? text : "[]");
	buf_puts(&b, ";\n");
	free(text);
	int rc = mirror_put(c->out, "search-index.js", b.data, b.len, c->err, c->errlen);
	buf_free(&b);
	for (const struct embedded_file *f = static_files; rc == 0 && f->name; f++)
		if (strcmp(f->name, "search.js") == 0)
			rc = mirror_put(c->out, "search.js", f->data, f->len, c->err, c->errlen);
	return rc;
}

/* The address without its trailing slashes, in p; NULL when it is not http(s). */
static const char *trim_url(struct pool *p, const char *url)
{
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	if (!n || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
		return NULL;
	return pool_strndup(p, url, n);
}

int mirror_write(const struct mirror_opts *o, struct mirror_stats *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof(*st));
	struct press_opts po = {.data_dir = o->data_dir, .slots = 1, .quiet = 1};
	struct press_set *set = press_set_open(&po, err, errlen);
	if (!set)
		return -1;
	struct crawl c = {.st = st, .err = err, .errlen = errlen, .seen = strset_new()};
	struct pool *p = pool_new();
	struct site site;
	int rc = 0;
	c.press = press_set_find(set, NULL);
	struct store *s = c.press ? press_store(c.press) : NULL;
	if (!s || !press_theme(c.press) || store_site_get(s, p, &site) != 0)
		rc = cfail(&c, "%s: the press cannot be opened", o->data_dir);
	if (rc == 0) {
		const char *want = o->base_url ? o->base_url : site.url;
		c.base = trim_url(p, want);
		c.live = site.url[0] ? trim_url(p, site.url) : NULL;
		if (!c.base && *want)
			rc = cfail(&c, "the address '%s' is not http:// or https://", want);
		else if (!c.base)
			rc = cfail(&c, "the press has no url setting: give the mirror's address "
				       "with --base-url https://...");
		if (c.live && c.base && strcmp(c.live, c.base) == 0)
			c.live = NULL;
	}
	if (rc == 0)
		rc = mirror_out_open(o->out_dir, st, &c.out, err, errlen);
	int snapshot = 0;
	if (rc == 0 && store_mirror_begin(s) != 0)
		rc = cfail(&c, "%s: the press cannot be read: %s", o->data_dir, store_errmsg(s));
	else if (rc == 0)
		snapshot = 1;
	if (rc == 0)
		rc = seed(&c, s);
	while (rc == 0 && c.head < c.n) {
		char *path = c.queue[c.head++];
		rc = visit(&c, path);
		if (rc == 0 && c.n > MIRROR_MAX_PATHS)
			rc = cfail(&c, "the press has more than %d addresses", MIRROR_MAX_PATHS);
	}
	if (rc == 0)
		rc = not_found(&c);
	if (rc == 0)
		rc = search_files(&c, s);
	if (snapshot)
		store_mirror_end(s);
	char scratch[256];
	if (c.out && mirror_out_close(c.out, rc == 0, rc == 0 ? err : scratch,
				      rc == 0 ? errlen : sizeof(scratch)) != 0)
		rc = -1;
	for (size_t i = 0; i < c.n; i++)
		free(c.queue[i]);
	free(c.queue);
	strset_free(c.seen);
	pool_free(p);
	press_set_close(set);
	return rc;
}
