/* httpsig: HTTP Signatures as the Fediverse uses them: draft-cavage (signing, and verifying over
 * any header list with Digest) and RFC 9421 (verifying, with Content-Digest of RFC 9530). */
#ifndef BS_HTTPSIG_H
#define BS_HTTPSIG_H

#include <stddef.h>

struct buf;
struct evp_pkey_st;
struct pool;

/* The longest Signature, Signature-Input or Authorization header taken. */
#define HTTPSIG_HEADER_MAX 8192
/* The most headers or components one signature may cover. */
#define HTTPSIG_COVERED_MAX 32
/* How far a signature's Date (or created) may be from our clock, either way, in seconds. */
#define HTTPSIG_WINDOW 3600

/* A received request as the verifier sees it. */
struct httpsig_request {
	const char *method; /* "POST", as received */
	const char *target; /* the raw path and query: "/inbox?x=1" */
	const char *scheme; /* "https" or "http", for RFC 9421's @target-uri and @scheme */
	/* A header's value as received (name in any case), or NULL when absent. */
	const char *(*header)(void *ud, const char *name);
	void *ud;
	const void *body; /* the body, or NULL for none */
	size_t body_len;
};

enum httpsig_kind { HTTPSIG_CAVAGE, HTTPSIG_RFC9421 };

/* A parsed signature; every string lives in the pool it was parsed into. */
struct httpsig {
	enum httpsig_kind kind;
	const char *key_id;
	int scheme;	      /* enum rsa_scheme */
	const char **covered; /* cavage: lowercase header names and (pseudo-headers);
				 RFC 9421: component names, "@method", "content-digest" */
	size_t ncovered;
	unsigned char sig[1024]; /* the signature's bytes */
	size_t siglen;
	long long created, expires; /* 0 when absent */
	const char *params;	    /* RFC 9421: the inner list and parameters as sent */
};

enum httpsig_result {
	HTTPSIG_OK,
	HTTPSIG_NONE,	   /* the request carries no signature */
	HTTPSIG_MALFORMED, /* a signature header that does not parse */
	HTTPSIG_ALGORITHM, /* an algorithm other than RSA with SHA-256 (or RFC 9421's PSS) */
	HTTPSIG_UNCOVERED, /* a header that must be signed is not (date, digest, host ...) */
	HTTPSIG_MISSING,   /* a covered header is not in the request */
	HTTPSIG_DATE,	   /* Date or created more than HTTPSIG_WINDOW off, or expired */
	HTTPSIG_DIGEST,	   /* the body's digest is missing or does not match */
	HTTPSIG_BAD,	   /* the signature does not verify with the key */
};

/* A sentence for each result, naming the header at fault. */
const char *httpsig_strerror(int result);

/* Parses a draft-cavage Signature (or Authorization: Signature) value. */
int httpsig_parse_cavage(const char *value, struct pool *p, struct httpsig *out);
/* Parses RFC 9421's Signature-Input and Signature: exactly one signature is taken. */
int httpsig_parse_rfc9421(const char *input, const char *signature, struct pool *p,
			  struct httpsig *out);
/* The request's signature: RFC 9421 when it has Signature-Input, else draft-cavage. */
int httpsig_parse(const struct httpsig_request *rq, struct pool *p, struct httpsig *out);

/*
 * Checks what needs no key, as Mastodon does: the time is signed (date or created) and within
 * HTTPSIG_WINDOW of now, the target is (request-target, @method with @target-uri, or the
 * digest), a GET signs its host, a body signs its digest and the digest matches.
 */
int httpsig_check(const struct httpsig_request *rq, const struct httpsig *s, long long now);

/* The signing string (cavage) or signature base (RFC 9421) of the request, into out. For
 * cavage, with_query 0 leaves the query out of (request-target). HTTPSIG_OK or _MISSING. */
int httpsig_base(const struct httpsig_request *rq, const struct httpsig *s, int with_query,
		 struct buf *out);

/* Verifies the signature with key (the cavage target with its query, then without, as
 * Mastodon does). HTTPSIG_OK, _MISSING or _BAD. */
int httpsig_verify(const struct httpsig_request *rq, const struct httpsig *s,
		   struct evp_pkey_st *key);

/* "SHA-256=" and the base64 SHA-256 of body, for a Digest header (at least 54 bytes). */
void httpsig_digest(const void *body, size_t n, char out[64]);
/* 1 when a Digest header holds the body's SHA-256 (in a list, any case of the name). */
int httpsig_digest_ok(const char *header, const void *body, size_t n);
/* 1 when a Content-Digest header holds the body's sha-256 or sha-512. */
int httpsig_content_digest_ok(const char *header, const void *body, size_t n);

/* A header of a request being signed. */
struct httpsig_field {
	const char *name; /* as sent; signed in lowercase */
	const char *value;
};

/*
 * Signs a request with draft-cavage rsa-sha256 over (request-target) and the given headers,
 * in their order: the Signature header's value, appended to out. 0, or -1.
 */
int httpsig_sign(struct evp_pkey_st *key, const char *key_id, const char *method,
		 const char *target, const struct httpsig_field *fields, size_t n, struct buf *out);

#endif
