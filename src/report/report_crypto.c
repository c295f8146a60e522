/* report_crypto: crypto_box_seal, keyed BLAKE2b, argon2id and crypto_secretbox, with every
 * intermediate secret wiped after use. */
#include "report/report_crypto.h"
#include "crypto/keys.h"
#include "util/buf.h"

#include <string.h>

void rc_seal(const unsigned char pk[RC_PK], const void *m, size_t n, struct buf *out)
{
	buf_grow(out, n + RC_SEAL);
	unsigned char *dst = (unsigned char *)out->data + out->len;
	crypto_box_seal(dst, m, n, pk);
	out->len += n + RC_SEAL;
	out->data[out->len] = '\0';
}

int rc_open(const unsigned char pk[RC_PK], const unsigned char sk[RC_SK], const void *c, size_t n,
	    unsigned char *out)
{
	if (!c || n < RC_SEAL)
		return -1;
	return crypto_box_seal_open(out, c, n, pk, sk) == 0 ? 0 : -1;
}

void rc_lookup(const struct press_keys *k, const char digits[RECEIPT_DIGITS + 1],
	       unsigned char out[RC_LOOKUP])
{
	crypto_generichash(out, RC_LOOKUP, (const unsigned char *)digits, RECEIPT_DIGITS,
			   k->receipt, sizeof(k->receipt));
}

static int cost_ok(unsigned long long ops, size_t mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= RC_OPS_MAX &&
	       mem >= crypto_pwhash_MEMLIMIT_MIN && mem <= RC_MEM_MAX;
}

int rc_reply_keys(const char digits[RECEIPT_DIGITS + 1], const unsigned char salt[RC_SALT],
		  unsigned long long ops, size_t mem, unsigned char pk[RC_PK],
		  unsigned char sk[RC_SK])
{
	unsigned char seed[crypto_box_SEEDBYTES];
	if (!cost_ok(ops, mem) || crypto_pwhash(seed, sizeof(seed), digits, RECEIPT_DIGITS, salt,
						ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	crypto_box_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	return 0;
}

static void wrap(const unsigned char key[crypto_secretbox_KEYBYTES], const unsigned char sk[RC_SK],
		 unsigned char out[RC_WRAPPED])
{
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, sk, RC_SK, out, key);
}

static int unwrap(const unsigned char key[crypto_secretbox_KEYBYTES],
		  const unsigned char in[RC_WRAPPED], unsigned char sk[RC_SK])
{
	return crypto_secretbox_open_easy(sk, in + crypto_secretbox_NONCEBYTES,
					  RC_WRAPPED - crypto_secretbox_NONCEBYTES, in, key) == 0
		   ? 0
		   : 1;
}

/* The box key of a passphrase, in locked memory (sodium_malloc); NULL when out of memory. */
static unsigned char *pass_key(const char *pass, size_t n, const unsigned char salt[RC_SALT],
			       unsigned long long ops, size_t mem)
{
	if (!cost_ok(ops, mem))
		return NULL;
	unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
	if (key && crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, n, salt, ops, mem,
				 crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(key);
		key = NULL;
	}
	return key;
}

int rc_wrap_pass(const char *pass, size_t n, const unsigned char salt[RC_SALT],
		 unsigned long long ops, size_t mem, const unsigned char sk[RC_SK],
		 unsigned char out[RC_WRAPPED])
{
	unsigned char *key = pass_key(pass, n, salt, ops, mem);
	if (!key)
		return -1;
	wrap(key, sk, out);
	sodium_free(key);
	return 0;
}

int rc_unwrap_pass(const char *pass, size_t n, const unsigned char salt[RC_SALT],
		   unsigned long long ops, size_t mem, const unsigned char in[RC_WRAPPED],
		   unsigned char sk[RC_SK])
{
	unsigned char *key = pass_key(pass, n, salt, ops, mem);
	if (!key)
		return -1;
	int rc = unwrap(key, in, sk);
	sodium_free(key);
	return rc;
}

static void recovery_key(const unsigned char rec[RECOVERY_BYTES],
			 unsigned char key[crypto_secretbox_KEYBYTES])
{
	static const char ctx[] = "broadside committee recovery key";
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, crypto_secretbox_KEYBYTES);
	crypto_generichash_update(&h, (const unsigned char *)ctx, sizeof(ctx) - 1);
	crypto_generichash_update(&h, rec, RECOVERY_BYTES);
	crypto_generichash_final(&h, key, crypto_secretbox_KEYBYTES);
	sodium_memzero(&h, sizeof(h));
}

void rc_wrap_recovery(const unsigned char rec[RECOVERY_BYTES], const unsigned char sk[RC_SK],
		      unsigned char out[RC_WRAPPED])
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	recovery_key(rec, key);
	wrap(key, sk, out);
	sodium_memzero(key, sizeof(key));
}

int rc_unwrap_recovery(const unsigned char rec[RECOVERY_BYTES], const unsigned char in[RC_WRAPPED],
		       unsigned char sk[RC_SK])
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	recovery_key(rec, key);
	int rc = unwrap(key, in, sk);
	sodium_memzero(key, sizeof(key));
	return rc;
}

int rc_pair_ok(const unsigned char pk[RC_PK], const unsigned char sk[RC_SK])
{
	unsigned char derived[RC_PK];
	if (crypto_scalarmult_base(derived, sk) != 0)
		return 0;
	return sodium_memcmp(derived, pk, RC_PK) == 0;
}

void rc_fingerprint(const unsigned char pk[RC_PK], char out[RC_FINGERPRINT])
{
	unsigned char h[8];
	char hex[17];
	crypto_generichash(h, sizeof(h), pk, RC_PK, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}
