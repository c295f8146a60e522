/* work: the queued work of federation (job kinds, see job/kinds.c): the outbox's activities
 * about posts and their fan-out to followers' inboxes, the deliveries themselves, and the
 * activities the inbox took in. */
#ifndef BS_FED_WORK_H
#define BS_FED_WORK_H

#include <stddef.h>

struct fed_site;
struct job;
struct job_ctx;
struct job_outcome;
struct site;

/* The press of a job: its settings and public address (the url setting, which activities must
 * name). 0, or -1 with the job's error set. */
int fed_job_site(struct job_ctx *c, struct site *site, struct fed_site *fs);

/* "outbox_create" (ref: a post gone public): the writer's Create to their followers and the
 * press's Announce to its own. "outbox_update" (ref: the post): an Update to both.
 * "outbox_delete" (ref: the post): a Delete to both. Each queues an "outbox_fanout". */
int fed_outbox_create(struct job_ctx *c, const struct job *j);
int fed_outbox_update(struct job_ctx *c, const struct job *j);
int fed_outbox_delete(struct job_ctx *c, const struct job *j);
/* "outbox_fanout" (ref: the activity; payload: the last inbox done): a "fed_deliver" for each
 * distinct inbox (a shared one where there is one), in batches that commit with their place. */
int fed_outbox_fanout(struct job_ctx *c, const struct job *j);

/* "fed_deliver" (ref: the activity; payload: the inbox), many at once: signed afresh, POSTed,
 * given up on a 4xx other than 401, 408 and 429, retried as Mastodon retries otherwise (after
 * Retry-After when longer), and held while the server's breaker is open. */
void fed_deliver_batch(struct job_ctx *c, const struct job *jobs, size_t n,
		       struct job_outcome *outs);
/* A server's breaker opens after this many failed deliveries in a row. */
#define FED_BREAKER_FAILURES 5

/* "inbox" (ref: the signer; payload: the activity as received): Follow (Accept sent), Undo,
 * Create, Update and Delete of replies (comments by the comment rules) and of accounts, Like
 * and Announce (counted). */
int fed_inbox_run(struct job_ctx *c, const struct job *j);

#endif
