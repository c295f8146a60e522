/* page_resolutions: the public pages of model resolutions: the list, a resolution at its current
 * or any earlier version with its numbered lines, amendments, endorsements, the table of the
 * branches' decisions and its log; the comparison of two versions; the text export; the feed. */
#include "feed/feed.h"
#include "page/page.h"
#include "page/page_res.h"
#include "render/markdown.h"
#include "render/val.h"
#include "resolution/res_diff.h"
#include "resolution/res_html.h"
#include "resolution/resolution.h"
#include "route/route.h"
#include "store/store_members.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <string.h>

#define FEED_ENTRIES 20
#define LIST_MAX 500

struct res_ctx page_res_ctx(struct req *r)
{
	return (struct res_ctx){.s = r->store, .k = r->keys, .p = r->pool, .now = r->now};
}

int page_res_visible(struct req *r, struct res_row *res, struct page_out *out)
{
	int rc = store_res_by_slug(r->store, r->pool, r->route->arg, res);
	if (rc < 0) {
		page_error(r, 500, "The site could not read its database. Please try again.", out);
		return -1;
	}
	/* A draft is nobody's to read here, and a members-only resolution nobody else's: the same
	 * answer as for an address that holds nothing. */
	if (rc == 1 || res->current == 0 ||
	    (res->visibility == VISIBLE_MEMBERS && !r->reader_member)) {
		page_error(r, 404, "There is no resolution at this address.", out);
		return 1;
	}
	return 0;
}

const char *page_res_url(struct req *r, const struct res_row *res, const char *rest)
{
	return pool_printf(r->pool, "%s%s", page_url(r->pool, "/resolutions/", res->slug), rest);
}

static int db_error(struct req *r, struct page_out *out)
{
	buf_reset(&out->body);
	page_error(r, 500, "The site could not read its database. Please try again.", out);
	return -1;
}

/* The fields every view of a resolution shows. */
struct val *page_res_val(struct req *r, const struct res_row *res)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	val_set_str(p, v, "title", res->title);
	val_set_str(p, v, "slug", res->slug);
	val_set_str(p, v, "url", page_res_url(r, res, ""));
	val_set_str(p, v, "state", res_state_name(res->state));
	val_set_bool(p, v, "circulating", res->state == RES_CIRCULATING);
	val_set_bool(p, v, "closed", res->state == RES_CLOSED);
	val_set_bool(p, v, "withdrawn", res->state == RES_WITHDRAWN);
	val_set_bool(p, v, "members_only", res->visibility == VISIBLE_MEMBERS);
	val_set_num(p, v, "current", res->current);
	long long t;
	val_set(p, v, "deadline",
		*res->deadline && iso_date_parse(res->deadline, &t) == 0 ? page_date_val(p, t)
									 : val_null(p));
	val_set(p, v, "circulated",
		res->circulated ? page_date_val(p, res->circulated) : val_null(p));
	val_set(p, v, "updated", page_date_val(p, res->updated));
	struct val *a = val_null(p);
	if (res->author_handle) {
		a = val_map(p);
		val_set_str(p, a, "handle", res->author_handle);
		val_set_str(p, a, "name", res->author_name);
		val_set_str(p, a, "url", page_url(p, "/@", res->author_handle));
	}
	val_set(p, v, "author", a);
	val_set_num(p, v, "open_amendments", res->open_amendments);
	val_set_num(p, v, "decided", res->decided);
	val_set_num(p, v, "endorsements", res->endorsements);
	return v;
}

/* Open amendments' numbers on each line they change (an insertion: on the line it follows). */
static struct val **line_marks(struct req *r, const struct res_row *res,
			       const struct res_amendment_row *a, size_t na, size_t nlines)
{
	struct pool *p = r->pool;
	struct val **marks = pool_zalloc(p, (nlines + 1) * sizeof(*marks));
	for (size_t i = 0; i < na; i++) {
		if (a[i].state != AMEND_OPEN)
			continue;
		int from = a[i].kind == RES_INSERT ? (a[i].from ? a[i].from : 1) : a[i].from;
		int to = a[i].kind == RES_INSERT ? from : a[i].to;
		for (int k = from; k <= to && k >= 1 && (size_t)k <= nlines; k++) {
			if (!marks[k])
				marks[k] = val_list(p);
			struct val *m = val_map(p);
			val_set_str(
			    p, m, "label",
			    pool_printf(p, "A%d%s", a[i].n, a[i].kind == RES_INSERT ? "+" : ""));
			val_set_str(p, m, "url", pool_printf(p, "#res-amendment-%d", a[i].n));
			val_push(p, marks[k], m);
		}
	}
	(void)res;
	return marks;
}

static const char *block_name(enum res_block b)
{
	return b == RES_HEADING ? "heading"
	       : b == RES_ITEM	? "item"
	       : b == RES_QUOTE ? "quote"
				: "prose";
}

struct val *page_res_text_val(struct req *r, const struct res_row *res, const struct res_doc *d,
			      const struct res_amendment_row *a, size_t na, int amend_links)
{
	struct pool *p = r->pool;
	struct val *paras = val_list(p);
	struct val **marks = line_marks(r, res, a, na, d->nlines);
	const char **html = pool_alloc(p, (d->nlines + 1) * sizeof(*html));
	const char *amend = page_res_url(r, res, "/amend?from=");
	for (size_t i = 0; i < d->npara; i++) {
		const struct res_para *pp = &d->paras[i];
		size_t marker;
		struct val *pv = val_map(p);
		val_set_num(p, pv, "id", (double)pp->id);
		val_set_str(p, pv, "kind", block_name(res_block_of(pp->text, pp->len, &marker)));
		struct val *lines = val_set(p, pv, "lines", val_list(p));
		res_para_html(d, i, p, html);
		for (int k = 0; k < pp->nlines; k++) {
			int n = pp->first + k;
			struct val *lv = val_map(p);
			val_set_num(p, lv, "n", n);
			val_set_str(p, lv, "html", html[k]);
			val_set(p, lv, "marks", marks[n] ? marks[n] : val_null(p));
			val_set(p, lv, "amend_url",
				amend_links ? val_str(p, pool_printf(p, "%s%d", amend, n))
					    : val_null(p));
			val_push(p, lines, lv);
		}
		val_push(p, paras, pv);
	}
	return paras;
}

static const char *branch_words(struct pool *p, const char *name)
{
	return pool_printf(p, "the branch %s", name ? name : "(gone)");
}

struct val *page_res_amendment_val(struct req *r, struct res_ctx *c, const struct res_row *res,
				   const struct res_amendment_row *x)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	struct res_range range = {(enum res_kind)x->kind, x->from, x->to};
	val_set_num(p, v, "n", x->n);
	val_set_num(p, v, "version", x->version);
	val_set_str(p, v, "kind", res_kind_name(range.kind));
	val_set_str(p, v, "range", res_range_words(p, &range));
	val_set_str(p, v, "who",
		    x->branch_id ? branch_words(p, x->branch_name)
				 : res_member_words(c, x->member_id));
	val_set_str(p, v, "state", res_amend_state_name(x->state));
	val_set_bool(p, v, "open", x->state == AMEND_OPEN);
	val_set_bool(p, v, "merged", x->state == AMEND_MERGED);
	val_set_bool(p, v, "stale", x->state == AMEND_STALE);
	val_set_bool(p, v, "withdrawn", x->state == AMEND_WITHDRAWN);
	val_set(p, v, "into", x->into ? val_num(p, x->into) : val_null(p));
	val_set_str(p, v, "into_url",
		    page_res_url(r, res, pool_printf(p, "/versions/%d", x->into)));
	val_set(p, v, "text", *x->text ? val_str(p, x->text) : val_null(p));
	val_set_str(p, v, "reason", x->reason);
	val_set(p, v, "date", page_date_val(p, x->created));
	return v;
}

static struct val *votes_val(struct pool *p, long long n)
{
	return n == RES_NO_VOTES ? val_str(p, "–") : val_num(p, (double)n);
}

static struct val *decision_val(struct req *r, const struct res_decision_row *d)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	val_set_str(p, v, "words", res_decision_words(p, d));
	val_set_str(p, v, "outcome", res_outcome_name(d->outcome));
	val_set_num(p, v, "version", d->version);
	val_set_str(p, v, "date", d->decided_on);
	val_set(p, v, "for", votes_val(p, d->votes_for));
	val_set(p, v, "against", votes_val(p, d->votes_against));
	val_set(p, v, "abstain", votes_val(p, d->votes_abstain));
	val_set(p, v, "note", *d->note ? val_str(p, d->note) : val_null(p));
	val_set(p, v, "recorded", page_date_val(p, d->recorded_at));
	return v;
}

struct val *page_res_decisions_val(struct req *r, struct res_ctx *c, long long id)
{
	struct pool *p = r->pool;
	struct res_branch_decision *t;
	size_t n;
	if (res_decision_table(c, id, &t, &n) != 0)
		return NULL;
	struct val *list = val_list(p);
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "branch", t[i].branch->name);
		val_set(p, v, "decision",
			t[i].current ? decision_val(r, t[i].current) : val_null(p));
		struct val *earlier = val_set(p, v, "earlier", val_list(p));
		for (size_t k = 0; k < t[i].nearlier; k++)
			val_push(p, earlier, decision_val(r, t[i].earlier[k]));
		val_set_bool(p, v, "corrected", t[i].nearlier > 0);
		val_push(p, list, v);
	}
	return list;
}

static const char *render_reason(struct pool *p, const char *md)
{
	struct buf html = {0};
	md_render(md, strlen(md), NULL, &html, NULL);
	const char *s = pool_strdup(p, buf_str(&html));
	buf_free(&html);
	return s;
}

int page_resolution(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row res;
	int rc = page_res_visible(r, &res, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int n = r->row->arg ? (int)r->route->rev : res.current;
	if (n < 1 || n > res.current) {
		page_error(r, 404, "This resolution has no such version.", out);
		return 0;
	}
	struct res_ctx c = page_res_ctx(r);
	struct res_version_row ver;
	struct res_doc d;
	struct res_amendment_row *am;
	struct res_endorsement_row *en;
	struct res_version_row *vers;
	struct res_log_row *log;
	size_t nam, nen, nvers, nlog;
	if (res_version_doc(&c, res.id, n, &ver, &d) != 0 ||
	    store_res_amendments(r->store, p, res.id, n, &am, &nam) != 0 ||
	    store_res_endorsements(r->store, p, res.id, n, &en, &nen) != 0 ||
	    store_res_versions(r->store, p, res.id, &vers, &nvers) != 0 ||
	    store_res_log(r->store, p, res.id, 1, 1000, &log, &nlog) != 0)
		return db_error(r, out);
	struct val *ctx = page_base(
	    r, n == res.current ? res.title : pool_printf(p, "%s (version %d)", res.title, n));
	struct val *v = val_set(p, ctx, "res", page_res_val(r, &res));
	int current = n == res.current;
	struct val *vv = val_set(p, v, "version", val_map(p));
	val_set_num(p, vv, "n", n);
	val_set_bool(p, vv, "current", current);
	val_set(p, vv, "date", page_date_val(p, ver.created));
	val_set_str(p, vv, "made_by", ver.made_by);
	val_set(p, vv, "note", *ver.note ? val_str(p, ver.note) : val_null(p));
	val_set_num(p, vv, "lines", (double)d.nlines);
	val_set(p, vv, "compare_url",
		n > 1 ? val_str(p, page_res_url(r, &res, pool_printf(p, "/diff/%d/%d", n - 1, n)))
		      : val_null(p));
	val_set_str(p, v, "reason_html", render_reason(p, res.reason));
	val_set(p, v, "paras",
		page_res_text_val(r, &res, &d, am, nam, current && res.state == RES_CIRCULATING));
	struct val *al = val_set(p, v, "amendments", val_list(p));
	for (size_t i = 0; i < nam; i++)
		val_push(p, al, page_res_amendment_val(r, &c, &res, &am[i]));
	val_set_bool(p, v, "has_amendments", nam > 0);
	struct val *el = val_set(p, v, "endorsers", val_list(p));
	for (size_t i = 0; i < nen; i++) {
		struct val *e = val_map(p);
		val_set_str(p, e, "who",
			    en[i].branch_id ? branch_words(p, en[i].branch_name)
					    : res_member_words(&c, en[i].member_id));
		val_push(p, el, e);
	}
	val_set_num(p, v, "endorsement_count", (double)nen);
	struct val *dl = page_res_decisions_val(r, &c, res.id);
	if (!dl)
		return db_error(r, out);
	val_set(p, v, "decisions", dl);
	val_set_bool(p, v, "has_branches", dl->u.list.n > 0);
	struct val *vl = val_set(p, v, "versions", val_list(p));
	for (size_t i = 0; i < nvers; i++) {
		struct val *e = val_map(p);
		val_set_num(p, e, "n", vers[i].n);
		val_set_bool(p, e, "this", vers[i].n == n);
		val_set_str(p, e, "url",
			    page_res_url(r, &res, pool_printf(p, "/versions/%d", vers[i].n)));
		val_set(p, e, "date", page_date_val(p, vers[i].created));
		val_set_str(p, e, "made_by", vers[i].made_by);
		val_set(p, e, "note", *vers[i].note ? val_str(p, vers[i].note) : val_null(p));
		val_push(p, vl, e);
	}
	struct val *ll = val_set(p, v, "log", val_list(p));
	for (size_t i = 0; i < nlog; i++) {
		struct val *e = val_map(p);
		val_set(p, e, "date", page_date_val(p, log[i].at));
		val_set_str(p, e, "actor", log[i].actor);
		val_set_str(p, e, "action", log[i].action);
		val_set(p, e, "reason", *log[i].reason ? val_str(p, log[i].reason) : val_null(p));
		val_push(p, ll, e);
	}
	val_set_str(p, v, "text_url", page_res_url(r, &res, ".txt"));
	val_set_str(p, v, "amend_url", page_res_url(r, &res, "/amend"));
	val_set_str(p, v, "endorse_url", page_res_url(r, &res, "/endorse"));
	val_set_str(p, v, "decide_url", page_res_url(r, &res, "/decide"));
	val_set_str(p, v, "current_url", page_res_url(r, &res, ""));
	/* No Last-Modified: the page names members as they choose, which can change without the
	 * resolution changing; the ETag follows the bytes. */
	out->cacheable = 1;
	return page_render(r, "resolution", ctx, out);
}

int page_resolutions(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row *rows;
	size_t n;
	if (store_res_list(r->store, p, 0, r->reader_member, LIST_MAX, &rows, &n) != 0)
		return db_error(r, out);
	struct val *ctx = page_base(r, "Resolutions");
	struct val *list = val_set(p, ctx, "resolutions", val_list(p));
	for (size_t i = 0; i < n; i++)
		val_push(p, list, page_res_val(r, &rows[i]));
	val_set_bool(p, ctx, "empty", n == 0);
	out->cacheable = 1;
	return page_render(r, "resolutions", ctx, out);
}

int page_res_text(struct req *r, struct page_out *out)
{
	struct res_row res;
	int rc = page_res_visible(r, &res, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct res_ctx c = page_res_ctx(r);
	const char *url = pool_printf(r->pool, "%s%s", r->base_url, page_res_url(r, &res, ""));
	if (res_export_text(&c, &res, 0, r->site.title, url, &out->body) != 0)
		return db_error(r, out);
	out->status = 200;
	out->type = "text/plain; charset=utf-8";
	out->cacheable = 1;
	return 0;
}

int page_res_diff(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row res;
	int rc = page_res_visible(r, &res, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int a = (int)r->route->rev, b = (int)r->route->to;
	if (a > res.current || b > res.current || a == b) {
		page_error(r, 404, "This resolution has no such pair of versions.", out);
		return 0;
	}
	struct res_ctx c = page_res_ctx(r);
	struct res_version_row va, vb;
	struct res_doc da, db;
	struct buf html = {0};
	if (res_version_doc(&c, res.id, a, &va, &da) != 0 ||
	    res_version_doc(&c, res.id, b, &vb, &db) != 0 ||
	    res_diff(&da, &db, RES_DIFF_HTML, &html) != 0) {
		buf_free(&html);
		return db_error(r, out);
	}
	struct val *ctx =
	    page_base(r, pool_printf(p, "%s: version %d against %d", res.title, b, a));
	struct val *v = val_set(p, ctx, "res", page_res_val(r, &res));
	val_set_num(p, v, "from", a);
	val_set_num(p, v, "to", b);
	val_set_str(p, v, "from_url", page_res_url(r, &res, pool_printf(p, "/versions/%d", a)));
	val_set_str(p, v, "to_url", page_res_url(r, &res, pool_printf(p, "/versions/%d", b)));
	val_set_str(p, v, "diff_html", buf_str(&html));
	buf_free(&html);
	out->cacheable = 1;
	return page_render(r, "res_diff", ctx, out);
}

static const char *const feed_types[] = {
    [FEED_ATOM] = "application/atom+xml; charset=utf-8",
    [FEED_RSS] = "application/rss+xml; charset=utf-8",
    [FEED_JSON] = "application/feed+json; charset=utf-8",
};
static const char *const feed_exts[] = {
    [FEED_ATOM] = "atom", [FEED_RSS] = "rss", [FEED_JSON] = "json"};

int page_res_feed(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct res_row *rows;
	size_t n;
	/* Resolutions for members never go into a feed, whoever asks. */
	if (store_res_list(r->store, p, 0, 0, FEED_ENTRIES, &rows, &n) != 0)
		return db_error(r, out);
	struct feed f = {.language = "en",
			 .subtitle = "Model resolutions circulated to the branches"};
	f.title = pool_printf(p, "%s: resolutions", r->site.title);
	f.home_url = pool_printf(p, "%s/resolutions", r->base_url);
	f.self_url =
	    pool_printf(p, "%s/resolutions/feed.%s", r->base_url, feed_exts[r->route->format]);
	f.id = f.self_url;
	struct feed_entry *e = pool_zalloc(p, (n + 1) * sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		const struct res_row *x = &rows[i];
		struct buf sum = {0};
		md_render(x->reason, strlen(x->reason), NULL, &sum, NULL);
		buf_printf(&sum, "<p>Version %d, %s; %d open amendments, %d branches decided.</p>",
			   x->current, res_state_name(x->state), x->open_amendments, x->decided);
		e[i].url = e[i].id = pool_printf(p, "%s%s", r->base_url, page_res_url(r, x, ""));
		e[i].title = x->title;
		e[i].author_name = x->author_name;
		e[i].published = x->circulated;
		e[i].updated = x->updated;
		e[i].summary_html = pool_strdup(p, buf_str(&sum));
		e[i].content_html = e[i].summary_html;
		buf_free(&sum);
		if (x->updated > f.updated)
			f.updated = x->updated;
	}
	if (!f.updated)
		f.updated = store_last_update(r->store);
	f.entries = e;
	f.n = n;
	if (r->route->format == FEED_ATOM)
		feed_atom(&out->body, &f);
	else if (r->route->format == FEED_RSS)
		feed_rss(&out->body, &f);
	else
		feed_json(&out->body, &f);
	out->status = 200;
	out->type = feed_types[r->route->format];
	out->cacheable = 1;
	out->last_modified = f.updated;
	return 0;
}
