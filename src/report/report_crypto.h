/* report_crypto: the keys of reports, reporters and committee members, all in libsodium's
 * standard formats: sealed boxes to a report's key, a receipt's lookup id and reply keypair,
 * and a committee member's private key kept only under their passphrase or recovery key. */
#ifndef BS_REPORT_CRYPTO_H
#define BS_REPORT_CRYPTO_H

#include "report/receipt.h"

#include <sodium.h>
#include <stddef.h>

struct buf;
struct press_keys;

/* X25519 keys (crypto_box), and what a sealed box adds to its text: an ephemeral public key
 * and a MAC. */
#define RC_PK crypto_box_PUBLICKEYBYTES
#define RC_SK crypto_box_SECRETKEYBYTES
#define RC_SEAL crypto_box_SEALBYTES
#define RC_SALT crypto_pwhash_SALTBYTES
#define RC_LOOKUP 32

/*
 * Argon2id's cost for committee passphrases and receipts: 3 passes over 64 MiB (about 0.15 s
 * on one core). Each wrapped key and each report keeps the cost it was made with, so a later
 * version may raise it without losing what is stored.
 */
#define RC_OPS 3ULL
#define RC_MEM ((size_t)64 << 20)
/* What a stored cost may be, at most, before it is refused as damaged. */
#define RC_OPS_MAX 64ULL
#define RC_MEM_MAX ((size_t)1 << 30)

/* Appends n bytes sealed to pk (crypto_box_seal): only pk's secret key opens them, and
 * nothing of who sealed them is kept. */
void rc_seal(const unsigned char pk[RC_PK], const void *m, size_t n, struct buf *out);
/* Opens a sealed box of n bytes into out (n - RC_SEAL bytes): 0, or -1 when it was changed,
 * cut, or not sealed to pk. */
int rc_open(const unsigned char pk[RC_PK], const unsigned char sk[RC_SK], const void *c, size_t n,
	    unsigned char *out);

/* A receipt's lookup id: BLAKE2b keyed with the press's receipt key, so that a copy of the
 * database alone gives no way to try receipts. */
void rc_lookup(const struct press_keys *k, const char digits[RECEIPT_DIGITS + 1],
	       unsigned char out[RC_LOOKUP]);
/* The reporter's reply keypair: argon2id of the receipt and the report's salt, as the seed of
 * crypto_box_seed_keypair. 0, or -1 when out of memory or the cost is out of range. */
int rc_reply_keys(const char digits[RECEIPT_DIGITS + 1], const unsigned char salt[RC_SALT],
		  unsigned long long ops, size_t mem, unsigned char pk[RC_PK],
		  unsigned char sk[RC_SK]);

/* A private key wrapped: a nonce and crypto_secretbox of the key. */
#define RC_WRAPPED (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + RC_SK)

/* Wraps sk under argon2id(passphrase, salt). 0, or -1 when out of memory. */
int rc_wrap_pass(const char *pass, size_t n, const unsigned char salt[RC_SALT],
		 unsigned long long ops, size_t mem, const unsigned char sk[RC_SK],
		 unsigned char out[RC_WRAPPED]);
/* 0 and sk, 1 when the passphrase is not the one it was wrapped under (or the blob was
 * changed), -1 when out of memory or the cost is out of range. */
int rc_unwrap_pass(const char *pass, size_t n, const unsigned char salt[RC_SALT],
		   unsigned long long ops, size_t mem, const unsigned char in[RC_WRAPPED],
		   unsigned char sk[RC_SK]);
/* The same under a recovery key, whose 160 random bits need no stretching: the box's key is
 * their BLAKE2b. */
void rc_wrap_recovery(const unsigned char rec[RECOVERY_BYTES], const unsigned char sk[RC_SK],
		      unsigned char out[RC_WRAPPED]);
int rc_unwrap_recovery(const unsigned char rec[RECOVERY_BYTES], const unsigned char in[RC_WRAPPED],
		       unsigned char sk[RC_SK]);

/* 1 when pk is the public key of sk (a stored key that was swapped is seen on unlocking). */
int rc_pair_ok(const unsigned char pk[RC_PK], const unsigned char sk[RC_SK]);
/* A public key's fingerprint to compare by eye: the first 8 bytes of its BLAKE2b in hex, in
 * groups of four ("3f2a 9c01 ..."), NUL-terminated. */
#define RC_FINGERPRINT 20
void rc_fingerprint(const unsigned char pk[RC_PK], char out[RC_FINGERPRINT]);

#endif
