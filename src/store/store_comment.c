/* store_comment: comments, the public moderation log, bans and the counts spam rules need. */
#include "store/store_comment.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

enum {
	C_ADD,
	C_GET,
	C_OF_POST,
	C_BY_STATUS,
	C_SET_STATUS,
	C_SET_BODY,
	C_LOG_ADD,
	C_LOG_LIST,
	C_BAN,
	C_BANNED,
	C_SINCE,
	C_DUP,
	C_KNOWN_EMAIL,
	C_KNOWN_NAME,
	C_SECRET,
	C_RECENT,
	C_SET_PENDING,
	C_BY_OBJECT,
	C_ACTOR_DELETED,
};

#define COLS                                                                                       \
	"c.id, c.post_id, c.parent_id, c.depth, c.status, c.name, c.email_ct, c.website, "         \
	"c.body_md,"                                                                               \
	" c.body_html, c.addr, c.created, c.edited, c.edit_hash, p.slug, p.title, c.pending_md,"   \
	" c.pending_html, p.type, c.actor_uri, c.object_uri, c.profile_url, c.avatar"

static const char *const csql[] = {
    [C_ADD] = "INSERT INTO comments(post_id, parent_id, depth, name, email_ct, website, body_md,"
	      " body_html, status, addr, edit_hash, body_hash, created, email_bidx, actor_uri,"
	      " object_uri, profile_url, avatar)"
	      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	      " ?18)",
    [C_BY_OBJECT] = "SELECT " COLS " FROM comments c JOIN posts p ON p.id = c.post_id"
		    " WHERE c.object_uri = ?1",
    [C_ACTOR_DELETED] = "UPDATE comments SET status = 5 WHERE actor_uri = ?1"
			" AND status IN (0, 1, 3, 4)",
    [C_GET] = "SELECT " COLS " FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ?1",
    [C_OF_POST] = "SELECT " COLS " FROM comments c JOIN posts p ON p.id = c.post_id"
		  " WHERE c.post_id = ?1 AND c.status IN (1, 2, 5) ORDER BY c.id",
    /* Held comments include published ones whose writer's edit waits. */
    [C_BY_STATUS] = "SELECT " COLS " FROM comments c JOIN posts p ON p.id = c.post_id"
		    " WHERE ?1 < 0 OR c.status = ?1 OR (?1 = 0 AND c.pending_md IS NOT NULL)"
		    " ORDER BY c.id DESC LIMIT ?2",
    [C_SET_STATUS] = "UPDATE comments SET status = ?2 WHERE id = ?1",
    [C_SET_BODY] = "UPDATE comments SET body_md = ?2, body_html = ?3, body_hash = ?4,"
		   " edited = ?5 WHERE id = ?1",
    [C_LOG_ADD] = "INSERT INTO moderation_log(at, comment_id, post_id, action, reason, text)"
		  " SELECT ?1, ?2, post_id, ?3, ?4, ?5 FROM comments WHERE id = ?2",
    /* A post taken off the site (or deleted) keeps its entries, without its name; one for
     * members keeps them without its name and without the removed text. */
    [C_LOG_LIST] = "SELECT m.at, m.comment_id, m.action, m.reason,"
		   " CASE WHEN p.id IS NULL AND q.visibility != 0 THEN NULL ELSE m.text END,"
		   " p.slug, p.title, p.type FROM moderation_log m"
		   " LEFT JOIN posts p ON p.id = m.post_id AND p.status > 0 AND p.visibility = 0"
		   " LEFT JOIN posts q ON q.id = m.post_id ORDER BY m.id DESC LIMIT ?1",
    [C_BAN] = "INSERT INTO bans(addr, until, reason) VALUES(?1, ?2, ?3)"
	      " ON CONFLICT(addr) DO UPDATE SET until = excluded.until,"
	      " reason = excluded.reason",
    [C_BANNED] = "SELECT until FROM bans WHERE addr = ?1 AND until > ?2",
    [C_SINCE] = "SELECT count(*) FROM comments WHERE addr = ?1 AND created >= ?2",
    [C_DUP] = "SELECT 1 FROM comments WHERE body_hash = ?3 AND created >= ?4"
	      " AND (post_id = ?1 OR addr = ?2) LIMIT 1",
    [C_KNOWN_EMAIL] = "SELECT 1 FROM comments WHERE email_bidx = ?1 AND status = 1 LIMIT 1",
    [C_KNOWN_NAME] = "SELECT 1 FROM comments WHERE name = ?1 AND addr = ?2 AND status = 1"
		     " LIMIT 1",
    [C_SECRET] = "SELECT value FROM meta WHERE key = 'secret'",
    [C_SET_PENDING] = "UPDATE comments SET pending_md = ?2, pending_html = ?3 WHERE id = ?1",
    [C_RECENT] = "SELECT " COLS " FROM comments c JOIN posts p ON p.id = c.post_id"
		 " WHERE c.post_id = ?1 AND c.status = 1 ORDER BY c.id DESC LIMIT ?2",
};

static sqlite3_stmt *cst(struct store *s, int i)
{
	return store_sql(s, csql[i]);
}

static void text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

int store_comment_add(struct store *s, const struct comment_new *c, long long *id)
{
	sqlite3_stmt *st = cst(s, C_ADD);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->post_id);
	sqlite3_bind_int64(st, 2, c->parent_id);
	sqlite3_bind_int(st, 3, c->depth);
	text(st, 4, c->name);
	if (c->email_ct)
		sqlite3_bind_blob(st, 5, c->email_ct, (int)c->email_len, SQLITE_STATIC);
	text(st, 6, c->website);
	text(st, 7, c->body_md);
	text(st, 8, c->body_html);
	sqlite3_bind_int(st, 9, c->status);
	text(st, 10, c->addr);
	if (c->edit_hash)
		sqlite3_bind_blob(st, 11, c->edit_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, c->body_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, c->now);
	if (c->email_bidx)
		sqlite3_bind_blob(st, 14, c->email_bidx, 32, SQLITE_STATIC);
	const char *remote[] = {c->actor_uri, c->object_uri, c->profile_url, c->avatar};
	for (int i = 0; i < 4; i++)
		if (remote[i])
			sqlite3_bind_text(st, 15 + i, remote[i], -1, SQLITE_STATIC);
	if (store_done(st) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static void row(sqlite3_stmt *st, struct pool *p, struct comment_row *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->post_id = sqlite3_column_int64(st, 1);
	c->parent_id = sqlite3_column_int64(st, 2);
	c->depth = sqlite3_column_int(st, 3);
	c->status = sqlite3_column_int(st, 4);
	c->name = store_col_str(st, p, 5);
	int elen = sqlite3_column_bytes(st, 6);
	if (elen > 0) {
		unsigned char *e = pool_alloc(p, (size_t)elen);
		memcpy(e, sqlite3_column_blob(st, 6), (size_t)elen);
		c->email_ct = e;
		c->email_len = (size_t)elen;
	}
	c->website = store_col_str(st, p, 7);
	c->body_md = store_col_str(st, p, 8);
	c->body_html = store_col_str(st, p, 9);
	c->addr = store_col_str(st, p, 10);
	c->created = sqlite3_column_int64(st, 11);
	c->edited = sqlite3_column_int64(st, 12);
	if (sqlite3_column_bytes(st, 13) == 32) {
		memcpy(c->edit_hash, sqlite3_column_blob(st, 13), 32);
		c->has_edit_hash = 1;
	}
	c->post_slug = store_col_str(st, p, 14);
	c->post_title = store_col_str(st, p, 15);
	c->pending_md = store_col_str(st, p, 16);
	c->pending_html = store_col_str(st, p, 17);
	c->post_type = sqlite3_column_int(st, 18);
	c->actor_uri = store_col_str(st, p, 19);
	c->object_uri = store_col_str(st, p, 20);
	c->profile_url = store_col_str(st, p, 21);
	c->avatar = store_col_str(st, p, 22);
}

int store_comment_get(struct store *s, struct pool *p, long long id, struct comment_row *out)
{
	sqlite3_stmt *st = cst(s, C_GET);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_comment_by_object(struct store *s, struct pool *p, const char *object_uri,
			    struct comment_row *out)
{
	sqlite3_stmt *st = cst(s, C_BY_OBJECT);
	if (!st)
		return -1;
	text(st, 1, object_uri);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_comments_of_actor_deleted(struct store *s, const char *actor_uri)
{
	sqlite3_stmt *st = cst(s, C_ACTOR_DELETED);
	if (!st)
		return -1;
	text(st, 1, actor_uri);
	return store_changes(s, st);
}

static int rows(sqlite3_stmt *st, struct pool *p, struct comment_row **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = pool_alloc(p, cap * sizeof(**out));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = pool_grow(p, *out, *n, &cap, sizeof(**out));
		row(st, p, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_comments_of_post(struct store *s, struct pool *p, long long post_id,
			   struct comment_row **out, size_t *n)
{
	sqlite3_stmt *st = cst(s, C_OF_POST);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	return rows(st, p, out, n);
}

int store_comments_recent(struct store *s, struct pool *p, long long post_id, int limit,
			  struct comment_row **out, size_t *n)
{
	sqlite3_stmt *st = cst(s, C_RECENT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	sqlite3_bind_int(st, 2, limit);
	return rows(st, p, out, n);
}

int store_comments_by_status(struct store *s, struct pool *p, int status, int limit,
			     struct comment_row **out, size_t *n)
{
	sqlite3_stmt *st = cst(s, C_BY_STATUS);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, status);
	sqlite3_bind_int(st, 2, limit);
	return rows(st, p, out, n);
}

int store_comment_set_status(struct store *s, long long id, int status)
{
	sqlite3_stmt *st = cst(s, C_SET_STATUS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, status);
	return store_done(st);
}

int store_comment_set_body(struct store *s, long long id, const char *body_md,
			   const char *body_html, const unsigned char *body_hash, long long now)
{
	sqlite3_stmt *st = cst(s, C_SET_BODY);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	text(st, 2, body_md);
	text(st, 3, body_html);
	sqlite3_bind_blob(st, 4, body_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return store_done(st);
}

int store_modlog_add(struct store *s, long long comment_id, const char *action, const char *reason,
		     const char *removed_text, long long now)
{
	sqlite3_stmt *st = cst(s, C_LOG_ADD);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, comment_id);
	text(st, 3, action);
	text(st, 4, reason);
	if (removed_text)
		sqlite3_bind_text(st, 5, removed_text, -1, SQLITE_STATIC);
	return store_done(st);
}

int store_modlog_list(struct store *s, struct pool *p, int limit, int show_text,
		      struct modlog_row **out, size_t *n)
{
	sqlite3_stmt *st = cst(s, C_LOG_LIST);
	size_t cap = 16;
	*n = 0;
	*out = pool_alloc(p, cap * sizeof(**out));
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = pool_grow(p, *out, *n, &cap, sizeof(**out));
		struct modlog_row *m = &(*out)[(*n)++];
		m->at = sqlite3_column_int64(st, 0);
		m->comment_id = sqlite3_column_int64(st, 1);
		m->action = store_col_str(st, p, 2);
		m->reason = store_col_str(st, p, 3);
		m->text = show_text ? store_col_str(st, p, 4) : NULL;
		m->post_slug = store_col_str(st, p, 5);
		m->post_title = store_col_str(st, p, 6);
		m->post_type = sqlite3_column_int(st, 7);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_ban(struct store *s, const char *addr, long long until, const char *reason)
{
	sqlite3_stmt *st = cst(s, C_BAN);
	if (!st)
		return -1;
	text(st, 1, addr);
	sqlite3_bind_int64(st, 2, until);
	text(st, 3, reason);
	return store_done(st);
}

int store_banned(struct store *s, const char *addr, long long now, long long *until)
{
	sqlite3_stmt *st = cst(s, C_BANNED);
	if (!st)
		return -1;
	text(st, 1, addr);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*until = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_comments_since(struct store *s, const char *addr, long long t)
{
	sqlite3_stmt *st = cst(s, C_SINCE);
	if (!st)
		return -1;
	text(st, 1, addr);
	sqlite3_bind_int64(st, 2, t);
	int rc = sqlite3_step(st), n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static int exists(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_comment_duplicate(struct store *s, long long post_id, const char *addr,
			    const unsigned char *body_hash, long long t)
{
	sqlite3_stmt *st = cst(s, C_DUP);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	text(st, 2, addr);
	sqlite3_bind_blob(st, 3, body_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, t);
	return exists(st);
}

int store_commenter_known(struct store *s, const unsigned char *email_bidx, const char *name,
			  const char *addr)
{
	sqlite3_stmt *st = cst(s, email_bidx ? C_KNOWN_EMAIL : C_KNOWN_NAME);
	if (!st)
		return -1;
	if (email_bidx) {
		sqlite3_bind_blob(st, 1, email_bidx, 32, SQLITE_STATIC);
	} else {
		text(st, 1, name);
		text(st, 2, addr);
	}
	return exists(st);
}

const char *store_secret(struct store *s)
{
	if (s->secret[0])
		return s->secret;
	sqlite3_stmt *st = cst(s, C_SECRET);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		snprintf(s->secret, sizeof(s->secret), "%s", sqlite3_column_text(st, 0));
	if (st)
		sqlite3_reset(st);
	return s->secret;
}

int store_comment_set_pending(struct store *s, long long id, const char *body_md,
			      const char *body_html)
{
	sqlite3_stmt *st = cst(s, C_SET_PENDING);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (body_md) {
		sqlite3_bind_text(st, 2, body_md, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, body_html, -1, SQLITE_STATIC);
	}
	return store_done(st);
}
