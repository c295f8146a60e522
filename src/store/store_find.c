/* store_find: full-text search and the lists behind the sitemap. */
#include "store/store.h"
#include "store/store_int.h"
#include "util/clock.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Called by SQLite every 1000 virtual machine steps: nonzero stops the statement. */
static int past_deadline(void *ud)
{
	return now_ms() > *(const long long *)ud;
}

static int search(struct store *s, struct pool *p, const char *fts_query, int members, int offset,
		  int limit, struct post_list *out, const char ***snippets, int *total)
{
	sqlite3_stmt *st = store_stmt(s, Q_SEARCH_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, fts_query, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, STORE_SEARCH_MAX + 1);
	sqlite3_bind_int(st, 3, members);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_INTERRUPT ? -3 : rc == SQLITE_ERROR ? -2 : -1;
	if (offset >= STORE_SEARCH_MAX)
		return 0;
	if (!(st = store_stmt(s, Q_SEARCH)))
		return -1;
	sqlite3_bind_text(st, 1, fts_query, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit + 1);
	sqlite3_bind_int(st, 3, offset);
	sqlite3_bind_int(st, 4, members);
	out->rows = pool_alloc(p, (size_t)limit * sizeof(*out->rows));
	*snippets = pool_alloc(p, (size_t)limit * sizeof(**snippets));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == (size_t)limit) {
			out->more = 1;
			break;
		}
		store_row_from(st, p, &out->rows[out->n]);
		(*snippets)[out->n++] = store_col_str(st, p, POST_NCOLS);
	}
	sqlite3_reset(st);
	out->newer = offset > 0;
	if (offset + (int)out->n >= STORE_SEARCH_MAX)
		out->more = 0;
	if (rc == SQLITE_INTERRUPT)
		return -3;
	if (rc == SQLITE_ERROR)
		return -2;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_search(struct store *s, struct pool *p, const char *fts_query, int members, int offset,
		 int limit, struct post_list *out, const char ***snippets, int *total)
{
	memset(out, 0, sizeof(*out));
	*total = 0;
	*snippets = NULL;
	long long deadline = now_ms() + STORE_SEARCH_MS;
	sqlite3_progress_handler(s->db, 1000, past_deadline, &deadline);
	int rc = search(s, p, fts_query, members, offset, limit, out, snippets, total);
	sqlite3_progress_handler(s->db, 0, NULL, NULL);
	return rc;
}

int store_public_slugs(struct store *s, struct pool *p, int limit, struct post_list *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = store_stmt(s, Q_PUBLIC_SLUGS);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	size_t cap = 64;
	out->rows = pool_alloc(p, cap * sizeof(*out->rows));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->rows = pool_grow(p, out->rows, out->n, &cap, sizeof(*out->rows));
		struct post_row *r = &out->rows[out->n++];
		memset(r, 0, sizeof(*r));
		r->slug = store_col_str(st, p, 0);
		r->updated = sqlite3_column_int64(st, 1);
		r->type = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Collects the first column of every row of statement id as strings. */
static int strings(struct store *s, struct pool *p, enum stmt_id id, const char ***out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, id);
	size_t cap = 32;
	*n = 0;
	*out = pool_alloc(p, cap * sizeof(**out));
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = pool_grow(p, (void *)*out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = store_col_str(st, p, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_public_tags(struct store *s, struct pool *p, const char ***names, size_t *n)
{
	return strings(s, p, Q_PUBLIC_TAGS, names, n);
}

int store_public_authors(struct store *s, struct pool *p, const char ***handles, size_t *n)
{
	return strings(s, p, Q_PUBLIC_AUTHORS, handles, n);
}

int store_mark_removal(struct store *s)
{
	char now[24];
	snprintf(now, sizeof(now), "%lld", clock_now());
	return store_meta_set(s, "public_removed_at", now);
}

long long store_last_update(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, Q_LAST_UPDATE);
	long long t = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return t;
}
