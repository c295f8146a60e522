/* deliver: the deliveries of activities to inboxes, many at once on one curl multi, with the
 * retry rules of Mastodon and a breaker for each server. */
#include "crypto/keys.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "fed/net.h"
#include "fed/work.h"
#include "job/job.h"
#include "job/worker.h"
#include "store/store.h"
#include "store/store_fed.h"
#include "store/store_fed_objects.h"
#include "util/clock.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

/* How long an open breaker holds a server's deliveries: doubling from this, up to the most. */
#define BREAKER_FIRST 300
#define BREAKER_MOST (6 * 3600)

/* The activities of a batch, each loaded once, with its signer. */
struct sent {
	long long id;
	int missing;
	const char *json;
	struct fed_signer signer;
};

static struct sent *activity_of(struct job_ctx *c, const struct fed_site *fs, struct sent *cache,
				size_t *ncache, long long id)
{
	for (size_t i = 0; i < *ncache; i++)
		if (cache[i].id == id)
			return &cache[i];
	struct sent *s = &cache[(*ncache)++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	long long local;
	int wide;
	struct fed_local a;
	if (store_fed_activity_get(c->store, c->pool, id, &local, &wide, &s->json) != 0 ||
	    fed_local_by_id(fs, local, &a) != 0) {
		s->missing = 1;
		return s;
	}
	s->signer.key = c->keys->actor;
	s->signer.key_id = fed_key_id(fs, a.uri);
	s->signer.user_agent = pool_printf(c->pool, "broadside/1.0 (+%s/)", fs->base);
	return s;
}

/* The breakers a batch touched, written back once. */
struct breaker {
	char domain[300];
	struct fed_domain_row row;
	int changed;
};

static struct breaker *breaker_of(struct job_ctx *c, struct breaker *b, size_t *nb,
				  const char *domain)
{
	for (size_t i = 0; i < *nb; i++)
		if (strcmp(b[i].domain, domain) == 0)
			return &b[i];
	struct breaker *x = &b[(*nb)++];
	memset(x, 0, sizeof(*x));
	snprintf(x->domain, sizeof(x->domain), "%s", domain);
	store_fed_domain_get(c->store, domain, &x->row);
	return x;
}

static void outcome(struct job_outcome *o, int permanent, int retry_after, const char *why)
{
	o->failed = 1;
	o->permanent = permanent;
	o->retry_after = retry_after;
	snprintf(o->error, sizeof(o->error), "%s", why);
}

void fed_deliver_batch(struct job_ctx *c, const struct job *jobs, size_t n,
		       struct job_outcome *outs)
{
	struct site site;
	struct fed_site fs;
	if (fed_job_site(c, &site, &fs) != 0) {
		for (size_t i = 0; i < n; i++)
			outcome(&outs[i], 0, 0, c->error);
		return;
	}
	struct sent *cache = pool_zalloc(c->pool, n * sizeof(*cache));
	struct breaker *br = pool_zalloc(c->pool, n * sizeof(*br));
	struct fed_post *posts = pool_zalloc(c->pool, n * sizeof(*posts));
	size_t *which = pool_zalloc(c->pool, n * sizeof(*which));
	struct breaker **of = pool_zalloc(c->pool, n * sizeof(*of));
	size_t ncache = 0, nbr = 0, np = 0;
	long long now = clock_now();
	for (size_t i = 0; i < n; i++) {
		const char *inbox = jobs[i].payload ? (const char *)jobs[i].payload : "";
		char domain[300], host[256];
		struct sent *s = activity_of(c, &fs, cache, &ncache, jobs[i].ref);
		if (s->missing) {
			outcome(&outs[i], 1, 0, "the activity or its sender is gone");
			continue;
		}
		if (fed_url_host(inbox, 1, domain, sizeof(domain)) != 0 ||
		    fed_url_host(inbox, 0, host, sizeof(host)) != 0) {
			outcome(&outs[i], 1, 0, "the inbox is not an http(s) URL");
			continue;
		}
		/* A server blocked since gets nothing more. */
		if (store_fed_blocked(c->store, "", host) == 1) {
			outcome(&outs[i], 1, 0, "the inbox's server is blocked");
			continue;
		}
		struct breaker *b = breaker_of(c, br, &nbr, domain);
		if (b->row.until > now) {
			outs[i].defer_to = b->row.until;
			continue;
		}
		of[np] = b;
		which[np] = i;
		posts[np++] = (struct fed_post){
		    .signer = &s->signer, .url = inbox, .body = s->json, .len = strlen(s->json)};
	}
	fed_post_all(posts, np);
	now = clock_now();
	for (size_t k = 0; k < np; k++) {
		struct fed_post *p = &posts[k];
		struct job_outcome *o = &outs[which[k]];
		struct breaker *b = of[k];
		int st = p->status;
		if (st >= 200 && st <= 299) {
			if (b->row.failures || b->row.opens || b->row.until) {
				b->row = (struct fed_domain_row){0};
				b->changed = 1;
			}
			continue;
		}
		/* A refusal of the activity itself is final; a server that is down, busy or
		 * asking us to wait is tried again. */
		int final = st >= 400 && st <= 499 && st != 401 && st != 408 && st != 429;
		outcome(o, final, p->retry_after, p->error[0] ? p->error : "no answer");
		if (final)
			continue;
		b->changed = 1;
		if (p->retry_after && b->row.until < now + p->retry_after)
			b->row.until = now + p->retry_after;
		if (++b->row.failures >= FED_BREAKER_FAILURES) {
			long long wait = BREAKER_FIRST;
			for (int i = 0; i < b->row.opens && wait < BREAKER_MOST; i++)
				wait *= 2;
			if (wait > BREAKER_MOST)
				wait = BREAKER_MOST;
			b->row.opens++;
			b->row.failures = 0;
			if (b->row.until < now + wait)
				b->row.until = now + wait;
		}
	}
	int dirty = 0;
	for (size_t i = 0; i < nbr; i++)
		dirty |= br[i].changed;
	if (!dirty)
		return;
	if (store_begin(c->store) != 0)
		return;
	int bad = 0;
	for (size_t i = 0; i < nbr; i++)
		if (br[i].changed)
			bad |= store_fed_domain_put(c->store, br[i].domain, &br[i].row) != 0;
	if (bad || store_commit_quiet(c->store) != 0)
		store_rollback(c->store);
}
