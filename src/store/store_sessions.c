/* store_sessions: sign-in sessions, one-time links and failed sign-ins, all kept by hash. */
#include "store/store_sessions.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

enum {
	A_SESSION_ADD,
	A_SESSION_GET,
	A_SESSION_DEL,
	A_SESSION_DEL_USER,
	A_SESSION_COUNT,
	A_SESSION_GC,
	A_TOKEN_ADD,
	A_TOKEN_CHECK,
	A_TOKEN_DEL,
	A_TOKEN_TAKE,
	A_FAILS,
	A_FAIL_TENTH,
	A_FAIL_ADD,
	A_FAIL_UNDO,
	A_FAIL_CLEAR,
	A_FAIL_GC,
};

static const char *const sql[] = {
    [A_SESSION_ADD] = "INSERT INTO sessions(hash, user_id, created, expires, addr)"
		      " VALUES(?1, ?2, strftime('%s', 'now'), ?3, ?4)",
    [A_SESSION_GET] = "SELECT u.id, u.handle, u.name, u.role, u.pwhash FROM sessions s"
		      " JOIN users u ON u.id = s.user_id WHERE s.hash = ?1 AND s.expires > ?2",
    [A_SESSION_DEL] = "DELETE FROM sessions WHERE hash = ?1",
    [A_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?1",
    [A_SESSION_COUNT] = "SELECT count(*) FROM sessions WHERE user_id = ?1 AND expires > ?2",
    [A_SESSION_GC] = "DELETE FROM sessions WHERE expires <= strftime('%s', 'now')",
    [A_TOKEN_ADD] = "INSERT INTO tokens(hash, purpose, expires) VALUES(?1, ?2, ?3)",
    [A_TOKEN_CHECK] = "SELECT 1 FROM tokens WHERE hash = ?1 AND purpose = ?2 AND expires > ?3",
    [A_TOKEN_DEL] = "DELETE FROM tokens WHERE purpose = ?1",
    [A_TOKEN_TAKE] = "DELETE FROM tokens WHERE hash = ?1 AND purpose = ?2 AND expires > ?3",
    [A_FAILS] = "SELECT count(*), max(t) FROM login_failures WHERE key = ?1 AND t > ?2",
    [A_FAIL_TENTH] = "SELECT t FROM login_failures WHERE key = ?1 ORDER BY t DESC"
		     " LIMIT 1 OFFSET ?2",
    [A_FAIL_ADD] = "INSERT INTO login_failures(key, t, handle) VALUES(?1, ?2, lower(?3))",
    [A_FAIL_UNDO] = "DELETE FROM login_failures WHERE rowid = ?1",
    [A_FAIL_CLEAR] = "DELETE FROM login_failures WHERE key = 'u:' || lower(?1)"
		     " OR (key LIKE 'a:%' AND handle = lower(?1))",
    [A_FAIL_GC] = "DELETE FROM login_failures WHERE t < ?1 - 86400",
};

static sqlite3_stmt *stmt(struct store *s, int id)
{
	return store_sql(s, sql[id]);
}

int store_session_add(struct store *s, const unsigned char hash[32], long long user_id,
		      long long expires, const char *addr)
{
	sqlite3_stmt *gc = stmt(s, A_SESSION_GC);
	if (!gc || store_done(gc) != 0)
		return -1;
	sqlite3_stmt *st = stmt(s, A_SESSION_ADD);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, expires);
	sqlite3_bind_text(st, 4, addr ? addr : "", -1, SQLITE_STATIC);
	return store_done(st);
}

int store_session_get(struct store *s, struct pool *p, const unsigned char hash[32], long long now,
		      struct account *out)
{
	sqlite3_stmt *st = stmt(s, A_SESSION_GET);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return store_one_account(st, p, out);
}

int store_session_delete(struct store *s, const unsigned char hash[32])
{
	sqlite3_stmt *st = stmt(s, A_SESSION_DEL);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return store_done(st);
}

int store_session_delete_user(struct store *s, long long user_id)
{
	sqlite3_stmt *st = stmt(s, A_SESSION_DEL_USER);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	return store_changes(s, st);
}

int store_session_count(struct store *s, long long user_id, long long now)
{
	sqlite3_stmt *st = stmt(s, A_SESSION_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_token_add(struct store *s, const unsigned char hash[32], const char *purpose,
		    long long expires)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_ADD);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, expires);
	return store_done(st);
}

int store_token_check(struct store *s, const unsigned char hash[32], const char *purpose,
		      long long now)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_CHECK);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_token_delete_purpose(struct store *s, const char *purpose)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_DEL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, purpose, -1, SQLITE_STATIC);
	return store_done(st);
}

int store_token_take(struct store *s, const unsigned char hash[32], const char *purpose,
		     long long now)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_TAKE);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int store_login_failures(struct store *s, const char *key, long long since, int nth,
			 struct login_failures *out)
{
	sqlite3_stmt *st = stmt(s, A_FAILS);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int rc = sqlite3_step(st);
	out->count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	out->last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || !(st = stmt(s, A_FAIL_TENTH)))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, nth - 1);
	rc = sqlite3_step(st);
	out->nth = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_login_undo(struct store *s, long long rowid)
{
	sqlite3_stmt *st = stmt(s, A_FAIL_UNDO);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	return store_done(st);
}

long long store_login_fail(struct store *s, const char *key, const char *handle, long long now)
{
	sqlite3_stmt *gc = stmt(s, A_FAIL_GC);
	if (!gc)
		return -1;
	sqlite3_bind_int64(gc, 1, now);
	if (store_done(gc) != 0)
		return -1;
	sqlite3_stmt *st = stmt(s, A_FAIL_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, handle, -1, SQLITE_STATIC);
	return store_done(st) == 0 ? sqlite3_last_insert_rowid(s->db) : -1;
}

int store_login_clear(struct store *s, const char *handle)
{
	sqlite3_stmt *st = stmt(s, A_FAIL_CLEAR);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	return store_done(st);
}
