/* store_users: writers' accounts: handles, names, roles and password hashes. */
#include "store/store_users.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/casefold.h"
#include "util/pool.h"

#include <string.h>

#define ACCOUNT_COLS "id, handle, name, role, pwhash"

enum {
	A_ACCOUNT_HANDLE,
	A_ACCOUNT_ID,
	A_ACCOUNTS,
	A_SET_PW,
	A_SET_ROLE,
	A_OWNER,
};

static const char *const sql[] = {
    [A_ACCOUNT_HANDLE] = "SELECT " ACCOUNT_COLS " FROM users WHERE handle = ?1",
    [A_ACCOUNT_ID] = "SELECT " ACCOUNT_COLS " FROM users WHERE id = ?1",
    [A_ACCOUNTS] = "SELECT " ACCOUNT_COLS " FROM users ORDER BY id",
    [A_SET_PW] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
    [A_SET_ROLE] = "UPDATE users SET role = ?2 WHERE id = ?1",
    [A_OWNER] = "SELECT 1 FROM users WHERE role = 0 AND pwhash != '' LIMIT 1",
};

static sqlite3_stmt *stmt(struct store *s, int id)
{
	return store_sql(s, sql[id]);
}

static const char *const role_names[] = {"owner", "editor", "author", "officer", "contributor"};

const char *user_role_name(int role)
{
	return role >= 0 && role <= ROLE_LAST ? role_names[role] : "unknown";
}

int user_role_parse(const char *s)
{
	for (int i = 0; i <= ROLE_LAST; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

void store_account_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct account *a = row;
	a->id = sqlite3_column_int64(st, 0);
	a->handle = store_col_str(st, p, 1);
	a->name = store_col_str(st, p, 2);
	a->role = sqlite3_column_int(st, 3);
	a->pwhash = store_col_str(st, p, 4);
}

int store_one_account(sqlite3_stmt *st, struct pool *p, struct account *a)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_account_from(st, p, a);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_account_by_handle(struct store *s, struct pool *p, const char *handle,
			    struct account *out)
{
	sqlite3_stmt *st = stmt(s, A_ACCOUNT_HANDLE);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	return store_one_account(st, p, out);
}

int store_account_by_id(struct store *s, struct pool *p, long long id, struct account *out)
{
	sqlite3_stmt *st = stmt(s, A_ACCOUNT_ID);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_one_account(st, p, out);
}

int store_accounts(struct store *s, struct pool *p, struct account **rows, size_t *n)
{
	sqlite3_stmt *st = stmt(s, A_ACCOUNTS);
	*rows = NULL;
	*n = 0;
	return st ? store_rows(st, p, sizeof(**rows), store_account_from, rows, n) : -1;
}

int store_account_set_password(struct store *s, long long id, const char *pwhash)
{
	sqlite3_stmt *st = stmt(s, A_SET_PW);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, pwhash, -1, SQLITE_STATIC);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_account_set_role(struct store *s, long long id, int role)
{
	sqlite3_stmt *st = stmt(s, A_SET_ROLE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, role);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_account_set_name(struct store *s, long long id, const char *name)
{
	static const char set_name[] = "UPDATE users SET name = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, set_name);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_owner_exists(struct store *s)
{
	sqlite3_stmt *st = stmt(s, A_OWNER);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The form of a name two spellings of it share: lower case, '@' and blanks gone. */
static const char *name_key(struct pool *p, const char *s)
{
	struct buf folded = {0}, b = {0};
	casefold(&folded, s, strlen(s));
	for (const char *c = buf_str(&folded); *c; c++)
		if (*c != ' ' && *c != '\t' && *c != '@' && *c != '.' && *c != '_' && *c != '-')
			buf_putc(&b, *c);
	const char *k = pool_strdup(p, buf_str(&b));
	buf_free(&folded);
	buf_free(&b);
	return k;
}

int store_writer_named(struct store *s, struct pool *p, const char *name)
{
	struct account *rows;
	size_t n;
	if (store_accounts(s, p, &rows, &n) != 0)
		return -1;
	const char *want = name_key(p, name);
	if (!*want)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(want, name_key(p, rows[i].name)) == 0 ||
		    strcmp(want, name_key(p, rows[i].handle)) == 0)
			return 1;
	return 0;
}
