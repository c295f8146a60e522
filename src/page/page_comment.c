/* page_comment: a post's comment thread and form, replies, the writer's own edits, and the
 * public moderation log. */
#include "comment/comment.h"
#include "comment/comment_token.h"
#include "comment/rules.h"
#include "crypto/seal.h"
#include "req/form.h"
#include "route/route.h"
#include "page/page.h"
#include "post/postfile.h"
#include "store/store_resolutions.h"
#include "render/markdown.h"
#include "render/val.h"
#include "store/store_comment.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include "util/clock.h"
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#define MODLOG_ENTRIES 200

/* One comment write at a time in this process: threads queue here instead of sleeping in
 * SQLite's busy handler, where they would hold up the reads of their connections too. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

static int write_begin(struct store *s)
{
	pthread_mutex_lock(&write_lock);
	if (store_begin(s) == 0)
		return 0;
	pthread_mutex_unlock(&write_lock);
	return -1;
}

/* Commits (or, when ok is 0, rolls back) and lets the next writer in. 0 on a commit. */
static int write_end(struct store *s, int ok)
{
	int rc = ok ? store_commit_quiet(s) : -1;
	if (rc != 0)
		store_rollback(s);
	pthread_mutex_unlock(&write_lock);
	return rc;
}

static const char *post_path(struct req *r, const char *slug)
{
	struct buf b = {0};
	buf_puts(&b, "/posts/");
	esc_url_component(&b, slug, strlen(slug));
	const char *s = pool_strdup(r->pool, b.data);
	buf_free(&b);
	return s;
}

/* Where the post or page is shown (comments and forms stay under /posts/SLUG). */
static const char *shown_path(struct req *r, int type, const char *slug)
{
	return page_post_path(r->pool, type, slug);
}

/* The post's comment mode after the site's default and the age limit. A page takes comments
 * only when it says so itself. */
static int effective_mode(struct req *r, const struct post_row *post)
{
	return comment_mode_of(&r->site, post, clock_now());
}

static struct val *form_val(struct req *r, const struct post_row *post, long long parent,
			    const struct comment_errors *e);

static struct val *comment_val(struct req *r, const struct comment_row *c, const char *path)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	int shown = c->status != COMMENT_REMOVED && c->status != COMMENT_DELETED;
	val_set_num(p, v, "id", (double)c->id);
	val_set(p, v, "date", page_date_val(p, c->created));
	/* Every key the comment template reads is set on every comment, null when it does not
	 * apply: Mustache would otherwise find it on the parent comment up the context stack
	 * (a reply without a website would show its parent's, a removed reply its parent's
	 * text). */
	val_set_bool(p, v, "removed", c->status == COMMENT_REMOVED);
	val_set_bool(p, v, "deleted", c->status == COMMENT_DELETED);
	val_set(p, v, "name", shown ? val_str(p, c->name) : val_null(p));
	val_set(p, v, "website", shown && *c->website ? val_str(p, c->website) : val_null(p));
	/* A reply from the Fediverse: its author's avatar as we keep it, never their server's. */
	val_set_bool(p, v, "fediverse", shown && c->actor_uri != NULL);
	val_set(p, v, "avatar",
		shown && c->avatar && *c->avatar ? val_str(p, page_url(p, "/avatars/", c->avatar))
						 : val_null(p));
	val_set(p, v, "body", shown ? val_str(p, c->body_html) : val_null(p));
	val_set(p, v, "edited", shown && c->edited ? page_date_val(p, c->edited) : val_null(p));
	val_set(p, v, "reply_url",
		shown ? val_str(p, pool_printf(p, "%s/reply/%lld", path, c->id)) : val_null(p));
	/* Every comment has its own replies and has_replies, so the recursive partial never
	 * finds a parent's through the context stack. */
	val_set(p, v, "replies", val_list(p));
	val_set_bool(p, v, "has_replies", 0);
	return v;
}

int page_comments_val(struct req *r, const struct post_row *post, struct val *pv)
{
	if (r->route->cid) {
		/* ?mine=ID right after sending, ?held=ID when it waits for a moderator. */
		val_set_num(r->pool, pv, r->route->held ? "held_id" : "mine_id",
			    (double)r->route->cid);
		if (!r->route->held)
			val_set_str(r->pool, pv, "mine_edit",
				    pool_printf(r->pool, "%s/comment/%lld/edit",
						post_path(r, post->slug), r->route->cid));
	}
	struct pool *p = r->pool;
	struct comment_row *rows;
	size_t n;
	if (store_comments_of_post(r->store, p, post->id, &rows, &n) != 0)
		return -1;
	const char *path = post_path(r, post->slug);
	/* Rows come oldest first, so a parent is always made before its replies. */
	struct val **made = pool_alloc(p, (n + 1) * sizeof(*made));
	struct val *top = val_set(p, pv, "comments", val_list(p));
	for (size_t i = 0; i < n; i++) {
		made[i] = comment_val(r, &rows[i], path);
		struct val *into = top;
		/* Rows are in id order and a parent is older than its reply: binary search. */
		size_t lo = 0, hi = i;
		while (rows[i].parent_id && lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rows[mid].id < rows[i].parent_id) {
				lo = mid + 1;
			} else if (rows[mid].id > rows[i].parent_id) {
				hi = mid;
			} else {
				into = (struct val *)val_get(made[mid], "replies", 7);
				val_set_bool(p, made[mid], "has_replies", 1);
				break;
			}
		}
		val_push(p, into, made[i]);
	}
	val_set_bool(p, pv, "has_comments", n > 0);
	long long latest = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].status == COMMENT_PUBLISHED && rows[i].created > latest)
			latest = rows[i].created;
	if (latest)
		val_set(p, pv, "latest_comment", page_date_val(p, latest));
	val_set_num(p, pv, "comment_count", post->comment_count);
	val_set_bool(p, pv, "one_comment", post->comment_count == 1);
	int mode = effective_mode(r, post);
	val_set_bool(p, pv, "comments_closed", mode == COMMENTS_CLOSED);
	val_set_bool(p, pv, "comments_moderated", mode == COMMENTS_MODERATED);
	if (mode != COMMENTS_CLOSED)
		val_set(p, pv, "form", form_val(r, post, 0, NULL));
	return 0;
}

/* The form's data: where it posts, a fresh token, and what was typed with its errors. */
static struct val *form_val(struct req *r, const struct post_row *post, long long parent,
			    const struct comment_errors *e)
{
	struct pool *p = r->pool;
	struct val *f = val_map(p);
	char token[64];
	const char *sent = r->form ? comment_form_get(r->form, CF_TOKEN) : "";
	int state = comment_token_check(store_secret(r->store), post->id, sent, clock_now());
	/* A form sent back for correction keeps its good token, so a quick fix is not refused
	 * as too quick; anything else gets a fresh one. */
	if (state == TOKEN_OK || state == TOKEN_TOO_FAST)
		val_set_str(p, f, "token", sent);
	else if (comment_token_make(store_secret(r->store), post->id, clock_now(), token) == 0)
		val_set_str(p, f, "token", token);
	val_set_str(p, f, "action", pool_printf(p, "%s/comments", post_path(r, post->slug)));
	/* Every key the form template reads is set, null when empty: Mustache would otherwise
	 * find the post's own "body" or "name" further up the context stack. */
	val_set(p, f, "parent", parent ? val_num(p, (double)parent) : val_null(p));
	val_set(p, f, "message", val_null(p));
	static const char *const keys[] = {
	    [CF_NAME] = "name", [CF_EMAIL] = "email", [CF_WEBSITE] = "website", [CF_BODY] = "body"};
	for (int i = CF_NAME; i <= CF_BODY; i++) {
		const char *typed = r->form ? comment_form_get(r->form, (enum comment_field)i) : "";
		val_set_str(p, f, keys[i], typed);
		val_set(p, f, pool_printf(p, "%s_error", keys[i]),
			e && e->field[i] ? val_str(p, e->field[i]) : val_null(p));
	}
	return f;
}

/* Renders the form page (replying, or sending again after an error) with status. */
static int form_page(struct req *r, const struct post_row *post, long long parent,
		     const struct comment_errors *e, const char *message, int status,
		     struct page_out *out)
{
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, pool_printf(p, "Comment on %s", post->title));
	struct val *pv = val_set(p, ctx, "post", val_map(p));
	val_set_str(p, pv, "title", post->title);
	val_set_str(p, pv, "url", shown_path(r, post->type, post->slug));
	struct val *f = val_set(p, ctx, "form", form_val(r, post, parent, e));
	if (message)
		val_set_str(p, f, "message", message);
	if (parent) {
		struct comment_row c;
		if (store_comment_get(r->store, p, parent, &c) == 0 &&
		    c.status == COMMENT_PUBLISHED) {
			val_set(p, ctx, "parent", comment_val(r, &c, post_path(r, post->slug)));
		}
	}
	out->status = status;
	out->cacheable = 0;
	return page_render(r, "comment_form", ctx, out);
}

static int find_post(struct req *r, struct post_row *post, struct page_out *out)
{
	int rc = store_post_by_slug(r->store, r->pool, r->route->arg, 0, post);
	/* Only those who may read a post for members may talk about it. */
	if (rc == 0 && post->visibility == VISIBLE_MEMBERS && !r->reader_member)
		rc = 1;
	if (rc == 1)
		page_error(r, 404, "There is no post at this address.", out);
	return rc;
}

int page_comment_reply(struct req *r, struct page_out *out)
{
	struct post_row post;
	int rc = find_post(r, &post, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct comment_row c;
	rc = store_comment_get(r->store, r->pool, r->route->cid, &c);
	if (rc < 0)
		return -1;
	if (rc == 1 || c.post_id != post.id || c.status != COMMENT_PUBLISHED) {
		page_error(r, 404, "There is no such comment to reply to.", out);
		return 0;
	}
	if (effective_mode(r, &post) == COMMENTS_CLOSED) {
		page_error(r, 403, "Comments on this post are closed.", out);
		return 0;
	}
	return form_page(r, &post, c.id, NULL, NULL, 200, out);
}

static void hash32(const char *s, size_t n, unsigned char out[32])
{
	comment_hash(s, n, out);
}

/* Whether this browser wrote comment c (its cookie hashes to the stored edit hash). */
static int own_comment(struct req *r, const struct comment_row *c)
{
	unsigned char h[32];
	if (!r->cookie || !c->has_edit_hash)
		return 0;
	hash32(r->cookie, strlen(r->cookie), h);
	return sodium_memcmp(h, c->edit_hash, 32) == 0;
}

/* Loads the comment of an edit route and checks it may be edited by this browser now;
 * returns 0 when it may, 1 after writing the refusal. */
static int editable(struct req *r, struct post_row *post, struct comment_row *c,
		    struct page_out *out)
{
	int rc = find_post(r, post, out);
	if (rc != 0)
		return rc;
	rc = store_comment_get(r->store, r->pool, r->route->cid, c);
	if (rc < 0)
		return -1;
	if (rc == 1 || c->post_id != post->id ||
	    (c->status != COMMENT_PUBLISHED && c->status != COMMENT_HELD)) {
		page_error(r, 404, "There is no such comment to edit.", out);
		return 1;
	}
	if (!own_comment(r, c)) {
		page_error(r, 403,
			   "Only the browser that wrote this comment can edit or delete it.", out);
		return 1;
	}
	if (clock_now() - c->created > COMMENT_EDIT_SECONDS) {
		page_error(r, 403,
			   "The 15 minutes for editing or deleting this comment have passed.", out);
		return 1;
	}
	return 0;
}

static int edit_page(struct req *r, const struct post_row *post, const struct comment_row *c,
		     const struct comment_errors *e, int status, struct page_out *out)
{
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, "Edit your comment");
	struct val *pv = val_set(p, ctx, "post", val_map(p));
	val_set_str(p, pv, "title", post->title);
	val_set_str(p, pv, "url", shown_path(r, post->type, post->slug));
	struct val *f = val_set(p, ctx, "form", val_map(p));
	val_set_str(p, f, "action",
		    pool_printf(p, "%s/comment/%lld/edit", post_path(r, post->slug), c->id));
	val_set_str(p, f, "body", r->form ? comment_form_get(r->form, CF_BODY) : c->body_md);
	val_set(p, f, "body_error",
		e && e->field[CF_BODY] ? val_str(p, e->field[CF_BODY]) : val_null(p));
	long long left = COMMENT_EDIT_SECONDS - (clock_now() - c->created);
	val_set_num(p, f, "minutes_left", (double)(left > 60 ? left / 60 : 1));
	out->status = status;
	out->cacheable = 0;
	return page_render(r, "comment_edit", ctx, out);
}

int page_comment_edit(struct req *r, struct page_out *out)
{
	struct post_row post;
	struct comment_row c;
	int rc = editable(r, &post, &c, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return edit_page(r, &post, &c, NULL, 200, out);
}

static int render_comment(const char *md, struct buf *html)
{
	struct md_opts opts = {.untrusted = 1};
	return md_render(md, strlen(md), &opts, html, NULL);
}

int page_comment_edit_submit(struct req *r, struct page_out *out)
{
	out->cacheable = 0;
	struct post_row post;
	struct comment_row c;
	int rc = editable(r, &post, &c, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const char *path = shown_path(r, post.type, post.slug);
	long long now = clock_now();
	if (strcmp(comment_form_get(r->form, CF_ACTION), "delete") == 0) {
		if (write_begin(r->store) != 0 ||
		    write_end(r->store,
			      store_comment_set_status(r->store, c.id, COMMENT_DELETED) == 0) != 0)
			return -1;
		out->location = pool_printf(r->pool, "%s#comments", path);
	} else {
		struct comment_errors e;
		/* Only the text can change; the other fields are not sent by this form. */
		comment_form_check(r->form, &e);
		for (int i = 0; i < CF__COUNT; i++)
			if (i != CF_BODY)
				e.field[i] = NULL;
		if (e.field[CF_BODY])
			return edit_page(r, &post, &c, &e, 400, out);
		const char *md = comment_form_get(r->form, CF_BODY);
		struct buf html = {0};
		unsigned char h[32];
		hash32(md, strlen(md), h);
		/* Under a policy that holds comments, an approved one stays as it was approved
		 * until a moderator approves the edit too. */
		int wait = comment_edit_waits(&r->site, effective_mode(r, &post), c.status);
		rc = render_comment(md, &html);
		if (rc != 0 || write_begin(r->store) != 0 ||
		    write_end(r->store,
			      (wait ? store_comment_set_pending(r->store, c.id, md, buf_str(&html))
				    : store_comment_set_body(r->store, c.id, md, buf_str(&html), h,
							     now)) == 0) != 0) {
			buf_free(&html);
			return -1;
		}
		buf_free(&html);
		out->location =
		    wait ? pool_printf(r->pool, "%s?held=%lld#comment-form", path, c.id)
			 : pool_printf(r->pool, "%s?mine=%lld#comment-%lld", path, c.id, c.id);
		if (wait) {
			out->status = 303;
			return 0;
		}
	}
	out->status = 303;
	out->changed_post = post.slug;
	return 0;
}

/* The checks a reader cannot fix by editing the text; each refusal says why. NULL when the
 * comment may go in. */
static const char *refusal(struct req *r, const struct post_row *post, const unsigned char hash[32],
			   int *status)
{
	long long now = clock_now();
	*status = 400;
	if (*comment_form_get(r->form, CF_TRAP))
		return "This looks automated: a field meant to stay empty was filled in.";
	switch (comment_token_check(store_secret(r->store), post->id,
				    comment_form_get(r->form, CF_TOKEN), now)) {
	case TOKEN_BAD:
		return "The form was damaged or is not from this site. Your text is kept below: "
		       "send it again.";
	case TOKEN_TOO_FAST:
		*status = 429;
		return "That was sent too quickly after the form loaded. Wait a few seconds and "
		       "send it again.";
	case TOKEN_EXPIRED:
		return "The form is more than a day old. Your text is kept below: send it again.";
	}
	return comment_refusal(r->store, r->pool, &r->site, post->id, r->addr, hash, now, status);
}

int page_comment_new(struct req *r, struct page_out *out)
{
	out->cacheable = 0;
	struct post_row post;
	int rc = find_post(r, &post, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	long long parent = atoll(comment_form_get(r->form, CF_PARENT));
	int mode = effective_mode(r, &post);
	if (mode == COMMENTS_CLOSED) {
		page_error(r, 403, "Comments on this post are closed.", out);
		return 0;
	}
	struct comment_errors e;
	if (comment_form_check(r->form, &e))
		return form_page(r, &post, parent, &e, "Please correct what is marked below.", 400,
				 out);
	const char *md = comment_form_get(r->form, CF_BODY);
	unsigned char hash[32];
	hash32(md, strlen(md), hash);
	int status;
	const char *why = refusal(r, &post, hash, &status);
	if (why)
		return form_page(r, &post, parent, NULL, why, status, out);

	struct comment_new c = {.post_id = post.id, .now = clock_now(), .addr = r->addr};
	rc = comment_place(r->store, r->pool, post.id, parent, &c.parent_id, &c.depth);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return form_page(r, &post, 0, NULL,
				 "The comment you answered is no longer there; your text is "
				 "kept below.",
				 400, out);
	const char *name = comment_form_get(r->form, CF_NAME);
	const char *email = comment_form_get(r->form, CF_EMAIL);
	/* The email is kept sealed, found again by its blind index. */
	unsigned char bidx[SEAL_INDEX_BYTES];
	struct buf ect = {0};
	if (*email) {
		seal_email_index(r->keys, SEAL_INDEX_COMMENTS, email, bidx);
		seal_text(r->keys, SEAL_PLACE_COMMENT_EMAIL, email, strlen(email), &ect);
		c.email_ct = ect.data;
		c.email_len = ect.len;
		c.email_bidx = bidx;
	}
	int hold = comment_held(r->store, &r->site, mode, *email ? bidx : NULL, name, r->addr);
	c.status = hold ? COMMENT_HELD : COMMENT_PUBLISHED;
	c.name = name;
	c.website = comment_form_get(r->form, CF_WEBSITE);
	c.body_md = md;
	c.body_hash = hash;
	/* The browser's edit key: the cookie it has, or a new one. */
	const char *key = r->cookie;
	if (!key) {
		unsigned char raw[32];
		char *hex = pool_alloc(r->pool, 65);
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(hex, 65, raw, sizeof(raw));
		key = hex;
		out->set_cookie =
		    pool_printf(r->pool,
				"bs_edit=%s; Path=/; Max-Age=31536000; HttpOnly; "
				"SameSite=Lax%s",
				hex, strncmp(r->site.url, "https:", 6) ? "" : "; Secure");
	}
	unsigned char kh[32];
	hash32(key, strlen(key), kh);
	c.edit_hash = kh;
	struct buf html = {0};
	long long id;
	rc = render_comment(md, &html);
	c.body_html = buf_str(&html);
	/* Acknowledged only after COMMIT returns: synchronous=FULL makes it durable. */
	if (rc != 0 || write_begin(r->store) != 0 ||
	    write_end(r->store, store_comment_add(r->store, &c, &id) == 0) != 0) {
		buf_free(&html);
		buf_free(&ect);
		return -1;
	}
	buf_free(&html);
	buf_free(&ect);
	const char *path = shown_path(r, post.type, post.slug);
	out->status = 303;
	out->location = hold ? pool_printf(r->pool, "%s?held=%lld#comment-form", path, id)
			     : pool_printf(r->pool, "%s?mine=%lld#comment-%lld", path, id, id);
	out->changed_post = hold ? NULL : post.slug;
	return 0;
}

int page_moderation(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct modlog_row *rows;
	size_t n;
	if (store_modlog_list(r->store, p, MODLOG_ENTRIES, r->site.moderation_text, &rows, &n) != 0)
		return -1;
	struct val *ctx = page_base(r, "Moderation log");
	struct val *list = val_set(p, ctx, "entries", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set(p, v, "date", page_date_val(p, rows[i].at));
		val_set_num(p, v, "comment_id", (double)rows[i].comment_id);
		val_set_str(p, v, "action", rows[i].action);
		val_set_str(p, v, "reason", rows[i].reason);
		val_set(p, v, "text", rows[i].text ? val_str(p, rows[i].text) : val_null(p));
		val_set(p, v, "post_title",
			rows[i].post_title ? val_str(p, rows[i].post_title) : val_null(p));
		val_set(p, v, "post_url",
			rows[i].post_slug
			    ? val_str(p, shown_path(r, rows[i].post_type, rows[i].post_slug))
			    : val_null(p));
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "empty", n == 0);
	val_set_bool(p, ctx, "shows_text", r->site.moderation_text);
	/* Beside it, every resolution closed or withdrawn: who did it, and why. */
	struct res_log_row *rl;
	size_t nrl;
	if (store_res_log(r->store, p, 0, r->reader_member, MODLOG_ENTRIES, &rl, &nrl) != 0)
		return -1;
	struct val *res = val_set(p, ctx, "resolutions", val_list(p));
	for (size_t i = 0; i < nrl; i++) {
		struct val *v = val_map(p);
		val_set(p, v, "date", page_date_val(p, rl[i].at));
		val_set_str(p, v, "title", rl[i].title);
		val_set_str(p, v, "url", page_url(p, "/resolutions/", rl[i].slug));
		val_set_str(p, v, "action", rl[i].action);
		val_set_str(p, v, "actor", rl[i].actor);
		val_set_str(p, v, "reason", rl[i].reason);
		val_push(p, res, v);
	}
	val_set_bool(p, ctx, "no_resolutions", nrl == 0);
	out->cacheable = 1;
	return page_render(r, "moderation", ctx, out);
}
