/* admin_common: what every admin page shares: the page frame, errors, redirects, notices. */
#include "admin/admin.h"
#include "req/form.h"
#include "route/route.h"
#include "page/page.h"
#include "render/mustache.h"
#include "render/theme.h"
#include "render/val.h"
#include "store/store_comment.h"
#include "store/store_committee.h"
#include "util/embedded.h"
#include "util/escape.h"
#include "util/pool.h"

#include "util/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct val *admin_base(struct req *r, const char *title)
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
		val_set_bool(p, me, "writer", r->me.role <= ROLE_AUTHOR);
		val_set_bool(p, me, "membership",
			     r->me.role == ROLE_OWNER || r->me.role == ROLE_OFFICER);
		struct committee_row c;
		val_set_bool(p, me, "committee",
			     store_committee_get(r->store, p, r->me.id, &c) == 0);
	}
	return ctx;
}

int admin_render(struct req *r, const char *tmpl, struct val *ctx, struct page_out *out)
{
	if (!out->status)
		out->status = 200;
	out->type = "text/html; charset=utf-8";
	out->cacheable = 0;
	return tmpl_render(theme_templates(r->theme), tmpl, ctx, &out->body);
}

int admin_fail(struct req *r, struct page_out *out, int status, const char *msg)
{
	const char *title = page_status_title(status);
	buf_reset(&out->body);
	out->status = status;
	/* A failed write started no session: its cookies must not go out either. */
	if (status >= 500)
		out->set_cookie = out->set_cookie2 = NULL;
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

int admin_may_edit(const struct req *r, const struct post_row *post)
{
	return r->signed_in && (r->me.role <= ROLE_EDITOR || post->author_id == r->me.id);
}

int admin_commit(struct req *r)
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
	    store_token_add(s, h, "setup", clock_now() + 24 * 3600) != 0 ||
	    store_commit_quiet(s) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

const char *admin_notice(const char *code)
{
	static const struct {
		const char *code, *text;
	} notices[] = {
	    {"trashed", "Moved to the trash."},
	    {"restored", "Restored."},
	    {"deleted", "Deleted for good."},
	    {"emptied", "The trash is empty."},
	    {"saved", "Saved."},
	    {"published", "Published: the issue and its book are on the site."},
	};
	for (size_t i = 0; code && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(code, notices[i].code) == 0)
			return notices[i].text;
	return NULL;
}

int admin_script(struct req *r, struct page_out *out)
{
	(void)r;
	for (const struct embedded_file *f = static_files; f->name; f++) {
		if (strcmp(f->name, "editor.js") != 0)
			continue;
		out->status = 200;
		out->type = "text/javascript; charset=utf-8";
		out->cacheable = 1;
		buf_put(&out->body, f->data, f->len);
		return 0;
	}
	return admin_fail(r, out, 404, "There is no such script.");
}
