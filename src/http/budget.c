/* budget: a bucket of seconds per client address in a bounded hash table. */
#include "http/budget.h"
#include "http/guard.h"
#include "util/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Addresses remembered at once; a slot is reused by the next address that hashes to it when
 * its own bucket is full again (nothing is lost by forgetting a full bucket). */
#define SLOTS 8192
#define WAYS 4

struct slot {
	char key[GUARD_KEY_LEN];
	double tokens;
	long long at;	  /* when tokens was last brought up to date */
	unsigned running; /* pieces of work under way */
};

struct budget {
	pthread_mutex_t lock;
	double burst, rate;
	unsigned at_once;
	struct slot *slots;
};

struct budget *budget_new(double burst, double per_second, unsigned at_once)
{
	struct budget *b = xcalloc(1, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
	b->burst = burst;
	b->rate = per_second;
	b->at_once = at_once ? at_once : 1;
	b->slots = xcalloc(SLOTS, sizeof(*b->slots));
	return b;
}

void budget_free(struct budget *b)
{
	if (!b)
		return;
	pthread_mutex_destroy(&b->lock);
	free(b->slots);
	free(b);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void refill(const struct budget *b, struct slot *s, long long now)
{
	double earned = (double)(now - s->at) / 1e9 * b->rate;
	s->tokens = s->tokens + earned > b->burst ? b->burst : s->tokens + earned;
	s->at = now;
}

/* Under lock: the slot of key, taken over from the fullest of its set when new. */
static struct slot *slot_of(struct budget *b, const char *key, long long now)
{
	unsigned base = (hash(key) % (SLOTS / WAYS)) * WAYS;
	struct slot *spare = NULL;
	for (unsigned i = 0; i < WAYS; i++) {
		struct slot *c = &b->slots[base + i];
		if (strcmp(c->key, key) == 0) {
			refill(b, c, now);
			return c;
		}
		if (c->key[0])
			refill(b, c, now);
		/* A slot whose work is under way is never taken over. */
		if (c->running)
			continue;
		if (!spare || !c->key[0] || (spare->key[0] && c->tokens > spare->tokens))
			spare = c;
	}
	if (!spare)
		return NULL;
	snprintf(spare->key, sizeof(spare->key), "%s", key);
	spare->tokens = b->burst;
	spare->at = now;
	spare->running = 0;
	return spare;
}

int budget_check(struct budget *b, const char *key, long long now)
{
	pthread_mutex_lock(&b->lock);
	struct slot *s = slot_of(b, key, now);
	int wait = 1;
	if (s && s->tokens > 0 && s->running < b->at_once) {
		s->running++;
		wait = 0;
	} else if (s && s->tokens <= 0) {
		wait = (int)ceil(-s->tokens / b->rate);
	}
	pthread_mutex_unlock(&b->lock);
	return wait < 0 ? 1 : wait;
}

void budget_charge(struct budget *b, const char *key, double seconds, long long now)
{
	pthread_mutex_lock(&b->lock);
	struct slot *s = slot_of(b, key, now);
	if (s) {
		s->tokens -= seconds;
		if (s->running)
			s->running--;
	}
	pthread_mutex_unlock(&b->lock);
}
