/* page_members: the pages of readers who subscribe and of members: subscribing, the links they
 * get by mail (confirm, sign in, unsubscribe), their account, their data, their branch, and
 * the audit log of who looked at the member list. */
#include "page/page.h"
#include "crypto/seal.h"
#include "member/member.h"
#include "render/val.h"
#include "req/req.h"
#include "route/route.h"
#include "store/store_audit.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct member_ctx page_member_ctx(struct req *r)
{
	return (struct member_ctx){.s = r->store,
				   .k = r->keys,
				   .site = &r->site,
				   .p = r->pool,
				   .now = r->now,
				   .base_url = r->base_url,
				   .addr = r->addr,
				   .data_dir = r->data_dir};
}

/* A page with a title, a sentence, and optionally one button that POSTs to action. */
static int message(struct req *r, struct page_out *out, int status, const char *title,
		   const char *text, const char *action, const char *button)
{
	struct val *c = page_base(r, title);
	val_set_str(r->pool, c, "title", title);
	val_set_str(r->pool, c, "message", text);
	val_set(r->pool, c, "action", action ? val_str(r->pool, action) : val_null(r->pool));
	val_set(r->pool, c, "button", button ? val_str(r->pool, button) : val_null(r->pool));
	val_set_str(r->pool, c, "csrf", r->csrf);
	out->status = status;
	return page_render(r, "member_message", c, out);
}

static const char *session_cookie(struct req *r, const char *token, int max_age)
{
	return pool_printf(r->pool, "bs_member=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
			   token, max_age, strncmp(r->site.url, "https:", 6) ? "" : "; Secure");
}

static int form_page(struct req *r, struct page_out *out, const char *tmpl, const char *title,
		     int status, const char *error, const char *field)
{
	struct val *c = page_base(r, title);
	struct pool *p = r->pool;
	val_set_str(p, c, "title", title);
	val_set_str(p, c, "email", r->post ? req_field(r, "email") : "");
	val_set_str(p, c, "name", r->post ? req_field(r, "name") : "");
	val_set(p, c, "error", error ? val_str(p, error) : val_null(p));
	val_set_bool(p, c, "email_error", field && strcmp(field, "email") == 0);
	val_set_bool(p, c, "name_error", field && strcmp(field, "name") == 0);
	out->status = status;
	return page_render(r, tmpl, c, out);
}

/* The same answer for every address, known or not, so that the form tells nothing. */
static int check_inbox(struct req *r, struct page_out *out, const char *what)
{
	return message(r, out, 200, "Check your inbox",
		       pool_printf(r->pool,
				   "If the address can get mail from us, a message with %s is on "
				   "its way. It can take a few minutes; look in the spam folder "
				   "too.",
				   what),
		       NULL, NULL);
}

static int refused(struct req *r, struct page_out *out, enum member_result rc)
{
	if (rc == MEMBER_NOT_READY)
		return message(r, out, 503, "Not open yet",
			       "This press does not take subscribers yet: its mails could not link "
			       "back to it until its owner sets its public address.",
			       NULL, NULL);
	if (rc == MEMBER_SLOW_DOWN) {
		out->retry_after = 3600;
		return message(r, out, 429, "Too many tries",
			       "There were too many tries from your address or for this email "
			       "in the last hour. Try again later.",
			       NULL, NULL);
	}
	page_error(r, 500, "The site could not write its database. Please try again.", out);
	return -1;
}

int page_subscribe(struct req *r, struct page_out *out)
{
	if (!r->post) {
		out->cacheable = 1;
		return form_page(r, out, "subscribe", "Subscribe", 200, NULL, NULL);
	}
	struct member_ctx c = page_member_ctx(r);
	enum member_result rc = member_subscribe(&c, req_field(r, "email"), req_field(r, "name"));
	if (rc == MEMBER_BAD_EMAIL)
		return form_page(r, out, "subscribe", "Subscribe", 400,
				 "This is not an email address we can send to (an ASCII address "
				 "like name@example.org).",
				 "email");
	if (rc == MEMBER_BAD_NAME)
		return form_page(r, out, "subscribe", "Subscribe", 400,
				 "A name has at most 100 characters, on one line.", "name");
	if (rc != MEMBER_OK)
		return refused(r, out, rc);
	return check_inbox(r, out, "a link to confirm your subscription");
}

/* A button of a link from a mail is pressed on this site's own page: a POST another site makes
 * the browser send (to sign it in as someone else) is refused. Browsers send Origin with
 * every POST of a form, and Sec-Fetch-Site; a mail program's one-click unsubscribe sends
 * neither, and does not come here. */
static int cross_site(struct req *r)
{
	const char *site = req_header(r, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return 1;
	const char *origin = req_header(r, "Origin");
	if (!origin)
		return 0;
	/* The origin of the press's address: its scheme and host. */
	const char *base = r->base_url, *host = strstr(base, "://");
	host = host ? host + 3 : base;
	size_t n = (size_t)(host - base) + strcspn(host, "/");
	return strlen(origin) != n || strncasecmp(origin, base, n) != 0;
}

/* The link's GET shows a button: mail scanners that follow links must not use it up. */
static int link_button(struct req *r, struct page_out *out, const char *what, const char *button)
{
	return message(r, out, 200, what, "Press the button to go on.",
		       pool_printf(r->pool, "%s", r->path), button);
}

static int dead_link(struct req *r, struct page_out *out)
{
	return message(r, out, 410, "This link is used up",
		       "The link was used already, or it expired. Ask for a new one.", NULL, NULL);
}

int page_member_confirm(struct req *r, struct page_out *out)
{
	if (!r->post)
		return link_button(r, out, "Confirm your subscription", "Confirm");
	if (cross_site(r))
		return message(r, out, 403, "Not from this site",
			       "Open the link from your mail and press the button there.", NULL,
			       NULL);
	struct member_ctx c = page_member_ctx(r);
	char session[AUTH_TOKEN_LEN + 1];
	enum member_result rc = member_confirm(&c, r->route->arg, session);
	if (rc == MEMBER_NO_LINK)
		return dead_link(r, out);
	if (rc != MEMBER_OK)
		return refused(r, out, rc);
	out->set_cookie = session_cookie(r, session, MEMBER_SESSION_SECONDS);
	out->status = 303;
	out->location = "/members/account?welcome=1";
	return 0;
}

int page_member_signin(struct req *r, struct page_out *out)
{
	if (!r->post) {
		out->cacheable = 1;
		return form_page(r, out, "member_signin", "Sign in", 200, NULL, NULL);
	}
	struct member_ctx c = page_member_ctx(r);
	enum member_result rc = member_signin_request(&c, req_field(r, "email"));
	if (rc == MEMBER_BAD_EMAIL)
		return form_page(r, out, "member_signin", "Sign in", 400,
				 "This is not an email address we can send to.", "email");
	if (rc != MEMBER_OK)
		return refused(r, out, rc);
	return check_inbox(r, out, "a sign-in link");
}

int page_member_signin_link(struct req *r, struct page_out *out)
{
	if (!r->post)
		return link_button(r, out, "Sign in", "Sign in");
	if (cross_site(r))
		return message(r, out, 403, "Not from this site",
			       "Open the link from your mail and press the button there.", NULL,
			       NULL);
	struct member_ctx c = page_member_ctx(r);
	char session[AUTH_TOKEN_LEN + 1];
	enum member_result rc = member_signin(&c, r->route->arg, session);
	if (rc == MEMBER_NO_LINK)
		return dead_link(r, out);
	if (rc != MEMBER_OK)
		return refused(r, out, rc);
	out->set_cookie = session_cookie(r, session, MEMBER_SESSION_SECONDS);
	out->status = 303;
	out->location = "/members/account";
	return 0;
}

int page_unsubscribe(struct req *r, struct page_out *out)
{
	long long id = r->route->id;
	/* One click (RFC 8058): the mail program POSTs "List-Unsubscribe=One-Click"; a reader's
	 * browser gets a button first. */
	if (!r->post)
		return message(r, out, 200, "Stop the mails",
			       "Press the button and no more posts come by mail to this address.",
			       r->path, "Unsubscribe");
	struct member_ctx c = page_member_ctx(r);
	enum member_result rc = member_unsubscribe(&c, id, r->route->arg);
	if (rc == MEMBER_NO_LINK)
		return message(r, out, 404, "No such subscription",
			       "This link does not belong to a subscription here (it may have "
			       "been deleted).",
			       NULL, NULL);
	if (rc != MEMBER_OK)
		return refused(r, out, rc);
	return message(r, out, 200, "Unsubscribed",
		       "No more posts come by mail to this address. You can subscribe again "
		       "at any time.",
		       NULL, NULL);
}

static const char *state_words(int state)
{
	return state == MEMBER_MEMBER	    ? "a member"
	       : state == MEMBER_SUBSCRIBER ? "a subscriber"
					    : "not confirmed";
}

int page_member_account(struct req *r, struct page_out *out)
{
	struct member_ctx c = page_member_ctx(r);
	struct pool *p = r->pool;
	struct member_row m;
	if (store_member_get(r->store, p, r->member_id, &m) != 0)
		return page_error(r, 404, "There is no such member.", out), 0;
	const char *notice = NULL;
	if (r->post) {
		int newsletter = *req_field(r, "newsletter") != '\0';
		int show = *req_field(r, "show_name") != '\0';
		/* Whether their name is shown is on resolutions' pages: those caches go too. */
		if (store_begin(r->store) != 0 ||
		    store_member_set_prefs(r->store, m.id, newsletter, show) != 0 ||
		    (show != m.show_name ? store_commit(r->store) : store_commit_quiet(r->store)) !=
			0) {
			store_rollback(r->store);
			return refused(r, out, MEMBER_ERROR);
		}
		m.newsletter = newsletter;
		m.show_name = show;
		notice = "Saved.";
	} else if (req_arg(r, "welcome")) {
		notice = "Your subscription is confirmed: new posts come to you by mail.";
	}
	struct val *v = page_base(r, "Your subscription");
	val_set_str(p, v, "title", "Your subscription");
	val_set_str(p, v, "csrf", r->csrf);
	const char *email = member_email(&c, &m);
	val_set_str(p, v, "email", email ? email : "");
	val_set_str(p, v, "name", member_name(&c, &m));
	val_set_str(p, v, "state", state_words(m.state));
	val_set_bool(p, v, "member", m.state == MEMBER_MEMBER);
	val_set_bool(p, v, "newsletter", m.newsletter);
	val_set_bool(p, v, "show_name", m.show_name);
	val_set(p, v, "notice", notice ? val_str(p, notice) : val_null(p));
	struct branch_row *b;
	int *sec;
	size_t nb;
	if (store_member_branches(r->store, p, m.id, &b, &sec, &nb) != 0)
		return refused(r, out, MEMBER_ERROR);
	struct val *list = val_set(p, v, "branches", val_list(p));
	int secretary = 0;
	for (size_t i = 0; i < nb; i++) {
		struct val *e = val_map(p);
		val_set_str(p, e, "name", b[i].name);
		val_set_bool(p, e, "secretary", sec[i]);
		val_push(p, list, e);
		secretary |= sec[i];
	}
	val_set_bool(p, v, "has_branches", nb > 0);
	val_set_bool(p, v, "secretary", secretary);
	return page_render(r, "member_account", v, out);
}

int page_member_export(struct req *r, struct page_out *out)
{
	struct member_ctx c = page_member_ctx(r);
	enum member_result rc = member_export(&c, r->member_id, &out->body);
	if (rc != MEMBER_OK)
		return refused(r, out, rc);
	out->status = 200;
	out->type = "application/json";
	return 0;
}

int page_member_delete(struct req *r, struct page_out *out)
{
	if (!*req_field(r, "sure"))
		return message(r, out, 400, "Not deleted",
			       "Tick the box that says you understand, then press the button "
			       "again.",
			       NULL, NULL);
	struct member_ctx c = page_member_ctx(r);
	enum member_result rc =
	    member_delete(&c, r->member_id, pool_printf(r->pool, "member #%lld", r->member_id));
	if (rc != MEMBER_OK && rc != MEMBER_NO_LINK)
		return refused(r, out, rc);
	out->set_cookie = session_cookie(r, "", 0);
	return message(r, out, 200, "Deleted",
		       "Your subscription, your membership and everything we kept of you are "
		       "deleted.",
		       NULL, NULL);
}

int page_member_signout(struct req *r, struct page_out *out)
{
	struct member_ctx c = page_member_ctx(r);
	long long all = *req_field(r, "everywhere") ? r->member_id : 0;
	if (member_signout(&c, req_cookie(r, "bs_member"), all) != 0)
		return refused(r, out, MEMBER_ERROR);
	out->set_cookie = session_cookie(r, "", 0);
	out->status = 303;
	out->location = "/";
	return 0;
}

int page_member_branch(struct req *r, struct page_out *out)
{
	if (r->member_state < MEMBER_MEMBER)
		return message(r, out, 403, "Not a secretary",
			       "Only a branch's secretaries see who is in it.", NULL, NULL);
	struct member_ctx c = page_member_ctx(r);
	struct pool *p = r->pool;
	struct branch_row *b;
	int *sec;
	size_t nb;
	if (store_member_branches(r->store, p, r->member_id, &b, &sec, &nb) != 0)
		return refused(r, out, MEMBER_ERROR);
	struct val *v = page_base(r, "Your branch");
	val_set_str(p, v, "title", "Your branch");
	struct val *list = val_set(p, v, "branches", val_list(p));
	int any = 0;
	/* A secretary sees the names in their own branch; nobody sees an email here. */
	for (size_t i = 0; i < nb; i++) {
		if (!sec[i])
			continue;
		any = 1;
		long long *ids;
		int *is_sec;
		size_t n;
		if (store_branch_members(r->store, p, b[i].id, &ids, &is_sec, &n) != 0)
			return refused(r, out, MEMBER_ERROR);
		struct val *e = val_map(p), *names = val_list(p);
		val_set_str(p, e, "name", b[i].name);
		for (size_t k = 0; k < n; k++) {
			struct member_row m;
			if (store_member_get(r->store, p, ids[k], &m) != 0)
				continue;
			struct val *one = val_map(p);
			const char *name = member_name(&c, &m);
			val_set_str(
			    p, one, "name",
			    *name ? name : pool_printf(p, "a member without a name (#%lld)", m.id));
			val_set_bool(p, one, "secretary", is_sec[k]);
			val_push(p, names, one);
		}
		val_set(p, e, "members", names);
		val_push(p, list, e);
	}
	if (!any)
		return message(r, out, 403, "Not a secretary",
			       "Only a branch's secretaries see who is in it.", NULL, NULL);
	return page_render(r, "member_branch", v, out);
}

int page_member_audit(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct audit_row *rows;
	size_t n;
	if (r->member_state < MEMBER_MEMBER)
		return message(r, out, 403, "For members",
			       "Members read here who looked at the member list and when.", NULL,
			       NULL);
	if (store_audit_seen_by(r->store, p, r->member_id, 500, &rows, &n) != 0)
		return refused(r, out, MEMBER_ERROR);
	struct val *v = page_base(r, "Who looked at the member list");
	val_set_str(p, v, "title", "Who looked at the member list");
	struct val *list = val_set(p, v, "entries", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *e = val_map(p);
		val_set(p, e, "date", page_date_val(p, rows[i].at));
		/* Whose data it was, and what was done to them, is for that member alone: of
		 * the others' entries only who looked, and when. */
		int yours = rows[i].subject == r->member_id;
		val_set_str(p, e, "actor", rows[i].actor);
		val_set_str(p, e, "action",
			    yours ? rows[i].detail
			    : strcmp(rows[i].action, "outbox") == 0
				? "read a mail to a member in the outbox"
				: "looked at a member's email");
		val_set_bool(p, e, "yours", yours);
		val_push(p, list, e);
	}
	val_set_bool(p, v, "empty", n == 0);
	return page_render(r, "member_audit", v, out);
}
