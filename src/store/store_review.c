/* store_review: the review state of a post, kept beside it (posts.review_at). */
#include "store/store_review.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

int store_review_set(struct store *s, long long post_id, long long at)
{
	static const char q[] = "UPDATE posts SET review_at = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, q);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	sqlite3_bind_int64(st, 2, at);
	return store_changes(s, st) == 1 ? 0 : -1;
}

long long store_review_at(struct store *s, long long post_id)
{
	static const char q[] = "SELECT review_at FROM posts WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, q);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	int rc = sqlite3_step(st);
	long long at = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return at;
}

static void review_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct review_row *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->title = store_col_str(st, p, 1);
	r->writer = store_col_str(st, p, 2);
	r->at = sqlite3_column_int64(st, 3);
}

int store_review_queue(struct store *s, struct pool *p, long long author, struct review_row **rows,
		       size_t *n)
{
	static const char q[] =
	    "SELECT p.id, p.title, u.handle, p.review_at FROM posts p"
	    " LEFT JOIN users u ON u.id = p.author_id"
	    " WHERE p.review_at > 0 AND p.status = 0 AND (?1 = 0 OR p.author_id = ?1)"
	    " ORDER BY p.review_at, p.id LIMIT 200";
	sqlite3_stmt *st = store_sql(s, q);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, author);
	return store_rows(st, p, sizeof(**rows), review_from, rows, n);
}
