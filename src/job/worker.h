/* worker: the thread that runs every press's queued jobs, and the table of kinds it knows. */
#ifndef BS_WORKER_H
#define BS_WORKER_H

#include <stddef.h>

struct job;
struct pool;
struct press;
struct press_keys;
struct press_set;
struct store;

/* What a job's handler gets, and where it says how the job went. */
struct job_ctx {
	struct press *press;
	struct store *store; /* the worker's own connection to the press's database */
	const struct press_keys *keys;
	struct pool *pool; /* freed after the job */
	long long now;
	/* A failed job: why (shown on the admin pages), whether to try again, and how long a
	 * server asked us to wait (Retry-After). */
	char error[256];
	int permanent;
	int retry_after;
};

/* Runs a job: 0 done, -1 failed (c->error says why). */
typedef int (*job_fn)(struct job_ctx *c, const struct job *j);

/* How one job of a batch went: as a job_ctx's outcome, and deferred (the job waits until
 * defer_to without spending a try). */
struct job_outcome {
	int failed, permanent, retry_after;
	long long defer_to;
	char error[256];
};
/* Runs n jobs of one kind at once (deliveries on one connection pool): outs[i] says how jobs[i]
 * went. */
typedef void (*job_batch_fn)(struct job_ctx *c, const struct job *jobs, size_t n,
			     struct job_outcome *outs);

struct job_kind {
	const char *kind;
	job_fn run;	    /* one job; or NULL when batch runs them */
	job_batch_fn batch; /* up to batch_max due jobs of the kind together */
	int batch_max;
};

/* Every kind of job (job/kinds.c), ended by a row whose kind is NULL. */
extern const struct job_kind job_kinds[];

struct job_worker;

/* Starts the thread. It visits every open press: jobs a previous process left running wait
 * again, then due jobs run, oldest first. */
struct job_worker *job_worker_start(struct press_set *set);
/* A job was queued in this process: look now rather than at the next round. */
void job_worker_wake(struct job_worker *w);
/* The same for the worker this process runs, if any (handlers that queue work call it). */
void job_wake(void);
/* Stops after the job under way; NULL is allowed. */
void job_worker_stop(struct job_worker *w);

/* Runs the due jobs of one press now, as the worker does, up to max; how many ran. For the
 * command line and tests. */
int job_run_due(struct press *p, struct store *s, const struct press_keys *k, int max);

#endif
