/* cli_user: `broadside user add|passwd|role|set|list`: the writers of a press, their accounts
 * and profiles. */
#include "cli/cli.h"
#include "auth/account.h"
#include "auth/auth.h"
#include "store/store.h"
#include "store/store_users.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The handle as given, without a leading '@'. */
static const char *handle_of(const struct cli_args *a)
{
	return a->handle[0] == '@' ? a->handle + 1 : a->handle;
}

static int role_of(const struct cli_args *a, int *role)
{
	*role = user_role_parse(a->role);
	return *role < 0
		   ? cli_usage(a, "--role takes owner, editor, author, contributor or officer")
		   : 0;
}

/* Reads a password: the first line of standard input, without its newline. */
static int read_password(char *out, size_t size)
{
	if (!fgets(out, (int)size, stdin))
		return cli_fail("no password on standard input");
	size_t n = strcspn(out, "\r\n");
	if (n == size - 1 && out[n] == '\0')
		return cli_fail("the password is longer than %d bytes", AUTH_PASSWORD_MAX);
	out[n] = '\0';
	return 0;
}

/* Adds a user (with a role, and a password when given) and links the posts that already
 * mention them, in one transaction. */
static int add_user(struct store *s, const struct cli_args *a, int role, const char *password)
{
	const char *msg, *handle = handle_of(a);
	if (store_begin(s) != 0)
		return cli_fail("database: %s", store_errmsg(s));
	int rc = account_create(s, handle, a->name, a->bio, role, password, &msg);
	if (rc == 1) {
		store_rollback(s);
		return cli_fail("the handle '@%s' is taken", handle);
	}
	if (rc != 0 || store_commit(s) != 0) {
		store_rollback(s);
		return cli_fail("%s", msg ? msg : store_errmsg(s));
	}
	return 0;
}

int cli_user_add(const struct cli_args *a)
{
	const char *handle = handle_of(a);
	int role;
	if (role_of(a, &role) != 0)
		return 2;
	if (!account_handle_valid(handle))
		return cli_fail("bad handle '%s' (1 to 32 letters, digits or '_')", handle);
	const char *why = account_profile_problem(NULL, NULL, a->name, a->bio ? a->bio : "", "");
	if (why)
		return cli_fail("%s", why);
	char password[AUTH_PASSWORD_MAX + 2];
	if (a->password_stdin && read_password(password, sizeof(password)) != 0)
		return 1;
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc == 0) {
		rc = add_user(s, a, role, a->password_stdin ? password : NULL);
		store_close(s);
	}
	sodium_memzero(password, sizeof(password));
	if (rc == 0)
		printf("/@%s\n", handle);
	return rc;
}

/* user passwd (password not NULL) and user role: change one user. */
static int change_user(const struct cli_args *a, int role, const char *password)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct account acc;
	const char *msg = NULL;
	rc = store_account_by_handle(s, p, handle_of(a), &acc);
	if (rc == 1) {
		rc = cli_fail("no user '@%s'", handle_of(a));
	} else if (rc == 0 && store_begin(s) == 0) {
		rc = password ? account_set_password(s, acc.id, acc.handle, password, &msg)
			      : store_account_set_role(s, acc.id, role);
		if (rc == 0)
			rc = store_commit_quiet(s);
		if (rc != 0)
			store_rollback(s);
		rc = rc ? cli_fail("%s", msg ? msg : store_errmsg(s)) : 0;
	} else {
		rc = cli_fail("%s", store_errmsg(s));
	}
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_user_passwd(const struct cli_args *a)
{
	char password[AUTH_PASSWORD_MAX + 2];
	if (read_password(password, sizeof(password)) != 0)
		return 1;
	int rc = change_user(a, 0, password);
	sodium_memzero(password, sizeof(password));
	return rc;
}

int cli_user_role(const struct cli_args *a)
{
	int role;
	if (role_of(a, &role) != 0)
		return 2;
	return change_user(a, role, NULL);
}

int cli_user_set(const struct cli_args *a)
{
	if (!a->name && !a->bio && !a->avatar)
		return cli_usage(a, "say what to change: --name, --bio or --avatar");
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct user_row u;
	const char *why;
	rc = store_user_get(s, p, handle_of(a), &u);
	if (rc == 1) {
		rc = cli_fail("no user '@%s'", handle_of(a));
	} else if (rc != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		const char *name = a->name ? a->name : u.name, *bio = a->bio ? a->bio : u.bio;
		const char *avatar = a->avatar ? a->avatar : u.avatar;
		if ((why = account_profile_problem(s, p, name, bio, avatar))) {
			rc = cli_fail("%s", why);
		} else if (store_begin(s) != 0 ||
			   store_user_set_profile(s, u.id, name, bio, avatar) != 0 ||
			   store_commit(s) != 0) {
			store_rollback(s);
			rc = cli_fail("database: %s", store_errmsg(s));
		} else {
			printf("/@%s\n", u.handle);
		}
	}
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_user_list(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	size_t n;
	struct account *rows;
	if (store_accounts(s, p, &rows, &n) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("@%-20s %-7s %-13s %s\n", rows[i].handle, user_role_name(rows[i].role),
		       rows[i].pwhash[0] ? "can sign in" : "no password", rows[i].name);
	pool_free(p);
	store_close(s);
	return rc;
}
