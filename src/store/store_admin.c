/* store_admin: accounts, sessions, login failures, one-time links, revisions, redirects, trash,
 * scheduled posts and media, for the admin pages. */
#include "store/store_admin.h"
#include "post/postfile.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

const char store_admin_schema[] =
    "ALTER TABLE users ADD COLUMN pwhash TEXT NOT NULL DEFAULT '';"
    /* 0 owner, 1 editor, 2 author (enum user_role). */
    "ALTER TABLE users ADD COLUMN role INTEGER NOT NULL DEFAULT 2;"
    /* The tags the writer typed (front matter), space-separated; NULL for posts from before
     * this column, whose tags are then those shown. */
    "ALTER TABLE posts ADD COLUMN fm_tags TEXT;"
    "ALTER TABLE posts ADD COLUMN trash_status INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX posts_scheduled ON posts(published) WHERE status = -1;"
    "CREATE TABLE sessions(hash BLOB PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " created INTEGER NOT NULL, expires INTEGER NOT NULL, addr TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE tokens(hash BLOB PRIMARY KEY, purpose TEXT NOT NULL,"
    " expires INTEGER NOT NULL) WITHOUT ROWID;"
    /* key is "u:handle" or "a:address"; handle is the handle tried, so that a new password
     * can lift the address's lock for that handle too. */
    "CREATE TABLE login_failures(key TEXT NOT NULL, t INTEGER NOT NULL,"
    " handle TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX login_failures_key ON login_failures(key, t);"
    "CREATE TABLE revisions(id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL,"
    " user_id INTEGER, kind INTEGER NOT NULL, saved INTEGER NOT NULL, source TEXT NOT NULL);"
    "CREATE INDEX revisions_post ON revisions(post_id, kind, id);"
    "CREATE TABLE slug_redirects(slug TEXT PRIMARY KEY, post_id INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX slug_redirects_post ON slug_redirects(post_id);"
    "CREATE TRIGGER posts_admin_ad AFTER DELETE ON posts BEGIN"
    " DELETE FROM revisions WHERE post_id = old.id;"
    " DELETE FROM slug_redirects WHERE post_id = old.id; END;"
    "CREATE TABLE media(hash TEXT PRIMARY KEY, ext TEXT NOT NULL, type TEXT NOT NULL,"
    " size INTEGER NOT NULL, name TEXT NOT NULL, user_id INTEGER, created INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "INSERT OR IGNORE INTO meta VALUES('theme', 'default');"
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

enum {
	A_ACCOUNT_HANDLE,
	A_ACCOUNT_ID,
	A_ACCOUNTS,
	A_SET_PW,
	A_SET_ROLE,
	A_OWNER,
	A_SESSION_ADD,
	A_SESSION_GET,
	A_SESSION_DEL,
	A_SESSION_DEL_USER,
	A_SESSION_COUNT,
	A_SESSION_GC,
	A_TOKEN_ADD,
	A_TOKEN_CHECK,
	A_TOKEN_DEL,
	A_FAILS,
	A_FAIL_ADD,
	A_FAIL_CLEAR,
	A_FAIL_GC,
	A_FAIL_UNDO,
	A_FAIL_TENTH,
	A_TOKEN_TAKE,
	A_POST_BY_ID,
	A_LIST,
	A_COUNT,
	A_TRASH,
	A_UNTRASH,
	A_TRASH_EMPTY,
	A_DUE,
	A_DUE_ANY,
	A_REDIRECT,
	A_REV_ADD,
	A_REV_DROP,
	A_REVS,
	A_REV_GET,
	A_AUTOSAVE,
	A_MEDIA_ADD,
	A_MEDIA_LIST,
	A_MEDIA_GET,
	A_MEDIA_DEL,
	A__COUNT
};

#define ACCOUNT_COLS "id, handle, name, role, pwhash"
#define LIST_WHERE                                                                                 \
	" WHERE (CASE WHEN ?1 = -99 THEN p.status != -2 ELSE p.status = ?1 END)"                   \
	" AND (?2 = 0 OR p.author_id = ?2)"                                                        \
	" AND (?3 IS NULL OR instr(lower(p.title), lower(?3)) OR instr(p.slug, lower(?3)))"
#define REV_COLS "r.id, r.post_id, r.saved, u.handle, r.kind, r.source"
#define MEDIA_COLS "m.hash, m.ext, m.type, m.name, u.handle, m.size, m.created"

static const char *const sql[A__COUNT] = {
    [A_ACCOUNT_HANDLE] = "SELECT " ACCOUNT_COLS " FROM users WHERE handle = ?1",
    [A_ACCOUNT_ID] = "SELECT " ACCOUNT_COLS " FROM users WHERE id = ?1",
    [A_ACCOUNTS] = "SELECT " ACCOUNT_COLS " FROM users ORDER BY id",
    [A_SET_PW] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
    [A_SET_ROLE] = "UPDATE users SET role = ?2 WHERE id = ?1",
    [A_OWNER] = "SELECT 1 FROM users WHERE role = 0 AND pwhash != '' LIMIT 1",
    [A_SESSION_ADD] = "INSERT INTO sessions(hash, user_id, created, expires, addr)"
		      " VALUES(?1, ?2, strftime('%s', 'now'), ?3, ?4)",
    [A_SESSION_GET] = "SELECT u.id, u.handle, u.name, u.role, u.pwhash FROM sessions s"
		      " JOIN users u ON u.id = s.user_id WHERE s.hash = ?1 AND s.expires > ?2",
    [A_SESSION_DEL] = "DELETE FROM sessions WHERE hash = ?1",
    [A_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?1",
    [A_SESSION_COUNT] = "SELECT count(*) FROM sessions WHERE user_id = ?1 AND expires > ?2",
    [A_SESSION_GC] = "DELETE FROM sessions WHERE expires <= strftime('%s', 'now')",
    [A_TOKEN_ADD] = "INSERT INTO tokens(hash, purpose, expires) VALUES(?1, ?2, ?3)",
    [A_TOKEN_CHECK] = "SELECT 1 FROM tokens WHERE hash = ?1 AND purpose = ?2 AND expires > ?3",
    [A_TOKEN_DEL] = "DELETE FROM tokens WHERE purpose = ?1",
    [A_FAILS] = "SELECT count(*), max(t) FROM login_failures WHERE key = ?1 AND t > ?2",
    [A_FAIL_TENTH] = "SELECT t FROM login_failures WHERE key = ?1 ORDER BY t DESC"
		     " LIMIT 1 OFFSET ?2",
    [A_FAIL_ADD] = "INSERT INTO login_failures(key, t, handle) VALUES(?1, ?2, lower(?3))",
    [A_FAIL_UNDO] = "DELETE FROM login_failures WHERE rowid = ?1",
    [A_FAIL_CLEAR] = "DELETE FROM login_failures WHERE key = 'u:' || lower(?1)"
		     " OR (key LIKE 'a:%' AND handle = lower(?1))",
    [A_TOKEN_TAKE] = "DELETE FROM tokens WHERE hash = ?1 AND purpose = ?2 AND expires > ?3",
    [A_FAIL_GC] = "DELETE FROM login_failures WHERE t < ?1 - 86400",
    [A_POST_BY_ID] = "SELECT " POST_COLS ", p.body_html, p.body_md, p.fm_tags, p.author_id,"
		     " p.trash_status FROM posts p LEFT JOIN users u ON u.id = p.author_id"
		     " WHERE p.id = ?1",
    [A_LIST] =
	"SELECT " POST_COLS " FROM posts p LEFT JOIN users u ON u.id = p.author_id" LIST_WHERE
	" ORDER BY p.id DESC LIMIT ?4 OFFSET ?5",
    [A_COUNT] = "SELECT count(*) FROM posts p" LIST_WHERE,
    [A_TRASH] = "UPDATE posts SET trash_status = status, status = -2 WHERE id = ?1"
		" AND status != -2",
    [A_UNTRASH] = "UPDATE posts SET status = trash_status WHERE id = ?1 AND status = -2",
    [A_TRASH_EMPTY] = "DELETE FROM posts WHERE status = -2",
    /* Going live is an update: Last-Modified of listings and feeds follows it. */
    [A_DUE] = "UPDATE posts SET status = 2, updated = max(updated, published)"
	      " WHERE status = -1 AND published <= ?1",
    [A_DUE_ANY] = "SELECT 1 FROM posts WHERE status = -1 AND published <= ?1 LIMIT 1",
    [A_REDIRECT] = "SELECT p.slug FROM slug_redirects r JOIN posts p ON p.id = r.post_id"
		   " WHERE r.slug = ?1 AND p.status > 0",
    [A_REV_ADD] = "INSERT INTO revisions(post_id, user_id, kind, saved, source)"
		  " VALUES(?1, ?2, ?3, strftime('%s', 'now'), ?4)",
    [A_REV_DROP] = "DELETE FROM revisions WHERE post_id = ?1 AND kind = 1 AND user_id IS ?2",
    [A_REVS] = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
	       " WHERE r.post_id = ?1 AND r.kind = 0 ORDER BY r.id DESC",
    [A_REV_GET] = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
		  " WHERE r.id = ?1",
    [A_AUTOSAVE] = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
		   " WHERE r.post_id = ?1 AND r.kind = 1 AND r.user_id IS ?2",
    [A_MEDIA_ADD] = "INSERT OR IGNORE INTO media(hash, ext, type, size, name, user_id, created)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, strftime('%s', 'now'))",
    [A_MEDIA_LIST] = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id"
		     " ORDER BY m.created DESC, m.hash",
    [A_MEDIA_GET] = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id"
		    " WHERE m.hash = ?1",
    [A_MEDIA_DEL] = "DELETE FROM media WHERE hash = ?1",
};

static sqlite3_stmt *stmt(struct store *s, int id)
{
	return store_cached(s, &s->astmt[id], sql[id]);
}

static int done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Steps a statement that changes rows: the number changed, or -1. */
static int changes(struct store *s, sqlite3_stmt *st)
{
	return done(st) == 0 ? sqlite3_changes(s->db) : -1;
}

static const char *const role_names[] = {"owner", "editor", "author"};

const char *user_role_name(int role)
{
	return role >= 0 && role <= ROLE_AUTHOR ? role_names[role] : "unknown";
}

int user_role_parse(const char *s)
{
	for (int i = 0; i <= ROLE_AUTHOR; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

static void account_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct account *a = row;
	a->id = sqlite3_column_int64(st, 0);
	a->handle = store_col_str(st, p, 1);
	a->name = store_col_str(st, p, 2);
	a->role = sqlite3_column_int(st, 3);
	a->pwhash = store_col_str(st, p, 4);
}

/* Steps st once into *a: 0 found, 1 not, -1 error. */
static int one_account(sqlite3_stmt *st, struct pool *p, struct account *a)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		account_from(st, p, a);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_account_by_handle(struct store *s, struct pool *p, const char *handle,
			    struct account *out)
{
	sqlite3_stmt *st = stmt(s, A_ACCOUNT_HANDLE);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	return one_account(st, p, out);
}

int store_account_by_id(struct store *s, struct pool *p, long long id, struct account *out)
{
	sqlite3_stmt *st = stmt(s, A_ACCOUNT_ID);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_account(st, p, out);
}

int store_accounts(struct store *s, struct pool *p, struct account **rows, size_t *n)
{
	sqlite3_stmt *st = stmt(s, A_ACCOUNTS);
	*rows = NULL;
	*n = 0;
	return st ? store_rows(st, p, sizeof(**rows), account_from, rows, n) : -1;
}

int store_account_set_password(struct store *s, long long id, const char *pwhash)
{
	sqlite3_stmt *st = stmt(s, A_SET_PW);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, pwhash, -1, SQLITE_STATIC);
	return changes(s, st) == 1 ? 0 : -1;
}

int store_account_set_role(struct store *s, long long id, int role)
{
	sqlite3_stmt *st = stmt(s, A_SET_ROLE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, role);
	return changes(s, st) == 1 ? 0 : -1;
}

int store_owner_exists(struct store *s)
{
	sqlite3_stmt *st = stmt(s, A_OWNER);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_session_add(struct store *s, const unsigned char hash[32], long long user_id,
		      long long expires, const char *addr)
{
	sqlite3_stmt *gc = stmt(s, A_SESSION_GC);
	if (!gc || done(gc) != 0)
		return -1;
	sqlite3_stmt *st = stmt(s, A_SESSION_ADD);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, expires);
	sqlite3_bind_text(st, 4, addr ? addr : "", -1, SQLITE_STATIC);
	return done(st);
}

int store_session_get(struct store *s, struct pool *p, const unsigned char hash[32], long long now,
		      struct account *out)
{
	sqlite3_stmt *st = stmt(s, A_SESSION_GET);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return one_account(st, p, out);
}

int store_session_delete(struct store *s, const unsigned char hash[32])
{
	sqlite3_stmt *st = stmt(s, A_SESSION_DEL);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return done(st);
}

int store_session_delete_user(struct store *s, long long user_id)
{
	sqlite3_stmt *st = stmt(s, A_SESSION_DEL_USER);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	return changes(s, st);
}

int store_session_count(struct store *s, long long user_id, long long now)
{
	sqlite3_stmt *st = stmt(s, A_SESSION_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_token_add(struct store *s, const unsigned char hash[32], const char *purpose,
		    long long expires)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_ADD);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, expires);
	return done(st);
}

int store_token_check(struct store *s, const unsigned char hash[32], const char *purpose,
		      long long now)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_CHECK);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_token_delete_purpose(struct store *s, const char *purpose)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_DEL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, purpose, -1, SQLITE_STATIC);
	return done(st);
}

int store_login_failures(struct store *s, const char *key, long long since, int nth,
			 struct login_failures *out)
{
	sqlite3_stmt *st = stmt(s, A_FAILS);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int rc = sqlite3_step(st);
	out->count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	out->last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || !(st = stmt(s, A_FAIL_TENTH)))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, nth - 1);
	rc = sqlite3_step(st);
	out->nth = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_login_undo(struct store *s, long long rowid)
{
	sqlite3_stmt *st = stmt(s, A_FAIL_UNDO);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	return done(st);
}

int store_token_take(struct store *s, const unsigned char hash[32], const char *purpose,
		     long long now)
{
	sqlite3_stmt *st = stmt(s, A_TOKEN_TAKE);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int n = changes(s, st);
	return n < 0 ? -1 : n == 0;
}

long long store_login_fail(struct store *s, const char *key, const char *handle, long long now)
{
	sqlite3_stmt *gc = stmt(s, A_FAIL_GC);
	if (!gc)
		return -1;
	sqlite3_bind_int64(gc, 1, now);
	if (done(gc) != 0)
		return -1;
	sqlite3_stmt *st = stmt(s, A_FAIL_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, handle, -1, SQLITE_STATIC);
	return done(st) == 0 ? sqlite3_last_insert_rowid(s->db) : -1;
}

int store_login_clear(struct store *s, const char *handle)
{
	sqlite3_stmt *st = stmt(s, A_FAIL_CLEAR);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	return done(st);
}

int store_post_by_id(struct store *s, struct pool *p, long long id, struct post_row *out)
{
	sqlite3_stmt *st = stmt(s, A_POST_BY_ID);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_row_from(st, p, out);
		out->body_html = store_col_str(st, p, POST_NCOLS);
		out->body_md = store_col_str(st, p, POST_NCOLS + 1);
		out->fm_tags = store_col_str(st, p, POST_NCOLS + 2);
		out->author_id = sqlite3_column_int64(st, POST_NCOLS + 3);
		out->trash_status = sqlite3_column_int(st, POST_NCOLS + 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

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
	sqlite3_stmt *st = stmt(s, A_COUNT);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	bind_query(st, q);
	int rc = sqlite3_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || !(st = stmt(s, A_LIST)))
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

static int by_id(struct store *s, int q, long long id)
{
	sqlite3_stmt *st = stmt(s, q);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int n = changes(s, st);
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
	int n = st ? changes(s, st) : -1;
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
	return changes(s, st);
}

int store_redirect_find(struct store *s, struct pool *p, const char *old, const char **slug)
{
	sqlite3_stmt *st = stmt(s, A_REDIRECT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*slug = store_col_str(st, p, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static void bind_user(sqlite3_stmt *st, int i, long long user_id)
{
	if (user_id)
		sqlite3_bind_int64(st, i, user_id);
	else
		sqlite3_bind_null(st, i);
}

int store_autosave_drop(struct store *s, long long post_id, long long user_id)
{
	sqlite3_stmt *st = stmt(s, A_REV_DROP);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	bind_user(st, 2, user_id);
	return done(st);
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
	bind_user(st, 2, user_id);
	sqlite3_bind_int(st, 3, kind);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	return done(st);
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
	bind_user(st, 2, user_id);
	return one_revision(st, p, out);
}

int store_media_add(struct store *s, const char *hash, const char *ext, const char *type,
		    long long size, const char *name, long long user_id)
{
	sqlite3_stmt *st = stmt(s, A_MEDIA_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ext, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, size);
	sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
	bind_user(st, 6, user_id);
	int n = changes(s, st);
	return n < 0 ? -1 : n == 0;
}

static void media_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct media_row *m = row;
	m->hash = store_col_str(st, p, 0);
	m->ext = store_col_str(st, p, 1);
	m->type = store_col_str(st, p, 2);
	m->name = store_col_str(st, p, 3);
	m->uploader = store_col_str(st, p, 4);
	m->size = sqlite3_column_int64(st, 5);
	m->created = sqlite3_column_int64(st, 6);
}

int store_media_list(struct store *s, struct pool *p, struct media_row **rows, size_t *n)
{
	sqlite3_stmt *st = stmt(s, A_MEDIA_LIST);
	*rows = NULL;
	*n = 0;
	return st ? store_rows(st, p, sizeof(**rows), media_from, rows, n) : -1;
}

int store_media_get(struct store *s, struct pool *p, const char *hash, struct media_row *out)
{
	sqlite3_stmt *st = stmt(s, A_MEDIA_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		media_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_media_delete(struct store *s, const char *hash)
{
	sqlite3_stmt *st = stmt(s, A_MEDIA_DEL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	int n = changes(s, st);
	return n < 0 ? -1 : n == 0;
}
