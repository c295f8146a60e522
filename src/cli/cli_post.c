/* cli_post: `broadside post add|list|show|delete|rerender`. */
#include "cli/cli.h"
#include "comment/comment.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "store/store.h"
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

/* A YAML double-quoted scalar: safe for any title, series or excerpt. */
static void yaml_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '\n') {
			fputs("\\n", stdout);
			continue;
		}
		if (*s == '\t') {
			fputs("\\t", stdout);
			continue;
		}
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
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
	char date[32];
	iso_date_format(r.published, date);
	fputs("---\ntitle: ", stdout);
	yaml_quoted(r.title);
	printf("\nslug: %s\ndate: %s\nstatus: %s\n", r.slug, date, post_status_name(r.status));
	if (r.type != POST_TYPE_POST)
		printf("type: %s\n", post_type_name(r.type));
	if (r.type == POST_TYPE_PAGE && r.nav_order)
		printf("order: %d\n", r.nav_order);
	if (r.format != POST_FORMAT_MARKDOWN)
		printf("format: %s\n", post_format_name(r.format));
	if (r.sticky)
		fputs("sticky: true\n", stdout);
	if (r.excerpt) {
		fputs("excerpt: ", stdout);
		yaml_quoted(r.excerpt);
		putchar('\n');
	}
	if (r.author_handle)
		printf("author: %s\n", r.author_handle);
	if (r.comments >= 0)
		printf("comments: %s\n", comment_mode_name(r.comments));
	if (r.series) {
		fputs("series: ", stdout);
		yaml_quoted(r.series);
		printf("\npart: %d\n", r.part);
	}
	if (r.ntags) {
		fputs("tags: [", stdout);
		for (size_t i = 0; i < r.ntags; i++)
			printf("%s%s", i ? ", " : "", r.tags[i]);
		fputs("]\n", stdout);
	}
	printf("---\n%s", r.body_md);
	pool_free(p);
	return 0;
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
