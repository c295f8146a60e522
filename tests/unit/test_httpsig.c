/* test_httpsig: HTTP Signatures: the published vectors of draft-cavage (appendix C) and RFC 9421
 * (B.2.3), our own signatures verified back, and every tampering refused. */
#include "crypto/rsa.h"
#include "fed/httpsig.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <string.h>
#include <strings.h>

/* The test key of draft-cavage-http-signatures appendix C (1024 bits: test vectors only). */
static const char cavage_pub[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3\n"
    "6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6\n"
    "Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw\n"
    "oYi+1hqp1fIekaxsyQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

/* test-key-rsa-pss of RFC 9421 appendix B.1.2. */
static const char rfc_pss_pub[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2\n"
    "+QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+\n"
    "oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq\n"
    "gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W\n"
    "Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4\n"
    "aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI\n"
    "2wIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

struct hdr {
	const char *name, *value;
};

struct msg {
	struct hdr h[16];
	int n;
};

static const char *lookup(void *ud, const char *name)
{
	struct msg *m = ud;
	for (int i = 0; i < m->n; i++)
		if (strcasecmp(m->h[i].name, name) == 0)
			return m->h[i].value;
	return NULL;
}

static void set(struct msg *m, const char *name, const char *value)
{
	for (int i = 0; i < m->n; i++)
		if (strcasecmp(m->h[i].name, name) == 0) {
			m->h[i].value = value;
			return;
		}
	m->h[m->n++] = (struct hdr){name, value};
}

static const char body[] = "{\"hello\": \"world\"}";

/* The request of draft-cavage appendix C. */
static void cavage_request(struct msg *m, struct httpsig_request *rq)
{
	memset(m, 0, sizeof(*m));
	set(m, "Host", "example.com");
	set(m, "Date", "Sun, 05 Jan 2014 21:31:40 GMT");
	set(m, "Content-Type", "application/json");
	set(m, "Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
	set(m, "Content-Length", "18");
	*rq = (struct httpsig_request){.method = "POST",
				       .target = "/foo?param=value&pet=dog",
				       .scheme = "https",
				       .header = lookup,
				       .ud = m,
				       .body = body,
				       .body_len = strlen(body)};
}

/* 2014-01-05 21:31:40 UTC, the vectors' Date. */
#define CAVAGE_NOW 1388957500LL

static int verify_cavage(const char *signature_header)
{
	struct msg m;
	struct httpsig_request rq;
	cavage_request(&m, &rq);
	struct pool *p = pool_new();
	struct httpsig s;
	EVP_PKEY *k = rsa_public_from_pem(cavage_pub, strlen(cavage_pub), 1024);
	cr_assert(k);
	int rc = httpsig_parse_cavage(signature_header, p, &s);
	if (rc == HTTPSIG_OK)
		rc = httpsig_verify(&rq, &s, k);
	EVP_PKEY_free(k);
	pool_free(p);
	return rc;
}

Test(httpsig, cavage_default_test_vector)
{
	cr_expect_eq(
	    verify_cavage("keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"SjWJWbWN7i0w"
			  "zBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uE"
			  "GKKCs+FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHg"
			  "VCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=\""),
	    HTTPSIG_OK);
}

static const char basic_sig[] =
    "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\","
    "signature=\"qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aA"
    "jn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDE"
    "mn04swr2Os0=\"";

Test(httpsig, cavage_basic_test_vector)
{
	cr_expect_eq(verify_cavage(basic_sig), HTTPSIG_OK);
	/* The same in another order of parameters and with spaces after the commas. */
	cr_expect_eq(
	    verify_cavage("signature=\"qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+Sb"
			  "rQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJW"
			  "eSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0=\", headers=\"(request-"
			  "target) host date\", keyId=\"Test\", algorithm=\"rsa-sha256\""),
	    HTTPSIG_OK);
}

Test(httpsig, cavage_all_headers_test_vector)
{
	cr_expect_eq(verify_cavage("keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-"
				   "target) host date content-type digest content-length\",signatur"
				   "e=\"vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+6"
				   "3LEM3v+MFHB32NfpB2bEKBIvB1q52LaEUHFv120V01IL+TAD48XaERZFukWgHoB"
				   "TLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=\""),
		     HTTPSIG_OK);
}

Test(httpsig, cavage_vector_checks)
{
	struct msg m;
	struct httpsig_request rq;
	cavage_request(&m, &rq);
	struct pool *p = pool_new();
	struct httpsig s;
	/* The basic test signs no digest: not enough for a POST with a body. */
	cr_assert_eq(httpsig_parse_cavage(basic_sig, p, &s), HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, CAVAGE_NOW), HTTPSIG_UNCOVERED);
	cr_assert_eq(httpsig_parse_cavage("keyId=\"Test\",headers=\"(request-target) host date "
					  "digest\",signature=\"AAAA\"",
					  p, &s),
		     HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, CAVAGE_NOW), HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, CAVAGE_NOW + 3601), HTTPSIG_DATE);
	cr_expect_eq(httpsig_check(&rq, &s, CAVAGE_NOW - 3601), HTTPSIG_DATE);
	set(&m, "Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPF=");
	cr_expect_eq(httpsig_check(&rq, &s, CAVAGE_NOW), HTTPSIG_DIGEST);
	/* A list of digests, any case of the name. */
	set(&m, "Digest", "sha-512=abc, sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
	cr_expect_eq(httpsig_check(&rq, &s, CAVAGE_NOW), HTTPSIG_OK);
	pool_free(p);
}

Test(httpsig, cavage_tampering_is_refused)
{
	struct msg m;
	struct httpsig_request rq;
	EVP_PKEY *k = rsa_public_from_pem(cavage_pub, strlen(cavage_pub), 1024);
	struct pool *p = pool_new();
	struct httpsig s;
	cr_assert_eq(httpsig_parse_cavage(basic_sig, p, &s), HTTPSIG_OK);
	cavage_request(&m, &rq);
	rq.target = "/foo?param=value&pet=cat";
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_BAD);
	cavage_request(&m, &rq);
	set(&m, "Host", "example.org");
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_BAD);
	cavage_request(&m, &rq);
	rq.method = "GET";
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_BAD);
	cavage_request(&m, &rq);
	set(&m, "Date", "Sun, 05 Jan 2014 21:31:41 GMT");
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_BAD);
	s.sig[10] ^= 1;
	cavage_request(&m, &rq);
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_BAD);
	/* A covered header that the request lacks. */
	cr_assert_eq(httpsig_parse_cavage("keyId=\"Test\",headers=\"(request-target) x-nope\","
					  "signature=\"AAAA\"",
					  p, &s),
		     HTTPSIG_OK);
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_MISSING);
	EVP_PKEY_free(k);
	pool_free(p);
}

Test(httpsig, malformed_headers)
{
	struct pool *p = pool_new();
	struct httpsig s;
	cr_expect_eq(httpsig_parse_cavage(NULL, p, &s), HTTPSIG_NONE);
	cr_expect_eq(httpsig_parse_cavage("", p, &s), HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_cavage("keyId=\"a\"", p, &s), HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_cavage("keyId=\"a,signature=\"AAAA\"", p, &s),
		     HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_cavage("keyId=\"a\",signature=\"!!!!\"", p, &s),
		     HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_cavage("keyId=\"a\",algorithm=\"hmac-sha256\",signature=\"AA"
					  "AA\"",
					  p, &s),
		     HTTPSIG_ALGORITHM);
	cr_expect_eq(httpsig_parse_cavage("keyId=\"a\",created=12x,signature=\"AAAA\"", p, &s),
		     HTTPSIG_MALFORMED);
	cr_expect_eq(
	    httpsig_parse_rfc9421("sig1=(\"@method\";req);keyid=\"k\"", "sig1=:AAAA:", p, &s),
	    HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_rfc9421("sig1=(\"@method\");keyid=\"k\", sig2=();keyid=\"k\"",
					   "sig1=:AAAA:", p, &s),
		     HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_rfc9421("sig1=(\"@method\");keyid=\"k\"", "sig2=:AAAA:", p, &s),
		     HTTPSIG_MALFORMED);
	cr_expect_eq(httpsig_parse_rfc9421("sig1=(\"@method\");keyid=\"k\";alg=\"ed25519\"",
					   "sig1=:AAAA:", p, &s),
		     HTTPSIG_ALGORITHM);
	pool_free(p);
}

/* The request of RFC 9421 appendix B.2 (its Content-Digest is a SHA-512). */
static void rfc_request(struct msg *m, struct httpsig_request *rq)
{
	memset(m, 0, sizeof(*m));
	set(m, "Host", "example.com");
	set(m, "Date", "Tue, 20 Apr 2021 02:07:55 GMT");
	set(m, "Content-Type", "application/json");
	set(m, "Content-Digest",
	    "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrI"
	    "iYllu7BNNyealdVLvRwEmTHWXvJwew==:");
	set(m, "Content-Length", "18");
	*rq = (struct httpsig_request){.method = "POST",
				       .target = "/foo?param=Value&Pet=dog",
				       .scheme = "https",
				       .header = lookup,
				       .ud = m,
				       .body = body,
				       .body_len = strlen(body)};
}

static const char b23_input[] =
    "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" "
    "\"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";
static const char b23_sig[] =
    "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeG"
    "t683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7Ks"
    "LNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9Bmzhu"
    "zF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4c"
    "UA==:";

Test(httpsig, rfc9421_full_coverage_vector)
{
	struct msg m;
	struct httpsig_request rq;
	rfc_request(&m, &rq);
	set(&m, "Signature-Input", b23_input);
	set(&m, "Signature", b23_sig);
	struct pool *p = pool_new();
	struct httpsig s;
	cr_assert_eq(httpsig_parse(&rq, p, &s), HTTPSIG_OK);
	cr_expect_eq(s.kind, HTTPSIG_RFC9421);
	cr_expect_str_eq(s.key_id, "test-key-rsa-pss");
	cr_expect_eq(s.created, 1618884473);
	cr_expect_eq(s.ncovered, 8);
	struct buf base = {0};
	cr_assert_eq(httpsig_base(&rq, &s, 1, &base), HTTPSIG_OK);
	cr_expect_str_eq(
	    buf_str(&base),
	    "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
	    "\"@method\": POST\n"
	    "\"@path\": /foo\n"
	    "\"@query\": ?param=Value&Pet=dog\n"
	    "\"@authority\": example.com\n"
	    "\"content-type\": application/json\n"
	    "\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm"
	    "+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:\n"
	    "\"content-length\": 18\n"
	    "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" "
	    "\"@authority\" \"content-type\" \"content-digest\" \"content-length\");"
	    "created=1618884473;keyid=\"test-key-rsa-pss\"");
	buf_free(&base);
	/* The key is an RSA-PSS key: without an alg parameter, the key says which. */
	s.scheme = RSA_PSS_SHA512;
	EVP_PKEY *k = rsa_public_from_pem(rfc_pss_pub, strlen(rfc_pss_pub), 2048);
	cr_assert(k);
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473 + 60), HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473 + 7200), HTTPSIG_DATE);
	set(&m, "Content-Type", "text/plain");
	cr_expect_eq(httpsig_verify(&rq, &s, k), HTTPSIG_BAD);
	rfc_request(&m, &rq);
	rq.body = "{\"hello\": \"World\"}";
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473), HTTPSIG_DIGEST);
	EVP_PKEY_free(k);
	pool_free(p);
}

Test(httpsig, rfc9421_needs_method_target_and_digest)
{
	struct msg m;
	struct httpsig_request rq;
	rfc_request(&m, &rq);
	struct pool *p = pool_new();
	struct httpsig s;
	cr_assert_eq(
	    httpsig_parse_rfc9421("a=(\"@authority\" \"content-digest\");created=1618884473;"
				  "keyid=\"k\"",
				  "a=:AAAA:", p, &s),
	    HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473), HTTPSIG_UNCOVERED);
	cr_assert_eq(httpsig_parse_rfc9421("a=(\"@method\" \"@target-uri\");created=1618884473;"
					   "keyid=\"k\"",
					   "a=:AAAA:", p, &s),
		     HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473), HTTPSIG_UNCOVERED);
	cr_assert_eq(httpsig_parse_rfc9421("a=(\"@method\" \"@target-uri\" \"content-digest\");"
					   "keyid=\"k\"",
					   "a=:AAAA:", p, &s),
		     HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473), HTTPSIG_UNCOVERED, "no created");
	cr_assert_eq(httpsig_parse_rfc9421("a=(\"@method\" \"@target-uri\" \"content-digest\");"
					   "created=1618884473;keyid=\"k\";alg=\"rsa-v1_5-sha256\"",
					   "a=:AAAA:", p, &s),
		     HTTPSIG_OK);
	cr_expect_eq(httpsig_check(&rq, &s, 1618884473), HTTPSIG_OK);
	struct buf base = {0};
	cr_assert_eq(httpsig_base(&rq, &s, 1, &base), HTTPSIG_OK);
	cr_expect(strstr(buf_str(&base),
			 "\"@target-uri\": https://example.com/foo?param=Value&Pet=dog\n"));
	buf_free(&base);
	pool_free(p);
}

Test(httpsig, our_signature_verifies_and_tampering_does_not)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	cr_assert(key);
	struct buf pem = {0};
	cr_assert_eq(rsa_public_pem(key, &pem), 0);
	EVP_PKEY *pub = rsa_public_from_pem(pem.data, pem.len, 2048);
	cr_assert(pub);
	char digest[64];
	httpsig_digest(body, strlen(body), digest);
	cr_expect_str_eq(digest, "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
	struct httpsig_field f[] = {{"Host", "remote.example:8443"},
				    {"Date", "Tue, 01 Dec 2026 10:00:00 GMT"},
				    {"Digest", digest},
				    {"Content-Type", "application/activity+json"}};
	struct buf sig = {0};
	cr_assert_eq(httpsig_sign(key, "https://press.example/users/mara#main-key", "POST",
				  "/users/ann/inbox", f, 4, &sig),
		     0);
	cr_expect(strstr(buf_str(&sig), "headers=\"(request-target) host date digest "
					"content-type\""));
	struct msg m = {0};
	for (int i = 0; i < 4; i++)
		set(&m, f[i].name, f[i].value);
	set(&m, "Signature", buf_str(&sig));
	struct httpsig_request rq = {.method = "POST",
				     .target = "/users/ann/inbox",
				     .scheme = "https",
				     .header = lookup,
				     .ud = &m,
				     .body = body,
				     .body_len = strlen(body)};
	struct pool *p = pool_new();
	struct httpsig s;
	cr_assert_eq(httpsig_parse(&rq, p, &s), HTTPSIG_OK);
	cr_expect_str_eq(s.key_id, "https://press.example/users/mara#main-key");
	long long now = 1796119200; /* the Date above */
	cr_expect_eq(httpsig_check(&rq, &s, now), HTTPSIG_OK);
	cr_expect_eq(httpsig_verify(&rq, &s, pub), HTTPSIG_OK);
	/* A tampered body no longer matches its digest. */
	rq.body = "{\"hello\": \"there\"}";
	cr_expect_eq(httpsig_check(&rq, &s, now), HTTPSIG_DIGEST);
	rq.body = body;
	/* Two hours old. */
	cr_expect_eq(httpsig_check(&rq, &s, now + 7200), HTTPSIG_DATE);
	/* Another key. */
	EVP_PKEY *other = EVP_RSA_gen(2048);
	cr_expect_eq(httpsig_verify(&rq, &s, other), HTTPSIG_BAD);
	/* Another Host than was signed. */
	set(&m, "Host", "remote.example");
	cr_expect_eq(httpsig_verify(&rq, &s, pub), HTTPSIG_BAD);
	EVP_PKEY_free(other);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(key);
	buf_free(&sig);
	buf_free(&pem);
	pool_free(p);
}

Test(httpsig, public_keys_from_pem)
{
	cr_expect_null(rsa_public_from_pem(cavage_pub, strlen(cavage_pub), 2048),
		       "1024 bits are too few for another server's key");
	cr_expect_null(rsa_public_from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC "
					   "KEY-----\n",
					   56, 2048));
	cr_expect_null(rsa_public_from_pem("", 0, 2048));
	/* PKCS#1, as some servers publish it: test-key-rsa of RFC 9421 B.1.1. */
	static const char pkcs1[] =
	    "-----BEGIN RSA PUBLIC KEY-----\n"
	    "MIIBCgKCAQEAhAKYdtoeoy8zcAcR874L8cnZxKzAGwd7v36APp7Pv6Q2jdsPBRrw\n"
	    "WEBnez6d0UDKDwGbc6nxfEXAy5mbhgajzrw3MOEt8uA5txSKobBpKDeBLOsdJKFq\n"
	    "MGmXCQvEG7YemcxDTRPxAleIAgYYRjTSd/QBwVW9OwNFhekro3RtlinV0a75jfZg\n"
	    "kne/YiktSvLG34lw2zqXBDTC5NHROUqGTlML4PlNZS5Ri2U4aCNx2rUPRcKIlE0P\n"
	    "uKxI4T+HIaFpv8+rdV6eUgOrB2xeI1dSFFn/nnv5OoZJEIB+VmuKn3DCUcCZSFlQ\n"
	    "PSXSfBDiUGhwOw76WuSSsf1D4b/vLoJ10wIDAQAB\n"
	    "-----END RSA PUBLIC KEY-----\n";
	EVP_PKEY *k = rsa_public_from_pem(pkcs1, strlen(pkcs1), 2048);
	cr_expect(k);
	EVP_PKEY_free(k);
}

Test(httpsig, content_digest)
{
	cr_expect(httpsig_content_digest_ok(
	    "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body, strlen(body)));
	cr_expect(!httpsig_content_digest_ok(
	    "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPF=:", body, strlen(body)));
	cr_expect(!httpsig_content_digest_ok(
	    "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", body, strlen(body)));
	cr_expect(!httpsig_content_digest_ok(NULL, body, strlen(body)));
	cr_expect(!httpsig_digest_ok("MD5=abc", body, strlen(body)));
}
