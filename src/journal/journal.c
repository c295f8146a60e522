/* journal: the press's journal: issues saved from issue files, published as fixed editions of
 * their pieces, and made into books (EPUB). */
#include "journal/journal.h"
#include "job/job.h"
#include "journal/issuefile.h"
#include "journal/xhtml.h"
#include "post/postfile.h"
#include "render/markdown.h"
#include "store/store.h"
#include "store/store_media.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *journal_post_refusal(struct pool *p, int visibility, const struct post_row *post)
{
	/* A members-only post goes only into a members-only issue. */
	if (post->status > 0 && post->visibility == VISIBLE_MEMBERS && visibility == ISSUE_PUBLIC)
		return pool_printf(p,
				   "the post '%s' is for members only: it goes only into an issue "
				   "with visibility: members",
				   post->slug);
	if (post->status > 0)
		return NULL;
	return pool_printf(p,
			   "the post '%s' is %s: only public posts (published or unfinished) go "
			   "into an issue",
			   post->slug,
			   post->status == POST_DRAFT	    ? "a draft"
			   : post->status == POST_SCHEDULED ? "scheduled, not published yet"
							    : "in the trash");
}

/* The post a piece comes from as it is now: 0, or -1 with the reason in err (-2 for the
 * database). */
static int live_post(struct store *s, struct pool *p, int visibility, const char *slug,
		     struct post_row *post, char *err, size_t errlen)
{
	int rc = store_post_by_slug(s, p, slug, 1, post);
	if (rc < 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		return -2;
	}
	if (rc == 1) {
		snprintf(err, errlen, "no post has the slug '%s'", slug);
		return -1;
	}
	const char *why = journal_post_refusal(p, visibility, post);
	if (why) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	return 0;
}

/* A piece as the post is now. */
static void piece_of_post(struct pool *p, const struct post_row *post, int pos,
			  struct piece_row *pc)
{
	struct buf t = {0};
	xh_text(post->excerpt_html, 1, &t);
	pc->pos = pos;
	pc->slug = post->slug;
	pc->title = post->title;
	pc->author_handle = post->author_handle;
	pc->author_name = post->author_name;
	pc->standfirst = pool_strdup(p, buf_str(&t));
	pc->body_html = post->body_html ? post->body_html : "";
	pc->published = post->published;
	buf_free(&t);
}

static int known_user(void *ud, const char *handle, size_t len)
{
	return store_user_exists(ud, handle, len);
}

/* Checks f against the press (its posts, its cover) and fills the fields of an issue row it
 * makes (strings in p): 0, or -1 with the reason in err. */
static int file_row(struct store *s, struct pool *p, const struct issuefile *f,
		    struct issue_row *row, char *err, size_t errlen)
{
	for (size_t i = 0; i < f->nposts; i++) {
		struct post_row post;
		if (live_post(s, p, (int)f->visibility, f->posts[i], &post, err, errlen) != 0)
			return -1;
	}
	if (f->cover) {
		struct media_row m;
		char hash[65];
		snprintf(hash, sizeof(hash), "%.64s", f->cover);
		int rc = store_media_get(s, p, hash, &m);
		if (rc < 0) {
			snprintf(err, errlen, "database: %s", store_errmsg(s));
			return -1;
		}
		if (rc == 1 || strcmp(m.ext, f->cover + 65) != 0) {
			snprintf(err, errlen,
				 "the cover '%s' is not in the media library (upload it first)",
				 f->cover);
			return -1;
		}
	}
	struct md_opts opts = {.user_exists = known_user, .ud = s};
	struct buf b = {0};
	if (md_render(f->body, f->body_len, &opts, &b, NULL) != 0) {
		buf_free(&b);
		snprintf(err, errlen, "the editorial's Markdown could not be rendered");
		return -1;
	}
	row->editorial_html = pool_strdup(p, buf_str(&b));
	buf_reset(&b);
	for (size_t i = 0; i < f->neditors; i++)
		buf_printf(&b, "%s%s", i ? "\n" : "", f->editors[i]);
	row->editors = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	row->volume = f->volume;
	row->number = f->number;
	row->month = pool_printf(p, "%04d-%02d", f->year, f->month);
	row->title = pool_strdup(p, f->title);
	row->cover = f->cover ? pool_strdup(p, f->cover) : NULL;
	row->visibility = (int)f->visibility;
	row->editorial_md = pool_strndup(p, f->body, f->body_len);
	return 0;
}

int journal_save(struct store *s, const char *data_dir, const struct issuefile *f,
		 const char *source, long long now, long long *id, int *created, char *err,
		 size_t errlen)
{
	struct pool *p = pool_new();
	struct issue_row row = {0};
	int rc = -1;
	if (file_row(s, p, f, &row, err, errlen) != 0)
		goto out;
	struct issue_input in = {
	    .id = *id,
	    .volume = row.volume,
	    .number = row.number,
	    .month = row.month,
	    .title = row.title,
	    .editors = row.editors,
	    .cover = row.cover,
	    .visibility = row.visibility,
	    .editorial_md = row.editorial_md,
	    .editorial_html = row.editorial_html,
	    .source = source,
	    .slugs = (const char *const *)f->posts,
	    .nslugs = f->nposts,
	};
	int put = store_issue_put(s, &in, now, id, created);
	if (put == 1 || put == 2) {
		if (put == 1)
			snprintf(err, errlen, "the issue is no longer there");
		else
			snprintf(err, errlen, "another issue is number %d of volume %d", row.number,
				 row.volume);
		goto out;
	}
	if (put != 0 || store_issue_by_id(s, p, *id, &row) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		goto out;
	}
	rc = row.status == ISSUE_PUBLISHED
		 ? journal_publish(s, data_dir, *id, row.base_url, now, err, errlen)
		 : 0;
out:
	pool_free(p);
	return rc;
}

/* Splits the stored editors (one a line) into names. */
static void split_editors(struct pool *p, struct journal_issue *is)
{
	const char *s = is->row.editors ? is->row.editors : "";
	size_t cap = 4;
	is->editors = pool_alloc(p, cap * sizeof(*is->editors));
	is->neditors = 0;
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n) {
			is->editors =
			    pool_grow(p, is->editors, is->neditors, &cap, sizeof(*is->editors));
			is->editors[is->neditors++] = pool_strndup(p, s, n);
		}
		s += n + (s[n] == '\n');
	}
}

/* The pieces of issue is as its posts are now: 0, or as journal_load. */
static int live_pieces(struct store *s, struct pool *p, struct journal_issue *is, char *err,
		       size_t errlen)
{
	const char **slugs;
	size_t n;
	if (store_issue_slugs(s, p, is->row.id, &slugs, &n) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		return -1;
	}
	is->pieces = pool_zalloc(p, (n ? n : 1) * sizeof(*is->pieces));
	is->n = n;
	for (size_t i = 0; i < n; i++) {
		struct post_row post;
		int rc = live_post(s, p, is->row.visibility, slugs[i], &post, err, errlen);
		if (rc != 0)
			return rc == -2 ? -1 : -2;
		piece_of_post(p, &post, (int)i, &is->pieces[i]);
	}
	return 0;
}

int journal_load(struct store *s, struct pool *p, long long id, int live, struct journal_issue *out,
		 char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	int rc = store_issue_by_id(s, p, id, &out->row);
	if (rc != 0) {
		if (rc < 0)
			snprintf(err, errlen, "database: %s", store_errmsg(s));
		return rc;
	}
	split_editors(p, out);
	out->live = live || out->row.status != ISSUE_PUBLISHED;
	if (out->live)
		return live_pieces(s, p, out, err, errlen);
	if (store_issue_pieces(s, p, id, &out->pieces, &out->n) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		return -1;
	}
	return 0;
}

int journal_preview(struct store *s, struct pool *p, const struct issuefile *f, long long now,
		    struct journal_issue *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (file_row(s, p, f, &out->row, err, errlen) != 0)
		return -1;
	out->row.uuid = "";
	out->row.source = "";
	out->row.base_url = "";
	out->row.updated = out->row.created = now;
	out->live = 1;
	split_editors(p, out);
	out->pieces = pool_zalloc(p, (f->nposts ? f->nposts : 1) * sizeof(*out->pieces));
	for (size_t i = 0; i < f->nposts; i++) {
		struct post_row post;
		if (live_post(s, p, out->row.visibility, f->posts[i], &post, err, errlen) != 0)
			return -1;
		piece_of_post(p, &post, (int)i, &out->pieces[out->n++]);
	}
	return 0;
}

int journal_publish(struct store *s, const char *data_dir, long long id, const char *base_url,
		    long long now, char *err, size_t errlen)
{
	if (!base_url || strncmp(base_url, "http", 4) != 0) {
		snprintf(err, errlen,
			 "the press has no public address for the book's links: set it with "
			 "'broadside site set url https://...'");
		return -1;
	}
	struct pool *p = pool_new();
	struct journal_issue is;
	struct buf book = {0};
	int rc = journal_load(s, p, id, 1, &is, err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "there is no such issue");
	if (rc != 0)
		goto fail;
	long long when = is.row.status == ISSUE_PUBLISHED ? 0 : now;
	/* The first publication is news: subscribers get a mail of it (once, whatever follows). */
	char dedupe[48];
	snprintf(dedupe, sizeof(dedupe), "journal:%lld", id);
	if ((when && job_add(s, "journal_out", id, 0, NULL, 0, now, dedupe) < 0) ||
	    store_issue_publish(s, id, when, base_url, is.pieces, is.n) != 0 ||
	    journal_load(s, p, id, 0, &is, err, errlen) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		goto fail;
	}
	if (journal_book(s, data_dir, &is, is.row.base_url, &book, err, errlen) != 0)
		goto fail;
	if (store_issue_set_epub(s, id, JOURNAL_BOOK_VERSION, book.data, book.len) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		goto fail;
	}
	buf_free(&book);
	pool_free(p);
	return 0;
fail:
	buf_free(&book);
	pool_free(p);
	return -1;
}

int journal_book_stored(struct store *s, struct pool *p, const char *data_dir,
			const struct journal_issue *is, const void **data, size_t *len, char *err,
			size_t errlen)
{
	int rc = store_issue_epub(s, p, is->row.id, JOURNAL_BOOK_VERSION, data, len);
	if (rc <= 0) {
		if (rc < 0)
			snprintf(err, errlen, "database: %s", store_errmsg(s));
		return rc;
	}
	struct buf book = {0};
	if (journal_book(s, data_dir, is, is->row.base_url, &book, err, errlen) != 0) {
		buf_free(&book);
		return -1;
	}
	/* Kept for the next reader; when the database is busy, this one is served anyway. */
	if (store_begin(s) == 0) {
		if (store_issue_set_epub(s, is->row.id, JOURNAL_BOOK_VERSION, book.data,
					 book.len) != 0 ||
		    store_commit_quiet(s) != 0)
			store_rollback(s);
	}
	*len = book.len;
	void *copy = pool_alloc(p, book.len ? book.len : 1);
	memcpy(copy, book.data ? book.data : "", book.len);
	*data = copy;
	buf_free(&book);
	return 0;
}

const char *journal_numbering(struct pool *p, const struct issue_row *row)
{
	return pool_printf(p, "Volume %d, number %d", row->volume, row->number);
}

const char *journal_month(struct pool *p, const char *month)
{
	int y = atoi(month), m = strlen(month) >= 7 ? atoi(month + 5) : 0;
	const char *name = iso_month_name(m);
	return name ? pool_printf(p, "%s %d", name, y) : pool_strdup(p, month);
}

const char *journal_editors_phrase(struct pool *p, const char *editors)
{
	struct journal_issue is = {.row = {.editors = editors}};
	split_editors(p, &is);
	struct buf b = {0};
	for (size_t i = 0; i < is.neditors; i++) {
		if (i)
			buf_puts(&b, i + 1 == is.neditors ? " and " : ", ");
		buf_puts(&b, is.editors[i]);
	}
	const char *s = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s;
}
