/* store_backup: VACUUM INTO for a consistent copy of a database in use, the integrity check, and
 * every post's source for the checks of the media it shows. */
#include "store/store_backup.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SOURCE_BATCH 500

static const char snapshot_sql[] = "VACUUM INTO ?1";
static const char integrity_sql[] = "PRAGMA integrity_check(20)";
static const char sources_sql[] =
    "SELECT id, slug, body_md FROM posts WHERE id > ?1 ORDER BY id LIMIT ?2";

int store_snapshot(struct store *s, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_sql(s, snapshot_sql);
	if (!st) {
		snprintf(err, errlen, "cannot copy the database: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (store_done(st) != 0) {
		snprintf(err, errlen, "cannot copy the database to %s: %s", path,
			 sqlite3_errmsg(s->db));
		return -1;
	}
	if (sync_path(path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int store_integrity(struct store *s, struct pool *p, const char **problems, char *err,
		    size_t errlen)
{
	*problems = "";
	sqlite3_stmt *st = store_sql(s, integrity_sql);
	if (!st) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
		return -1;
	}
	struct buf b = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") != 0)
			buf_printf(&b, "%s%s", b.len ? "\n" : "", line);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
		buf_free(&b);
		return -1;
	}
	*problems = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return 0;
}

int store_each_source(struct store *s, void (*fn)(const char *slug, const char *md, void *ud),
		      void *ud)
{
	long long after = 0;
	for (;;) {
		sqlite3_stmt *st = store_sql(s, sources_sql);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, after);
		sqlite3_bind_int(st, 2, SOURCE_BATCH);
		int rc, n = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			after = sqlite3_column_int64(st, 0);
			const char *slug = (const char *)sqlite3_column_text(st, 1);
			const char *md = (const char *)sqlite3_column_text(st, 2);
			fn(slug ? slug : "", md ? md : "", ud);
			n++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		if (n < SOURCE_BATCH)
			return 0;
	}
}
