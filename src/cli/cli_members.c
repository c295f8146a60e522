/* cli_members: `broadside member`, `branch` and `audit`: the member list from the shell, with
 * the same sealing and logging as the officer's pages. */
#include "cli/cli.h"
#include "job/job.h"
#include "mail/address.h"
#include "crypto/keys.h"
#include "member/audit.h"
#include "member/member.h"
#include "store/store.h"
#include "store/store_members.h"
#include "util/clock.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR "the command line"

/* The press, its keys and a member context; 0, or the exit status. */
struct open_press {
	struct store *s;
	struct press_keys *k;
	struct pool *p;
	struct site site;
	struct member_ctx c;
	char dir[4096];
};

static int open_press(const struct cli_args *a, struct open_press *o)
{
	memset(o, 0, sizeof(*o));
	int rc = cli_press_dir(a, 0, o->dir, sizeof(o->dir));
	if (rc == 0)
		rc = cli_open(a, 0, &o->s);
	if (rc != 0)
		return rc;
	if ((rc = cli_open_keys(a, o->s, &o->k)) != 0) {
		store_close(o->s);
		return rc;
	}
	o->p = pool_new();
	if (store_site_get(o->s, o->p, &o->site) != 0) {
		rc = cli_fail("database: %s", store_errmsg(o->s));
		pool_free(o->p);
		keys_close(o->k);
		store_close(o->s);
		return rc;
	}
	o->c = (struct member_ctx){.s = o->s,
				   .k = o->k,
				   .site = &o->site,
				   .p = o->p,
				   .now = clock_now(),
				   .base_url = o->site.url,
				   .data_dir = o->dir};
	return 0;
}

static void close_press(struct open_press *o)
{
	pool_free(o->p);
	keys_close(o->k);
	store_close(o->s);
}

int cli_member_add(const struct cli_args *a)
{
	int state = strcmp(a->state, "member") == 0	  ? MEMBER_MEMBER
		    : strcmp(a->state, "subscriber") == 0 ? MEMBER_SUBSCRIBER
							  : -1;
	if (state < 0)
		return cli_usage(a, "--state takes subscriber or member");
	if (!mail_address_valid(a->email))
		return cli_fail("--email: '%s' is not an address mail can be sent to", a->email);
	if (a->name && cli_check_text("--name", a->name, MEMBER_NAME_MAX, 0))
		return 1;
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	long long id;
	if (store_begin(o.s) != 0)
		rc = cli_fail("database: %s", store_errmsg(o.s));
	else if ((rc = member_add(&o.c, a->email, a->name ? a->name : "", state, ACTOR, &id)) !=
		     0 ||
		 store_commit_quiet(o.s) != 0) {
		store_rollback(o.s);
		rc = rc == 1 ? cli_fail("that address is subscribed already (member %lld)", id)
			     : cli_fail("database: %s", store_errmsg(o.s));
	} else {
		printf("member %lld\n", id);
	}
	close_press(&o);
	return rc;
}

int cli_member_list(const struct cli_args *a)
{
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	long long after = 0;
	for (;;) {
		struct member_row *rows;
		size_t n;
		if (store_members_list(o.s, o.p, MEMBER_PENDING, after, 500, &rows, &n) != 0) {
			rc = cli_fail("database: %s", store_errmsg(o.s));
			break;
		}
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %-10s %s\n", rows[i].id,
			       rows[i].state == MEMBER_MEMBER	    ? "member"
			       : rows[i].state == MEMBER_SUBSCRIBER ? "subscriber"
								    : "pending",
			       member_name(&o.c, &rows[i]));
		if (n < 500)
			break;
		after = rows[n - 1].id;
	}
	close_press(&o);
	return rc;
}

int cli_member_admit(const struct cli_args *a)
{
	long long id = atoll(a->pos[0]);
	if (id <= 0)
		return cli_usage(a, "a member's number, as 'member list' prints it");
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	enum member_result mr = member_set_state(&o.c, id, MEMBER_MEMBER, ACTOR);
	rc = mr == MEMBER_OK	    ? 0
	     : mr == MEMBER_NO_LINK ? cli_fail("there is no member %lld", id)
	     : mr == MEMBER_UNCONFIRMED
		 ? cli_fail("member %lld has not confirmed their address yet", id)
		 : cli_fail("database: %s", store_errmsg(o.s));
	close_press(&o);
	return rc;
}

int cli_branch_add(const struct cli_args *a)
{
	const char *name = a->pos[0];
	if (cli_check_text("the branch's name", name, 100, 0) ||
	    (!*name && cli_fail("the branch's name is empty")))
		return 1;
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	long long id;
	/* A full commit: every resolution's table of decisions lists the branches. */
	if (store_begin(s) != 0 || (rc = store_branch_add(s, name, clock_now(), &id)) != 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		rc = rc == 1 ? cli_fail("there is a branch '%s' already", name)
			     : cli_fail("database: %s", store_errmsg(s));
	} else {
		printf("branch %lld\n", id);
	}
	store_close(s);
	return rc;
}

int cli_branch_list(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct branch_row *rows;
	size_t n;
	if (store_branches(s, p, &rows, &n) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("%-6lld %3d members, %d secretaries  %s\n", rows[i].id, rows[i].members,
		       rows[i].secretaries, rows[i].name);
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_branch_put(const struct cli_args *a)
{
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	struct branch_row b;
	int found = store_branch_by_name(o.s, o.p, a->pos[0], &b);
	if (found != 0) {
		rc = found > 0 ? cli_fail("there is no branch '%s'", a->pos[0])
			       : cli_fail("database: %s", store_errmsg(o.s));
	} else {
		enum member_result mr =
		    member_branch(&o.c, a->member, b.id, 1, a->secretary, ACTOR);
		rc = mr == MEMBER_OK	    ? 0
		     : mr == MEMBER_NO_LINK ? cli_fail("there is no member %ld", a->member)
					    : cli_fail("database: %s", store_errmsg(o.s));
	}
	close_press(&o);
	return rc;
}

int cli_audit_verify(const struct cli_args *a)
{
	struct open_press o;
	int rc = open_press(a, &o);
	if (rc != 0)
		return rc;
	long long entries = 0, bad = 0;
	int v = audit_verify(o.s, o.k, &entries, &bad);
	rc = cli_chain_verdict("the audit log", v, entries, bad, o.s);
	close_press(&o);
	return rc;
}

int cli_mail_retry(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	int n = -1;
	if (store_begin(s) != 0 || (n = job_retry_given_up(s, "mail", clock_now())) < 0 ||
	    store_commit_quiet(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		printf("%d mail%s to send again\n", n, n == 1 ? "" : "s");
	}
	store_close(s);
	return rc;
}
