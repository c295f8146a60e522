/* comment_token: the signed time a comment form was made, for the minimum and maximum age. */
#include "comment/comment_token.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The MAC of "post_id.t" under the site's secret, as 32 hex digits. */
static int mac_hex(const char *secret_hex, long long post_id, long long t, char out[33])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	size_t keylen;
	if (sodium_hex2bin(key, sizeof(key), secret_hex, strlen(secret_hex), NULL, &keylen, NULL) !=
		0 ||
	    keylen != sizeof(key))
		return -1;
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "%lld.%lld", post_id, t);
	crypto_auth(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(out, 33, mac, 16);
	sodium_memzero(key, sizeof(key));
	return 0;
}

int comment_token_make(const char *secret_hex, long long post_id, long long now, char out[64])
{
	char mac[33];
	if (mac_hex(secret_hex, post_id, now, mac) != 0)
		return -1;
	snprintf(out, 64, "%lld.%s", now, mac);
	return 0;
}

int comment_token_check(const char *secret_hex, long long post_id, const char *token, long long now)
{
	char *end;
	long long t = strtoll(token, &end, 10);
	char mac[33];
	if (end == token || *end != '.' || strlen(end + 1) != 32 ||
	    mac_hex(secret_hex, post_id, t, mac) != 0 || sodium_memcmp(mac, end + 1, 32) != 0)
		return TOKEN_BAD;
	if (now - t < COMMENT_MIN_SECONDS)
		return TOKEN_TOO_FAST;
	if (now - t > COMMENT_MAX_AGE)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}
