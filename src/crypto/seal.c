/* seal: crypto_secretbox for private text, keyed BLAKE2b for indexes and tags, HMAC for links. */
#include "crypto/seal.h"
#include "crypto/keys.h"
#include "util/addrkey.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void seal_text(const struct press_keys *k, const char *text, size_t n, struct buf *out)
{
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	randombytes_buf(nonce, sizeof(nonce));
	buf_grow(out, sizeof(nonce) + crypto_secretbox_MACBYTES + n);
	unsigned char *dst = (unsigned char *)out->data + out->len;
	memcpy(dst, nonce, sizeof(nonce));
	crypto_secretbox_easy(dst + sizeof(nonce), (const unsigned char *)text, n, nonce, k->seal);
	out->len += sizeof(nonce) + crypto_secretbox_MACBYTES + n;
	out->data[out->len] = '\0';
}

const char *seal_open(const struct press_keys *k, const void *sealed, size_t n, struct pool *p)
{
	const unsigned char *c = sealed;
	if (!c || n < SEAL_OVERHEAD)
		return NULL;
	size_t len = n - SEAL_OVERHEAD;
	unsigned char *out = pool_alloc(p, len + 1);
	if (crypto_secretbox_open_easy(out, c + crypto_secretbox_NONCEBYTES,
				       n - crypto_secretbox_NONCEBYTES, c, k->seal) != 0) {
		sodium_memzero(out, len + 1);
		return NULL;
	}
	out[len] = '\0';
	return (const char *)out;
}

void seal_email_index(const struct press_keys *k, const char *email,
		      unsigned char out[SEAL_INDEX_BYTES])
{
	while (*email == ' ' || *email == '\t')
		email++;
	size_t n = strlen(email);
	while (n && (email[n - 1] == ' ' || email[n - 1] == '\t'))
		n--;
	unsigned char norm[320];
	if (n > sizeof(norm))
		n = sizeof(norm);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)email[i];
		norm[i] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	}
	crypto_generichash(out, SEAL_INDEX_BYTES, norm, n, k->index, sizeof(k->index));
	sodium_memzero(norm, sizeof(norm));
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
