/* res_form: reading and checking what writers, members and secretaries send about a resolution
 * (a draft, an amendment, a decision, a choice of amendments) from named text fields, for the
 * browser's forms and the command line alike. Every refusal names its field. */
#ifndef BS_RES_FORM_H
#define BS_RES_FORM_H

#include "resolution/res_range.h"

#include <stddef.h>

struct pool;

/* The i-th value (from 0) sent under key, or NULL when there are fewer. */
typedef const char *(*res_get_fn)(void *ud, const char *key, size_t i);

/* A refusal: the field it is about and a sentence saying what is wrong. */
struct res_error {
	const char *field;
	const char *message;
};

/* Bounds, in bytes. */
#define RES_TITLE_MAX 200
#define RES_REASON_MAX 10000
#define RES_AMEND_TEXT_MAX 20000
#define RES_AMEND_REASON_MAX 5000
#define RES_NOTE_MAX 2000
#define RES_CLOSE_REASON_MAX 1000
/* Votes a branch may count for one side, and amendments one merge or decision may name. */
#define RES_VOTES_MAX 10000000
#define RES_PICK_MAX 1000

/* A draft: fields title, slug (empty: made from the title), reason, visibility ("public" or
 * "members"), deadline ("YYYY-MM-DD" or empty) and text (canonical once read). */
struct res_draft_in {
	const char *title, *slug, *reason, *deadline, *text;
	int visibility;
};
int res_draft_read(res_get_fn get, void *ud, struct pool *p, struct res_draft_in *out,
		   struct res_error *e);

/* An amendment: fields version, kind (replace, insert or delete), from and to (replace and
 * delete) or after (insert), text (canonical; none for a delete), reason, and as ("" for the
 * member, or the number of a branch they speak for). Ranges are checked against the version
 * later, by the action. */
struct res_amend_in {
	int version;
	struct res_range range;
	const char *text, *reason;
	long long branch_id;
};
int res_amend_read(res_get_fn get, void *ud, struct pool *p, struct res_amend_in *out,
		   struct res_error *e);

/* A branch's decision: fields branch, version, outcome (adopted, adopted-with-amendments,
 * rejected or deferred), date ("YYYY-MM-DD"), for, against and abstain (each a count, or
 * empty when not counted), note, and the amendments adopted as res_pick_read reads them
 * (only with adopted-with-amendments, and then at least one). */
struct res_decide_in {
	long long branch_id;
	int version, outcome;
	const char *date, *note;
	long long votes_for, votes_against, votes_abstain;
	int *amendments;
	size_t namendments;
};
int res_decide_read(res_get_fn get, void *ud, struct pool *p, struct res_decide_in *out,
		    struct res_error *e);

/*
 * Amendment numbers: every value of the field "amendment[]" (one number each, as checkboxes send
 * them) and the field "amendments" (numbers typed as "3 5, A7 9-12"), sorted, each once, into
 * *out (in p). 0, or -1 with e set (the field "amendments") for anything that is not a number
 * or a range, or for more than RES_PICK_MAX.
 */
int res_pick_read(res_get_fn get, void *ud, struct pool *p, int **out, size_t *n,
		  struct res_error *e);

/* A decimal number from min to max, nothing else: 0 and *out, or -1. */
int res_number(const char *s, long long min, long long max, long long *out);
/* 1 when s is a calendar date written YYYY-MM-DD. */
int res_date_ok(const char *s);

/* Names of states and outcomes, as forms send them and pages show them. */
const char *res_state_name(int state);	     /* "draft", "circulating", ... */
const char *res_outcome_name(int outcome);   /* "adopted-with-amendments" */
const char *res_outcome_words(int outcome);  /* "adopted with amendments" */
int res_outcome_parse(const char *s);	     /* -1 when unknown */
const char *res_amend_state_name(int state); /* "open", "merged", ... */

#endif
