/* page_report: the reporter's pages, which need no account and no script: writing a report to
 * the standing committee (who will read it is listed by name, and anyone can be left out), the
 * receipt shown once, coming back with it; and the public list of who is on the committee. */
#include "page/page.h"
#include "render/val.h"
#include "report/committee.h"
#include "report/report.h"
#include "report/report_crypto.h"
#include "report/throttle.h"
#include "req/form.h"
#include "route/route.h"
#include "store/store_committee.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static struct committee_ctx cctx(struct req *r)
{
	return (struct committee_ctx){.s = r->store, .k = r->keys, .p = r->pool, .now = r->now};
}

static struct report_ctx rctx(struct req *r)
{
	return (struct report_ctx){.s = r->store, .k = r->keys, .p = r->pool, .now = r->now};
}

static int ticked(struct req *r, long long id)
{
	return *req_field(r, pool_printf(r->pool, REPORT_READER_PREFIX "%lld", id)) != '\0';
}

/* The form, with the text kept after a refusal and an error by its field. */
static int form_page(struct req *r, struct page_out *out, int status, const char *field,
		     const char *error)
{
	struct pool *p = r->pool;
	struct committee_ctx c = cctx(r);
	struct committee_row *rows;
	size_t n;
	if (committee_readers(&c, &rows, &n) != 0) {
		page_error(r, 500, "The site could not read its database. Please try again.", out);
		return -1;
	}
	struct val *ctx = page_base(r, "Report to the standing committee");
	struct val *list = val_set(p, ctx, "members", val_list(p));
	struct buf shown = {0};
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		char fp[RC_FINGERPRINT];
		rc_fingerprint(rows[i].pk, fp);
		val_set_num(p, v, "id", (double)rows[i].user_id);
		val_set_str(p, v, "name", rows[i].name);
		val_set_str(p, v, "since", rows[i].since);
		val_set_str(p, v, "fingerprint", fp);
		val_set_bool(p, v, "checked", !r->post || ticked(r, rows[i].user_id));
		val_push(p, list, v);
		buf_printf(&shown, "%s%lld", i ? "," : "", rows[i].user_id);
	}
	val_set_str(p, ctx, "shown", buf_str(&shown));
	buf_free(&shown);
	val_set_bool(p, ctx, "open", n > 0);
	val_set_str(p, ctx, "text", r->post ? req_field(r, "text") : "");
	val_set_str(p, ctx, "contact", r->post ? req_field(r, "contact") : "");
	val_set_num(p, ctx, "text_max", REPORT_TEXT_MAX);
	val_set_num(p, ctx, "contact_max", REPORT_CONTACT_MAX);
	val_set_num(p, ctx, "files_max", REPORT_FILES_MAX);
	val_set_num(p, ctx, "files_mb", FORM_MEM_FILES_BYTES >> 20);
	if (error) {
		val_set_str(p, ctx, "error", error);
		val_set_bool(p, ctx, pool_printf(p, "%s_error", field ? field : "form"), 1);
		/* Files are not sent back by a browser: say so when others were refused. */
		val_set_bool(p, ctx, "files_again", r->form && r->form->nmem > 0);
	}
	out->status = status;
	return page_render(r, "report_form", ctx, out);
}

static int sent_page(struct req *r, struct page_out *out, const struct report_input *in,
		     const char receipt[RECEIPT_DIGITS + 1])
{
	struct pool *p = r->pool;
	struct committee_ctx c = cctx(r);
	struct committee_row *rows;
	size_t n;
	if (committee_readers(&c, &rows, &n) != 0)
		n = 0;
	struct val *ctx = page_base(r, "Your report is sent");
	struct val *names = val_set(p, ctx, "readers", val_list(p));
	for (size_t i = 0; i < in->nreaders; i++)
		for (size_t j = 0; j < n; j++)
			if (rows[j].user_id == in->readers[i])
				val_push(p, names, val_str(p, rows[j].name));
	char shown[RECEIPT_SHOWN + 1];
	receipt_show(receipt, shown);
	val_set_str(p, ctx, "receipt", shown);
	sodium_memzero(shown, sizeof(shown));
	val_set_num(p, ctx, "files", (double)in->nfiles);
	out->status = 200;
	return page_render(r, "report_sent", ctx, out);
}

int page_report(struct req *r, struct page_out *out)
{
	if (!r->post)
		return form_page(r, out, 200, NULL, NULL);
	int wait = throttle_wait(THROTTLE_REPORT, r->addr, r->now);
	if (wait) {
		out->retry_after = wait;
		return form_page(r, out, 429, "form",
				 pool_printf(r->pool,
					     "Several reports came from your address in the last "
					     "hour. Wait %d minute(s) and send it again: your text "
					     "is kept below.",
					     (wait + 59) / 60));
	}
	if (r->form && r->form->mem_busy) {
		out->retry_after = 60;
		return form_page(r, out, 503, "files",
				 "The server is busy with other files just now. Wait a minute "
				 "and send it again: your text is kept below.");
	}
	struct committee_ctx c = cctx(r);
	struct committee_row *rows;
	size_t n;
	if (committee_readers(&c, &rows, &n) != 0) {
		page_error(r, 500, "The site could not read its database. Please try again.", out);
		return -1;
	}
	long long joined[COMMITTEE_MAX];
	size_t nj = 0;
	for (size_t i = 0; i < n && nj < COMMITTEE_MAX; i++)
		joined[nj++] = rows[i].user_id;
	struct report_input in;
	const char *field, *msg;
	if (report_form_read(r->form, joined, nj, r->pool, &in, &field, &msg) != 0)
		return form_page(r, out, 400, field, msg);
	struct report_ctx rc = rctx(r);
	char receipt[RECEIPT_DIGITS + 1];
	long long id;
	enum report_result res = report_send(&rc, &in, receipt, &id);
	if (res == REPORT_NOBODY)
		return form_page(r, out, 409, "readers",
				 "None of the members you chose can read reports any more (the "
				 "committee changed meanwhile). Choose again from the list below.");
	if (res != REPORT_OK)
		return form_page(r, out, 500, "form",
				 "The report could not be stored, so nothing of it was kept. Send "
				 "it again: your text is kept below.");
	throttle_note(THROTTLE_REPORT, r->addr, r->now);
	int ret = sent_page(r, out, &in, receipt);
	sodium_memzero(receipt, sizeof(receipt));
	return ret;
}

/* The follow-up page: the receipt form, or the thread with a form to write again. */
static int followup_page(struct req *r, struct page_out *out, int status, const char *error,
			 const struct report_view *v, const char *receipt, const char *message,
			 const char *notice)
{
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, "Your report");
	if (v) {
		val_set_str(p, ctx, "state", report_state_name(v->row.state));
		val_set_str(p, ctx, "day", v->row.day);
		val_set_num(p, ctx, "files", v->row.files);
		val_set_str(p, ctx, "receipt", receipt);
		struct val *list = val_set(p, ctx, "messages", val_list(p));
		for (size_t i = 0; i < v->nmessages; i++) {
			struct val *m = val_map(p);
			val_set_str(p, m, "day", v->messages[i].day);
			val_set_bool(p, m, "from_committee", v->messages[i].from_committee);
			val_set_str(p, m, "text", v->messages[i].text);
			val_push(p, list, m);
		}
		val_set_bool(p, ctx, "opened", 1);
	}
	val_set_str(p, ctx, "message", message ? message : "");
	if (error)
		val_set_str(p, ctx, "error", error);
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	out->status = status;
	return page_render(r, "report_followup", ctx, out);
}

/* The one answer to a receipt that opens nothing, whatever was typed: counted and slowed. */
static int no_report(struct req *r, struct page_out *out, const char *message)
{
	throttle_note(THROTTLE_RECEIPT, r->addr, r->now);
	return followup_page(r, out, 404,
			     "No report opens with this receipt. Check its 16 digits and type "
			     "it again.",
			     NULL, NULL, message, NULL);
}

int page_report_followup(struct req *r, struct page_out *out)
{
	if (!r->post)
		return followup_page(r, out, 200, NULL, NULL, NULL, NULL, NULL);
	const char *typed = req_field(r, "receipt");
	const char *message = req_field(r, "message");
	int wait = throttle_wait(THROTTLE_RECEIPT, r->addr, r->now);
	if (wait) {
		out->retry_after = wait;
		return followup_page(r, out, 429,
				     pool_printf(r->pool,
						 "There were too many receipts from your address "
						 "that opened nothing. Wait %d minute(s) and try "
						 "again.",
						 (wait + 59) / 60),
				     NULL, NULL, message, NULL);
	}
	char digits[RECEIPT_DIGITS + 1];
	if (receipt_parse(typed, strlen(typed), digits) != 0)
		return followup_page(r, out, 400,
				     "A receipt is 16 digits (spaces between them do not matter).",
				     NULL, NULL, message, NULL);
	struct report_ctx c = rctx(r);
	const char *notice = NULL, *error = NULL, *kept = NULL;
	int status = 200;
	int busy = *message ? throttle_wait(THROTTLE_MESSAGE, r->addr, r->now) : 0;
	if (busy) {
		out->retry_after = busy;
		status = 429, kept = message;
		error =
		    pool_printf(r->pool,
				"Many messages came from your address in the last hour. Wait %d "
				"minute(s) and send it again: it is kept below.",
				(busy + 59) / 60);
	} else if (*message) {
		enum report_result rc = report_reporter_writes(&c, digits, message);
		if (rc == REPORT_NONE)
			return no_report(r, out, message);
		if (rc == REPORT_REFUSED || rc == REPORT_FULL) {
			status = 400, kept = message;
			error =
			    rc == REPORT_FULL
				? "This report holds as many messages as it may. Send a new "
				  "report, and say in it which one it follows."
				: pool_printf(r->pool, "A message has at most %d bytes of text.",
					      REPORT_MESSAGE_MAX);
		} else if (rc != REPORT_OK) {
			page_error(r, 500,
				   "The site could not write its database. Please try again.", out);
			return -1;
		} else {
			throttle_note(THROTTLE_MESSAGE, r->addr, r->now);
			notice = "Your message is sent.";
		}
	}
	struct report_view v;
	enum report_result rc = report_followup(&c, digits, &v);
	if (rc == REPORT_NONE)
		return no_report(r, out, NULL);
	if (rc != REPORT_OK) {
		page_error(r, 500, "The report could not be opened. Please try again.", out);
		return -1;
	}
	char shown[RECEIPT_SHOWN + 1];
	receipt_show(digits, shown);
	int ret =
	    followup_page(r, out, status, error, &v, pool_strdup(r->pool, shown), kept, notice);
	sodium_memzero(shown, sizeof(shown));
	sodium_memzero(digits, sizeof(digits));
	return ret;
}

int page_committee_members(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct committee_row *rows;
	struct committee_change_row *changes;
	size_t n, nc;
	if (store_committee_list(r->store, p, &rows, &n) != 0 ||
	    store_committee_changes(r->store, p, 500, &changes, &nc) != 0) {
		page_error(r, 500, "The site could not read its database. Please try again.", out);
		return -1;
	}
	struct val *ctx = page_base(r, "The standing committee");
	struct val *list = val_set(p, ctx, "members", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "name", rows[i].name);
		val_set_str(p, v, "since", rows[i].since);
		val_set_str(p, v, "named_by", rows[i].named_by);
		val_set_bool(p, v, "joined", rows[i].joined != NULL);
		if (rows[i].joined) {
			char fp[RC_FINGERPRINT];
			rc_fingerprint(rows[i].pk, fp);
			val_set_str(p, v, "fingerprint", fp);
		}
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_members", n > 0);
	struct val *hist = val_set(p, ctx, "changes", val_list(p));
	for (size_t i = 0; i < nc; i++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "day", changes[i].day);
		val_set_str(p, v, "name", changes[i].name);
		val_set_str(p, v, "by", changes[i].by);
		val_set_bool(p, v, "named", strcmp(changes[i].action, "named") == 0);
		val_set_bool(p, v, "joined", strcmp(changes[i].action, "joined") == 0);
		val_set_bool(p, v, "removed", strcmp(changes[i].action, "removed") == 0);
		val_push(p, hist, v);
	}
	val_set_bool(p, ctx, "has_changes", nc > 0);
	out->cacheable = 1;
	return page_render(r, "committee_members", ctx, out);
}
