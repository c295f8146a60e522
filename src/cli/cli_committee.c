/* cli_committee: `broadside committee`: the owner names and removes members of the standing
 * committee from the shell, as on the admin page (public and logged alike); lists them; and
 * checks the committee's log. No command reads a report: that takes a member's key. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "report/committee.h"
#include "report/report_log.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "util/clock.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

#define ACTOR "the command line"

struct open_press {
	struct store *s;
	struct press_keys *k;
	struct pool *p;
	struct committee_ctx c;
};

static int open_press(const struct cli_args *a, struct open_press *o)
{
	memset(o, 0, sizeof(*o));
	int rc = cli_open(a, 0, &o->s);
	if (rc != 0)
		return rc;
	if ((rc = cli_open_keys(a, o->s, &o->k)) != 0) {
		store_close(o->s);
		return rc;
	}
	o->p = pool_new();
	o->c = (struct committee_ctx){.s = o->s, .k = o->k, .p = o->p, .now = clock_now()};
	return 0;
}

static void close_press(struct open_press *o)
{
	pool_free(o->p);
	keys_close(o->k);
	store_close(o->s);
}

int cli_committee_add(const struct cli_args *a)
{
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	long long id;
	enum committee_result cr = committee_name(&o.c, a->handle, ACTOR, &id);
	if (cr == COMMITTEE_OK)
		printf("named @%s to the committee (public at /committee/members)\n",
		       a->handle[0] == '@' ? a->handle + 1 : a->handle);
	else
		rc = cr == COMMITTEE_ERROR ? cli_fail("database: %s", store_errmsg(o.s))
					   : cli_fail("not named: %s", committee_strerror(cr));
	close_press(&o);
	return rc;
}

int cli_committee_remove(const struct cli_args *a)
{
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	int lost;
	enum committee_result cr = committee_remove(&o.c, a->handle, ACTOR, a->force, &lost);
	const char *h = a->handle[0] == '@' ? a->handle + 1 : a->handle;
	if (cr == COMMITTEE_OK && lost > 0)
		printf("took @%s off the committee; %d reports only they could read can no longer "
		       "be read by anyone\n",
		       h, lost);
	else if (cr == COMMITTEE_OK)
		printf("took @%s off the committee; their keys to reports are deleted\n", h);
	else if (cr == COMMITTEE_SOLE_READER)
		rc = cli_fail("not removed: @%s is the only one who can read %d reports, which "
			      "nobody could ever read again. Have them grant another member "
			      "access first, or give --force",
			      h, lost);
	else
		rc = cr == COMMITTEE_ERROR ? cli_fail("database: %s", store_errmsg(o.s))
					   : cli_fail("not removed: %s", committee_strerror(cr));
	close_press(&o);
	return rc;
}

int cli_committee_list(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct committee_row *rows;
	size_t n;
	if (store_committee_list(s, p, &rows, &n) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("@%-20s since %s, named by %s, %s  %s\n", rows[i].handle, rows[i].since,
		       rows[i].named_by, rows[i].joined ? "has a key" : "no key yet ",
		       rows[i].name);
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_committee_verify(const struct cli_args *a)
{
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	long long entries = 0, bad = 0;
	int v = report_log_verify(o.s, o.k, &entries, &bad);
	rc = cli_chain_verdict("the committee's log", v, entries, bad, o.s);
	close_press(&o);
	return rc;
}
