/* committee_reports: the committee's reports in the browser: the list of those sealed to the
 * member, one report with its thread and files, replies, states, grants and revocations, and
 * the committee's log. Every page needs the member's key unlocked (RF_UNLOCKED), but the list
 * and the log, which open nothing. */
#include "admin/admin.h"
#include "page/page.h"
#include "render/val.h"
#include "report/committee.h"
#include "report/report.h"
#include "report/report_log.h"
#include "route/route.h"
#include "store/store_committee.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct report_ctx ctx_of(struct req *r)
{
	return (struct report_ctx){.s = r->store, .k = r->keys, .p = r->pool, .now = r->now};
}

static struct report_member me_of(struct req *r)
{
	return (struct report_member){
	    .session = r->session_hash, .user = r->me.id, .handle = r->me.handle};
}

static struct val *base(struct req *r, const char *title)
{
	struct val *ctx = admin_base(r, title);
	if (r->unlocked_until) {
		long long left = (r->unlocked_until - r->now + 59) / 60;
		val_set_num(r->pool, ctx, "unlocked_minutes", (double)(left > 0 ? left : 1));
	}
	return ctx;
}

/* The notices of ?done= after a 303: fixed sentences only. */
static const char *done_notice(const char *code)
{
	static const struct {
		const char *code, *text;
	} notices[] = {
	    {"replied", "Your reply is sent: the reporter reads it with their receipt."},
	    {"marked", "The report's state is changed."},
	    {"granted", "Access granted. The committee's log says so."},
	    {"revoked", "Access taken away. The committee's log says so."},
	};
	for (size_t i = 0; code && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(code, notices[i].code) == 0)
			return notices[i].text;
	return NULL;
}

int committee_home(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	if (!r->committee_joined) {
		struct val *ctx = base(r, "Join the committee");
		return admin_render(r, "admin_committee_join", ctx, out);
	}
	if (!r->unlocked_until)
		return committee_unlock_page(r, out, 200, NULL);
	struct report_ctx c = ctx_of(r);
	struct report_row *rows;
	size_t n;
	if (report_list(&c, r->me.id, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = base(r, "Reports");
	struct val *list = val_set(p, ctx, "reports", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_num(p, v, "id", (double)rows[i].id);
		val_set_str(p, v, "day", rows[i].day);
		val_set_str(p, v, "last_day", rows[i].last_day);
		val_set_str(p, v, "state", report_state_name(rows[i].state));
		val_set_bool(p, v, "is_new", rows[i].state == REPORT_NEW);
		val_set_num(p, v, "files", rows[i].files);
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_reports", n > 0);
	if (req_arg(r, "recovered"))
		val_set_str(p, ctx, "notice", "Your new passphrase is set, and your key unlocked.");
	return admin_render(r, "admin_committee_reports", ctx, out);
}

/* A member's name and handle for the pages, from the committee list. */
static const struct committee_row *member_of(const struct committee_row *rows, size_t n,
					     long long id)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].user_id == id)
			return &rows[i];
	return NULL;
}

static struct val *who_val(struct pool *p, const struct committee_row *m, long long id)
{
	struct val *v = val_map(p);
	val_set_num(p, v, "id", (double)id);
	val_set_str(p, v, "name", m ? m->name : "someone no longer on the committee");
	val_set_str(p, v, "handle", m ? m->handle : "");
	return v;
}

/* One report: status and an error for a form that was refused (its text kept). */
static int report_page(struct req *r, struct page_out *out, int status, const char *error,
		       const char *reply)
{
	struct pool *p = r->pool;
	struct report_ctx c = ctx_of(r);
	struct report_member m = me_of(r);
	struct report_view v;
	enum report_result rc = report_open(&c, &m, r->route->id, &v);
	if (rc == REPORT_NONE)
		return admin_fail(r, out, 404,
				  "There is no such report, or it is not sealed to you.");
	if (rc != REPORT_OK)
		return admin_fail(r, out, 500,
				  "The report could not be opened: the database failed, or what "
				  "is stored for it does not open with your key."),
		       -1;
	struct committee_row *rows;
	size_t n;
	if (store_committee_list(r->store, p, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = base(r, pool_printf(p, "Report %lld", v.row.id));
	val_set_num(p, ctx, "rid", (double)v.row.id);
	val_set_str(p, ctx, "day", v.row.day);
	val_set_str(p, ctx, "state", report_state_name(v.row.state));
	val_set_str(p, ctx, "contact", v.contact);
	val_set_str(p, ctx, "reply", reply ? reply : "");
	val_set_bool(p, ctx, "reply_error", reply != NULL);
	struct val *states = val_set(p, ctx, "states", val_list(p));
	for (int s = REPORT_NEW; s <= REPORT_STATE_LAST; s++) {
		struct val *sv = val_map(p);
		val_set_num(p, sv, "value", s);
		val_set_str(p, sv, "name", report_state_name(s));
		val_set_bool(p, sv, "current", s == v.row.state);
		val_push(p, states, sv);
	}
	struct val *msgs = val_set(p, ctx, "messages", val_list(p));
	for (size_t i = 0; i < v.nmessages; i++) {
		struct val *mv = val_map(p);
		val_set_str(p, mv, "day", v.messages[i].day);
		val_set_bool(p, mv, "from_committee", v.messages[i].from_committee);
		val_set_str(p, mv, "author", v.messages[i].author);
		val_set_str(p, mv, "text", v.messages[i].text);
		val_set_bool(p, mv, "first", i == 0);
		val_push(p, msgs, mv);
	}
	struct val *files = val_set(p, ctx, "files", val_list(p));
	for (int i = 0; i < v.row.files; i++) {
		struct val *fv = val_map(p);
		val_set_num(p, fv, "n", i + 1);
		val_set_str(p, fv, "name", v.files[i].name);
		val_set_str(p, fv, "type", v.files[i].type);
		val_push(p, files, fv);
	}
	val_set_bool(p, ctx, "has_files", v.row.files > 0);
	struct val *readers = val_set(p, ctx, "readers", val_list(p));
	for (size_t i = 0; i < v.nreaders; i++) {
		struct val *w = who_val(p, member_of(rows, n, v.readers[i]), v.readers[i]);
		val_set_bool(p, w, "me", v.readers[i] == r->me.id);
		val_set_bool(p, w, "may_revoke", v.nreaders > 1);
		val_push(p, readers, w);
	}
	struct val *excluded = val_set(p, ctx, "excluded", val_list(p));
	for (size_t i = 0; i < v.nexcluded; i++)
		val_push(p, excluded, who_val(p, member_of(rows, n, v.excluded[i]), v.excluded[i]));
	val_set_bool(p, ctx, "has_excluded", v.nexcluded > 0);
	/* Who may be granted access: joined, without a key to it, not left out by the reporter. */
	struct val *grantable = val_set(p, ctx, "grantable", val_list(p));
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		int skip = !rows[i].joined;
		for (size_t j = 0; j < v.nreaders && !skip; j++)
			skip = v.readers[j] == rows[i].user_id;
		for (size_t j = 0; j < v.nexcluded && !skip; j++)
			skip = v.excluded[j] == rows[i].user_id;
		if (skip)
			continue;
		val_push(p, grantable, who_val(p, &rows[i], rows[i].user_id));
		any = 1;
	}
	val_set_bool(p, ctx, "may_grant", any);
	const char *notice = done_notice(req_arg(r, "done"));
	if (notice && !error)
		val_set_str(p, ctx, "notice", notice);
	if (error)
		val_set_str(p, ctx, "error", error);
	out->status = status;
	return admin_render(r, "admin_committee_report", ctx, out);
}

int committee_report(struct req *r, struct page_out *out)
{
	return report_page(r, out, 200, NULL, NULL);
}

int committee_report_act(struct req *r, struct page_out *out)
{
	struct report_ctx c = ctx_of(r);
	struct report_member m = me_of(r);
	long long id = r->route->id;
	enum report_result rc;
	const char *done;
	switch (r->row->arg) {
	case REPORT_ACT_REPLY:
		done = "replied";
		rc = report_reply(&c, &m, id, req_field(r, "text"));
		if (rc == REPORT_REFUSED || rc == REPORT_FULL)
			return report_page(
			    r, out, 400,
			    rc == REPORT_FULL
				? "This report holds as many messages as it may: reach the "
				  "reporter the way they gave, if they gave one."
				: pool_printf(r->pool,
					      "A reply has some text, and %d bytes at most.",
					      REPORT_MESSAGE_MAX),
			    req_field(r, "text"));
		break;
	case REPORT_ACT_STATE:
		done = "marked";
		rc = report_mark(&c, &m, id, atoi(req_field(r, "state")));
		if (rc == REPORT_REFUSED)
			return report_page(r, out, 400, "Choose new, in hand or closed.", NULL);
		break;
	case REPORT_ACT_GRANT:
		done = "granted";
		rc = report_grant(&c, &m, id, atoll(req_field(r, "member")));
		if (rc == REPORT_REFUSED)
			return report_page(r, out, 409,
					   "That member cannot be granted access: the reporter "
					   "left them out, they have no committee key yet, or "
					   "they can read it already.",
					   NULL);
		break;
	default:
		done = "revoked";
		rc = report_revoke(&c, &m, id, atoll(req_field(r, "member")));
		if (rc == REPORT_REFUSED)
			return report_page(r, out, 409,
					   "That member's access cannot be taken away: they "
					   "cannot read it, or they are the last who can (then "
					   "nobody could ever read it again).",
					   NULL);
		break;
	}
	if (rc == REPORT_NONE)
		return admin_fail(r, out, 404,
				  "There is no such report, or it is not sealed to you.");
	if (rc != REPORT_OK)
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	return admin_redirect(out,
			      pool_printf(r->pool, "/committee/reports/%lld?done=%s", id, done));
}

int committee_report_file(struct req *r, struct page_out *out)
{
	struct report_ctx c = ctx_of(r);
	struct report_member m = me_of(r);
	struct report_file f;
	enum report_result rc = report_open_file(&c, &m, r->route->id, r->route->n, &f);
	if (rc == REPORT_NONE)
		return admin_fail(r, out, 404, "There is no such file.");
	if (rc != REPORT_OK)
		return admin_fail(r, out, 500, "The file could not be opened."), -1;
	const char *slash = strchr(f.type, '/');
	const char *ext = strcmp(f.type, "image/jpeg") == 0 ? "jpg" : slash ? slash + 1 : "bin";
	out->status = 200;
	out->type = f.type;
	/* The reporter's file name stays on the page: the header carries a made-up one. */
	out->disposition = pool_printf(r->pool, "attachment; filename=\"report-%lld-file-%lld.%s\"",
				       r->route->id, r->route->n, ext);
	buf_put(&out->body, f.data, f.len);
	return 0;
}

/* The log, as far as this member may see it: the committee's own entries, and those of the
 * reports they hold a key to. */
int committee_log(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct report_ctx c = ctx_of(r);
	struct committee_log_row *rows;
	struct report_row *mine;
	size_t n, nmine;
	long long entries, bad;
	int check = report_log_verify(r->store, r->keys, &entries, &bad);
	if (check < 0 || store_committee_log_rows(r->store, p, 0, 1000, 1, &rows, &n) != 0 ||
	    report_list(&c, r->me.id, &mine, &nmine) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = base(r, "The committee's log");
	struct val *list = val_set(p, ctx, "entries", val_list(p));
	int shown = 0;
	for (size_t i = 0; i < n; i++) {
		int may = rows[i].report == 0;
		for (size_t j = 0; j < nmine && !may; j++)
			may = mine[j].id == rows[i].report;
		if (!may)
			continue;
		struct val *v = val_map(p);
		val_set_num(p, v, "id", (double)rows[i].id);
		val_set_str(p, v, "day", rows[i].day);
		val_set_str(p, v, "actor", rows[i].actor);
		val_set_str(p, v, "action", rows[i].action);
		val_set_str(p, v, "detail", rows[i].detail);
		val_set_num(p, v, "report", (double)rows[i].report);
		val_push(p, list, v);
		shown++;
	}
	val_set_bool(p, ctx, "has_entries", shown > 0);
	val_set_bool(p, ctx, "holds", check == 0);
	val_set_num(p, ctx, "count", (double)entries);
	if (check != 0)
		val_set_str(p, ctx, "error",
			    pool_printf(p,
					"The log does not hold from entry %lld on: someone changed "
					"or took out entries in the database.",
					bad));
	return admin_render(r, "admin_committee_log", ctx, out);
}
