/* res_vote: what branches say about a resolution: their decisions, recorded by their own
 * secretaries only (a correction is a new record), and endorsements of one version. */
#include "resolution/res_int.h"
#include "store/store.h"
#include "store/store_members.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <string.h>

int res_decide(struct res_ctx *c, long long id, long long member_id, const struct res_decide_in *in,
	       struct res_answer *a)
{
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	if (r.state != RES_CIRCULATING)
		return res_not_circulating(c, &r, "new decisions", a);
	struct branch_row b;
	int rc = store_branch_get(c->s, c->p, in->branch_id, &b);
	if (rc != 0) {
		if (rc > 0)
			res_fail(a, 400, "branch", "There is no such branch.");
		return res_end(c, 0, a);
	}
	rc = res_is_secretary(c, member_id, in->branch_id);
	if (rc <= 0) {
		if (rc == 0)
			res_fail(a, 403, NULL,
				 pool_printf(c->p,
					     "Only the secretaries of %s record its decisions; you "
					     "are not one of them.",
					     b.name));
		return res_end(c, 0, a);
	}
	struct res_decision_row *all;
	size_t nall, records = 0;
	if (store_res_decisions(c->s, c->p, id, &all, &nall) != 0)
		return res_end(c, 0, a);
	for (size_t i = 0; i < nall; i++)
		records += all[i].branch_id == in->branch_id;
	if (records >= RES_RECORDS_PER_BRANCH) {
		res_fail(
		    a, 409, NULL,
		    "This branch has corrected its decision 100 times already; no more records "
		    "are taken.");
		return res_end(c, 0, a);
	}
	if (in->version < 1 || in->version > r.current) {
		res_fail(a, 400, "version", "There is no such version of this resolution.");
		return res_end(c, 0, a);
	}
	long long day;
	if (iso_date_parse(in->date, &day) != 0 || day > c->now + 86400) {
		res_fail(a, 400, "date", "The date of the decision cannot be in the future.");
		return res_end(c, 0, a);
	}
	struct buf list = {0};
	for (size_t i = 0; i < in->namendments; i++) {
		struct res_amendment_row x;
		rc = store_res_amendment(c->s, c->p, id, in->amendments[i], &x);
		if (rc == 0 && x.version == in->version && x.state != AMEND_WITHDRAWN) {
			buf_printf(&list, "%s%d", i ? " " : "", in->amendments[i]);
			continue;
		}
		buf_free(&list);
		if (rc < 0)
			return res_end(c, 0, a);
		res_fail(a, 400, "amendments",
			 pool_printf(c->p,
				     "A%d is not an amendment of version %d (or it was withdrawn).",
				     in->amendments[i], in->version));
		return res_end(c, 0, a);
	}
	struct res_decision_row d = {.branch_id = in->branch_id,
				     .version = in->version,
				     .outcome = in->outcome,
				     .decided_on = in->date,
				     .votes_for = in->votes_for,
				     .votes_against = in->votes_against,
				     .votes_abstain = in->votes_abstain,
				     .amendments = buf_str(&list),
				     .note = in->note,
				     .recorded_by = member_id,
				     .recorded_at = c->now};
	int ok =
	    store_res_decision_add(c->s, id, &d) == 0 && store_res_touch(c->s, id, c->now) == 0;
	buf_free(&list);
	a->id = id;
	return res_end(c, ok, a);
}

int res_endorse(struct res_ctx *c, long long id, long long member_id, long long branch_id,
		int version, struct res_answer *a)
{
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	if (r.state != RES_CIRCULATING)
		return res_not_circulating(c, &r, "endorsements", a);
	if (res_member_may(c, member_id, branch_id, "endorse", a) != 0)
		return res_end(c, 0, a);
	if (version != r.current) {
		res_fail(a, 409, "version",
			 pool_printf(c->p,
				     "An endorsement is of the current version, %d: version %d "
				     "has been replaced.",
				     r.current, version));
		return res_end(c, 0, a);
	}
	int rc = store_res_endorse(c->s, id, version, member_id, branch_id, c->now);
	if (rc == 0 && store_res_touch(c->s, id, c->now) != 0)
		rc = -1;
	if (rc == 1)
		res_fail(a, 409, NULL,
			 pool_printf(c->p, "%s endorsed version %d already.",
				     branch_id ? "That branch" : "You", version));
	a->number = version;
	a->id = id;
	return res_end(c, rc == 0, a);
}

int res_decision_table(struct res_ctx *c, long long id, struct res_branch_decision **rows,
		       size_t *n)
{
	struct branch_row *b;
	size_t nb, nd;
	struct res_decision_row *d;
	if (store_branches(c->s, c->p, &b, &nb) != 0 ||
	    store_res_decisions(c->s, c->p, id, &d, &nd) != 0)
		return -1;
	struct res_branch_decision *t = pool_zalloc(c->p, (nb + 1) * sizeof(*t));
	for (size_t i = 0; i < nb; i++) {
		t[i].branch = &b[i];
		t[i].earlier = pool_alloc(c->p, (nd + 1) * sizeof(*t[i].earlier));
		for (size_t k = 0; k < nd; k++) {
			if (d[k].branch_id != b[i].id)
				continue;
			if (t[i].current)
				t[i].earlier[t[i].nearlier++] = t[i].current;
			t[i].current = &d[k];
		}
	}
	*rows = t;
	*n = nb;
	return 0;
}

const char *res_decision_words(struct pool *p, const struct res_decision_row *d)
{
	if (d->outcome != OUTCOME_AMENDED || !*d->amendments)
		return res_outcome_words(d->outcome);
	struct buf b = {0};
	buf_puts(&b, "adopted with ");
	for (const char *s = d->amendments; *s;) {
		size_t k = strcspn(s, " ");
		buf_printf(&b, "%sA%.*s", s == d->amendments ? "" : ", ", (int)k, s);
		s += k;
		while (*s == ' ')
			s++;
	}
	const char *w = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return w;
}
