/* fed_bench: HTTP Signatures on this machine: how many draft-cavage signatures of a delivery
 * the press makes a second (RSA-2048, as each delivery is signed afresh), and how many an inbox
 * verifies (the header parsed, the time, target and digest checked, RSA verified). */
#include "crypto/rsa.h"
#include "fed/httpsig.h"
#include "util/buf.h"
#include "util/pool.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct hdr {
	const char *name, *value;
};
static struct hdr headers[6];
static int nheaders;

static const char *lookup(void *ud, const char *name)
{
	(void)ud;
	for (int i = 0; i < nheaders; i++)
		if (strcasecmp(headers[i].name, name) == 0)
			return headers[i].value;
	return NULL;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	struct buf pem = {0};
	if (!key || rsa_public_pem(key, &pem) != 0)
		return 1;
	const char *body = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"type\":\"Create\"}";
	char digest[64];
	httpsig_digest(body, strlen(body), digest);
	struct httpsig_field f[] = {{"Host", "remote.example"},
				    {"Date", "Tue, 01 Dec 2026 10:00:00 GMT"},
				    {"Digest", digest},
				    {"Content-Type", "application/activity+json"}};
	struct buf sig = {0};
	int n = 0;
	double t0 = seconds(), t1;
	do {
		buf_reset(&sig);
		if (httpsig_sign(key, "https://press.example/users/mara#main-key", "POST",
				 "/users/ann/inbox", f, 4, &sig) != 0)
			return 1;
		n++;
	} while ((t1 = seconds()) - t0 < 2.0);
	printf("signatures made: %.0f/s (RSA-2048, rsa-sha256 over (request-target) host date "
	       "digest content-type)\n",
	       n / (t1 - t0));
	for (int i = 0; i < 4; i++)
		headers[nheaders++] = (struct hdr){f[i].name, f[i].value};
	headers[nheaders++] = (struct hdr){"Signature", buf_str(&sig)};
	struct httpsig_request rq = {.method = "POST",
				     .target = "/users/ann/inbox",
				     .scheme = "https",
				     .header = lookup,
				     .body = body,
				     .body_len = strlen(body)};
	n = 0;
	t0 = seconds();
	do {
		struct pool *p = pool_new();
		struct httpsig s;
		/* The key as an inbox has it: the PEM of the actor's document, kept read. */
		EVP_PKEY *pub = rsa_public_cached(pem.data, pem.len, RSA_MIN_BITS);
		if (!pub || httpsig_parse(&rq, p, &s) != HTTPSIG_OK ||
		    httpsig_check(&rq, &s, 1796119200) != HTTPSIG_OK ||
		    httpsig_verify(&rq, &s, pub) != HTTPSIG_OK)
			return 1;
		EVP_PKEY_free(pub);
		pool_free(p);
		n++;
	} while ((t1 = seconds()) - t0 < 2.0);
	printf("signatures verified: %.0f/s (parsed, Date and Digest checked, RSA-2048 verified "
	       "with the sender's key as the inbox keeps it)\n",
	       n / (t1 - t0));
	n = 0;
	t0 = seconds();
	do {
		EVP_PKEY *pub = rsa_public_from_pem(pem.data, pem.len, RSA_MIN_BITS);
		if (!pub)
			return 1;
		EVP_PKEY_free(pub);
		n++;
	} while ((t1 = seconds()) - t0 < 1.0);
	printf("public keys read from PEM: %.0f/s (what a key seen for the first time costs)\n",
	       n / (t1 - t0));
	buf_free(&sig);
	buf_free(&pem);
	EVP_PKEY_free(key);
	return 0;
}
