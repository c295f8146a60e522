/* store_sessions: sign-in sessions, one-time links and failed sign-ins, all kept by hash. */
#ifndef BS_STORE_SESSIONS_H
#define BS_STORE_SESSIONS_H

#include <stddef.h>

struct pool;
struct store;

#include "store/store_users.h"

/* Sessions, keyed by the hash of the browser's token (32 bytes). */
int store_session_add(struct store *s, const unsigned char hash[32], long long user_id,
		      long long expires, const char *addr);
/* The account of a live session: 0, 1 when unknown or expired, -1 on error. */
int store_session_get(struct store *s, struct pool *p, const unsigned char hash[32], long long now,
		      struct account *out);
int store_session_delete(struct store *s, const unsigned char hash[32]);
/* Ends every session of a user; returns how many, or -1. */
int store_session_delete_user(struct store *s, long long user_id);
/* Sessions of a user that are still live. */
int store_session_count(struct store *s, long long user_id, long long now);

/* One-time links (first owner): a token hash, what it is for, and when it expires. */
int store_token_add(struct store *s, const unsigned char hash[32], const char *purpose,
		    long long expires);
/* 0 when a live token of that purpose exists, 1 when not, -1 on error. */
int store_token_check(struct store *s, const unsigned char hash[32], const char *purpose,
		      long long now);
int store_token_delete_purpose(struct store *s, const char *purpose);

/* Failed sign-ins under a key ("u:handle" or "a:address"). */
struct login_failures {
	int count;	/* after since */
	long long last; /* the latest one's time (0: none) */
	long long nth;	/* the time of the nth latest (0: fewer than n) */
};
int store_login_failures(struct store *s, const char *key, long long since, int nth,
			 struct login_failures *out);
/* Records a failure for a try at handle; returns its row id (for store_login_undo), or -1. */
long long store_login_fail(struct store *s, const char *key, const char *handle, long long now);
int store_login_undo(struct store *s, long long rowid);
/* Forgets the failures of a handle, under its own key and under the addresses it was tried
 * from (a new password lifts every lock the handle's owner ran into). */
int store_login_clear(struct store *s, const char *handle);
/* Uses up a live one-time token: 0 taken, 1 there was none, -1 error. */
int store_token_take(struct store *s, const unsigned char hash[32], const char *purpose,
		     long long now);

#endif
