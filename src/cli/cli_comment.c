/* cli_comment: `broadside comment list|approve|reject|remove|spam|edit|ban`: moderation. */
#include "cli/cli.h"
#include "comment/comment.h"
#include "comment/moderate.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "util/addrkey.h"
#include "render/markdown.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include "util/clock.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The reason and text are checked before the press is opened; 0, or 1 after an error. */
static int check_reason(const struct cli_args *a)
{
	if (a->reason &&
	    (strlen(a->reason) > 500 || !utf8_valid(a->reason, strlen(a->reason), NULL)))
		return cli_fail("the reason must be valid UTF-8 of at most 500 bytes");
	return 0;
}

int cli_comment_list(const struct cli_args *a)
{
	int status = comment_status_parse(a->status);
	if (status == -2)
		return cli_usage(a, "unknown status '%s'", a->status);
	struct store *s;
	struct press_keys *k = NULL;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	if ((rc = cli_open_keys(a, s, &k)) != 0) {
		store_close(s);
		return rc;
	}
	struct pool *p = pool_new();
	struct comment_row *rows;
	size_t n;
	if (store_comments_by_status(s, p, status, (int)a->limit, &rows, &n) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		for (size_t i = 0; i < n; i++) {
			char day[32];
			iso_date_format(rows[i].created, day);
			size_t line = strcspn(rows[i].body_md, "\n");
			const char *email = rows[i].email_ct
						? seal_open(k, SEAL_PLACE_COMMENT_EMAIL,
							    rows[i].email_ct, rows[i].email_len, p)
						: NULL;
			printf("%-6lld %-9s %s  /posts/%s  %s <%s> %s: %.*s%s\n", rows[i].id,
			       comment_status_name(rows[i].status), day, rows[i].post_slug,
			       rows[i].name, email ? email : "", rows[i].addr,
			       (int)(line > 60 ? 60 : line), rows[i].body_md, line > 60 ? "…" : "");
		}
	}
	pool_free(p);
	keys_close(k);
	store_close(s);
	return rc;
}

/* Applies the row's action to one comment inside the open transaction; 0, or 1 after an
 * error. */
static int act(struct store *s, struct pool *p, long long id, const struct cli_args *a)
{
	const char *msg = NULL;
	enum moderation m = (enum moderation)moderation_parse(a->cmd->action);
	int rc = moderate(s, p, m, id, a->reason, a->text, &msg);
	if (rc > 0)
		return cli_fail("%s", msg);
	return rc ? cli_fail("database: %s", store_errmsg(s)) : 0;
}

/* A reason the public log will show: remove, edit and ban cannot do without one. */
static int need_reason(const struct cli_args *a)
{
	if (!a->reason || !*a->reason)
		return cli_usage(a, "needs a --reason: the public log shows it");
	return check_reason(a);
}

int cli_comment_moderate(const struct cli_args *a)
{
	const char *action = a->cmd->action;
	int rc;
	if (strcmp(action, "remove") == 0 || strcmp(action, "edit") == 0) {
		if ((rc = need_reason(a)) != 0)
			return rc;
	} else if (check_reason(a) != 0) {
		return 1;
	}
	if (strcmp(action, "edit") == 0 && !*a->text)
		return cli_usage(a, "needs a --text that is not empty");
	if (a->text &&
	    (strlen(a->text) > COMMENT_BODY_MAX || !utf8_valid(a->text, strlen(a->text), NULL)))
		return cli_fail("the text must be valid UTF-8 of at most %d bytes",
				COMMENT_BODY_MAX);
	struct store *s;
	if ((rc = cli_open(a, 0, &s)) != 0)
		return rc;
	if (store_begin(s) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		struct pool *p = pool_new();
		for (int i = 0; i < a->npos && rc == 0; i++) {
			char *end;
			long long id = strtoll(a->pos[i], &end, 10);
			rc = *end || id < 1 ? cli_fail("bad comment id '%s'", a->pos[i])
					    : act(s, p, id, a);
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

int cli_comment_ban(const struct cli_args *a)
{
	const char *addr = a->pos[0];
	char key[GUARD_KEY_LEN], tag[SEAL_TAG_LEN + 1];
	int is_tag =
	    strlen(addr) == SEAL_TAG_LEN && strspn(addr, "0123456789abcdef") == SEAL_TAG_LEN;
	if (!is_tag && guard_text_key(addr, key) != 0)
		return cli_usage(a,
				 "'%s' is neither an IP address nor an address tag (as "
				 "'comment list' prints it)",
				 addr);
	struct store *s;
	struct press_keys *k = NULL;
	int rc = need_reason(a);
	if (rc != 0 || (rc = cli_open(a, 0, &s)) != 0)
		return rc;
	if ((rc = cli_open_keys(a, s, &k)) != 0) {
		store_close(s);
		return rc;
	}
	/* Bans count addresses by their tag, as comments keep them (an IPv6 one by its /64). */
	seal_addr_param(k, addr, tag);
	if (store_begin(s) != 0 ||
	    store_ban(s, tag, clock_now() + a->days * 86400LL, a->reason) != 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		printf("comments from %s refused for %ld days\n", addr, a->days);
	}
	keys_close(k);
	store_close(s);
	return rc;
}
