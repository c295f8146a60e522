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

#endif
