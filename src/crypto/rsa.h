/* rsa: the press's RSA-2048 key for ActivityPub (made once, kept in DATA/keys/actor.pem, never
 * regenerated) and RSA signatures over OpenSSL 3's EVP interface, with remote public keys. */
#ifndef BS_RSA_H
#define BS_RSA_H

#include <stddef.h>

struct buf;
struct evp_pkey_st;

/* The file of the press's actor key, under DATA/keys/. */
#define RSA_KEY_FILE "actor.pem"
/* The largest public key PEM taken from another server, in bytes. */
#define RSA_PEM_MAX 16384

/*
 * Reads DATA/keys/actor.pem (mode 600, PKCS#8 PEM), or makes a new RSA-2048 key there when there
 * is none and had_one is 0. had_one says the database recorded a key before (a fingerprint): a
 * missing file is then refused, since a new key would break every follower's trust. Returns the
 * key, or NULL with err set. *made is 1 when it was just made.
 */
struct evp_pkey_st *rsa_key_open(const char *keys_dir, int had_one, int *made, char *err,
				 size_t errlen);
void rsa_key_free(struct evp_pkey_st *k);

/* The public half as SPKI PEM ("BEGIN PUBLIC KEY"), appended to out. 0 or -1. */
int rsa_public_pem(struct evp_pkey_st *k, struct buf *out);
/* A short fingerprint of the public key (hex of SHA-256 of its DER), at least 65 bytes. */
int rsa_fingerprint(struct evp_pkey_st *k, char out[65]);

/* RSASSA-PKCS1-v1_5 with SHA-256 of data: the signature (256 bytes for RSA-2048) appended to
 * out. 0, or -1. */
int rsa_sign_sha256(struct evp_pkey_st *k, const void *data, size_t n, struct buf *out);

/* The fewest bits a key of another server may have. */
#define RSA_MIN_BITS 2048
/* A public key from PEM: SPKI ("BEGIN PUBLIC KEY") or PKCS#1 ("BEGIN RSA PUBLIC KEY"). RSA keys
 * of min_bits to 8192 bits only. NULL when it is anything else. */
struct evp_pkey_st *rsa_public_from_pem(const char *pem, size_t n, int min_bits);

/* The same, kept in memory by a hash of the PEM for the next signature by that key: OpenSSL 3
 * takes longer to read a PEM than to verify a signature. A reference: free it with
 * rsa_key_free. Thread-safe. */
struct evp_pkey_st *rsa_public_cached(const char *pem, size_t n, int min_bits);

enum rsa_scheme {
	RSA_PKCS1_SHA256, /* rsa-sha256 and hs2019 of draft-cavage, rsa-v1_5-sha256 of RFC 9421 */
	RSA_PSS_SHA512,	  /* rsa-pss-sha512 of RFC 9421 */
};
/* 1 when sig is a valid signature of data under k, else 0. */
int rsa_verify(struct evp_pkey_st *k, enum rsa_scheme scheme, const void *data, size_t n,
	       const unsigned char *sig, size_t siglen);

#endif
