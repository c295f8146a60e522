/* committee: the standing committee's membership and its members' keys. The owner names and
 * removes members (every change public at /committee/members); a member joins by choosing a
 * committee passphrase, apart from their sign-in password: their X25519 keypair is made and
 * the private key kept only wrapped under the passphrase and under a recovery key shown once.
 * Unlocking holds the key in locked memory for 30 minutes of that session (report/unlock.h). */
#ifndef BS_COMMITTEE_H
#define BS_COMMITTEE_H

#include "report/receipt.h"
#include "store/store_committee.h"

#include <stddef.h>

struct pool;
struct press_keys;
struct store;

/* A small standing committee: this many members at most. */
#define COMMITTEE_MAX 20
#define COMMITTEE_PASS_MIN 12
#define COMMITTEE_PASS_MAX 1024

struct committee_ctx {
	struct store *s;
	const struct press_keys *k;
	struct pool *p;
	long long now;
};

enum committee_result {
	COMMITTEE_OK,
	COMMITTEE_NO_USER,     /* no writer has that handle */
	COMMITTEE_NOT_ON,      /* not on the committee */
	COMMITTEE_ALREADY,     /* on it already, or joined already */
	COMMITTEE_FULL,	       /* COMMITTEE_MAX members already */
	COMMITTEE_SOLE_READER, /* removing them would leave reports no one can read */
	COMMITTEE_NOT_JOINED,  /* has set no passphrase yet */
	COMMITTEE_WEAK,	       /* a new passphrase too short or too long */
	COMMITTEE_MISMATCH,    /* the new passphrase and its repetition differ */
	COMMITTEE_LOGIN_PASS,  /* the passphrase is the sign-in password */
	COMMITTEE_WRONG,       /* the passphrase or recovery key does not unwrap the key */
	COMMITTEE_SLOW_DOWN,   /* too many wrong tries lately: wait */
	COMMITTEE_SWAPPED,     /* the stored public key is not the key's own: it was changed */
	COMMITTEE_BUSY,	       /* no room to hold another unlocked key now */
	COMMITTEE_BAD_EMAIL,   /* not an address mail can be sent to */
	COMMITTEE_ERROR	       /* the database failed */
};

/* A sentence for a result, for pages and the command line. */
const char *committee_strerror(enum committee_result rc);

/* The day of a time, as every date of the reports feature is kept: "2026-11-27" (UTC). */
void committee_day(long long t, char out[11]);

/* The owner names the writer with this handle (by: "@owner" or "the command line"); public
 * and logged. *user_id gets their number. */
enum committee_result committee_name(struct committee_ctx *c, const char *handle, const char *by,
				     long long *user_id);
/* Takes a member off: their copies of report keys are deleted. Refused with *lost set when
 * they are the only reader of *lost reports, unless force. Public and logged. */
enum committee_result committee_remove(struct committee_ctx *c, const char *handle, const char *by,
				       int force, int *lost);

/* A member chooses their committee passphrase (typed twice): keys are made, the key is held
 * unlocked for session, and the recovery key is written to recovery (shown once, kept
 * nowhere). */
enum committee_result committee_join(struct committee_ctx *c, long long user_id,
				     const unsigned char session[32], const char *pass,
				     const char *again, char recovery[RECOVERY_SHOWN + 1]);
/* Unlocks the member's key for session with their passphrase. *wait: seconds to wait after
 * COMMITTEE_SLOW_DOWN. */
enum committee_result committee_unlock(struct committee_ctx *c, long long user_id,
				       const unsigned char session[32], const char *pass,
				       int *wait);
/* A new passphrase, given the current one: the key is wrapped again (the old passphrase no
 * longer opens it) and stays unlocked for session. */
enum committee_result committee_change_pass(struct committee_ctx *c, long long user_id,
					    const unsigned char session[32], const char *old,
					    const char *pass, const char *again, int *wait);
/* A new passphrase with the recovery key, when the passphrase is lost. */
enum committee_result committee_recover(struct committee_ctx *c, long long user_id,
					const unsigned char session[32], const char *recovery,
					const char *pass, const char *again, int *wait);
/* Where notices of new reports go ("" for none), kept sealed. */
enum committee_result committee_set_notify(struct committee_ctx *c, long long user_id,
					   const char *email);
/* The notice email of a member, "" when none. */
const char *committee_notify_email(struct committee_ctx *c, const struct committee_row *m);

/* The members who have joined (who can read reports sent now), in the order they were named. */
int committee_readers(struct committee_ctx *c, struct committee_row **rows, size_t *n);

#endif
