/* store: opening the site database, its schema, transactions, settings and users. */
#include "store/store.h"
#include "store/store_comment.h"
#include "store/store_int.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include "util/clock.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SCHEMA_VERSION 10

static const char *const post_sql[Q__COUNT] = {
    [Q_DATA_VERSION] = "PRAGMA data_version",
    [Q_META_GET] = "SELECT key, value FROM meta",
    [Q_META_SET] = "INSERT INTO meta(key, value) VALUES(?1, ?2)"
		   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [Q_USER_ADD] = "INSERT INTO users(handle, name, bio, created) VALUES(?1, ?2, ?3, ?4)",
    [Q_USER_GET] = "SELECT id, handle, name, bio, avatar FROM users WHERE handle = ?1",
    [Q_USER_EXISTS] = "SELECT 1 FROM users WHERE handle = ?1",
    [Q_USER_LIST] = "SELECT id, handle, name, bio, avatar FROM users ORDER BY id",
    [Q_USER_FIRST] = "SELECT id FROM users ORDER BY id LIMIT 1",
    [Q_POST_FIND] = "SELECT id, published, status, slug, type FROM posts WHERE slug = ?1",
    [Q_POST_FIND_ID] = "SELECT id, published, status, slug, type FROM posts WHERE id = ?1",
    [Q_REDIRECT_ADD] = "INSERT OR REPLACE INTO slug_redirects(slug, post_id) VALUES(?1, ?2)",
    [Q_REDIRECT_CLEAR] = "DELETE FROM slug_redirects WHERE slug = ?1",
    [Q_POST_INSERT] =
	"INSERT INTO posts(slug, title, body_md, body_html, excerpt_html, has_more,"
	" status, author_id, series, part, words, published, updated, created,"
	" body_text, tags_text, comments, fm_tags, type, format, nav_order, excerpt, sticky,"
	" visibility, image, id)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, ?16, ?18,"
	" ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    /* "updated" moves only when the text a reader sees changes. */
    [Q_POST_UPDATE] = "UPDATE posts SET updated = CASE WHEN title IS NOT ?2 OR body_md IS NOT ?3"
		      " THEN ?13 ELSE updated END, title = ?2, body_md = ?3, body_html = ?4,"
		      " excerpt_html = ?5, has_more = ?6, status = ?7, author_id = ?8,"
		      " series = ?9, part = ?10, words = ?11, published = ?12, body_text = ?14,"
		      " tags_text = ?15, comments = ?16, slug = ?17, fm_tags = ?18, type = ?19,"
		      " format = ?20, nav_order = ?21, excerpt = ?22, sticky = ?23,"
		      " visibility = ?24, image = ?25 WHERE id = ?1",
    [Q_POST_DELETE] = "DELETE FROM posts WHERE slug = ?1",
    [Q_POST_BY_SLUG] = "SELECT " POST_COLS ", p.body_html, p.body_md, " POST_FM_COLS " FROM posts p"
		       " LEFT JOIN users u ON u.id = p.author_id"
		       " WHERE p.slug = ?1 AND (p.status > 0 OR ?2)",
    [Q_POST_MENTIONING] = "SELECT id, body_md, format, excerpt FROM posts"
			  " WHERE instr(lower(body_md), lower(?1)) AND format = 0",
    [Q_POST_BATCH] = "SELECT id, body_md, format, excerpt FROM posts WHERE id > ?1"
		     " ORDER BY id LIMIT ?2",
    [Q_POST_SET_HTML] = "UPDATE posts SET body_html = ?2, excerpt_html = ?3, has_more = ?4"
			" WHERE id = ?1",
    [Q_TAG_GET] = "SELECT id, name FROM tags WHERE key = ?1",
    [Q_TAG_ADD] = "INSERT INTO tags(key, name) VALUES(?1, ?2)",
    [Q_POST_TAGS_CLEAR] = "DELETE FROM post_tags WHERE post_id = ?1",
    [Q_POST_TAG_ADD] = "INSERT OR IGNORE INTO post_tags(post_id, tag_id, published, pos)"
		       " SELECT ?1, ?2, published, ?3 FROM posts WHERE id = ?1",
    [Q_TAGS_GC] = "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM post_tags)",
    [Q_ALL] = "SELECT " POST_COLS " FROM posts p LEFT JOIN users u ON u.id = p.author_id"
	      " ORDER BY p.published DESC, p.id DESC",
    /* ORDER BY rank lets FTS5 hand rows over best first, so LIMIT stops the join early. */
    [Q_SEARCH] = "SELECT " POST_COLS ", snippet(posts_fts, 1, char(1), char(2), '…', 24)"
		 " FROM posts_fts f JOIN posts p ON p.id = f.rowid"
		 " LEFT JOIN users u ON u.id = p.author_id"
		 " WHERE posts_fts MATCH ?1 AND (?4 OR p.visibility = 0)"
		 " ORDER BY f.rank LIMIT ?2 OFFSET ?3",
    /* Counting stops past the matches a reader can page through (STORE_SEARCH_MAX). */
    [Q_SEARCH_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM posts_fts f JOIN posts p"
		       " ON p.id = f.rowid WHERE posts_fts MATCH ?1 AND (?3 OR p.visibility = 0)"
		       " LIMIT ?2)",
    [Q_PUBLIC_SLUGS] = "SELECT slug, updated, type FROM posts WHERE status > 0 AND visibility = 0"
		       " ORDER BY published DESC, id DESC LIMIT ?1",
    [Q_PUBLIC_TAGS] = "SELECT name FROM tags t WHERE EXISTS (SELECT 1 FROM post_tags x"
		      " JOIN posts p ON p.id = x.post_id WHERE x.tag_id = t.id AND p.status > 0"
		      " AND p.type = 0) ORDER BY key",
    [Q_PUBLIC_AUTHORS] = "SELECT handle FROM users u WHERE EXISTS (SELECT 1 FROM posts p"
			 " WHERE p.author_id = u.id AND p.status > 0 AND p.type = 0)"
			 " ORDER BY handle",
    [Q_LAST_UPDATE] = "SELECT max(updated) FROM posts WHERE status > 0",
    [Q_MONTHS] = "SELECT ym / 100, ym % 100, n FROM post_months ORDER BY ym DESC",
    [Q_SERIES] = "SELECT " POST_COLS " FROM posts p LEFT JOIN users u ON u.id = p.author_id"
		 " WHERE p.series = ?1 AND p.status > 0 AND p.type = 0"
		 " ORDER BY p.part, p.published, p.id",
};

static sqlite3_stmt *prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) == SQLITE_OK
		   ? st
		   : NULL;
}

static size_t slot_of(const struct stmt_slot *slots, size_t nslots, const char *sql)
{
	size_t i = ((size_t)sql >> 3) * 0x9e3779b97f4a7c15ull & (nslots - 1);
	while (slots[i].sql && slots[i].sql != sql)
		i = (i + 1) & (nslots - 1);
	return i;
}

sqlite3_stmt *store_sql(struct store *s, const char *sql)
{
	if (s->used * 2 >= s->nslots) {
		size_t n = s->nslots ? s->nslots * 2 : 128;
		struct stmt_slot *v = xcalloc(n, sizeof(*v));
		for (size_t i = 0; i < s->nslots; i++)
			if (s->slots[i].sql)
				v[slot_of(v, n, s->slots[i].sql)] = s->slots[i];
		free(s->slots);
		s->slots = v;
		s->nslots = n;
	}
	struct stmt_slot *slot = &s->slots[slot_of(s->slots, s->nslots, sql)];
	if (slot->st) {
		sqlite3_reset(slot->st);
		sqlite3_clear_bindings(slot->st);
		return slot->st;
	}
	if (!(slot->st = prepare(s, sql)))
		return NULL;
	slot->sql = sql;
	s->used++;
	return slot->st;
}

int store_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_changes(struct store *s, sqlite3_stmt *st)
{
	return store_done(st) == 0 ? sqlite3_changes(s->db) : -1;
}

void store_bind_user(sqlite3_stmt *st, int i, long long user_id)
{
	if (user_id)
		sqlite3_bind_int64(st, i, user_id);
	else
		sqlite3_bind_null(st, i);
}

sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id)
{
	return store_sql(s, post_sql[id]);
}

const char *store_errmsg(struct store *s)
{
	return sqlite3_errmsg(s->db);
}

static int exec(struct store *s, const char *q)
{
	return sqlite3_exec(s->db, q, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_sync_on_checkpoint(struct store *s)
{
	return exec(s, "PRAGMA synchronous=NORMAL");
}

int store_schema_current(void)
{
	return SCHEMA_VERSION;
}

int store_schema_version(struct store *s)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1,
			       &st, NULL) != SQLITE_OK)
		return 0; /* no meta table: an empty database */
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * Brings the database to SCHEMA_VERSION in one transaction: a new one gets the base schema and
 * every migration, an older one the migrations it lacks. Two processes opening at once both
 * take the write lock in turn; the second finds the work done.
 */
static int migrate(struct store *s, char *err, size_t errlen)
{
	int v = store_schema_version(s);
	if (v > SCHEMA_VERSION) {
		snprintf(err, errlen,
			 "%s: made by a newer broadside (schema %d; this one knows %d)",
			 sqlite3_db_filename(s->db, "main"), v, SCHEMA_VERSION);
		return -1;
	}
	if (v == SCHEMA_VERSION)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE") != 0)
		goto fail;
	v = store_schema_version(s);
	int bad = 0;
	for (int i = 0; v == 0 && store_schema_base[i] && !bad; i++)
		bad = exec(s, store_schema_base[i]) != 0;
	if (!bad && v == 0)
		v = 1;
	for (int i = 0; store_migrations[i].sql && !bad; i++)
		if (store_migrations[i].to > v)
			bad = exec(s, store_migrations[i].sql) != 0;
	if (bad || exec(s, "COMMIT") != 0) {
		snprintf(err, errlen, "%s: cannot bring the schema up to date: %s",
			 sqlite3_db_filename(s->db, "main"), sqlite3_errmsg(s->db));
		exec(s, "ROLLBACK");
		return -1;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", sqlite3_db_filename(s->db, "main"), sqlite3_errmsg(s->db));
	return -1;
}

struct store *store_open(const char *dir, int create, char *err, size_t errlen)
{
	char path[4096];
	struct stat sb;
	if (snprintf(path, sizeof(path), "%s/site.db", dir) >= (int)sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return NULL;
	}
	if (stat(path, &sb) != 0) {
		if (!create) {
			snprintf(err, errlen, "%s: no site here (create one with 'broadside init')",
				 dir);
			return NULL;
		}
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return NULL;
		}
	}
	struct store *s = xcalloc(1, sizeof(*s));
	if (sqlite3_open_v2(path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
		store_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 10000);
	/* synchronous=FULL: an acknowledged write survives a power cut, not only a crash. */
	/* secure_delete: a deleted or sealed value is overwritten on disk, not left in a free
	 * page for a copy of the file to show. */
	if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
		    " PRAGMA secure_delete=ON;") != 0) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
		store_close(s);
		return NULL;
	}
	if (migrate(s, err, errlen) != 0) {
		store_close(s);
		return NULL;
	}
	store_changed(s);
	return s;
}

struct store *store_open_inspect(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	struct stat sb;
	if (snprintf(path, sizeof(path), "%s/site.db", dir) >= (int)sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return NULL;
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: no site here (no site.db)", dir);
		return NULL;
	}
	struct store *s = xcalloc(1, sizeof(*s));
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
		store_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 10000);
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nslots; i++)
		sqlite3_finalize(s->slots[i].st);
	free(s->slots);
	sqlite3_close(s->db);
	free(s);
}

int store_changed(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, Q_DATA_VERSION);
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return 1;
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (v == s->data_version)
		return 0;
	s->data_version = v;
	return 1;
}

int store_begin(struct store *s)
{
	return exec(s, "BEGIN IMMEDIATE");
}

int store_commit(struct store *s)
{
	/* Running servers drop their page cache when this number moves (see server.c). */
	return exec(s,
		    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'content_gen';"
		    "COMMIT");
}

int store_commit_quiet(struct store *s)
{
	return exec(s, "COMMIT");
}

long long store_content_gen(struct store *s)
{
	return store_meta_get_int(s, "content_gen");
}

void store_rollback(struct store *s)
{
	exec(s, "ROLLBACK");
}

const char *const store_site_keys[] = {"title",
				       "tagline",
				       "author_line",
				       "url",
				       "per_page",
				       "comments",
				       "comment_policy",
				       "comments_close_days",
				       "moderation_text",
				       "comments_per_minute",
				       "comments_per_day",
				       "theme",
				       "newsletter",
				       "smtp_url",
				       "smtp_user",
				       "smtp_password_file",
				       "mail_from",
				       "smtp_tls",
				       "image",
				       "favicon",
				       "menu",
				       "fediverse_handle",
				       "fediverse_object",
				       NULL};

int store_site_get(struct store *s, struct pool *p, struct site *out)
{
	sqlite3_stmt *st = store_stmt(s, Q_META_GET);
	memset(out, 0, sizeof(*out));
	out->title = out->tagline = out->author_line = out->url = "";
	out->theme = "default";
	out->newsletter_full = 1;
	out->smtp_url = out->smtp_user = out->smtp_password_file = out->mail_from = "";
	out->image = out->favicon = out->menu = "";
	out->fediverse_handle = "press";
	out->per_page = 10;
	out->comments = 1;
	out->comment_policy = 1;
	out->moderation_text = 1;
	out->comments_per_minute = 5;
	out->comments_per_day = 50;
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = pool_strdup(p, (const char *)sqlite3_column_text(st, 1));
		if (strcmp(k, "title") == 0)
			out->title = v;
		else if (strcmp(k, "tagline") == 0)
			out->tagline = v;
		else if (strcmp(k, "author_line") == 0)
			out->author_line = v;
		else if (strcmp(k, "url") == 0)
			out->url = v;
		else if (strcmp(k, "per_page") == 0)
			out->per_page = atoi(v);
		else if (strcmp(k, "comments") == 0)
			out->comments = strcmp(v, "closed") == 0      ? 0
					: strcmp(v, "moderated") == 0 ? 2
								      : 1;
		else if (strcmp(k, "comment_policy") == 0)
			out->comment_policy = strcmp(v, "hold_first") == 0 ? 1
					      : strcmp(v, "hold_all") == 0 ? 2
									   : 0;
		else if (strcmp(k, "comments_close_days") == 0)
			out->comments_close_days = atoi(v);
		else if (strcmp(k, "moderation_text") == 0)
			out->moderation_text = strcmp(v, "hide") != 0;
		else if (strcmp(k, "comments_per_minute") == 0)
			out->comments_per_minute = atoi(v);
		else if (strcmp(k, "comments_per_day") == 0)
			out->comments_per_day = atoi(v);
		else if (strcmp(k, "theme") == 0)
			out->theme = v;
		else if (strcmp(k, "newsletter") == 0)
			out->newsletter_full = strcmp(v, "excerpt") != 0;
		else if (strcmp(k, "smtp_url") == 0)
			out->smtp_url = v;
		else if (strcmp(k, "smtp_user") == 0)
			out->smtp_user = v;
		else if (strcmp(k, "smtp_password_file") == 0)
			out->smtp_password_file = v;
		else if (strcmp(k, "mail_from") == 0)
			out->mail_from = v;
		else if (strcmp(k, "smtp_tls") == 0)
			out->smtp_tls_required = strcmp(v, "required") == 0;
		else if (strcmp(k, "image") == 0)
			out->image = v;
		else if (strcmp(k, "favicon") == 0)
			out->favicon = v;
		else if (strcmp(k, "menu") == 0)
			out->menu = v;
		else if (strcmp(k, "fediverse_handle") == 0 && *v)
			out->fediverse_handle = v;
		else if (strcmp(k, "fediverse_object") == 0)
			out->fediverse_note = strcmp(v, "note") == 0;
	}
	sqlite3_reset(st);
	if (out->per_page < 1 || out->per_page > 100)
		out->per_page = 10;
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_site_set(struct store *s, const char *key, const char *value)
{
	int known = 0;
	for (int i = 0; store_site_keys[i]; i++)
		known |= strcmp(key, store_site_keys[i]) == 0;
	return known ? store_meta_set(s, key, value) : -1;
}

int store_meta_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = store_stmt(s, Q_META_SET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_meta_get_int(struct store *s, const char *key)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *store_meta_get(struct store *s, struct pool *p, const char *key)
{
	static const char q[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *st = store_sql(s, q);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	const char *v = sqlite3_step(st) == SQLITE_ROW ? store_col_str(st, p, 0) : NULL;
	sqlite3_reset(st);
	return v;
}

int store_user_add(struct store *s, const char *handle, const char *name, const char *bio)
{
	sqlite3_stmt *st = store_stmt(s, Q_USER_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, bio ? bio : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_one(sqlite3_stmt *st, struct pool *p, void *out,
	      void (*from)(sqlite3_stmt *, struct pool *, void *))
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_rows(sqlite3_stmt *st, struct pool *p, size_t size,
	       void (*from)(sqlite3_stmt *, struct pool *, void *), void *rows, size_t *n)
{
	size_t cap = 8;
	char *a = pool_alloc(p, cap * size);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = pool_grow(p, a, *n, &cap, size);
		from(st, p, a + (*n)++ * size);
	}
	sqlite3_reset(st);
	*(void **)rows = a;
	return rc == SQLITE_DONE ? 0 : -1;
}

static void user_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct user_row *u = row;
	u->id = sqlite3_column_int64(st, 0);
	u->handle = pool_strdup(p, (const char *)sqlite3_column_text(st, 1));
	u->name = pool_strdup(p, (const char *)sqlite3_column_text(st, 2));
	u->bio = pool_strdup(p, (const char *)sqlite3_column_text(st, 3));
	u->avatar = pool_strdup(p, (const char *)sqlite3_column_text(st, 4));
}

int store_user_get(struct store *s, struct pool *p, const char *handle, struct user_row *out)
{
	sqlite3_stmt *st = store_stmt(s, Q_USER_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_user_exists(struct store *s, const char *handle, size_t len)
{
	sqlite3_stmt *st = store_stmt(s, Q_USER_EXISTS);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, handle, (int)len, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

int store_user_list(struct store *s, struct pool *p, struct user_row **rows, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, Q_USER_LIST);
	*rows = NULL;
	*n = 0;
	return st ? store_rows(st, p, sizeof(**rows), user_from, rows, n) : -1;
}

int store_user_set_profile(struct store *s, long long id, const char *name, const char *bio,
			   const char *avatar)
{
	static const char q[] = "UPDATE users SET name = ?2, bio = ?3, avatar = ?4 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, q);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, bio, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, avatar, -1, SQLITE_STATIC);
	return store_changes(s, st) == 1 ? 0 : -1;
}

const unsigned char *store_col_blob(sqlite3_stmt *st, struct pool *p, int i, size_t *n)
{
	int len = sqlite3_column_bytes(st, i);
	*n = 0;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	unsigned char *b = pool_alloc(p, (size_t)len + 1);
	if (len)
		memcpy(b, sqlite3_column_blob(st, i), (size_t)len);
	b[len] = 0;
	*n = (size_t)len;
	return b;
}

int store_col_fixed(sqlite3_stmt *st, int i, unsigned char *out, size_t n)
{
	if (sqlite3_column_type(st, i) != SQLITE_BLOB || (size_t)sqlite3_column_bytes(st, i) != n) {
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, sqlite3_column_blob(st, i), n);
	return 0;
}
