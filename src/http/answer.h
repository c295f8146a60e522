/* answer: a request whose headers and body are in, answered: from the page cache, or by the
 * route's handler through the dispatcher, within the client's budget of uncached work. */
#ifndef BS_ANSWER_H
#define BS_ANSWER_H

#include "req/form.h"
#include "route/route.h"
#include "util/buf.h"

#include <stddef.h>

struct MHD_Connection;
struct MHD_PostProcessor;
struct access_log;
struct budget;
struct cache;
struct guard;
struct pool;
struct press;
struct press_set;
struct server_opts;

/* A client address may have at most this many pages made for it at once (serve --work-ms sets
 * how much time a second they may take). */
#define ANSWER_BUDGET_AT_ONCE 2

struct server {
	const struct server_opts *o;
	struct press_set *presses;
	struct cache *cache;
	struct guard *guard;
	struct budget *budget;	/* NULL: no limit on uncached work */
	struct access_log *log; /* NULL: serve without --access-log */
};

/* What one request holds between libmicrohttpd's calls. */
struct req_state {
	int begun;	   /* the first call (headers) was handled */
	char *target;	   /* the request target as sent, path and query (malloc'd) */
	struct pool *pool; /* lives until the request is done */
	unsigned method;   /* enum route_method, 0 for others */
	const char *method_name, *version; /* as the client sent them (MHD's, for the request) */
	const char *url;		   /* the raw path, still %-escaped */
	const char *host;		   /* the checked Host header, or NULL */
	const char *client; /* the client's address key (guard_addr_key), in memory only */
	int reader_checked, reader_member; /* see reader_class in answer.c */
	long long member_id;
	int member_state;
	struct press *press;
	struct route_match m; /* matched once, on the first call */
	size_t body_bytes, limit;
	int error; /* a refusal's status, answered once the body is in */
	const char *error_msg;
	struct MHD_PostProcessor *pp;
	struct form form;
	struct buf json;
	long long started;	 /* when the headers were in (unix seconds), for the log */
	unsigned long long sent; /* the size of the body queued */
	int logged;
};

/* Answers a request whose body is in. Returns MHD's result. */
int answer(struct server *srv, struct MHD_Connection *con, struct req_state *rs);
/* Answers with the refusal in rs->error: the press's error page, or plain text when no press
 * answers to the Host (naming none). */
int answer_refusal(struct server *srv, struct MHD_Connection *con, struct req_state *rs);
/* After an answer was queued: its line in the access log, once. Nothing without --access-log,
 * when no answer was queued, or for the path of an RF_NOLOG row. */
void answer_log(struct server *srv, struct MHD_Connection *con, struct req_state *rs);

#endif
