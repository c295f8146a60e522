/* store_members: the rows of members, branches, members' links and sessions, and rate events. */
#include "store/store_members.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

#define MEMBER_COLS                                                                                \
	"m.id, m.email_ct, m.name_ct, m.state, m.newsletter, m.show_name, m.created,"              \
	" m.confirmed, m.admitted"

static void member_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct member_row *m = row;
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->email_ct = store_col_blob(st, p, 1, &m->email_len);
	m->name_ct = store_col_blob(st, p, 2, &m->name_len);
	m->state = sqlite3_column_int(st, 3);
	m->newsletter = sqlite3_column_int(st, 4);
	m->show_name = sqlite3_column_int(st, 5);
	m->created = sqlite3_column_int64(st, 6);
	m->confirmed = sqlite3_column_int64(st, 7);
	m->admitted = sqlite3_column_int64(st, 8);
}

int store_member_add(struct store *s, const unsigned char bidx[32], int state, long long now,
		     long long *id)
{
	static const char find[] = "SELECT id FROM members WHERE email_bidx = ?1";
	static const char add[] =
	    "INSERT INTO members(email_ct, email_bidx, state, created,"
	    " confirmed) VALUES(x'', ?1, ?2, ?3, CASE WHEN ?2 > 0 THEN ?3 END)";
	sqlite3_stmt *st = store_sql(s, find);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, bidx, 32, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE || !(st = store_sql(s, add)))
		return -1;
	sqlite3_bind_blob(st, 1, bidx, 32, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, state);
	sqlite3_bind_int64(st, 3, now);
	if (store_done(st) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_member_set_email(struct store *s, long long id, const void *email_ct, size_t email_len)
{
	static const char sql[] = "UPDATE members SET email_ct = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, email_ct, (int)email_len, SQLITE_STATIC);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_member_get(struct store *s, struct pool *p, long long id, struct member_row *out)
{
	static const char sql[] = "SELECT " MEMBER_COLS " FROM members m WHERE m.id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_one(st, p, out, member_from);
}

int store_member_by_index(struct store *s, struct pool *p, const unsigned char bidx[32],
			  struct member_row *out)
{
	static const char sql[] = "SELECT " MEMBER_COLS " FROM members m WHERE m.email_bidx = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, bidx, 32, SQLITE_STATIC);
	return store_one(st, p, out, member_from);
}

int store_members_list(struct store *s, struct pool *p, int min_state, long long after_id,
		       int limit, struct member_row **rows, size_t *n)
{
	static const char sql[] = "SELECT " MEMBER_COLS " FROM members m WHERE m.state >= ?1"
				  " AND m.id > ?2 ORDER BY m.id LIMIT ?3";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, min_state);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	return store_rows(st, p, sizeof(**rows), member_from, rows, n);
}

int store_member_count(struct store *s, int min_state)
{
	static const char sql[] = "SELECT count(*) FROM members WHERE state >= ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, min_state);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_member_set_state(struct store *s, long long id, int state, long long now)
{
	static const char sql[] = "UPDATE members SET state = ?2,"
				  " confirmed = CASE WHEN ?2 >= 1 THEN coalesce(confirmed, ?3) END,"
				  " admitted = CASE WHEN ?2 >= 2 THEN coalesce(admitted, ?3) END"
				  " WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, state);
	sqlite3_bind_int64(st, 3, now);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_member_set_prefs(struct store *s, long long id, int newsletter, int show_name)
{
	static const char sql[] =
	    "UPDATE members SET newsletter = ?2, show_name = ?3 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, newsletter);
	sqlite3_bind_int(st, 3, show_name);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_member_set_name(struct store *s, long long id, const void *name_ct, size_t name_len)
{
	static const char sql[] = "UPDATE members SET name_ct = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (name_ct)
		sqlite3_bind_blob(st, 2, name_ct, (int)name_len, SQLITE_STATIC);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_member_delete(struct store *s, long long id)
{
	static const char sql[] = "DELETE FROM members WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int store_newsletter_recipients(struct store *s, int min_state, long long after_id, int limit,
				long long **ids, size_t *n, struct pool *p)
{
	static const char sql[] = "SELECT id FROM members WHERE state >= ?1 AND newsletter = 1"
				  " AND id > ?2 ORDER BY id LIMIT ?3";
	sqlite3_stmt *st = store_sql(s, sql);
	*n = 0;
	*ids = pool_alloc(p, (size_t)(limit > 0 ? limit : 1) * sizeof(**ids));
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, min_state < 1 ? 1 : min_state);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

#define BRANCH_COLS                                                                                \
	"b.id, b.name, (SELECT count(*) FROM branch_members x WHERE x.branch_id = b.id),"          \
	" (SELECT count(*) FROM branch_members x WHERE x.branch_id = b.id AND x.secretary)"

static void branch_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct branch_row *b = row;
	b->id = sqlite3_column_int64(st, 0);
	b->name = store_col_str(st, p, 1);
	b->members = sqlite3_column_int(st, 2);
	b->secretaries = sqlite3_column_int(st, 3);
}

int store_branch_add(struct store *s, const char *name, long long now, long long *id)
{
	static const char sql[] = "INSERT INTO branches(name, created) VALUES(?1, ?2)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return 1;
	if (rc != SQLITE_DONE)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_branches(struct store *s, struct pool *p, struct branch_row **rows, size_t *n)
{
	static const char sql[] = "SELECT " BRANCH_COLS " FROM branches b ORDER BY b.name";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	return st ? store_rows(st, p, sizeof(**rows), branch_from, rows, n) : -1;
}

int store_branch_get(struct store *s, struct pool *p, long long id, struct branch_row *out)
{
	static const char sql[] = "SELECT " BRANCH_COLS " FROM branches b WHERE b.id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_one(st, p, out, branch_from);
}

int store_branch_by_name(struct store *s, struct pool *p, const char *name, struct branch_row *out)
{
	static const char sql[] = "SELECT " BRANCH_COLS " FROM branches b WHERE b.name = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return store_one(st, p, out, branch_from);
}

int store_branch_put(struct store *s, long long branch_id, long long member_id, int secretary)
{
	static const char sql[] = "INSERT INTO branch_members(branch_id, member_id, secretary)"
				  " VALUES(?1, ?2, ?3) ON CONFLICT(branch_id, member_id)"
				  " DO UPDATE SET secretary = excluded.secretary";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, branch_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_int(st, 3, secretary);
	return store_done(st);
}

int store_member_unbranch(struct store *s, long long member_id)
{
	static const char sql[] = "DELETE FROM branch_members WHERE member_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	return store_done(st);
}

int store_branch_drop(struct store *s, long long branch_id, long long member_id)
{
	static const char sql[] =
	    "DELETE FROM branch_members WHERE branch_id = ?1 AND member_id = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, branch_id);
	sqlite3_bind_int64(st, 2, member_id);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int store_branch_members(struct store *s, struct pool *p, long long branch_id, long long **ids,
			 int **secretary, size_t *n)
{
	static const char sql[] =
	    "SELECT member_id, secretary FROM branch_members WHERE branch_id = ?1"
	    " ORDER BY member_id";
	sqlite3_stmt *st = store_sql(s, sql);
	size_t cap = 16;
	*n = 0;
	*ids = pool_alloc(p, cap * sizeof(**ids));
	*secretary = pool_alloc(p, cap * sizeof(**secretary));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, branch_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t c2 = cap;
		*ids = pool_grow(p, *ids, *n, &cap, sizeof(**ids));
		*secretary = pool_grow(p, *secretary, *n, &c2, sizeof(**secretary));
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*secretary)[(*n)++] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_member_branches(struct store *s, struct pool *p, long long member_id,
			  struct branch_row **rows, int **secretary, size_t *n)
{
	static const char sql[] = "SELECT " BRANCH_COLS ", x.secretary FROM branch_members x"
				  " JOIN branches b ON b.id = x.branch_id WHERE x.member_id = ?1"
				  " ORDER BY b.name";
	sqlite3_stmt *st = store_sql(s, sql);
	size_t cap = 4;
	*n = 0;
	*rows = pool_alloc(p, cap * sizeof(**rows));
	*secretary = pool_alloc(p, cap * sizeof(**secretary));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t c2 = cap;
		*rows = pool_grow(p, *rows, *n, &cap, sizeof(**rows));
		*secretary = pool_grow(p, *secretary, *n, &c2, sizeof(**secretary));
		branch_from(st, p, &(*rows)[*n]);
		(*secretary)[(*n)++] = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_member_token_add(struct store *s, const unsigned char hash[32], long long member_id,
			   const char *purpose, long long expires)
{
	static const char gc[] = "DELETE FROM member_tokens WHERE expires <= ?1";
	static const char sql[] = "INSERT INTO member_tokens(hash, member_id, purpose, expires)"
				  " VALUES(?1, ?2, ?3, ?4)";
	sqlite3_stmt *st = store_sql(s, gc);
	if (!st)
		return -1;
	/* Links expired a day ago go: the newest expiry is at most a day away. */
	sqlite3_bind_int64(st, 1, expires - 2 * 86400);
	if (store_done(st) != 0 || !(st = store_sql(s, sql)))
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, expires);
	return store_done(st);
}

static int token_find(struct store *s, const char *sql, const unsigned char hash[32],
		      const char *purpose, long long now, long long *member_id)
{
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*member_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_member_token_take(struct store *s, const unsigned char hash[32], const char *purpose,
			    long long now, long long *member_id)
{
	static const char sql[] = "DELETE FROM member_tokens WHERE hash = ?1 AND purpose = ?2"
				  " AND expires > ?3 RETURNING member_id";
	return token_find(s, sql, hash, purpose, now, member_id);
}

int store_member_token_check(struct store *s, const unsigned char hash[32], const char *purpose,
			     long long now, long long *member_id)
{
	static const char sql[] = "SELECT member_id FROM member_tokens WHERE hash = ?1"
				  " AND purpose = ?2 AND expires > ?3";
	return token_find(s, sql, hash, purpose, now, member_id);
}

int store_member_session_add(struct store *s, const unsigned char hash[32], long long member_id,
			     long long expires)
{
	static const char sql[] = "INSERT INTO member_sessions(hash, member_id, expires)"
				  " VALUES(?1, ?2, ?3)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_int64(st, 3, expires);
	return store_done(st);
}

int store_member_session_get(struct store *s, struct pool *p, const unsigned char hash[32],
			     long long now, struct member_row *out)
{
	static const char sql[] = "SELECT " MEMBER_COLS " FROM member_sessions x JOIN members m"
				  " ON m.id = x.member_id WHERE x.hash = ?1 AND x.expires > ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return store_one(st, p, out, member_from);
}

int store_member_sessions_end(struct store *s, long long member_id)
{
	static const char sql[] = "DELETE FROM member_sessions WHERE member_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	return store_done(st);
}

int store_member_session_delete(struct store *s, const unsigned char hash[32])
{
	static const char sql[] = "DELETE FROM member_sessions WHERE hash = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return store_done(st);
}

int store_rate_forget(struct store *s, const char *key)
{
	static const char sql[] = "DELETE FROM rate_events WHERE key = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return store_done(st);
}

int store_rate_add(struct store *s, const char *key, long long now)
{
	static const char gc[] = "DELETE FROM rate_events WHERE at < ?1";
	static const char sql[] = "INSERT INTO rate_events(key, at) VALUES(?1, ?2)";
	sqlite3_stmt *st = store_sql(s, gc);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now - 86400);
	if (store_done(st) != 0 || !(st = store_sql(s, sql)))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return store_done(st);
}

int store_rate_count(struct store *s, const char *key, long long since)
{
	static const char sql[] = "SELECT count(*) FROM rate_events WHERE key = ?1 AND at >= ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_members_tidy(struct store *s, long long now, long long pending_life)
{
	static const char *const sql[] = {
	    "DELETE FROM members WHERE state = 0 AND created < ?1",
	    "DELETE FROM member_sessions WHERE expires < ?2",
	    "DELETE FROM member_tokens WHERE expires < ?2",
	    "DELETE FROM rate_events WHERE at < ?2 - 86400",
	};
	if (store_begin(s) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st = store_sql(s, sql[i]);
		if (!st) {
			store_rollback(s);
			return -1;
		}
		if (i == 0)
			sqlite3_bind_int64(st, 1, now - pending_life);
		else
			sqlite3_bind_int64(st, 2, now);
		if (store_done(st) != 0) {
			store_rollback(s);
			return -1;
		}
	}
	return store_commit_quiet(s);
}
