/* store_mirror: the public posts' text, for a static mirror's search index, and the read
 * transaction a mirror is made in. */
#include "store/store_mirror.h"
#include "store/store_bundle.h"
#include "store/store_int.h"

#include <string.h>

int store_mirror_texts(struct store *s, int (*fn)(void *ud, const struct mirror_text *t), void *ud)
{
	sqlite3_stmt *st = store_sql(s, "SELECT slug, title, tags_text, body_text, published, type"
					" FROM posts WHERE status > 0 AND visibility = 0"
					" ORDER BY published DESC, id DESC");
	if (!st)
		return -1;
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mirror_text t = {
		    .slug = (const char *)sqlite3_column_text(st, 0),
		    .title = (const char *)sqlite3_column_text(st, 1),
		    .tags = (const char *)sqlite3_column_text(st, 2),
		    .text = (const char *)sqlite3_column_text(st, 3),
		    .published = sqlite3_column_int64(st, 4),
		    .type = sqlite3_column_int(st, 5),
		};
		if (!t.tags)
			t.tags = "";
		if (!t.text)
			t.text = "";
		if ((out = fn(ud, &t)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (out)
		return out;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int store_mirror_begin(struct store *s)
{
	/* The database read through memory, up to 1 GiB, and 64 MiB of cache beyond. */
	static const char *const pragmas[] = {"PRAGMA mmap_size = 1073741824",
					      "PRAGMA cache_size = -65536"};
	for (size_t i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++) {
		sqlite3_stmt *st = store_sql(s, pragmas[i]);
		int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
		if (st)
			sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return -1;
	}
	return store_bundle_read_begin(s);
}

void store_mirror_end(struct store *s)
{
	store_bundle_read_end(s);
}
