/* auth: passwords, tokens, CSRF and throttling, on libsodium. */
#include "auth/auth.h"
#include "util/utf8.h"

#include <pthread.h>
#include <string.h>

const char *auth_password_problem(const char *pw)
{
	size_t n = strlen(pw), bad;
	if (n < AUTH_PASSWORD_MIN)
		return "The password must have at least 10 characters.";
	if (n > AUTH_PASSWORD_MAX)
		return "The password may have at most 1024 bytes.";
	if (!utf8_valid(pw, n, &bad))
		return "The password is not valid UTF-8.";
	return NULL;
}

int auth_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[AUTH_TOKEN_LEN + 1];
	auth_token_new(pw);
	if (auth_hash_password(pw, dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

int auth_check_password(const char *hash, const char *pw)
{
	int real = hash && *hash;
	if (!real) {
		pthread_once(&dummy_once, make_dummy);
		hash = dummy_hash;
	}
	int ok = *hash && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	return real && ok;
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int auth_token_shape(const char *s)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	return s && strlen(s) == AUTH_TOKEN_LEN && strspn(s, alphabet) == AUTH_TOKEN_LEN;
}

void auth_token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

void auth_csrf(const char *secret, const unsigned char hash[32], char out[AUTH_CSRF_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf", 4);
	crypto_auth_hmacsha256_update(&st, hash, 32);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, AUTH_CSRF_LEN + 1, mac, sizeof(mac));
}

int auth_csrf_ok(const char *expected, const char *given)
{
	return given && strlen(given) == AUTH_CSRF_LEN && strlen(expected) == AUTH_CSRF_LEN &&
	       sodium_memcmp(expected, given, AUTH_CSRF_LEN) == 0;
}

int auth_throttle(int count, long long last, long long nth, long long now, long long *wait)
{
	*wait = 0;
	if (nth && last - nth <= AUTH_FAIL_WINDOW && now < last + AUTH_FAIL_WINDOW) {
		*wait = last + AUTH_FAIL_WINDOW - now;
		return 2;
	}
	if (count >= AUTH_LOCK_AFTER)
		count = AUTH_LOCK_AFTER - 1;
	if (count >= AUTH_SLOW_AFTER) {
		/* 1, 2, 4, 8, 16 seconds after the 5th to 9th failure. */
		*wait = last + (1LL << (count - AUTH_SLOW_AFTER)) - now;
		return *wait > 0 ? 1 : 0;
	}
	return 0;
}
