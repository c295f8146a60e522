/* store_trash: a post's way off the site and back: the trash, scheduled publishing and old slugs.
 */
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

enum {
	A_TRASH,
	A_UNTRASH,
	A_TRASH_EMPTY,
	A_DUE,
	A_DUE_ANY,
	A_REDIRECT,
};

static const char *const sql[] = {
    [A_TRASH] = "UPDATE posts SET trash_status = status, status = -2 WHERE id = ?1"
		" AND status != -2",
    [A_UNTRASH] = "UPDATE posts SET status = trash_status WHERE id = ?1 AND status = -2",
    [A_TRASH_EMPTY] = "DELETE FROM posts WHERE status = -2",
    /* Going live is an update: Last-Modified of listings and feeds follows it. */
    [A_DUE] = "UPDATE posts SET status = 2, updated = max(updated, published)"
	      " WHERE status = -1 AND published <= ?1",
    [A_DUE_ANY] = "SELECT 1 FROM posts WHERE status = -1 AND published <= ?1 LIMIT 1",
    [A_REDIRECT] = "SELECT p.slug, p.type FROM slug_redirects r JOIN posts p ON p.id = r.post_id"
		   " WHERE r.slug = ?1 AND p.status > 0",
};

static sqlite3_stmt *stmt(struct store *s, int id)
{
	return store_sql(s, sql[id]);
}

static int by_id(struct store *s, int q, long long id)
{
	sqlite3_stmt *st = stmt(s, q);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int store_post_trash(struct store *s, long long id)
{
	int rc = by_id(s, A_TRASH, id);
	return rc == 0 && store_mark_removal(s) != 0 ? -1 : rc;
}

int store_post_untrash(struct store *s, long long id)
{
	/* A restored post comes back with its old dates: the listings still changed. */
	int rc = by_id(s, A_UNTRASH, id);
	return rc == 0 && store_mark_removal(s) != 0 ? -1 : rc;
}

int store_trash_empty(struct store *s)
{
	sqlite3_stmt *st = stmt(s, A_TRASH_EMPTY);
	int n = st ? store_changes(s, st) : -1;
	if (n > 0 &&
	    sqlite3_exec(s->db, "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM post_tags)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return n;
}

int store_any_due(struct store *s, long long now)
{
	sqlite3_stmt *st = stmt(s, A_DUE_ANY);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_publish_due(struct store *s, long long now)
{
	sqlite3_stmt *st = stmt(s, A_DUE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	return store_changes(s, st);
}

int store_redirect_find(struct store *s, struct pool *p, const char *old, const char **slug,
			int *type)
{
	sqlite3_stmt *st = stmt(s, A_REDIRECT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*slug = store_col_str(st, p, 0);
		if (type)
			*type = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}
