/* store_resolutions: resolutions, their versions, their public log, recipients and search. */
#include "store/store_resolutions.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>
#include <time.h>

#define RES_COLS                                                                                   \
	"r.id, r.slug, r.title, r.reason, r.visibility, r.deadline, r.state, r.draft,"             \
	" coalesce(r.author_id, 0), u.handle, u.name, r.current, r.next_para, r.created,"          \
	" r.updated, r.circulated,"                                                                \
	" (SELECT count(*) FROM res_amendments a WHERE a.resolution_id = r.id AND a.state = 0),"   \
	" (SELECT count(DISTINCT d.branch_id) FROM res_decisions d WHERE d.resolution_id = r.id)," \
	" (SELECT count(*) FROM res_endorsements e WHERE e.resolution_id = r.id"                   \
	"  AND e.version = r.current)"
#define RES_FROM " FROM resolutions r LEFT JOIN users u ON u.id = r.author_id"
#define RES_NCOLS 19

static void res_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_row *r = row;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->slug = store_col_str(st, p, 1);
	r->title = store_col_str(st, p, 2);
	r->reason = store_col_str(st, p, 3);
	r->visibility = sqlite3_column_int(st, 4);
	r->deadline = store_col_str(st, p, 5);
	r->state = sqlite3_column_int(st, 6);
	r->draft = store_col_str(st, p, 7);
	r->author_id = sqlite3_column_int64(st, 8);
	r->author_handle = store_col_str(st, p, 9);
	r->author_name = store_col_str(st, p, 10);
	r->current = sqlite3_column_int(st, 11);
	r->next_para = sqlite3_column_int64(st, 12);
	r->created = sqlite3_column_int64(st, 13);
	r->updated = sqlite3_column_int64(st, 14);
	r->circulated = sqlite3_column_int64(st, 15);
	r->open_amendments = sqlite3_column_int(st, 16);
	r->decided = sqlite3_column_int(st, 17);
	r->endorsements = sqlite3_column_int(st, 18);
}

static void bind_draft(sqlite3_stmt *st, const struct res_row *r)
{
	sqlite3_bind_text(st, 1, r->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, r->visibility);
	sqlite3_bind_text(st, 5, r->deadline, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->draft, -1, SQLITE_STATIC);
	store_bind_user(st, 7, r->author_id);
	sqlite3_bind_int64(st, 8, r->updated);
}

int store_res_add(struct store *s, const struct res_row *r, long long *id)
{
	static const char sql[] =
	    "INSERT INTO resolutions(slug, title, reason, visibility, deadline, draft, author_id,"
	    " created, updated) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	bind_draft(st, r);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return 1;
	if (rc != SQLITE_DONE)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_res_update_draft(struct store *s, const struct res_row *r)
{
	static const char sql[] =
	    "UPDATE resolutions SET slug = ?1, title = ?2, reason = ?3, visibility = ?4,"
	    " deadline = ?5, draft = ?6, author_id = coalesce(author_id, ?7), updated = ?8"
	    " WHERE id = ?9 AND state = 0";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	bind_draft(st, r);
	sqlite3_bind_int64(st, 9, r->id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return 1;
	if (rc != SQLITE_DONE)
		return -1;
	return sqlite3_changes(s->db) == 1 ? 0 : 2;
}

int store_res_by_slug(struct store *s, struct pool *p, const char *slug, struct res_row *out)
{
	static const char sql[] = "SELECT " RES_COLS RES_FROM " WHERE r.slug = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	return store_one(st, p, out, res_from);
}

int store_res_by_id(struct store *s, struct pool *p, long long id, struct res_row *out)
{
	static const char sql[] = "SELECT " RES_COLS RES_FROM " WHERE r.id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_one(st, p, out, res_from);
}

int store_res_list(struct store *s, struct pool *p, int drafts, int members, int limit,
		   struct res_row **rows, size_t *n)
{
	static const char listed[] =
	    "SELECT " RES_COLS RES_FROM " WHERE r.current > 0 AND (r.visibility = 0 OR ?1)"
	    " ORDER BY r.updated DESC, r.id DESC LIMIT ?2";
	static const char all[] =
	    "SELECT " RES_COLS RES_FROM " ORDER BY r.state = 0 DESC, r.updated DESC, r.id DESC"
	    " LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, drafts ? all : listed);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	if (!drafts)
		sqlite3_bind_int(st, 1, members);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(st, p, sizeof(**rows), res_from, rows, n);
}

int store_res_set(struct store *s, long long id, int state, int current, long long next_para,
		  long long now)
{
	static const char sql[] =
	    "UPDATE resolutions SET state = ?2, updated = ?3,"
	    " current = CASE WHEN ?4 > 0 THEN ?4 ELSE current END,"
	    " next_para = CASE WHEN ?4 > 0 THEN ?5 ELSE next_para END,"
	    " circulated = CASE WHEN circulated = 0 AND ?2 = 1 THEN ?3 ELSE circulated END"
	    " WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, state);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int(st, 4, current);
	sqlite3_bind_int64(st, 5, next_para);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_res_touch(struct store *s, long long id, long long now)
{
	static const char sql[] = "UPDATE resolutions SET updated = max(updated, ?2) WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_changes(s, st) == 1 ? 0 : -1;
}

long long store_res_last_public_change(struct store *s)
{
	static const char sql[] = "SELECT coalesce(max(updated), 0) FROM resolutions WHERE current "
				  "> 0 AND visibility = 0";
	sqlite3_stmt *st = store_sql(s, sql);
	long long t = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return t;
}

static void version_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_version_row *v = row;
	v->n = sqlite3_column_int(st, 0);
	v->body = store_col_str(st, p, 1);
	v->para_ids = store_col_str(st, p, 2);
	v->note = store_col_str(st, p, 3);
	v->made_by = store_col_str(st, p, 4);
	v->created = sqlite3_column_int64(st, 5);
}

int store_res_version_add(struct store *s, long long id, const struct res_version_row *v)
{
	static const char sql[] =
	    "INSERT INTO res_versions(resolution_id, n, body, para_ids, note, made_by, created)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, v->n);
	sqlite3_bind_text(st, 3, v->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, v->para_ids, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, v->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, v->made_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, v->created);
	return store_done(st);
}

int store_res_version(struct store *s, struct pool *p, long long id, int n,
		      struct res_version_row *out)
{
	static const char sql[] = "SELECT n, body, para_ids, note, made_by, created"
				  " FROM res_versions WHERE resolution_id = ?1 AND n = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, n);
	return store_one(st, p, out, version_from);
}

int store_res_versions(struct store *s, struct pool *p, long long id, struct res_version_row **rows,
		       size_t *n)
{
	static const char sql[] = "SELECT n, '', '', note, made_by, created FROM res_versions"
				  " WHERE resolution_id = ?1 ORDER BY n";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_rows(st, p, sizeof(**rows), version_from, rows, n);
}

int store_res_log_add(struct store *s, long long id, long long at, const char *actor,
		      const char *action, const char *reason)
{
	static const char sql[] = "INSERT INTO res_log(resolution_id, at, actor, action, reason)"
				  " VALUES(?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
	return store_done(st);
}

static void log_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_log_row *l = row;
	l->id = sqlite3_column_int64(st, 0);
	l->resolution_id = sqlite3_column_int64(st, 1);
	l->at = sqlite3_column_int64(st, 2);
	l->actor = store_col_str(st, p, 3);
	l->action = store_col_str(st, p, 4);
	l->reason = store_col_str(st, p, 5);
	l->slug = store_col_str(st, p, 6);
	l->title = store_col_str(st, p, 7);
	l->visibility = sqlite3_column_int(st, 8);
}

int store_res_log(struct store *s, struct pool *p, long long id, int members, int limit,
		  struct res_log_row **rows, size_t *n)
{
	static const char one_sql[] =
	    "SELECT l.id, l.resolution_id, l.at, l.actor, l.action, l.reason, r.slug, r.title,"
	    " r.visibility FROM res_log l JOIN resolutions r ON r.id = l.resolution_id"
	    " WHERE l.resolution_id = ?1 ORDER BY l.id LIMIT ?3";
	static const char all_sql[] =
	    "SELECT l.id, l.resolution_id, l.at, l.actor, l.action, l.reason, r.slug, r.title,"
	    " r.visibility FROM res_log l JOIN resolutions r ON r.id = l.resolution_id"
	    " WHERE l.action IN ('closed', 'withdrawn') AND r.current > 0"
	    " AND (r.visibility = 0 OR ?2)"
	    " ORDER BY l.id DESC LIMIT ?3";
	sqlite3_stmt *st = store_sql(s, id ? one_sql : all_sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_int(st, 2, members);
	sqlite3_bind_int(st, 3, limit);
	return store_rows(st, p, sizeof(**rows), log_from, rows, n);
}

int store_res_recipients(struct store *s, struct pool *p, long long after_id, int limit,
			 long long **ids, size_t *n)
{
	static const char sql[] =
	    "SELECT DISTINCT m.id FROM branch_members x JOIN members m ON m.id = x.member_id"
	    " WHERE m.state >= 2 AND m.id > ?1 ORDER BY m.id LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	*n = 0;
	*ids = pool_alloc(p, (size_t)(limit > 0 ? limit : 1) * sizeof(**ids));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)limit)
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int past_deadline(void *ud)
{
	return now_ms() > *(const long long *)ud;
}

int store_res_search(struct store *s, struct pool *p, const char *fts_query, int members, int limit,
		     struct res_row **rows, const char ***snippets, size_t *n)
{
	static const char sql[] = "SELECT " RES_COLS ", snippet(resolutions_fts, 1, x'01', x'02',"
				  " '…', 16)" RES_FROM " JOIN resolutions_fts f ON f.rowid = r.id"
				  " WHERE resolutions_fts MATCH ?1 AND r.current > 0"
				  " AND (r.visibility = 0 OR ?2) ORDER BY f.rank LIMIT ?3";
	sqlite3_stmt *st = store_sql(s, sql);
	*n = 0;
	*rows = pool_alloc(p, (size_t)(limit > 0 ? limit : 1) * sizeof(**rows));
	*snippets = pool_alloc(p, (size_t)(limit > 0 ? limit : 1) * sizeof(**snippets));
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, fts_query, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, members);
	sqlite3_bind_int(st, 3, limit);
	long long deadline = now_ms() + STORE_SEARCH_MS;
	sqlite3_progress_handler(s->db, 1000, past_deadline, &deadline);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)limit) {
		res_from(st, p, &(*rows)[*n]);
		(*snippets)[(*n)++] = store_col_str(st, p, RES_NCOLS);
	}
	sqlite3_reset(st);
	sqlite3_progress_handler(s->db, 0, NULL, NULL);
	if (rc == SQLITE_INTERRUPT)
		return -3;
	if (rc == SQLITE_ERROR)
		return -2;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}
