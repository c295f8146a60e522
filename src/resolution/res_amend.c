/* res_amend: amendments against a version's lines (refused when they collide with an open one),
 * withdrawn by their authors, and merged into a new version. */
#include "resolution/res_int.h"
#include "resolution/res_range.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <string.h>

/* "A4 (lines 4–6, replace)" */
static const char *amendment_words(struct pool *p, const struct res_amendment_row *x)
{
	struct res_range r = {(enum res_kind)x->kind, x->from, x->to};
	return pool_printf(p, "A%d (%s, %s)", x->n, res_range_words(p, &r),
			   res_kind_name((enum res_kind)x->kind));
}

int res_amend(struct res_ctx *c, long long id, long long member_id, const struct res_amend_in *in,
	      struct res_answer *a)
{
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	if (r.state != RES_CIRCULATING)
		return res_not_circulating(c, &r, "new amendments", a);
	if (res_member_may(c, member_id, in->branch_id, "amend", a) != 0)
		return res_end(c, 0, a);
	if (in->version != r.current) {
		if (in->version > r.current)
			res_fail(a, 400, "version", "There is no such version.");
		else
			res_fail(a, 409, "version",
				 pool_printf(c->p,
					     "Version %d is not the current one any more: version "
					     "%d is. Amend that one (its lines are numbered anew).",
					     in->version, r.current));
		return res_end(c, 0, a);
	}
	struct res_version_row v;
	struct res_doc d;
	if (res_version_doc(c, id, r.current, &v, &d) != 0)
		return res_end(c, 0, a);
	const char *field;
	const char *bad = res_range_check(&in->range, (int)d.nlines, &field);
	if (bad) {
		res_fail(
		    a, 400, field,
		    pool_printf(c->p, "%s Version %d has %zu lines.", bad, r.current, d.nlines));
		return res_end(c, 0, a);
	}
	struct res_amendment_row *open;
	size_t n, theirs = 0, all = 0;
	if (store_res_amendments(c->s, c->p, id, r.current, &open, &n) != 0)
		return res_end(c, 0, a);
	for (size_t i = 0; i < n; i++) {
		all += open[i].state == AMEND_OPEN;
		theirs += open[i].state == AMEND_OPEN && open[i].member_id == member_id;
	}
	if (theirs >= RES_OPEN_PER_MEMBER || all >= RES_OPEN_MAX) {
		res_fail(a, 409, NULL,
			 theirs >= RES_OPEN_PER_MEMBER
			     ? "You have 50 open amendments to this version already: withdraw one, "
			       "or wait for a merge."
			     : "This version has 2,000 open amendments already: wait for a merge.");
		return res_end(c, 0, a);
	}
	for (size_t i = 0; i < n; i++) {
		struct res_range other = {(enum res_kind)open[i].kind, open[i].from, open[i].to};
		if (open[i].state != AMEND_OPEN || !res_ranges_collide(&in->range, &other))
			continue;
		res_fail(a, 409, in->range.kind == RES_INSERT ? "after" : "from",
			 pool_printf(c->p,
				     "This amendment (%s) collides with amendment %s, which is "
				     "open. Amend other lines, or wait until it is merged or "
				     "withdrawn.",
				     res_range_words(c->p, &in->range),
				     amendment_words(c->p, &open[i])));
		return res_end(c, 0, a);
	}
	struct res_amendment_row add = {.version = r.current,
					.kind = in->range.kind,
					.from = in->range.from,
					.to = in->range.to,
					.text = in->text,
					.reason = in->reason,
					.member_id = member_id,
					.branch_id = in->branch_id,
					.created = c->now};
	a->id = id;
	return res_end(c,
		       store_res_amendment_add(c->s, id, &add, &a->number) == 0 &&
			   store_res_touch(c->s, id, c->now) == 0,
		       a);
}

int res_amend_withdraw(struct res_ctx *c, long long id, int number, long long member_id,
		       struct res_answer *a)
{
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	if (r.state != RES_CIRCULATING)
		return res_not_circulating(c, &r, "changes to its amendments", a);
	struct res_amendment_row x;
	int rc = store_res_amendment(c->s, c->p, id, number, &x);
	if (rc != 0) {
		if (rc > 0)
			res_fail(a, 404, NULL, "There is no such amendment.");
		return res_end(c, 0, a);
	}
	if (x.state != AMEND_OPEN) {
		res_fail(a, 409, NULL,
			 pool_printf(c->p, "Amendment A%d is %s already.", number,
				     res_amend_state_name(x.state)));
		return res_end(c, 0, a);
	}
	int mine = x.member_id && x.member_id == member_id;
	if (!mine && x.branch_id) {
		int sec = res_is_secretary(c, member_id, x.branch_id);
		if (sec < 0)
			return res_end(c, 0, a);
		mine = sec;
	}
	if (!mine) {
		res_fail(a, 403, NULL,
			 "Only the member who proposed an amendment (or, for a branch's, its "
			 "secretaries) may withdraw it.");
		return res_end(c, 0, a);
	}
	a->number = number;
	return res_end(
	    c, store_res_amendment_set(c->s, id, number, AMEND_WITHDRAWN, 0, c->now) == 0, a);
}

int res_merge_amendments(struct res_ctx *c, long long id, const int *numbers, size_t n,
			 const char *note, const char *actor, struct res_answer *a)
{
	memset(a, 0, sizeof(*a));
	if (n == 0)
		return res_fail(a, 400, "amendments", "Choose at least one amendment to merge.");
	size_t nl = strlen(note);
	if (nl > RES_NOTE_MAX || !utf8_valid(note, nl, NULL))
		return res_fail(a, 400, "note", "A note is text of at most 2,000 bytes.");
	struct res_row r;
	if (res_begin(c, id, &r, a) != 0)
		return -1;
	if (r.state != RES_CIRCULATING)
		return res_not_circulating(c, &r, "merges", a);
	struct res_version_row v;
	struct res_doc d;
	if (res_version_doc(c, id, r.current, &v, &d) != 0)
		return res_end(c, 0, a);
	struct res_change *ch = pool_alloc(c->p, n * sizeof(*ch));
	struct buf which = {0};
	for (size_t i = 0; i < n; i++) {
		struct res_amendment_row x;
		int rc = store_res_amendment(c->s, c->p, id, numbers[i], &x);
		if (rc == 0 && x.state == AMEND_OPEN && x.version == r.current) {
			ch[i].range = (struct res_range){(enum res_kind)x.kind, x.from, x.to};
			ch[i].text = x.text;
			buf_printf(&which, "%sA%d", i ? ", " : "", x.n);
			continue;
		}
		buf_free(&which);
		if (rc < 0)
			return res_end(c, 0, a);
		res_fail(a, rc ? 404 : 409, "amendments",
			 rc ? pool_printf(c->p, "There is no amendment A%d.", numbers[i])
			    : pool_printf(c->p, "Amendment A%d is %s, not open.", numbers[i],
					  res_amend_state_name(x.state)));
		return res_end(c, 0, a);
	}
	struct buf body = {0}, ids = {0};
	long long next_para = r.next_para;
	const char *why = NULL;
	int ok = res_merge(&d, ch, n, &next_para, &body, &ids, &why) == 0;
	int into = r.current + 1;
	if (!ok) {
		res_fail(a, 409, "amendments", pool_printf(c->p, "Not merged: %s", why));
	} else {
		struct res_version_row nv = {.n = into,
					     .body = buf_str(&body),
					     .para_ids = buf_str(&ids),
					     .note = note,
					     .made_by = actor,
					     .created = c->now};
		ok = store_res_version_add(c->s, id, &nv) == 0;
		for (size_t i = 0; ok && i < n; i++)
			ok = store_res_amendment_set(c->s, id, numbers[i], AMEND_MERGED, into,
						     c->now) == 0;
		ok = ok && store_res_amendments_stale(c->s, id, r.current, into, c->now) >= 0 &&
		     store_res_set(c->s, id, RES_CIRCULATING, into, next_para, c->now) == 0 &&
		     store_res_log_add(c->s, id, c->now, actor, "merged",
				       pool_printf(c->p, "%s into version %d%s%s", buf_str(&which),
						   into, *note ? ": " : "", note)) == 0;
	}
	buf_free(&body);
	buf_free(&ids);
	buf_free(&which);
	a->number = into;
	a->id = id;
	return res_end(c, ok, a);
}
