/* resolution: what is done with a model resolution, with every rule of its states and of who may
 * do what checked here, for the browser and the command line alike: drafting, circulating to
 * the branches, amending and withdrawing amendments, merging amendments into a new version,
 * branch decisions and their corrections, endorsements, closing and withdrawing; and how the
 * people involved are named in public. */
#ifndef BS_RESOLUTION_H
#define BS_RESOLUTION_H

#include "resolution/res_form.h"
#include "resolution/res_text.h"
#include "store/store_resolutions.h"

#include <stddef.h>

struct pool;
struct press_keys;
struct res_doc;
struct store;

struct res_ctx {
	struct store *s;
	const struct press_keys *k;
	struct pool *p;
	long long now;
	/* How members were named so far (res_member_words), so that a page naming one member
	 * many times unseals their name once. Zero to start. */
	long long *named_ids;
	const char **named_words;
	size_t named_n, named_cap;
};

/*
 * What an action answered: status 0 when done, else the HTTP status of the refusal (400 with
 * field set for a bad field, 403 not allowed, 404 no such thing, 409 not possible in the
 * resolution's state or colliding with another amendment, 500 the database failed) and a
 * sentence for the person who asked. number: what was made (an amendment's or a version's
 * number), id: the resolution made.
 */
struct res_answer {
	int status;
	const char *field;
	const char *message;
	int number;
	long long id;
};

/* A new draft (id 0, by author_id, 0 for none) or a draft's new content. */
int res_draft_save(struct res_ctx *c, long long id, const struct res_draft_in *in,
		   long long author_id, struct res_answer *a);
/* The draft becomes version 1 and goes to the branches: the resolution circulates, a mail to
 * every member of every branch is queued (once each), and the log says who. */
int res_circulate(struct res_ctx *c, long long id, const char *actor, struct res_answer *a);
/* Closes a circulating resolution (withdraw 0) or withdraws a draft or circulating one, with
 * the reason in the public log. */
int res_close(struct res_ctx *c, long long id, int withdraw, const char *reason, const char *actor,
	      struct res_answer *a);

/* Open amendments one member may have on a version, and a version may have; records of
 * decisions (with corrections) one branch may make on a resolution. */
#define RES_OPEN_PER_MEMBER 50
#define RES_OPEN_MAX 2000
#define RES_RECORDS_PER_BRANCH 100

/*
 * A member (state member; for a branch, one of its secretaries) amends the current version of
 * a circulating resolution. Refused with 409 when the resolution is not circulating, the
 * version is not the current one, the range collides with an open amendment (the message
 * names it and its lines), or the member or the version has as many open amendments as they
 * may. a->number is the new amendment's.
 */
int res_amend(struct res_ctx *c, long long id, long long member_id, const struct res_amend_in *in,
	      struct res_answer *a);
/* Its author (or, for a branch's, a secretary of that branch) withdraws an open amendment. */
int res_amend_withdraw(struct res_ctx *c, long long id, int number, long long member_id,
		       struct res_answer *a);
/*
 * Merges the chosen open amendments of the current version into a new version: they become
 * merged, every other open one of that version stale (pointing at the new version), and the
 * old version stays as it was. The caller has checked that actor may (the author or an
 * editor). a->number is the new version's.
 */
int res_merge_amendments(struct res_ctx *c, long long id, const int *numbers, size_t n,
			 const char *note, const char *actor, struct res_answer *a);
/* A secretary of the branch records (or corrects: a new record, the old one kept) the
 * branch's decision on a version of a circulating resolution, at most RES_RECORDS_PER_BRANCH
 * times. */
int res_decide(struct res_ctx *c, long long id, long long member_id, const struct res_decide_in *in,
	       struct res_answer *a);
/* A member, or a secretary for their branch (branch_id), endorses the current version. */
int res_endorse(struct res_ctx *c, long long id, long long member_id, long long branch_id,
		int version, struct res_answer *a);

/* Every branch with its decision on a resolution: the newest record (NULL when none) and the
 * earlier ones it corrects, oldest first; branches by name. */
struct branch_row;
struct res_branch_decision {
	const struct branch_row *branch;
	const struct res_decision_row *current;
	const struct res_decision_row **earlier;
	size_t nearlier;
};
int res_decision_table(struct res_ctx *c, long long id, struct res_branch_decision **rows,
		       size_t *n);
/* "adopted with A2, A5", "rejected", ... */
const char *res_decision_words(struct pool *p, const struct res_decision_row *d);

/* The version n of a resolution read into paragraphs and lines: 0, 1 when there is none, -1. */
int res_version_doc(struct res_ctx *c, long long id, int n, struct res_version_row *v,
		    struct res_doc *d);

/* How a member is named in public, by their own choice: their name when they show it, else
 * "a member of BRANCH" (their first branch), "a member", or "a former member" (id 0). */
const char *res_member_words(struct res_ctx *c, long long member_id);
/* Whether a member is one of a branch's secretaries (-1 on error). */
int res_is_secretary(struct res_ctx *c, long long member_id, long long branch_id);

/*
 * The plain-text export of version n (0: the current one): heading, reason, the text with its
 * line numbers (the same as the page's), the version's amendments and the table of every
 * branch's decision. site_title and url (the resolution's address) head it. 0, 1 when there is
 * no such version, -1 on error.
 */
int res_export_text(struct res_ctx *c, const struct res_row *r, int n, const char *site_title,
		    const char *url, struct buf *out);

#endif
