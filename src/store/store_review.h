/* store_review: contributors' drafts submitted for review, and the queue editors publish from. */
#ifndef BS_STORE_REVIEW_H
#define BS_STORE_REVIEW_H

#include <stddef.h>

struct pool;
struct store;

/* A draft waiting for an editor. */
struct review_row {
	long long id;	    /* the post */
	const char *title;  /* its title */
	const char *writer; /* its writer's handle, or NULL */
	long long at;	    /* when it was submitted */
};

/* Marks the post as submitted for review at at (0: not waiting). A post that goes public
 * leaves the queue by itself (a trigger). 0, or -1 when there is no such post or on error. */
int store_review_set(struct store *s, long long post_id, long long at);
/* When the post was submitted for review, 0 when it is not waiting, -1 on error. */
long long store_review_at(struct store *s, long long post_id);
/* The drafts waiting for review (not in the trash), oldest first; author 0: everyone's. */
int store_review_queue(struct store *s, struct pool *p, long long author, struct review_row **rows,
		       size_t *n);

#endif
