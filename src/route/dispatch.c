/* dispatch: what the matched row asks before its handler runs: the session, the role, the CSRF
 * token of a form. */
#include "route/dispatch.h"
#include "admin/admin.h"
#include "fed/routes.h"
#include "page/page.h"
#include "req/form.h"
#include "req/req.h"
#include "route/route.h"
#include "report/unlock.h"
#include "store/store_committee.h"
#include "store/store_sessions.h"
#include "util/pool.h"

#include <string.h>

/* Reads the session cookie: signed_in, me, and the CSRF token forms carry (bound to the
 * session, or before there is one to the bs_pre cookie). */
static int load_session(struct req *r)
{
	if (r->session) {
		auth_token_hash(r->session, r->session_hash);
		int rc = store_session_get(r->store, r->pool, r->session_hash, r->now, &r->me);
		if (rc < 0)
			return -1;
		r->signed_in = rc == 0;
	}
	const char *bound = r->signed_in ? r->session : r->pre;
	if (bound) {
		unsigned char h[32];
		auth_token_hash(bound, h);
		auth_csrf(store_secret(r->store), h, r->csrf);
	}
	return 0;
}

/* "owners", "owners and editors", ...: who a role set lets in, for the refusal. */
static const char *who(struct pool *p, unsigned roles)
{
	static const char *const plural[] = {"owners", "editors", "authors", "membership officers"};
	const char *list = "";
	int n = 0, total = 0;
	for (int i = ROLE_OWNER; i <= ROLE_LAST; i++)
		total += (roles & ROLE_BIT(i)) != 0;
	for (int i = ROLE_OWNER; i <= ROLE_LAST; i++) {
		if (!(roles & ROLE_BIT(i)))
			continue;
		n++;
		list = pool_printf(p, "%s%s%s", list,
				   n == 1	? ""
				   : n == total ? " and "
						: ", ",
				   plural[i]);
	}
	return list;
}

static int pre_form(struct req *r, struct page_out *out)
{
	if (!r->pre) {
		admin_fail(r, out, 403,
			   "Your browser did not send back the sign-in cookie, so the form cannot "
			   "be trusted. Allow cookies for this site, reload the page and try "
			   "again.");
		return 0;
	}
	if (!auth_csrf_ok(r->csrf, req_field(r, "_csrf"))) {
		admin_fail(r, out, 403,
			   "The form's security token was missing or wrong. Reload the page and "
			   "try again.");
		return 0;
	}
	return 1;
}

static int signed_in_role(struct req *r, struct page_out *out)
{
	if (!r->signed_in) {
		if (!r->post)
			admin_redirect(out, page_url(r->pool, "/admin/login?next=", r->path));
		else
			admin_fail(r, out, 401,
				   "You are not signed in, or your session has ended. Sign in "
				   "again (in another tab, to keep this one), then send the form "
				   "again.");
		return 0;
	}
	if (!(r->row->roles & ROLE_BIT(r->me.role))) {
		admin_fail(r, out, 403,
			   pool_printf(r->pool, "This page is for %s; you are signed in as %s.",
				       who(r->pool, r->row->roles), user_role_name(r->me.role)));
		return 0;
	}
	if (r->post && !auth_csrf_ok(r->csrf, req_field(r, "_csrf"))) {
		if (r->row->flags & RF_CSRF_SOFT) {
			r->csrf_bad = 1;
			return 1;
		}
		admin_fail(r, out, 403,
			   "The form's security token was missing or did not match your "
			   "session, so nothing was changed. Reload the page and try again.");
		return 0;
	}
	return 1;
}

/* A member's page: signed in by a link (the bs_member cookie), and a POST carries the CSRF
 * token of that session. */
static int member_only(struct req *r, struct page_out *out)
{
	if (!r->member_id) {
		if (!r->post) {
			out->status = 303;
			out->location = "/members/signin";
		} else {
			page_error(
			    r, 401,
			    "You are not signed in, or your session has ended. Ask for a new "
			    "sign-in link, then send the form again.",
			    out);
		}
		return 0;
	}
	const char *cookie = req_cookie(r, "bs_member");
	unsigned char h[32];
	auth_token_hash(cookie, h);
	auth_csrf(store_secret(r->store), h, r->csrf);
	if (r->post && !auth_csrf_ok(r->csrf, req_field(r, "_csrf"))) {
		page_error(r, 403,
			   "The form's security token was missing or did not match your session, "
			   "so nothing was changed. Reload the page and try again.",
			   out);
		return 0;
	}
	return 1;
}

/* A committee page: a signed-in user on the standing committee (whatever their role), the
 * session's CSRF token on a POST, and for RF_UNLOCKED rows their key unlocked. */
static int committee_only(struct req *r, struct page_out *out)
{
	if (!r->signed_in)
		return signed_in_role(r, out);
	struct committee_row m;
	int rc = store_committee_get(r->store, r->pool, r->me.id, &m);
	if (rc < 0) {
		admin_fail(r, out, 500, "The site could not read its database.");
		return 0;
	}
	if (rc == 1) {
		/* Taken off the committee while unlocked: the key goes now. */
		unlock_forget(r->session_hash);
		admin_fail(r, out, 403,
			   "This page is for the members of the standing committee, and you are "
			   "not one (whatever your role here). Who is on it, and since when, is "
			   "public at /committee/members.");
		return 0;
	}
	r->committee_joined = m.joined != NULL;
	r->unlocked_until = unlock_until(r->session_hash, r->me.id, r->now);
	if (r->post && !auth_csrf_ok(r->csrf, req_field(r, "_csrf"))) {
		admin_fail(r, out, 403,
			   "The form's security token was missing or did not match your "
			   "session, so nothing was changed. Reload the page and try again.");
		return 0;
	}
	if ((r->row->flags & RF_UNLOCKED) && !r->unlocked_until)
		return admin_committee_relock(r, out);
	return 1;
}

int route_dispatch(struct req *r, struct page_out *out)
{
	const struct route_row *row = r->row;
	r->secure = strncmp(r->site.url, "https://", 8) == 0;
	if (row->access == ACCESS_ANYONE && (row->flags & RF_SESSION) && load_session(r) != 0) {
		page_error(r, 500, "The site could not read its database.", out);
		return -1;
	}
	if (row->access == ACCESS_MEMBER) {
		if (!member_only(r, out))
			return 0;
	} else if (row->access == ACCESS_SIGNED) {
		if (!fed_signed_check(r, out))
			return 0;
	} else if (row->access != ACCESS_ANYONE) {
		if (load_session(r) != 0) {
			admin_fail(r, out, 500, "The site could not read its database.");
			return -1;
		}
		int go = row->access == ACCESS_PRE	   ? !r->post || pre_form(r, out)
			 : row->access == ACCESS_COMMITTEE ? committee_only(r, out)
							   : signed_in_role(r, out);
		if (!go)
			return 0;
	}
	const char *bad = r->form ? form_bad_text(r->form) : NULL;
	if (bad) {
		route_error(r, 400,
			    pool_printf(r->pool,
					"The form's field '%s' holds text that is not valid UTF-8.",
					bad),
			    out);
		return 0;
	}
	if (r->route->bad_query) {
		page_error(r, 400,
			   "The address is not valid: a parameter has a broken %-escape, invalid "
			   "UTF-8 or a value out of range.",
			   out);
		return 0;
	}
	return row->fn(r, out);
}

void route_error(struct req *r, int status, const char *msg, struct page_out *out)
{
	if (r->row && (r->row->flags & RF_ADMIN))
		admin_fail(r, out, status, msg);
	else
		page_error(r, status, msg, out);
}
