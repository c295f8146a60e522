/* bundle_journal: the journal's issues (each with its issue file, journal/VOLUME-NUMBER.md),
 * the posts each lists, and the fixed copies of a published issue's pieces; its book is made
 * again from them, the same bytes. */
#include "journal/issuefile.h"
#include "journal/journal.h"
#include "port/bundle_int.h"
#include "port/sanitize.h"
#include "render/markdown.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "store/store_journal.h"
#include "store/store_media.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum {
	I_ID,
	I_VOLUME,
	I_NUMBER,
	I_MONTH,
	I_TITLE,
	I_EDITORS,
	I_COVER,
	I_VISIBILITY,
	I_STATUS,
	I_UUID,
	I_EDITORIAL_MD,
	I_SOURCE,
	I_BASE_URL,
	I_PUBLISHED,
	I_UPDATED,
	I_CREATED,
	I_EDITORIAL_HTML,
};

/* The issue file goes into a file of its own; the row names it. */
static int issue_file(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	char path[64];
	snprintf(path, sizeof(path), "journal/%lld-%lld.md", v[I_VOLUME].i, v[I_NUMBER].i);
	json_object_del(row, "source");
	json_object_set_new(row, "file", json_string(path));
	o->st->issues++;
	return bundle_put(o, path, v[I_SOURCE].s, v[I_SOURCE].len);
}

int bundle_write_journal(struct bundle_out *o)
{
	if (bundle_put_rows(o, "journal/issues.jsonl", &store_copy_issues, issue_file) != 0 ||
	    bundle_put_rows(o, "journal/issue-posts.jsonl", &store_copy_issue_posts, NULL) != 0)
		return -1;
	return bundle_put_rows(o, "journal/pieces.jsonl", &store_copy_pieces, NULL);
}

/* What the reader keeps between an issue's rows and its book. */
struct journal_read {
	long long *published; /* ids of published issues, for their books */
	size_t n;
};

/* The row's "file" becomes its "source" (the issue file's text). */
static int take_file(struct bundle_in *in, json_t *row, unsigned line)
{
	const char *path;
	if (bundle_json_str(in, "journal/issues.jsonl", line, row, "file", 255, 0, &path) != 0)
		return -1;
	struct buf b = {0};
	if (bundle_slurp(in, path, ISSUEFILE_MAX_BYTES, &b) != 0)
		return -1;
	json_t *src = json_stringn(buf_str(&b), b.len);
	buf_free(&b);
	if (!src)
		return bundle_fail(in, path, 0, "not UTF-8");
	json_object_set_new(row, "source", src);
	json_object_del(row, "file");
	return 0;
}

static int known_user(void *ud, const char *handle, size_t len)
{
	return store_user_exists(ud, handle, len);
}

static int check_issue(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	static const char list[] = "journal/issues.jsonl";
	struct issuefile f;
	struct pf_error pe;
	if (issuefile_parse(v[I_SOURCE].s, v[I_SOURCE].len, &f, &pe) != 0)
		return bundle_fail(in, list, line, "its issue file, line %u: %s", pe.line, pe.msg);
	int same = f.volume == v[I_VOLUME].i && f.number == v[I_NUMBER].i;
	issuefile_free(&f);
	if (!same)
		return bundle_fail(in, list, line, "its issue file is of another issue");
	if (v[I_UUID].len != 36 || strspn(v[I_UUID].s, "0123456789abcdef-") != 36)
		return bundle_fail(in, list, line, "\"uuid\" is not a UUID");
	if (!v[I_COVER].null && !issuefile_media_name(v[I_COVER].s))
		return bundle_fail(in, list, line, "\"cover\" is no medium's name");
	if (v[I_BASE_URL].len && strncmp(v[I_BASE_URL].s, "http://", 7) != 0 &&
	    strncmp(v[I_BASE_URL].s, "https://", 8) != 0)
		return bundle_fail(in, list, line, "\"base_url\" is not an http or https address");
	in->st->issues++;
	if (!in->s)
		return 0;
	if (!v[I_COVER].null) {
		struct media_row m;
		char hash[65];
		snprintf(hash, sizeof(hash), "%.64s", v[I_COVER].s);
		if (store_media_get(in->s, p, hash, &m) != 0)
			return bundle_fail(in, list, line,
					   "the cover is not in the bundle's media");
	}
	/* The editorial is rendered again, as saving the issue renders it. */
	struct md_opts opts = {.user_exists = known_user, .ud = in->s};
	struct buf b = {0};
	if (md_render(v[I_EDITORIAL_MD].s, v[I_EDITORIAL_MD].len, &opts, &b, NULL) != 0) {
		buf_free(&b);
		return bundle_fail(in, list, line,
				   "the editorial's Markdown could not be rendered");
	}
	v[I_EDITORIAL_HTML].s = pool_strndup(p, buf_str(&b), b.len);
	v[I_EDITORIAL_HTML].len = b.len;
	buf_free(&b);
	struct journal_read *jr = in->ud;
	if (v[I_STATUS].i == ISSUE_PUBLISHED) {
		jr->published = xrealloc(jr->published, (jr->n + 1) * sizeof(long long));
		jr->published[jr->n++] = v[I_ID].i;
	}
	return 0;
}

/* A piece keeps the HTML it was published with when that is its post's HTML now (the common
 * case); an older text goes through the allow-list for posts. */
static int check_piece(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)line;
	struct store_val *html = &v[7];
	if (in->s) {
		struct post_row post;
		if (store_post_by_slug(in->s, p, v[2].s, 1, &post) == 0 && post.body_html &&
		    strlen(post.body_html) == html->len &&
		    memcmp(post.body_html, html->s, html->len) == 0)
			return 0;
	}
	struct sanitized san;
	if (sanitize_html(html->s, html->len, NULL, &san) != 0)
		buf_reset(&san.html);
	html->s = pool_strndup(p, buf_str(&san.html), san.html.len);
	html->len = san.html.len;
	sanitized_free(&san);
	return 0;
}

/* Each published issue's book, made from its pieces as the site makes it. */
static int make_books(struct bundle_in *in, struct journal_read *jr)
{
	for (size_t i = 0; i < jr->n; i++) {
		struct pool *p = pool_new();
		struct journal_issue is;
		struct buf book = {0};
		char err[512];
		int rc = journal_load(in->s, p, jr->published[i], 0, &is, err, sizeof(err));
		if (rc != 0)
			rc = bundle_fail(in, "journal/issues.jsonl", 0, "issue %lld: %s",
					 jr->published[i], rc == -2 ? err : "cannot be read");
		if (rc == 0 && journal_book(in->s, in->data_dir, &is, is.row.base_url, &book, err,
					    sizeof(err)) != 0)
			rc = bundle_fail(in, "journal/issues.jsonl", 0, "the book of %s: %s",
					 journal_numbering(p, &is.row), err);
		if (rc == 0 && store_issue_set_epub(in->s, jr->published[i], JOURNAL_BOOK_VERSION,
						    book.data, book.len) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(in->s));
		buf_free(&book);
		pool_free(p);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int bundle_read_journal(struct bundle_in *in)
{
	struct journal_read jr = {0};
	in->ud = &jr;
	int rc =
	    bundle_get_rows(in, "journal/issues.jsonl", &store_copy_issues, take_file, check_issue);
	if (rc == 0)
		rc = bundle_get_rows(in, "journal/issue-posts.jsonl", &store_copy_issue_posts, NULL,
				     NULL);
	if (rc == 0)
		rc = bundle_get_rows(in, "journal/pieces.jsonl", &store_copy_pieces, NULL,
				     check_piece);
	in->ud = NULL;
	if (rc == 0 && in->s)
		rc = make_books(in, &jr);
	free(jr.published);
	return rc;
}
