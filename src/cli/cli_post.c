/* cli_post: `broadside post add|list|show|delete`. */
#include "cli/cli.h"
#include "comment/comment.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char post_usage[] =
    "usage: broadside post add    [--data DIR] FILE.md...\n"
    "       broadside post list   [--data DIR]\n"
    "       broadside post show   [--data DIR] SLUG\n"
    "       broadside post delete [--data DIR] SLUG...\n"
    "       broadside post rerender [--data DIR]\n"
    "\n"
    "add     adds or updates (same slug) posts from Markdown files with YAML front matter\n"
    "        (title, slug, date, status, tags, author, series, part) and prints each URL path;\n"
    "        when one file has an error nothing is written\n"
    "list    lists every post, drafts too: status, date, slug, title\n"
    "show    prints a post back as a post file\n"
    "delete  removes posts\n"
    "rerender renders every post's Markdown again (serve does it by itself after an upgrade)\n"
    "\n"
    "  --data DIR   the site's directory (default ./data)\n";

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

static int post_add(struct store *s, int n, char **files)
{
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

static int post_list(struct store *s)
{
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

/* A YAML double-quoted scalar: safe for any title or series. */
static void yaml_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static int post_show(struct store *s, const char *slug)
{
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

static int post_delete(struct store *s, int n, char **slugs)
{
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

static int post_rerender(struct store *s)
{
	long n = publish_rerender_all(s);
	if (n < 0)
		return cli_fail("database: %s", store_errmsg(s));
	printf("rendered %ld post%s\n", n, n == 1 ? "" : "s");
	return 0;
}

int cli_post(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *dir = "./data";
	if (argc < 2)
		return cli_usage("post", "missing action (add, list, show or delete)");
	const char *action = argv[1];
	if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0) {
		fputs(post_usage, stdout);
		return 0;
	}
	argc--, argv++;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c == 'd')
			dir = optarg;
		else if (c == 'h') {
			fputs(post_usage, stdout);
			return 0;
		} else
			return cli_usage("post", "unknown option");
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	int want_args = strcmp(action, "list") != 0 && strcmp(action, "rerender") != 0;
	if (strcmp(action, "add") && strcmp(action, "list") && strcmp(action, "show") &&
	    strcmp(action, "delete") && strcmp(action, "rerender"))
		return cli_usage("post", "unknown action '%s'", action);
	if (want_args && nargs == 0)
		return cli_usage("post", "%s needs %s", action,
				 strcmp(action, "add") == 0 ? "a FILE.md" : "a SLUG");
	if ((!want_args && nargs) || (strcmp(action, "show") == 0 && nargs != 1))
		return cli_usage("post", "too many arguments");
	struct store *s = cli_open(dir, 0);
	if (!s)
		return 1;
	int rc;
	if (strcmp(action, "add") == 0)
		rc = post_add(s, nargs, args);
	else if (strcmp(action, "list") == 0)
		rc = post_list(s);
	else if (strcmp(action, "show") == 0)
		rc = post_show(s, args[0]);
	else if (strcmp(action, "rerender") == 0)
		rc = post_rerender(s);
	else
		rc = post_delete(s, nargs, args);
	store_close(s);
	return rc;
}
