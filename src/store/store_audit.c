/* store_audit: appending to and reading the audit log; triggers refuse any change to a row. */
#include "store/store_audit.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

static void audit_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct audit_row *r = row;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	r->actor = store_col_str(st, p, 2);
	r->action = store_col_str(st, p, 3);
	r->subject = sqlite3_column_int64(st, 4);
	r->detail = store_col_str(st, p, 5);
	if (sqlite3_column_bytes(st, 6) == 32)
		memcpy(r->prev, sqlite3_column_blob(st, 6), 32);
	if (sqlite3_column_bytes(st, 7) == 32)
		memcpy(r->hash, sqlite3_column_blob(st, 7), 32);
}

int store_audit_last(struct store *s, unsigned char last[32])
{
	static const char sql[] = "SELECT hash FROM audit ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	memset(last, 0, 32);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32)
		memcpy(last, sqlite3_column_blob(st, 0), 32);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_audit_add(struct store *s, const struct audit_row *r)
{
	static const char sql[] =
	    "INSERT INTO audit(at, actor, action, subject, detail, prev, hash)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->at);
	sqlite3_bind_text(st, 2, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->subject);
	sqlite3_bind_text(st, 5, r->detail, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, r->prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, r->hash, 32, SQLITE_STATIC);
	return store_done(st);
}

int store_audit_rows(struct store *s, struct pool *p, long long after_id, int limit, int newest,
		     struct audit_row **rows, size_t *n)
{
	static const char asc[] = "SELECT id, at, actor, action, subject, detail, prev, hash FROM"
				  " audit WHERE id > ?1 ORDER BY id LIMIT ?2";
	static const char desc[] = "SELECT id, at, actor, action, subject, detail, prev, hash FROM"
				   " audit ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, newest ? desc : asc);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(st, p, sizeof(**rows), audit_from, rows, n);
}

int store_audit_seen_by(struct store *s, struct pool *p, long long member, int limit,
			struct audit_row **rows, size_t *n)
{
	static const char sql[] =
	    "SELECT id, at, actor, action, subject, detail, prev, hash FROM audit"
	    " WHERE subject = ?1 OR action IN ('reveal', 'outbox') ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(st, p, sizeof(**rows), audit_from, rows, n);
}
