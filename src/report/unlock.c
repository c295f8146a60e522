/* unlock: a fixed table of slots in one sodium_malloc block, behind one mutex. */
#include "report/unlock.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

struct slot {
	unsigned char session[32];
	long long user, until; /* until 0: the slot is free */
	unsigned char pk[RC_PK];
	unsigned char sk[RC_SK];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;

/* The table, made on first use (locked: a caller holds the mutex). NULL when out of memory. */
static struct slot *table(void)
{
	if (!slots) {
		slots = sodium_malloc(UNLOCK_SLOTS * sizeof(*slots));
		if (slots)
			sodium_memzero(slots, UNLOCK_SLOTS * sizeof(*slots));
	}
	return slots;
}

static void wipe(struct slot *s)
{
	sodium_memzero(s, sizeof(*s));
}

/* The live slot of a session, wiping expired ones on the way; NULL when none. */
static struct slot *find(const unsigned char session[32], long long now)
{
	struct slot *t = table();
	struct slot *hit = NULL;
	for (int i = 0; t && i < UNLOCK_SLOTS; i++) {
		if (t[i].until && t[i].until <= now)
			wipe(&t[i]);
		if (t[i].until && sodium_memcmp(t[i].session, session, 32) == 0)
			hit = &t[i];
	}
	return hit;
}

int unlock_put(const unsigned char session[32], long long user, const unsigned char pk[RC_PK],
	       const unsigned char sk[RC_SK], long long now)
{
	pthread_mutex_lock(&lock);
	struct slot *s = find(session, now);
	struct slot *t = table();
	for (int i = 0; !s && t && i < UNLOCK_SLOTS; i++)
		if (!t[i].until)
			s = &t[i];
	if (s) {
		memcpy(s->session, session, 32);
		s->user = user;
		s->until = now + UNLOCK_SECONDS;
		memcpy(s->pk, pk, RC_PK);
		memcpy(s->sk, sk, RC_SK);
	}
	pthread_mutex_unlock(&lock);
	return s ? 0 : -1;
}

long long unlock_until(const unsigned char session[32], long long user, long long now)
{
	pthread_mutex_lock(&lock);
	struct slot *s = find(session, now);
	long long until = s && s->user == user ? s->until : 0;
	pthread_mutex_unlock(&lock);
	return until;
}

int unlock_open(const unsigned char session[32], long long user, long long now, const void *c,
		size_t n, unsigned char *out)
{
	pthread_mutex_lock(&lock);
	struct slot *s = find(session, now);
	int rc = !s || s->user != user ? 1 : rc_open(s->pk, s->sk, c, n, out);
	pthread_mutex_unlock(&lock);
	return rc;
}

void unlock_forget(const unsigned char session[32])
{
	pthread_mutex_lock(&lock);
	struct slot *s = find(session, 0);
	if (s)
		wipe(s);
	pthread_mutex_unlock(&lock);
}

void unlock_sweep(long long now)
{
	pthread_mutex_lock(&lock);
	static const unsigned char none[32];
	find(none, now);
	pthread_mutex_unlock(&lock);
}

int unlock_held(long long now)
{
	int n = 0;
	pthread_mutex_lock(&lock);
	struct slot *t = table();
	for (int i = 0; t && i < UNLOCK_SLOTS; i++) {
		if (t[i].until && t[i].until <= now)
			wipe(&t[i]);
		n += t[i].until != 0;
	}
	pthread_mutex_unlock(&lock);
	return n;
}
