/* res_int: what the action files of src/resolution share (not for other modules): answers,
 * the transaction every action runs in, and loading the resolution inside it. */
#ifndef BS_RES_INT_H
#define BS_RES_INT_H

#include "resolution/resolution.h"

/* Sets a refusal and returns -1. */
int res_fail(struct res_answer *a, int status, const char *field, const char *message);

/*
 * Starts the action's transaction and reads the resolution: 0 with *r, or -1 with the refusal
 * set (404 for none, 500) and the transaction ended. (Pages show no draft to readers: an
 * action on one, from the command line, is refused by its state.)
 */
int res_begin(struct res_ctx *c, long long id, struct res_row *r, struct res_answer *a);
/* Ends it: commits when ok (0 after a commit; -1 with a 500 when it fails), else rolls back
 * and returns -1 (the refusal is set already). */
int res_end(struct res_ctx *c, int ok, struct res_answer *a);

/* The refusal for a resolution that is not circulating, for what (e.g. "new amendments"). */
int res_not_circulating(struct res_ctx *c, const struct res_row *r, const char *what,
			struct res_answer *a);

/* Reads a member who must be a member (not a subscriber) and, with branch_id, a secretary of
 * that branch: 0, or -1 with the refusal set. */
int res_member_may(struct res_ctx *c, long long member_id, long long branch_id, const char *what,
		   struct res_answer *a);

#endif
