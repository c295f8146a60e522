/* res_actions: a resolution's life: drafting, circulating, closing and withdrawing; reading a
 * version; and what the other action files share. */
#include "crypto/keys.h"
#include "job/job.h"
#include "job/worker.h"
#include "member/member.h"
#include "resolution/res_int.h"
#include "store/store.h"
#include "store/store_members.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

int res_fail(struct res_answer *a, int status, const char *field, const char *message)
{
	a->status = status;
	a->field = field;
	a->message = message;
	return -1;
}

int res_begin(struct res_ctx *c, long long id, struct res_row *r, struct res_answer *a)
{
	memset(a, 0, sizeof(*a));
	if (store_begin(c->s) != 0)
		return res_fail(a, 500, NULL, "The site could not write its database.");
	int rc = store_res_by_id(c->s, c->p, id, r);
	if (rc != 0) {
		store_rollback(c->s);
		return rc < 0 ? res_fail(a, 500, NULL, "The site could not read its database.")
			      : res_fail(a, 404, NULL, "There is no such resolution.");
	}
	return 0;
}

int res_end(struct res_ctx *c, int ok, struct res_answer *a)
{
	if (!ok) {
		store_rollback(c->s);
		if (!a->status)
			res_fail(a, 500, NULL, "The site could not write its database.");
		return -1;
	}
	/* Acknowledged only once it is committed (synchronous=FULL). */
	if (store_commit(c->s) != 0) {
		store_rollback(c->s);
		return res_fail(a, 500, NULL, "The site could not write its database.");
	}
	return 0;
}

int res_not_circulating(struct res_ctx *c, const struct res_row *r, const char *what,
			struct res_answer *a)
{
	const char *state = r->state == RES_CLOSED	? "is closed"
			    : r->state == RES_WITHDRAWN ? "was withdrawn"
							: "is a draft";
	res_fail(a, 409, NULL,
		 pool_printf(c->p, "This resolution %s: it takes no %s.", state, what));
	return res_end(c, 0, a);
}

int res_is_secretary(struct res_ctx *c, long long member_id, long long branch_id)
{
	struct branch_row *b;
	int *sec;
	size_t n;
	if (store_member_branches(c->s, c->p, member_id, &b, &sec, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (b[i].id == branch_id)
			return sec[i];
	return 0;
}

int res_member_may(struct res_ctx *c, long long member_id, long long branch_id, const char *what,
		   struct res_answer *a)
{
	struct member_row m;
	int rc = store_member_get(c->s, c->p, member_id, &m);
	if (rc < 0)
		return res_fail(a, 500, NULL, "The site could not read its database.");
	if (rc > 0)
		return res_fail(a, 404, NULL, "There is no such member.");
	if (m.state < MEMBER_MEMBER)
		return res_fail(
		    a, 403, NULL,
		    pool_printf(c->p, "Only members may %s; you are a subscriber.", what));
	if (!branch_id)
		return 0;
	struct branch_row b;
	rc = store_branch_get(c->s, c->p, branch_id, &b);
	if (rc < 0)
		return res_fail(a, 500, NULL, "The site could not read its database.");
	if (rc > 0)
		return res_fail(a, 400, "as", "There is no such branch.");
	rc = res_is_secretary(c, member_id, branch_id);
	if (rc < 0)
		return res_fail(a, 500, NULL, "The site could not read its database.");
	if (!rc)
		return res_fail(
		    a, 403, NULL,
		    pool_printf(c->p, "Only the secretaries of %s may %s for it.", b.name, what));
	return 0;
}

int res_draft_save(struct res_ctx *c, long long id, const struct res_draft_in *in,
		   long long author_id, struct res_answer *a)
{
	memset(a, 0, sizeof(*a));
	struct res_row r = {.id = id,
			    .slug = in->slug,
			    .title = in->title,
			    .reason = in->reason,
			    .visibility = in->visibility,
			    .deadline = in->deadline,
			    .draft = in->text,
			    .author_id = author_id,
			    .updated = c->now};
	int rc;
	if (id == 0) {
		if (store_begin(c->s) != 0)
			return res_fail(a, 500, NULL, "The site could not write its database.");
		rc = store_res_add(c->s, &r, &a->id);
	} else {
		struct res_row old;
		if (res_begin(c, id, &old, a) != 0)
			return -1;
		if (old.state != RES_DRAFT) {
			res_fail(a, 409, NULL,
				 "This resolution has circulated: its text is permanent now. "
				 "Amend it, or merge amendments into a new version.");
			return res_end(c, 0, a);
		}
		rc = store_res_update_draft(c->s, &r);
		a->id = id;
	}
	if (rc == 1)
		res_fail(a, 400, "slug",
			 pool_printf(c->p,
				     "The address /resolutions/%s is another resolution's. Choose "
				     "another.",
				     in->slug));
	return res_end(c, rc == 0, a);
}

int res_circulate(struct res_ctx *c, long long id, const char *actor, struct res_answer *a)
{
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	if (r.state != RES_DRAFT) {
		res_fail(a, 409, NULL,
			 r.state == RES_CIRCULATING ? "This resolution circulates already."
						    : "This resolution is closed or withdrawn.");
		return res_end(c, 0, a);
	}
	struct res_doc d;
	if (res_doc_make(c->p, r.draft, NULL, &d) != 0 || d.npara == 0) {
		res_fail(a, 409, "text", "The resolution has no text yet: write it first.");
		return res_end(c, 0, a);
	}
	struct buf ids = {0};
	for (size_t i = 0; i < d.npara; i++)
		buf_printf(&ids, "%s%zu", i ? " " : "", i + 1);
	struct res_version_row v = {
	    .n = 1, .body = r.draft, .para_ids = buf_str(&ids), .note = "", .made_by = actor};
	v.created = c->now;
	char dedupe[48];
	snprintf(dedupe, sizeof(dedupe), "res_circulate:%lld", id);
	int ok = store_res_version_add(c->s, id, &v) == 0 &&
		 store_res_set(c->s, id, RES_CIRCULATING, 1, (long long)d.npara + 1, c->now) == 0 &&
		 store_res_log_add(c->s, id, c->now, actor, "circulated", "") == 0 &&
		 job_add(c->s, "res_circulate", id, 0, NULL, 0, c->now, dedupe) >= 0;
	buf_free(&ids);
	a->number = 1;
	if (res_end(c, ok, a) != 0)
		return -1;
	job_wake();
	return 0;
}

int res_close(struct res_ctx *c, long long id, int withdraw, const char *reason, const char *actor,
	      struct res_answer *a)
{
	memset(a, 0, sizeof(*a));
	size_t n = strlen(reason);
	while (n && (reason[n - 1] == ' ' || reason[n - 1] == '\n' || reason[n - 1] == '\r'))
		n--;
	while (*reason == ' ' || *reason == '\n' || *reason == '\r')
		reason++, n--;
	if (!n)
		return res_fail(a, 400, "reason",
				"Say why: the public log of resolutions shows it.");
	if (n > RES_CLOSE_REASON_MAX || !utf8_valid(reason, n, NULL))
		return res_fail(a, 400, "reason", "The reason is text of at most 1,000 bytes.");
	const char *why = pool_strndup(c->p, reason, n);
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	int may = withdraw ? r.state <= RES_CIRCULATING : r.state == RES_CIRCULATING;
	if (!may) {
		res_fail(a, 409, NULL,
			 r.state == RES_DRAFT ? "A draft has not circulated: withdraw it instead."
			 : r.state == RES_CLOSED    ? "This resolution is closed already."
			 : r.state == RES_WITHDRAWN ? "This resolution was withdrawn already."
						    : "Not possible now.");
		return res_end(c, 0, a);
	}
	int ok =
	    store_res_set(c->s, id, withdraw ? RES_WITHDRAWN : RES_CLOSED, 0, 0, c->now) == 0 &&
	    store_res_log_add(c->s, id, c->now, actor, withdraw ? "withdrawn" : "closed", why) == 0;
	return res_end(c, ok, a);
}

int res_version_doc(struct res_ctx *c, long long id, int n, struct res_version_row *v,
		    struct res_doc *d)
{
	int rc = store_res_version(c->s, c->p, id, n, v);
	if (rc != 0)
		return rc;
	return res_doc_make(c->p, v->body, v->para_ids, d) == 0 ? 0 : -1;
}

const char *res_member_words(struct res_ctx *c, long long member_id)
{
	for (size_t i = 0; i < c->named_n; i++)
		if (c->named_ids[i] == member_id)
			return c->named_words[i];
	const char *words = "a former member";
	struct member_row m;
	if (member_id && store_member_get(c->s, c->p, member_id, &m) == 0) {
		struct member_ctx mc = {.s = c->s, .k = c->k, .p = c->p, .now = c->now};
		const char *name = m.show_name ? member_name(&mc, &m) : "";
		struct branch_row *b;
		int *sec;
		size_t n = 0;
		if (*name)
			words = name;
		else if (store_member_branches(c->s, c->p, member_id, &b, &sec, &n) == 0 && n)
			words = pool_printf(c->p, "a member of %s", b[0].name);
		else
			words = "a member";
	}
	size_t cap = c->named_cap;
	if (!c->named_ids) {
		cap = c->named_cap = 16;
		c->named_ids = pool_alloc(c->p, cap * sizeof(*c->named_ids));
		c->named_words = pool_alloc(c->p, cap * sizeof(*c->named_words));
	}
	c->named_ids =
	    pool_grow(c->p, c->named_ids, c->named_n, &c->named_cap, sizeof(*c->named_ids));
	c->named_words = pool_grow(c->p, c->named_words, c->named_n, &cap, sizeof(*c->named_words));
	c->named_ids[c->named_n] = member_id;
	c->named_words[c->named_n++] = words;
	return words;
}
