/* req: one request as every handler sees it, and the answer a handler fills in. */
#ifndef BS_REQ_H
#define BS_REQ_H

#include "auth/auth.h"
#include "store/store.h"
#include "store/store_users.h"
#include "util/buf.h"

struct form;
struct pool;
struct press;
struct press_keys;
struct route;
struct route_row;
struct theme;

/* Where a request value comes from, for req->get. */
enum req_kind { REQ_QUERY, REQ_HEADER, REQ_COOKIE };

struct req {
	/* Set by the HTTP layer from the connection and the press the Host names. */
	struct press *press;
	struct store *store;	       /* this thread's connection to the press's database */
	const struct press_keys *keys; /* the press's keys (crypto/keys.h) */
	struct pool *pool;	       /* freed when the answer is queued */
	const struct theme *theme;
	struct site site;
	const struct route_row *row; /* the route table's row that matched */
	const struct route *route;   /* the values its pattern and query held */
	int post;		     /* a POST (else GET or HEAD) */
	const char *path;	     /* the decoded path */
	const char *target;	     /* the path and query as sent, still %-escaped */
	const char *host;	     /* the checked Host header, or NULL */
	const char *addr; /* the client's address (the proxy's client with --trust-proxy) */
	/* A raw (still %-escaped for REQ_QUERY) value of the request, or NULL. */
	const char *(*get)(void *ud, enum req_kind kind, const char *key);
	void *get_ud;
	struct form *form;	   /* the posted form (form and upload rows), else NULL */
	const char *body;	   /* a JSON row's body (NUL-terminated), else NULL */
	size_t body_len;	   /* its length */
	const char *data_dir;	   /* the press's data folder */
	long long upload_max;	   /* the largest file an upload form may carry, in bytes */
	const char *theme_dir_opt; /* serve --theme: overrides the press's theme setting */
	const char *base_url;	   /* absolute site URL without a trailing '/': the url setting,
				      or http:// and the Host */
	long long now;

	/* Set by the dispatcher: the session and the CSRF token its forms carry. */
	const char *session; /* the bs_session cookie when it has a token's shape */
	const char *pre;     /* the bs_pre cookie (sign-in and setup forms), likewise */
	int signed_in;
	struct account me;
	unsigned char session_hash[32];
	char csrf[AUTH_CSRF_LEN + 1];
	int csrf_bad;	    /* a row that takes its own bad tokens (RF_CSRF_SOFT) got one */
	int secure;	    /* cookies get Secure (the site's url is https) */
	const char *cookie; /* the browser's comment-edit cookie (bs_edit), or NULL */
	/* A signed-in member (or subscriber), found from the bs_member cookie when the page
	 * needs to know; reader_member: the reader may read what is for members. */
	int member_checked, reader_member;
	long long member_id;
	int member_state;
	/* A signed row (ACCESS_SIGNED): the remote actor whose HTTP signature was verified (its
	 * fed_actors id), or 0 when the request may go on unsigned (see fed_signed_check). */
	long long signer_id;
	/* ACCESS_COMMITTEE rows: the signed-in user is on the standing committee; joined when
	 * they have chosen a committee passphrase; their key is unlocked for this session until
	 * unlocked_until (0: locked). */
	int committee_joined;
	long long unlocked_until;
};

/* How long a page with a comment form may be served from the cache (its form's token ages). */
#define PAGE_FORM_MAX_AGE 600

struct page_out {
	int status;	  /* HTTP status */
	const char *type; /* Content-Type */
	struct buf body;
	int cacheable; /* the same request will give the same bytes until the press changes */
	int immutable; /* may be cached by clients for a long time (versioned URL) */
	long long last_modified;  /* for Last-Modified and If-Modified-Since; 0 when unknown */
	int max_age;		  /* seconds the server may keep it cached; 0: until a change */
	const char *location;	  /* a 303's (or 301's) target */
	const char *set_cookie;	  /* a Set-Cookie value to send */
	const char *set_cookie2;  /* and a second one */
	const char *notice;	  /* admin pages: a message shown above the page */
	const char *allow;	  /* a 405's Allow header */
	int retry_after;	  /* a 429's or 503's Retry-After, in seconds; 0: none */
	int theme_changed;	  /* the press's theme setting changed: load it again */
	const char *changed_post; /* slug of a post whose comments changed: drop its pages */
	int fd;			  /* a file to send as the body (media), or -1 when body is used */
	long long fd_size;
	const char *etag; /* with fd: the file's ETag */
	int vary_accept;  /* the answer depends on Accept too (Vary: Accept) */
	int cors;	  /* any site's scripts may read it (Access-Control-Allow-Origin: *) */
	/* A body that is a file to download, not a page: its Content-Disposition
	 * ("attachment; filename=..."), or NULL. */
	const char *disposition;
};

/* A page_out ready to fill: no file, an empty body. */
void page_out_init(struct page_out *out);

/* 1 when an Accept header asks for ActivityPub JSON (application/activity+json, or
 * application/ld+json) rather than a page. */
int req_accepts_activity(const char *accept);

/* A query parameter decoded ('+' is a space), or NULL when absent or malformed. */
const char *req_arg(struct req *r, const char *key);
/* A form field, or "" when absent. */
const char *req_field(struct req *r, const char *key);
/* A request header or cookie as sent, or NULL. */
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);

#endif
