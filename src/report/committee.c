/* committee: naming and removing members, and each member's keys: made on joining, unwrapped
 * into locked memory on unlocking, wrapped again on a new passphrase. */
#include "report/committee.h"
#include "auth/auth.h"
#include "crypto/seal.h"
#include "mail/address.h"
#include "report/report_crypto.h"
#include "report/report_log.h"
#include "report/throttle.h"
#include "report/unlock.h"
#include "store/store.h"
#include "store/store_reports.h"
#include "store/store_users.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

_Static_assert(RC_WRAPPED == STORE_WRAPPED, "the store keeps wrapped keys of this size");
_Static_assert(RC_SALT == 16, "the store keeps argon2id salts of this size");

const char *committee_strerror(enum committee_result rc)
{
	switch (rc) {
	case COMMITTEE_OK:
		return "done";
	case COMMITTEE_NO_USER:
		return "no writer has that handle";
	case COMMITTEE_NOT_ON:
		return "they are not on the committee";
	case COMMITTEE_ALREADY:
		return "they are on the committee already";
	case COMMITTEE_FULL:
		return "the committee has as many members as it may (20)";
	case COMMITTEE_SOLE_READER:
		return "they are the only one who can read some reports";
	case COMMITTEE_NOT_JOINED:
		return "they have not chosen a committee passphrase yet";
	case COMMITTEE_WEAK:
		return "a committee passphrase has 12 to 1024 characters";
	case COMMITTEE_MISMATCH:
		return "the two passphrases differ";
	case COMMITTEE_LOGIN_PASS:
		return "the committee passphrase must not be the sign-in password";
	case COMMITTEE_WRONG:
		return "that does not unlock the committee key";
	case COMMITTEE_SLOW_DOWN:
		return "too many wrong tries";
	case COMMITTEE_SWAPPED:
		return "the public key stored for this member is not their key: the database was "
		       "changed";
	case COMMITTEE_BUSY:
		return "too many keys are unlocked at once";
	case COMMITTEE_BAD_EMAIL:
		return "this is not an email address mail can be sent to";
	case COMMITTEE_ERROR:
		break;
	}
	return "the database failed";
}

void committee_day(long long t, char out[11])
{
	char day[32];
	iso_day_format(t, day);
	/* Years past 9999 do not fit; they do not come either. */
	size_t n = strlen(day) < 10 ? strlen(day) : 10;
	memcpy(out, day, n);
	out[n] = '\0';
}

/* The throttle's name for a member's passphrase tries. */
static const char *tries_of(struct committee_ctx *c, long long user_id)
{
	return pool_printf(c->p, "member %lld", user_id);
}

enum committee_result committee_name(struct committee_ctx *c, const char *handle, const char *by,
				     long long *user_id)
{
	char day[11];
	struct account a;
	struct committee_row *rows;
	size_t n;
	committee_day(c->now, day);
	if (*handle == '@')
		handle++;
	if (store_begin(c->s) != 0)
		return COMMITTEE_ERROR;
	int rc = store_account_by_handle(c->s, c->p, handle, &a);
	enum committee_result res = rc == 1 ? COMMITTEE_NO_USER : COMMITTEE_ERROR;
	if (rc == 0 && store_committee_list(c->s, c->p, &rows, &n) == 0) {
		res = n >= COMMITTEE_MAX ? COMMITTEE_FULL : COMMITTEE_OK;
		for (size_t i = 0; i < n; i++)
			if (rows[i].user_id == a.id)
				res = COMMITTEE_ALREADY;
	}
	if (res == COMMITTEE_OK &&
	    (store_committee_add(c->s, a.id, day, by) != 0 ||
	     store_committee_change_add(c->s, day, "named", a.id, a.name, a.handle, by) != 0 ||
	     report_log_add(c->s, c->k, day, by, "named", 0,
			    pool_printf(c->p, "named @%s to the committee", a.handle)) != 0))
		res = COMMITTEE_ERROR;
	if (res != COMMITTEE_OK || store_commit(c->s) != 0) {
		store_rollback(c->s);
		return res == COMMITTEE_OK ? COMMITTEE_ERROR : res;
	}
	*user_id = a.id;
	return COMMITTEE_OK;
}

enum committee_result committee_remove(struct committee_ctx *c, const char *handle, const char *by,
				       int force, int *lost)
{
	char day[11];
	struct account a;
	struct committee_row m;
	committee_day(c->now, day);
	*lost = 0;
	if (*handle == '@')
		handle++;
	if (store_begin(c->s) != 0)
		return COMMITTEE_ERROR;
	int rc = store_account_by_handle(c->s, c->p, handle, &a);
	enum committee_result res = rc == 1 ? COMMITTEE_NO_USER : COMMITTEE_ERROR;
	if (rc == 0) {
		rc = store_committee_get(c->s, c->p, a.id, &m);
		res = rc == 1 ? COMMITTEE_NOT_ON : rc < 0 ? COMMITTEE_ERROR : COMMITTEE_OK;
	}
	if (res == COMMITTEE_OK) {
		*lost = store_reports_only_reader(c->s, a.id);
		if (*lost < 0)
			res = COMMITTEE_ERROR;
		else if (*lost > 0 && !force)
			res = COMMITTEE_SOLE_READER;
	}
	const char *detail =
	    *lost > 0 ? pool_printf(c->p,
				    "took @%s off the committee; %d reports only they could read "
				    "can no longer be read by anyone",
				    a.handle, *lost)
		      : pool_printf(c->p, "took @%s off the committee", a.handle);
	if (res == COMMITTEE_OK &&
	    (store_committee_remove(c->s, a.id) != 0 ||
	     store_committee_change_add(c->s, day, "removed", a.id, a.name, a.handle, by) != 0 ||
	     report_log_add(c->s, c->k, day, by, "removed", 0, detail) != 0))
		res = COMMITTEE_ERROR;
	if (res != COMMITTEE_OK || store_commit(c->s) != 0) {
		store_rollback(c->s);
		return res == COMMITTEE_OK ? COMMITTEE_ERROR : res;
	}
	return COMMITTEE_OK;
}

/* The checks of a new passphrase: length, the repetition, and not the sign-in password. */
static enum committee_result new_pass_ok(struct committee_ctx *c, long long user_id,
					 const char *pass, const char *again)
{
	size_t n = strlen(pass);
	if (n < COMMITTEE_PASS_MIN || n > COMMITTEE_PASS_MAX)
		return COMMITTEE_WEAK;
	if (strcmp(pass, again) != 0)
		return COMMITTEE_MISMATCH;
	struct account a;
	int rc = store_account_by_id(c->s, c->p, user_id, &a);
	if (rc != 0)
		return rc == 1 ? COMMITTEE_NO_USER : COMMITTEE_ERROR;
	if (auth_check_password(a.pwhash, pass))
		return COMMITTEE_LOGIN_PASS;
	return COMMITTEE_OK;
}

/* The member's row; COMMITTEE_OK only when they have joined. */
static enum committee_result joined_row(struct committee_ctx *c, long long user_id,
					struct committee_row *m)
{
	int rc = store_committee_get(c->s, c->p, user_id, m);
	if (rc != 0)
		return rc == 1 ? COMMITTEE_NOT_ON : COMMITTEE_ERROR;
	return m->joined ? COMMITTEE_OK : COMMITTEE_NOT_JOINED;
}

enum committee_result committee_join(struct committee_ctx *c, long long user_id,
				     const unsigned char session[32], const char *pass,
				     const char *again, char recovery[RECOVERY_SHOWN + 1])
{
	struct committee_row m;
	enum committee_result res = joined_row(c, user_id, &m);
	if (res != COMMITTEE_NOT_JOINED)
		return res == COMMITTEE_OK ? COMMITTEE_ALREADY : res;
	if ((res = new_pass_ok(c, user_id, pass, again)) != COMMITTEE_OK)
		return res;
	unsigned char pk[RC_PK], salt[RC_SALT], wrapped[RC_WRAPPED], by_rec[RC_WRAPPED];
	unsigned char *sk = sodium_malloc(RC_SK + RECOVERY_BYTES);
	if (!sk)
		return COMMITTEE_ERROR;
	unsigned char *rec = sk + RC_SK;
	crypto_box_keypair(pk, sk);
	randombytes_buf(salt, sizeof(salt));
	recovery_new(rec);
	rc_wrap_recovery(rec, sk, by_rec);
	char day[11];
	committee_day(c->now, day);
	res = COMMITTEE_ERROR;
	if (rc_wrap_pass(pass, strlen(pass), salt, RC_OPS, RC_MEM, sk, wrapped) == 0 &&
	    store_begin(c->s) == 0) {
		if (store_committee_set_keys(c->s, user_id, pk, wrapped, salt, (long long)RC_OPS,
					     (long long)RC_MEM, by_rec, day) == 0 &&
		    store_committee_change_add(c->s, day, "joined", user_id, m.name, m.handle,
					       pool_printf(c->p, "@%s", m.handle)) == 0 &&
		    report_log_add(c->s, c->k, day, pool_printf(c->p, "@%s", m.handle), "joined", 0,
				   "chose a committee passphrase and got a recovery key") == 0 &&
		    store_commit(c->s) == 0)
			res = COMMITTEE_OK;
		else
			store_rollback(c->s);
	}
	if (res == COMMITTEE_OK) {
		recovery_show(rec, recovery);
		if (unlock_put(session, user_id, pk, sk, c->now) != 0)
			res = COMMITTEE_BUSY;
	}
	sodium_free(sk);
	return res;
}

/* Unwraps the member's key with a passphrase into sk (locked memory), throttled and checked
 * against the stored public key. */
static enum committee_result unwrap(struct committee_ctx *c, const struct committee_row *m,
				    const char *pass, unsigned char *sk, int *wait)
{
	const char *who = tries_of(c, m->user_id);
	*wait = throttle_wait(THROTTLE_PASSPHRASE, who, c->now);
	if (*wait)
		return COMMITTEE_SLOW_DOWN;
	int rc = rc_unwrap_pass(pass, strlen(pass), m->pass_salt, (unsigned long long)m->pass_ops,
				(size_t)m->pass_mem, m->sk_pass, sk);
	if (rc < 0)
		return COMMITTEE_ERROR;
	if (rc > 0) {
		throttle_note(THROTTLE_PASSPHRASE, who, c->now);
		return COMMITTEE_WRONG;
	}
	throttle_clear(THROTTLE_PASSPHRASE, who);
	return rc_pair_ok(m->pk, sk) ? COMMITTEE_OK : COMMITTEE_SWAPPED;
}

/* Logs a key that did not match its stored public key (its own transaction). */
static void log_swapped(struct committee_ctx *c, const struct committee_row *m)
{
	char day[11];
	committee_day(c->now, day);
	if (store_begin(c->s) != 0)
		return;
	if (report_log_add(c->s, c->k, day, pool_printf(c->p, "@%s", m->handle), "key changed", 0,
			   "unlocked a key whose stored public key is not its own: someone changed "
			   "the database, and reports sent since may be sealed to another key") ||
	    store_commit_quiet(c->s) != 0)
		store_rollback(c->s);
}

enum committee_result committee_unlock(struct committee_ctx *c, long long user_id,
				       const unsigned char session[32], const char *pass, int *wait)
{
	struct committee_row m;
	*wait = 0;
	enum committee_result res = joined_row(c, user_id, &m);
	if (res != COMMITTEE_OK)
		return res;
	unsigned char *sk = sodium_malloc(RC_SK);
	if (!sk)
		return COMMITTEE_ERROR;
	res = unwrap(c, &m, pass, sk, wait);
	if (res == COMMITTEE_SWAPPED)
		log_swapped(c, &m);
	if (res == COMMITTEE_OK && unlock_put(session, user_id, m.pk, sk, c->now) != 0)
		res = COMMITTEE_BUSY;
	sodium_free(sk);
	return res;
}

/* Wraps sk under a new passphrase, stores it and logs what (its own transaction). */
static enum committee_result rewrap(struct committee_ctx *c, const struct committee_row *m,
				    const unsigned char session[32], const unsigned char *sk,
				    const char *pass, const char *action, const char *detail)
{
	unsigned char salt[RC_SALT], wrapped[RC_WRAPPED];
	char day[11];
	committee_day(c->now, day);
	randombytes_buf(salt, sizeof(salt));
	if (rc_wrap_pass(pass, strlen(pass), salt, RC_OPS, RC_MEM, sk, wrapped) != 0 ||
	    store_begin(c->s) != 0)
		return COMMITTEE_ERROR;
	if (store_committee_set_pass(c->s, m->user_id, wrapped, salt, (long long)RC_OPS,
				     (long long)RC_MEM) != 0 ||
	    report_log_add(c->s, c->k, day, pool_printf(c->p, "@%s", m->handle), action, 0,
			   detail) != 0 ||
	    store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return COMMITTEE_ERROR;
	}
	return unlock_put(session, m->user_id, m->pk, sk, c->now) == 0 ? COMMITTEE_OK
								       : COMMITTEE_BUSY;
}

enum committee_result committee_change_pass(struct committee_ctx *c, long long user_id,
					    const unsigned char session[32], const char *old,
					    const char *pass, const char *again, int *wait)
{
	struct committee_row m;
	*wait = 0;
	enum committee_result res = joined_row(c, user_id, &m);
	if (res != COMMITTEE_OK)
		return res;
	if ((res = new_pass_ok(c, user_id, pass, again)) != COMMITTEE_OK)
		return res;
	unsigned char *sk = sodium_malloc(RC_SK);
	if (!sk)
		return COMMITTEE_ERROR;
	res = unwrap(c, &m, old, sk, wait);
	if (res == COMMITTEE_SWAPPED)
		log_swapped(c, &m);
	if (res == COMMITTEE_OK)
		res = rewrap(c, &m, session, sk, pass, "new passphrase",
			     "chose a new committee passphrase");
	sodium_free(sk);
	return res;
}

enum committee_result committee_recover(struct committee_ctx *c, long long user_id,
					const unsigned char session[32], const char *recovery,
					const char *pass, const char *again, int *wait)
{
	struct committee_row m;
	*wait = 0;
	enum committee_result res = joined_row(c, user_id, &m);
	if (res != COMMITTEE_OK)
		return res;
	if ((res = new_pass_ok(c, user_id, pass, again)) != COMMITTEE_OK)
		return res;
	const char *who = tries_of(c, user_id);
	if ((*wait = throttle_wait(THROTTLE_PASSPHRASE, who, c->now)))
		return COMMITTEE_SLOW_DOWN;
	unsigned char *sk = sodium_malloc(RC_SK + RECOVERY_BYTES);
	if (!sk)
		return COMMITTEE_ERROR;
	unsigned char *rec = sk + RC_SK;
	if (recovery_parse(recovery, strlen(recovery), rec) != 0 ||
	    rc_unwrap_recovery(rec, m.sk_recovery, sk) != 0) {
		throttle_note(THROTTLE_PASSPHRASE, who, c->now);
		res = COMMITTEE_WRONG;
	} else if (!rc_pair_ok(m.pk, sk)) {
		log_swapped(c, &m);
		res = COMMITTEE_SWAPPED;
	} else {
		throttle_clear(THROTTLE_PASSPHRASE, who);
		res = rewrap(c, &m, session, sk, pass, "recovered",
			     "chose a new committee passphrase with their recovery key");
	}
	sodium_free(sk);
	return res;
}

enum committee_result committee_set_notify(struct committee_ctx *c, long long user_id,
					   const char *email)
{
	struct buf sealed = {0};
	if (*email && !mail_address_valid(email))
		return COMMITTEE_BAD_EMAIL;
	char place[SEAL_PLACE_MAX];
	if (*email)
		seal_text(c->k, seal_place(place, "committee.notify", user_id), email,
			  strlen(email), &sealed);
	enum committee_result res = COMMITTEE_ERROR;
	if (store_begin(c->s) == 0) {
		if (store_committee_set_notify(c->s, user_id, *email ? sealed.data : NULL,
					       sealed.len) == 0 &&
		    store_commit_quiet(c->s) == 0)
			res = COMMITTEE_OK;
		else
			store_rollback(c->s);
	}
	buf_free(&sealed);
	return res;
}

const char *committee_notify_email(struct committee_ctx *c, const struct committee_row *m)
{
	char place[SEAL_PLACE_MAX];
	const char *email = m->notify_ct
				? seal_open(c->k, seal_place(place, "committee.notify", m->user_id),
					    m->notify_ct, m->notify_len, c->p)
				: NULL;
	return email ? email : "";
}

int committee_readers(struct committee_ctx *c, struct committee_row **rows, size_t *n)
{
	if (store_committee_list(c->s, c->p, rows, n) != 0)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].joined)
			(*rows)[k++] = (*rows)[i];
	*n = k;
	return 0;
}
