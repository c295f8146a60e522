/* cli_post: `broadside post add|list|show|delete|rerender`. */
#include "cli/cli.h"
#include "comment/comment.h"
#include "port/html2md.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "store/store.h"
#include "store/store_revisions.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file of at most POSTFILE_MAX_BYTES; -1 with errno-style message on failure. */
static int read_post_file(const char *path, struct buf *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(out, chunk, n);
		if (out->len > POSTFILE_MAX_BYTES) {
			fclose(f);
			snprintf(err, errlen, "file is larger than %u MiB",
				 POSTFILE_MAX_BYTES >> 20);
			return -1;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "read error");
		return -1;
	}
	return 0;
}

static int post_add(struct store *s, const struct cli_args *a)
{
	int n = a->npos;
	char **files = a->pos;
	struct postfile *pfs = calloc((size_t)n, sizeof(*pfs));
	struct buf *texts = calloc((size_t)n, sizeof(*texts));
	char **urls = calloc((size_t)n, sizeof(*urls));
	int rc = 1, i;
	char err[512];
	for (i = 0; i < n; i++) {
		struct buf *text = &texts[i];
		struct pf_error pe = {0};
		if (read_post_file(files[i], text, err, sizeof(err)) != 0) {
			cli_fail("%s: %s", files[i], err);
			goto out;
		}
		buf_putc(text, '\0');
		text->len--;
		if (postfile_parse(text->data, text->len, &pfs[i], &pe) != 0) {
			if (pe.line)
				cli_fail("%s:%u: %s", files[i], pe.line, pe.msg);
			else
				cli_fail("%s: %s", files[i], pe.msg);
			goto out;
		}
	}
	if (store_begin(s) != 0) {
		cli_fail("database: %s", store_errmsg(s));
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* The file as given is the post's first revision, or its next one. */
		struct publish_args args = {.source = texts[i].data};
		struct publish_result res;
		int bad = publish_post(s, &pfs[i], &args, &res, err, sizeof(err));
		urls[i] = res.url;
		if (bad) {
			store_rollback(s);
			cli_fail("%s: %s", files[i], err);
			goto out;
		}
	}
	if (store_commit(s) != 0) {
		store_rollback(s);
		cli_fail("database: %s", store_errmsg(s));
		goto out;
	}
	for (i = 0; i < n; i++)
		puts(urls[i]);
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		postfile_free(&pfs[i]);
		buf_free(&texts[i]);
		free(urls[i]);
	}
	free(texts);
	free(pfs);
	free(urls);
	return rc;
}

static int post_list(struct store *s, const struct cli_args *a)
{
	(void)a;
	struct pool *p = pool_new();
	struct post_list l;
	int rc = 0;
	if (store_posts_all(s, p, &l) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		for (size_t i = 0; i < l.n; i++) {
			char day[32];
			iso_day_format(l.rows[i].published, day);
			printf("%-10s  %s  %s  %s\n", post_status_name(l.rows[i].status), day,
			       l.rows[i].slug, l.rows[i].title);
		}
	}
	pool_free(p);
	return rc;
}

static int post_show(struct store *s, const struct cli_args *a)
{
	const char *slug = a->pos[0];
	struct pool *p = pool_new();
	struct post_row r;
	int rc = store_post_by_slug(s, p, slug, 1, &r);
	if (rc == 1) {
		pool_free(p);
		return cli_fail("no post with slug '%s'", slug);
	}
	if (rc < 0) {
		pool_free(p);
		return cli_fail("database: %s", store_errmsg(s));
	}
	struct buf b = {0};
	postfile_write(&b, &r, r.body_md, r.format);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	pool_free(p);
	return 0;
}

/* An HTML post's text in Markdown, saved as its next revision (the HTML kept before it). */
static int post_convert(struct store *s, const struct cli_args *a)
{
	const char *slug = a->pos[0];
	if (strcmp(a->to, "markdown") != 0)
		return cli_usage(a, "--to takes markdown (a post converts from HTML to Markdown)");
	struct pool *p = pool_new();
	struct post_row r;
	int rc = store_post_by_slug(s, p, slug, 1, &r);
	if (rc != 0) {
		pool_free(p);
		return rc < 0 ? cli_fail("database: %s", store_errmsg(s))
			      : cli_fail("no post with slug '%s'", slug);
	}
	if (r.format != POST_FORMAT_HTML) {
		pool_free(p);
		return cli_fail("'%s' is in Markdown already", slug);
	}
	if (r.status == POST_TRASHED) {
		pool_free(p);
		return cli_fail("'%s' is in the trash: restore it first", slug);
	}
	struct buf md = {0}, before = {0}, after = {0};
	char why[256], err[512] = "";
	rc = 1;
	if (html_to_markdown(r.body_md, strlen(r.body_md), &md, why, sizeof(why)) != 0) {
		cli_fail("'%s' stays HTML: %s", slug, why);
		goto out;
	}
	postfile_write(&before, &r, r.body_md, POST_FORMAT_HTML);
	postfile_write(&after, &r, buf_str(&md), POST_FORMAT_MARKDOWN);
	struct postfile pf;
	struct pf_error pe;
	if (postfile_parse(after.data, after.len, &pf, &pe) != 0) {
		cli_fail("'%s' stays HTML: its converted file is refused (line %u: %s)", slug,
			 pe.line, pe.msg);
		goto out;
	}
	struct publish_args args = {.id = r.id, .source = after.data};
	struct publish_result res = {0};
	if (store_begin(s) != 0 || store_revision_add(s, r.id, 0, 0, before.data) != 0 ||
	    publish_post(s, &pf, &args, &res, err, sizeof(err)) != 0 || store_commit(s) != 0) {
		store_rollback(s);
		cli_fail("'%s' stays HTML: %s", slug, err[0] ? err : store_errmsg(s));
	} else {
		printf("%s is in Markdown now\n", res.url);
		rc = 0;
	}
	free(res.url);
	postfile_free(&pf);
out:
	buf_free(&md);
	buf_free(&before);
	buf_free(&after);
	pool_free(p);
	return rc;
}

static int post_delete(struct store *s, const struct cli_args *a)
{
	int n = a->npos;
	char **slugs = a->pos;
	if (store_begin(s) != 0)
		return cli_fail("database: %s", store_errmsg(s));
	for (int i = 0; i < n; i++) {
		int rc = store_post_delete(s, slugs[i]);
		if (rc != 0) {
			store_rollback(s);
			if (rc == 1)
				return cli_fail("no post with slug '%s' (nothing deleted)",
						slugs[i]);
			return cli_fail("database: %s", store_errmsg(s));
		}
	}
	if (store_commit(s) != 0) {
		store_rollback(s);
		return cli_fail("database: %s", store_errmsg(s));
	}
	return 0;
}

static int post_rerender(struct store *s, const struct cli_args *a)
{
	(void)a;
	long n = publish_rerender_all(s);
	if (n < 0)
		return cli_fail("database: %s", store_errmsg(s));
	printf("rendered %ld post%s\n", n, n == 1 ? "" : "s");
	return 0;
}

/* Opens the press and runs one of the functions above on it. */
static int with_store(const struct cli_args *a, int (*fn)(struct store *, const struct cli_args *))
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	rc = fn(s, a);
	store_close(s);
	return rc;
}

int cli_post_add(const struct cli_args *a)
{
	return with_store(a, post_add);
}

int cli_post_list(const struct cli_args *a)
{
	return with_store(a, post_list);
}

int cli_post_show(const struct cli_args *a)
{
	return with_store(a, post_show);
}

int cli_post_delete(const struct cli_args *a)
{
	return with_store(a, post_delete);
}

int cli_post_rerender(const struct cli_args *a)
{
	return with_store(a, post_rerender);
}

int cli_post_convert(const struct cli_args *a)
{
	return with_store(a, post_convert);
}
