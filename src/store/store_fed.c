/* store_fed: remote actors, followers, blocks and delivery breakers in the press's database. */
#include "store/store_fed.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

static void text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

int store_fed_actor_put(struct store *s, const struct fed_actor_row *a, long long now,
			long long *id)
{
	static const char sql[] =
	    "INSERT INTO fed_actors(uri, domain, inbox, shared_inbox, key_id, key_pem, name,"
	    " handle, url, icon_url, fetched) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	    " ON CONFLICT(uri) DO UPDATE SET domain = excluded.domain, inbox = excluded.inbox,"
	    " shared_inbox = excluded.shared_inbox, key_id = excluded.key_id,"
	    " key_pem = excluded.key_pem, name = excluded.name, handle = excluded.handle,"
	    " url = excluded.url, fetched = excluded.fetched,"
	    " avatar = CASE WHEN icon_url = excluded.icon_url THEN avatar ELSE '' END,"
	    " avatar_tried = CASE WHEN icon_url = excluded.icon_url THEN avatar_tried ELSE 0 END,"
	    " icon_url = excluded.icon_url RETURNING id";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	text(st, 1, a->uri);
	text(st, 2, a->domain);
	text(st, 3, a->inbox);
	text(st, 4, a->shared_inbox);
	text(st, 5, a->key_id);
	text(st, 6, a->key_pem);
	text(st, 7, a->name);
	text(st, 8, a->handle);
	text(st, 9, a->url);
	text(st, 10, a->icon_url);
	sqlite3_bind_int64(st, 11, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

#define ACTOR_COLS                                                                                 \
	"id, uri, domain, inbox, shared_inbox, key_id, key_pem, name, handle, url, icon_url,"      \
	" avatar, avatar_tried, fetched"

static int one_actor(sqlite3_stmt *st, struct pool *p, struct fed_actor_row *a)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(a, 0, sizeof(*a));
		a->id = sqlite3_column_int64(st, 0);
		a->uri = store_col_str(st, p, 1);
		a->domain = store_col_str(st, p, 2);
		a->inbox = store_col_str(st, p, 3);
		a->shared_inbox = store_col_str(st, p, 4);
		a->key_id = store_col_str(st, p, 5);
		a->key_pem = store_col_str(st, p, 6);
		a->name = store_col_str(st, p, 7);
		a->handle = store_col_str(st, p, 8);
		a->url = store_col_str(st, p, 9);
		a->icon_url = store_col_str(st, p, 10);
		a->avatar = store_col_str(st, p, 11);
		a->avatar_tried = sqlite3_column_int(st, 12);
		a->fetched = sqlite3_column_int64(st, 13);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_fed_actor_get(struct store *s, struct pool *p, long long id, struct fed_actor_row *out)
{
	static const char sql[] = "SELECT " ACTOR_COLS " FROM fed_actors WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_actor(st, p, out);
}

int store_fed_actor_by_uri(struct store *s, struct pool *p, const char *uri,
			   struct fed_actor_row *out)
{
	static const char sql[] = "SELECT " ACTOR_COLS " FROM fed_actors WHERE uri = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	text(st, 1, uri);
	return one_actor(st, p, out);
}

int store_fed_actor_by_key(struct store *s, struct pool *p, const char *key_id,
			   struct fed_actor_row *out)
{
	static const char sql[] = "SELECT " ACTOR_COLS " FROM fed_actors WHERE key_id = ?1"
				  " ORDER BY fetched DESC LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	text(st, 1, key_id);
	return one_actor(st, p, out);
}

int store_fed_actor_set_avatar(struct store *s, long long id, const char *avatar)
{
	static const char actor[] = "UPDATE fed_actors SET avatar = ?2, avatar_tried = 1"
				    " WHERE id = ?1";
	static const char comments[] = "UPDATE comments SET avatar = ?2 WHERE actor_uri ="
				       " (SELECT uri FROM fed_actors WHERE id = ?1)";
	sqlite3_stmt *st = store_sql(s, actor);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	text(st, 2, avatar);
	if (store_done(st) != 0 || !(st = store_sql(s, comments)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	text(st, 2, avatar);
	return store_done(st);
}

int store_fed_actor_delete(struct store *s, long long id)
{
	static const char sql[] = "DELETE FROM fed_actors WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_done(st);
}

int store_fed_follow(struct store *s, long long local, long long actor_id, const char *follow_uri,
		     long long now)
{
	static const char sql[] = "INSERT INTO fed_followers(local, actor_id, follow_uri, created)"
				  " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(local, actor_id)"
				  " DO UPDATE SET follow_uri = excluded.follow_uri";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, local);
	sqlite3_bind_int64(st, 2, actor_id);
	text(st, 3, follow_uri);
	sqlite3_bind_int64(st, 4, now);
	return store_done(st);
}

int store_fed_unfollow(struct store *s, long long local, long long actor_id, const char *follow_uri)
{
	static const char by_uri[] = "DELETE FROM fed_followers WHERE actor_id = ?1"
				     " AND follow_uri = ?2";
	static const char by_local[] = "DELETE FROM fed_followers WHERE actor_id = ?1"
				       " AND (?2 < 0 OR local = ?2)";
	sqlite3_stmt *st = store_sql(s, follow_uri ? by_uri : by_local);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, actor_id);
	if (follow_uri)
		text(st, 2, follow_uri);
	else
		sqlite3_bind_int64(st, 2, local);
	return store_changes(s, st);
}

int store_fed_follower_count(struct store *s, long long local)
{
	static const char sql[] = "SELECT count(*) FROM fed_followers WHERE local = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, local);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static void follower_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct fed_follower_row *f = row;
	f->uri = store_col_str(st, p, 0);
	f->handle = store_col_str(st, p, 1);
	f->domain = store_col_str(st, p, 2);
	f->created = sqlite3_column_int64(st, 3);
}

int store_fed_followers(struct store *s, struct pool *p, long long local,
			struct fed_follower_row **rows, size_t *n)
{
	static const char sql[] = "SELECT a.uri, a.handle, a.domain, f.created FROM fed_followers f"
				  " JOIN fed_actors a ON a.id = f.actor_id WHERE f.local = ?1"
				  " ORDER BY f.created, a.uri";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, local);
	return store_rows(st, p, sizeof(**rows), follower_from, rows, n);
}

static void box_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	*(const char **)row = store_col_str(st, p, 0);
}

int store_fed_inboxes(struct store *s, struct pool *p, long long local, int wide, const char *after,
		      int limit, const char ***boxes, size_t *n)
{
	static const char sql[] =
	    "SELECT DISTINCT CASE WHEN a.shared_inbox != '' THEN a.shared_inbox ELSE a.inbox END"
	    " AS box FROM fed_followers f JOIN fed_actors a ON a.id = f.actor_id"
	    " WHERE (f.local = ?1 OR (?2 AND f.local = 0)) AND box > ?3 AND box != ''"
	    " ORDER BY box LIMIT ?4";
	sqlite3_stmt *st = store_sql(s, sql);
	*boxes = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, local);
	sqlite3_bind_int(st, 2, wide);
	text(st, 3, after);
	sqlite3_bind_int(st, 4, limit);
	return store_rows(st, p, sizeof(**boxes), box_from, boxes, n);
}

int store_fed_has_followers(struct store *s, long long local, int wide)
{
	static const char sql[] = "SELECT 1 FROM fed_followers WHERE local = ?1"
				  " OR (?2 AND local = 0) LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, local);
	sqlite3_bind_int(st, 2, wide);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_fed_block(struct store *s, const char *target, int domain, const char *reason,
		    long long now)
{
	static const char sql[] = "INSERT INTO fed_blocks(target, domain, reason, created)"
				  " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(target) DO UPDATE SET"
				  " reason = excluded.reason";
	/* A domain block covers its subdomains too. */
	static const char drop_domain[] =
	    "DELETE FROM fed_followers WHERE actor_id IN (SELECT id FROM fed_actors"
	    " WHERE domain = ?1 OR substr(domain, -length(?1) - 1) = '.' || ?1)";
	static const char drop_actor[] = "DELETE FROM fed_followers WHERE actor_id IN"
					 " (SELECT id FROM fed_actors WHERE uri = ?1)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	text(st, 1, target);
	sqlite3_bind_int(st, 2, domain);
	text(st, 3, reason);
	sqlite3_bind_int64(st, 4, now);
	if (store_done(st) != 0 || !(st = store_sql(s, domain ? drop_domain : drop_actor)))
		return -1;
	text(st, 1, target);
	return store_done(st);
}

int store_fed_unblock(struct store *s, const char *target)
{
	static const char sql[] = "DELETE FROM fed_blocks WHERE target = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	text(st, 1, target);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

static void block_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct fed_block_row *b = row;
	b->target = store_col_str(st, p, 0);
	b->domain = sqlite3_column_int(st, 1);
	b->reason = store_col_str(st, p, 2);
	b->created = sqlite3_column_int64(st, 3);
}

int store_fed_blocks(struct store *s, struct pool *p, int domains_only, struct fed_block_row **rows,
		     size_t *n)
{
	static const char sql[] = "SELECT target, domain, reason, created FROM fed_blocks"
				  " WHERE domain OR NOT ?1 ORDER BY domain DESC, target";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, domains_only);
	return store_rows(st, p, sizeof(**rows), block_from, rows, n);
}

int store_fed_blocked(struct store *s, const char *actor_uri, const char *domain)
{
	static const char sql[] = "SELECT 1 FROM fed_blocks WHERE (target = ?1 AND NOT domain)"
				  " OR (domain AND target = ?2)";
	/* The domain and each parent of it: a block of example.org covers a.example.org. */
	const char *d = domain ? domain : "";
	for (int depth = 0; depth < 16; depth++) {
		sqlite3_stmt *st = store_sql(s, sql);
		if (!st)
			return -1;
		text(st, 1, actor_uri);
		text(st, 2, d);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE)
			return -1;
		const char *dot = strchr(d, '.');
		if (!dot || !strchr(dot + 1, '.'))
			break;
		d = dot + 1;
	}
	return 0;
}

int store_fed_domain_get(struct store *s, const char *domain, struct fed_domain_row *out)
{
	static const char sql[] = "SELECT failures, opens, until FROM fed_domains"
				  " WHERE domain = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	text(st, 1, domain);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->failures = sqlite3_column_int(st, 0);
		out->opens = sqlite3_column_int(st, 1);
		out->until = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_fed_domain_put(struct store *s, const char *domain, const struct fed_domain_row *d)
{
	static const char sql[] = "INSERT INTO fed_domains(domain, failures, opens, until)"
				  " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(domain) DO UPDATE SET"
				  " failures = excluded.failures, opens = excluded.opens,"
				  " until = excluded.until";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	text(st, 1, domain);
	sqlite3_bind_int(st, 2, d->failures);
	sqlite3_bind_int(st, 3, d->opens);
	sqlite3_bind_int64(st, 4, d->until);
	return store_done(st);
}
