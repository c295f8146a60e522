/* answer: the final call of a request: the request handed to its route as a struct req, the
 * page cache in front of it, the budget of uncached work, and the answer queued. */
#include "http/answer.h"
#include "auth/auth.h"
#include "crypto/seal.h"
#include "store/store_members.h"
#include "store/store_sessions.h"
#include "util/clock.h"
#include "http/access_log.h"
#include "http/budget.h"
#include "http/cache.h"
#include "http/forwarded.h"
#include "http/gzip.h"
#include "http/guard.h"
#include "http/respond.h"
#include "http/server.h"
#include "press/press.h"
#include "req/req.h"
#include "route/dispatch.h"
#include "store/store.h"
#include "util/pool.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static long long mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *get_value(void *ud, enum req_kind kind, const char *key)
{
	enum MHD_ValueKind k = kind == REQ_QUERY    ? MHD_GET_ARGUMENT_KIND
			       : kind == REQ_COOKIE ? MHD_COOKIE_KIND
						    : MHD_HEADER_KIND;
	return MHD_lookup_connection_value(ud, k, key);
}

struct query_ctx {
	struct route *values;
	unsigned query;
	struct pool *pool;
};

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct query_ctx *q = cls;
	(void)kind;
	route_query(q->values, q->query, key, value, q->pool);
	return MHD_YES;
}

/* With --trust-proxy, a request from this machine (whose address key is key) is from the
 * address the proxy appended to X-Forwarded-For: 1 with it in addr, or 0. */
static int forwarded_client(const struct server *srv, struct MHD_Connection *con, const char *key,
			    char addr[INET6_ADDRSTRLEN])
{
	if (!srv->o->trust_proxy || (strcmp(key, "127.0.0.1") != 0 && strcmp(key, "::/64") != 0))
		return 0;
	const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Forwarded-For");
	return h && forwarded_addr(h, addr) == 0;
}

/* The key under which the client's address counts (see guard_addr_key). */
static const char *client_key(const struct server *srv, struct MHD_Connection *con,
			      struct pool *pool)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char key[GUARD_KEY_LEN], addr[INET6_ADDRSTRLEN], fk[GUARD_KEY_LEN];
	guard_addr_key(ci ? ci->client_addr : NULL, key);
	if (forwarded_client(srv, con, key, addr) && guard_text_key(addr, fk) == 0)
		return pool_strdup(pool, fk);
	return pool_strdup(pool, key);
}

/* A cookie with the shape of our tokens, or NULL. */
static const char *token_cookie(struct MHD_Connection *con, const char *name)
{
	const char *c = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, name);
	return auth_token_shape(c) ? c : NULL;
}

/* The comment-edit cookie when it has the shape this server gives it. */
static const char *edit_cookie(struct MHD_Connection *con)
{
	const char *c = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, "bs_edit");
	if (!c || strlen(c) != 64 || strspn(c, "0123456789abcdef") != 64)
		return NULL;
	return c;
}

/* The parts of a struct req every answer has: press, store, theme, site, client. */
static int base_req(struct server *srv, struct MHD_Connection *con, struct req_state *rs,
		    struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->press = rs->press;
	r->pool = rs->pool;
	r->host = rs->host;
	r->row = rs->m.row;
	r->route = &rs->m.values;
	r->post = rs->method == RM_POST;
	r->path = route_decode(rs->url, strlen(rs->url), 0, rs->pool);
	if (!r->path)
		r->path = "/";
	r->target = rs->target ? rs->target : rs->url;
	r->get = get_value;
	r->get_ud = con;
	r->now = clock_now();
	r->upload_max = (long long)srv->o->upload_max;
	r->theme_dir_opt = srv->o->theme_dir;
	r->site = (struct site){.title = "", .tagline = "", .author_line = "", .url = ""};
	r->addr = "";
	if (!rs->press)
		return -1;
	r->data_dir = press_dir(rs->press);
	r->theme = press_theme(rs->press);
	r->store = press_store(rs->press);
	r->keys = press_keys(rs->press);
	/* Handlers see the address only as its tag: nothing they store can give it away. */
	char tag[SEAL_TAG_LEN + 1];
	seal_addr_tag(r->keys, rs->client, tag);
	r->addr = pool_strdup(rs->pool, tag);
	r->member_checked = rs->reader_checked;
	r->reader_member = rs->reader_member;
	r->member_id = rs->member_id;
	r->member_state = rs->member_state;
	if (!r->store || store_site_get(r->store, r->pool, &r->site) != 0)
		return -1;
	size_t ulen = strlen(r->site.url);
	while (ulen && r->site.url[ulen - 1] == '/')
		ulen--;
	if (ulen)
		r->base_url = pool_strndup(r->pool, r->site.url, ulen);
	else
		r->base_url = pool_printf(r->pool, "http://%s", r->host ? r->host : "localhost");
	return 0;
}

static int queue_out(struct req_state *rs, struct MHD_Connection *con, struct page_out *out,
		     const struct route_row *row)
{
	rs->sent = out->body.len;
	return respond_page(con, out,
			    row && (row->flags & RF_ADMIN) ? RESPOND_ADMIN : RESPOND_PUBLIC);
}

static int queue_plain(struct req_state *rs, struct MHD_Connection *con, int status,
		       const char *text)
{
	rs->sent = strlen(text);
	return respond_plain(con, status, text);
}

static int error_page(struct req *r, struct req_state *rs, struct MHD_Connection *con, int status,
		      const char *msg, int retry_after)
{
	struct page_out out;
	page_out_init(&out);
	route_error(r, status, msg, &out);
	out.retry_after = retry_after;
	int ret = queue_out(rs, con, &out, r->row);
	buf_free(&out.body);
	return ret;
}

int answer_refusal(struct server *srv, struct MHD_Connection *con, struct req_state *rs)
{
	rs->client = client_key(srv, con, rs->pool);
	if (!rs->press)
		return queue_plain(rs, con, MHD_HTTP_NOT_FOUND,
				   "There is no press at this address.\n");
	struct req r;
	if (base_req(srv, con, rs, &r) != 0 || !r.theme)
		return queue_plain(rs, con, rs->error, "The request was refused.\n");
	struct page_out out;
	page_out_init(&out);
	route_error(&r, rs->error, rs->error_msg ? rs->error_msg : "The request was refused.",
		    &out);
	if (rs->error == MHD_HTTP_METHOD_NOT_ALLOWED)
		out.allow = route_allow_header(rs->m.allow);
	int ret = queue_out(rs, con, &out, rs->m.row);
	buf_free(&out.body);
	return ret;
}

struct drop_ctx {
	const char *slug;
};

static int shows_comments(const char *key, void *ud)
{
	const struct drop_ctx *d = ud;
	const char *route_key = strchr(key, ' ');
	return route_key && route_key_shows_comments(route_key + 1, d->slug);
}

/*
 * Who reads: a signed-in member, or one of the press's writers, may read what is for members;
 * everyone else sees the public pages. Looked up only when the browser sends one of the two
 * cookies, so that most readers cost nothing here.
 */
static void reader_class(struct MHD_Connection *con, struct req_state *rs)
{
	const char *mc = token_cookie(con, "bs_member"), *wc = token_cookie(con, "bs_session");
	rs->reader_checked = 1;
	if (!mc && !wc)
		return;
	struct store *s = press_store(rs->press);
	if (!s)
		return;
	unsigned char h[32];
	struct pool *p = pool_new();
	long long now = clock_now();
	if (mc) {
		struct member_row m;
		auth_token_hash(mc, h);
		if (store_member_session_get(s, p, h, now, &m) == 0) {
			rs->member_id = m.id;
			rs->member_state = m.state;
			rs->reader_member = m.state >= MEMBER_MEMBER;
		}
	}
	if (wc && !rs->reader_member) {
		struct account a;
		auth_token_hash(wc, h);
		rs->reader_member = store_session_get(s, p, h, now, &a) == 0;
	}
	pool_free(p);
}

/* The page's cache key, or NULL when this answer is not kept. */
static const char *cache_key(struct req_state *rs, struct MHD_Connection *con)
{
	const struct route_row *row = rs->m.row;
	struct route *v = &rs->m.values;
	if (row->cache != CACHE_PAGE || rs->method == RM_POST || v->bad_query)
		return NULL;
	/* A writer may see what readers do not: their pages are made for them alone. */
	if ((row->flags & RF_SESSION) && token_cookie(con, "bs_session"))
		return NULL;
	/* ?mine= shows a notice to the browser that wrote the comment only; without its
	 * cookie it is the ordinary page. */
	if (v->cid && (row->query & RQ_MINE)) {
		if (edit_cookie(con))
			return NULL;
		v->cid = 0;
		v->held = 0;
	}
	int slot = press_host_slot(rs->press, rs->host);
	if (slot < 0)
		return NULL;
	/* Members and the public see different pages: each class has its own entries, and so
	 * does ActivityPub's JSON of a page. */
	int json =
	    (row->flags & RF_NEGOTIATES) &&
	    req_accepts_activity(MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Accept"));
	return pool_printf(rs->pool, "%d%s%s %s", slot, rs->reader_member ? "m" : "",
			   json ? "j" : "", route_cache_key(row, v, rs->pool));
}

static int respond(struct server *srv, struct MHD_Connection *con, struct req_state *rs,
		   struct page_out *out, const char *key, unsigned long gen)
{
	const struct route_row *row = rs->m.row;
	rs->sent = 0;
	if (out->status == MHD_HTTP_SEE_OTHER || out->status == 301)
		return respond_redirect(con, out);
	if (out->fd >= 0)
		return respond_file(con, out, &rs->sent);
	if (key && out->cacheable && out->status == 200) {
		struct cache_item item;
		char etag[64];
		/* With the cache off, compress only for a client that takes gzip. */
		int want_gzip = srv->o->cache_bytes > 0 ||
				gzip_accepted(MHD_lookup_connection_value(con, MHD_HEADER_KIND,
									  "Accept-Encoding"));
		respond_item(out, &item, etag, sizeof(etag), want_gzip);
		if (out->max_age) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			item.expires = ts.tv_sec + out->max_age;
		}
		int ret = cache_queue(&item, con, &rs->sent);
		cache_put(srv->cache, press_ns(rs->press), gen, key, &item);
		return ret;
	}
	return queue_out(rs, con, out, row);
}

int answer(struct server *srv, struct MHD_Connection *con, struct req_state *rs)
{
	const struct route_row *row = rs->m.row;
	if (press_watch(rs->press))
		cache_drop_ns(srv->cache, press_ns(rs->press));
	unsigned long gen = press_generation(rs->press);
	struct query_ctx qc = {.values = &rs->m.values, .query = row->query, .pool = rs->pool};
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, query_arg, &qc);
	rs->client = client_key(srv, con, rs->pool);
	reader_class(con, rs);
	const char *key = cache_key(rs, con);
	int ret;
	if (key && cache_serve(srv->cache, press_ns(rs->press), gen, key, con, &ret, &rs->sent))
		return ret;
	struct req r;
	if (base_req(srv, con, rs, &r) != 0)
		return r.theme
			   ? error_page(&r, rs, con, 500,
					"The site could not read its database. Please try "
					"again.",
					0)
			   : queue_plain(rs, con, 500, "The site's database cannot be opened.\n");
	/* Pages made anew for readers count against the address's budget of work. */
	long long t0 = 0;
	if (srv->budget && row->access == ACCESS_ANYONE && rs->method != RM_POST &&
	    (row->cache == CACHE_PAGE || (row->flags & RF_COSTLY))) {
		t0 = mono_ns();
		int wait = budget_check(srv->budget, rs->client, t0);
		if (wait)
			return error_page(&r, rs, con, 429,
					  "Too many pages were asked for from your address. Wait a "
					  "moment and try again.",
					  wait);
	}
	r.session = token_cookie(con, "bs_session");
	r.pre = token_cookie(con, "bs_pre");
	r.cookie = edit_cookie(con);
	if (row->body == BODY_FORM || row->body == BODY_UPLOAD || row->body == BODY_FILES)
		r.form = &rs->form;
	if (row->body == BODY_JSON) {
		r.body = buf_str(&rs->json);
		r.body_len = rs->json.len;
	}
	struct page_out out;
	page_out_init(&out);
	route_dispatch(&r, &out);
	if (t0) {
		long long t1 = mono_ns();
		budget_charge(srv->budget, rs->client, (double)(t1 - t0) / 1e9, t1);
	}
	if (out.theme_changed) {
		press_theme_changed(rs->press);
		cache_drop_ns(srv->cache, press_ns(rs->press));
	}
	if (out.changed_post) {
		struct drop_ctx d = {out.changed_post};
		cache_drop_matching(srv->cache, press_ns(rs->press), shows_comments, &d);
	}
	ret = respond(srv, con, rs, &out, key, gen);
	buf_free(&out.body);
	return ret;
}

void answer_log(struct server *srv, struct MHD_Connection *con, struct req_state *rs)
{
	if (!srv->log || rs->logged || rs->m.nolog)
		return;
	const union MHD_ConnectionInfo *st =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_HTTP_STATUS);
	if (!st)
		return;
	rs->logged = 1;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char key[GUARD_KEY_LEN], addr[INET6_ADDRSTRLEN] = "";
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	guard_addr_key(sa, key);
	if (!forwarded_client(srv, con, key, addr) && sa) {
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr,
				  sizeof(addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
				  sizeof(addr));
	}
	struct access_entry e = {
	    .addr = addr,
	    .time = rs->started,
	    .method = rs->method_name,
	    .target = rs->url,
	    .protocol = rs->version,
	    .status = st->http_status,
	    .bytes = rs->method == RM_HEAD ? 0 : rs->sent,
	    .referer = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_REFERER),
	    .user_agent =
		MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT),
	};
	access_log_write(srv->log, &e);
}
