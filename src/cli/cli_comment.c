/* cli_comment: `broadside comment list|approve|reject|remove|spam|edit|ban`: moderation. */
#include "cli/cli.h"
#include "comment/comment.h"
#include "comment/moderate.h"
#include "render/markdown.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char comment_usage[] =
    "usage: broadside comment list    [--data DIR] [--status S] [--limit N]\n"
    "       broadside comment approve [--data DIR] ID...\n"
    "       broadside comment reject  [--data DIR] [--reason R] ID...\n"
    "       broadside comment spam    [--data DIR] [--reason R] ID...\n"
    "       broadside comment remove  [--data DIR] --reason R ID...\n"
    "       broadside comment edit    [--data DIR] --reason R --text T ID\n"
    "       broadside comment ban     [--data DIR] --reason R [--days N] ADDRESS\n"
    "\n"
    "list     comments newest first; --status held (the queue), published, removed, spam,\n"
    "         rejected, deleted or all (default held)\n"
    "approve  publishes held comments\n"
    "reject   turns held comments down; a published one is removed and logged\n"
    "spam     marks held comments as spam; a published one is removed and logged\n"
    "remove   takes published comments down: a placeholder stays in the thread and the\n"
    "         public moderation log (/moderation) says when, where and why\n"
    "edit     replaces a published comment's text, logged the same way\n"
    "ban      refuses comments from an address for N days (default 30)\n";

struct comment_opts {
	const char *dir, *reason, *text, *status;
	int limit, days;
};

static int parse(int argc, char **argv, struct comment_opts *o)
{
	static const struct option opts[] = {
	    {"data", required_argument, NULL, 'd'},  {"reason", required_argument, NULL, 'r'},
	    {"text", required_argument, NULL, 't'},  {"status", required_argument, NULL, 's'},
	    {"limit", required_argument, NULL, 'n'}, {"days", required_argument, NULL, 'D'},
	    {"help", no_argument, NULL, 'h'},	     {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->dir = optarg;
			break;
		case 'r':
			o->reason = optarg;
			break;
		case 't':
			o->text = optarg;
			break;
		case 's':
			o->status = optarg;
			break;
		case 'n':
			o->limit = atoi(optarg);
			break;
		case 'D':
			o->days = atoi(optarg);
			break;
		case 'h':
			fputs(comment_usage, stdout);
			return 1;
		default:
			return cli_usage("comment", "unknown option");
		}
	}
	if (o->reason &&
	    (strlen(o->reason) > 500 || !utf8_valid(o->reason, strlen(o->reason), NULL)))
		return cli_fail("the reason must be valid UTF-8 of at most 500 bytes");
	return 0;
}

static int list(struct store *s, const struct comment_opts *o)
{
	int status = comment_status_parse(o->status ? o->status : "held");
	if (status == -2)
		return cli_usage("comment", "unknown status '%s'", o->status);
	struct pool *p = pool_new();
	struct comment_row *rows;
	size_t n;
	int rc = 0;
	if (store_comments_by_status(s, p, status, o->limit > 0 ? o->limit : 100, &rows, &n) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		for (size_t i = 0; i < n; i++) {
			char day[32];
			iso_date_format(rows[i].created, day);
			size_t line = strcspn(rows[i].body_md, "\n");
			printf("%-6lld %-9s %s  /posts/%s  %s <%s> %s: %.*s%s\n", rows[i].id,
			       comment_status_name(rows[i].status), day, rows[i].post_slug,
			       rows[i].name, rows[i].email, rows[i].addr,
			       (int)(line > 60 ? 60 : line), rows[i].body_md, line > 60 ? "…" : "");
		}
	}
	pool_free(p);
	return rc;
}

/* Applies action to one comment inside the open transaction; 0, or 1 after an error. */
static int act(struct store *s, struct pool *p, const char *action, long long id,
	       const struct comment_opts *o)
{
	const char *msg = NULL;
	int rc =
	    moderate(s, p, (enum moderation)moderation_parse(action), id, o->reason, o->text, &msg);
	if (rc > 0)
		return cli_fail("%s", msg);
	return rc ? cli_fail("database: %s", store_errmsg(s)) : 0;
}

static int ban(struct store *s, const char *addr, const struct comment_opts *o)
{
	int days = o->days > 0 ? o->days : 30;
	if (store_begin(s) != 0 ||
	    store_ban(s, addr, time(NULL) + (long long)days * 86400, o->reason) != 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		return cli_fail("database: %s", store_errmsg(s));
	}
	printf("comments from %s refused for %d days\n", addr, days);
	return 0;
}

int cli_comment(int argc, char **argv)
{
	struct comment_opts o = {.dir = "./data"};
	if (argc < 2)
		return cli_usage("comment", "missing action");
	const char *action = argv[1];
	int rc = parse(argc - 1, argv + 1, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (strcmp(action, "--help") == 0) {
		fputs(comment_usage, stdout);
		return 0;
	}
	char **args = argv + 1 + optind;
	int nargs = argc - 1 - optind;
	static const char *const actions[] = {"list",	"approve", "reject", "spam",
					      "remove", "edit",	   "ban"};
	int known = 0;
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		known |= strcmp(action, actions[i]) == 0;
	if (!known)
		return cli_usage("comment", "unknown action '%s'", action);
	if (strcmp(action, "list") != 0 && nargs == 0)
		return cli_usage("comment", "%s needs %s", action,
				 strcmp(action, "ban") == 0 ? "an ADDRESS" : "a comment ID");
	if ((strcmp(action, "remove") == 0 || strcmp(action, "edit") == 0 ||
	     strcmp(action, "ban") == 0) &&
	    (!o.reason || !*o.reason))
		return cli_usage("comment", "%s needs --reason: the public log shows it", action);
	if (strcmp(action, "edit") == 0 && (!o.text || !*o.text || nargs != 1))
		return cli_usage("comment", "edit needs --text and one ID");
	if (o.text &&
	    (strlen(o.text) > COMMENT_BODY_MAX || !utf8_valid(o.text, strlen(o.text), NULL)))
		return cli_fail("the text must be valid UTF-8 of at most %d bytes",
				COMMENT_BODY_MAX);
	struct store *s = cli_open(o.dir, 0);
	if (!s)
		return 1;
	if (strcmp(action, "list") == 0) {
		rc = list(s, &o);
	} else if (strcmp(action, "ban") == 0) {
		rc = ban(s, args[0], &o);
	} else if (store_begin(s) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		struct pool *p = pool_new();
		for (int i = 0; i < nargs && rc == 0; i++) {
			char *end;
			long long id = strtoll(args[i], &end, 10);
			rc = *end || id < 1 ? cli_fail("bad comment id '%s'", args[i])
					    : act(s, p, action, id, &o);
		}
		pool_free(p);
		if (rc == 0 && store_commit(s) != 0)
			rc = cli_fail("database: %s", store_errmsg(s));
		if (rc != 0)
			store_rollback(s);
	}
	store_close(s);
	return rc;
}
