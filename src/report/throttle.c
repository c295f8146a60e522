/* throttle: a fixed table of (keyed hash, first try, count) behind one mutex. The hash key is
 * random and lives only in this process, so a count says nothing after a restart, nor to
 * anyone who reads the press's key file. */
#include "report/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

struct count {
	unsigned char tag[16];
	long long first; /* 0: free */
	int n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct count counts[THROTTLE_SLOTS];
static unsigned char key[crypto_generichash_KEYBYTES];
static int keyed;

static void tag_of(enum throttle_kind kind, const char *who, unsigned char tag[16])
{
	if (!keyed) {
		randombytes_buf(key, sizeof(key));
		keyed = 1;
	}
	unsigned char k = (unsigned char)kind;
	crypto_generichash_state h;
	crypto_generichash_init(&h, key, sizeof(key), 16);
	crypto_generichash_update(&h, &k, 1);
	crypto_generichash_update(&h, (const unsigned char *)who, strlen(who));
	crypto_generichash_final(&h, tag, 16);
}

/* The live count of a tag (expired ones are wiped on the way); NULL when none. */
static struct count *find(const unsigned char tag[16], long long now)
{
	struct count *hit = NULL;
	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		struct count *c = &counts[i];
		if (c->first && c->first + THROTTLE_WINDOW <= now)
			sodium_memzero(c, sizeof(*c));
		if (c->first && !hit && sodium_memcmp(c->tag, tag, 16) == 0)
			hit = c;
	}
	return hit;
}

static int free_tries(enum throttle_kind kind)
{
	return kind == THROTTLE_RECEIPT ? 3 : kind == THROTTLE_MESSAGE ? 20 : 5;
}

/* Kinds that count what was done (an hour's allowance), not wrong tries (waits that grow). */
static int allowance(enum throttle_kind kind)
{
	return kind == THROTTLE_REPORT || kind == THROTTLE_MESSAGE;
}

int throttle_wait(enum throttle_kind kind, const char *who, long long now)
{
	unsigned char tag[16];
	pthread_mutex_lock(&lock);
	tag_of(kind, who, tag);
	struct count *c = find(tag, now);
	long long left = c ? c->first + THROTTLE_WINDOW - now : 0;
	long long wait = 0;
	if (c && allowance(kind)) {
		wait = c->n >= free_tries(kind) ? left : 0;
	} else if (c && c->n >= free_tries(kind)) {
		/* A minute after the first try past the free ones, then twice as long each time,
		 * counted from the first try, never past the window's end. */
		long long step = 60;
		for (int i = free_tries(kind); i < c->n && step < THROTTLE_WINDOW; i++)
			step *= 2;
		wait = c->first + step - now;
		if (wait > left)
			wait = left;
	}
	pthread_mutex_unlock(&lock);
	return wait > 0 ? (int)wait : 0;
}

void throttle_note(enum throttle_kind kind, const char *who, long long now)
{
	unsigned char tag[16];
	pthread_mutex_lock(&lock);
	tag_of(kind, who, tag);
	struct count *c = find(tag, now);
	if (!c) {
		/* A free slot, or else the oldest count. */
		c = &counts[0];
		for (int i = 0; i < THROTTLE_SLOTS && c->first; i++)
			if (!counts[i].first || counts[i].first < c->first)
				c = &counts[i];
		memcpy(c->tag, tag, 16);
		c->first = now;
		c->n = 0;
	}
	c->n++;
	pthread_mutex_unlock(&lock);
}

void throttle_clear(enum throttle_kind kind, const char *who)
{
	unsigned char tag[16];
	pthread_mutex_lock(&lock);
	tag_of(kind, who, tag);
	struct count *c = find(tag, 0);
	if (c)
		sodium_memzero(c, sizeof(*c));
	pthread_mutex_unlock(&lock);
}

void throttle_sweep(long long now)
{
	static const unsigned char none[16];
	pthread_mutex_lock(&lock);
	find(none, now);
	pthread_mutex_unlock(&lock);
}
