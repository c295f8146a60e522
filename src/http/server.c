/* server: starting libmicrohttpd with its limits, reading each request's body as its route row
 * says, and stopping cleanly on a signal. */
#include "http/server.h"
#include "admin/admin.h"
#include "http/access_log.h"
#include "fed/net.h"
#include "http/answer.h"
#include "http/budget.h"
#include "http/cache.h"
#include "http/guard.h"
#include "job/worker.h"
#include "press/press.h"
#include "report/forget.h"
#include "req/form.h"
#include "route/route.h"
#include "store/store.h"
#include "store/store_sessions.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include "util/clock.h"
#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* A request without a session that names a signed-in row gets no more than this of body: it
 * will be refused, and must not hold memory meanwhile. */
#define NO_SESSION_BODY (16u * 1024)
/* A request refused while its body still arrives is read to its end, up to this, so that the
 * client gets the answer; past it the connection is closed. */
#define DRAIN_MAX (8u * 1024 * 1024)
/* A refused body announced as longer than this is not waited for. */
#define EARLY_ANSWER (64u * 1024)
/* Seconds a connection may idle while a body or an answer is under way. */
#define IDLE_SECONDS 30

static const char *request_host(struct MHD_Connection *con)
{
	const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!h || !*h || strlen(h) > 255 ||
	    strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
		strlen(h))
		return NULL;
	return h;
}

/* Whether the request carries the cookie of a live session of this press. */
static int has_session(struct press *p, struct MHD_Connection *con)
{
	const char *tok = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, "bs_session");
	struct store *st = press_store(p);
	if (!auth_token_shape(tok) || !st)
		return 0;
	unsigned char h[32];
	struct account a;
	struct pool *pool = pool_new();
	auth_token_hash(tok, h);
	int ok = store_session_get(st, pool, h, clock_now(), &a) == 0;
	pool_free(pool);
	return ok;
}

static enum MHD_Result field_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *filename, const char *content_type,
				const char *transfer_encoding, const char *data, uint64_t off,
				size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	return form_add(cls, key, filename, data, off, size) == 0 ? MHD_YES : MHD_NO;
}

static void refuse(struct req_state *rs, int status, const char *msg)
{
	if (!rs->error) {
		rs->error = status;
		rs->error_msg = msg;
	}
}

/* Whether the request says a body follows. */
static int has_body(struct MHD_Connection *con)
{
	const char *cl =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return (cl && strtoull(cl, NULL, 10) > 0) || te;
}

/* Sets up the body reader the row asks for. */
static void body_setup(struct server *srv, struct MHD_Connection *con, struct req_state *rs)
{
	const struct route_row *row = rs->m.row;
	int upload = row->body == BODY_UPLOAD;
	int signed_row = row->access == ACCESS_ROLE || row->access == ACCESS_COMMITTEE;
	int session = signed_row && row->body != BODY_NONE && has_session(rs->press, con);
	rs->limit = row->limit;
	if (signed_row && !session && rs->limit > NO_SESSION_BODY)
		rs->limit = NO_SESSION_BODY;
	if (upload && session)
		rs->limit += srv->o->upload_max;
	/* Files kept in memory, with room for their parts' headers. */
	if (row->body == BODY_FILES)
		rs->limit += FORM_MEM_FILES_BYTES + FORM_MEM_FILES_MAX * 1024;
	const char *cl =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strtoull(cl, NULL, 10) > rs->limit) {
		refuse(rs, MHD_HTTP_CONTENT_TOO_LARGE,
		       upload ? "The upload is larger than this site accepts."
			      : "The request body is larger than this address accepts.");
		return;
	}
	if (row->body == BODY_FORM || row->body == BODY_UPLOAD || row->body == BODY_FILES) {
		/* Only a signed-in browser's file reaches the disk; others' are dropped as they
		 * come, and the request is refused for want of a session. */
		if (row->body == BODY_FILES)
			form_init_mem(&rs->form, FORM_MEM_FILES_BYTES, row->limit);
		else
			form_init(&rs->form, upload && session ? press_tmp_dir(rs->press) : NULL,
				  srv->o->upload_max, row->limit);
		rs->pp = MHD_create_post_processor(con, 65536, field_cb, &rs->form);
		if (!rs->pp && has_body(con))
			refuse(rs, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			       "A form is sent as application/x-www-form-urlencoded or "
			       "multipart/form-data.");
	}
}

/* An answer was queued (or not, ret says): its line in the access log. */
static enum MHD_Result answered(struct server *srv, struct MHD_Connection *con,
				struct req_state *rs, int ret)
{
	answer_log(srv, con, rs);
	return (enum MHD_Result)ret;
}

/* First call of a request: headers only. Nothing is answered yet (answering now would make
 * MHD close the connection with the body unread); a refusal waits for the body's end. */
static enum MHD_Result first_call(struct server *srv, struct MHD_Connection *con, const char *url,
				  const char *method, const char *version, struct req_state *rs)
{
	guard_headers_done(con);
	rs->pool = pool_new();
	rs->method = route_method_of(method);
	rs->method_name = method;
	rs->version = version;
	if (srv->log)
		rs->started = (long long)time(NULL);
	form_init(&rs->form, NULL, 0, 0);
	/* The absolute form "http://host/path" (RFC 9112 3.2.2) names the same path. */
	if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) {
		const char *path = strchr(strstr(url, "//") + 2, '/');
		url = path ? path : "/";
	}
	rs->url = pool_strdup(rs->pool, url);
	rs->host = request_host(con);
	rs->press = press_set_find(srv->presses, rs->host);
	if (!rs->press) {
		refuse(rs, MHD_HTTP_NOT_FOUND, NULL);
		return MHD_YES;
	}
	if (strlen(url) > ROUTE_MAX_PATH) {
		refuse(rs, MHD_HTTP_URI_TOO_LONG, "The address is too long.");
		return MHD_YES;
	}
	route_find(rs->method, url, strlen(url), rs->pool, &rs->m);
	if (rs->m.bad)
		refuse(rs, MHD_HTTP_BAD_REQUEST,
		       "The address is not valid: it has a broken %-escape or invalid UTF-8.");
	else if (!rs->m.row && rs->m.allow)
		refuse(rs, MHD_HTTP_METHOD_NOT_ALLOWED,
		       rs->m.allow & RM_POST ? "This address takes a form (POST)."
					     : "This address can only be read (GET or HEAD).");
	else if (!rs->m.row)
		refuse(rs, MHD_HTTP_NOT_FOUND, "There is nothing at this address.");
	else
		body_setup(srv, con, rs);
	/* A refusal known now waits for a short or chunked body to arrive, and is answered
	 * after it (closing with a body unread can reset the connection before the client
	 * reads the answer). A long one announced by its length is answered now: the client
	 * may be waiting for "100 Continue", which it will not get, and MHD closes after. */
	const char *cl =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (rs->error && cl && strtoull(cl, NULL, 10) > EARLY_ANSWER)
		return answered(srv, con, rs, answer_refusal(srv, con, rs));
	return MHD_YES;
}

/* A piece of the body: counted, checked against the row's limit, and read into the form or
 * the JSON buffer; after a refusal, dropped. */
static enum MHD_Result body_part(struct req_state *rs, const char *data, size_t n)
{
	rs->body_bytes += n;
	if (rs->error)
		return rs->body_bytes > DRAIN_MAX ? MHD_NO : MHD_YES;
	if (rs->body_bytes > rs->limit) {
		refuse(rs, MHD_HTTP_CONTENT_TOO_LARGE,
		       "The request body is larger than this address accepts.");
		return MHD_YES;
	}
	const struct route_row *row = rs->m.row;
	if (row->body == BODY_JSON) {
		buf_put(&rs->json, data, n);
	} else if (rs->pp && MHD_post_process(rs->pp, data, n) != MHD_YES) {
		refuse(rs, rs->form.file_error ? 500 : MHD_HTTP_BAD_REQUEST,
		       rs->form.file_error ? "The upload could not be written to disk."
					   : "The form could not be read: a field has no name, or "
					     "its encoding is broken.");
	}
	if (rs->form.overflow)
		refuse(rs, MHD_HTTP_CONTENT_TOO_LARGE,
		       "The form has more fields or more text than this address accepts.");
	else if (rs->form.no_name)
		refuse(rs, MHD_HTTP_BAD_REQUEST, "The form has a field without a name.");
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct req_state *rs = *con_cls;
	if (!rs)
		*con_cls = rs = xcalloc(1, sizeof(*rs));
	if (!rs->begun) {
		rs->begun = 1;
		return first_call(srv, con, url, method, version, rs);
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		return body_part(rs, upload_data, n);
	}
	if (rs->pp && !rs->error && MHD_post_process(rs->pp, NULL, 0) != MHD_YES)
		refuse(rs, MHD_HTTP_BAD_REQUEST,
		       "The form could not be read: a field has no name, or its encoding is "
		       "broken.");
	if (rs->error)
		return answered(srv, con, rs, answer_refusal(srv, con, rs));
	return answered(srv, con, rs, answer(srv, con, rs));
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct req_state *rs = *con_cls;
	(void)cls;
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		guard_request_done(con);
	if (rs) {
		if (rs->pp)
			MHD_destroy_post_processor(rs->pp);
		form_free(&rs->form);
		buf_free(&rs->json);
		pool_free(rs->pool);
		free(rs->target);
		free(rs);
	}
	*con_cls = NULL;
}

/* The request target as it was sent, query included, before MHD splits it: signatures of
 * other servers cover it byte for byte. Its state is made here, before the first call. */
static void *log_target(void *cls, const char *uri, struct MHD_Connection *con)
{
	(void)cls;
	(void)con;
	struct req_state *rs = xcalloc(1, sizeof(*rs));
	if (uri && strlen(uri) <= ROUTE_MAX_PATH * 4) {
		/* The absolute form "http://host/path" names the same target. */
		if (strncmp(uri, "http://", 7) == 0 || strncmp(uri, "https://", 8) == 0) {
			const char *path = strchr(strstr(uri, "//") + 2, '/');
			uri = path ? path : "/";
		}
		rs->target = xstrdup(uri);
	}
	return rs;
}

/* Keeps %-escapes as they are: route_find decodes the path itself, with UTF-8 checks. */
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

/* Raises the descriptor limit as far as allowed and sizes the connection limit to it, keeping
 * room for database, media and log files. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1000;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max == RLIM_INFINITY ? 65536 : rl.rlim_max;
		struct rlimit up = {want, rl.rlim_max};
		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl.rlim_cur = want;
	}
	rlim_t n = rl.rlim_cur == RLIM_INFINITY ? 65536 : rl.rlim_cur;
	rlim_t reserve = n / 8 > 256 ? n / 8 : 256;
	n = n > reserve + 64 ? n - reserve : 64;
	return n > 65536 ? 65536 : (unsigned)n;
}

/* The one-time setup link of a single press that has no owner yet: made before the server
 * starts (printed with the address it listens on, in one go). */
struct setup_link {
	int owner; /* as admin_setup_token: 0 a token was made, 1 there is an owner, -1 error */
	char token[AUTH_TOKEN_LEN + 1];
	char url[512]; /* the site's public address, without a trailing '/' */
};

static void make_setup_link(struct press *p, struct setup_link *l)
{
	struct store *st = press_store(p);
	struct pool *pool = pool_new();
	struct site site;
	l->owner = st ? admin_setup_token(st, l->token) : -1;
	l->url[0] = '\0';
	if (st && store_site_get(st, pool, &site) == 0) {
		size_t n = strlen(site.url);
		while (n && site.url[n - 1] == '/')
			n--;
		snprintf(l->url, sizeof(l->url), "%.*s", (int)n, site.url);
	}
	pool_free(pool);
}

static void print_setup_link(struct buf *out, const struct setup_link *l, const char *host,
			     unsigned port, int v6)
{
	const char *url = l->url;
	if (l->owner == 0)
		buf_printf(out,
			   "broadside: this site has no owner yet. Within 24 hours, open\n"
			   "  http://%s%s%s:%u/admin/setup?token=%s\n"
			   "%s%s%s%s%s"
			   "to choose the owner's handle and password (the link works once).\n",
			   v6 ? "[" : "", host, v6 ? "]" : "", port, l->token,
			   *url ? "or, at the site's public address,\n  " : "", url,
			   *url ? "/admin/setup?token=" : "", *url ? l->token : "",
			   *url ? "\n" : "");
	else if (l->owner < 0)
		buf_puts(out, "broadside: cannot make a setup link\n");
}

struct reload_ctx {
	struct server *srv;
	unsigned presses, failed;
};

static void reload_press(struct press *p, void *ud)
{
	struct reload_ctx *c = ud;
	c->presses++;
	if (press_theme_reload(p) != 0)
		c->failed++;
	cache_drop_ns(c->srv->cache, press_ns(p));
}

/* SIGHUP: every open press's theme from its files, the host map, the access log's file. */
static void reload(struct server *srv)
{
	char err[512];
	press_set_reload_hosts(srv->presses);
	struct reload_ctx c = {.srv = srv};
	press_set_each(srv->presses, reload_press, &c);
	int log_rc = srv->log ? access_log_reopen(srv->log, err, sizeof(err)) : 0;
	if (log_rc != 0)
		fprintf(stderr, "broadside: %s (writing on to the file open until now)\n", err);
	fprintf(stderr, "broadside: reloaded: the theme%s of %u press%s%s%s%s\n",
		c.presses == 1 ? "" : "s", c.presses, c.presses == 1 ? "" : "es",
		c.failed ? " (some kept their theme, see above)" : "",
		press_set_multi(srv->presses) ? ", the host map" : "",
		srv->log ? (log_rc ? ", not the access log" : ", the access log") : "");
	fflush(stderr);
}

int server_run(const struct server_opts *o)
{
	char err[512];
	struct server srv = {.o = o};
	struct sockaddr_storage ss;
	socklen_t sslen;
	int rc = 1;
	/* Blocked first, before opening a press (which may render every post after an upgrade)
	 * and before any thread: a `systemctl reload` meanwhile waits for sigwait below instead of
	 * ending the process, and the threads inherit the mask, so only sigwait sees them. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (resolve(o->listen, &ss, &sslen) != 0) {
		fprintf(stderr, "broadside: cannot listen on '%s' (use HOST:PORT)\n", o->listen);
		return 1;
	}
	fed_net_allow_private(o->federation_allow_private);
	if (o->federation_allow_private)
		fprintf(stderr, "broadside: federation may reach private and loopback addresses "
				"(--federation-allow-private: for tests only)\n");
	unsigned threads = o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	struct press_opts po = {
	    .data_dir = o->data_dir, .theme_dir = o->theme_dir, .slots = threads + 8};
	if (!(srv.presses = press_set_open(&po, err, sizeof(err)))) {
		fprintf(stderr, "broadside: %s\n", err);
		return 1;
	}
	if (o->access_log &&
	    !(srv.log = access_log_open(o->access_log, o->access_log_full_ip, err, sizeof(err)))) {
		fprintf(stderr, "broadside: %s\n", err);
		press_set_close(srv.presses);
		return 1;
	}
	srv.cache = cache_new(o->cache_bytes);
	/* A client may spend a burst of eight seconds' allowance at once. */
	if (o->work_ms)
		srv.budget =
		    budget_new(o->work_ms * 8 / 1000.0, o->work_ms / 1000.0, ANSWER_BUDGET_AT_ONCE);
	srv.guard = guard_new(o->per_address ? o->per_address : SERVER_PER_ADDRESS,
			      o->header_seconds ? o->header_seconds : SERVER_HEADER_SECONDS,
			      o->trust_proxy);

	/* The server's memory holds committee keys while unlocked and passphrases as they are
	 * typed: no core dump of it, and no other process of the same user may trace it or read
	 * its /proc/PID/mem (root still can; see the README's threat model). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* Cached pages are allocated by one thread and freed by another; with an arena per
	 * thread the freed memory stayed spread over them (150 MB resident for a 32 MB cache
	 * under a crawl, 100 MB with one arena). */
	mallopt(M_ARENA_MAX, 2);

	struct setup_link link = {.owner = 1};
	struct press *single =
	    press_set_multi(srv.presses) ? NULL : press_set_find(srv.presses, NULL);
	if (single)
		make_setup_link(single, &link);
	unsigned limit = connection_limit();
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
		(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
	    0, guard_accept, srv.guard, handle, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, limit,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_NOTIFY_COMPLETED,
	    completed, &srv, MHD_OPTION_NOTIFY_CONNECTION, guard_notify, srv.guard,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_URI_LOG_CALLBACK,
	    log_target, NULL, MHD_OPTION_END);
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
	unsigned port = info ? info->port : 0;
	/* One write, so that whoever reads the address reads the setup link with it. */
	struct buf ready = {0};
	buf_printf(&ready,
		   "broadside: serving %s%s on http://%s%s%s:%u/ (%u threads, %u connections)\n",
		   o->data_dir, press_set_multi(srv.presses) ? " (a server folder)" : "",
		   v6 ? "[" : "", host, v6 ? "]" : "", port, threads, limit);
	print_setup_link(&ready, &link, host, port, v6);
	fwrite(ready.data, 1, ready.len, stderr);
	fflush(stderr);
	buf_free(&ready);
	/* Mail, newsletters and the rest of the queued work run beside the requests. */
	/* Unlocked committee keys and throttle counts are forgotten on time, or not served. */
	if (forget_start() != 0) {
		fprintf(stderr, "broadside: cannot start the thread that forgets keys\n");
		MHD_stop_daemon(d);
		goto out;
	}
	struct job_worker *worker = job_worker_start(srv.presses);
	int sig = 0;
	while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
		reload(&srv);
	fprintf(stderr, "broadside: stopping (signal %d)\n", sig);
	job_worker_stop(worker);
	MHD_stop_daemon(d);
	forget_stop();
	rc = 0;
out:
	guard_free(srv.guard);
	budget_free(srv.budget);
	cache_free(srv.cache);
	access_log_close(srv.log);
	press_set_close(srv.presses);
	return rc;
}
