/* fuzz_httpsig: Signature, Signature-Input, Authorization, Digest and Content-Digest headers
 * from other servers never crash the parsers; a parsed signature has a key id, a signature of
 * at most 1024 bytes and a bounded list of covered headers, and building its signing string
 * from a request never reads past what it was given. */
#include "fed/httpsig.h"
#include "util/buf.h"
#include "util/pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is split at its first two NUL bytes: header values for Signature (or
 * Signature-Input), Signature, and a digest header. */
static const char *field[3];

static const char *lookup(void *ud, const char *name)
{
	(void)ud;
	if (strcasecmp(name, "Signature-Input") == 0)
		return field[0][0] == 's' ? field[0] : NULL;
	if (strcasecmp(name, "Signature") == 0)
		return field[0][0] == 's' ? field[1] : field[0];
	if (strcasecmp(name, "Digest") == 0 || strcasecmp(name, "Content-Digest") == 0)
		return field[2];
	if (strcasecmp(name, "Host") == 0)
		return "press.example";
	if (strcasecmp(name, "Date") == 0)
		return "Tue, 01 Dec 2026 10:00:00 GMT";
	return NULL;
}

static void check(const struct httpsig_request *rq, const struct httpsig *s)
{
	if (!s->key_id || s->siglen == 0 || s->siglen > sizeof(s->sig) ||
	    s->ncovered > HTTPSIG_COVERED_MAX)
		abort();
	struct buf b = {0};
	httpsig_base(rq, s, 1, &b);
	httpsig_base(rq, s, 0, &b);
	httpsig_check(rq, s, 1796119200);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 3 * HTTPSIG_HEADER_MAX)
		return 0;
	char *copy = malloc(size + 3);
	memcpy(copy, data, size);
	copy[size] = copy[size + 1] = copy[size + 2] = '\0';
	field[0] = copy;
	field[1] = copy + strlen(copy) + 1;
	if (field[1] > copy + size)
		field[1] = copy + size + 1;
	field[2] = field[1] + strlen(field[1]) + 1;
	if (field[2] > copy + size + 1)
		field[2] = copy + size + 2;
	struct pool *p = pool_new();
	struct httpsig s;
	struct httpsig_request rq = {.method = "POST",
				     .target = "/inbox?a=b",
				     .scheme = "https",
				     .header = lookup,
				     .body = "{}",
				     .body_len = 2};
	if (httpsig_parse(&rq, p, &s) == HTTPSIG_OK)
		check(&rq, &s);
	if (httpsig_parse_cavage(field[0], p, &s) == HTTPSIG_OK)
		check(&rq, &s);
	if (httpsig_parse_rfc9421(field[0], field[1], p, &s) == HTTPSIG_OK)
		check(&rq, &s);
	httpsig_digest_ok(field[2], data, size);
	httpsig_content_digest_ok(field[2], data, size);
	pool_free(p);
	free(copy);
	return 0;
}
