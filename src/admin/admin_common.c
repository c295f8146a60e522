/* admin_common: what every admin page shares: the page frame, errors, redirects, notices. */
#include "admin/admin.h"
#include "req/form.h"
#include "route/route.h"
#include "page/page.h"
#include "post/postfile.h"
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
		val_set_bool(p, me, "writer", (ROLES_WRITERS & ROLE_BIT(r->me.role)) != 0);
		val_set_bool(p, me, "contributor", r->me.role == ROLE_CONTRIBUTOR);
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

int admin_own_posts_only(const struct req *r)
{
	return r->me.role == ROLE_AUTHOR || r->me.role == ROLE_CONTRIBUTOR;
}

int admin_may_publish(const struct req *r)
{
	return r->signed_in && r->me.role <= ROLE_AUTHOR;
}

int admin_may_edit(const struct req *r, const struct post_row *post)
{
	if (!r->signed_in)
		return 0;
	if (r->me.role <= ROLE_EDITOR)
		return 1;
	if (post->author_id != r->me.id)
		return 0;
	/* A contributor's post is theirs until an editor makes it public. */
	int status = post->status == POST_TRASHED ? post->trash_status : post->status;
	return r->me.role != ROLE_CONTRIBUTOR || status == POST_DRAFT;
}

const char *admin_not_yours(const struct req *r, const struct post_row *post)
{
	if (r->me.role == ROLE_CONTRIBUTOR && post->author_id == r->me.id)
		return "This post is public now: an editor changes it, and contributors change "
		       "their own drafts only.";
	return pool_printf(r->pool, "%s may only change their own posts, and this one is @%s's.",
			   r->me.role == ROLE_CONTRIBUTOR ? "Contributors" : "Authors",
			   post->author_handle ? post->author_handle : "nobody");
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
	/* The row's path names the script: /admin/NAME.js is static/NAME.js. */
	const char *name = strrchr(r->row->pattern, '/') + 1;
	for (const struct embedded_file *f = static_files; f->name; f++) {
		if (strcmp(f->name, name) != 0)
			continue;
		out->status = 200;
		out->type = "text/javascript; charset=utf-8";
		out->cacheable = 1;
		buf_put(&out->body, f->data, f->len);
		return 0;
	}
	return admin_fail(r, out, 404, "There is no such script.");
}
