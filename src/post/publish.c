/* publish: turning a parsed post file into stored, rendered HTML (shared by the CLI and admin). */
#include "post/publish.h"
#include "post/postfile.h"
#include "render/markdown.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/casefold.h"
#include "util/escape.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int known_user(void *ud, const char *handle, size_t len)
{
	return store_user_exists(ud, handle, len);
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

/* Front-matter tags first, then hashtags not already there (case-insensitively). */
static const char **merge_tags(struct pool *p, const struct postfile *pf,
			       const struct md_tags *found, size_t *n)
{
	const char **all = pool_alloc(p, (pf->ntags + found->n + 1) * sizeof(*all));
	*n = 0;
	for (size_t i = 0; i < pf->ntags + found->n; i++) {
		const char *t = i < pf->ntags ? pf->tags[i] : found->names[i - pf->ntags];
		int dup = 0;
		for (size_t j = 0; j < *n && !dup; j++)
			dup = casefold_eq(all[j], t);
		if (!dup)
			all[(*n)++] = t;
	}
	return all;
}

int publish_post(struct store *s, const struct postfile *pf, char **url, int *created, char *err,
		 size_t errlen)
{
	struct md_opts opts = {.user_exists = known_user, .ud = s};
	struct buf body = {0}, excerpt = {0}, path = {0}, text = {0};
	struct md_tags tags = {0};
	struct pool *p = pool_new();
	int more = 0, rc = -1;
	if (md_render(pf->body, pf->body_len, &opts, &body, &tags) != 0 ||
	    md_excerpt(pf->body, pf->body_len, &opts, &excerpt, &more) != 0 ||
	    md_plain_text(pf->body, pf->body_len, &text) != 0) {
		snprintf(err, errlen, "the Markdown could not be rendered");
		goto out;
	}
	struct post_input in = {
	    .slug = pf->slug,
	    .title = pf->title,
	    .body_md = pf->body,
	    .body_html = body.data ? body.data : "",
	    .excerpt_html = excerpt.data ? excerpt.data : "",
	    .body_text = text.data ? text.data : "",
	    .has_more = more,
	    .status = (int)pf->status,
	    .part = pf->part,
	    .words = publish_word_count(pf->body, pf->body_len),
	    .series = pf->series,
	    .author_handle = pf->author,
	    .published = pf->has_date ? pf->date : 0,
	};
	in.tags = merge_tags(p, pf, &tags, &in.ntags);
	int r = store_post_put(s, &in, created);
	if (r == 1) {
		snprintf(err, errlen, "unknown author '@%s' (add it with 'broadside user add')",
			 pf->author);
		goto out;
	}
	if (r != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		goto out;
	}
	buf_puts(&path, "/posts/");
	esc_url_component(&path, pf->slug, strlen(pf->slug));
	*url = buf_detach(&path, NULL);
	rc = 0;
out:
	buf_free(&body);
	buf_free(&excerpt);
	buf_free(&path);
	buf_free(&text);
	md_tags_free(&tags);
	pool_free(p);
	return rc;
}

int publish_rerender_mentions(struct store *s, const char *handle)
{
	struct pool *p = pool_new();
	struct post_row *rows;
	size_t n;
	int rc = store_post_mentioning(s, p, handle, &rows, &n);
	struct md_opts opts = {.user_exists = known_user, .ud = s};
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct buf body = {0}, excerpt = {0};
		int more = 0;
		size_t len = strlen(rows[i].body_md);
		if (md_render(rows[i].body_md, len, &opts, &body, NULL) != 0 ||
		    md_excerpt(rows[i].body_md, len, &opts, &excerpt, &more) != 0 ||
		    store_post_set_html(s, rows[i].id, body.data ? body.data : "",
					excerpt.data ? excerpt.data : "", more) != 0)
			rc = -1;
		buf_free(&body);
		buf_free(&excerpt);
	}
	pool_free(p);
	return rc;
}
