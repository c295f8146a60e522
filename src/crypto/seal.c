/* seal: XChaCha20-Poly1305 for private text, bound to where it is kept, keyed BLAKE2b for indexes
 * and tags, HMAC for links. */
#include "crypto/seal.h"
#include "crypto/keys.h"
#include "util/addrkey.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

const char *seal_place(char out[SEAL_PLACE_MAX], const char *what, long long id)
{
	snprintf(out, SEAL_PLACE_MAX, "%s:%lld", what, id);
	return out;
}

void seal_text(const struct press_keys *k, const char *place, const char *text, size_t n,
	       struct buf *out)
{
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	randombytes_buf(nonce, sizeof(nonce));
	buf_grow(out, sizeof(nonce) + crypto_aead_xchacha20poly1305_ietf_ABYTES + n);
	unsigned char *dst = (unsigned char *)out->data + out->len;
	memcpy(dst, nonce, sizeof(nonce));
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    dst + sizeof(nonce), &clen, (const unsigned char *)text, n,
	    (const unsigned char *)place, strlen(place), NULL, nonce, k->seal);
	out->len += sizeof(nonce) + (size_t)clen;
	out->data[out->len] = '\0';
}

const char *seal_open(const struct press_keys *k, const char *place, const void *sealed, size_t n,
		      struct pool *p)
{
	const unsigned char *c = sealed;
	if (!c || n < SEAL_OVERHEAD)
		return NULL;
	size_t len = n - SEAL_OVERHEAD;
	unsigned char *out = pool_alloc(p, len + 1);
	unsigned long long mlen = 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		out, &mlen, NULL, c + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		n - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, (const unsigned char *)place,
		strlen(place), c, k->seal) != 0) {
		sodium_memzero(out, len + 1);
		return NULL;
	}
	out[len] = '\0';
	return (const char *)out;
}

void seal_email_index(const struct press_keys *k, enum seal_index use, const char *email,
		      unsigned char out[SEAL_INDEX_BYTES])
{
	/* One key, and the use hashed first: indexes of one address in two uses do not match. */
	static const char *const uses[] = {"members", "comments", "limits"};
	while (*email == ' ' || *email == '\t')
		email++;
	size_t n = strlen(email);
	while (n && (email[n - 1] == ' ' || email[n - 1] == '\t'))
		n--;
	unsigned char norm[320];
	if (n > sizeof(norm))
		n = sizeof(norm);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)email[i];
		norm[i] = ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
	}
	crypto_generichash_state h;
	crypto_generichash_init(&h, k->index, sizeof(k->index), SEAL_INDEX_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)uses[use], strlen(uses[use]) + 1);
	crypto_generichash_update(&h, norm, n);
	crypto_generichash_final(&h, out, SEAL_INDEX_BYTES);
	sodium_memzero(norm, sizeof(norm));
	sodium_memzero(&h, sizeof(h));
}

void seal_addr_tag(const struct press_keys *k, const char *addr, char out[SEAL_TAG_LEN + 1])
{
	unsigned char h[SEAL_TAG_LEN / 2];
	crypto_generichash(h, sizeof(h), (const unsigned char *)addr, strlen(addr), k->addr,
			   sizeof(k->addr));
	sodium_bin2hex(out, SEAL_TAG_LEN + 1, h, sizeof(h));
}

int seal_addr_param(const struct press_keys *k, const char *text, char out[SEAL_TAG_LEN + 1])
{
	char key[GUARD_KEY_LEN];
	if (strlen(text) == SEAL_TAG_LEN && strspn(text, "0123456789abcdef") == SEAL_TAG_LEN) {
		memcpy(out, text, SEAL_TAG_LEN + 1);
		return 0;
	}
	if (guard_text_key(text, key) != 0)
		return -1;
	seal_addr_tag(k, key, out);
	return 0;
}

static void link_mac(const struct press_keys *k, const char *purpose, long long id,
		     unsigned char mac[crypto_auth_BYTES])
{
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "%s:%lld", purpose, id);
	crypto_auth(mac, (const unsigned char *)msg, (unsigned long long)n, k->member);
}

void seal_member_link(const struct press_keys *k, const char *purpose, long long member_id,
		      char out[SEAL_LINK_LEN + 1])
{
	unsigned char mac[crypto_auth_BYTES];
	link_mac(k, purpose, member_id, mac);
	sodium_bin2base64(out, SEAL_LINK_LEN + 1, mac, sizeof(mac),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int seal_member_link_ok(const struct press_keys *k, const char *purpose, long long member_id,
			const char *token)
{
	char want[SEAL_LINK_LEN + 1];
	seal_member_link(k, purpose, member_id, want);
	return token && strlen(token) == SEAL_LINK_LEN &&
	       sodium_memcmp(want, token, SEAL_LINK_LEN) == 0;
}
