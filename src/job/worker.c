/* worker: one thread claims due jobs of every open press, runs them by kind and records how
 * they went; it sleeps until the next one is due, a second at most. */
#include "job/worker.h"
#include "job/job.h"
#include "press/press.h"
#include "store/store.h"
#include "store/store_members.h"
#include "member/member.h"
#include "util/clock.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Jobs one press may run in a row before the others get their turn. */
#define BATCH 50
/* Seconds a claimed job is the worker's before it is due again: longer than any try. */
#define LEASE 900

struct job_worker {
	struct press_set *set;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop, woken;
	long long next; /* the earliest due job seen in a round */
	int ran;
};

static const struct job_kind *kind_of(const char *kind)
{
	for (const struct job_kind *k = job_kinds; k->kind; k++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	return NULL;
}

/* Runs the claimed job j with the other due jobs of its kind (up to the kind's batch_max), and
 * records how each went. 0, or -1 on a database error. */
static int run_batch(struct job_ctx *c, const struct job_kind *k, const struct job *j)
{
	int max = k->batch_max > 0 ? k->batch_max : 1;
	struct job *jobs = pool_alloc(c->pool, (size_t)max * sizeof(*jobs));
	jobs[0] = *j;
	int n = job_claim_kind(c->store, c->pool, c->now, LEASE, k->kind, max - 1, jobs + 1);
	n = n < 0 ? 1 : n + 1;
	struct job_outcome *outs = pool_zalloc(c->pool, (size_t)n * sizeof(*outs));
	k->batch(c, jobs, (size_t)n, outs);
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const struct job_outcome *o = &outs[i];
		if (o->defer_to)
			rc |= job_defer(c->store, jobs[i].id, o->defer_to);
		else if (!o->failed)
			rc |= job_done(c->store, jobs[i].id, clock_now());
		else
			rc |= job_failed(c->store, &jobs[i], clock_now(),
					 o->error[0] ? o->error : "failed", o->permanent,
					 o->retry_after);
	}
	return rc ? -1 : 0;
}

/* Claims and runs one job: 1 when one ran, 0 when none was due, -1 on a database error. */
static int run_one(struct press *p, struct store *s, const struct press_keys *keys)
{
	struct pool *pool = pool_new();
	struct job j;
	long long now = clock_now();
	int rc = job_claim(s, pool, now, LEASE, &j);
	if (rc != 0) {
		pool_free(pool);
		return rc < 0 ? -1 : 0;
	}
	const struct job_kind *k = kind_of(j.kind);
	struct job_ctx c = {.press = p, .store = s, .keys = keys, .pool = pool, .now = now};
	if (k && k->batch) {
		rc = run_batch(&c, k, &j);
		pool_free(pool);
		return rc < 0 ? -1 : 1;
	}
	if (!k) {
		snprintf(c.error, sizeof(c.error), "no such kind of job: %s", j.kind);
		rc = job_failed(s, &j, clock_now(), c.error, 1, 0);
	} else if (k->run(&c, &j) == 0) {
		/* Done must be recorded, or the job would run again when its lease ends: a mail
		 * sent twice. A busy database is waited for (a minute at most). */
		for (int tries = 0; (rc = job_done(s, j.id, clock_now())) != 0 && tries < 600;
		     tries++) {
			struct timespec ts = {0, 100 * 1000000L};
			nanosleep(&ts, NULL);
		}
	} else {
		if (!c.error[0])
			snprintf(c.error, sizeof(c.error), "failed");
		rc = job_failed(s, &j, clock_now(), c.error, c.permanent, c.retry_after);
	}
	pool_free(pool);
	return rc < 0 ? -1 : 1;
}

int job_run_due(struct press *p, struct store *s, const struct press_keys *k, int max)
{
	int n = 0;
	while (n < max && run_one(p, s, k) == 1)
		n++;
	return n;
}

static void visit(struct press *p, void *ud)
{
	struct job_worker *w = ud;
	struct store *s = press_store(p);
	const struct press_keys *k = press_keys(p);
	if (!s || !k)
		return;
	/* The queue's own writes need no fsync each: a job marked done that a power cut undoes
	 * is run again, as after any crash. What the queue takes in (a reader's confirmation
	 * mail, a post) was made durable by the request that queued it. */
	if (!press_jobs_mine(p) || store_sync_on_checkpoint(s) != 0)
		return;
	if (press_jobs_recovered(p) == 0 && job_recover(s) != 0)
		fprintf(stderr, "broadside: %s: cannot recover its jobs\n", press_dir(p));
	w->ran += job_run_due(p, s, k, BATCH);
	/* Once an hour: addresses never confirmed, ended sessions and links, old tries. */
	if (press_tidy_due(p, clock_now(), 3600) &&
	    store_members_tidy(s, clock_now(), MEMBER_CONFIRM_SECONDS) != 0)
		fprintf(stderr, "broadside: %s: cannot tidy the members' tables\n", press_dir(p));
	long long at;
	if (job_next_due(s, &at) == 0 && (!w->next || at < w->next))
		w->next = at;
}

static void *loop(void *arg)
{
	struct job_worker *w = arg;
	press_set_open_all(w->set);
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		w->ran = 0;
		w->next = 0;
		press_set_each(w->set, visit, w);
		pthread_mutex_lock(&w->lock);
		if (w->stop)
			break;
		/* More was due than a round runs: go on at once. */
		long long now = clock_now();
		if (w->ran && w->next && w->next <= now)
			continue;
		if (w->woken) {
			w->woken = 0;
			continue;
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		long long wait_ms = w->next && w->next > now ? (w->next - now) * 1000 : 1000;
		if (wait_ms > 1000)
			wait_ms = 1000;
		ts.tv_sec += wait_ms / 1000;
		ts.tv_nsec += (wait_ms % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&w->wake, &w->lock, &ts);
		w->woken = 0;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* The process's one worker, for job_wake. */
static struct job_worker *_Atomic running;

void job_wake(void)
{
	job_worker_wake(atomic_load(&running));
}

struct job_worker *job_worker_start(struct press_set *set)
{
	struct job_worker *w = xcalloc(1, sizeof(*w));
	w->set = set;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, loop, w) != 0) {
		fprintf(stderr, "broadside: cannot start the job worker\n");
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	atomic_store(&running, w);
	return w;
}

void job_worker_wake(struct job_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->woken = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void job_worker_stop(struct job_worker *w)
{
	if (!w)
		return;
	atomic_store(&running, NULL);
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
