/* store_users: writers' accounts: handles, names, roles and password hashes. */
#ifndef BS_STORE_USERS_H
#define BS_STORE_USERS_H

#include <stddef.h>

struct pool;
struct store;

/* What a user may do: an owner everything, an editor every post, an author their own posts; a
 * membership officer keeps the member list and the branches, and writes nothing; a
 * contributor writes drafts of their own and submits them for review, and publishes nothing.
 * (The numbers are stored: new roles come last.) */
enum user_role { ROLE_OWNER, ROLE_EDITOR, ROLE_AUTHOR, ROLE_OFFICER, ROLE_CONTRIBUTOR };
#define ROLE_LAST ROLE_CONTRIBUTOR

/* "owner", "editor", "author", "officer", "contributor" */
const char *user_role_name(int role);
int user_role_parse(const char *s); /* -1 when unknown */

/* A signed-in user as the admin pages see them. */
struct account {
	long long id;
	const char *handle, *name;
	int role;
	const char *pwhash; /* "" when no password was ever set */
};

/* 0 found, 1 not found, -1 error; handle compared without case. */
int store_account_by_handle(struct store *s, struct pool *p, const char *handle,
			    struct account *out);
int store_account_by_id(struct store *s, struct pool *p, long long id, struct account *out);
/* All users with their roles, in the order they were added. */
int store_accounts(struct store *s, struct pool *p, struct account **rows, size_t *n);
int store_account_set_password(struct store *s, long long id, const char *pwhash);
int store_account_set_role(struct store *s, long long id, int role);
int store_account_set_name(struct store *s, long long id, const char *name);
/* 1 when name would pass for one of the press's writers: it is a writer's name or handle
 * (with or without '@'), in any case and with blanks folded; 0 when not, -1 on error. */
int store_writer_named(struct store *s, struct pool *p, const char *name);
/* 1 when some owner can sign in (has a password), 0 when none, -1 on error. */
int store_owner_exists(struct store *s);

#endif
