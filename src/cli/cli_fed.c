/* cli_fed: `broadside fed block|unblock|blocks|followers|deliveries`: the press on the Fediverse
 * from the shell. */
#include "cli/cli.h"
#include "fed/json.h"
#include "job/job.h"
#include "store/store.h"
#include "store/store_fed.h"
#include "store/store_users.h"
#include "util/clock.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* A target of a block: an actor's URL (an account), or a host name (a domain, lowercased into
 * out). 1 for a domain, 0 for an account, -1 after an error. */
static int target_of(const char *t, char *out, size_t outlen)
{
	if (strncmp(t, "http://", 7) == 0 || strncmp(t, "https://", 8) == 0) {
		if (!fed_url_ok(t))
			return cli_fail("'%s' is not an http(s) URL of an account", t);
		snprintf(out, outlen, "%s", t);
		return 0;
	}
	size_t n = strlen(t);
	if (n == 0 || n >= outlen ||
	    strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789.-") != n ||
	    !strchr(t, '.') || t[0] == '.' || t[0] == '-' || t[n - 1] == '.')
		return cli_fail("'%s' is neither a server's host name (example.org) nor an "
				"account's URL (https://example.org/users/name); an @name@host "
				"handle is found on its server first, by its URL",
				t);
	for (size_t i = 0; i <= n; i++)
		out[i] = t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] - 'A' + 'a') : t[i];
	return 1;
}

int cli_fed_block(const struct cli_args *a)
{
	char target[FED_URL_MAX + 1];
	int domain = target_of(a->pos[0], target, sizeof(target));
	if (domain < 0)
		return 1;
	const char *reason = a->reason ? a->reason : "";
	if (cli_check_text("the reason", reason, 500, 0))
		return 1;
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	if (store_begin(s) != 0 || store_fed_block(s, target, domain, reason, clock_now()) != 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		printf("blocked %s %s%s\n", domain ? "the server" : "the account", target,
		       domain ? " (listed at /blocks)" : "");
	}
	store_close(s);
	return rc;
}

int cli_fed_unblock(const struct cli_args *a)
{
	char target[FED_URL_MAX + 1];
	if (target_of(a->pos[0], target, sizeof(target)) < 0)
		return 1;
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	int was = -1;
	if (store_begin(s) != 0 || (was = store_fed_unblock(s, target)) < 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	} else if (was == 1) {
		rc = cli_fail("%s was not blocked", target);
	} else {
		printf("unblocked %s\n", target);
	}
	store_close(s);
	return rc;
}

int cli_fed_blocks(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct fed_block_row *rows;
	size_t n;
	if (store_fed_blocks(s, p, 0, &rows, &n) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		for (size_t i = 0; i < n; i++) {
			char day[32];
			iso_day_format(rows[i].created, day);
			printf("%-7s %s  %s  %s\n", rows[i].domain ? "server" : "account", day,
			       rows[i].target, rows[i].reason);
		}
	}
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_fed_followers(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	long long local = FED_PRESS;
	if (a->handle) {
		const char *h = a->handle[0] == '@' ? a->handle + 1 : a->handle;
		struct account acc;
		int found = store_account_by_handle(s, p, h, &acc);
		if (found != 0 || acc.role == ROLE_OFFICER) {
			rc = found < 0 ? cli_fail("database: %s", store_errmsg(s))
				       : cli_fail("no writer has the handle '%s'", h);
			goto out;
		}
		local = acc.id;
	}
	struct fed_follower_row *rows;
	size_t n;
	if (store_fed_followers(s, p, local, &rows, &n) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char day[32], host[300];
		iso_day_format(rows[i].created, day);
		/* The handle's host as its server names itself, with its port. */
		if (fed_url_host(rows[i].uri, 1, host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "%s", rows[i].domain);
		printf("%s  @%s@%s  %s\n", day, rows[i].handle, host, rows[i].uri);
	}
out:
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_fed_deliveries(const struct cli_args *a)
{
	static const char *const states[] = {"waiting", "running", "done", "gave-up"};
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct job *rows;
	size_t n;
	if (job_list(s, p, "fed_deliver", (int)a->limit, &rows, &n) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct job *j = &rows[i];
			int waiting = j->state == JOB_WAITING;
			long long t = waiting ? j->next_at : j->done_at;
			char when[32];
			iso_date_format(t, when);
			/* A finished delivery keeps no payload: its inbox went with it. */
			printf("%lld %s tries=%d %s=%lld (%s) %s%s%s\n", j->id,
			       j->state >= 0 && j->state < 4 ? states[j->state] : "?", j->tries,
			       waiting ? "next" : "at", t, when,
			       j->payload ? (const char *)j->payload : "-",
			       j->last_error && *j->last_error ? " error: " : "",
			       j->last_error ? j->last_error : "");
		}
	}
	pool_free(p);
	store_close(s);
	return rc;
}
