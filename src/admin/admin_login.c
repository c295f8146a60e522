/* admin_login: signing in (with throttling), signing out, the one-time owner setup and the
 * account page. */
#include "auth/account.h"
#include "admin/admin.h"
#include "report/unlock.h"
#include "route/route.h"
#include "page/page.h"
#include "render/val.h"
#include "store/store_comment.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* The bs_pre cookie binds the login and setup forms' CSRF token before there is a session. */
static void ensure_pre(struct req *r, struct page_out *out)
{
	if (r->pre)
		return;
	char tok[AUTH_TOKEN_LEN + 1];
	unsigned char h[32];
	auth_token_new(tok);
	auth_token_hash(tok, h);
	auth_csrf(store_secret(r->store), h, r->csrf);
	out->set_cookie = pool_printf(r->pool, "bs_pre=%s; Path=/admin; HttpOnly; SameSite=Lax%s",
				      tok, r->secure ? "; Secure" : "");
}

static const char *session_cookie(struct req *r, const char *tok, int max_age)
{
	return pool_printf(r->pool, "bs_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
			   tok, max_age, r->secure ? "; Secure" : "");
}

/* Starts a session for user id inside the caller's transaction; sets the cookies. */
static int start_session(struct req *r, struct page_out *out, long long id)
{
	char tok[AUTH_TOKEN_LEN + 1];
	unsigned char h[32];
	auth_token_new(tok);
	auth_token_hash(tok, h);
	if (store_session_add(r->store, h, id, r->now + AUTH_SESSION_SECONDS, r->addr) != 0)
		return -1;
	out->set_cookie = session_cookie(r, tok, AUTH_SESSION_SECONDS);
	/* The page answered now carries forms for the new session. */
	memcpy(r->session_hash, h, sizeof(h));
	auth_csrf(store_secret(r->store), h, r->csrf);
	out->set_cookie2 =
	    pool_printf(r->pool, "bs_pre=; Path=/admin; Max-Age=0%s", r->secure ? "; Secure" : "");
	return 0;
}

/* Where to go after signing in: a path under /admin or /committee, or /admin. */
static const char *next_of(const char *next)
{
	if (next && (strncmp(next, "/admin", 6) == 0 || strncmp(next, "/committee", 10) == 0) &&
	    !strstr(next, "//") && !strchr(next, '\\') && !strpbrk(next, "\r\n"))
		return next;
	return "/admin";
}

static int login_form(struct req *r, struct page_out *out, int status, const char *error)
{
	struct val *ctx = admin_base(r, "Sign in");
	struct pool *p = r->pool;
	const char *next = r->post ? req_field(r, "next") : req_arg(r, "next");
	val_set_str(p, ctx, "next", next_of(next));
	val_set_str(p, ctx, "handle", r->post ? req_field(r, "handle") : "");
	if (error)
		val_set_str(p, ctx, "error", error);
	if (!r->post && req_arg(r, "out"))
		val_set_str(p, ctx, "notice", "You are signed out.");
	out->status = status;
	return admin_render(r, "admin_login", ctx, out);
}

static const char *lower_key(struct req *r, const char *prefix, const char *s)
{
	char *k = pool_printf(r->pool, "%s%s", prefix, s);
	for (char *c = k; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	return k;
}

/* The stricter verdict of the account's and the address's failures. */
static int throttle(struct req *r, const char *const keys[2], long long *wait)
{
	int worst = 0;
	*wait = 0;
	for (int i = 0; i < 2; i++) {
		struct login_failures lf;
		long long w;
		if (store_login_failures(r->store, keys[i], r->now - AUTH_FAIL_WINDOW,
					 AUTH_LOCK_AFTER, &lf) != 0)
			return -1;
		int v = auth_throttle(lf.count, lf.last, lf.nth, r->now, &w);
		if (v > worst || (v == worst && w > *wait)) {
			worst = v;
			*wait = w;
		}
	}
	return worst;
}

/*
 * Under one write lock: the verdict on this try and, unless it is locked out, a failure
 * recorded in advance (ids), taken back when the password turns out right. Tries sent at the
 * same time so each see the others; a try while slowed down counts too: hurrying only comes to
 * the lock sooner. Returns the verdict, or -1.
 */
static int reserve(struct req *r, const char *handle, const char *const keys[2], long long *wait,
		   long long ids[2])
{
	if (store_begin(r->store) != 0)
		return -1;
	int v = throttle(r, keys, wait);
	if (v == 2) {
		store_rollback(r->store);
		return 2;
	}
	if (v < 0 || (ids[0] = store_login_fail(r->store, keys[0], handle, r->now)) < 0 ||
	    (ids[1] = store_login_fail(r->store, keys[1], handle, r->now)) < 0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		return -1;
	}
	return v;
}

int admin_login(struct req *r, struct page_out *out)
{
	if (!r->post) {
		if (r->signed_in)
			return admin_redirect(out, "/admin");
		ensure_pre(r, out);
		return login_form(r, out, 200, NULL);
	}
	const char *handle = req_field(r, "handle"), *pw = req_field(r, "password");
	if (strlen(handle) > 64 || strlen(pw) > AUTH_PASSWORD_MAX)
		return login_form(r, out, 400, "The handle or the password is too long.");
	const char *const keys[2] = {lower_key(r, "u:", handle),
				     pool_printf(r->pool, "a:%s", r->addr)};
	long long wait, ids[2];
	int t = reserve(r, handle, keys, &wait, ids);
	if (t < 0)
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	if (t == 2)
		return login_form(
		    r, out, 429,
		    pool_printf(r->pool,
				"Signing in is locked after %d failed tries: try again "
				"in %lld minutes. An owner can end the lock at once by "
				"setting a new password ('broadside user passwd').",
				AUTH_LOCK_AFTER, (wait + 59) / 60));
	if (t == 1)
		return login_form(
		    r, out, 429,
		    pool_printf(r->pool,
				"Too many failed tries: wait %lld second%s before the "
				"next one. After %d the account is locked for %d "
				"minutes.",
				wait, wait == 1 ? "" : "s", AUTH_LOCK_AFTER,
				AUTH_FAIL_WINDOW / 60));
	struct account a;
	int rc = store_account_by_handle(r->store, r->pool, handle, &a);
	if (rc < 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	/* Unknown handles cost a password check too, and get the same answer. */
	if (!auth_check_password(rc == 0 ? a.pwhash : "", pw))
		return login_form(r, out, 401, "The handle or the password is wrong.");
	if (store_begin(r->store) != 0)
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	if (store_login_undo(r->store, ids[0]) != 0 || store_login_undo(r->store, ids[1]) != 0 ||
	    store_login_clear(r->store, a.handle) != 0 || start_session(r, out, a.id) != 0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	/* A membership officer writes nothing: the member list is their front page. */
	const char *next = next_of(req_field(r, "next"));
	if (a.role == ROLE_OFFICER && strcmp(next, "/admin") == 0)
		next = "/admin/members";
	return admin_redirect(out, next);
}

int admin_logout(struct req *r, struct page_out *out)
{
	int everywhere = r->row->arg;
	if (store_begin(r->store) != 0)
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	int rc = everywhere ? store_session_delete_user(r->store, r->me.id) < 0
			    : store_session_delete(r->store, r->session_hash);
	if (rc != 0 || store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	/* A committee key unlocked in this session is let go with it. */
	unlock_forget(r->session_hash);
	out->set_cookie = session_cookie(r, "", 0);
	return admin_redirect(out, "/admin/login?out=1");
}

static int setup_form(struct req *r, struct page_out *out, int status, const char *token,
		      const char *error)
{
	struct val *ctx = admin_base(r, "Create the owner's account");
	struct pool *p = r->pool;
	val_set_str(p, ctx, "token", token);
	val_set_str(p, ctx, "handle", req_field(r, "handle"));
	val_set_str(p, ctx, "name", req_field(r, "name"));
	if (error)
		val_set_str(p, ctx, "error", error);
	out->status = status;
	return admin_render(r, "admin_setup", ctx, out);
}

int admin_setup(struct req *r, struct page_out *out)
{
	const char *token = r->post ? req_field(r, "token") : req_arg(r, "token");
	unsigned char h[32];
	int rc = 1;
	if (auth_token_shape(token)) {
		auth_token_hash(token, h);
		rc = store_token_check(r->store, h, "setup", r->now);
	}
	if (rc < 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (rc == 1)
		return admin_fail(
		    r, out, 403,
		    "This setup link is not valid: it was used already, or it "
		    "expired. Restart 'broadside serve' to print a new one (only while "
		    "the site has no owner).");
	if (!r->post) {
		ensure_pre(r, out);
		return setup_form(r, out, 200, token, NULL);
	}
	const char *handle = req_field(r, "handle"), *name = req_field(r, "name");
	const char *pw = req_field(r, "password"), *pw2 = req_field(r, "password2");
	size_t bad;
	if (!account_handle_valid(handle))
		return setup_form(r, out, 400, token,
				  "A handle has 1 to 32 letters (A-Z), digits or '_'.");
	if (!*name || strlen(name) > 100 || !utf8_valid(name, strlen(name), &bad) ||
	    strpbrk(name, "\r\n\t"))
		return setup_form(r, out, 400, token,
				  "A name has 1 to 100 characters, on one line.");
	if (auth_password_problem(pw))
		return setup_form(r, out, 400, token, auth_password_problem(pw));
	if (strcmp(pw, pw2) != 0)
		return setup_form(r, out, 400, token, "The two passwords are not the same.");
	if (store_begin(r->store) != 0)
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	/* The token is used up inside the transaction: two sends of the form make one owner. */
	int taken = store_token_take(r->store, h, "setup", r->now);
	int owner = taken == 0 ? store_owner_exists(r->store) : -1;
	if (taken != 0 || owner != 0) {
		store_rollback(r->store);
		if (taken < 0 || owner < 0)
			return admin_fail(r, out, 500, "The site could not read its database."), -1;
		return admin_fail(r, out, 403,
				  "This setup link is used up: the site has an owner now. Sign in "
				  "instead.");
	}
	struct account a;
	const char *msg = NULL;
	int found = store_account_by_handle(r->store, r->pool, handle, &a);
	if (found == 0 && a.pwhash[0]) {
		store_rollback(r->store);
		return setup_form(r, out, 400, token,
				  "That handle belongs to a user who has a password already.");
	}
	if (found == 0) {
		/* A writer added from the command line, without a password, becomes the owner,
		 * under the name typed here when one was. */
		rc = store_account_set_role(r->store, a.id, ROLE_OWNER) ||
		     (*name && store_account_set_name(r->store, a.id, name) != 0) ||
		     account_set_password(r->store, a.id, handle, pw, &msg);
	} else if (found == 1) {
		rc = account_create(r->store, handle, name, "", ROLE_OWNER, pw, &msg) ||
		     store_account_by_handle(r->store, r->pool, handle, &a);
	}
	if (found < 0 || rc != 0 || store_token_delete_purpose(r->store, "setup") != 0 ||
	    start_session(r, out, a.id) != 0 || store_commit(r->store) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500,
				  msg ? msg : "The site could not write its database."),
		       -1;
	}
	return admin_redirect(out, "/admin");
}

int admin_account(struct req *r, struct page_out *out)
{
	const char *error = NULL, *notice = NULL;
	int status = 200;
	if (r->post) {
		const char *cur = req_field(r, "current"), *pw = req_field(r, "password");
		const char *msg;
		if (!auth_check_password(r->me.pwhash, cur)) {
			error = "The current password is wrong.", status = 400;
		} else if (strcmp(pw, req_field(r, "password2")) != 0) {
			error = "The two new passwords are not the same.", status = 400;
		} else if ((msg = auth_password_problem(pw))) {
			error = msg, status = 400;
		} else {
			if (store_begin(r->store) != 0 ||
			    account_set_password(r->store, r->me.id, r->me.handle, pw, &msg) != 0 ||
			    start_session(r, out, r->me.id) != 0 ||
			    store_commit_quiet(r->store) != 0) {
				store_rollback(r->store);
				return admin_fail(r, out, 500,
						  "The site could not write its database."),
				       -1;
			}
			notice = "Your password is changed, and every other session is signed out.";
		}
	}
	struct val *ctx = admin_base(r, "Your account");
	val_set_num(r->pool, ctx, "sessions", store_session_count(r->store, r->me.id, r->now));
	if (error)
		val_set_str(r->pool, ctx, "error", error);
	if (notice)
		val_set_str(r->pool, ctx, "notice", notice);
	out->status = status;
	return admin_render(r, "admin_account", ctx, out);
}
