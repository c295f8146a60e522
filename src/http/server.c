/* server: the HTTP side of `broadside serve`: libmicrohttpd, the page cache and shutdown. */
#include "http/server.h"
#include "admin/admin.h"
#include "admin/form.h"
#include "http/cache.h"
#include "http/forwarded.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "http/route.h"
#include "page/page.h"
#include "render/theme.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "comment/comment.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sys/stat.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <malloc.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Bodies below this are sent as they are: gzip would save too little to pay for itself. */
#define GZIP_MIN 256
#define MAX_CONNECTIONS 1024

static const char csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self' https: http: data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/* The admin pages run one script of ours (the editor's autosave). */
static const char admin_csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self' https: http: data:; "
    "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

/* How stale a cached page may be after another process commits: checking SQLite's
 * data_version costs a read transaction (two fcntl locks and an fstat), a quarter of the
 * work of a cached request, so one thread checks at most this often for all. */
#define CHANGE_CHECK_NS 200000

struct server {
	const struct server_opts *o;
	struct store *watch; /* the connection that watches for commits, under watch_lock */
	pthread_mutex_t watch_lock;
	atomic_llong next_check_ns;
	long long content_gen; /* under watch_lock */
	long long next_due;    /* under watch_lock: when to look for scheduled posts again */
	/* The theme in use; a changed theme setting swaps it, and the old one is kept until
	 * shutdown (a request may still be rendering with it). */
	struct theme *_Atomic theme;
	char theme_name[80]; /* under watch_lock */
	struct theme **old_themes;
	size_t nold;
	char *tmp_dir; /* DATA/media/.tmp, where uploads arrive */
	struct cache *cache;
	pthread_mutex_t stores_lock;
	struct store **stores; /* one per pool thread, closed at shutdown */
	size_t nstores, capstores;
};

/* Per connection-request state between the handler's calls. */
struct req_state {
	size_t body_bytes, limit;
	int refused; /* an error is already queued */
	int is_form; /* a POST to a comment form */
	int admin;   /* a request for /admin... */
	struct MHD_PostProcessor *pp;
	struct comment_form form;
	struct form aform; /* the form of an admin POST */
};

static __thread struct store *tls_store;

static struct store *thread_store(struct server *srv)
{
	if (tls_store)
		return tls_store;
	char err[512];
	tls_store = store_open(srv->o->data_dir, 0, err, sizeof(err));
	if (!tls_store) {
		fprintf(stderr, "broadside: %s\n", err);
		return NULL;
	}
	pthread_mutex_lock(&srv->stores_lock);
	if (srv->nstores == srv->capstores) {
		srv->capstores = srv->capstores ? srv->capstores * 2 : 8;
		srv->stores = xrealloc(srv->stores, srv->capstores * sizeof(*srv->stores));
	}
	srv->stores[srv->nstores++] = tls_store;
	pthread_mutex_unlock(&srv->stores_lock);
	return tls_store;
}

static void add_common_headers(struct MHD_Response *resp, const char *type, const char *policy)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	if (strncmp(type, "text/html", 9) == 0)
		MHD_add_response_header(resp, "Content-Security-Policy", policy);
}

static struct MHD_Response *response_from(struct buf *body)
{
	size_t len;
	char *data = buf_detach(body, &len);
	/* A buffer grows by doubling and a gzip one starts at deflateBound: hand over only
	 * what is used, or cached pages hold up to twice their size (four times gzipped). */
	data = xrealloc(data, len ? len : 1);
	return MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
}

/* Counts renders of cacheable pages; each cached response carries its number (X-Render), so
 * a test or an operator can see whether a page came from the cache or was made again. */
static atomic_ulong renders;

static void set_cache_headers(struct MHD_Response *resp, const struct page_out *out,
			      const char *etag, unsigned long render)
{
	char n[24];
	snprintf(n, sizeof(n), "%lu", render);
	MHD_add_response_header(resp, "X-Render", n);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (out->last_modified) {
		char date[32];
		http_date_format(out->last_modified, date);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				out->immutable ? "public, max-age=31536000, immutable"
					       : "no-cache");
}

/* Turns a finished cacheable page into its plain, gzip and 304 responses. */
static void make_item(struct page_out *out, struct cache_item *item, char *etag, size_t etaglen,
		      int want_gzip)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)out->body.data, out->body.len, NULL,
			   0);
	char hex[33];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(etag, etaglen, "W/\"%s\"", hex);
	memset(item, 0, sizeof(*item));
	unsigned long render = atomic_fetch_add(&renders, 1) + 1;
	item->etag = etag;
	item->bytes = out->body.len;
	item->last_modified = out->last_modified;
	if (want_gzip && out->body.len >= GZIP_MIN) {
		struct buf z = {0};
		if (gzip_compress(out->body.data, out->body.len, &z) == 0 &&
		    z.len < out->body.len) {
			item->bytes += z.len;
			item->gzip = response_from(&z);
			add_common_headers(item->gzip, out->type, csp);
			set_cache_headers(item->gzip, out, etag, render);
			MHD_add_response_header(item->gzip, MHD_HTTP_HEADER_CONTENT_ENCODING,
						"gzip");
		}
		buf_free(&z);
	}
	item->plain = response_from(&out->body);
	add_common_headers(item->plain, out->type, csp);
	set_cache_headers(item->plain, out, etag, render);
	item->not_modified = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	set_cache_headers(item->not_modified, out, etag, render);
}

static void add_cookies(struct MHD_Response *resp, const struct page_out *out)
{
	if (out->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out->set_cookie);
	if (out->set_cookie2)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out->set_cookie2);
}

/* An uncached page; an admin one gets the admin pages' policy, noindex and its cookies. */
static int queue_page(struct MHD_Connection *con, struct page_out *out, int admin)
{
	struct MHD_Response *resp = response_from(&out->body);
	add_common_headers(resp, out->type, admin ? admin_csp : csp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (admin)
		MHD_add_response_header(resp, "X-Robots-Tag", "noindex");
	add_cookies(resp, out);
	if (out->status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					out->allow ? out->allow : "GET, HEAD");
	int ret = MHD_queue_response(con, (unsigned)out->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static int queue_error(struct server *srv, struct store *st, struct MHD_Connection *con, int status,
		       const char *msg)
{
	struct pool *pool = pool_new();
	struct route rt = {.id = R_NOTFOUND};
	struct page_req r = {
	    .store = st, .pool = pool, .theme = atomic_load(&srv->theme), .route = &rt};
	struct page_out out = {0};
	if (!st || store_site_get(st, pool, &r.site) != 0)
		r.site = (struct site){.title = "", .tagline = "", .author_line = "", .url = ""};
	page_error(&r, status, msg, &out);
	int ret = queue_page(con, &out, 0);
	buf_free(&out.body);
	pool_free(pool);
	return ret;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The theme a site setting names: the built-in one, or DATA/themes/NAME over it; --theme
 * wins over the setting. NULL with a message in err. */
static struct theme *load_theme(struct server *srv, const char *name, char *err, size_t errlen)
{
	char dir[4096];
	if (srv->o->theme_dir || strcmp(name, "default") == 0)
		return theme_load(srv->o->theme_dir, err, errlen);
	if (strchr(name, '/') || name[0] == '.' ||
	    snprintf(dir, sizeof(dir), "%s/themes/%s", srv->o->data_dir, name) >=
		(int)sizeof(dir)) {
		snprintf(err, errlen, "bad theme name '%s'", name);
		return NULL;
	}
	return theme_load(dir, err, errlen);
}

/* Under watch_lock: loads the theme the site names when it is not the one in use. */
static void follow_theme(struct server *srv)
{
	struct pool *p = pool_new();
	struct site site;
	char err[512];
	if (store_site_get(srv->watch, p, &site) == 0 && strcmp(site.theme, srv->theme_name) != 0) {
		struct theme *t = load_theme(srv, site.theme, err, sizeof(err));
		if (!t) {
			fprintf(stderr, "broadside: theme '%s': %s (keeping the current one)\n",
				site.theme, err);
		} else {
			srv->old_themes =
			    xrealloc(srv->old_themes, (srv->nold + 1) * sizeof(*srv->old_themes));
			srv->old_themes[srv->nold++] = atomic_exchange(&srv->theme, t);
		}
		snprintf(srv->theme_name, sizeof(srv->theme_name), "%s", site.theme);
	}
	pool_free(p);
}

/* Under watch_lock, once a second: publishes scheduled posts whose time has come. */
static void publish_due(struct server *srv)
{
	long long now = (long long)time(NULL);
	if (now < srv->next_due)
		return;
	srv->next_due = now + 1;
	/* A read first: the write lock only when a post is due. */
	if (store_any_due(srv->watch, now) != 1 || store_begin(srv->watch) != 0)
		return;
	int n = store_publish_due(srv->watch, now);
	if (n > 0 && store_commit(srv->watch) == 0) {
		/* Our own commit does not move data_version for this connection; content_gen is
		 * left for watch_changes to notice, with any other process's change. */
		cache_bump(srv->cache);
		return;
	}
	store_rollback(srv->watch);
}

/* Drops the cache when anyone committed since the last look (see CHANGE_CHECK_NS). */
static void watch_changes(struct server *srv)
{
	long long now = now_ns();
	if (now < atomic_load(&srv->next_check_ns) || pthread_mutex_trylock(&srv->watch_lock) != 0)
		return;
	/* Another connection committed. Commits through store_commit (the command line)
	 * move content_gen and may change any page; the server's own comment writes do not,
	 * and drop just their pages (drop_comment_pages). */
	publish_due(srv);
	if (store_changed(srv->watch)) {
		long long g = store_content_gen(srv->watch);
		if (g != srv->content_gen) {
			srv->content_gen = g;
			follow_theme(srv);
			cache_bump(srv->cache);
		}
	}
	atomic_store(&srv->next_check_ns, now_ns() + CHANGE_CHECK_NS);
	pthread_mutex_unlock(&srv->watch_lock);
}

/* The Host header when it looks like a host name or address with a port; NULL otherwise. */
static const char *request_host(struct MHD_Connection *con)
{
	const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!h || !*h || strlen(h) > 255 ||
	    strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
		strlen(h))
		return NULL;
	return h;
}

struct query_ctx {
	struct route *rt;
	struct pool *pool;
};

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct query_ctx *q = cls;
	(void)kind;
	route_query(q->rt, key, value, q->pool);
	return MHD_YES;
}

/*
 * With --trust-proxy, a request from this machine (a reverse proxy on loopback) is from the
 * address the proxy appended to X-Forwarded-For: the last entry, which a client cannot forge.
 * NULL when there is none or it is not an address.
 */
static const char *forwarded_for(struct MHD_Connection *con, const char *peer, struct pool *pool)
{
	if (strcmp(peer, "127.0.0.1") != 0 && strcmp(peer, "::1") != 0)
		return NULL;
	const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Forwarded-For");
	char addr[INET6_ADDRSTRLEN];
	return h && forwarded_addr(h, addr) == 0 ? pool_strdup(pool, addr) : NULL;
}

/* The client's address as text, for comments' rate limits and bans, and sign-in throttling. */
static const char *client_addr(const struct server *srv, struct MHD_Connection *con,
			       struct pool *pool)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf,
				  sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
				  sizeof(buf));
	}
	const char *fwd = srv->o->trust_proxy ? forwarded_for(con, buf, pool) : NULL;
	return fwd ? fwd : pool_strdup(pool, buf);
}

/* The comment-edit cookie when it has the shape this server gives it. */
static const char *edit_cookie(struct MHD_Connection *con)
{
	const char *c = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, "bs_edit");
	if (!c || strlen(c) != 64 || strspn(c, "0123456789abcdef") != 64)
		return NULL;
	return c;
}

struct drop_ctx {
	const char *post_key, *home_prefix, *feed_keys[3];
};

/* A cached page that shows a post's comments or their count: the post, the home pages. */
static int shows_comments_of(const char *key, void *ud)
{
	const struct drop_ctx *d = ud;
	const char *route_key = strchr(key, ' ');
	if (!route_key)
		return 0;
	route_key++;
	return strcmp(route_key, d->post_key) == 0 ||
	       strncmp(route_key, d->home_prefix, strlen(d->home_prefix)) == 0 ||
	       strcmp(route_key, d->feed_keys[0]) == 0 || strcmp(route_key, d->feed_keys[1]) == 0 ||
	       strcmp(route_key, d->feed_keys[2]) == 0;
}

static void drop_comment_pages(struct server *srv, const char *slug, struct pool *pool)
{
	struct route post = {.id = R_POST, .arg = slug}, home = {.id = R_HOME};
	struct drop_ctx d = {route_cache_key(&post, pool), route_cache_key(&home, pool), {0}};
	for (int f = FEED_ATOM; f <= FEED_JSON; f++) {
		struct route feed = {.id = R_FEED, .scope = R_POST, .format = f, .arg = slug};
		d.feed_keys[f] = route_cache_key(&feed, pool);
	}
	cache_drop_matching(srv->cache, shows_comments_of, &d);
}

/* A 303 (or out->status: 301) to out->location, with the cookies out sets. */
static int queue_redirect(struct MHD_Connection *con, const struct page_out *out)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, out->location);
	/* A moved post stays moved: browsers may remember it a day. */
	/* A slug may be renamed back: a remembered 301 would then loop. */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	add_cookies(resp, out);
	int ret = MHD_queue_response(con, out->status == 301 ? 301u : MHD_HTTP_SEE_OTHER, resp);
	MHD_destroy_response(resp);
	return ret;
}

static int serve(struct server *srv, struct store *st, struct MHD_Connection *con, const char *url,
		 const struct comment_form *form)
{
	watch_changes(srv);
	unsigned long gen = cache_generation(srv->cache);
	int ret;
	struct pool *pool = pool_new();
	struct route rt;
	route_match(url, strlen(url), pool, &rt);
	struct query_ctx qc = {.rt = &rt, .pool = pool};
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, query_arg, &qc);
	const char *host = request_host(con);
	/* Feeds and the sitemap hold absolute URLs made from Host when the site has no url set,
	 * so the host is part of the key, with the route in its canonical form. */
	const char *key = pool_printf(pool, "%s %s", host ? host : "", route_cache_key(&rt, pool));
	if (!form && !rt.bad_query && !rt.cid && cache_serve(srv->cache, key, gen, con, &ret)) {
		pool_free(pool);
		return ret;
	}
	struct page_req r = {.store = st,
			     .pool = pool,
			     .theme = atomic_load(&srv->theme),
			     .route = &rt,
			     .host = host,
			     .addr = client_addr(srv, con, pool),
			     .cookie = edit_cookie(con),
			     .form = form};
	struct page_out out = {0};
	page_build(&r, &out);
	if (out.changed_post)
		drop_comment_pages(srv, out.changed_post, pool);
	if (out.status == MHD_HTTP_SEE_OTHER || out.status == 301) {
		ret = queue_redirect(con, &out);
	} else if (out.cacheable && out.status == 200) {
		struct cache_item item;
		char etag[64];
		/* With the cache off, compress only for a client that takes gzip. */
		int want_gzip = srv->o->cache_bytes > 0 ||
				gzip_accepted(MHD_lookup_connection_value(con, MHD_HEADER_KIND,
									  "Accept-Encoding"));
		make_item(&out, &item, etag, sizeof(etag), want_gzip);
		if (out.max_age) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			item.expires = ts.tv_sec + out.max_age;
		}
		ret = cache_queue(&item, con);
		cache_put(srv->cache, key, gen, &item);
	} else {
		ret = queue_page(con, &out, 0);
	}
	buf_free(&out.body);
	pool_free(pool);
	return ret;
}

static const char *get_arg(void *ud, const char *key)
{
	return MHD_lookup_connection_value(ud, MHD_GET_ARGUMENT_KIND, key);
}

/* A cookie with the shape of our tokens, or NULL. */
static const char *token_cookie(struct MHD_Connection *con, const char *name)
{
	const char *c = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, name);
	return auth_token_shape(c) ? c : NULL;
}

/* The admin pages' script, compiled into the binary. */
static int serve_static(struct MHD_Connection *con, const char *name)
{
	for (const struct embedded_file *f = static_files; f->name; f++) {
		if (strcmp(f->name, name) != 0)
			continue;
		struct MHD_Response *resp = MHD_create_response_from_buffer(f->len, (void *)f->data,
									    MHD_RESPMEM_PERSISTENT);
		add_common_headers(resp, "text/javascript; charset=utf-8", csp);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
		int ret = MHD_queue_response(con, MHD_HTTP_OK, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	return -1;
}

/* /media/HASH.EXT: an uploaded image, straight from its file; its name never changes. */
static int serve_media(struct server *srv, struct store *st, struct MHD_Connection *con,
		       const char *name)
{
	int fd;
	long long size;
	const char *type;
	if (admin_media_open(srv->o->data_dir, name, &fd, &size, &type) != 0)
		return queue_error(srv, st, con, MHD_HTTP_NOT_FOUND, "There is no such file.");
	char etag[72];
	snprintf(etag, sizeof(etag), "\"%.64s\"", name);
	const char *inm =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	struct MHD_Response *resp;
	int status = MHD_HTTP_OK;
	if (inm && strstr(inm, etag)) {
		close(fd);
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		resp = MHD_create_response_from_fd((uint64_t)size, fd);
		if (!resp) {
			close(fd);
			return MHD_NO;
		}
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'");
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"public, max-age=31536000, immutable");
	int ret = MHD_queue_response(con, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static int serve_admin(struct server *srv, struct store *st, struct MHD_Connection *con,
		       const char *url, const char *method, struct req_state *rs)
{
	watch_changes(srv);
	if (strcmp(url, "/admin/editor.js") == 0) {
		int ret = serve_static(con, "editor.js");
		if (ret >= 0)
			return ret;
	}
	struct pool *pool = pool_new();
	const char *path = route_decode(url, strlen(url), 0, pool);
	struct admin_req r = {
	    .store = st,
	    .pool = pool,
	    .theme = atomic_load(&srv->theme),
	    .data_dir = srv->o->data_dir,
	    .post = strcmp(method, MHD_HTTP_METHOD_POST) == 0,
	    .path = path,
	    .arg = get_arg,
	    .arg_ud = con,
	    .addr = client_addr(srv, con, pool),
	    .session = token_cookie(con, "bs_session"),
	    .pre = token_cookie(con, "bs_pre"),
	    .upload_max = (long long)srv->o->upload_max,
	    .theme_dir_opt = srv->o->theme_dir,
	};
	r.form = strcmp(method, MHD_HTTP_METHOD_POST) == 0 ? &rs->aform : NULL;
	struct page_out out = {0};
	int ret;
	if (!path) {
		ret = queue_error(srv, st, con, MHD_HTTP_BAD_REQUEST, "The address is not valid.");
	} else if (store_site_get(st, pool, &r.site) != 0) {
		ret = queue_error(srv, st, con, 500, "The site could not read its database.");
	} else if (rs->aform.overflow) {
		ret = queue_error(srv, st, con, MHD_HTTP_CONTENT_TOO_LARGE,
				  "The form has more fields or text than this site accepts (2 MB "
				  "of text).");
	} else if (r.form && form_bad_text(r.form)) {
		ret = queue_error(srv, st, con, MHD_HTTP_BAD_REQUEST,
				  "The form holds text that is not valid UTF-8.");
	} else {
		admin_handle(&r, &out);
		if (out.theme_changed) {
			pthread_mutex_lock(&srv->watch_lock);
			follow_theme(srv);
			cache_bump(srv->cache);
			pthread_mutex_unlock(&srv->watch_lock);
		}
		if (out.status == MHD_HTTP_SEE_OTHER) {
			ret = queue_redirect(con, &out);
		} else {
			ret = queue_page(con, &out, 1);
		}
	}
	buf_free(&out.body);
	pool_free(pool);
	return ret;
}

static enum MHD_Result admin_field_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *filename, const char *content_type,
				      const char *transfer_encoding, const char *data, uint64_t off,
				      size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	return form_add(cls, key, filename, data, off, size) == 0 ? MHD_YES : MHD_NO;
}

static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *filename, const char *content_type,
				  const char *transfer_encoding, const char *data, uint64_t off,
				  size_t size)
{
	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	comment_form_add(cls, key, data, (size_t)off, size);
	return MHD_YES;
}

/* Whether url (a POST target) is one of the comment forms. */
static int is_form_route(const char *url)
{
	struct pool *pool = pool_new();
	struct route rt;
	route_match(url, strlen(url), pool, &rt);
	int yes = rt.id == R_COMMENT_NEW || rt.id == R_COMMENT_EDIT;
	pool_free(pool);
	return yes;
}

/* Whether the request carries the cookie of a live session. */
static int has_session(struct server *srv, struct MHD_Connection *con)
{
	const char *tok = token_cookie(con, "bs_session");
	struct store *st = thread_store(srv);
	if (!tok || !st)
		return 0;
	unsigned char h[32];
	struct account a;
	struct pool *p = pool_new();
	auth_token_hash(tok, h);
	int ok = store_session_get(st, p, h, (long long)time(NULL), &a) == 0;
	pool_free(p);
	return ok;
}

/* First call of a request: headers only. Answering now would make MHD close keep-alive
 * connections, so only refuse what is already known to be wrong. */
static enum MHD_Result first_call(struct server *srv, struct MHD_Connection *con, const char *url,
				  const char *method, struct req_state *rs)
{
	const char *cl =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	rs->admin = strncmp(url, "/admin", 6) == 0 && (url[6] == '\0' || url[6] == '/');
	rs->is_form = post && !rs->admin && is_form_route(url);
	rs->limit = rs->is_form ? COMMENT_POST_MAX : srv->o->max_body;
	if (rs->admin && post) {
		/* Text fields, and one file streamed to disk (its own limit is checked as it
		 * comes, so the answer can say which limit it was). */
		rs->limit = srv->o->upload_max + FORM_TEXT_MAX + 65536;
		if (cl && strtoull(cl, NULL, 10) > rs->limit)
			return (enum MHD_Result)queue_error(
			    srv, thread_store(srv), con, MHD_HTTP_CONTENT_TOO_LARGE,
			    "The upload is larger than this site accepts.");
		/* Only a signed-in browser's file reaches the disk; others' are dropped as they
		 * come, and the request is refused for want of a session. */
		form_init(&rs->aform, has_session(srv, con) ? srv->tmp_dir : NULL,
			  srv->o->upload_max);
		rs->pp = MHD_create_post_processor(con, 65536, admin_field_cb, &rs->aform);
		if (!rs->pp)
			return (enum MHD_Result)queue_error(
			    srv, thread_store(srv), con, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			    "A form is sent as application/x-www-form-urlencoded or "
			    "multipart/form-data.");
		return MHD_YES;
	}
	if (cl && strtoull(cl, NULL, 10) > rs->limit)
		return (enum MHD_Result)queue_error(
		    srv, thread_store(srv), con, MHD_HTTP_CONTENT_TOO_LARGE,
		    "The request body is larger than this site accepts (a comment form may send "
		    "64 KB).");
	if (rs->is_form) {
		rs->pp = MHD_create_post_processor(con, 8192, form_field, &rs->form);
		if (!rs->pp)
			return (enum MHD_Result)queue_error(
			    srv, thread_store(srv), con, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			    "A comment is sent as a form (application/x-www-form-urlencoded).");
	}
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct req_state *rs = *con_cls;
	(void)version;
	if (!rs) {
		*con_cls = rs = xcalloc(1, sizeof(*rs));
		form_init(&rs->aform, NULL, 0);
		return first_call(srv, con, url, method, rs);
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		rs->body_bytes += n;
		*upload_data_size = 0;
		if (rs->refused)
			return MHD_YES;
		/* A body without Content-Length (chunked) is refused as soon as it is too big,
		 * not after reading all of it; MHD closes the connection after this answer. */
		if (rs->body_bytes > rs->limit) {
			rs->refused = 1;
			return (enum MHD_Result)queue_error(
			    srv, thread_store(srv), con, MHD_HTTP_CONTENT_TOO_LARGE,
			    "The request body is larger than this site accepts.");
		}
		if (rs->pp && MHD_post_process(rs->pp, upload_data, n) != MHD_YES) {
			rs->refused = 1;
			return (enum MHD_Result)queue_error(srv, thread_store(srv), con,
							    MHD_HTTP_BAD_REQUEST,
							    "The form could not be read.");
		}
		return MHD_YES;
	}
	if (rs->refused)
		return MHD_YES;
	struct store *st = thread_store(srv);
	if (!st)
		return (enum MHD_Result)queue_error(srv, NULL, con, 500,
						    "The site's database cannot be opened.");
	/* The absolute form "http://host/path" (RFC 9112 3.2.2) names the same path. */
	if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) {
		const char *path = strchr(strstr(url, "//") + 2, '/');
		url = path ? path : "/";
	}
	if (strlen(url) > ROUTE_MAX_PATH)
		return (enum MHD_Result)queue_error(srv, st, con, MHD_HTTP_URI_TOO_LONG,
						    "The address is too long.");
	if (rs->is_form)
		return (enum MHD_Result)serve(srv, st, con, url, &rs->form);
	if (rs->admin && (strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
			  strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ||
			  strcmp(method, MHD_HTTP_METHOD_POST) == 0))
		return (enum MHD_Result)serve_admin(srv, st, con, url, method, rs);
	if (strncmp(url, "/media/", 7) == 0 &&
	    (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0))
		return (enum MHD_Result)serve_media(srv, st, con, url + 7);
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return (enum MHD_Result)queue_error(srv, st, con, MHD_HTTP_METHOD_NOT_ALLOWED,
						    "This address can only be read (GET or HEAD).");
	return (enum MHD_Result)serve(srv, st, con, url, NULL);
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct req_state *rs = *con_cls;
	(void)cls;
	(void)con;
	(void)toe;
	if (rs) {
		if (rs->pp)
			MHD_destroy_post_processor(rs->pp);
		comment_form_free(&rs->form);
		form_free(&rs->aform);
		free(rs);
	}
	*con_cls = NULL;
}

/* Keeps %-escapes as they are: route_match decodes the path itself, with UTF-8 checks. */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static int resolve(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	const char *h = listen;
	size_t hl = (size_t)(colon - listen);
	if (h[0] == '[' && h[hl - 1] == ']')
		h++, hl -= 2;
	memcpy(host, h, hl);
	host[hl] = '\0';
	struct addrinfo hints = {
	    .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
	struct addrinfo *ai;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int server_run(const struct server_opts *o)
{
	char err[512];
	struct server srv = {.o = o};
	struct sockaddr_storage ss;
	socklen_t sslen;
	int rc = 1;
	if (resolve(o->listen, &ss, &sslen) != 0) {
		fprintf(stderr, "broadside: cannot listen on '%s' (use HOST:PORT)\n", o->listen);
		return 1;
	}
	if (!(srv.watch = store_open(o->data_dir, 1, err, sizeof(err)))) {
		fprintf(stderr, "broadside: %s\n", err);
		return 1;
	}
	pthread_mutex_init(&srv.watch_lock, NULL);
	srv.content_gen = store_content_gen(srv.watch);
	struct pool *sp = pool_new();
	struct site site;
	struct theme *theme = NULL;
	char public_url[512] = "";
	if (store_site_get(srv.watch, sp, &site) == 0) {
		snprintf(srv.theme_name, sizeof(srv.theme_name), "%s", site.theme);
		snprintf(public_url, sizeof(public_url), "%s", site.url);
		for (size_t n = strlen(public_url); n && public_url[n - 1] == '/'; n--)
			public_url[n - 1] = '\0';
		theme = load_theme(&srv, site.theme, err, sizeof(err));
	} else {
		snprintf(err, sizeof(err), "%s", store_errmsg(srv.watch));
	}
	pool_free(sp);
	if (!theme) {
		fprintf(stderr, "broadside: %s\n", err);
		store_close(srv.watch);
		return 1;
	}
	atomic_store(&srv.theme, theme);
	/* Uploads arrive in media/.tmp, on the same file system as media/ they are renamed to. */
	srv.tmp_dir = xmalloc(strlen(o->data_dir) + 16);
	sprintf(srv.tmp_dir, "%s/media", o->data_dir);
	if ((mkdir(srv.tmp_dir, 0755) != 0 && errno != EEXIST) ||
	    (strcat(srv.tmp_dir, "/.tmp"), mkdir(srv.tmp_dir, 0700) != 0 && errno != EEXIST)) {
		fprintf(stderr, "broadside: %s: %s\n", srv.tmp_dir, strerror(errno));
		theme_free(theme);
		free(srv.tmp_dir);
		store_close(srv.watch);
		return 1;
	}
	srv.cache = cache_new(o->cache_bytes);
	pthread_mutex_init(&srv.stores_lock, NULL);

	/* The pool threads inherit this mask, so only sigwait below sees the signals. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Cached pages are allocated by one thread and freed by another; with an arena per
	 * thread the freed memory stayed spread over them (150 MB resident for a 32 MB cache
	 * under a crawl, 100 MB with one arena). */
	mallopt(M_ARENA_MAX, 2);

	/* Before the pool threads start: they share the watch connection (under watch_lock). */
	char token[AUTH_TOKEN_LEN + 1];
	int owner = admin_setup_token(srv.watch, token);

	unsigned threads = o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
		(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
	    0, NULL, NULL, handle, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_NOTIFY_COMPLETED,
	    completed, &srv, MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "broadside: cannot listen on %s (see the reason above)\n",
			o->listen);
		goto out;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "?";
	int v6 = ss.ss_family == AF_INET6;
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	fprintf(stderr, "broadside: serving %s on http://%s%s%s:%u/ (%u threads)\n", o->data_dir,
		v6 ? "[" : "", host, v6 ? "]" : "", info ? info->port : 0, threads);
	if (owner == 0)
		fprintf(stderr,
			"broadside: this site has no owner yet. Within 24 hours, open\n"
			"  http://%s%s%s:%u/admin/setup?token=%s\n"
			"%s%s%s%s%s"
			"to choose the owner's handle and password (the link works once).\n",
			v6 ? "[" : "", host, v6 ? "]" : "", info ? info->port : 0, token,
			*public_url ? "or, at the site's public address,\n  " : "", public_url,
			*public_url ? "/admin/setup?token=" : "", *public_url ? token : "",
			*public_url ? "\n" : "");
	else if (owner < 0)
		fprintf(stderr, "broadside: cannot make a setup link: %s\n",
			store_errmsg(srv.watch));
	fflush(stderr);
	int sig;
	sigwait(&sigs, &sig);
	fprintf(stderr, "broadside: stopping (signal %d)\n", sig);
	MHD_stop_daemon(d);
	rc = 0;
out:
	for (size_t i = 0; i < srv.nstores; i++)
		store_close(srv.stores[i]);
	free(srv.stores);
	cache_free(srv.cache);
	theme_free(atomic_load(&srv.theme));
	for (size_t i = 0; i < srv.nold; i++)
		theme_free(srv.old_themes[i]);
	free(srv.old_themes);
	free(srv.tmp_dir);
	pthread_mutex_destroy(&srv.stores_lock);
	pthread_mutex_destroy(&srv.watch_lock);
	store_close(srv.watch);
	return rc;
}
