/* page_search: /search?q=: ranked full-text results with the matched words marked. */
#include "route/route.h"
#include "page/page.h"
#include "store/store_resolutions.h"
#include "render/val.h"
#include "util/escape.h"
#include "util/ftsquery.h"
#include "util/pool.h"

#include <string.h>

/* The snippet comes as plain text with \x01 and \x02 around matches: escape the text, then
 * turn the markers (which escaping leaves alone) into <mark>. */
static const char *snippet_html(struct pool *p, const char *snippet)
{
	struct buf b = {0};
	const char *s = snippet ? snippet : "";
	while (*s) {
		size_t run = strcspn(s, "\x01\x02");
		esc_html(&b, s, run);
		s += run;
		if (*s == '\x01')
			buf_puts(&b, "<mark>");
		else if (*s == '\x02')
			buf_puts(&b, "</mark>");
		if (*s)
			s++;
	}
	const char *out = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return out;
}

/* The resolutions shown above the posts that match. */
#define SEARCH_RESOLUTIONS 5

static const char *res_state_words(int state)
{
	static const char *const words[] = {"draft", "circulating", "closed", "withdrawn"};
	return state >= 0 && state < 4 ? words[state] : "";
}

static const char *search_url(struct pool *p, const char *q, int page)
{
	struct buf b = {0};
	buf_puts(&b, "/search?q=");
	esc_url_component(&b, q, strlen(q));
	if (page > 1)
		buf_printf(&b, "&page=%d", page);
	const char *s = pool_strdup(p, b.data);
	buf_free(&b);
	return s;
}

int page_search(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *q = r->route->q;
	int page = r->route->page;
	struct val *ctx = page_base(r, q && *q ? pool_printf(p, "Search: %s", q) : "Search");
	val_set_str(p, ctx, "q", q ? q : "");
	/* Results only change when the site does, like every other page. */
	out->cacheable = 1;
	if (!q || !*q)
		return page_render(r, "search", ctx, out);
	struct buf fts = {0};
	if (fts_query(&fts, q, strlen(q)) == 0) {
		buf_free(&fts);
		val_set_str(p, ctx, "message",
			    "There is nothing to search for in that query: type a word or two.");
		return page_render(r, "search", ctx, out);
	}
	const char *fq = pool_strdup(p, fts.data);
	buf_free(&fts);
	struct post_list list;
	const char **snippets;
	int total;
	int per = r->site.per_page;
	int rc = store_search(r->store, p, fq, r->reader_member, (page - 1) * per, per, &list,
			      &snippets, &total);
	if (rc == -1)
		return -1;
	if (rc == -3) {
		/* Not kept: the next try may be quicker, and a slow query must not be cheap to
		 * ask for again. */
		out->cacheable = 0;
		val_set_str(p, ctx, "message",
			    "That search took too long. Try more specific words, or fewer "
			    "prefixes.");
		return page_render(r, "search", ctx, out);
	}
	if (rc == -2) {
		val_set_str(p, ctx, "message",
			    "That query could not be searched. Try plain words, a \"phrase\" or "
			    "a prefix*.");
		return page_render(r, "search", ctx, out);
	}
	/* Resolutions that match lead the first page (members-only ones for members alone). */
	struct res_row *res;
	const char **res_snippets;
	size_t nres = 0;
	if (page == 1 && store_res_search(r->store, p, fq, r->reader_member, SEARCH_RESOLUTIONS,
					  &res, &res_snippets, &nres) == -1)
		return -1;
	struct val *rl = val_set(p, ctx, "resolutions", val_list(p));
	for (size_t i = 0; i < nres; i++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "title", res[i].title);
		val_set_str(p, v, "url", page_url(p, "/resolutions/", res[i].slug));
		val_set_str(p, v, "state", res_state_words(res[i].state));
		val_set_str(p, v, "snippet", snippet_html(p, res_snippets[i]));
		val_push(p, rl, v);
	}
	val_set_num(p, ctx, "total", total > STORE_SEARCH_MAX ? STORE_SEARCH_MAX : total);
	val_set_bool(p, ctx, "more_than", total > STORE_SEARCH_MAX);
	val_set_bool(p, ctx, "one", total == 1);
	val_set_bool(p, ctx, "searched", 1);
	struct val *results = val_set(p, ctx, "results", val_list(p));
	for (size_t i = 0; i < list.n; i++) {
		struct val *v = page_post_val(r, &list.rows[i]);
		val_set_str(p, v, "snippet", snippet_html(p, snippets[i]));
		val_push(p, results, v);
	}
	if (list.more || page > 1) {
		struct val *nav = val_set(p, ctx, "pagination", val_map(p));
		if (page > 1)
			val_set_str(p, nav, "newer_url", search_url(p, q, page - 1));
		if (list.more)
			val_set_str(p, nav, "older_url", search_url(p, q, page + 1));
	}
	return page_render(r, "search", ctx, out);
}
