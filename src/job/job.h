/* job: one queue for all work that must not be lost (mail, newsletters, deliveries): a row per
 * job in the press's database, claimed in one transaction and finished in another, retried on
 * a schedule that is data. */
#ifndef BS_JOB_H
#define BS_JOB_H

#include <stddef.h>

struct pool;
struct store;

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_GAVE_UP };

struct job {
	long long id;
	const char *kind;
	long long ref, ref2; /* what the job is about (a post, a member ...) */
	const unsigned char *payload;
	size_t payload_len;
	int tries; /* before this one */
	int state;
	long long next_at, created, done_at;
	const char *last_error;
};

/* How a kind of job is retried: the wait before each try after the first, in seconds; past
 * the last one the job is given up. */
struct job_policy {
	const char *kind;
	const int *waits;
	int nwaits;
};

/* The policy of a kind (a default for kinds without their own). */
const struct job_policy *job_policy_of(const char *kind);

/*
 * Queues a job inside the caller's transaction, due at `at`. dedupe (or NULL) is a name no two
 * jobs share: queueing it again is a no-op, so a job made twice (a retry of the thing that
 * makes it, a restart) runs once. Returns 0, 1 when dedupe existed already, -1 on error.
 */
int job_add(struct store *s, const char *kind, long long ref, long long ref2, const void *payload,
	    size_t payload_len, long long at, const char *dedupe);

/*
 * Claims the next due job (its own transaction): it runs until lease, and a job whose lease
 * ran out (its process died) is due again. 0 with *out (strings in p), 1 when none is due,
 * -1 on error.
 */
int job_claim(struct store *s, struct pool *p, long long now, int lease, struct job *out);
/*
 * Claims up to max more due jobs of one kind (after one of them was claimed: a delivery takes
 * its fellows along to send them at once), in one transaction. How many went into out (strings
 * in p), or -1.
 */
int job_claim_kind(struct store *s, struct pool *p, long long now, int lease, const char *kind,
		   int max, struct job *out);
/* The claimed job is done (its own transaction). 0 or -1. */
int job_done(struct store *s, long long id, long long now);
/*
 * The claimed job failed: it waits for its policy's next try (or for retry_after seconds when
 * that is longer, as a server's Retry-After asks), or is given up when no try is left or
 * permanent. Its own transaction; 0 or -1.
 */
int job_failed(struct store *s, const struct job *j, long long now, const char *error,
	       int permanent, int retry_after);
/* The claimed job waits until at without spending a try (a server's breaker is open). */
int job_defer(struct store *s, long long id, long long at);
/* Replaces a job's payload inside the caller's transaction (a fan-out keeps its place there). */
int job_set_payload(struct store *s, long long id, const void *payload, size_t len);
/* Makes every running job wait again (at start: no other process runs this press's jobs). */
int job_recover(struct store *s);
/* When the next waiting job is due: 0 and *at, 1 when none waits, -1 on error. */
int job_next_due(struct store *s, long long *at);

/* Jobs of a kind prefix ("mail"), newest first, for the admin pages. */
int job_list(struct store *s, struct pool *p, const char *kind_prefix, int limit, struct job **rows,
	     size_t *n);
/* How many jobs of each state a kind prefix has. */
int job_counts(struct store *s, const char *kind_prefix, int counts[4]);
/* Every job of a kind that was given up is due again, its tries counted from zero: how many,
 * or -1. */
int job_retry_given_up(struct store *s, const char *kind_prefix, long long now);
/* One job: 0 found, 1 none, -1 error. */
int job_get(struct store *s, struct pool *p, long long id, struct job *out);
/*
 * The news of posts brought in (an import, a generated site) is old news: no subscriber is
 * mailed and no follower is sent it, so their queued "published" and "outbox_create" jobs are
 * dropped at once rather than worked through one by one. job_news_mark gives the highest post
 * id before they come (-1 on error); job_forget_news, inside the same transaction as the posts,
 * drops the news of every post above it. 0 or -1.
 */
long long job_news_mark(struct store *s);
int job_forget_news(struct store *s, long long after_post);
/* Drops every mail job for a member (ref2), in any state, inside the caller's transaction;
 * *ids (in p) are the jobs dropped, whose outbox files the caller removes. 0 or -1. */
int job_forget_mails_of(struct store *s, long long member, struct pool *p, long long **ids,
			size_t *n);

#endif
