/* store_resolutions: the rows of model resolutions: the resolution, its permanent versions, its
 * amendments, the branches' decisions (with their history), endorsements, the public log of
 * what was done to it, and its search index. */
#ifndef BS_STORE_RESOLUTIONS_H
#define BS_STORE_RESOLUTIONS_H

#include <stddef.h>

struct pool;
struct store;

enum res_state { RES_DRAFT, RES_CIRCULATING, RES_CLOSED, RES_WITHDRAWN };
enum res_amend_state { AMEND_OPEN, AMEND_WITHDRAWN, AMEND_MERGED, AMEND_STALE };
enum res_outcome { OUTCOME_ADOPTED, OUTCOME_AMENDED, OUTCOME_REJECTED, OUTCOME_DEFERRED };

struct res_row {
	long long id;
	const char *slug, *title, *reason;
	int visibility;				 /* enum post_visibility */
	const char *deadline;			 /* "YYYY-MM-DD", or "" */
	int state;				 /* enum res_state */
	const char *draft;			 /* the text while a draft */
	long long author_id;			 /* 0: none (the command line, or a deleted user) */
	const char *author_handle, *author_name; /* NULL without an author */
	int current;				 /* the current version's number; 0: a draft */
	long long next_para;
	long long created, updated, circulated;
	/* Counts, for lists: open amendments, branches that decided, endorsements of the current
	 * version. */
	int open_amendments, decided, endorsements;
};

struct res_version_row {
	int n;
	const char *body, *para_ids, *note, *made_by;
	long long created;
};

struct res_amendment_row {
	int n, version;
	int kind; /* enum res_kind (resolution/res_range.h) */
	int from, to;
	const char *text, *reason;
	long long member_id, branch_id; /* member 0: deleted since; branch 0: their own */
	const char *branch_name;	/* for a branch's amendment */
	int state;			/* enum res_amend_state */
	int into;			/* the version that merged it or left it stale */
	long long created, changed;
};

/* A vote count that was not given. */
#define RES_NO_VOTES (-1)

struct res_decision_row {
	long long id, branch_id;
	const char *branch_name;
	int version, outcome;
	const char *decided_on;				   /* "YYYY-MM-DD" */
	long long votes_for, votes_against, votes_abstain; /* or RES_NO_VOTES */
	const char *amendments;				   /* numbers, space-separated */
	const char *note;
	long long recorded_by; /* the secretary's member number, 0 when deleted since */
	long long recorded_at;
};

struct res_endorsement_row {
	int version;
	long long member_id, branch_id;
	const char *branch_name;
	long long created;
};

struct res_log_row {
	long long id, resolution_id, at;
	const char *actor, *action, *reason;
	const char *slug, *title;
	int visibility;
};

/* Adds a draft: 0 and *id, 1 when the slug is taken, -1 on error. */
int store_res_add(struct store *s, const struct res_row *r, long long *id);
/* Replaces a draft's title, slug, reason, visibility, deadline and text: 0, 1 slug taken,
 * 2 no such draft, -1 on error. */
int store_res_update_draft(struct store *s, const struct res_row *r);
/* By slug or id: 0 found, 1 not, -1 error. */
int store_res_by_slug(struct store *s, struct pool *p, const char *slug, struct res_row *out);
int store_res_by_id(struct store *s, struct pool *p, long long id, struct res_row *out);
/* Every resolution that circulated (all of them, drafts first, with drafts), newest change
 * first; members-only ones only when members. At most limit. */
int store_res_list(struct store *s, struct pool *p, int drafts, int members, int limit,
		   struct res_row **rows, size_t *n);
/* The state; the current version and next paragraph id too when current > 0. */
int store_res_set(struct store *s, long long id, int state, int current, long long next_para,
		  long long now);
/* Marks a change to what the resolution's pages show (an amendment, a decision ...). */
int store_res_touch(struct store *s, long long id, long long now);
/* The newest change of any resolution that others may read (0 when none). */
long long store_res_last_public_change(struct store *s);

int store_res_version_add(struct store *s, long long id, const struct res_version_row *v);
int store_res_version(struct store *s, struct pool *p, long long id, int n,
		      struct res_version_row *out);
/* Every version (without bodies), oldest first. */
int store_res_versions(struct store *s, struct pool *p, long long id, struct res_version_row **rows,
		       size_t *n);

/* Adds an amendment with the resolution's next number: 0 and *n, -1 on error. */
int store_res_amendment_add(struct store *s, long long id, const struct res_amendment_row *a,
			    int *n);
/* One amendment: 0 found, 1 not, -1 error. */
int store_res_amendment(struct store *s, struct pool *p, long long id, int n,
			struct res_amendment_row *out);
/* Amendments of a version (0: all), by their place in the text, then number. */
int store_res_amendments(struct store *s, struct pool *p, long long id, int version,
			 struct res_amendment_row **rows, size_t *n);
int store_res_amendment_set(struct store *s, long long id, int n, int state, int into,
			    long long now);
/* Every open amendment of a version becomes stale, pointing at into. How many, or -1. */
int store_res_amendments_stale(struct store *s, long long id, int version, int into, long long now);

int store_res_decision_add(struct store *s, long long id, const struct res_decision_row *d);
/* Every record, by branch name and then oldest first (a branch's last is its decision). */
int store_res_decisions(struct store *s, struct pool *p, long long id,
			struct res_decision_row **rows, size_t *n);

/* 0 added, 1 when this member or branch endorsed this version already, -1 on error. */
int store_res_endorse(struct store *s, long long id, int version, long long member_id,
		      long long branch_id, long long now);
int store_res_endorsements(struct store *s, struct pool *p, long long id, int version,
			   struct res_endorsement_row **rows, size_t *n);

int store_res_log_add(struct store *s, long long id, long long at, const char *actor,
		      const char *action, const char *reason);
/* A resolution's log (id > 0), oldest first; or (id 0) the closings and withdrawals of every
 * resolution that circulated, newest first, members-only ones only when members. */
int store_res_log(struct store *s, struct pool *p, long long id, int members, int limit,
		  struct res_log_row **rows, size_t *n);

/* What a member did with resolutions, for their own export: their amendments (n, version,
 * state) and endorsements (version, n 0), each with the resolution's slug. */
struct res_member_item {
	const char *slug;
	int n, version, state;
	long long created;
};
int store_res_member_items(struct store *s, struct pool *p, long long member_id,
			   struct res_member_item **amendments, size_t *na,
			   struct res_member_item **endorsements, size_t *ne);

/* Members (state member) in at least one branch, in id order after after_id. */
int store_res_recipients(struct store *s, struct pool *p, long long after_id, int limit,
			 long long **ids, size_t *n);

/*
 * Full-text search of resolutions' titles and current texts (those that circulated; members-only
 * ones when members), best first, at most limit; snippets as store_search's. fts_query as there. 0,
 * -2 when SQLite rejects the query, -3 past STORE_SEARCH_MS, -1 on error.
 */
int store_res_search(struct store *s, struct pool *p, const char *fts_query, int members, int limit,
		     struct res_row **rows, const char ***snippets, size_t *n);

#endif
