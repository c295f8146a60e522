/* store_fed_objects: federated posts, activities sent, and likes and boosts received. */
#include "store/store_fed_objects.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

int store_fed_object_get(struct store *s, struct pool *p, long long post_id,
			 struct fed_object_row *out)
{
	static const char sql[] = "SELECT post_id, slug, author_id, created, gone FROM fed_objects"
				  " WHERE post_id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->post_id = sqlite3_column_int64(st, 0);
		out->slug = store_col_str(st, p, 1);
		out->author_id = sqlite3_column_int64(st, 2);
		out->created = sqlite3_column_int64(st, 3);
		out->gone = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_fed_object_gone(struct store *s, const char *slug)
{
	static const char sql[] = "SELECT 1 FROM fed_objects o WHERE o.slug = ?1 AND o.gone > 0"
				  " AND NOT EXISTS (SELECT 1 FROM fed_objects l WHERE l.slug = ?1"
				  " AND l.gone = 0) LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_fed_activity_add(struct store *s, long long local, int wide, const char *json,
			   long long now, long long *id)
{
	static const char sql[] = "INSERT INTO fed_activities(local, wide, json, created)"
				  " VALUES(?1, ?2, ?3, ?4)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, local);
	sqlite3_bind_int(st, 2, wide);
	sqlite3_bind_text(st, 3, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if (store_done(st) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_fed_activity_get(struct store *s, struct pool *p, long long id, long long *local,
			   int *wide, const char **json)
{
	static const char sql[] = "SELECT local, wide, json FROM fed_activities WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*local = sqlite3_column_int64(st, 0);
		*wide = sqlite3_column_int(st, 1);
		*json = store_col_str(st, p, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_fed_react(struct store *s, long long post_id, long long actor_id, int kind,
		    const char *uri, long long now)
{
	static const char sql[] = "INSERT INTO fed_reactions(post_id, actor_id, kind, uri, created)"
				  " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET"
				  " uri = excluded.uri";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	sqlite3_bind_int64(st, 2, actor_id);
	sqlite3_bind_int(st, 3, kind);
	sqlite3_bind_text(st, 4, uri ? uri : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return store_done(st);
}

int store_fed_unreact(struct store *s, long long actor_id, const char *uri, long long post_id,
		      int kind)
{
	static const char by_uri[] = "DELETE FROM fed_reactions WHERE actor_id = ?1 AND uri = ?2";
	static const char by_post[] = "DELETE FROM fed_reactions WHERE actor_id = ?1"
				      " AND post_id = ?2 AND kind = ?3";
	sqlite3_stmt *st = store_sql(s, uri ? by_uri : by_post);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, actor_id);
	if (uri) {
		sqlite3_bind_text(st, 2, uri, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(st, 2, post_id);
		sqlite3_bind_int(st, 3, kind);
	}
	return store_changes(s, st);
}

int store_fed_reactions(struct store *s, long long post_id, int *likes, int *boosts)
{
	static const char sql[] = "SELECT kind, count(*) FROM fed_reactions WHERE post_id = ?1"
				  " GROUP BY kind";
	sqlite3_stmt *st = store_sql(s, sql);
	*likes = *boosts = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind = sqlite3_column_int(st, 0), n = sqlite3_column_int(st, 1);
		if (kind == FED_REACT_LIKE)
			*likes = n;
		else if (kind == FED_REACT_BOOST)
			*boosts = n;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_fed_public_count(struct store *s, long long user_id)
{
	static const char sql[] = "SELECT count(*) FROM posts WHERE status > 0 AND visibility = 0"
				  " AND (?1 = 0 OR author_id = ?1)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}
