/* store_committee: committee members and their keys, the public changes, the committee log. */
#include "store/store_committee.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

#define COMMITTEE_COLS                                                                             \
	"c.user_id, u.handle, u.name, u.role, c.since, c.named_by, c.joined, c.pk, c.sk_pass,"     \
	" c.pass_salt, c.pass_ops, c.pass_mem, c.sk_recovery, c.notify_ct"

static void committee_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct committee_row *c = row;
	memset(c, 0, sizeof(*c));
	c->user_id = sqlite3_column_int64(st, 0);
	c->handle = store_col_str(st, p, 1);
	c->name = store_col_str(st, p, 2);
	c->role = sqlite3_column_int(st, 3);
	c->since = store_col_str(st, p, 4);
	c->named_by = store_col_str(st, p, 5);
	c->joined = store_col_str(st, p, 6);
	/* A member who has joined has all of these; anything else reads as not joined. */
	if (store_col_fixed(st, 7, c->pk, sizeof(c->pk)) != 0 ||
	    store_col_fixed(st, 8, c->sk_pass, sizeof(c->sk_pass)) != 0 ||
	    store_col_fixed(st, 9, c->pass_salt, sizeof(c->pass_salt)) != 0 ||
	    store_col_fixed(st, 12, c->sk_recovery, sizeof(c->sk_recovery)) != 0)
		c->joined = NULL;
	c->pass_ops = sqlite3_column_int64(st, 10);
	c->pass_mem = sqlite3_column_int64(st, 11);
	c->notify_ct = store_col_blob(st, p, 13, &c->notify_len);
}

int store_committee_get(struct store *s, struct pool *p, long long user_id,
			struct committee_row *out)
{
	static const char sql[] = "SELECT " COMMITTEE_COLS " FROM committee c"
				  " JOIN users u ON u.id = c.user_id WHERE c.user_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		committee_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_committee_list(struct store *s, struct pool *p, struct committee_row **rows, size_t *n)
{
	static const char sql[] = "SELECT " COMMITTEE_COLS " FROM committee c"
				  " JOIN users u ON u.id = c.user_id ORDER BY c.since, c.rowid";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	return store_rows(st, p, sizeof(**rows), committee_from, rows, n);
}

int store_committee_add(struct store *s, long long user_id, const char *day, const char *by)
{
	static const char sql[] = "INSERT OR IGNORE INTO committee(user_id, since, named_by)"
				  " VALUES(?1, ?2, ?3)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	int c = store_changes(s, st);
	return c < 0 ? -1 : c == 0;
}

int store_committee_remove(struct store *s, long long user_id)
{
	/* report_keys goes with it (ON DELETE CASCADE); said here as well, so that it does not
	 * hang on a pragma. */
	static const char keys[] = "DELETE FROM report_keys WHERE user_id = ?1";
	static const char sql[] = "DELETE FROM committee WHERE user_id = ?1";
	sqlite3_stmt *st = store_sql(s, keys);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	if (store_done(st) != 0 || !(st = store_sql(s, sql)))
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	int c = store_changes(s, st);
	return c < 0 ? -1 : c == 0;
}

int store_committee_set_keys(struct store *s, long long user_id, const unsigned char pk[32],
			     const unsigned char sk_pass[STORE_WRAPPED],
			     const unsigned char salt[16], long long ops, long long mem,
			     const unsigned char sk_recovery[STORE_WRAPPED], const char *day)
{
	static const char sql[] =
	    "UPDATE committee SET pk = ?2, sk_pass = ?3, pass_salt = ?4, pass_ops = ?5,"
	    " pass_mem = ?6, sk_recovery = ?7, joined = ?8 WHERE user_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, pk, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, sk_pass, STORE_WRAPPED, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, salt, 16, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, ops);
	sqlite3_bind_int64(st, 6, mem);
	sqlite3_bind_blob(st, 7, sk_recovery, STORE_WRAPPED, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, day, -1, SQLITE_STATIC);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_committee_set_pass(struct store *s, long long user_id,
			     const unsigned char sk_pass[STORE_WRAPPED],
			     const unsigned char salt[16], long long ops, long long mem)
{
	static const char sql[] = "UPDATE committee SET sk_pass = ?2, pass_salt = ?3,"
				  " pass_ops = ?4, pass_mem = ?5 WHERE user_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, sk_pass, STORE_WRAPPED, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, salt, 16, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, ops);
	sqlite3_bind_int64(st, 5, mem);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_committee_set_notify(struct store *s, long long user_id, const void *ct, size_t n)
{
	static const char sql[] = "UPDATE committee SET notify_ct = ?2 WHERE user_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	if (ct)
		sqlite3_bind_blob(st, 2, ct, (int)n, SQLITE_STATIC);
	return store_done(st);
}

int store_committee_change_add(struct store *s, const char *day, const char *action,
			       long long user_id, const char *name, const char *handle,
			       const char *by)
{
	static const char sql[] =
	    "INSERT INTO committee_changes(day, action, user_id, name, handle, by_whom)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, user_id);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, handle, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, by, -1, SQLITE_STATIC);
	return store_done(st);
}

static void change_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct committee_change_row *c = row;
	c->id = sqlite3_column_int64(st, 0);
	c->day = store_col_str(st, p, 1);
	c->action = store_col_str(st, p, 2);
	c->user_id = sqlite3_column_int64(st, 3);
	c->name = store_col_str(st, p, 4);
	c->handle = store_col_str(st, p, 5);
	c->by = store_col_str(st, p, 6);
}

int store_committee_changes(struct store *s, struct pool *p, int limit,
			    struct committee_change_row **rows, size_t *n)
{
	static const char sql[] = "SELECT id, day, action, user_id, name, handle, by_whom FROM"
				  " committee_changes ORDER BY id DESC LIMIT ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	return store_rows(st, p, sizeof(**rows), change_from, rows, n);
}

int store_committee_log_last(struct store *s, unsigned char last[32])
{
	static const char sql[] = "SELECT hash FROM committee_log ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	memset(last, 0, 32);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_col_fixed(st, 0, last, 32);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_committee_log_add(struct store *s, const struct committee_log_row *r)
{
	static const char sql[] =
	    "INSERT INTO committee_log(day, actor, action, report, detail, prev, hash)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, r->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->report);
	sqlite3_bind_text(st, 5, r->detail, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, r->prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, r->hash, 32, SQLITE_STATIC);
	return store_done(st);
}

static void log_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct committee_log_row *r = row;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->day = store_col_str(st, p, 1);
	r->actor = store_col_str(st, p, 2);
	r->action = store_col_str(st, p, 3);
	r->report = sqlite3_column_int64(st, 4);
	r->detail = store_col_str(st, p, 5);
	store_col_fixed(st, 6, r->prev, 32);
	store_col_fixed(st, 7, r->hash, 32);
}

int store_committee_log_rows(struct store *s, struct pool *p, long long after_id, int limit,
			     int newest, struct committee_log_row **rows, size_t *n)
{
	static const char asc[] = "SELECT id, day, actor, action, report, detail, prev, hash FROM"
				  " committee_log WHERE id > ?1 ORDER BY id LIMIT ?2";
	static const char desc[] = "SELECT id, day, actor, action, report, detail, prev, hash FROM"
				   " committee_log ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, newest ? desc : asc);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(st, p, sizeof(**rows), log_from, rows, n);
}

int store_committee_log_has(struct store *s, const char *day, const char *actor, const char *action,
			    long long report)
{
	static const char sql[] = "SELECT 1 FROM committee_log WHERE day = ?1 AND actor = ?2 AND"
				  " action = ?3 AND report = ?4 LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, report);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
