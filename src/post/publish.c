/* publish: turning a parsed post file into stored, rendered HTML. */
#include "post/publish.h"
#include "port/sanitize.h"
#include "post/postfile.h"
#include "render/markdown.h"
#include "store/store.h"
#include "store/store_users.h"
#include "store/store_sessions.h"
#include "store/store_revisions.h"
#include "store/store_media.h"
#include "util/buf.h"
#include "util/casefold.h"
#include "util/escape.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include "util/clock.h"
/* The most tags one post carries (front matter and hashtags together). */
#define MAX_TAGS 128

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int known_user(void *ud, const char *handle, size_t len)
{
	return store_user_exists(ud, handle, len);
}

int publish_reading_minutes(int words)
{
	int minutes = (words + 137) / 275;
	return minutes < 1 ? 1 : minutes;
}

int publish_word_count(const char *text, size_t len)
{
	int words = 0, in_word = 0;
	for (size_t i = 0; i < len; i++) {
		int space = text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r';
		words += !space && !in_word;
		in_word = !space;
	}
	return words;
}

void publish_path(struct buf *out, int type, const char *slug)
{
	buf_puts(out, type == POST_TYPE_PAGE ? "/" : "/posts/");
	esc_url_component(out, slug, strlen(slug));
}

/* What a body becomes: its HTML, excerpt, plain text and word count. */
struct rendered {
	struct buf html, excerpt, text;
	int more, words;
};

static void rendered_free(struct rendered *r)
{
	buf_free(&r->html);
	buf_free(&r->excerpt);
	buf_free(&r->text);
}

/* The writer's own excerpt, one paragraph of escaped text with its line breaks. */
static void own_excerpt(struct buf *out, const char *excerpt)
{
	buf_reset(out);
	buf_puts(out, "<p>");
	for (const char *s = excerpt; *s;) {
		size_t n = strcspn(s, "\n");
		esc_html(out, s, n);
		s += n;
		if (*s == '\n') {
			buf_puts(out, "<br>\n");
			s++;
		}
	}
	buf_puts(out, "</p>");
}

/* Renders a body by its format (Markdown through md4c, HTML through the sanitizer); tags
 * (may be NULL) gets a Markdown body's hashtags. 0, or -1 when it cannot be rendered. */
static int render_body(struct store *s, const char *body, size_t len, int format,
		       const char *excerpt, struct rendered *r, struct md_tags *tags)
{
	memset(r, 0, sizeof(*r));
	if (format == POST_FORMAT_HTML) {
		struct sanitized san;
		if (sanitize_html(body, len, NULL, &san) != 0) {
			sanitized_free(&san);
			return -1;
		}
		r->html = san.html;
		r->excerpt = san.excerpt;
		r->text = san.text;
		r->more = san.has_more;
		r->words = san.words;
	} else {
		struct md_opts opts = {.user_exists = known_user, .ud = s};
		if (md_render(body, len, &opts, &r->html, tags) != 0 ||
		    md_excerpt(body, len, &opts, &r->excerpt, &r->more) != 0 ||
		    md_plain_text(body, len, &r->text) != 0)
			return -1;
		r->words = publish_word_count(body, len);
	}
	if (excerpt) {
		own_excerpt(&r->excerpt, excerpt);
		r->more = 1;
	}
	return 0;
}

/*
 * Front-matter tags first, then hashtags not already there (case-insensitively), at most
 * MAX_TAGS: a post is not a tag cloud, and the check is quadratic.
 */
static const char **merge_tags(struct pool *p, const struct postfile *pf,
			       const struct md_tags *found, size_t *n)
{
	size_t total = pf->ntags + found->n;
	const char **all = pool_alloc(p, (total + 1) * sizeof(*all));
	const char **keys = pool_alloc(p, (total + 1) * sizeof(*keys));
	*n = 0;
	for (size_t i = 0; i < total && *n < MAX_TAGS; i++) {
		const char *t = i < pf->ntags ? pf->tags[i] : found->names[i - pf->ntags];
		struct buf key = {0};
		casefold(&key, t, strlen(t));
		int dup = 0;
		for (size_t j = 0; j < *n && !dup; j++)
			dup = strcmp(keys[j], buf_str(&key)) == 0;
		if (!dup) {
			keys[*n] = pool_strdup(p, buf_str(&key));
			all[(*n)++] = t;
		}
		buf_free(&key);
	}
	return all;
}

int publish_post(struct store *s, const struct postfile *pf, const struct publish_args *a,
		 struct publish_result *res, char *err, size_t errlen)
{
	static const struct publish_args none = {0};
	if (!a)
		a = &none;
	memset(res, 0, sizeof(*res));
	struct buf path = {0}, fm_tags = {0};
	struct md_tags tags = {0};
	struct rendered body;
	struct pool *p = pool_new();
	int rc = -1;
	if (render_body(s, pf->body, pf->body_len, pf->format, pf->excerpt, &body, &tags) != 0) {
		snprintf(err, errlen, "the %s could not be rendered",
			 pf->format == POST_FORMAT_HTML ? "HTML" : "Markdown");
		goto out;
	}
	for (size_t i = 0; i < pf->ntags; i++)
		buf_printf(&fm_tags, "%s%s", i ? " " : "", pf->tags[i]);
	int status = (int)pf->status;
	if (status == POST_SCHEDULED && pf->date <= clock_now())
		status = POST_PUBLISHED;
	struct post_input in = {
	    .id = a->id,
	    .new_id = a->new_id,
	    .create_only = a->create_only,
	    .own_series_only = a->own_series_only,
	    .fm_tags = buf_str(&fm_tags),
	    .slug = pf->slug,
	    .title = pf->title,
	    .body_md = pf->body,
	    .body_html = buf_str(&body.html),
	    .excerpt_html = buf_str(&body.excerpt),
	    .body_text = buf_str(&body.text),
	    .comments = pf->comments,
	    .visibility = pf->visibility,
	    .type = pf->type,
	    .format = pf->format,
	    .nav_order = pf->order,
	    .sticky = pf->sticky,
	    .excerpt = pf->excerpt,
	    .image = pf->image,
	    .has_more = body.more,
	    .status = status,
	    .part = pf->part,
	    .words = body.words,
	    .series = pf->series,
	    .author_handle = pf->author,
	    .published = pf->has_date ? pf->date : 0,
	};
	/* A page is in no tag's listing: its hashtags stay links only. */
	if (pf->type != POST_TYPE_PAGE)
		in.tags = merge_tags(p, pf, &tags, &in.ntags);
	int r = store_post_put(s, &in, &res->created, &res->id);
	if (r == 1) {
		snprintf(err, errlen, "unknown author '@%s' (add it with 'broadside user add')",
			 pf->author);
		goto out;
	}
	if (r == 2) {
		snprintf(err, errlen, "the post is no longer there");
		goto out;
	}
	if (r == 3) {
		snprintf(
		    err, errlen,
		    "another post already has the slug '%s' (pages and posts share their slugs)",
		    pf->slug);
		goto out;
	}
	if (r == 6) {
		snprintf(err, errlen,
			 "the slug '%s' is a %s's, and a %s cannot take it (pages and "
			 "posts share their slugs)",
			 pf->slug, pf->type == POST_TYPE_PAGE ? "post" : "page",
			 pf->type == POST_TYPE_PAGE ? "page" : "post");
		goto out;
	}
	if (r == 4) {
		snprintf(err, errlen,
			 "the slug '%s' was another post's address, and still leads to it",
			 pf->slug);
		goto out;
	}
	if (r == 5) {
		snprintf(err, errlen,
			 "the series '%s' belongs to another writer; only an editor can add to it",
			 pf->series);
		goto out;
	}
	if (r == 0 && a->source && store_revision_add(s, res->id, a->user_id, 0, a->source) != 0)
		r = -1;
	if (r != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		goto out;
	}
	publish_path(&path, pf->type, pf->slug);
	res->url = buf_detach(&path, NULL);
	rc = 0;
out:
	rendered_free(&body);
	buf_free(&path);
	buf_free(&fm_tags);
	md_tags_free(&tags);
	pool_free(p);
	return rc;
}

int publish_render(struct store *s, struct pool *p, const struct postfile *pf, const char **html,
		   const char ***tags, size_t *ntags, int *words)
{
	struct rendered body;
	struct md_tags found = {0};
	int rc = render_body(s, pf->body, pf->body_len, pf->format, NULL, &body, &found);
	if (rc == 0) {
		*html = pool_strdup(p, buf_str(&body.html));
		if (words)
			*words = body.words;
		*ntags = 0;
		*tags = NULL;
		if (pf->type != POST_TYPE_PAGE) {
			/* merge_tags points into pf and found: copy before found goes. */
			*tags = merge_tags(p, pf, &found, ntags);
			for (size_t i = 0; i < *ntags; i++)
				(*tags)[i] = pool_strdup(p, (*tags)[i]);
		}
	}
	rendered_free(&body);
	md_tags_free(&found);
	return rc == 0 ? 0 : -1;
}

/* Renders one stored post's body again into its stored HTML. */
static int rerender(struct store *s, const struct post_row *row)
{
	struct rendered body;
	int rc = render_body(s, row->body_md, strlen(row->body_md), row->format, row->excerpt,
			     &body, NULL);
	if (rc == 0)
		rc = store_post_set_html(s, row->id, buf_str(&body.html), buf_str(&body.excerpt),
					 body.more);
	rendered_free(&body);
	return rc;
}

int publish_rerender_mentions(struct store *s, const char *handle)
{
	struct pool *p = pool_new();
	struct post_row *rows;
	size_t n;
	int rc = store_post_mentioning(s, p, handle, &rows, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = rerender(s, &rows[i]);
	pool_free(p);
	return rc;
}

long publish_rerender_all(struct store *s)
{
	long done = 0;
	long long last = 0;
	char version[16];
	if (store_begin(s) != 0)
		return -1;
	for (;;) {
		struct pool *p = pool_new();
		struct post_row *rows;
		size_t n;
		int rc = store_post_batch(s, p, last, 256, &rows, &n);
		for (size_t i = 0; rc == 0 && i < n; i++, done++)
			rc = rerender(s, &rows[i]);
		if (n)
			last = rows[n - 1].id;
		pool_free(p);
		if (rc != 0) {
			store_rollback(s);
			return -1;
		}
		if (n == 0)
			break;
	}
	snprintf(version, sizeof(version), "%d", PUBLISH_RENDER_VERSION);
	if (store_meta_set(s, "render_version", version) != 0 || store_commit(s) != 0) {
		store_rollback(s);
		return -1;
	}
	return done;
}

long publish_upgrade(struct store *s)
{
	if (store_meta_get_int(s, "render_version") == PUBLISH_RENDER_VERSION)
		return 0;
	return publish_rerender_all(s);
}
