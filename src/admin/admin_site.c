/* admin_site: the owner's pages: the site's settings (every key of `site set`, the menu, the
 * site image and favicon) and users (add, change roles). */
#include "auth/account.h"
#include "admin/admin.h"
#include "page/page.h"
#include "press/settings.h"
#include "req/form.h"
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

/* How the settings page shows a setting. */
enum field_kind { FK_TEXT, FK_NUMBER, FK_URL, FK_CHOICE, FK_THEME, FK_MENU, FK_IMAGE };

/* Every key of store_site_keys, in the page's order and groups: the page and `site set`
 * change the same settings, checked by the same rules (press/settings.h). */
static const struct field {
	const char *key, *label, *hint;
	enum field_kind kind;
	const char *choices; /* FK_CHOICE: the words, separated by spaces */
	const char *def;     /* what an unset setting means */
} fields[] = {
    {"title", "Site title", NULL, FK_TEXT, NULL, ""},
    {"tagline", "Tagline", "The line under the title, and the description of pages that have none.",
     FK_TEXT, NULL, ""},
    {"author_line", "Author line",
     "Shown above the posts, e.g. “From @mara, an independent contributor”.", FK_TEXT, NULL, ""},
    {"url", "The site's address",
     "The public address, e.g. https://press.example.org: links in feeds, mails, books and share "
     "previews use it. Empty: the address the site is reached at.",
     FK_URL, NULL, ""},
    {"per_page", "Posts per page", NULL, FK_NUMBER, NULL, "10"},
    {"theme", "Theme", "A theme is a folder of templates in the data directory's themes/ folder.",
     FK_THEME, NULL, "default"},
    {"menu", "Navigation menu",
     "One item a line, in order: the label, then the address (a path of this site such as /about, "
     "or an https:// address). Empty: Home, Archive, the journal, Resolutions and the pages.",
     FK_MENU, NULL, ""},
    {"image", "Site image",
     "Shown in share previews of pages that have no image of their own. An image of the media "
     "library by its address (/media/…), or upload one below; empty: none.",
     FK_IMAGE, NULL, ""},
    {"favicon", "Favicon",
     "The small icon of browser tabs, by its address in the media library (/media/…), or upload "
     "one below; empty: the theme's own.",
     FK_IMAGE, NULL, ""},
    {"comments", "Comments", "For posts that do not say.", FK_CHOICE, "open moderated closed",
     "open"},
    {"comment_policy", "Who waits for approval",
     "publish: every comment at once; hold_first: a first-time commenter's first comment waits; "
     "hold_all: every comment waits.",
     FK_CHOICE, "hold_first publish hold_all", "hold_first"},
    {"comments_close_days", "Close comments after (days)", "0: never.", FK_NUMBER, NULL, "0"},
    {"moderation_text", "The moderation log", "Whether it shows the text of removed comments.",
     FK_CHOICE, "show hide", "show"},
    {"comments_per_minute", "Comments a minute from one address", NULL, FK_NUMBER, NULL, "5"},
    {"comments_per_day", "Comments a day from one address", NULL, FK_NUMBER, NULL, "50"},
    {"newsletter", "Newsletter", "New posts are mailed in full, or their excerpt.", FK_CHOICE,
     "full excerpt", "full"},
    {"mail_from", "Sender's address", "The From of every mail, e.g. press@example.org.", FK_TEXT,
     NULL, ""},
    {"smtp_url", "SMTP server",
     "smtp://host:587 (STARTTLS) or smtps://host:465; empty: mails are written to DATA/outbox.",
     FK_TEXT, NULL, ""},
    {"smtp_user", "SMTP user", "Empty: no sign-in.", FK_TEXT, NULL, ""},
    {"smtp_password_file", "SMTP password file",
     "An absolute path to a file whose first line is the password; the password itself is never "
     "stored here.",
     FK_TEXT, NULL, ""},
    {"smtp_tls", "TLS for smtp://", "optional: STARTTLS when offered; required: never in clear.",
     FK_CHOICE, "optional required", "optional"},
    {"fediverse_handle", "The press's Fediverse handle",
     "Others follow the press as @HANDLE@ its host: 1 to 32 of a-z, 0-9 and '_', not a writer's "
     "handle.",
     FK_TEXT, NULL, "press"},
    {"fediverse_object", "Posts on the Fediverse",
     "article: the whole post, shown by Mastodon as title, teaser and link; note: the title, "
     "excerpt, link and hashtags.",
     FK_CHOICE, "article note", "article"},
};

static const struct {
	const char *legend, *first;
} groups[] = {
    {"The site", "title"},    {"Navigation", "menu"}, {"Share previews and icon", "image"},
    {"Comments", "comments"}, {"Mail", "newsletter"}, {"The Fediverse", "fediverse_handle"},
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* The value of each field as the settings form sent it, else as stored (a form that leaves a
 * setting out leaves it as it is). */
static const char *field_value(struct req *r, const struct field *f)
{
	const char *v =
	    r->post && !*req_field(r, "use_as") && r->form ? form_get(r->form, f->key) : NULL;
	if (!v)
		v = store_meta_get(r->store, r->pool, f->key);
	return v ? v : f->def;
}

static struct val *options_val(struct pool *p, const char *const *names, size_t n,
			       const char *selected)
{
	struct val *l = val_list(p);
	for (size_t i = 0; i < n; i++) {
		struct val *o = val_map(p);
		val_set_str(p, o, "value", names[i]);
		val_set_bool(p, o, "selected", strcmp(names[i], selected) == 0);
		val_push(p, l, o);
	}
	return l;
}

static struct val *field_val(struct req *r, const struct field *f, const char *value,
			     const char *error, const char **themes, size_t nthemes)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	val_set_str(p, v, "key", f->key);
	val_set_str(p, v, "label", f->label);
	const char *hint = f->hint;
	if (f->kind == FK_THEME && r->theme_dir_opt)
		hint = pool_printf(p,
				   "%s The server was started with --theme, which wins over this "
				   "setting.",
				   hint);
	val_set(p, v, "hint", hint ? val_str(p, hint) : val_null(p));
	const char *by = pool_printf(p, "%s%s%s", hint ? pool_printf(p, "s-%s-hint", f->key) : "",
				     hint && error ? " " : "",
				     error ? pool_printf(p, "s-%s-error", f->key) : "");
	val_set(p, v, "describedby", *by ? val_str(p, by) : val_null(p));
	val_set_str(p, v, "value", value);
	val_set(p, v, "error", error ? val_str(p, error) : val_null(p));
	val_set_bool(p, v, "number", f->kind == FK_NUMBER);
	val_set_bool(p, v, "url", f->kind == FK_URL);
	val_set_bool(p, v, "menu", f->kind == FK_MENU);
	val_set_bool(p, v, "image", f->kind == FK_IMAGE);
	val_set_bool(p, v, "text",
		     f->kind == FK_TEXT || f->kind == FK_NUMBER || f->kind == FK_URL ||
			 f->kind == FK_IMAGE);
	val_set(p, v, "preview",
		f->kind == FK_IMAGE && *value && !error ? val_str(p, value) : val_null(p));
	struct val *opts = val_null(p);
	if (f->kind == FK_THEME) {
		opts = options_val(p, themes, nthemes, value);
	} else if (f->kind == FK_CHOICE) {
		const char *words[8];
		size_t n = 0;
		for (const char *c = f->choices; *c && n < 8;) {
			size_t w = strcspn(c, " ");
			words[n++] = pool_strndup(p, c, w);
			c += w + (c[w] == ' ');
		}
		opts = options_val(p, words, n, value);
	}
	val_set(p, v, "options", opts);
	val_set_bool(p, v, "select", f->kind == FK_THEME || f->kind == FK_CHOICE);
	return v;
}

/* Stores the form's file as the site image or the favicon (use_as). 0 with *done, or the
 * status of a refusal with *msg. */
static int upload_identity(struct req *r, const char **msg)
{
	const char *as = req_field(r, "use_as"), *url;
	if (strcmp(as, "image") != 0 && strcmp(as, "favicon") != 0) {
		*msg = "Say whether the image is the site image or the favicon.";
		return 400;
	}
	if (!r->form || !r->form->file_path) {
		*msg = "Choose an image to upload.";
		return 400;
	}
	int st = admin_media_store(r, &url, msg);
	if (st)
		return st;
	if (store_begin(r->store) != 0 || store_site_set(r->store, as, url) != 0 ||
	    admin_commit(r) != 0) {
		store_rollback(r->store);
		*msg = "The site could not write its database.";
		return 500;
	}
	return 0;
}

int admin_settings(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	size_t nthemes;
	const char **themes = theme_names(r, &nthemes);
	const char *errors[NFIELDS] = {0}, *error = NULL;
	if (r->post && *req_field(r, "use_as")) {
		int st = upload_identity(r, &error);
		if (st == 0)
			return admin_redirect(out, "/admin/settings?saved=1");
		out->status = st;
		if (st >= 500)
			return admin_fail(r, out, st, error), -1;
	} else if (r->post) {
		const char *values[NFIELDS], *theme = r->site.theme;
		for (size_t i = 0; i < NFIELDS; i++) {
			const char *v = values[i] = field_value(r, &fields[i]);
			errors[i] = setting_problem(r->store, p, fields[i].key, v);
			if (!errors[i] && fields[i].kind == FK_THEME) {
				theme = v;
				int found = 0;
				for (size_t t = 0; t < nthemes; t++)
					found |= strcmp(themes[t], v) == 0;
				if (!found)
					errors[i] = "There is no such theme.";
			}
			if (errors[i] && !error)
				error = errors[i];
		}
		if (!error) {
			int bad = store_begin(r->store) != 0;
			for (size_t i = 0; i < NFIELDS && !bad; i++)
				bad = store_site_set(r->store, fields[i].key, values[i]) != 0;
			if (bad || admin_commit(r) != 0) {
				store_rollback(r->store);
				return admin_fail(r, out, 500,
						  "The site could not write its database."),
				       -1;
			}
			out->theme_changed = strcmp(theme, r->site.theme) != 0;
			return admin_redirect(out, "/admin/settings?saved=1");
		}
		out->status = 400;
	}
	struct val *ctx = admin_base(r, "Settings");
	struct val *gl = val_set(p, ctx, "groups", val_list(p));
	struct val *group = NULL, *list = NULL;
	for (size_t i = 0; i < NFIELDS; i++) {
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
			if (strcmp(groups[g].first, fields[i].key) != 0)
				continue;
			group = val_map(p);
			val_set_str(p, group, "legend", groups[g].legend);
			list = val_set(p, group, "fields", val_list(p));
			val_push(p, gl, group);
		}
		val_push(p, list,
			 field_val(r, &fields[i], field_value(r, &fields[i]), errors[i], themes,
				   nthemes));
	}
	val_set_num(p, ctx, "max_mb", (double)(r->upload_max >> 20));
	if (error)
		val_set_str(p, ctx, "error",
			    *req_field(r, "use_as") ? error
						    : "Not saved: correct what is marked below.");
	else if (req_arg(r, "saved"))
		val_set_str(p, ctx, "notice", "Saved.");
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
			error = "Choose owner, editor, author, contributor or officer.";
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
			error = "Choose owner, editor, author, contributor or officer.";
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
