/* store_import: which rows an import made of which ids, and the old addresses that redirect. */
#include "store/store_import.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

static const char find_sql[] =
    "SELECT local_id FROM import_map WHERE source = ?1 AND kind = ?2 AND wp_id = ?3";
static const char put_sql[] =
    "INSERT OR REPLACE INTO import_map(source, kind, wp_id, local_id) VALUES(?1, ?2, ?3, ?4)";
static const char path_add_sql[] =
    "INSERT OR IGNORE INTO old_paths(path, post_id, target) VALUES(?1, ?2, ?3)";
static const char path_find_sql[] = "SELECT o.target, p.slug, p.type, p.status FROM old_paths o"
				    " LEFT JOIN posts p ON p.id = o.post_id WHERE o.path = ?1";

static void bind_key(sqlite3_stmt *st, const char *source, const char *kind, long long wp_id)
{
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, wp_id);
}

int store_import_find(struct store *s, const char *source, const char *kind, long long wp_id,
		      long long *local_id)
{
	sqlite3_stmt *st = store_sql(s, find_sql);
	if (!st)
		return -1;
	bind_key(st, source, kind, wp_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*local_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_import_put(struct store *s, const char *source, const char *kind, long long wp_id,
		     long long local_id)
{
	sqlite3_stmt *st = store_sql(s, put_sql);
	if (!st)
		return -1;
	bind_key(st, source, kind, wp_id);
	sqlite3_bind_int64(st, 4, local_id);
	return store_done(st);
}

int store_old_path_add(struct store *s, const char *path, long long post_id, const char *target)
{
	sqlite3_stmt *st = store_sql(s, path_add_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (post_id)
		sqlite3_bind_int64(st, 2, post_id);
	if (target)
		sqlite3_bind_text(st, 3, target, -1, SQLITE_STATIC);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int store_old_path_find(struct store *s, struct pool *p, const char *path, struct old_path *out)
{
	sqlite3_stmt *st = store_sql(s, path_find_sql);
	if (!st)
		return -1;
	memset(out, 0, sizeof(*out));
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		out->target = store_col_str(st, p, 0);
		out->slug = store_col_str(st, p, 1);
		out->type = sqlite3_column_int(st, 2);
		/* A post's address answers while the post is public; a draft is not told. */
		found = out->slug ? sqlite3_column_int(st, 3) > 0 : out->target != NULL;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return found ? 0 : 1;
}
