/* httpsig: parsing both kinds of signature headers, their signing strings, the checks Mastodon
 * makes before it trusts one, digests of bodies, and signing our own requests. */
#include "fed/httpsig.h"
#include "crypto/rsa.h"
#include "http/httpdate.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *httpsig_strerror(int result)
{
	switch (result) {
	case HTTPSIG_OK:
		return "the signature is valid";
	case HTTPSIG_NONE:
		return "the request is not signed (no Signature header)";
	case HTTPSIG_MALFORMED:
		return "the Signature (or Signature-Input) header cannot be read";
	case HTTPSIG_ALGORITHM:
		return "the signature's algorithm is not rsa-sha256 (or hs2019 with an RSA key)";
	case HTTPSIG_UNCOVERED:
		return "the signature leaves out a header that must be signed (the Date, the "
		       "target, the Host of a GET, the Digest of a body)";
	case HTTPSIG_MISSING:
		return "a header the signature covers is not in the request";
	case HTTPSIG_DATE:
		return "the signature's Date (or created) is more than an hour off, or it expired";
	case HTTPSIG_DIGEST:
		return "the body does not match its Digest (or Content-Digest) header";
	case HTTPSIG_BAD:
		return "the signature does not verify with the signer's key";
	}
	return "the signature cannot be checked";
}

static const char *skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static char *lower_dup(struct pool *p, const char *s, size_t n)
{
	char *d = pool_strndup(p, s, n);
	for (size_t i = 0; i < n; i++)
		if (d[i] >= 'A' && d[i] <= 'Z')
			d[i] = (char)(d[i] - 'A' + 'a');
	return d;
}

/* Base64 (standard alphabet, padding optional) into the signature's bytes: 0 or -1. */
static int take_sig(struct httpsig *out, const char *b64, size_t n)
{
	size_t len;
	if (n == 0 || n > 2 * sizeof(out->sig) ||
	    sodium_base642bin(out->sig, sizeof(out->sig), b64, n, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len == 0)
		return -1;
	out->siglen = len;
	return 0;
}

/* A whole non-negative integer of at most 15 digits: 0 and *v, or -1. */
static int take_int(const char *s, size_t n, long long *v)
{
	if (n == 0 || n > 15 || strspn(s, "0123456789") < n)
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + (s[i] - '0');
	return 0;
}

/* Splits a cavage headers="..." list into lowercase names. */
static int take_headers(struct httpsig *out, struct pool *p, const char *s, size_t n)
{
	const char **names = pool_alloc(p, HTTPSIG_COVERED_MAX * sizeof(*names));
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j > i) {
			if (k == HTTPSIG_COVERED_MAX)
				return -1;
			names[k++] = lower_dup(p, s + i, j - i);
		}
		i = j;
	}
	if (k == 0)
		return -1;
	out->covered = names;
	out->ncovered = k;
	return 0;
}

int httpsig_parse_cavage(const char *value, struct pool *p, struct httpsig *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = HTTPSIG_CAVAGE;
	out->scheme = RSA_PKCS1_SHA256;
	if (!value)
		return HTTPSIG_NONE;
	if (strlen(value) > HTTPSIG_HEADER_MAX)
		return HTTPSIG_MALFORMED;
	int have_sig = 0;
	const char *s = skip_ows(value);
	while (*s) {
		const char *name = s;
		while (*s && *s != '=' && *s != ',' && *s != ' ')
			s++;
		size_t nlen = (size_t)(s - name);
		if (*s != '=' || nlen == 0)
			return HTTPSIG_MALFORMED;
		s++;
		const char *v;
		size_t vlen;
		if (*s == '"') {
			v = ++s;
			while (*s && *s != '"')
				s++;
			if (*s != '"')
				return HTTPSIG_MALFORMED;
			vlen = (size_t)(s - v);
			s++;
		} else {
			v = s;
			while (*s && *s != ',' && *s != ' ')
				s++;
			vlen = (size_t)(s - v);
		}
#define NAME(x) (nlen == sizeof(x) - 1 && strncasecmp(name, x, nlen) == 0)
		if (NAME("keyId")) {
			if (vlen == 0 || vlen > 2048)
				return HTTPSIG_MALFORMED;
			out->key_id = pool_strndup(p, v, vlen);
		} else if (NAME("algorithm")) {
			if (!((vlen == 10 && strncasecmp(v, "rsa-sha256", 10) == 0) ||
			      (vlen == 6 && strncasecmp(v, "hs2019", 6) == 0)))
				return HTTPSIG_ALGORITHM;
		} else if (NAME("headers")) {
			if (take_headers(out, p, v, vlen) != 0)
				return HTTPSIG_MALFORMED;
		} else if (NAME("signature")) {
			if (take_sig(out, v, vlen) != 0)
				return HTTPSIG_MALFORMED;
			have_sig = 1;
		} else if (NAME("created")) {
			if (take_int(v, vlen, &out->created) != 0)
				return HTTPSIG_MALFORMED;
		} else if (NAME("expires")) {
			if (take_int(v, vlen, &out->expires) != 0)
				return HTTPSIG_MALFORMED;
		}
#undef NAME
		s = skip_ows(s);
		if (*s == ',')
			s = skip_ows(s + 1);
		else if (*s)
			return HTTPSIG_MALFORMED;
	}
	if (!out->key_id || !have_sig)
		return HTTPSIG_MALFORMED;
	if (!out->covered) {
		/* The draft's default: the Date alone. */
		static const char *const date_only[] = {"date"};
		out->covered = (const char **)date_only;
		out->ncovered = 1;
	}
	return HTTPSIG_OK;
}

/* RFC 8941 pieces: a key, a string, an integer, a byte sequence. Each returns the text after
 * it, or NULL when s does not start with one. */
static const char *sf_key(const char *s, const char **k, size_t *n)
{
	const char *b = s;
	if (!((*s >= 'a' && *s <= 'z') || *s == '*'))
		return NULL;
	while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
	       *s == '.' || *s == '*')
		s++;
	*k = b;
	*n = (size_t)(s - b);
	return s;
}

static const char *sf_string(const char *s, struct pool *p, const char **out)
{
	if (*s != '"')
		return NULL;
	struct buf b = {0};
	for (s++; *s && *s != '"'; s++) {
		if (*s == '\\') {
			s++;
			if (*s != '"' && *s != '\\') {
				buf_free(&b);
				return NULL;
			}
		} else if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) {
			buf_free(&b);
			return NULL;
		}
		buf_putc(&b, *s);
	}
	if (*s != '"') {
		buf_free(&b);
		return NULL;
	}
	*out = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s + 1;
}

static const char *sf_integer(const char *s, long long *v)
{
	size_t n = strspn(s, "0123456789");
	return take_int(s, n, v) == 0 ? s + n : NULL;
}

/* Skips any other bare item (a token, a boolean, a decimal): enough to pass over parameters
 * we do not read. */
static const char *sf_skip_item(const char *s)
{
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++)
			if (*s == '\\' && s[1])
				s++;
		return *s == '"' ? s + 1 : NULL;
	}
	const char *b = s;
	while (*s && *s != ';' && *s != ',' && *s != ' ' && *s != ')' && *s != '(')
		s++;
	return s > b ? s : NULL;
}

/* The parameters of the inner list: created, expires, keyid, alg (others are skipped). */
static const char *sf_params(const char *s, struct pool *p, struct httpsig *out)
{
	while (*s == ';') {
		const char *k;
		size_t n;
		if (!(s = sf_key(s + 1, &k, &n)))
			return NULL;
		if (*s != '=')
			continue; /* a boolean true */
		s++;
#define KEY(x) (n == sizeof(x) - 1 && strncmp(k, x, n) == 0)
		if (KEY("created")) {
			s = sf_integer(s, &out->created);
		} else if (KEY("expires")) {
			s = sf_integer(s, &out->expires);
		} else if (KEY("keyid")) {
			s = sf_string(s, p, &out->key_id);
		} else if (KEY("alg")) {
			const char *alg;
			if (!(s = sf_string(s, p, &alg)))
				return NULL;
			if (strcmp(alg, "rsa-v1_5-sha256") == 0)
				out->scheme = RSA_PKCS1_SHA256;
			else if (strcmp(alg, "rsa-pss-sha512") == 0)
				out->scheme = RSA_PSS_SHA512;
			else
				out->scheme = -2;
		} else {
			s = sf_skip_item(s);
		}
#undef KEY
		if (!s)
			return NULL;
	}
	return s;
}

/* Finds the dictionary member label=... in a header: the text of its value, or NULL. */
static const char *sf_member(const char *dict, const char *label)
{
	size_t ln = strlen(label);
	const char *s = skip_ows(dict);
	while (*s) {
		const char *k;
		size_t n;
		const char *after = sf_key(s, &k, &n);
		if (!after)
			return NULL;
		if (n == ln && strncmp(k, label, n) == 0 && *after == '=')
			return after + 1;
		/* Skip this member's value to the next comma outside strings and lists. */
		int depth = 0, quoted = 0;
		for (s = after; *s; s++) {
			if (quoted) {
				if (*s == '\\' && s[1])
					s++;
				else if (*s == '"')
					quoted = 0;
			} else if (*s == '"') {
				quoted = 1;
			} else if (*s == '(') {
				depth++;
			} else if (*s == ')') {
				depth--;
			} else if (*s == ',' && depth == 0) {
				break;
			}
		}
		if (*s == ',')
			s = skip_ows(s + 1);
	}
	return NULL;
}

int httpsig_parse_rfc9421(const char *input, const char *signature, struct pool *p,
			  struct httpsig *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = HTTPSIG_RFC9421;
	out->scheme = -1;
	if (!input || !signature)
		return HTTPSIG_NONE;
	if (strlen(input) > HTTPSIG_HEADER_MAX || strlen(signature) > HTTPSIG_HEADER_MAX)
		return HTTPSIG_MALFORMED;
	const char *k;
	size_t n;
	const char *s = sf_key(skip_ows(input), &k, &n);
	if (!s || *s != '=' || s[1] != '(')
		return HTTPSIG_MALFORMED;
	const char *label = pool_strndup(p, k, n);
	const char *params = ++s;
	const char **covered = pool_alloc(p, HTTPSIG_COVERED_MAX * sizeof(*covered));
	size_t nc = 0;
	s++;
	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == ')')
			break;
		const char *item;
		if (nc == HTTPSIG_COVERED_MAX || !(s = sf_string(s, p, &item)) || *item == '\0')
			return HTTPSIG_MALFORMED;
		/* Components with parameters (;sf, ;key, ;req, ;name) are not taken. */
		if (*s == ';')
			return HTTPSIG_MALFORMED;
		for (const char *c = item; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				return HTTPSIG_MALFORMED;
		covered[nc++] = item;
		if (*s != ' ' && *s != ')')
			return HTTPSIG_MALFORMED;
	}
	s++;
	if (!(s = sf_params(s, p, out)))
		return HTTPSIG_MALFORMED;
	out->params = pool_strndup(p, params, (size_t)(s - params));
	s = skip_ows(s);
	/* One signature only, as Mastodon takes it. */
	if (*s)
		return HTTPSIG_MALFORMED;
	if (out->scheme == -2)
		return HTTPSIG_ALGORITHM;
	out->covered = covered;
	out->ncovered = nc;
	const char *v = sf_member(signature, label);
	if (!v || *v != ':')
		return HTTPSIG_MALFORMED;
	const char *end = strchr(v + 1, ':');
	if (!end || take_sig(out, v + 1, (size_t)(end - v - 1)) != 0)
		return HTTPSIG_MALFORMED;
	if (!out->key_id || !*out->key_id || strlen(out->key_id) > 2048)
		return HTTPSIG_MALFORMED;
	return HTTPSIG_OK;
}

int httpsig_parse(const struct httpsig_request *rq, struct pool *p, struct httpsig *out)
{
	const char *input = rq->header(rq->ud, "Signature-Input");
	if (input)
		return httpsig_parse_rfc9421(input, rq->header(rq->ud, "Signature"), p, out);
	const char *sig = rq->header(rq->ud, "Signature");
	if (!sig) {
		const char *auth = rq->header(rq->ud, "Authorization");
		if (auth && strncasecmp(auth, "Signature ", 10) == 0)
			sig = auth + 10;
	}
	return httpsig_parse_cavage(sig, p, out);
}

static int covers(const struct httpsig *s, const char *name)
{
	for (size_t i = 0; i < s->ncovered; i++)
		if (strcmp(s->covered[i], name) == 0)
			return 1;
	return 0;
}

static int in_window(long long t, long long now)
{
	return t >= now - HTTPSIG_WINDOW && t <= now + HTTPSIG_WINDOW;
}

int httpsig_check(const struct httpsig_request *rq, const struct httpsig *s, long long now)
{
	int body = rq->body != NULL;
	if (s->expires && now > s->expires)
		return HTTPSIG_DATE;
	if (s->kind == HTTPSIG_CAVAGE) {
		int date = covers(s, "date"), created = covers(s, "(created)");
		if (!date && !created)
			return HTTPSIG_UNCOVERED;
		if (!covers(s, "(request-target)") && !covers(s, "digest"))
			return HTTPSIG_UNCOVERED;
		if (!body && !covers(s, "host"))
			return HTTPSIG_UNCOVERED;
		if (body && !covers(s, "digest"))
			return HTTPSIG_UNCOVERED;
		if (date) {
			long long t;
			const char *d = rq->header(rq->ud, "Date");
			if (!d)
				return HTTPSIG_MISSING;
			if (http_date_parse(d, &t) != 0 || !in_window(t, now))
				return HTTPSIG_DATE;
		}
		if (created && (!s->created || !in_window(s->created, now)))
			return HTTPSIG_DATE;
		if (body &&
		    !httpsig_digest_ok(rq->header(rq->ud, "Digest"), rq->body, rq->body_len))
			return HTTPSIG_DIGEST;
		return HTTPSIG_OK;
	}
	if (!s->created)
		return HTTPSIG_UNCOVERED;
	if (!in_window(s->created, now))
		return HTTPSIG_DATE;
	if (!covers(s, "@method") ||
	    !(covers(s, "@target-uri") ||
	      (covers(s, "@authority") && (covers(s, "@path") || covers(s, "@request-target")))))
		return HTTPSIG_UNCOVERED;
	if (body && !covers(s, "content-digest"))
		return HTTPSIG_UNCOVERED;
	if (body && !httpsig_content_digest_ok(rq->header(rq->ud, "Content-Digest"), rq->body,
					       rq->body_len))
		return HTTPSIG_DIGEST;
	return HTTPSIG_OK;
}

/* A header's value without surrounding spaces, appended; -1 when absent. */
static int put_header(const struct httpsig_request *rq, const char *name, struct buf *out)
{
	const char *v = rq->header(rq->ud, name);
	if (!v)
		return -1;
	v = skip_ows(v);
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	buf_put(out, v, n);
	return 0;
}

static void put_lower(struct buf *out, const char *s)
{
	for (; *s; s++)
		buf_putc(out, *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s);
}

/* One RFC 9421 component's value: 0, or -1 when it is absent or unknown. */
static int put_component(const struct httpsig_request *rq, const char *c, struct buf *out)
{
	const char *q = strchr(rq->target, '?');
	size_t plen = q ? (size_t)(q - rq->target) : strlen(rq->target);
	if (strcmp(c, "@method") == 0) {
		buf_puts(out, rq->method);
	} else if (strcmp(c, "@target-uri") == 0) {
		buf_puts(out, rq->scheme);
		buf_puts(out, "://");
		if (put_header(rq, "Host", out) != 0)
			return -1;
		buf_puts(out, rq->target);
	} else if (strcmp(c, "@authority") == 0) {
		const char *h = rq->header(rq->ud, "Host");
		if (!h)
			return -1;
		put_lower(out, h);
	} else if (strcmp(c, "@scheme") == 0) {
		buf_puts(out, rq->scheme);
	} else if (strcmp(c, "@request-target") == 0) {
		buf_puts(out, rq->target);
	} else if (strcmp(c, "@path") == 0) {
		buf_put(out, rq->target, plen);
	} else if (strcmp(c, "@query") == 0) {
		buf_puts(out, q ? q : "?");
	} else if (c[0] == '@') {
		return -1;
	} else if (put_header(rq, c, out) != 0) {
		return -1;
	}
	return 0;
}

int httpsig_base(const struct httpsig_request *rq, const struct httpsig *s, int with_query,
		 struct buf *out)
{
	for (size_t i = 0; i < s->ncovered; i++) {
		const char *c = s->covered[i];
		if (s->kind == HTTPSIG_RFC9421) {
			buf_printf(out, "\"%s\": ", c);
			if (put_component(rq, c, out) != 0)
				return HTTPSIG_MISSING;
			buf_putc(out, '\n');
			continue;
		}
		if (i)
			buf_putc(out, '\n');
		buf_printf(out, "%s: ", c);
		if (strcmp(c, "(request-target)") == 0) {
			put_lower(out, rq->method);
			buf_putc(out, ' ');
			const char *q = strchr(rq->target, '?');
			if (with_query || !q)
				buf_puts(out, rq->target);
			else
				buf_put(out, rq->target, (size_t)(q - rq->target));
		} else if (strcmp(c, "(created)") == 0 && s->created) {
			buf_printf(out, "%lld", s->created);
		} else if (strcmp(c, "(expires)") == 0 && s->expires) {
			buf_printf(out, "%lld", s->expires);
		} else if (c[0] == '(' || put_header(rq, c, out) != 0) {
			return HTTPSIG_MISSING;
		}
	}
	if (s->kind == HTTPSIG_RFC9421)
		buf_printf(out, "\"@signature-params\": %s", s->params);
	return HTTPSIG_OK;
}

int httpsig_verify(const struct httpsig_request *rq, const struct httpsig *s,
		   struct evp_pkey_st *key)
{
	enum rsa_scheme scheme = s->scheme == RSA_PSS_SHA512 ? RSA_PSS_SHA512 : RSA_PKCS1_SHA256;
	int tries = s->kind == HTTPSIG_CAVAGE && strchr(rq->target, '?') ? 2 : 1;
	for (int t = 0; t < tries; t++) {
		struct buf b = {0};
		int rc = httpsig_base(rq, s, t == 0, &b);
		int ok =
		    rc == HTTPSIG_OK && rsa_verify(key, scheme, b.data, b.len, s->sig, s->siglen);
		buf_free(&b);
		if (rc != HTTPSIG_OK)
			return rc;
		if (ok)
			return HTTPSIG_OK;
	}
	return HTTPSIG_BAD;
}

void httpsig_digest(const void *body, size_t n, char out[64])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, body, n);
	memcpy(out, "SHA-256=", 8);
	sodium_bin2base64(out + 8, 64 - 8, h, sizeof(h), sodium_base64_VARIANT_ORIGINAL);
}

/* Whether b64 (n bytes) is the base64 of the digest d (dlen bytes), in constant time. */
static int digest_matches(const char *b64, size_t n, const unsigned char *d, size_t dlen)
{
	unsigned char got[64];
	size_t len;
	if (n > 128 ||
	    sodium_base642bin(got, sizeof(got), b64, n, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != dlen)
		return 0;
	return sodium_memcmp(got, d, dlen) == 0;
}

int httpsig_digest_ok(const char *header, const void *body, size_t n)
{
	if (!header || strlen(header) > HTTPSIG_HEADER_MAX)
		return 0;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, body, n);
	for (const char *s = header; *s;) {
		s = skip_ows(s);
		size_t len = strcspn(s, ",");
		size_t vl = len;
		while (vl && (s[vl - 1] == ' ' || s[vl - 1] == '\t'))
			vl--;
		if (vl > 8 && strncasecmp(s, "SHA-256=", 8) == 0 &&
		    digest_matches(s + 8, vl - 8, h, sizeof(h)))
			return 1;
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

int httpsig_content_digest_ok(const char *header, const void *body, size_t n)
{
	if (!header || strlen(header) > HTTPSIG_HEADER_MAX)
		return 0;
	static const struct {
		const char *label;
		int sha512;
	} algs[] = {{"sha-256", 0}, {"sha-512", 1}};
	for (size_t a = 0; a < 2; a++) {
		const char *v = sf_member(header, algs[a].label);
		if (!v || *v != ':')
			continue;
		const char *end = strchr(v + 1, ':');
		if (!end)
			return 0;
		unsigned char h[crypto_hash_sha512_BYTES];
		size_t hl = algs[a].sha512 ? crypto_hash_sha512_BYTES : crypto_hash_sha256_BYTES;
		if (algs[a].sha512)
			crypto_hash_sha512(h, body, n);
		else
			crypto_hash_sha256(h, body, n);
		return digest_matches(v + 1, (size_t)(end - v - 1), h, hl);
	}
	return 0;
}

int httpsig_sign(struct evp_pkey_st *key, const char *key_id, const char *method,
		 const char *target, const struct httpsig_field *fields, size_t n, struct buf *out)
{
	struct buf str = {0}, sig = {0}, names = {0};
	buf_puts(&str, "(request-target): ");
	put_lower(&str, method);
	buf_putc(&str, ' ');
	buf_puts(&str, target);
	buf_puts(&names, "(request-target)");
	for (size_t i = 0; i < n; i++) {
		buf_putc(&str, '\n');
		put_lower(&str, fields[i].name);
		buf_puts(&str, ": ");
		buf_puts(&str, fields[i].value);
		buf_putc(&names, ' ');
		put_lower(&names, fields[i].name);
	}
	int rc = rsa_sign_sha256(key, str.data, str.len, &sig);
	if (rc == 0) {
		size_t b64len = sodium_base64_ENCODED_LEN(sig.len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = xmalloc(b64len);
		sodium_bin2base64(b64, b64len, (const unsigned char *)sig.data, sig.len,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out,
			   "keyId=\"%s\",algorithm=\"rsa-sha256\",headers=\"%s\",signature=\"%s\"",
			   key_id, buf_str(&names), b64);
		free(b64);
	}
	buf_free(&str);
	buf_free(&sig);
	buf_free(&names);
	return rc;
}
