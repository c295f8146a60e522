/* unlock: committee members' private keys while they are unlocked: in locked memory (never
 * swapped out, wiped when let go), each tied to the session that unlocked it, forgotten 30
 * minutes later, at sign-out or when the member locks it; never written anywhere. */
#ifndef BS_UNLOCK_H
#define BS_UNLOCK_H

#include "report/report_crypto.h"

#include <stddef.h>

/* How long an unlocked key stays, at most, whatever the session does. */
#define UNLOCK_SECONDS (30 * 60)
/* Keys unlocked at once in the whole process, at most. */
#define UNLOCK_SLOTS 128

/* Holds sk (and its public key pk) for the session with this token hash, for user, until
 * now + UNLOCK_SECONDS; replaces what the session held. 0, or -1 when every slot is taken. */
int unlock_put(const unsigned char session[32], long long user, const unsigned char pk[RC_PK],
	       const unsigned char sk[RC_SK], long long now);
/* Until when the session holds user's key (0: it holds none; an expired one is wiped). */
long long unlock_until(const unsigned char session[32], long long user, long long now);
/* Opens a box sealed to the held key into out (n - RC_SEAL bytes), without the key leaving
 * locked memory: 0, 1 when no key is held, -1 when the box does not open. */
int unlock_open(const unsigned char session[32], long long user, long long now, const void *c,
		size_t n, unsigned char *out);
/* Wipes the session's key, if any. */
void unlock_forget(const unsigned char session[32]);
/* Wipes every key held past its time. */
void unlock_sweep(long long now);
/* How many keys are held (for tests). */
int unlock_held(long long now);

#endif
