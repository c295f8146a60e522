/* store_mirror: the public posts' text, for a static mirror's search index. */
#include "store/store_mirror.h"
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
