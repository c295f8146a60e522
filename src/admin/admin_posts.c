/* admin_posts: the list of posts, the editor (save, preview, autosave, images) and the trash. */
#include "admin/admin.h"
#include "route/route.h"
#include "admin/editor_form.h"
#include "req/form.h"
#include "comment/comment.h"
#include "page/page.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "post/slug.h"
#include "render/markdown.h"
#include "render/mustache.h"
#include "render/theme.h"
#include "render/val.h"
#include "store/store_review.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/jsonesc.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_PAGE 30

static const int list_statuses[] = {POST_DRAFT, POST_SCHEDULED, POST_UNFINISHED, POST_PUBLISHED};

static struct val *row_val(struct req *r, const struct post_row *row)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	val_set_num(p, v, "id", (double)row->id);
	val_set_str(p, v, "title", row->title);
	val_set_str(p, v, "slug", row->slug);
	val_set_str(p, v, "status", post_status_name(row->status));
	val_set_bool(p, v, "public", row->status > 0);
	val_set(p, v, "date", page_date_val(p, row->published));
	val_set(p, v, "updated", page_date_val(p, row->updated));
	if (row->author_handle)
		val_set_str(p, v, "author", row->author_handle);
	val_set_str(p, v, "url", page_post_path(p, row->type, row->slug));
	val_set_bool(p, v, "is_page", row->type == POST_TYPE_PAGE);
	return v;
}

/* The review queue: every draft submitted for review for those who publish, a contributor's
 * own. */
static int review_val(struct req *r, struct val *ctx)
{
	struct pool *p = r->pool;
	struct review_row *rows;
	size_t n;
	if (store_review_queue(r->store, p, admin_may_publish(r) ? 0 : r->me.id, &rows, &n) != 0)
		return -1;
	struct val *list = val_set(p, ctx, "review", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_num(p, v, "id", (double)rows[i].id);
		val_set_str(p, v, "title", rows[i].title);
		val_set(p, v, "writer", rows[i].writer ? val_str(p, rows[i].writer) : val_null(p));
		val_set(p, v, "at", page_date_val(p, rows[i].at));
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "has_review", n > 0);
	val_set_bool(p, ctx, "reviews", admin_may_publish(r));
	return 0;
}

int admin_posts(struct req *r, struct page_out *out)
{
	int trash = r->row->arg;
	struct pool *p = r->pool;
	struct admin_query q = {.status = trash ? POST_TRASHED : -99, .limit = LIST_PAGE};
	const char *status = req_arg(r, "status"), *text = req_arg(r, "q"),
		   *page = req_arg(r, "page");
	enum post_status st;
	if (!trash && status && *status && post_status_parse(status, &st) == 0)
		q.status = st;
	if (text && strlen(text) > 200)
		text = NULL;
	q.q = text;
	int pg = page ? atoi(page) : 1;
	if (pg < 1 || pg > 100000)
		pg = 1;
	q.offset = (pg - 1) * LIST_PAGE;
	/* Authors and contributors see and change their own posts only. */
	if (admin_own_posts_only(r))
		q.author = r->me.id;
	struct post_list list;
	int total;
	if (store_admin_posts(r->store, p, &q, &list, &total) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, trash ? "Trash" : "Posts");
	val_set_bool(p, ctx, "trash", trash);
	val_set_bool(p, ctx, "may_empty", trash && total > 0 && r->me.role <= ROLE_EDITOR);
	struct val *rows = val_set(p, ctx, "posts", val_list(p));
	for (size_t i = 0; i < list.n; i++)
		val_push(p, rows, row_val(r, &list.rows[i]));
	val_set_num(p, ctx, "total", total);
	val_set_bool(p, ctx, "has_posts", list.n > 0);
	val_set_str(p, ctx, "q", text ? text : "");
	struct val *filters = val_set(p, ctx, "statuses", val_list(p));
	for (size_t i = 0; i < sizeof(list_statuses) / sizeof(list_statuses[0]); i++) {
		struct val *f = val_map(p);
		val_set_str(p, f, "name", post_status_name(list_statuses[i]));
		val_set_bool(p, f, "selected", q.status == list_statuses[i]);
		val_push(p, filters, f);
	}
	struct buf base = {0};
	buf_printf(&base, "?status=%s&q=", q.status == -99 ? "" : post_status_name(q.status));
	if (text)
		esc_url_component(&base, text, strlen(text));
	if (pg > 1)
		val_set_str(p, ctx, "newer_url", pool_printf(p, "%s&page=%d", base.data, pg - 1));
	if (list.more)
		val_set_str(p, ctx, "older_url", pool_printf(p, "%s&page=%d", base.data, pg + 1));
	buf_free(&base);
	if (!trash && review_val(r, ctx) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	const char *notice = admin_notice(req_arg(r, "done"));
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	return admin_render(r, trash ? "admin_trash" : "admin_posts", ctx, out);
}

/* The editor's fields from the posted form; an author always writes as themself. */
void admin_posted_fields(struct req *r, struct editor_fields *e)
{
	for (int f = 0; f < EF__COUNT; f++)
		e->v[f] = req_field(r, editor_field_names[f]);
	if (admin_own_posts_only(r) || !*e->v[EF_AUTHOR])
		e->v[EF_AUTHOR] = r->me.handle;
}

static void option_list(struct pool *p, struct val *ctx, const char *key, const char *const *names,
			size_t n, const char *selected)
{
	struct val *l = val_set(p, ctx, key, val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *o = val_map(p);
		val_set_str(p, o, "value", names[i]);
		val_set_bool(p, o, "selected", selected && strcmp(selected, names[i]) == 0);
		val_push(p, l, o);
	}
}

/* The editor page: fields, per-field errors (bad_field EF__COUNT: the upload's), the choices
 * of the selects. post is the stored post being edited, or NULL for a new one. */
static int editor_page(struct req *r, struct page_out *out, const struct post_row *post,
		       const struct editor_fields *e, int bad_field, const char *error)
{
	struct pool *p = r->pool;
	long long id = post ? post->id : 0;
	int page = e->v[EF_TYPE] && !strcmp(e->v[EF_TYPE], "page");
	struct val *ctx = admin_base(r, id ? (page ? "Edit page" : "Edit post") : "New post");
	val_set_num(p, ctx, "id", (double)id);
	val_set_str(p, ctx, "action", id ? pool_printf(p, "/admin/posts/%lld", id) : "/admin/new");
	struct val *fields = val_set(p, ctx, "f", val_map(p));
	for (int f = 0; f < EF__COUNT; f++)
		val_set_str(p, fields, editor_field_names[f], e->v[f] ? e->v[f] : "");
	if (error) {
		struct val *errs = val_set(p, ctx, "err", val_map(p));
		/* EF__COUNT: the image upload's own fields. */
		val_set_str(p, errs,
			    bad_field == EF__COUNT
				? "upload"
				: editor_field_names[bad_field >= 0 ? bad_field : EF_BODY],
			    error);
		val_set_str(p, ctx, "error", error);
	}
	static const char *const statuses[] = {"draft", "unfinished", "published", "scheduled"};
	/* A contributor writes drafts: only that choice, and the post's own status if it has
	 * another (an editor published it), so the form says what the post is. */
	if (admin_may_publish(r)) {
		option_list(p, ctx, "statuses", statuses, 4, e->v[EF_STATUS]);
	} else {
		const char *own[2] = {"draft", e->v[EF_STATUS]};
		int other = e->v[EF_STATUS] && *e->v[EF_STATUS] && strcmp(own[1], "draft") != 0;
		option_list(p, ctx, "statuses", own, other ? 2 : 1, e->v[EF_STATUS]);
	}
	static const char *const modes[] = {"", "open", "moderated", "closed"};
	option_list(p, ctx, "modes", modes, 4, e->v[EF_COMMENTS]);
	static const char *const types[] = {"post", "page"}, *const formats[] = {"markdown",
										 "html"};
	const char *type = e->v[EF_TYPE], *format = e->v[EF_FORMAT];
	option_list(p, ctx, "types", types, 2, type && *type ? type : "post");
	option_list(p, ctx, "formats", formats, 2, format && *format ? format : "markdown");
	val_set_bool(p, ctx, "sticky", e->v[EF_STICKY] && !strcmp(e->v[EF_STICKY], "true"));
	if (r->me.role <= ROLE_EDITOR) {
		struct account *users;
		size_t n;
		if (store_accounts(r->store, p, &users, &n) != 0)
			return admin_fail(r, out, 500, "The site could not read its database."), -1;
		const char **handles = pool_alloc(p, (n + 1) * sizeof(*handles));
		for (size_t i = 0; i < n; i++)
			handles[i] = users[i].handle;
		option_list(p, ctx, "authors", handles, n, e->v[EF_AUTHOR]);
		val_set_bool(p, ctx, "has_authors", n > 0);
	}
	const char *saved = req_arg(r, "saved");
	/* A page made from a form that was not stored (an upload, a refusal) holds text the
	 * server does not have: the editor's script autosaves it at once. */
	val_set_bool(p, ctx, "unsaved", r->post);
	/* The count the script keeps up to date as the writer types, from the same rule. */
	const char *body = e->v[EF_BODY] ? e->v[EF_BODY] : "";
	int words = publish_word_count(body, strlen(body));
	val_set_num(p, ctx, "words", words);
	val_set_bool(p, ctx, "one_word", words == 1);
	val_set_num(p, ctx, "minutes", publish_reading_minutes(words));
	if (out->notice)
		val_set_str(p, ctx, "notice", out->notice);
	else if (saved && strcmp(saved, "review") == 0)
		val_set_str(p, ctx, "notice",
			    "Submitted for review: an editor reads it and publishes it. You can "
			    "go on changing it until then.");
	else if (saved)
		val_set_str(p, ctx, "notice", "Saved.");
	long long review_at = id ? store_review_at(r->store, id) : 0;
	val_set(p, ctx, "in_review", review_at > 0 ? page_date_val(p, review_at) : val_null(p));
	val_set_bool(p, ctx, "may_publish", admin_may_publish(r));
	if (post && post->status > 0)
		val_set(p, ctx, "post", row_val(r, post));
	return admin_render(r, "admin_editor", ctx, out);
}

/* The post, when it exists and this user may change it; else the error page is in out. */
static int editable(struct req *r, struct page_out *out, long long id, struct post_row *row)
{
	int rc = store_post_by_id(r->store, r->pool, id, row);
	if (rc < 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (rc == 1)
		return admin_fail(r, out, 404, "There is no post with this number."), 1;
	if (!admin_may_edit(r, row))
		return admin_fail(r, out, 403, admin_not_yours(r, row)), 1;
	return 0;
}

/* A free slug for a new post whose writer left the slug empty: the title's, or with -2... */
static const char *free_slug(struct req *r, const char *title, int page)
{
	char *made = slugify(title);
	const char *base = pool_strdup(r->pool, made[0] ? made : "post"), *slug = base, *moved;
	free(made);
	struct post_row row;
	/* A renamed post's old slug is taken too: it answers with a redirect. */
	/* A page cannot be called like one of the site's own addresses either. */
	for (int i = 2;
	     i < 1000 && ((page && slug_reserved(slug)) ||
			  store_post_by_slug(r->store, r->pool, slug, 1, &row) == 0 ||
			  store_redirect_find(r->store, r->pool, slug, &moved, NULL) == 0);
	     i++)
		slug = pool_printf(r->pool, "%.180s-%d", base, i);
	return slug;
}

/* Renders the post (id, or 0 for a new one) as its page will look, from the form, without
 * storing anything. */
static int preview(struct req *r, struct page_out *out, long long id, const struct postfile *pf)
{
	struct pool *p = r->pool;
	struct post_row row = {
	    .id = id,
	    .slug = pf->slug,
	    .title = pf->title,
	    .status = pf->status,
	    .published = pf->has_date ? pf->date : r->now,
	    .updated = pf->has_date ? pf->date : r->now,
	    .series = pf->series,
	    .part = pf->part,
	    .author_handle = pf->author ? pf->author : r->me.handle,
	    .author_name = r->me.name,
	    .type = pf->type,
	    .sticky = pf->sticky,
	    .image = pf->image,
	};
	struct account a;
	if (pf->author && store_account_by_handle(r->store, p, pf->author, &a) == 0)
		row.author_name = a.name;
	if (publish_render(r->store, p, pf, &row.body_html, &row.tags, &row.ntags, &row.words) != 0)
		return admin_fail(r, out, 500, "The Markdown could not be rendered."), -1;
	struct req pr = {.store = r->store,
			 .pool = p,
			 .theme = r->theme,
			 .site = r->site,
			 .base_url = r->base_url};
	struct val *ctx = page_base(&pr, row.title);
	struct val *post = val_set(p, ctx, "post", page_post_val(&pr, &row));
	if (row.series && page_series_val(&pr, &row, post) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	val_set_bool(p, ctx, "preview", 1);
	out->status = 200;
	out->type = "text/html; charset=utf-8";
	return tmpl_render(theme_templates(r->theme), pf->type == POST_TYPE_PAGE ? "page" : "post",
			   ctx, &out->body);
}

/* Parses the composed post file; on a problem, the editor again with the message. */
static int parse_fields(struct req *r, struct page_out *out, const struct post_row *post,
			const struct editor_fields *e, struct buf *src, struct postfile *pf)
{
	unsigned line[EF__COUNT];
	struct pf_error pe;
	editor_compose(e, src, line);
	if (postfile_parse(src->data, src->len, pf, &pe) == 0)
		return 0;
	out->status = 400;
	int field = editor_field_of_line(line, pe.line);
	char *msg = pool_printf(r->pool, "%s.", pe.msg);
	msg[0] = (char)(msg[0] >= 'a' && msg[0] <= 'z' ? msg[0] - 'a' + 'A' : msg[0]);
	editor_page(r, out, post, e, field, msg);
	return 1;
}

int admin_editor(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	long long id = r->route->id;
	if (r->csrf_bad) {
		/* The editor comes back with the text kept, under a fresh token. */
		out->status = 403;
		out->notice = "The form's security token was missing or did not match your "
			      "session, so nothing was saved. Check the text below and send it "
			      "again.";
	}
	struct editor_fields e;
	struct post_row row;
	if (id) {
		int rc = editable(r, out, id, &row);
		if (rc)
			return rc < 0 ? -1 : 0;
		if (row.status == POST_TRASHED)
			return admin_fail(r, out, 409,
					  "This post is in the trash: restore it from the trash to "
					  "edit it.");
	}
	const struct post_row *cur = id ? &row : NULL;
	if (!r->post || r->csrf_bad) {
		if (r->post) {
			admin_posted_fields(r, &e);
			return editor_page(r, out, cur, &e, -1, NULL);
		}
		struct revision_row as;
		int rc = id ? store_autosave_get(r->store, p, id, r->me.id, &as) : 1;
		if (id)
			editor_fields_of_post(p, &row, &e);
		else
			memset(&e, 0, sizeof(e)), e.v[EF_STATUS] = "draft",
						  e.v[EF_AUTHOR] = r->me.handle;
		struct postfile pf;
		if (rc == 0 && postfile_parse(as.source, strlen(as.source), &pf, NULL) == 0) {
			char when[32];
			iso_date_format(as.saved, when);
			editor_fields_of_file(p, &pf, &e);
			postfile_free(&pf);
			out->notice =
			    pool_printf(p,
					"This is the text autosaved at %s, which was not "
					"saved yet: Save to keep it, or discard it below.",
					when);
		}
		return editor_page(r, out, cur, &e, -1, NULL);
	}
	admin_posted_fields(r, &e);
	const char *action = req_field(r, "action");
	/* An image sent with the form (without the script) goes in at the end of the text as
	 * Markdown with the alt text and caption typed, or becomes the featured image. */
	int featured = *req_field(r, "as_featured") != '\0';
	int uploaded = r->form && r->form->file_path;
	if (uploaded) {
		const char *url, *msg, *alt = req_field(r, "alt");
		if (!featured && !alt[strspn(alt, " \t")]) {
			out->status = 400;
			return editor_page(r, out, cur, &e, EF__COUNT,
					   "Say what the image shows, for readers who cannot see "
					   "it (its alt text), and choose it again.");
		}
		int st = admin_media_store(r, &url, &msg);
		if (st) {
			out->status = st;
			return editor_page(r, out, cur, &e, EF__COUNT, msg);
		}
		if (featured) {
			e.v[EF_IMAGE] = url;
		} else {
			const char *md = admin_image_markdown(p, url, alt, req_field(r, "caption"));
			const char *body = e.v[EF_BODY];
			size_t n = strlen(body);
			e.v[EF_BODY] = pool_printf(p, "%s%s%s\n", body,
						   n == 0		 ? ""
						   : body[n - 1] == '\n' ? "\n"
									 : "\n\n",
						   md);
		}
	}
	if (strcmp(action, "upload") == 0 && !uploaded) {
		out->status = 400;
		return editor_page(r, out, cur, &e, EF__COUNT, "Choose an image to upload.");
	}
	if (strcmp(action, "upload") == 0) {
		out->notice = featured ? "The image is the featured image now; save to keep it."
				       : "The image is added at the end of the text. Move its line "
					 "where it belongs.";
		return editor_page(r, out, cur, &e, -1, NULL);
	}
	if (!id && !*e.v[EF_SLUG] && *e.v[EF_TITLE])
		e.v[EF_SLUG] = free_slug(r, e.v[EF_TITLE], !strcmp(e.v[EF_TYPE], "page"));
	struct buf src = {0};
	struct postfile pf;
	int rc = parse_fields(r, out, cur, &e, &src, &pf);
	if (rc) {
		buf_free(&src);
		return 0;
	}
	if (strcmp(action, "preview") == 0) {
		rc = preview(r, out, id, &pf);
		postfile_free(&pf);
		buf_free(&src);
		return rc;
	}
	char err[256] = "the database is busy";
	/* A contributor writes drafts, whatever the form says: an editor publishes. */
	if (!admin_may_publish(r) && pf.status != POST_DRAFT) {
		postfile_free(&pf);
		buf_free(&src);
		out->status = 403;
		return editor_page(r, out, cur, &e, EF_STATUS,
				   "Not saved: contributors write drafts, and an editor publishes "
				   "them. Keep it a draft and submit it for review.");
	}
	int review = strcmp(action, "review") == 0 && pf.status == POST_DRAFT;
	struct publish_args args = {.id = id,
				    .user_id = r->me.id,
				    .source = src.data,
				    .create_only = id == 0,
				    .own_series_only = admin_own_posts_only(r)};
	struct publish_result res = {0};
	if (store_begin(r->store) != 0) {
		rc = -1;
		snprintf(err, sizeof(err), "the database is busy");
	} else if ((rc = publish_post(r->store, &pf, &args, &res, err, sizeof(err))) != 0 ||
		   (review && (rc = store_review_set(r->store, res.id, r->now)) != 0) ||
		   (rc = admin_commit(r)) != 0) {
		store_rollback(r->store);
	}
	postfile_free(&pf);
	buf_free(&src);
	free(res.url);
	if (rc != 0) {
		out->status = 400;
		char *msg = pool_printf(p, "Not saved: %s.", err);
		int field = strstr(err, "series") ? EF_SERIES
			    : strstr(err, "slug") ? EF_SLUG
						  : EF_AUTHOR;
		return editor_page(r, out, cur, &e, field, msg);
	}
	return admin_redirect(
	    out, pool_printf(p, "/admin/posts/%lld?saved=%s", res.id, review ? "review" : "1"));
}

/* A small JSON answer for the autosave script. */
static int json(struct page_out *out, int status, const char *key, const char *value, long long id)
{
	out->status = status;
	out->type = "application/json";
	buf_printf(&out->body, "{\"id\":%lld,\"%s\":\"", id, key);
	json_esc(&out->body, value, strlen(value));
	buf_puts(&out->body, "\"}");
	return 0;
}

int admin_autosave(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	long long id = atoll(req_field(r, "id"));
	struct editor_fields e;
	admin_posted_fields(r, &e);
	struct post_row row;
	if (id > 0) {
		int rc = store_post_by_id(r->store, p, id, &row);
		if (rc != 0 || !admin_may_edit(r, &row) || row.status == POST_TRASHED)
			return json(out, rc < 0 ? 500 : 403, "error",
				    "This post cannot be autosaved by you.", id);
	}
	/* A new post is kept as a draft from its first autosave on, like a saved one. */
	if (id <= 0) {
		e.v[EF_STATUS] = "draft";
		if (!*e.v[EF_TITLE])
			e.v[EF_TITLE] = "Untitled draft";
		if (!*e.v[EF_SLUG])
			e.v[EF_SLUG] = free_slug(r, e.v[EF_TITLE], !strcmp(e.v[EF_TYPE], "page"));
	}
	struct buf src = {0};
	unsigned line[EF__COUNT];
	editor_compose(&e, &src, line);
	char when[32];
	iso_date_format(r->now, when);
	int rc = -1;
	if (store_begin(r->store) == 0) {
		if (id > 0) {
			rc = store_revision_add(r->store, id, r->me.id, 1, src.data);
			if (rc == 0)
				rc = store_commit_quiet(r->store);
		} else {
			struct postfile pf;
			struct pf_error pe;
			char err[256] = "";
			struct publish_args args = {.user_id = r->me.id,
						    .source = src.data,
						    .create_only = 1,
						    .own_series_only = admin_own_posts_only(r)};
			struct publish_result res = {0};
			rc = postfile_parse(src.data, src.len, &pf, &pe) != 0 ||
			     publish_post(r->store, &pf, &args, &res, err, sizeof(err)) != 0 ||
			     store_commit(r->store) != 0;
			postfile_free(&pf);
			free(res.url);
			id = res.id;
			if (rc) {
				store_rollback(r->store);
				buf_free(&src);
				return json(out, 400, "error",
					    "The draft cannot be kept yet: check its title and "
					    "fields.",
					    0);
			}
		}
		if (rc)
			store_rollback(r->store);
	}
	buf_free(&src);
	if (rc)
		return json(out, 500, "error", "The site could not write its database.", id);
	return json(out, 200, "saved", when, id);
}

int admin_post_action(struct req *r, struct page_out *out)
{
	long long id = r->route->id;
	struct post_row row;
	int rc = editable(r, out, id, &row);
	if (rc)
		return rc < 0 ? -1 : 0;
	const char *done;
	if (store_begin(r->store) != 0)
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	enum post_action what = (enum post_action)r->row->arg;
	if (what == POST_ACTION_TRASH) {
		rc = store_post_trash(r->store, id);
		done = "/admin?done=trashed";
	} else if (what == POST_ACTION_RESTORE) {
		rc = store_post_untrash(r->store, id);
		done = "/admin/trash?done=restored";
	} else if (what == POST_ACTION_DELETE && row.status == POST_TRASHED) {
		rc = store_post_delete(r->store, row.slug);
		done = "/admin/trash?done=deleted";
	} else if (what == POST_ACTION_DISCARD) {
		rc = store_autosave_drop(r->store, id, r->me.id);
		done = pool_printf(r->pool, "/admin/posts/%lld", id);
	} else {
		store_rollback(r->store);
		return admin_fail(r, out, 409, "Only a post in the trash can be deleted for good.");
	}
	if (rc < 0 || admin_commit(r) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	return admin_redirect(out, done);
}

int admin_trash_empty(struct req *r, struct page_out *out)
{
	if (store_begin(r->store) != 0 || store_trash_empty(r->store) < 0 || admin_commit(r) != 0) {
		store_rollback(r->store);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	return admin_redirect(out, "/admin/trash?done=emptied");
}
