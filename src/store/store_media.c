/* store_media: the media library: uploaded files named by the SHA-256 of their bytes. */
#include "store/store_media.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/clock.h"
#include "util/pool.h"

#include <string.h>

#define MEDIA_COLS "m.hash, m.ext, m.type, m.name, u.handle, m.size, m.created"

enum {
	A_MEDIA_ADD,
	A_MEDIA_LIST,
	A_MEDIA_GET,
	A_MEDIA_DEL,
};

static const char *const sql[] = {
    [A_MEDIA_ADD] = "INSERT OR IGNORE INTO media(hash, ext, type, size, name, user_id, created)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [A_MEDIA_LIST] = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id"
		     " ORDER BY m.created DESC, m.hash",
    [A_MEDIA_GET] = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id"
		    " WHERE m.hash = ?1",
    [A_MEDIA_DEL] = "DELETE FROM media WHERE hash = ?1",
};

static sqlite3_stmt *stmt(struct store *s, int id)
{
	return store_sql(s, sql[id]);
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
	store_bind_user(st, 6, user_id);
	sqlite3_bind_int64(st, 7, clock_now());
	int n = store_changes(s, st);
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
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int store_media_path_ok(struct store *s, struct pool *p, const char *path)
{
	if (strncmp(path, "/media/", 7) != 0)
		return 0;
	const char *name = path + 7, *dot = strchr(name, '.');
	if (!dot || dot - name != 64 || strspn(name, "0123456789abcdef") != 64 || !dot[1] ||
	    strspn(dot + 1, "abcdefghijklmnopqrstuvwxyz") != strlen(dot + 1))
		return 0;
	struct media_row m;
	return !s || (store_media_get(s, p, pool_strndup(p, name, 64), &m) == 0 &&
		      strcmp(m.ext, dot + 1) == 0);
}

static void use_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct media_use *u = row;
	u->kind = (enum media_use_kind)sqlite3_column_int(st, 0);
	u->id = sqlite3_column_int64(st, 1);
	u->title = store_col_str(st, p, 2);
}

int store_media_uses(struct store *s, struct pool *p, const char *path, struct media_use **rows,
		     size_t *n)
{
	static const char q[] =
	    "SELECT 0, id, title FROM posts WHERE instr(body_md, ?1) OR image = ?1"
	    " UNION ALL SELECT 1, id, title FROM issues WHERE cover = ?1 OR instr(editorial_md, ?1)"
	    " UNION ALL SELECT 2, id, handle FROM users WHERE avatar = ?1"
	    " UNION ALL SELECT 3, 0, key FROM meta WHERE key IN ('image', 'favicon') AND value = ?1"
	    " ORDER BY 1, 2";
	sqlite3_stmt *st = store_sql(s, q);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	return store_rows(st, p, sizeof(**rows), use_from, rows, n);
}
