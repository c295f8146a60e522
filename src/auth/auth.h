/* auth: passwords (argon2id), session and one-time tokens, CSRF tokens and login throttling. */
#ifndef BS_AUTH_H
#define BS_AUTH_H

#include <sodium.h>
#include <stddef.h>

/* A token as the browser holds it: 32 random bytes in unpadded base64url. */
#define AUTH_TOKEN_LEN 43
/* A CSRF token: 64 hex digits. */
#define AUTH_CSRF_LEN 64

#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 1024
#define AUTH_SESSION_SECONDS (30 * 24 * 3600)

/* Login throttling: failures counted over a window, per account and per address. */
#define AUTH_FAIL_WINDOW 900
#define AUTH_SLOW_AFTER 5  /* from this many failures on, each try must wait */
#define AUTH_LOCK_AFTER 10 /* from this many, no try until the window has passed */

/* NULL when pw is acceptable, else a sentence saying why not. */
const char *auth_password_problem(const char *pw);
/* argon2id with libsodium's interactive limits. 0, or -1 when out of memory. */
int auth_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES]);
/* 1 when pw matches hash. An empty hash (no password set) never matches, but costs the same
 * time as a real check, so timing does not tell whether an account exists. */
int auth_check_password(const char *hash, const char *pw);

/* A new random token, NUL-terminated. */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);
/* 1 when s has the shape of a token. */
int auth_token_shape(const char *s);
/* What the database keeps of a token: its BLAKE2b hash. */
void auth_token_hash(const char *token, unsigned char out[32]);

/* The CSRF token for forms of the session (or pre-login cookie) whose token hash is given,
 * keyed with the site's secret (hex). */
void auth_csrf(const char *secret, const unsigned char hash[32], char out[AUTH_CSRF_LEN + 1]);
/* 1 when given equals the expected token (constant time). */
int auth_csrf_ok(const char *expected, const char *given);

/*
 * What to do with a login try at now, after count failures in the last AUTH_FAIL_WINDOW
 * seconds, the latest at last and the AUTH_LOCK_AFTER-th latest at nth (0 when fewer): 0 go
 * ahead; otherwise *wait seconds to wait and 1 (slowed down) or 2 (locked: AUTH_LOCK_AFTER
 * failures within a window lock for a whole window after the last of them).
 */
int auth_throttle(int count, long long last, long long nth, long long now, long long *wait);

#endif
