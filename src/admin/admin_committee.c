/* admin_committee: the standing committee's own keys in the browser: joining with a committee
 * passphrase (the recovery key shown once), unlocking for 30 minutes, locking, a new
 * passphrase, recovering with the recovery key, the notice address; the form that unlocks on
 * the way when a key locked itself; and the owner's page that names and removes members. */
#include "admin/admin.h"
#include "page/page.h"
#include "render/val.h"
#include "report/committee.h"
#include "report/report_crypto.h"
#include "report/unlock.h"
#include "req/form.h"
#include "route/route.h"
#include "store/store_committee.h"
#include "store/store_reports.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct committee_ctx ctx_of(struct req *r)
{
	return (struct committee_ctx){.s = r->store, .k = r->keys, .p = r->pool, .now = r->now};
}

static const char *me_actor(struct req *r)
{
	return pool_printf(r->pool, "@%s", r->me.handle);
}

/* Where to go after unlocking: a committee page, or /committee. */
static const char *next_of(const char *next)
{
	if (next && strncmp(next, "/committee/", 11) == 0 && !strstr(next, "//") &&
	    !strchr(next, '\\') && !strpbrk(next, "\r\n"))
		return next;
	return "/committee";
}

/* The sentence and status of a refused key operation. */
static int refusal(struct req *r, enum committee_result rc, int wait, const char **msg,
		   struct page_out *out)
{
	switch (rc) {
	case COMMITTEE_WRONG:
		*msg = "That does not unlock your committee key. Mind that the committee "
		       "passphrase is not your sign-in password.";
		return 400;
	case COMMITTEE_SLOW_DOWN:
		out->retry_after = wait;
		*msg = pool_printf(r->pool,
				   "There were too many wrong tries. Wait %d minute(s), then try "
				   "again.",
				   (wait + 59) / 60);
		return 429;
	case COMMITTEE_WEAK:
		*msg = "A committee passphrase has 12 characters or more (1024 bytes at most). "
		       "A few words you can remember make a good one.";
		return 400;
	case COMMITTEE_MISMATCH:
		*msg = "The two new passphrases are not the same.";
		return 400;
	case COMMITTEE_LOGIN_PASS:
		*msg = "The committee passphrase must not be your sign-in password: choose "
		       "another one.";
		return 400;
	case COMMITTEE_SWAPPED:
		*msg = "Your key does not match the public key stored for you: someone changed "
		       "the database. Nothing was unlocked. Tell the other members of the "
		       "committee; the committee's log has it.";
		return 409;
	case COMMITTEE_BUSY:
		*msg = "Too many committee keys are unlocked on this server at once. Try again "
		       "in a few minutes.";
		return 503;
	case COMMITTEE_ALREADY:
		*msg = "You have chosen your committee passphrase already.";
		return 409;
	default:
		*msg = "The site could not read or write its database.";
		return 500;
	}
}

/* The frame of every committee page: the admin's, with the key's state. */
static struct val *base(struct req *r, const char *title)
{
	struct pool *p = r->pool;
	struct val *ctx = admin_base(r, title);
	if (r->unlocked_until) {
		long long left = (r->unlocked_until - r->now + 59) / 60;
		val_set_num(p, ctx, "unlocked_minutes", (double)(left > 0 ? left : 1));
	}
	return ctx;
}

static int join_page(struct req *r, struct page_out *out, int status, const char *error)
{
	struct val *ctx = base(r, "Join the committee");
	if (error)
		val_set_str(r->pool, ctx, "error", error);
	out->status = status;
	return admin_render(r, "admin_committee_join", ctx, out);
}

int committee_unlock_page(struct req *r, struct page_out *out, int status, const char *error)
{
	struct val *ctx = base(r, "Unlock your committee key");
	const char *next = r->post ? req_field(r, "next") : req_arg(r, "next");
	val_set_str(r->pool, ctx, "next", next_of(next));
	if (error)
		val_set_str(r->pool, ctx, "error", error);
	else if (!r->post && req_arg(r, "locked"))
		val_set_str(r->pool, ctx, "notice", "Your key is locked.");
	out->status = status;
	return admin_render(r, "admin_committee_unlock", ctx, out);
}

int committee_join_post(struct req *r, struct page_out *out)
{
	struct committee_ctx c = ctx_of(r);
	char recovery[RECOVERY_SHOWN + 1];
	enum committee_result rc =
	    committee_join(&c, r->me.id, r->session_hash, req_field(r, "passphrase"),
			   req_field(r, "again"), recovery);
	const char *msg;
	if (rc == COMMITTEE_BUSY) {
		/* Joined, but not unlocked: the recovery key must still be shown. */
		rc = COMMITTEE_OK;
	}
	if (rc != COMMITTEE_OK) {
		int status = refusal(r, rc, 0, &msg, out);
		return status == 500 ? admin_fail(r, out, 500, msg),
		       -1	     : join_page(r, out, status, msg);
	}
	r->unlocked_until = unlock_until(r->session_hash, r->me.id, r->now);
	struct val *ctx = base(r, "Your recovery key");
	val_set_str(r->pool, ctx, "recovery", recovery);
	sodium_memzero(recovery, sizeof(recovery));
	return admin_render(r, "admin_committee_recovery", ctx, out);
}

int committee_unlock_post(struct req *r, struct page_out *out)
{
	struct committee_ctx c = ctx_of(r);
	int wait;
	if (!r->committee_joined)
		return admin_redirect(out, "/committee");
	enum committee_result rc =
	    committee_unlock(&c, r->me.id, r->session_hash, req_field(r, "passphrase"), &wait);
	if (rc == COMMITTEE_OK)
		return admin_redirect(out, next_of(req_field(r, "next")));
	const char *msg;
	int status = refusal(r, rc, wait, &msg, out);
	if (status == 500)
		return admin_fail(r, out, 500, msg), -1;
	return committee_unlock_page(r, out, status, msg);
}

int committee_lock(struct req *r, struct page_out *out)
{
	unlock_forget(r->session_hash);
	return admin_redirect(out, "/committee?locked=1");
}

int admin_committee_relock(struct req *r, struct page_out *out)
{
	if (!r->committee_joined) {
		admin_redirect(out, "/committee");
		return 0;
	}
	if (!r->post) {
		admin_redirect(out, page_url(r->pool, "/committee?next=", r->path));
		return 0;
	}
	struct pool *p = r->pool;
	const char *pass = req_field(r, "passphrase");
	const char *error = "Your committee key locked itself (it stays unlocked 30 minutes at "
			    "most). Unlock it to send the form: what you wrote is kept below.";
	int status = 403;
	if (*pass) {
		struct committee_ctx c = ctx_of(r);
		int wait;
		enum committee_result rc =
		    committee_unlock(&c, r->me.id, r->session_hash, pass, &wait);
		if (rc == COMMITTEE_OK) {
			r->unlocked_until = unlock_until(r->session_hash, r->me.id, r->now);
			return 1;
		}
		status = refusal(r, rc, wait, &error, out);
	}
	struct val *ctx = base(r, "Unlock to send the form");
	val_set_str(p, ctx, "error", error);
	val_set_str(p, ctx, "action", r->path);
	struct val *fields = val_set(p, ctx, "fields", val_list(p));
	const struct form *f = r->form;
	/* The form comes back as it was sent, but for its token and the passphrase. */
	for (size_t i = 0; f && !form_bad_text(f) && i < f->n; i++) {
		const char *key = f->field[i].key;
		if (strcmp(key, "_csrf") == 0 || strcmp(key, "passphrase") == 0)
			continue;
		struct val *v = val_map(p);
		val_set_str(p, v, "name", key);
		val_set_str(p, v, "value", buf_str(&f->field[i].value));
		/* What was written is shown to be checked; the form's other fields are not. */
		val_set_bool(p, v, "long",
			     strcmp(key, "text") == 0 || strcmp(key, "message") == 0 ||
				 strchr(buf_str(&f->field[i].value), '\n') != NULL);
		val_push(p, fields, v);
	}
	out->status = status;
	admin_render(r, "admin_committee_relock", ctx, out);
	return 0;
}

/* The member's own page: the notice address, a new passphrase, the key's fingerprint. */
int committee_account(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct committee_ctx c = ctx_of(r);
	struct committee_row m;
	const char *notice = NULL, *error = NULL, *field = NULL;
	int status = 200;
	if (!r->committee_joined)
		return admin_redirect(out, "/committee");
	if (store_committee_get(r->store, p, r->me.id, &m) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	const char *email = r->post ? req_field(r, "email") : committee_notify_email(&c, &m);
	if (r->post && strcmp(req_field(r, "action"), "notify") == 0) {
		enum committee_result rc = committee_set_notify(&c, r->me.id, email);
		field = "email";
		if (rc == COMMITTEE_BAD_EMAIL)
			error = "This is not an email address mail can be sent to (an ASCII "
				"address like name@example.org), or leave it empty.",
			status = 400;
		else if (rc != COMMITTEE_OK)
			return admin_fail(r, out, 500, "The site could not write its database."),
			       -1;
		else
			notice = *email ? "Notices of new reports go to this address."
					: "No notices go out to you by mail.";
	} else if (r->post && strcmp(req_field(r, "action"), "passphrase") == 0) {
		int wait;
		field = "passphrase";
		enum committee_result rc =
		    committee_change_pass(&c, r->me.id, r->session_hash, req_field(r, "current"),
					  req_field(r, "passphrase"), req_field(r, "again"), &wait);
		if (rc == COMMITTEE_OK) {
			notice = "Your committee passphrase is changed: the old one no longer "
				 "opens your key. Your recovery key still does.";
			r->unlocked_until = unlock_until(r->session_hash, r->me.id, r->now);
		} else {
			status = refusal(r, rc, wait, &error, out);
			if (status == 500)
				return admin_fail(r, out, 500, error), -1;
		}
	} else if (r->post) {
		error = "Choose what to change.", status = 400;
	}
	struct val *ctx = base(r, "Your committee key");
	char fp[RC_FINGERPRINT];
	rc_fingerprint(m.pk, fp);
	val_set_str(p, ctx, "fingerprint", fp);
	val_set_str(p, ctx, "since", m.since);
	val_set_str(p, ctx, "joined", m.joined);
	val_set_str(p, ctx, "email", email);
	val_set_bool(p, ctx, "email_error", field && strcmp(field, "email") == 0 && error);
	val_set_bool(p, ctx, "pass_error", field && strcmp(field, "passphrase") == 0 && error);
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	if (error)
		val_set_str(p, ctx, "error", error);
	out->status = status;
	return admin_render(r, "admin_committee_account", ctx, out);
}

int committee_recover_page(struct req *r, struct page_out *out)
{
	const char *error = NULL;
	int status = 200;
	if (!r->committee_joined)
		return admin_redirect(out, "/committee");
	if (r->post) {
		struct committee_ctx c = ctx_of(r);
		int wait;
		enum committee_result rc =
		    committee_recover(&c, r->me.id, r->session_hash, req_field(r, "recovery"),
				      req_field(r, "passphrase"), req_field(r, "again"), &wait);
		if (rc == COMMITTEE_OK)
			return admin_redirect(out, "/committee?recovered=1");
		if (rc == COMMITTEE_WRONG) {
			error = "That recovery key does not open your key: it has 32 letters and "
				"digits, in groups of four, as it was printed.";
			status = 400;
		} else {
			status = refusal(r, rc, wait, &error, out);
		}
		if (status == 500)
			return admin_fail(r, out, 500, error), -1;
	}
	struct val *ctx = base(r, "Recover your committee key");
	if (error)
		val_set_str(r->pool, ctx, "error", error);
	out->status = status;
	return admin_render(r, "admin_committee_recover", ctx, out);
}

/* --- The owner's page: who is on the committee, naming and removing. --- */

static int owner_act(struct req *r, const char **notice, const char **error, int *force_for)
{
	struct committee_ctx c = ctx_of(r);
	const char *what = req_field(r, "action"), *handle = req_field(r, "handle");
	long long id;
	int lost = 0;
	enum committee_result rc;
	if (strcmp(what, "name") == 0)
		rc = committee_name(&c, handle, me_actor(r), &id);
	else if (strcmp(what, "remove") == 0)
		rc = committee_remove(&c, handle, me_actor(r), *req_field(r, "force") != '\0',
				      &lost);
	else
		return *error = "Choose what to do.", 400;
	if (rc == COMMITTEE_OK) {
		*notice = what[0] == 'n' ? "Named. The public list at /committee/members says so, "
					   "and by whom."
					 : "Taken off the committee; their keys to reports are "
					   "deleted. The public list says so.";
		return 0;
	}
	if (rc == COMMITTEE_SOLE_READER) {
		*force_for = 1;
		*error = pool_printf(r->pool,
				     "@%s is the only one who can read %d report(s): taken off "
				     "now, nobody ever could again. Ask them to grant another "
				     "member access first, or tick the box to remove them anyway.",
				     handle[0] == '@' ? handle + 1 : handle, lost);
		return 409;
	}
	*error = pool_printf(r->pool, "Not done: %s.", committee_strerror(rc));
	return rc == COMMITTEE_ERROR ? 500 : rc == COMMITTEE_NO_USER ? 404 : 409;
}

int admin_committee(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *notice = NULL, *error = NULL;
	int force_for = 0;
	if (r->post) {
		int st = owner_act(r, &notice, &error, &force_for);
		if (st == 0)
			return admin_redirect(
			    out,
			    pool_printf(p, "/admin/committee?done=%s",
					req_field(r, "action")[0] == 'n' ? "named" : "removed"));
		out->status = st;
	} else if (req_arg(r, "done")) {
		notice = strcmp(req_arg(r, "done"), "named") == 0
			     ? "Named. The public list at /committee/members says so, and by whom."
			     : "Taken off the committee; their keys to reports are deleted.";
	}
	struct committee_row *rows;
	struct account *users;
	size_t n, nu;
	long long reports, keys;
	if (store_committee_list(r->store, p, &rows, &n) != 0 ||
	    store_accounts(r->store, p, &users, &nu) != 0 ||
	    store_report_counts(r->store, &reports, &keys) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, "The standing committee");
	struct val *list = val_set(p, ctx, "members", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "name", rows[i].name);
		val_set_str(p, v, "handle", rows[i].handle);
		val_set_str(p, v, "since", rows[i].since);
		val_set_str(p, v, "named_by", rows[i].named_by);
		val_set_bool(p, v, "joined", rows[i].joined != NULL);
		val_set_bool(p, v, "force",
			     force_for &&
				 strcmp(rows[i].handle, req_field(r, "handle")[0] == '@'
							    ? req_field(r, "handle") + 1
							    : req_field(r, "handle")) == 0);
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_members", n > 0);
	struct val *others = val_set(p, ctx, "users", val_list(p));
	for (size_t i = 0; i < nu; i++) {
		int on = 0;
		for (size_t j = 0; j < n; j++)
			on |= rows[j].user_id == users[i].id;
		if (on)
			continue;
		struct val *v = val_map(p);
		val_set_str(p, v, "handle", users[i].handle);
		val_set_str(p, v, "name", users[i].name);
		val_push(p, others, v);
	}
	val_set_bool(p, ctx, "may_name", n < COMMITTEE_MAX);
	val_set_num(p, ctx, "reports", (double)reports);
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	if (error)
		val_set_str(p, ctx, "error", error);
	return admin_render(r, "admin_committee", ctx, out);
}
