/* account: creating users and setting passwords, shared by the command line and admin pages. */
#ifndef BS_ACCOUNT_H
#define BS_ACCOUNT_H

struct pool;
struct store;

/* A writer's name (one line) and bio (Markdown, lines allowed), in bytes at most. */
#define ACCOUNT_NAME_MAX 100
#define ACCOUNT_BIO_MAX 2000

/* 1 when h is a handle: 1 to 32 of A-Z, a-z, 0-9 and '_'. */
int account_handle_valid(const char *h);

/*
 * Adds a user with a role and (when password is not NULL) a password, and links the posts
 * that already mention them, inside the caller's transaction. Returns 0, 1 when the handle is
 * taken, -1 on error (msg says why: a weak password, the database).
 */
int account_create(struct store *s, const char *handle, const char *name, const char *bio, int role,
		   const char *password, const char **msg);

/*
 * Checks a profile before it is stored: a name of 1 to ACCOUNT_NAME_MAX bytes on one line, a
 * bio of at most ACCOUNT_BIO_MAX, both valid UTF-8 without control characters (the bio may
 * have line breaks), an avatar that is "" or an image of the media library ("/media/…").
 * NULL when fine, else one sentence naming the field. p may be NULL when avatar is "".
 */
const char *account_profile_problem(struct store *s, struct pool *p, const char *name,
				    const char *bio, const char *avatar);

/* Sets a user's password (checked by auth_password_problem) and ends their sessions and failed
 * sign-ins. 0, or -1 with msg. */
int account_set_password(struct store *s, long long id, const char *handle, const char *password,
			 const char **msg);

#endif
