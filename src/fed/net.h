/* net: HTTP to other servers with libcurl: signed GETs of their documents and avatars, and
 * deliveries POSTed many at once on one curl multi, each with timeouts and size caps, never
 * to a private or loopback address (but with --federation-allow-private, for tests). */
#ifndef BS_FED_NET_H
#define BS_FED_NET_H

#include "util/buf.h"

#include <stddef.h>

struct evp_pkey_st;

/* Seconds to connect, and for a whole exchange. */
#define FED_CONNECT_SECONDS 10
#define FED_FETCH_SECONDS 20
#define FED_POST_SECONDS 30
/* The most a delivery's answer is read (the rest is dropped). */
#define FED_ANSWER_MAX (64 * 1024)
/* Redirects a GET follows (a POST follows none). */
#define FED_REDIRECTS 3

/* Whether private and loopback addresses may be reached (serve --federation-allow-private):
 * for tests on one machine only. */
void fed_net_allow_private(int yes);
int fed_net_private_allowed(void);
/* 1 when an address (IPv4 or IPv6, as text) is one no request may reach: loopback, private,
 * link-local, unique-local, carrier-grade NAT, multicast, unspecified, or mapped to one. */
int fed_addr_forbidden(const char *text);

/* Who signs a request: the key and its id. */
struct fed_signer {
	struct evp_pkey_st *key;
	const char *key_id;
	const char *user_agent;
};

/* A fetched document. */
struct fed_response {
	int status;		/* the HTTP status; 0 when no answer came */
	char content_type[128]; /* lowercase, parameters kept */
	char url[2048];		/* the URL that answered (after redirects) */
	struct buf body;
	char error[200]; /* why no answer came, or why it was refused */
};

/* GETs url signed by signer (draft-cavage over (request-target) host date accept), sending
 * accept, reading at most max bytes. 0 with the answer in r (any status), -1 with r->error
 * (refused address, too large, timeout, no connection). Free r->body. */
int fed_get(const struct fed_signer *signer, const char *url, const char *accept, size_t max,
	    struct fed_response *r);

/* One POST of a delivery. */
struct fed_post {
	const struct fed_signer *signer;
	const char *url;
	const char *body;
	size_t len;
	/* The outcome: */
	int status;	 /* 0: no answer */
	int retry_after; /* seconds a 429 or 503 asked for, or 0 */
	char error[200];
};

/* POSTs each one, all at once on a curl multi (at most FED_PARALLEL connections), each signed
 * freshly by its signer with Digest, Date, Host and Content-Type. No redirect is followed.
 * Returns when every one has an outcome. */
#define FED_PARALLEL 32
void fed_post_all(struct fed_post *posts, size_t n);

#endif
