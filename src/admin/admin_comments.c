/* admin_comments: moderation from the browser: the queue of held comments, the published
 * ones, and the same actions as `broadside comment`, logged in public where the CLI logs. */
#include "admin/admin.h"
#include "crypto/seal.h"
#include "comment/comment.h"
#include "comment/moderate.h"
#include "page/page.h"
#include "render/val.h"
#include "store/store_comment.h"
#include "util/escape.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MOD_LIST_MAX 100

/* A POSTed action: 0 with the ?done= parameters of the page to go back to in *done, or the
 * refusal's status with *msg. */
static int act(struct req *r, const char **done, const char **msg)
{
	const char *reason = req_field(r, "reason"), *text = req_field(r, "text");
	size_t bad;
	if (strlen(reason) > 500 || !utf8_valid(reason, strlen(reason), &bad)) {
		*msg = "A reason has at most 500 characters.";
		return 400;
	}
	if (*req_field(r, "ban")) {
		char addr[SEAL_TAG_LEN + 1];
		int days = atoi(req_field(r, "days"));
		if (seal_addr_param(r->keys, req_field(r, "ban"), addr) != 0) {
			*msg = "A ban names an address (IPv4, or IPv6 by its /64) or a comment's "
			       "address tag.";
			return 400;
		}
		if (!*reason) {
			*msg = "A ban needs a reason.";
			return 400;
		}
		if (days < 1 || days > 3650)
			days = 30;
		if (store_begin(r->store) != 0 ||
		    store_ban(r->store, addr, r->now + (long long)days * 86400, reason) != 0 ||
		    store_commit_quiet(r->store) != 0) {
			store_rollback(r->store);
			*msg = "The site could not write its database.";
			return 500;
		}
		*done = pool_printf(r->pool, "done=banned&days=%d", days);
		return 0;
	}
	int m = moderation_parse(req_field(r, "action"));
	long long id = atoll(req_field(r, "id"));
	if (m < 0 || id <= 0) {
		*msg = "Choose an action for a comment.";
		return 400;
	}
	struct comment_row c;
	int taken_off = m != MOD_APPROVE && store_comment_get(r->store, r->pool, id, &c) == 0 &&
			c.status == COMMENT_PUBLISHED && !(m == MOD_REJECT && c.pending_md);
	if ((m == MOD_REMOVE || m == MOD_EDIT || taken_off) && !*reason) {
		*msg = "Removing or editing a published comment needs a reason: the public "
		       "moderation log shows it.";
		return 400;
	}
	if (m == MOD_EDIT && (!*text || strlen(text) > COMMENT_BODY_MAX)) {
		*msg = "The new text is empty or too long.";
		return 400;
	}
	if (store_begin(r->store) != 0) {
		*msg = "The site could not write its database.";
		return 500;
	}
	int rc = moderate(r->store, r->pool, (enum moderation)m, id, reason, text, msg);
	if (rc != 0 || admin_commit(r) != 0) {
		store_rollback(r->store);
		if (rc <= 0)
			*msg = "The site could not write its database.";
		return rc > 0 ? 409 : 500;
	}
	*done = pool_printf(r->pool, "done=%s&id=%lld", moderation_name(m), id);
	return 0;
}

/* The sentence for ?done=: made from the action's code and the comment it names as it is now,
 * never from text in the address. */
static const char *done_notice(struct req *r)
{
	const char *code = req_arg(r, "done"), *ids = req_arg(r, "id");
	if (!code)
		return NULL;
	if (strcmp(code, "banned") == 0) {
		int days = atoi(req_arg(r, "days") ? req_arg(r, "days") : "");
		return days >= 1 && days <= 3650
			   ? pool_printf(r->pool,
					 "Comments from that address are refused for %d days.",
					 days)
			   : NULL;
	}
	int m = moderation_parse(code);
	struct comment_row c;
	if (m < 0 || !ids || store_comment_get(r->store, r->pool, atoll(ids), &c) != 0)
		return NULL;
	const char *of = pool_printf(r->pool, "the comment by %s on «%s»", c.name, c.post_title);
	if (c.status == COMMENT_REMOVED)
		return pool_printf(r->pool, "Removed %s%s; the public moderation log says why.", of,
				   m == MOD_SPAM ? " as spam" : "");
	switch (m) {
	case MOD_APPROVE:
		return pool_printf(r->pool, "Approved %s: it is public now.", of);
	case MOD_REJECT:
		return pool_printf(r->pool, "Turned down %s.", of);
	case MOD_SPAM:
		return pool_printf(r->pool, "Marked %s as spam.", of);
	case MOD_EDIT:
		return pool_printf(r->pool,
				   "Edited %s; the public moderation log keeps the old text.", of);
	}
	return NULL;
}

int admin_comments(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *notice = NULL, *error = NULL;
	if (r->post) {
		const char *msg, *done;
		int st = act(r, &done, &msg);
		if (st == 0)
			return admin_redirect(
			    out, pool_printf(
				     p, "%s&%s",
				     page_url(p, "/admin/comments?status=", req_field(r, "status")),
				     done));
		out->status = st;
		error = msg;
	}
	const char *sname = r->post ? req_field(r, "status") : req_arg(r, "status");
	int status = comment_status_parse(sname && *sname ? sname : "held");
	if (status == -2)
		status = COMMENT_HELD;
	if (!error)
		notice = done_notice(r);
	struct comment_row *rows;
	size_t n;
	if (store_comments_by_status(r->store, p, status, MOD_LIST_MAX, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, "Comments");
	const char *shown = status < 0 ? "all" : comment_status_name(status);
	val_set_str(p, ctx, "status", shown);
	struct val *filters = val_set(p, ctx, "statuses", val_list(p));
	/* Each status, then "all" (-1). */
	for (int i = COMMENT_HELD; i <= COMMENT_DELETED + 1; i++) {
		const char *name = i <= COMMENT_DELETED ? comment_status_name(i) : "all";
		struct val *f = val_map(p);
		val_set_str(p, f, "name", name);
		val_set_bool(p, f, "selected", strcmp(name, shown) == 0);
		val_push(p, filters, f);
	}
	struct val *list = val_set(p, ctx, "comments", val_list(p));
	val_set_bool(p, ctx, "has_comments", n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct comment_row *c = &rows[i];
		struct val *v = val_map(p);
		val_set_num(p, v, "id", (double)c->id);
		val_set_str(p, v, "name", c->name);
		const char *email = c->email_ct ? seal_open(r->keys, SEAL_PLACE_COMMENT_EMAIL,
							    c->email_ct, c->email_len, p)
						: NULL;
		val_set(p, v, "email", email ? val_str(p, email) : val_null(p));
		val_set_str(p, v, "website", c->website);
		val_set_str(p, v, "addr", c->addr);
		val_set_str(p, v, "status", comment_status_name(c->status));
		val_set_str(p, v, "body_md", c->body_md);
		/* Rendered in untrusted mode when it was sent: no raw HTML, checked links. */
		val_set_str(p, v, "body_html", c->body_html);
		/* Every key the template reads inside the list is set, so none is found on the
		 * page around it. */
		val_set(p, v, "pending_html",
			c->pending_html ? val_str(p, c->pending_html) : val_null(p));
		val_set(p, v, "date", page_date_val(p, c->created));
		val_set_str(p, v, "post_title", c->post_title);
		val_set_str(p, v, "post_url", page_post_path(p, c->post_type, c->post_slug));
		int waiting = c->status == COMMENT_HELD || c->status == COMMENT_SPAM ||
			      c->status == COMMENT_REJECTED || c->pending_md;
		val_set_bool(p, v, "may_approve", waiting);
		val_set_bool(p, v, "may_turn_down", c->status == COMMENT_HELD && !c->pending_md);
		val_set_bool(p, v, "edit_waits", c->pending_md != NULL);
		val_set_bool(p, v, "published", c->status == COMMENT_PUBLISHED);
		val_set_bool(p, v, "has_actions", waiting || c->status == COMMENT_PUBLISHED);
		val_push(p, list, v);
	}
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	if (error)
		val_set_str(p, ctx, "error", error);
	return admin_render(r, "admin_comments", ctx, out);
}
