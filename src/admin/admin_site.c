/* admin_site: the owner's pages: site settings (title, tagline, author line, posts per page,
 * theme) and users (add, change roles). */
#include "auth/account.h"
#include "admin/admin.h"
#include "page/page.h"
#include "render/val.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* "default" and the directories under DATA/themes (sorted by the caller's eye: as found). */
static const char **theme_names(struct req *r, size_t *n)
{
	size_t cap = 8;
	const char **names = pool_alloc(r->pool, cap * sizeof(*names));
	names[0] = "default";
	*n = 1;
	DIR *d = opendir(pool_printf(r->pool, "%s/themes", r->data_dir));
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR || strlen(de->d_name) > 64 ||
		    strcmp(de->d_name, "default") == 0)
			continue;
		names = pool_grow(r->pool, names, *n, &cap, sizeof(*names));
		names[(*n)++] = pool_strdup(r->pool, de->d_name);
	}
	if (d)
		closedir(d);
	return names;
}

static int one_line(const char *s, size_t max)
{
	size_t n = strlen(s), bad;
	return n <= max && utf8_valid(s, n, &bad) && !strpbrk(s, "\r\n\t");
}

int admin_settings(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	size_t nthemes;
	const char **themes = theme_names(r, &nthemes);
	const char *error = NULL, *field = NULL;
	struct site want = r->site;
	if (r->post) {
		want.title = req_field(r, "title");
		want.tagline = req_field(r, "tagline");
		want.author_line = req_field(r, "author_line");
		want.theme = req_field(r, "theme");
		const char *pp = req_field(r, "per_page");
		want.per_page = atoi(pp);
		int theme_ok = 0;
		for (size_t i = 0; i < nthemes; i++)
			theme_ok |= strcmp(themes[i], want.theme) == 0;
		if (!*want.title || !one_line(want.title, 200))
			error = "The title needs 1 to 200 characters on one line.", field = "title";
		else if (!one_line(want.tagline, 300))
			error = "The tagline may have 300 characters, on one line.",
			field = "tagline";
		else if (!one_line(want.author_line, 300))
			error = "The author line may have 300 characters, on one line.",
			field = "author_line";
		else if (strspn(pp, "0123456789") != strlen(pp) || want.per_page < 1 ||
			 want.per_page > 100)
			error = "Posts per page is a number from 1 to 100.", field = "per_page";
		else if (!theme_ok)
			error = "There is no such theme.", field = "theme";
		if (!error) {
			if (store_begin(r->store) != 0 ||
			    store_site_set(r->store, "title", want.title) != 0 ||
			    store_site_set(r->store, "tagline", want.tagline) != 0 ||
			    store_site_set(r->store, "author_line", want.author_line) != 0 ||
			    store_site_set(r->store, "per_page",
					   pool_printf(p, "%d", want.per_page)) ||
			    store_site_set(r->store, "theme", want.theme) != 0 ||
			    admin_commit(r) != 0) {
				store_rollback(r->store);
				return admin_fail(r, out, 500,
						  "The site could not write its database."),
				       -1;
			}
			out->theme_changed = strcmp(want.theme, r->site.theme) != 0;
			return admin_redirect(out, "/admin/settings?saved=1");
		}
	}
	struct val *ctx = admin_base(r, "Settings");
	struct val *s = val_set(p, ctx, "s", val_map(p));
	val_set_str(p, s, "title", want.title);
	val_set_str(p, s, "tagline", want.tagline);
	val_set_str(p, s, "author_line", want.author_line);
	val_set_str(p, s, "per_page",
		    r->post ? req_field(r, "per_page") : pool_printf(p, "%d", want.per_page));
	struct val *tl = val_set(p, ctx, "themes", val_list(p));
	for (size_t i = 0; i < nthemes; i++) {
		struct val *t = val_map(p);
		val_set_str(p, t, "name", themes[i]);
		val_set_bool(p, t, "selected", strcmp(themes[i], want.theme) == 0);
		val_push(p, tl, t);
	}
	val_set_bool(p, ctx, "theme_locked", r->theme_dir_opt != NULL);
	if (error) {
		out->status = 400;
		val_set_str(p, ctx, "error", error);
		struct val *errs = val_set(p, ctx, "err", val_map(p));
		val_set_str(p, errs, field, error);
	} else if (req_arg(r, "saved")) {
		val_set_str(p, ctx, "notice", "Saved.");
	}
	return admin_render(r, "admin_settings", ctx, out);
}

int admin_users(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *error = NULL, *notice = NULL;
	if (r->post && *req_field(r, "role_of")) {
		/* Changing a role: an owner may not demote themself (someone must own the site). */
		long long id = atoll(req_field(r, "role_of"));
		int role = user_role_parse(req_field(r, "role"));
		if (role < 0)
			error = "Choose owner, editor, author or officer.";
		else if (id == r->me.id && role != ROLE_OWNER)
			error =
			    "You cannot take away your own ownership: make someone else owner, and "
			    "let them change your role.";
		else if (store_begin(r->store) != 0 ||
			 store_account_set_role(r->store, id, role) != 0 ||
			 store_commit_quiet(r->store) != 0) {
			store_rollback(r->store);
			error = "There is no such user.";
		} else {
			notice = "The role is changed.";
		}
	} else if (r->post) {
		const char *handle = req_field(r, "handle"), *name = req_field(r, "name");
		int role = user_role_parse(req_field(r, "role"));
		const char *msg = NULL;
		if (!account_handle_valid(handle))
			error = "A handle has 1 to 32 letters (A-Z), digits or '_'.";
		else if (!*name || !one_line(name, 100))
			error = "A name has 1 to 100 characters, on one line.";
		else if (role < 0)
			error = "Choose owner, editor, author or officer.";
		else if (store_begin(r->store) != 0)
			error = "The site could not write its database.";
		else {
			int rc = account_create(r->store, handle, name, "", role,
						req_field(r, "password"), &msg);
			if (rc != 0 || admin_commit(r) != 0) {
				store_rollback(r->store);
				error = rc == 1 ? "That handle is taken."
					: msg	? msg
						: "Not saved.";
			} else {
				notice = "The user is added. Tell them their handle and password.";
			}
		}
	}
	struct account *users;
	size_t n;
	if (store_accounts(r->store, p, &users, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, "Users");
	struct val *list = val_set(p, ctx, "users", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *u = val_map(p);
		val_set_num(p, u, "id", (double)users[i].id);
		val_set_str(p, u, "handle", users[i].handle);
		val_set_str(p, u, "name", users[i].name);
		val_set_bool(p, u, "can_sign_in", users[i].pwhash[0] != '\0');
		struct val *rl = val_set(p, u, "roles", val_list(p));
		for (int k = ROLE_OWNER; k <= ROLE_LAST; k++) {
			struct val *o = val_map(p);
			val_set_str(p, o, "value", user_role_name(k));
			val_set_bool(p, o, "selected", users[i].role == k);
			val_push(p, rl, o);
		}
		val_push(p, list, u);
	}
	if (error) {
		out->status = 400;
		val_set_str(p, ctx, "error", error);
		val_set_str(p, ctx, "handle", req_field(r, "handle"));
		val_set_str(p, ctx, "name", req_field(r, "name"));
	}
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	return admin_render(r, "admin_users", ctx, out);
}
