/* store_journal: the journal's issues, the posts each lists, the fixed copy of its pieces taken
 * when it is published, and its book (EPUB). */
#include "store/store_journal.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <sodium.h>
#include <string.h>

#define ISSUE_COLS                                                                                 \
	"id, volume, number, month, title, editors, cover, visibility, status, uuid,"              \
	" editorial_md, editorial_html, source, base_url, published, updated, created,"            \
	" ifnull(length(epub), 0)"

static void issue_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct issue_row *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->volume = sqlite3_column_int(st, 1);
	r->number = sqlite3_column_int(st, 2);
	r->month = store_col_str(st, p, 3);
	r->title = store_col_str(st, p, 4);
	r->editors = store_col_str(st, p, 5);
	r->cover = store_col_str(st, p, 6);
	r->visibility = sqlite3_column_int(st, 7);
	r->status = sqlite3_column_int(st, 8);
	r->uuid = store_col_str(st, p, 9);
	r->editorial_md = store_col_str(st, p, 10);
	r->editorial_html = store_col_str(st, p, 11);
	r->source = store_col_str(st, p, 12);
	r->base_url = store_col_str(st, p, 13);
	r->published = sqlite3_column_int64(st, 14);
	r->updated = sqlite3_column_int64(st, 15);
	r->created = sqlite3_column_int64(st, 16);
	r->epub_len = sqlite3_column_int64(st, 17);
}

/* A random (version 4) UUID in its usual spelling, for the book's dc:identifier. */
static void new_uuid(char out[37])
{
	unsigned char b[16];
	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

static int put_slugs(struct store *s, long long id, const char *const *slugs, size_t n)
{
	sqlite3_stmt *st = store_sql(s, "DELETE FROM issue_posts WHERE issue_id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_done(st) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		st =
		    store_sql(s, "INSERT INTO issue_posts(issue_id, pos, slug) VALUES(?1, ?2, ?3)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i);
		sqlite3_bind_text(st, 3, slugs[i], -1, SQLITE_STATIC);
		if (store_done(st) != 0)
			return -1;
	}
	return 0;
}

static void bind_input(sqlite3_stmt *st, const struct issue_input *in, long long now)
{
	sqlite3_bind_int(st, 1, in->volume);
	sqlite3_bind_int(st, 2, in->number);
	sqlite3_bind_text(st, 3, in->month, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->editors, -1, SQLITE_STATIC);
	if (in->cover)
		sqlite3_bind_text(st, 6, in->cover, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_int(st, 7, in->visibility);
	sqlite3_bind_text(st, 8, in->editorial_md, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, in->editorial_html, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, now);
}

int store_issue_put(struct store *s, const struct issue_input *in, long long now, long long *id,
		    int *created)
{
	sqlite3_stmt *st = store_sql(s, "SELECT id FROM issues WHERE volume = ?1 AND number = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, in->volume);
	sqlite3_bind_int(st, 2, in->number);
	int rc = sqlite3_step(st);
	long long found = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (in->id) {
		if (found && found != in->id)
			return 2;
		found = in->id;
	}
	*created = found == 0;
	if (found) {
		st = store_sql(s,
			       "UPDATE issues SET volume = ?1, number = ?2, month = ?3, title = ?4,"
			       " editors = ?5, cover = ?6, visibility = ?7, editorial_md = ?8,"
			       " editorial_html = ?9, source = ?10, updated = ?11 WHERE id = ?12");
		if (!st)
			return -1;
		bind_input(st, in, now);
		sqlite3_bind_int64(st, 12, found);
		int n = store_changes(s, st);
		if (n <= 0)
			return n < 0 ? -1 : 1;
		*id = found;
	} else {
		char uuid[37];
		new_uuid(uuid);
		st = store_sql(s, "INSERT INTO issues(volume, number, month, title, editors, cover,"
				  " visibility, editorial_md, editorial_html, source, updated,"
				  " created, uuid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
				  " ?11, ?11, ?12)");
		if (!st)
			return -1;
		bind_input(st, in, now);
		sqlite3_bind_text(st, 12, uuid, -1, SQLITE_TRANSIENT);
		if (store_done(st) != 0)
			return -1;
		*id = sqlite3_last_insert_rowid(s->db);
	}
	return put_slugs(s, *id, in->slugs, in->nslugs);
}

static int one_issue(sqlite3_stmt *st, struct pool *p, struct issue_row *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		issue_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_issue_get(struct store *s, struct pool *p, int volume, int number, struct issue_row *out)
{
	sqlite3_stmt *st =
	    store_sql(s, "SELECT " ISSUE_COLS " FROM issues WHERE volume = ?1 AND number = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, volume);
	sqlite3_bind_int(st, 2, number);
	return one_issue(st, p, out);
}

int store_issue_by_id(struct store *s, struct pool *p, long long id, struct issue_row *out)
{
	sqlite3_stmt *st = store_sql(s, "SELECT " ISSUE_COLS " FROM issues WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_issue(st, p, out);
}

int store_issue_list(struct store *s, struct pool *p, int published_only, struct issue_row **rows,
		     size_t *n)
{
	sqlite3_stmt *st =
	    store_sql(s, "SELECT " ISSUE_COLS " FROM issues WHERE status = 1 OR NOT ?1"
			 " ORDER BY volume DESC, number DESC");
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, published_only);
	return store_rows(st, p, sizeof(**rows), issue_from, rows, n);
}

int store_issue_any_public(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "SELECT EXISTS(SELECT 1 FROM issues WHERE status = 1 AND"
					" visibility = 0)");
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	int yes = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return yes;
}

static void slug_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	*(const char **)row = store_col_str(st, p, 0);
}

int store_issue_slugs(struct store *s, struct pool *p, long long id, const char ***slugs, size_t *n)
{
	sqlite3_stmt *st =
	    store_sql(s, "SELECT slug FROM issue_posts WHERE issue_id = ?1 ORDER BY pos");
	*slugs = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_rows(st, p, sizeof(**slugs), slug_from, slugs, n);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int store_issue_publish(struct store *s, long long id, long long published, const char *base_url,
			const struct piece_row *pieces, size_t n)
{
	sqlite3_stmt *st =
	    store_sql(s, "UPDATE issues SET status = 1, base_url = ?2, epub = NULL,"
			 " epub_version = 0, published = CASE WHEN ?3 = 0 THEN published ELSE ?3"
			 " END WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, base_url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, published);
	if (store_done(st) != 0)
		return -1;
	st = store_sql(s, "DELETE FROM issue_pieces WHERE issue_id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_done(st) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct piece_row *pc = &pieces[i];
		st = store_sql(s, "INSERT INTO issue_pieces(issue_id, pos, slug, title,"
				  " author_handle, author_name, standfirst, body_html, published)"
				  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i);
		sqlite3_bind_text(st, 3, pc->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, pc->title, -1, SQLITE_STATIC);
		bind_opt(st, 5, pc->author_handle);
		bind_opt(st, 6, pc->author_name);
		sqlite3_bind_text(st, 7, pc->standfirst ? pc->standfirst : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, pc->body_html ? pc->body_html : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, pc->published);
		if (store_done(st) != 0)
			return -1;
	}
	return 0;
}

static void piece_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct piece_row *r = row;
	r->pos = sqlite3_column_int(st, 0);
	r->slug = store_col_str(st, p, 1);
	r->title = store_col_str(st, p, 2);
	r->author_handle = store_col_str(st, p, 3);
	r->author_name = store_col_str(st, p, 4);
	r->standfirst = store_col_str(st, p, 5);
	r->body_html = store_col_str(st, p, 6);
	r->published = sqlite3_column_int64(st, 7);
}

int store_issue_pieces(struct store *s, struct pool *p, long long id, struct piece_row **rows,
		       size_t *n)
{
	sqlite3_stmt *st = store_sql(s, "SELECT pos, slug, title, author_handle, author_name,"
					" standfirst, body_html, published FROM issue_pieces"
					" WHERE issue_id = ?1 ORDER BY pos");
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_rows(st, p, sizeof(**rows), piece_from, rows, n);
}

int store_issue_set_epub(struct store *s, long long id, int version, const void *data, size_t len)
{
	sqlite3_stmt *st =
	    store_sql(s, "UPDATE issues SET epub = ?2, epub_version = ?3 WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob64(st, 2, data, (sqlite3_uint64)len, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, version);
	return store_done(st);
}

int store_issue_epub(struct store *s, struct pool *p, long long id, int version, const void **data,
		     size_t *len)
{
	sqlite3_stmt *st = store_sql(s, "SELECT epub FROM issues WHERE id = ?1 AND"
					" epub_version = ?2 AND epub IS NOT NULL");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		void *copy = pool_alloc(p, *len ? *len : 1);
		if (*len)
			memcpy(copy, sqlite3_column_blob(st, 0), *len);
		*data = copy;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}
