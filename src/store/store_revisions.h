/* store_revisions: every saved version of a post file, and each writer's autosave. */
#ifndef BS_STORE_REVISIONS_H
#define BS_STORE_REVISIONS_H

#include <stddef.h>

struct pool;
struct store;

/* Revisions: a post file as it was saved (kind 0), or autosaved (kind 1, one per user and
 * post, replaced by the next). */
struct revision_row {
	long long id, post_id, saved;
	const char *author; /* handle of who saved it, or NULL (the command line) */
	int kind;
	const char *source;
};
int store_revision_add(struct store *s, long long post_id, long long user_id, int kind,
		       const char *source);
/* Saved revisions of a post, newest first (sources included). */
int store_revisions(struct store *s, struct pool *p, long long post_id, struct revision_row **rows,
		    size_t *n);
int store_revision_get(struct store *s, struct pool *p, long long id, struct revision_row *out);
/* This user's autosave of a post (post 0: of a post not yet saved). 0, 1 none, -1 error. */
int store_autosave_get(struct store *s, struct pool *p, long long post_id, long long user_id,
		       struct revision_row *out);
int store_autosave_drop(struct store *s, long long post_id, long long user_id);

#endif
