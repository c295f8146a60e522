/* store_reports: reports, their sealed keys, messages and files. */
#include "store/store_reports.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

#define REPORT_COLS                                                                                \
	"r.id, r.day, r.last_day, r.lookup, r.pk, r.reply_pk, r.reply_salt, r.reply_ops,"          \
	" r.reply_mem, r.meta, r.state, r.files"

static void day_from(sqlite3_stmt *st, int i, char out[11])
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, 11, "%s", t ? (const char *)t : "");
}

static void report_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct report_row *r = row;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	day_from(st, 1, r->day);
	day_from(st, 2, r->last_day);
	store_col_fixed(st, 3, r->lookup, sizeof(r->lookup));
	store_col_fixed(st, 4, r->pk, sizeof(r->pk));
	store_col_fixed(st, 5, r->reply_pk, sizeof(r->reply_pk));
	store_col_fixed(st, 6, r->reply_salt, sizeof(r->reply_salt));
	r->reply_ops = sqlite3_column_int64(st, 7);
	r->reply_mem = sqlite3_column_int64(st, 8);
	r->meta = store_col_blob(st, p, 9, &r->meta_len);
	r->state = sqlite3_column_int(st, 10);
	r->files = sqlite3_column_int(st, 11);
	if (sqlite3_column_count(st) > 12)
		r->sealed_sk = store_col_blob(st, p, 12, &r->sealed_sk_len);
}

int store_report_add(struct store *s, const struct report_row *r)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO reports(id, day, last_day, lookup, pk, reply_pk, reply_salt,"
	    " reply_ops, reply_mem, meta, state, files)"
	    " VALUES(?10, ?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, r->day, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, r->lookup, sizeof(r->lookup), SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, r->pk, sizeof(r->pk), SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, r->reply_pk, sizeof(r->reply_pk), SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, r->reply_salt, sizeof(r->reply_salt), SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, r->reply_ops);
	sqlite3_bind_int64(st, 7, r->reply_mem);
	sqlite3_bind_blob(st, 8, r->meta, (int)r->meta_len, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, r->files);
	sqlite3_bind_int64(st, 10, r->id);
	int c = store_changes(s, st);
	return c < 0 ? -1 : c == 0;
}

int store_report_key_add(struct store *s, long long report_id, long long user_id,
			 const void *sealed, size_t n)
{
	static const char sql[] = "INSERT OR IGNORE INTO report_keys(report_id, user_id, sealed_sk)"
				  " VALUES(?1, ?2, ?3)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_blob(st, 3, sealed, (int)n, SQLITE_STATIC);
	int c = store_changes(s, st);
	return c < 0 ? -1 : c == 0;
}

int store_report_key_delete(struct store *s, long long report_id, long long user_id)
{
	static const char sql[] = "DELETE FROM report_keys WHERE report_id = ?1 AND user_id = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int64(st, 2, user_id);
	int c = store_changes(s, st);
	return c < 0 ? -1 : c == 0;
}

int store_report_message_add(struct store *s, long long report_id, const char *day,
			     int from_committee, const void *for_committee, size_t committee_len,
			     const void *for_reporter, size_t reporter_len)
{
	static const char sql[] =
	    "INSERT INTO report_messages(report_id, day, from_committee, for_committee,"
	    " for_reporter) VALUES(?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, from_committee);
	sqlite3_bind_blob(st, 4, for_committee, (int)committee_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, for_reporter, (int)reporter_len, SQLITE_STATIC);
	return store_done(st);
}

int store_report_file_add(struct store *s, long long report_id, int n, const void *sealed,
			  size_t len)
{
	static const char sql[] =
	    "INSERT INTO report_files(report_id, n, sealed) VALUES(?1, ?2, ?3)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int(st, 2, n);
	sqlite3_bind_blob(st, 3, sealed, (int)len, SQLITE_STATIC);
	return store_done(st);
}

int store_report_by_lookup(struct store *s, struct pool *p, const unsigned char lookup[32],
			   struct report_row *out)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM reports r WHERE r.lookup = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, lookup, 32, SQLITE_STATIC);
	return store_one(st, p, out, report_from);
}

int store_report_for(struct store *s, struct pool *p, long long report_id, long long user_id,
		     struct report_row *out)
{
	static const char sql[] = "SELECT " REPORT_COLS ", k.sealed_sk FROM reports r"
				  " JOIN report_keys k ON k.report_id = r.id"
				  " WHERE r.id = ?1 AND k.user_id = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int64(st, 2, user_id);
	return store_one(st, p, out, report_from);
}

int store_reports_for(struct store *s, struct pool *p, long long user_id, int limit,
		      struct report_row **rows, size_t *n)
{
	static const char sql[] = "SELECT " REPORT_COLS ", k.sealed_sk FROM report_keys k"
				  " JOIN reports r ON r.id = k.report_id WHERE k.user_id = ?1"
				  " ORDER BY r.day DESC, r.id LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(st, p, sizeof(**rows), report_from, rows, n);
}

int store_report_message_count(struct store *s, long long report_id)
{
	static const char sql[] = "SELECT count(*) FROM report_messages WHERE report_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static void message_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct report_message_row *m = row;
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	day_from(st, 1, m->day);
	m->from_committee = sqlite3_column_int(st, 2);
	m->for_committee = store_col_blob(st, p, 3, &m->committee_len);
	m->for_reporter = store_col_blob(st, p, 4, &m->reporter_len);
}

int store_report_messages(struct store *s, struct pool *p, long long report_id,
			  struct report_message_row **rows, size_t *n)
{
	static const char sql[] = "SELECT id, day, from_committee, for_committee, for_reporter"
				  " FROM report_messages WHERE report_id = ?1 ORDER BY id";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	return store_rows(st, p, sizeof(**rows), message_from, rows, n);
}

int store_report_file(struct store *s, struct pool *p, long long report_id, long long n,
		      const unsigned char **sealed, size_t *len)
{
	static const char sql[] = "SELECT sealed FROM report_files WHERE report_id = ?1 AND n = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	*sealed = NULL;
	*len = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int64(st, 2, n);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*sealed = store_col_blob(st, p, 0, len);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static void id_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	(void)p;
	*(long long *)row = sqlite3_column_int64(st, 0);
}

int store_report_readers(struct store *s, struct pool *p, long long report_id, long long **ids,
			 size_t *n)
{
	static const char sql[] =
	    "SELECT user_id FROM report_keys WHERE report_id = ?1 ORDER BY user_id";
	sqlite3_stmt *st = store_sql(s, sql);
	*ids = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	return store_rows(st, p, sizeof(**ids), id_from, ids, n);
}

int store_reports_only_reader(struct store *s, long long user_id)
{
	static const char sql[] =
	    "SELECT count(*) FROM report_keys k WHERE k.user_id = ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM report_keys o WHERE o.report_id = k.report_id AND o.user_id != ?1)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_report_set_state(struct store *s, long long report_id, int state)
{
	static const char sql[] = "UPDATE reports SET state = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_int(st, 2, state);
	return store_done(st);
}

int store_report_touch(struct store *s, long long report_id, const char *day)
{
	static const char sql[] = "UPDATE reports SET last_day = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, report_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	return store_done(st);
}

int store_report_counts(struct store *s, long long *reports, long long *keys)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM report_keys)";
	sqlite3_stmt *st = store_sql(s, sql);
	*reports = *keys = 0;
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*reports = sqlite3_column_int64(st, 0);
		*keys = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int store_report_news_readers(struct store *s, struct pool *p, const char *day, long long **ids,
			      size_t *n)
{
	static const char sql[] =
	    "SELECT DISTINCT k.user_id FROM report_messages m JOIN report_keys k"
	    " ON k.report_id = m.report_id WHERE m.day = ?1 AND m.from_committee = 0"
	    " ORDER BY k.user_id";
	sqlite3_stmt *st = store_sql(s, sql);
	*ids = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	return store_rows(st, p, sizeof(**ids), id_from, ids, n);
}
