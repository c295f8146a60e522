/* cli_journal: `broadside journal add|list|show|publish|epub`: the issues of the journal. */
#include "cli/cli.h"
#include "util/clock.h"
#include "journal/issuefile.h"
#include "journal/journal.h"
#include "store/store.h"
#include "store/store_journal.h"
#include "util/buf.h"
#include "util/pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DIR_BYTES 4096

/* Reads a whole issue file of at most ISSUEFILE_MAX_BYTES. */
static int read_issue_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_fail("%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(out, chunk, n);
		if (out->len > ISSUEFILE_MAX_BYTES) {
			fclose(f);
			return cli_fail("%s: the file is larger than %u MiB", path,
					ISSUEFILE_MAX_BYTES >> 20);
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return cli_fail("%s: read error", path);
	buf_putc(out, '\0');
	out->len--;
	return 0;
}

/* "VOLUME/NUMBER", each 1..9999: 0, or the usage error's status. */
static int issue_arg(const struct cli_args *a, const char *s, int *volume, int *number)
{
	char *end;
	long v = strtol(s, &end, 10), n = 0;
	int ok = end != s && *end == '/' && s[0] >= '0' && s[0] <= '9';
	if (ok) {
		const char *ns = end + 1;
		n = strtol(ns, &end, 10);
		ok = end != ns && *end == '\0' && ns[0] >= '0' && ns[0] <= '9';
	}
	if (!ok || v < 1 || v > ISSUE_NUMBER_MAX || n < 1 || n > ISSUE_NUMBER_MAX)
		return cli_usage(a, "bad issue '%s' (use VOLUME/NUMBER, e.g. 1/3)", s);
	*volume = (int)v;
	*number = (int)n;
	return 0;
}

/* The site's public address without a trailing '/', in p ("" when unset). */
static const char *site_url(struct store *s, struct pool *p)
{
	struct site site;
	if (store_site_get(s, p, &site) != 0)
		return "";
	size_t n = strlen(site.url);
	while (n && site.url[n - 1] == '/')
		n--;
	return pool_strndup(p, site.url, n);
}

/* The issue VOLUME/NUMBER of the first argument: 0 with *row, or the exit status. */
static int find_issue(const struct cli_args *a, struct store *s, struct pool *p,
		      struct issue_row *row)
{
	int volume = 0, number = 0, rc = issue_arg(a, a->pos[0], &volume, &number);
	if (rc != 0)
		return rc;
	rc = store_issue_get(s, p, volume, number, row);
	if (rc < 0)
		return cli_fail("database: %s", store_errmsg(s));
	if (rc == 1)
		return cli_fail("there is no issue %d/%d (see 'broadside journal list')", volume,
				number);
	return 0;
}

static int journal_add(struct store *s, const char *dir, const struct cli_args *a)
{
	const char *path = a->pos[0];
	struct buf text = {0};
	struct issuefile f;
	struct pf_error pe;
	char err[512];
	int rc = read_issue_file(path, &text);
	if (rc != 0) {
		buf_free(&text);
		return rc;
	}
	if (issuefile_parse(text.data, text.len, &f, &pe) != 0) {
		buf_free(&text);
		if (pe.line)
			return cli_fail("%s:%u: %s", path, pe.line, pe.msg);
		return cli_fail("%s: %s", path, pe.msg);
	}
	long long id = 0;
	int created;
	rc = 1;
	if (store_begin(s) != 0) {
		cli_fail("database: %s", store_errmsg(s));
	} else if (journal_save(s, dir, &f, text.data, clock_now(), &id, &created, err,
				sizeof(err)) != 0) {
		store_rollback(s);
		cli_fail("%s: %s", path, err);
	} else if (store_commit(s) != 0) {
		store_rollback(s);
		cli_fail("database: %s", store_errmsg(s));
	} else {
		struct pool *p = pool_new();
		struct issue_row row;
		if (store_issue_by_id(s, p, id, &row) == 0)
			printf("/journal/%d/%d (%s%s)\n", row.volume, row.number,
			       created ? "new, " : "",
			       row.status == ISSUE_PUBLISHED ? "published" : "draft");
		pool_free(p);
		rc = 0;
	}
	issuefile_free(&f);
	buf_free(&text);
	return rc;
}

static int journal_list(struct store *s, const char *dir, const struct cli_args *a)
{
	(void)dir;
	(void)a;
	struct pool *p = pool_new();
	struct issue_row *rows;
	size_t n;
	if (store_issue_list(s, p, 0, &rows, &n) != 0) {
		pool_free(p);
		return cli_fail("database: %s", store_errmsg(s));
	}
	for (size_t i = 0; i < n; i++) {
		const char **slugs;
		size_t pieces = 0;
		store_issue_slugs(s, p, rows[i].id, &slugs, &pieces);
		char vn[32];
		snprintf(vn, sizeof(vn), "%d/%d", rows[i].volume, rows[i].number);
		printf("%-9s  %s  %-9s  %-7s  %zu piece%s  %s\n",
		       rows[i].status == ISSUE_PUBLISHED ? "published" : "draft", rows[i].month, vn,
		       issue_visibility_name(rows[i].visibility), pieces, pieces == 1 ? "" : "s",
		       rows[i].title);
	}
	pool_free(p);
	return 0;
}

static int journal_show(struct store *s, const char *dir, const struct cli_args *a)
{
	(void)dir;
	struct pool *p = pool_new();
	struct issue_row row;
	int rc = find_issue(a, s, p, &row);
	if (rc == 0)
		fputs(row.source, stdout);
	pool_free(p);
	return rc;
}

static int journal_publish_cmd(struct store *s, const char *dir, const struct cli_args *a)
{
	struct pool *p = pool_new();
	struct issue_row row;
	char err[512];
	int rc = find_issue(a, s, p, &row);
	if (rc != 0) {
		pool_free(p);
		return rc;
	}
	/* Published again, an issue keeps the address its book first linked to. */
	const char *base =
	    row.status == ISSUE_PUBLISHED && *row.base_url ? row.base_url : site_url(s, p);
	if (store_begin(s) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else if (journal_publish(s, dir, row.id, base, clock_now(), err, sizeof(err)) != 0) {
		store_rollback(s);
		rc = cli_fail("issue %d/%d: %s", row.volume, row.number, err);
	} else if (store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		printf("/journal/%d/%d\n/journal/%d/%d.epub\n", row.volume, row.number, row.volume,
		       row.number);
	}
	pool_free(p);
	return rc;
}

static int journal_epub_cmd(struct store *s, const char *dir, const struct cli_args *a)
{
	struct pool *p = pool_new();
	struct issue_row row;
	struct journal_issue is;
	struct buf book = {0};
	char err[512];
	int rc = find_issue(a, s, p, &row);
	if (rc != 0)
		goto out;
	/* A published issue's own edition, made again; a draft as its posts are now. */
	int lrc = journal_load(s, p, row.id, 0, &is, err, sizeof(err));
	const char *base = is.live ? site_url(s, p) : row.base_url;
	if (lrc != 0) {
		rc = cli_fail("issue %d/%d: %s", row.volume, row.number, err);
	} else if (strncmp(base, "http", 4) != 0) {
		rc = cli_fail("the press has no public address for the book's links: set it with "
			      "'broadside site set url https://...'");
	} else if (journal_book(s, dir, &is, base, &book, err, sizeof(err)) != 0) {
		rc = cli_fail("issue %d/%d: %s", row.volume, row.number, err);
	} else {
		const char *path = a->pos[1];
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(book.data, 1, book.len, f) != book.len || fflush(f) != 0)
			rc = cli_fail("%s: %s", path, strerror(errno));
		if (f && fclose(f) != 0 && rc == 0)
			rc = cli_fail("%s: %s", path, strerror(errno));
	}
out:
	buf_free(&book);
	pool_free(p);
	return rc;
}

/* Opens the press and runs one of the functions above with its folder. */
static int with_press(const struct cli_args *a,
		      int (*fn)(struct store *, const char *, const struct cli_args *))
{
	char dir[DIR_BYTES];
	int rc = cli_press_dir(a, 0, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	struct store *s;
	if ((rc = cli_open(a, 0, &s)) != 0)
		return rc;
	rc = fn(s, dir, a);
	store_close(s);
	return rc;
}

int cli_journal_add(const struct cli_args *a)
{
	return with_press(a, journal_add);
}

int cli_journal_list(const struct cli_args *a)
{
	return with_press(a, journal_list);
}

int cli_journal_show(const struct cli_args *a)
{
	return with_press(a, journal_show);
}

int cli_journal_publish(const struct cli_args *a)
{
	return with_press(a, journal_publish_cmd);
}

int cli_journal_epub(const struct cli_args *a)
{
	return with_press(a, journal_epub_cmd);
}
