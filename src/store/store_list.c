/* store_list: public listings (home, tag, author, month) read a page at a time by keyset. */
#include "store/store.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/casefold.h"
#include "util/pool.h"

#include <string.h>

#define SELECT_POSTS "SELECT " POST_COLS ", CASE WHEN ?6 THEN p.body_html END FROM "
#define NEWEST " ORDER BY p.published DESC, p.id DESC LIMIT ?1"
#define OLDEST " ORDER BY p.published ASC, p.id ASC LIMIT ?1"
#define BEFORE " AND (p.published, p.id) < (?2, ?3)"
#define AFTER " AND (p.published, p.id) > (?2, ?3)"
#define TAG_NEWEST " ORDER BY x.published DESC, x.post_id DESC LIMIT ?1"
#define TAG_OLDEST " ORDER BY x.published ASC, x.post_id ASC LIMIT ?1"
#define TAG_BEFORE " AND (x.published, x.post_id) < (?2, ?3)"
#define TAG_AFTER " AND (x.published, x.post_id) > (?2, ?3)"

/* Pages (type 1) are in no listing; ?7: leave out posts for members (feeds). */
#define FROM_POSTS                                                                                 \
	"posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.status > 0 AND p.type = 0"        \
	" AND (?7 = 0 OR p.visibility = 0)"
#define FROM_TAG                                                                                   \
	"post_tags x JOIN posts p ON p.id = x.post_id LEFT JOIN users u ON u.id = p.author_id"     \
	" WHERE x.tag_id = ?4 AND p.status > 0 AND p.type = 0 AND (?7 = 0 OR p.visibility = 0)"
#define FROM_AUTHOR FROM_POSTS " AND p.author_id = ?4"
#define FROM_MONTH FROM_POSTS " AND p.published >= ?4 AND p.published < ?5"

/* Indexed by kind * 3 + direction (0 newest, 1 before, 2 after). Each walks one index range:
 * posts_public, post_tags_tag or posts_author. */
static const char *const list_sql[] = {
    SELECT_POSTS FROM_POSTS NEWEST,
    SELECT_POSTS FROM_POSTS BEFORE NEWEST,
    SELECT_POSTS FROM_POSTS AFTER OLDEST,
    SELECT_POSTS FROM_TAG TAG_NEWEST,
    SELECT_POSTS FROM_TAG TAG_BEFORE TAG_NEWEST,
    SELECT_POSTS FROM_TAG TAG_AFTER TAG_OLDEST,
    SELECT_POSTS FROM_AUTHOR NEWEST,
    SELECT_POSTS FROM_AUTHOR BEFORE NEWEST,
    SELECT_POSTS FROM_AUTHOR AFTER OLDEST,
    SELECT_POSTS FROM_MONTH NEWEST,
    SELECT_POSTS FROM_MONTH BEFORE NEWEST,
    SELECT_POSTS FROM_MONTH AFTER OLDEST,
};

static sqlite3_stmt *list_stmt(struct store *s, int i)
{
	return store_sql(s, list_sql[i]);
}

int store_list(struct store *s, struct pool *p, const struct list_query *q, struct post_list *out)
{
	int dir = q->at.dir == 0 ? 0 : q->at.dir > 0 ? 1 : 2;
	sqlite3_stmt *st = list_stmt(s, (int)q->kind * 3 + dir);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	int limit = q->limit > 0 ? q->limit : 10;
	sqlite3_bind_int(st, 1, limit + 1);
	if (dir) {
		sqlite3_bind_int64(st, 2, q->at.t);
		sqlite3_bind_int64(st, 3, q->at.id);
	}
	if (q->kind == LIST_MONTH) {
		sqlite3_bind_int64(st, 4, q->from);
		sqlite3_bind_int64(st, 5, q->to);
	} else if (q->kind != LIST_RECENT) {
		sqlite3_bind_int64(st, 4, q->key);
	}
	sqlite3_bind_int(st, 6, q->with_body);
	sqlite3_bind_int(st, 7, q->public_only);
	out->rows = pool_alloc(p, (size_t)limit * sizeof(*out->rows));
	int rc, extra = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == (size_t)limit) {
			extra = 1;
			break;
		}
		struct post_row *r = &out->rows[out->n++];
		store_row_from(st, p, r);
		r->body_html = store_col_str(st, p, POST_NCOLS);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (dir == 2) {
		/* Read oldest first to find the page just above the cursor; show it newest first.
		 */
		for (size_t i = 0; i < out->n / 2; i++) {
			struct post_row t = out->rows[i];
			out->rows[i] = out->rows[out->n - 1 - i];
			out->rows[out->n - 1 - i] = t;
		}
		out->newer = extra;
		out->more = 1;
	} else {
		out->more = extra;
		out->newer = dir == 1;
	}
	return 0;
}

static void nav_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct post_row *r = row;
	memset(r, 0, sizeof(*r));
	r->slug = store_col_str(st, p, 0);
	r->title = store_col_str(st, p, 1);
	r->type = 1;
}

static const char pages_nav_sql[] = "SELECT slug, title FROM posts WHERE type = 1 AND status > 0"
				    " ORDER BY nav_order, title, id LIMIT ?1";

int store_pages_nav(struct store *s, struct pool *p, int limit, struct post_row **rows, size_t *n)
{
	sqlite3_stmt *st = store_sql(s, pages_nav_sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	return store_rows(st, p, sizeof(**rows), nav_from, rows, n);
}

static const char sticky_sql[] = "SELECT " POST_COLS " FROM posts p LEFT JOIN users u"
				 " ON u.id = p.author_id WHERE p.sticky = 1 AND p.status > 0"
				 " AND p.type = 0 ORDER BY p.published DESC, p.id DESC LIMIT ?1";

int store_sticky(struct store *s, struct pool *p, int limit, struct post_list *out)
{
	sqlite3_stmt *st = store_sql(s, sticky_sql);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	out->rows = pool_alloc(p, (size_t)limit * sizeof(*out->rows));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < (size_t)limit)
		store_row_from(st, p, &out->rows[out->n++]);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_tag_find(struct store *s, struct pool *p, const char *name, long long *id,
		   const char **display)
{
	sqlite3_stmt *st = store_stmt(s, Q_TAG_GET);
	if (!st)
		return -1;
	struct buf key = {0};
	casefold(&key, name, strlen(name));
	sqlite3_bind_text(st, 1, buf_str(&key), (int)key.len, SQLITE_TRANSIENT);
	buf_free(&key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*display = store_col_str(st, p, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* The admin list of posts: any status, filtered, newest first. */
#define LIST_WHERE                                                                                 \
	" WHERE (CASE WHEN ?1 = -99 THEN p.status != -2 ELSE p.status = ?1 END)"                   \
	" AND (?2 = 0 OR p.author_id = ?2)"                                                        \
	" AND (?3 IS NULL OR instr(lower(p.title), lower(?3)) OR instr(p.slug, lower(?3)))"

static const char admin_list_sql[] =

    "SELECT " POST_COLS " FROM posts p LEFT JOIN users u ON u.id = p.author_id" LIST_WHERE
    " ORDER BY p.id DESC LIMIT ?4 OFFSET ?5";
static const char admin_count_sql[] = "SELECT count(*) FROM posts p" LIST_WHERE;

static void bind_query(sqlite3_stmt *st, const struct admin_query *q)
{
	sqlite3_bind_int(st, 1, q->status);
	sqlite3_bind_int64(st, 2, q->author);
	if (q->q && *q->q)
		sqlite3_bind_text(st, 3, q->q, -1, SQLITE_STATIC);
}

int store_admin_posts(struct store *s, struct pool *p, const struct admin_query *q,
		      struct post_list *out, int *total)
{
	sqlite3_stmt *st = store_sql(s, admin_count_sql);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	bind_query(st, q);
	int rc = sqlite3_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || !(st = store_sql(s, admin_list_sql)))
		return -1;
	bind_query(st, q);
	sqlite3_bind_int(st, 4, q->limit);
	sqlite3_bind_int(st, 5, q->offset);
	size_t cap = 16;
	out->rows = pool_alloc(p, cap * sizeof(*out->rows));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->rows = pool_grow(p, out->rows, out->n, &cap, sizeof(*out->rows));
		store_row_from(st, p, &out->rows[out->n++]);
	}
	sqlite3_reset(st);
	out->more = q->offset + (int)out->n < *total;
	return rc == SQLITE_DONE ? 0 : -1;
}
