/* page_res_forms: what a signed-in member does with a resolution: amend its lines (and withdraw
 * their amendments), endorse its current version, and, as a branch secretary, record the
 * branch's decision. A refused form comes back with the member's text in it. */
#include "page/page.h"
#include "page/page_res.h"
#include "render/val.h"
#include "req/form.h"
#include "resolution/res_range.h"
#include "route/route.h"
#include "store/store_members.h"
#include "util/buf.h"
#include "util/pool.h"

#include <string.h>

/* The form's values to the res_form.h readers. */
static const char *form_value(void *ud, const char *key, size_t i)
{
	const struct form *f = ((struct req *)ud)->form;
	for (size_t k = 0; f && k < f->n; k++)
		if (strcmp(f->field[k].key, key) == 0 && i-- == 0)
			return buf_str(&f->field[k].value);
	return NULL;
}

/* A query parameter, or "". */
static const char *arg(struct req *r, const char *key)
{
	const char *v = req_arg(r, key);
	return v ? v : "";
}

/* What a sent (or prefilled) field holds, for the form again. */
static const char *sent(struct req *r, const char *key)
{
	return r->post ? req_field(r, key) : arg(r, key);
}

static int refusal(struct req *r, struct page_out *out, int status, const char *message)
{
	page_error(r, status, message, out);
	return 0;
}

/* The member's branches, marked where they are a secretary; *secretary_of counts those. */
static struct val *branches_val(struct req *r, const char *chosen, int *secretary_of)
{
	struct pool *p = r->pool;
	struct branch_row *b;
	int *sec;
	size_t n;
	struct val *list = val_list(p);
	*secretary_of = 0;
	if (store_member_branches(r->store, p, r->member_id, &b, &sec, &n) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!sec[i])
			continue;
		struct val *v = val_map(p);
		const char *id = pool_printf(p, "%lld", b[i].id);
		val_set_str(p, v, "id", id);
		val_set_str(p, v, "name", b[i].name);
		val_set_bool(p, v, "chosen", strcmp(id, chosen) == 0);
		val_push(p, list, v);
		(*secretary_of)++;
	}
	return list;
}

/* The resolution, for a member (not a subscriber) of this press: 0, or 1 after a refusal. */
static int member_and_resolution(struct req *r, struct res_row *res, struct page_out *out,
				 const char *what)
{
	int rc = page_res_visible(r, res, out);
	if (rc != 0)
		return 1;
	if (r->member_state < MEMBER_MEMBER) {
		refusal(r, out, 403,
			pool_printf(r->pool, "Only members %s; you are signed in as a subscriber.",
				    what));
		return 1;
	}
	return 0;
}

static int form_again(struct req *r, struct page_out *out, const char *tmpl, struct val *ctx,
		      int status, const struct res_answer *a)
{
	struct pool *p = r->pool;
	val_set(p, ctx, "error", a && a->message ? val_str(p, a->message) : val_null(p));
	if (a && a->field)
		val_set_bool(p, ctx, pool_printf(p, "err_%s", a->field), 1);
	val_set_str(p, ctx, "csrf", r->csrf);
	out->status = status;
	return page_render(r, tmpl, ctx, out);
}

int page_res_amend(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row res;
	if (member_and_resolution(r, &res, out, "amend resolutions"))
		return 0;
	if (res.state != RES_CIRCULATING)
		return refusal(r, out, 409,
			       pool_printf(p, "This resolution is %s: it takes no new amendments.",
					   res_state_name(res.state)));
	struct res_ctx c = page_res_ctx(r);
	struct res_answer a = {0};
	int status = 200;
	if (r->post) {
		struct res_amend_in in;
		struct res_error e;
		if (res_amend_read(form_value, r, p, &in, &e) != 0) {
			a = (struct res_answer){
			    .status = 400, .field = e.field, .message = e.message};
		} else if (res_amend(&c, res.id, r->member_id, &in, &a) == 0) {
			out->status = 303;
			out->location =
			    page_res_url(r, &res, pool_printf(p, "#res-amendment-%d", a.number));
			return 0;
		}
		status = a.status;
	}
	struct res_version_row ver;
	struct res_doc d;
	struct res_amendment_row *am;
	size_t nam;
	if (res_version_doc(&c, res.id, res.current, &ver, &d) != 0 ||
	    store_res_amendments(r->store, p, res.id, res.current, &am, &nam) != 0)
		return refusal(r, out, 500, "The site could not read its database.");
	struct val *ctx = page_base(r, pool_printf(p, "Amend: %s", res.title));
	struct val *v = val_set(p, ctx, "res", page_res_val(r, &res));
	val_set(p, v, "paras", page_res_text_val(r, &res, &d, am, nam, 0));
	struct val *mine = val_set(p, v, "mine", val_list(p));
	for (size_t i = 0; i < nam; i++) {
		if (am[i].state != AMEND_OPEN || am[i].member_id != r->member_id)
			continue;
		struct val *x = page_res_amendment_val(r, &c, &res, &am[i]);
		val_set_str(
		    p, x, "withdraw_url",
		    page_res_url(r, &res, pool_printf(p, "/amendments/%d/withdraw", am[i].n)));
		val_push(p, mine, x);
	}
	val_set_bool(p, v, "has_mine", mine->u.list.n > 0);
	const char *kind = *sent(r, "kind") ? sent(r, "kind") : "replace";
	val_set_num(p, ctx, "version", res.current);
	val_set_num(p, ctx, "lines", (double)d.nlines);
	val_set_bool(p, ctx, "kind_replace", strcmp(kind, "replace") == 0);
	val_set_bool(p, ctx, "kind_insert", strcmp(kind, "insert") == 0);
	val_set_bool(p, ctx, "kind_delete", strcmp(kind, "delete") == 0);
	const char *from = sent(r, "from"), *to = sent(r, "to");
	val_set_str(p, ctx, "from", from);
	val_set_str(p, ctx, "to", *to ? to : from);
	val_set_str(p, ctx, "after", sent(r, "after"));
	val_set_str(p, ctx, "reason", sent(r, "reason"));
	/* The lines a member chose, as the start of their new text. */
	const char *text = sent(r, "text");
	long long f, t;
	if (!r->post && !*text && res_number(from, 1, (long long)d.nlines, &f) == 0) {
		if (res_number(*to ? to : from, f, (long long)d.nlines, &t) != 0)
			t = f;
		struct buf lines = {0};
		res_lines_text(&d, (int)f, (int)t, &lines);
		text = pool_strdup(p, buf_str(&lines));
		buf_free(&lines);
	}
	val_set_str(p, ctx, "text", text);
	int secretary_of;
	struct val *bl = branches_val(r, sent(r, "as"), &secretary_of);
	if (!bl)
		return refusal(r, out, 500, "The site could not read its database.");
	val_set(p, ctx, "branches", bl);
	val_set_bool(p, ctx, "has_branches", secretary_of > 0);
	const char *done = arg(r, "done");
	val_set(p, ctx, "notice",
		strcmp(done, "withdrawn") == 0 ? val_str(p, "Your amendment is withdrawn.")
					       : val_null(p));
	return form_again(r, out, "res_amend", ctx, status, &a);
}

int page_res_withdraw(struct req *r, struct page_out *out)
{
	struct res_row res;
	if (member_and_resolution(r, &res, out, "withdraw amendments"))
		return 0;
	struct res_ctx c = page_res_ctx(r);
	struct res_answer a;
	if (res_amend_withdraw(&c, res.id, (int)r->route->id, r->member_id, &a) != 0)
		return refusal(r, out, a.status, a.message);
	out->status = 303;
	out->location = page_res_url(r, &res, "/amend?done=withdrawn");
	return 0;
}

int page_res_endorse(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row res;
	if (member_and_resolution(r, &res, out, "endorse resolutions"))
		return 0;
	if (res.state != RES_CIRCULATING)
		return refusal(r, out, 409,
			       pool_printf(p, "This resolution is %s: it takes no endorsements.",
					   res_state_name(res.state)));
	struct res_ctx c = page_res_ctx(r);
	struct res_answer a = {0};
	int status = 200;
	if (r->post) {
		long long branch = 0, version = 0;
		const char *as = req_field(r, "as");
		if (*as && res_number(as, 1, 1000000000000LL, &branch) != 0)
			a = (struct res_answer){400, "as",
						"Choose yourself or one of your branches.", 0, 0};
		else if (res_number(req_field(r, "version"), 1, 1000000, &version) != 0)
			a = (struct res_answer){400, "version", "Say which version you endorse.", 0,
						0};
		else if (res_endorse(&c, res.id, r->member_id, branch, (int)version, &a) == 0) {
			out->status = 303;
			out->location = page_res_url(r, &res, "#res-endorsements");
			return 0;
		}
		status = a.status;
	}
	struct val *ctx = page_base(r, pool_printf(p, "Endorse: %s", res.title));
	val_set(p, ctx, "res", page_res_val(r, &res));
	val_set_num(p, ctx, "version", res.current);
	int secretary_of;
	struct val *bl = branches_val(r, sent(r, "as"), &secretary_of);
	if (!bl)
		return refusal(r, out, 500, "The site could not read its database.");
	val_set(p, ctx, "branches", bl);
	val_set_bool(p, ctx, "has_branches", secretary_of > 0);
	return form_again(r, out, "res_endorse", ctx, status, &a);
}

int page_res_decide(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row res;
	if (member_and_resolution(r, &res, out, "record decisions"))
		return 0;
	int secretary_of;
	struct val *bl = branches_val(r, sent(r, "branch"), &secretary_of);
	if (!bl)
		return refusal(r, out, 500, "The site could not read its database.");
	if (!secretary_of)
		return refusal(r, out, 403,
			       "Only a branch's secretaries record its decisions, and you are not "
			       "the secretary of a branch.");
	if (res.state != RES_CIRCULATING)
		return refusal(r, out, 409,
			       pool_printf(p, "This resolution is %s: it takes no new decisions.",
					   res_state_name(res.state)));
	struct res_ctx c = page_res_ctx(r);
	struct res_answer a = {0};
	int status = 200;
	if (r->post) {
		struct res_decide_in in;
		struct res_error e;
		if (res_decide_read(form_value, r, p, &in, &e) != 0) {
			a = (struct res_answer){
			    .status = 400, .field = e.field, .message = e.message};
		} else if (res_decide(&c, res.id, r->member_id, &in, &a) == 0) {
			out->status = 303;
			out->location = page_res_url(r, &res, "#res-decisions");
			return 0;
		}
		status = a.status;
	}
	struct res_amendment_row *am;
	size_t nam;
	if (store_res_amendments(r->store, p, res.id, 0, &am, &nam) != 0)
		return refusal(r, out, 500, "The site could not read its database.");
	struct val *ctx = page_base(r, pool_printf(p, "Your branch's decision: %s", res.title));
	val_set(p, ctx, "res", page_res_val(r, &res));
	val_set(p, ctx, "branches", bl);
	const char *version =
	    *sent(r, "version") ? sent(r, "version") : pool_printf(p, "%d", res.current);
	struct val *vl = val_set(p, ctx, "versions", val_list(p));
	for (int n = res.current; n >= 1; n--) {
		struct val *v = val_map(p);
		const char *s = pool_printf(p, "%d", n);
		val_set_str(p, v, "n", s);
		val_set_bool(p, v, "chosen", strcmp(s, version) == 0);
		val_push(p, vl, v);
	}
	const char *outcome = sent(r, "outcome");
	struct val *ol = val_set(p, ctx, "outcomes", val_list(p));
	for (int k = OUTCOME_ADOPTED; k <= OUTCOME_DEFERRED; k++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "value", res_outcome_name(k));
		val_set_str(p, v, "words", res_outcome_words(k));
		val_set_bool(p, v, "chosen", strcmp(outcome, res_outcome_name(k)) == 0);
		val_push(p, ol, v);
	}
	struct val *al = val_set(p, ctx, "amendments", val_list(p));
	for (size_t i = 0; i < nam; i++) {
		if (am[i].state == AMEND_WITHDRAWN)
			continue;
		struct val *x = page_res_amendment_val(r, &c, &res, &am[i]);
		const char *num = pool_printf(p, "%d", am[i].n);
		int chosen = 0;
		for (size_t k = 0; r->post && form_value(r, "amendment[]", k); k++)
			chosen |= strcmp(form_value(r, "amendment[]", k), num) == 0;
		val_set_bool(p, x, "chosen", chosen);
		val_push(p, al, x);
	}
	val_set_bool(p, ctx, "has_amendments", al->u.list.n > 0);
	val_set_str(p, ctx, "amendments_typed", sent(r, "amendments"));
	val_set_str(p, ctx, "date", sent(r, "date"));
	val_set_str(p, ctx, "for", sent(r, "for"));
	val_set_str(p, ctx, "against", sent(r, "against"));
	val_set_str(p, ctx, "abstain", sent(r, "abstain"));
	val_set_str(p, ctx, "note", sent(r, "note"));
	struct val *dl = page_res_decisions_val(r, &c, res.id);
	if (!dl)
		return refusal(r, out, 500, "The site could not read its database.");
	val_set(p, ctx, "decisions", dl);
	val_set_bool(p, ctx, "has_branches", dl->u.list.n > 0);
	return form_again(r, out, "res_decide", ctx, status, &a);
}
