/* store_posts: writing posts with their tags, and the public listings read from them. */
#include "store/store.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/casefold.h"
#include "util/isodate.h"
#include "util/pool.h"

#include "util/clock.h"
#include <string.h>
#include <time.h>

const char *store_col_str(sqlite3_stmt *st, struct pool *p, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? pool_strndup(p, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* Splits the space-separated tag list of POST_COLS into an array. */
static void split_tags(struct pool *p, const char *list, struct post_row *r)
{
	r->tags = NULL;
	r->ntags = 0;
	if (!list || !*list)
		return;
	size_t n = 1;
	for (const char *c = list; *c; c++)
		n += *c == ' ';
	char *copy = pool_strdup(p, list);
	r->tags = pool_alloc(p, n * sizeof(*r->tags));
	for (char *tok = copy; tok;) {
		char *sp = strchr(tok, ' ');
		if (sp)
			*sp++ = '\0';
		r->tags[r->ntags++] = tok;
		tok = sp;
	}
}

/* Reads the POST_COLS columns of the current row. */
void store_row_from(sqlite3_stmt *st, struct pool *p, struct post_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->slug = store_col_str(st, p, 1);
	r->title = store_col_str(st, p, 2);
	r->excerpt_html = store_col_str(st, p, 3);
	r->has_more = sqlite3_column_int(st, 4);
	r->status = sqlite3_column_int(st, 5);
	r->published = sqlite3_column_int64(st, 6);
	r->updated = sqlite3_column_int64(st, 7);
	r->series = store_col_str(st, p, 8);
	r->part = sqlite3_column_int(st, 9);
	r->author_handle = store_col_str(st, p, 10);
	r->author_name = store_col_str(st, p, 11);
	r->words = sqlite3_column_int(st, 12);
	split_tags(p, (const char *)sqlite3_column_text(st, 13), r);
	r->comment_count = sqlite3_column_int(st, 14);
	r->comments = sqlite3_column_int(st, 15);
	r->visibility = sqlite3_column_int(st, 16);
	r->type = sqlite3_column_int(st, 17);
	r->sticky = sqlite3_column_int(st, 18);
}

void store_fm_from(sqlite3_stmt *st, struct pool *p, int i, struct post_row *r)
{
	r->format = sqlite3_column_int(st, i);
	r->nav_order = sqlite3_column_int(st, i + 1);
	r->excerpt = store_col_str(st, p, i + 2);
	r->image = store_col_str(st, p, i + 3);
}

/* Steps st to the end, collecting rows; keeps at most limit rows (0: all) and sets more when
 * there was one beyond. */
static int collect(sqlite3_stmt *st, struct pool *p, size_t limit, struct post_list *out)
{
	size_t cap = limit ? limit : 16;
	int rc;
	out->n = 0;
	out->more = 0;
	out->rows = pool_alloc(p, cap * sizeof(*out->rows));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (limit && out->n == limit) {
			out->more = 1;
			break;
		}
		out->rows = pool_grow(p, out->rows, out->n, &cap, sizeof(*out->rows));
		store_row_from(st, p, &out->rows[out->n++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The tags table's key for a tag name. */
static const char *tag_key(struct pool *p, const char *name)
{
	struct buf b = {0};
	casefold(&b, name, strlen(name));
	const char *key = pool_strndup(p, buf_str(&b), b.len);
	buf_free(&b);
	return key;
}

static long long tag_id(struct store *s, struct pool *p, const char *name)
{
	sqlite3_stmt *st = store_stmt(s, Q_TAG_GET);
	const char *key = tag_key(p, name);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	long long id = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return id;
	if (rc != SQLITE_DONE || !(st = store_stmt(s, Q_TAG_ADD)))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (step_done(st) != 0)
		return -1;
	return sqlite3_last_insert_rowid(s->db);
}

static int author_id(struct store *s, const char *handle, long long *id)
{
	sqlite3_stmt *st = store_stmt(s, handle ? Q_USER_GET : Q_USER_FIRST);
	if (!st)
		return -1;
	if (handle)
		sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return handle ? 1 : 0;
	return rc == SQLITE_ROW ? 0 : -1;
}

/* What find_post reports of a stored post. */
struct found_post {
	long long id, published;
	int status, type;
	const char *slug;
};

/* The post with this slug (or id): 0 with what it is; 1 none; -1 error. */
static int find_post(struct store *s, struct pool *p, const char *slug, long long id,
		     struct found_post *f)
{
	sqlite3_stmt *st = store_stmt(s, slug ? Q_POST_FIND : Q_POST_FIND_ID);
	if (!st)
		return -1;
	if (slug)
		sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		f->id = sqlite3_column_int64(st, 0);
		f->published = sqlite3_column_int64(st, 1);
		f->status = sqlite3_column_int(st, 2);
		f->slug = store_col_str(st, p, 3);
		f->type = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Keeps a public post's old slug answering (with a redirect), and frees the new one when it was
 * this post's own old slug. Returns 4 when the new slug is another post's old address: it
 * belongs to that post and keeps sending its readers there. */
static int move_slug(struct store *s, long long id, const char *old, int was_public,
		     const char *slug)
{
	static const char owner_sql[] = "SELECT post_id FROM slug_redirects WHERE slug = ?1";
	sqlite3_stmt *st = store_sql(s, owner_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	long long owner = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (owner && owner != id)
		return 4;
	if (!(st = store_stmt(s, Q_REDIRECT_CLEAR)))
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	if (step_done(st) != 0)
		return -1;
	if (!old || strcmp(old, slug) == 0 || !was_public)
		return 0;
	if (!(st = store_stmt(s, Q_REDIRECT_ADD)))
		return -1;
	sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return step_done(st);
}

/* 5 when a post of another writer is in the series, 0 when none is, -1 on an error. */
static int series_of_others(struct store *s, const char *series, long long id, long long author)
{
	static const char sql[] = "SELECT 1 FROM posts WHERE series = ?1 AND id != ?2"
				  " AND author_id IS NOT ?3 LIMIT 1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, series, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	if (author)
		sqlite3_bind_int64(st, 3, author);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 5 : rc == SQLITE_DONE ? 0 : -1;
}

int store_post_put(struct store *s, const struct post_input *in, int *created, long long *id_out)
{
	long long author, id = 0, published = in->published, now = clock_now();
	struct found_post old = {0}, other = {0};
	int rc = author_id(s, in->author_handle, &author);
	if (rc != 0)
		return rc;
	struct pool *fp = pool_new();
	rc = find_post(s, fp, in->id ? NULL : in->slug, in->id, &old);
	if (rc == 0 && in->id) {
		/* The slug may change, but not to one another post has. */
		int r2 = find_post(s, fp, in->slug, 0, &other);
		rc = r2 < 0 ? -1 : r2 == 0 && other.id != old.id ? 3 : 0;
	} else if (rc == 1 && in->id) {
		rc = 2;
	} else if (rc == 1) {
		rc = 0;
	} else if (rc == 0 && in->create_only) {
		rc = 3;
	} else if (rc == 0 && old.type != in->type) {
		rc = 6; /* by its slug, a post does not become a page, nor a page a post */
	}
	id = rc == 0 ? old.id : 0;
	if (rc == 0 && id && !published && !(old.status <= 0 && in->status > 0))
		/* A draft is published when it first goes public, unless the file gives a date. */
		published = old.published;
	if (rc == 0)
		rc = move_slug(s, id, old.slug, old.status > 0, in->slug);
	if (rc == 0 && in->series && in->own_series_only)
		rc = series_of_others(s, in->series, id, author);
	/* Leaving the public posts, moving, or turning into a page (or back) changes listings
	 * and feeds though no post's date moves. */
	if (rc == 0 && id && old.status > 0 &&
	    (in->status <= 0 || strcmp(old.slug, in->slug) != 0 || old.type != in->type))
		rc = store_mark_removal(s);
	pool_free(fp);
	if (rc != 0)
		return rc;
	if (!published)
		published = now;
	*created = id == 0;
	sqlite3_stmt *st;
	st = store_stmt(s, id ? Q_POST_UPDATE : Q_POST_INSERT);
	if (!st)
		return -1;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_text(st, 1, in->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->body_md, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->body_html, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->excerpt_html, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, in->has_more);
	sqlite3_bind_int(st, 7, in->status);
	if (author)
		sqlite3_bind_int64(st, 8, author);
	if (in->series)
		sqlite3_bind_text(st, 9, in->series, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, in->part);
	sqlite3_bind_int(st, 11, in->words);
	sqlite3_bind_int64(st, 12, published);
	sqlite3_bind_int64(st, 13, now);
	sqlite3_bind_text(st, 14, in->body_text ? in->body_text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 16, in->comments);
	sqlite3_bind_int(st, 24, in->visibility);
	/* A new post's id: NULL takes the next one. */
	if (!id && in->new_id)
		sqlite3_bind_int64(st, 26, in->new_id);
	if (id)
		sqlite3_bind_text(st, 17, in->slug, -1, SQLITE_STATIC);
	if (in->fm_tags)
		sqlite3_bind_text(st, 18, in->fm_tags, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 19, in->type);
	sqlite3_bind_int(st, 20, in->format);
	sqlite3_bind_int(st, 21, in->nav_order);
	if (in->excerpt)
		sqlite3_bind_text(st, 22, in->excerpt, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 23, in->sticky);
	if (in->image)
		sqlite3_bind_text(st, 25, in->image, -1, SQLITE_STATIC);
	struct buf tags_text = {0};
	for (size_t i = 0; i < in->ntags; i++)
		buf_printf(&tags_text, "%s%s", i ? " " : "", in->tags[i]);
	sqlite3_bind_text(st, 15, buf_str(&tags_text), -1, SQLITE_TRANSIENT);
	buf_free(&tags_text);
	if (step_done(st) != 0)
		return -1;
	if (!id)
		id = sqlite3_last_insert_rowid(s->db);
	if (id_out)
		*id_out = id;

	if (!(st = store_stmt(s, Q_POST_TAGS_CLEAR)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (step_done(st) != 0)
		return -1;
	struct pool *p = pool_new();
	for (size_t i = 0; i < in->ntags; i++) {
		long long tid = tag_id(s, p, in->tags[i]);
		if (tid < 0 || !(st = store_stmt(s, Q_POST_TAG_ADD))) {
			pool_free(p);
			return -1;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, tid);
		sqlite3_bind_int(st, 3, (int)i); /* the writer's order */
		if (step_done(st) != 0) {
			pool_free(p);
			return -1;
		}
	}
	pool_free(p);
	/* Only a changed post can leave a tag unused (the scan is over every tag). */
	if (*created)
		return 0;
	st = store_stmt(s, Q_TAGS_GC);
	return st ? step_done(st) : -1;
}

int store_post_delete(struct store *s, const char *slug)
{
	sqlite3_stmt *st = store_stmt(s, Q_POST_DELETE);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	if (step_done(st) != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 1;
	if (store_mark_removal(s) != 0)
		return -1;
	st = store_stmt(s, Q_TAGS_GC);
	return st ? step_done(st) : -1;
}

int store_post_by_slug(struct store *s, struct pool *p, const char *slug, int include_drafts,
		       struct post_row *out)
{
	sqlite3_stmt *st = store_stmt(s, Q_POST_BY_SLUG);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, include_drafts);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_row_from(st, p, out);
		out->body_html = store_col_str(st, p, POST_NCOLS);
		out->body_md = store_col_str(st, p, POST_NCOLS + 1);
		store_fm_from(st, p, POST_NCOLS + 2, out);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_post_mentioning(struct store *s, struct pool *p, const char *handle,
			  struct post_row **rows, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, Q_POST_MENTIONING);
	size_t cap = 8;
	*n = 0;
	*rows = pool_alloc(p, cap * sizeof(**rows));
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, pool_printf(p, "@%s", handle), -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = pool_grow(p, *rows, *n, &cap, sizeof(**rows));
		struct post_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->body_md = store_col_str(st, p, 1);
		r->format = sqlite3_column_int(st, 2);
		r->excerpt = store_col_str(st, p, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_post_batch(struct store *s, struct pool *p, long long after_id, int limit,
		     struct post_row **rows, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, Q_POST_BATCH);
	*n = 0;
	*rows = pool_alloc(p, (size_t)limit * sizeof(**rows));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct post_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->body_md = store_col_str(st, p, 1);
		r->format = sqlite3_column_int(st, 2);
		r->excerpt = store_col_str(st, p, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_post_set_html(struct store *s, long long id, const char *body_html,
			const char *excerpt_html, int has_more)
{
	sqlite3_stmt *st = store_stmt(s, Q_POST_SET_HTML);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, body_html, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, excerpt_html, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, has_more);
	return step_done(st);
}

int store_posts_all(struct store *s, struct pool *p, struct post_list *out)
{
	sqlite3_stmt *st = store_stmt(s, Q_ALL);
	return st ? collect(st, p, 0, out) : -1;
}

int store_archive_months(struct store *s, struct pool *p, struct month_row **rows, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, Q_MONTHS);
	size_t cap = 16;
	*n = 0;
	*rows = pool_alloc(p, cap * sizeof(**rows));
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = pool_grow(p, *rows, *n, &cap, sizeof(**rows));
		struct month_row *m = &(*rows)[(*n)++];
		m->year = sqlite3_column_int(st, 0);
		m->month = sqlite3_column_int(st, 1);
		m->count = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_series(struct store *s, struct pool *p, const char *series, struct post_list *out)
{
	sqlite3_stmt *st = store_stmt(s, Q_SERIES);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, series, -1, SQLITE_STATIC);
	return collect(st, p, 0, out);
}

static const char post_by_id_sql[] =
    "SELECT " POST_COLS ", p.body_html, p.body_md, p.fm_tags, p.author_id,"
    " p.trash_status, " POST_FM_COLS " FROM posts p LEFT JOIN users u ON u.id = p.author_id"
    " WHERE p.id = ?1";

int store_post_by_id(struct store *s, struct pool *p, long long id, struct post_row *out)
{
	sqlite3_stmt *st = store_sql(s, post_by_id_sql);
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
		store_fm_from(st, p, POST_NCOLS + 5, out);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}
