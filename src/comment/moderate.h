/* moderate: what a moderator does to a comment, the same from the command line and /admin. */
#ifndef BS_MODERATE_H
#define BS_MODERATE_H

struct pool;
struct store;

enum moderation {
	MOD_APPROVE, /* a held, rejected or spam comment is published; a writer's waiting edit
			of a published one replaces its text */
	MOD_REJECT,  /* a held one is turned down; a waiting edit is dropped; a published one
			is removed and logged */
	MOD_SPAM,    /* a held one is marked spam; a published one is removed and logged */
	MOD_REMOVE,  /* a published one goes: a placeholder stays, the public log says why */
	MOD_EDIT,    /* a published one gets new text, logged with the old */
	MOD__COUNT
};

/* "approve", "reject", "spam", "remove", "edit"; -1 for anything else. */
int moderation_parse(const char *name);
const char *moderation_name(enum moderation m);

/*
 * Applies m to comment id inside the caller's transaction. reason is required for every action
 * that takes a published comment off or changes it (the public log shows it), text for MOD_EDIT.
 * Returns 0; 1 with *msg when the action does not fit the comment (a sentence, in p); -1 on a
 * database error.
 */
int moderate(struct store *s, struct pool *p, enum moderation m, long long id, const char *reason,
	     const char *text, const char **msg);

/* A writer answering a comment from the moderation page. */
struct moderate_reply {
	long long parent;  /* the published comment answered */
	long long user_id; /* the writer, who is shown by name with the writer's mark */
	const char *name;  /* their name */
	const char *addr;  /* the address tag the request came from */
	const char *text;  /* the reply, Markdown (rendered as readers' comments are) */
};

/*
 * Adds the reply, published, under the comment it answers (beside it past the deepest level),
 * inside the caller's transaction. 0 with *id and *slug (the post's, in p) set; 1 with *msg
 * when the comment is not published or the text is empty or too long; -1 on a database error.
 */
int moderate_reply(struct store *s, struct pool *p, const struct moderate_reply *m, long long *id,
		   const char **slug, const char **msg);

#endif
