/* store_revisions: every saved version of a post file, and each writer's autosave. */
#include "store/store_revisions.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/clock.h"
#include "util/pool.h"

#include <string.h>

#define REV_COLS "r.id, r.post_id, r.saved, u.handle, r.kind, r.source"

enum {
	A_REV_ADD,
	A_REV_DROP,
	A_REVS,
	A_REV_GET,
	A_AUTOSAVE,
};

static const char *const sql[] = {
    [A_REV_ADD] = "INSERT INTO revisions(post_id, user_id, kind, saved, source)"
		  " VALUES(?1, ?2, ?3, ?5, ?4)",
    [A_REV_DROP] = "DELETE FROM revisions WHERE post_id = ?1 AND kind = 1 AND user_id IS ?2",
    [A_REVS] = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
	       " WHERE r.post_id = ?1 AND r.kind = 0 ORDER BY r.id DESC",
    [A_REV_GET] = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
		  " WHERE r.id = ?1",
    [A_AUTOSAVE] = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
		   " WHERE r.post_id = ?1 AND r.kind = 1 AND r.user_id IS ?2",
};

static sqlite3_stmt *stmt(struct store *s, int id)
{
	return store_sql(s, sql[id]);
}

int store_autosave_drop(struct store *s, long long post_id, long long user_id)
{
	sqlite3_stmt *st = stmt(s, A_REV_DROP);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_user(st, 2, user_id);
	return store_done(st);
}

int store_revision_add(struct store *s, long long post_id, long long user_id, int kind,
		       const char *source)
{
	/* One autosave per writer and post: a save or a newer autosave replaces it. */
	if (store_autosave_drop(s, post_id, user_id) != 0)
		return -1;
	sqlite3_stmt *st = stmt(s, A_REV_ADD);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_user(st, 2, user_id);
	sqlite3_bind_int(st, 3, kind);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	/* The program's clock (a test may move it), as everywhere else. */
	sqlite3_bind_int64(st, 5, clock_now());
	return store_done(st);
}

static void revision_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct revision_row *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->post_id = sqlite3_column_int64(st, 1);
	r->saved = sqlite3_column_int64(st, 2);
	r->author = store_col_str(st, p, 3);
	r->kind = sqlite3_column_int(st, 4);
	r->source = store_col_str(st, p, 5);
}

int store_revisions(struct store *s, struct pool *p, long long post_id, struct revision_row **rows,
		    size_t *n)
{
	sqlite3_stmt *st = stmt(s, A_REVS);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	return store_rows(st, p, sizeof(**rows), revision_from, rows, n);
}

static int one_revision(sqlite3_stmt *st, struct pool *p, struct revision_row *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		revision_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_revision_get(struct store *s, struct pool *p, long long id, struct revision_row *out)
{
	sqlite3_stmt *st = stmt(s, A_REV_GET);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_revision(st, p, out);
}

int store_autosave_get(struct store *s, struct pool *p, long long post_id, long long user_id,
		       struct revision_row *out)
{
	sqlite3_stmt *st = stmt(s, A_AUTOSAVE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_user(st, 2, user_id);
	return one_revision(st, p, out);
}
