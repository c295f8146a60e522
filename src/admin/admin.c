/* admin: routing /admin requests, sessions, CSRF checks and what every admin page shares. */
#include "admin/admin.h"
#include "admin/form.h"
#include "http/route.h"
#include "page/page.h"
#include "render/mustache.h"
#include "render/theme.h"
#include "render/val.h"
#include "store/store_comment.h"
#include "util/escape.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *admin_arg(struct admin_req *r, const char *key)
{
	const char *v = r->arg ? r->arg(r->arg_ud, key) : NULL;
	return v ? route_decode(v, strlen(v), 1, r->pool) : NULL;
}

const char *admin_field(struct admin_req *r, const char *key)
{
	const char *v = r->form ? form_get(r->form, key) : NULL;
	return v ? v : "";
}

struct val *admin_base(struct admin_req *r, const char *title)
{
	struct pool *p = r->pool;
	struct val *ctx = val_map(p);
	struct val *site = val_set(p, ctx, "site", val_map(p));
	val_set_str(p, site, "title", r->site.title);
	val_set_str(p, ctx, "page_title", pool_printf(p, "%s – %s", title, r->site.title));
	val_set_str(p, ctx, "title", title);
	val_set_str(p, ctx, "css_version", theme_css_version(r->theme));
	val_set_str(p, ctx, "csrf", r->csrf);
	if (r->signed_in) {
		struct val *me = val_set(p, ctx, "me", val_map(p));
		val_set_str(p, me, "handle", r->me.handle);
		val_set_str(p, me, "name", r->me.name);
		val_set_str(p, me, "role", user_role_name(r->me.role));
		val_set_bool(p, me, "owner", r->me.role == ROLE_OWNER);
		val_set_bool(p, me, "moderator", r->me.role <= ROLE_EDITOR);
	}
	return ctx;
}

int admin_render(struct admin_req *r, const char *tmpl, struct val *ctx, struct page_out *out)
{
	if (!out->status)
		out->status = 200;
	out->type = "text/html; charset=utf-8";
	out->cacheable = 0;
	return tmpl_render(theme_templates(r->theme), tmpl, ctx, &out->body);
}

int admin_fail(struct admin_req *r, struct page_out *out, int status, const char *msg)
{
	const char *title = page_status_title(status);
	buf_reset(&out->body);
	out->status = status;
	/* A failed write started no session: its cookies must not go out either. */
	if (status >= 500)
		out->set_cookie = out->set_cookie2 = NULL;
	/* Admin addresses take either reads or forms: a 405 names the other. */
	if (status == 405)
		out->allow = r->post ? "GET, HEAD" : "POST";
	struct val *ctx = admin_base(r, title);
	val_set_str(r->pool, ctx, "message", msg);
	val_set_num(r->pool, ctx, "status", status);
	admin_render(r, "admin_message", ctx, out);
	return 0;
}

int admin_redirect(struct page_out *out, const char *location)
{
	out->status = 303;
	out->location = location;
	return 0;
}

int admin_may_edit(const struct admin_req *r, const struct post_row *post)
{
	return r->signed_in && (r->me.role <= ROLE_EDITOR || post->author_id == r->me.id);
}

int admin_commit(struct admin_req *r)
{
	if (store_commit(r->store) != 0) {
		store_rollback(r->store);
		return -1;
	}
	return 0;
}

int admin_setup_token(struct store *s, char out[AUTH_TOKEN_LEN + 1])
{
	int owner = store_owner_exists(s);
	if (owner != 0) {
		/* Links printed before there was an owner stop working. */
		if (owner == 1 &&
		    (store_begin(s) != 0 || store_token_delete_purpose(s, "setup") != 0 ||
		     store_commit_quiet(s) != 0)) {
			store_rollback(s);
			return -1;
		}
		return owner;
	}
	unsigned char h[32];
	auth_token_new(out);
	auth_token_hash(out, h);
	if (store_begin(s) != 0)
		return -1;
	if (store_token_delete_purpose(s, "setup") != 0 ||
	    store_token_add(s, h, "setup", (long long)time(NULL) + 24 * 3600) != 0 ||
	    store_commit_quiet(s) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* Reads the session cookie: signed_in, me, and the CSRF token forms carry. */
static int load_session(struct admin_req *r)
{
	const char *bound = r->session ? r->session : r->pre;
	if (r->session) {
		auth_token_hash(r->session, r->session_hash);
		int rc = store_session_get(r->store, r->pool, r->session_hash, r->now, &r->me);
		if (rc < 0)
			return -1;
		r->signed_in = rc == 0;
	}
	if (!r->signed_in)
		bound = r->pre;
	if (bound) {
		unsigned char h[32];
		auth_token_hash(bound, h);
		auth_csrf(store_secret(r->store), h, r->csrf);
	}
	return 0;
}

static long long id_of(const char *s, const char **rest)
{
	char *end;
	long long id = strtoll(s, &end, 10);
	if (end == s || id <= 0 || *s == '+' || *s == '-')
		return 0;
	*rest = end;
	return id;
}

int admin_handle(struct admin_req *r, struct page_out *out)
{
	const char *path = r->path + strlen("/admin");
	r->now = (long long)time(NULL);
	r->secure = strncmp(r->site.url, "https://", 8) == 0;
	if (load_session(r) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (strcmp(path, "/login") == 0)
		return admin_login(r, out);
	if (strcmp(path, "/setup") == 0)
		return admin_setup(r, out);
	if (!r->signed_in) {
		if (!r->post)
			return admin_redirect(out,
					      page_url(r->pool, "/admin/login?next=", r->path));
		return admin_fail(r, out, 401,
				  "You are not signed in, or your session has ended. Sign in "
				  "again (in another tab, to keep this one), then send the form "
				  "again.");
	}
	if (r->post && !auth_csrf_ok(r->csrf, admin_field(r, "_csrf"))) {
		/* The editor comes back with the text kept, under a fresh token. */
		if (strcmp(path, "/new") == 0 ||
		    (strncmp(path, "/posts/", 7) == 0 && !strchr(path + 7, '/'))) {
			out->status = 403;
			out->notice = "The form's security token was missing or did not match your "
				      "session, so nothing was saved. Check the text below and "
				      "send it again.";
			long long id = strcmp(path, "/new") == 0 ? 0 : atoll(path + 7);
			return admin_editor(r, out, id < 0 ? 0 : id);
		}
		return admin_fail(
		    r, out, 403,
		    "The form's security token was missing or did not match your "
		    "session, so nothing was changed. Reload the page and try again.");
	}
	const char *rest = "";
	if (strcmp(path, "") == 0 || strcmp(path, "/") == 0)
		return r->post ? admin_fail(r, out, 405, "Nothing is sent here.")
			       : admin_posts(r, out, 0);
	if (strcmp(path, "/logout") == 0 || strcmp(path, "/logout-all") == 0)
		return r->post ? admin_logout(r, out, path[7] == '-')
			       : admin_fail(r, out, 405, "Sign out with the button.");
	if (strcmp(path, "/account") == 0)
		return admin_account(r, out);
	if (strcmp(path, "/trash") == 0)
		return r->post ? admin_fail(r, out, 405, "Nothing is sent here.")
			       : admin_posts(r, out, 1);
	if (strcmp(path, "/trash/empty") == 0)
		return admin_trash_empty(r, out);
	if (strcmp(path, "/new") == 0)
		return admin_editor(r, out, 0);
	if (strcmp(path, "/autosave") == 0)
		return admin_autosave(r, out);
	if (strcmp(path, "/settings") == 0)
		return admin_settings(r, out);
	if (strcmp(path, "/users") == 0)
		return admin_users(r, out);
	if (strcmp(path, "/comments") == 0)
		return admin_comments(r, out);
	if (strcmp(path, "/media") == 0)
		return admin_media(r, out, NULL);
	if (strncmp(path, "/media/", 7) == 0) {
		size_t n = strlen(path + 7);
		if (n == 64 + 7 && strcmp(path + 7 + 64, "/delete") == 0)
			return admin_media(r, out, pool_strndup(r->pool, path + 7, 64));
	}
	long long id, rev;
	if (strncmp(path, "/posts/", 7) == 0 && (id = id_of(path + 7, &rest))) {
		if (!*rest)
			return admin_editor(r, out, id);
		if (strcmp(rest, "/revisions") == 0)
			return admin_revisions(r, out, id, 0, 0);
		if (strncmp(rest, "/revisions/", 11) == 0 && (rev = id_of(rest + 11, &rest))) {
			if (!*rest)
				return admin_revisions(r, out, id, rev, 0);
			if (strcmp(rest, "/restore") == 0)
				return admin_revisions(r, out, id, rev, 1);
		}
		if (*rest == '/' && strchr(rest + 1, '/') == NULL)
			return admin_post_action(r, out, id, rest + 1);
	}
	return admin_fail(r, out, 404, "There is no admin page at this address.");
}
