/* admin_resolutions: the writers' pages of model resolutions: the list, drafting (with the
 * numbered lines as they will be), circulating, merging chosen amendments into a new version,
 * closing and withdrawing. Authors run their own resolutions, editors and owners every one. */
#include "admin/admin.h"
#include "page/page.h"
#include "page/page_res.h"
#include "render/val.h"
#include "req/form.h"
#include "resolution/resolution.h"
#include "route/route.h"
#include "util/buf.h"
#include "util/pool.h"

#include <string.h>

#define LIST_MAX 1000

static const char *actor(struct req *r)
{
	return pool_printf(r->pool, "@%s", r->me.handle);
}

static const char *form_value(void *ud, const char *key, size_t i)
{
	const struct form *f = ((struct req *)ud)->form;
	for (size_t k = 0; f && k < f->n; k++)
		if (strcmp(f->field[k].key, key) == 0 && i-- == 0)
			return buf_str(&f->field[k].value);
	return NULL;
}

static int may_run(const struct req *r, const struct res_row *res)
{
	return r->me.role <= ROLE_EDITOR || (res->author_id && res->author_id == r->me.id);
}

static const char *notice_of(const char *code)
{
	static const char *const notices[][2] = {
	    {"saved", "Saved as a draft."},
	    {"circulated", "Circulated: version 1 is permanent, and the branches' members get a "
			   "mail."},
	    {"merged", "Merged into a new version; the other open amendments are stale now."},
	    {"closed", "Closed; the public log says why."},
	    {"withdrawn", "Withdrawn; the public log says why."},
	};
	for (size_t i = 0; code && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(code, notices[i][0]) == 0)
			return notices[i][1];
	return NULL;
}

int admin_resolutions(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row *rows;
	size_t n;
	if (store_res_list(r->store, p, 1, 1, LIST_MAX, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, "Resolutions");
	struct val *list = val_set(p, ctx, "resolutions", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = page_res_val(r, &rows[i]);
		val_set_num(p, v, "id", (double)rows[i].id);
		val_set_bool(p, v, "draft", rows[i].state == RES_DRAFT);
		val_set_bool(p, v, "public_page", rows[i].current > 0);
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_resolutions", n > 0);
	return admin_render(r, "admin_resolutions", ctx, out);
}

/* The draft form, with the writer's text (sent or stored) and its lines as they will be. */
static int draft_page(struct req *r, struct page_out *out, const struct res_row *res,
		      const struct res_draft_in *in, int status, const char *error,
		      const char *field)
{
	struct pool *p = r->pool;
	struct val *ctx =
	    admin_base(r, res ? pool_printf(p, "Draft: %s", res->title) : "New resolution");
	struct val *v = val_set(p, ctx, "draft", val_map(p));
	val_set_str(p, v, "action",
		    res ? pool_printf(p, "/admin/resolutions/%lld", res->id)
			: "/admin/resolutions/new");
	val_set(p, v, "id", res ? val_num(p, (double)res->id) : val_null(p));
	val_set_str(p, v, "title", in->title);
	val_set_str(p, v, "slug", in->slug);
	val_set_str(p, v, "reason", in->reason);
	val_set_str(p, v, "deadline", in->deadline);
	val_set_str(p, v, "text", in->text);
	val_set_bool(p, v, "members", in->visibility == VISIBLE_MEMBERS);
	/* The numbers the lines will have, shown while writing. */
	struct buf canon = {0};
	const char *why;
	struct res_doc d;
	if (res_normalize(in->text, strlen(in->text), &canon, &why) >= 0 &&
	    res_doc_make(p, buf_str(&canon), NULL, &d) == 0 && d.nlines) {
		struct res_row fake = {.slug = in->slug && *in->slug ? in->slug : "draft"};
		val_set(p, v, "paras", page_res_text_val(r, &fake, &d, NULL, 0, 0));
		val_set_num(p, v, "lines", (double)d.nlines);
		val_set_bool(p, v, "preview", 1);
	}
	buf_free(&canon);
	if (res)
		val_set_str(p, v, "circulate_url",
			    pool_printf(p, "/admin/resolutions/%lld/circulate", res->id));
	if (res)
		val_set_str(p, v, "withdraw_url",
			    pool_printf(p, "/admin/resolutions/%lld/withdraw", res->id));
	val_set(p, ctx, "error", error ? val_str(p, error) : val_null(p));
	if (field)
		val_set_bool(p, v, pool_printf(p, "err_%s", field), 1);
	val_set(p, ctx, "notice", val_null(p));
	const char *done = req_arg(r, "done");
	if (!r->post && notice_of(done))
		val_set_str(p, ctx, "notice", notice_of(done));
	out->status = status;
	return admin_render(r, "admin_resolution", ctx, out);
}

/* A circulating (or closed) resolution: its current version, the amendments to merge, the
 * forms to close or withdraw it. */
static int manage_page(struct req *r, struct page_out *out, const struct res_row *res)
{
	struct pool *p = r->pool;
	struct res_ctx c = page_res_ctx(r);
	struct res_version_row ver;
	struct res_doc d;
	struct res_amendment_row *am;
	size_t nam;
	if (res_version_doc(&c, res->id, res->current, &ver, &d) != 0 ||
	    store_res_amendments(r->store, p, res->id, res->current, &am, &nam) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, res->title);
	struct val *v = val_set(p, ctx, "res", page_res_val(r, res));
	val_set_num(p, v, "id", (double)res->id);
	val_set(p, v, "paras", page_res_text_val(r, res, &d, am, nam, 0));
	val_set_num(p, v, "lines", (double)d.nlines);
	struct val *open = val_set(p, v, "open", val_list(p));
	for (size_t i = 0; i < nam; i++)
		if (am[i].state == AMEND_OPEN)
			val_push(p, open, page_res_amendment_val(r, &c, res, &am[i]));
	val_set_bool(p, v, "has_open", open->u.list.n > 0);
	struct val *dl = page_res_decisions_val(r, &c, res->id);
	if (!dl)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	val_set(p, v, "decisions", dl);
	val_set_bool(p, v, "has_branches", dl->u.list.n > 0);
	val_set_bool(p, v, "may_run", may_run(r, res));
	val_set_str(p, v, "merge_url", pool_printf(p, "/admin/resolutions/%lld/merge", res->id));
	val_set_str(p, v, "close_url", pool_printf(p, "/admin/resolutions/%lld/close", res->id));
	val_set_str(p, v, "withdraw_url",
		    pool_printf(p, "/admin/resolutions/%lld/withdraw", res->id));
	val_set(p, ctx, "notice",
		notice_of(req_arg(r, "done")) ? val_str(p, notice_of(req_arg(r, "done")))
					      : val_null(p));
	return admin_render(r, "admin_resolution", ctx, out);
}

int admin_resolution_edit(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	long long id = r->route->id;
	struct res_row res;
	if (id) {
		int rc = store_res_by_id(r->store, p, id, &res);
		if (rc != 0)
			return rc < 0 ? (admin_fail(r, out, 500,
						    "The site could not read its database."),
					 -1)
				      : admin_fail(r, out, 404, "There is no such resolution.");
		if (!may_run(r, &res))
			return admin_fail(
			    r, out, 403,
			    "Only the resolution's writer, editors and owners run it.");
		if (res.state != RES_DRAFT) {
			if (r->post)
				return admin_fail(
				    r, out, 409,
				    "This resolution has circulated: its text is "
				    "permanent now. Merge amendments into a new version.");
			return manage_page(r, out, &res);
		}
	}
	struct res_draft_in in = {
	    .title = "", .slug = "", .reason = "", .deadline = "", .text = ""};
	if (!r->post) {
		if (id)
			in = (struct res_draft_in){res.title,	 res.slug,  res.reason,
						   res.deadline, res.draft, res.visibility};
		return draft_page(r, out, id ? &res : NULL, &in, 200, NULL, NULL);
	}
	/* What the writer sent stays in the form whatever goes wrong. */
	struct res_draft_in typed = {
	    req_field(r, "title"),  req_field(r, "slug"),
	    req_field(r, "reason"), req_field(r, "deadline"),
	    req_field(r, "text"),   strcmp(req_field(r, "visibility"), "members") == 0};
	if (r->csrf_bad)
		return draft_page(r, out, id ? &res : NULL, &typed, 403,
				  "The form's security token did not match your session, so "
				  "nothing was saved. Your text is still here: send it again.",
				  NULL);
	struct res_error e;
	if (res_draft_read(form_value, r, p, &in, &e) != 0)
		return draft_page(r, out, id ? &res : NULL, &typed, 400, e.message, e.field);
	struct res_ctx c = page_res_ctx(r);
	struct res_answer a;
	if (res_draft_save(&c, id, &in, r->me.id, &a) != 0)
		return draft_page(r, out, id ? &res : NULL, &typed, a.status, a.message, a.field);
	return admin_redirect(out, pool_printf(p, "/admin/resolutions/%lld?done=saved", a.id));
}

int admin_resolution_action(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row res;
	int rc = store_res_by_id(r->store, p, r->route->id, &res);
	if (rc != 0)
		return rc < 0
			   ? (admin_fail(r, out, 500, "The site could not read its database."), -1)
			   : admin_fail(r, out, 404, "There is no such resolution.");
	if (!may_run(r, &res))
		return admin_fail(r, out, 403,
				  "Only the resolution's writer, editors and owners run it.");
	struct res_ctx c = page_res_ctx(r);
	struct res_answer a = {0};
	const char *done = NULL;
	switch (r->row->arg) {
	case RES_ACTION_CIRCULATE:
		res_circulate(&c, res.id, actor(r), &a);
		done = "circulated";
		break;
	case RES_ACTION_MERGE: {
		int *pick;
		size_t n;
		struct res_error e;
		if (res_pick_read(form_value, r, p, &pick, &n, &e) != 0)
			a = (struct res_answer){
			    .status = 400, .field = e.field, .message = e.message};
		else
			res_merge_amendments(&c, res.id, pick, n, req_field(r, "note"), actor(r),
					     &a);
		done = "merged";
		break;
	}
	case RES_ACTION_CLOSE:
	case RES_ACTION_WITHDRAW:
		res_close(&c, res.id, r->row->arg == RES_ACTION_WITHDRAW, req_field(r, "reason"),
			  actor(r), &a);
		done = r->row->arg == RES_ACTION_WITHDRAW ? "withdrawn" : "closed";
		break;
	default:
		return admin_fail(r, out, 404, "There is no such action.");
	}
	if (a.status)
		return admin_fail(r, out, a.status, a.message);
	return admin_redirect(out, pool_printf(p, "/admin/resolutions/%lld?done=%s", res.id, done));
}
