/* account: creating users and setting passwords, shared by the command line and admin pages. */
#ifndef BS_ACCOUNT_H
#define BS_ACCOUNT_H

struct store;

/* 1 when h is a handle: 1 to 32 of A-Z, a-z, 0-9 and '_'. */
int account_handle_valid(const char *h);

/*
 * Adds a user with a role and (when password is not NULL) a password, and links the posts
 * that already mention them, inside the caller's transaction. Returns 0, 1 when the handle is
 * taken, -1 on error (msg says why: a weak password, the database).
 */
int account_create(struct store *s, const char *handle, const char *name, const char *bio, int role,
		   const char *password, const char **msg);

/* Sets a user's password (checked by auth_password_problem) and ends their sessions and failed
 * sign-ins. 0, or -1 with msg. */
int account_set_password(struct store *s, long long id, const char *handle, const char *password,
			 const char **msg);

#endif
