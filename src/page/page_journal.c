/* page_journal: the journal's public pages: every issue, one issue with its pieces, its book
 * (EPUB) and the Atom feed of issues. */
#include "feed/feed.h"
#include "journal/issuefile.h"
#include "journal/journal.h"
#include "journal/xhtml.h"
#include "page/page.h"
#include "render/val.h"
#include "route/route.h"
#include "store/store_journal.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

#define FEED_ISSUES 20

int journal_visible(const struct req *r, const struct issue_row *row)
{
	if (row->status != ISSUE_PUBLISHED)
		return 0;
	if (row->visibility == ISSUE_PUBLIC)
		return 1;
	/* Members-only issues are for members and the press's writers (the page cache keeps
	 * their pages apart from everyone else's). */
	return r->reader_member || (r->signed_in && (ROLES_WRITERS & ROLE_BIT(r->me.role)) != 0);
}

static const char *issue_path(struct pool *p, const struct issue_row *row)
{
	return pool_printf(p, "/journal/%d/%d", row->volume, row->number);
}

/* What every listing and page of an issue shows of it. */
static struct val *issue_val(struct req *r, const struct issue_row *row)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	const char *path = issue_path(p, row);
	val_set_str(p, v, "title", row->title);
	val_set_num(p, v, "volume", row->volume);
	val_set_num(p, v, "number", row->number);
	val_set_str(p, v, "numbering", journal_numbering(p, row));
	val_set_str(p, v, "month", journal_month(p, row->month));
	val_set_str(p, v, "url", path);
	val_set_str(p, v, "epub_url", pool_printf(p, "%s.epub", path));
	val_set_str(p, v, "epub_name",
		    pool_printf(p, "issue-%d-%d.epub", row->volume, row->number));
	val_set_bool(p, v, "members", row->visibility == ISSUE_MEMBERS);
	val_set_str(p, v, "editors", journal_editors_phrase(p, row->editors));
	if (row->published)
		val_set(p, v, "published", page_date_val(p, row->published));
	if (row->cover)
		val_set_str(p, v, "cover", pool_printf(p, "/media/%s", row->cover));
	return v;
}

int page_journal_index(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct issue_row *rows;
	size_t n;
	if (store_issue_list(r->store, p, 1, &rows, &n) != 0)
		return -1;
	struct val *ctx = page_base(r, "The journal");
	val_set_bool(p, ctx, "journal_feed", 1);
	struct val *list = val_set(p, ctx, "issues", val_list(p));
	for (size_t i = 0; i < n; i++) {
		if (!journal_visible(r, &rows[i]))
			continue;
		struct val *v = issue_val(r, &rows[i]);
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "empty", list->u.list.n == 0);
	out->cacheable = 1;
	return page_render(r, "journal", ctx, out);
}

/* The issue the route names when this reader may see it: 0, or 1 after a 404. */
static int visible_issue(struct req *r, struct page_out *out, struct journal_issue *is)
{
	struct issue_row row;
	char err[256];
	int rc = store_issue_get(r->store, r->pool, r->route->volume, r->route->number, &row);
	if (rc < 0)
		return -1;
	if (rc == 1 || !journal_visible(r, &row)) {
		page_error(r, 404, "There is no issue of the journal at this address.", out);
		return 1;
	}
	rc = journal_load(r->store, r->pool, row.id, 0, is, err, sizeof(err));
	return rc == 0 ? 0 : -1;
}

int page_journal_render(struct req *r, const struct journal_issue *is, int preview,
			struct page_out *out)
{
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, is->row.title);
	struct val *v = val_set(p, ctx, "issue", issue_val(r, &is->row));
	val_set_bool(p, ctx, "journal_feed", 1);
	val_set_bool(p, ctx, "preview", preview);
	/* The pieces, then the editorial: converted together so that links between them stay
	 * on the page and their ids stay apart. */
	const char **slugs = pool_alloc(p, (is->n + 1) * sizeof(*slugs));
	const char **html = pool_alloc(p, (is->n + 1) * sizeof(*html));
	for (size_t i = 0; i < is->n; i++) {
		slugs[i] = is->pieces[i].slug;
		html[i] = is->pieces[i].body_html;
	}
	slugs[is->n] = NULL;
	html[is->n] = is->row.editorial_html;
	struct xh_issue xi = {
	    .mode = XH_WEB, .n = is->n + 1, .slugs = slugs, .base_url = r->base_url};
	struct xh_set *x = xh_parse(&xi, html);
	struct buf b = {0};
	xh_write(x, is->n, &b);
	val_set_str(p, v, "editorial", buf_str(&b));
	struct val *pieces = val_set(p, v, "pieces", val_list(p));
	for (size_t i = 0; i < is->n; i++) {
		const struct piece_row *pc = &is->pieces[i];
		struct val *e = val_map(p);
		val_set_str(p, e, "anchor", pool_printf(p, "p%zu", i + 1));
		val_set_str(p, e, "title", pc->title);
		val_set_str(p, e, "url", page_url(p, "/posts/", pc->slug));
		if (pc->author_handle && pc->author_name) {
			struct val *a = val_set(p, e, "author", val_map(p));
			val_set_str(p, a, "name", pc->author_name);
			val_set_str(p, a, "url", page_url(p, "/@", pc->author_handle));
		}
		if (pc->standfirst && *pc->standfirst)
			val_set_str(p, e, "standfirst", pc->standfirst);
		val_set(p, e, "published", page_date_val(p, pc->published));
		buf_reset(&b);
		xh_write(x, i, &b);
		val_set_str(p, e, "body", buf_str(&b));
		val_push(p, pieces, e);
	}
	buf_free(&b);
	xh_free(x);
	return page_render(r, "journal_issue", ctx, out);
}

int page_journal_issue(struct req *r, struct page_out *out)
{
	struct journal_issue is;
	int rc = visible_issue(r, out, &is);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	out->cacheable = 1;
	out->last_modified = is.row.updated > is.row.published ? is.row.updated : is.row.published;
	return page_journal_render(r, &is, 0, out);
}

int page_journal_epub(struct req *r, struct page_out *out)
{
	struct journal_issue is;
	int rc = visible_issue(r, out, &is);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const void *data;
	size_t len;
	char err[256];
	if (journal_book_stored(r->store, r->pool, r->data_dir, &is, &data, &len, err,
				sizeof(err)) != 0) {
		page_error(r, 500, "The issue's book could not be made.", out);
		return 0;
	}
	out->status = 200;
	out->type = "application/epub+zip";
	buf_put(&out->body, data, len);
	out->cacheable = 1;
	out->last_modified = is.row.published;
	return 0;
}

/* An issue as a feed entry: its masthead line and contents, and the editorial. */
static void issue_entry(struct req *r, const struct journal_issue *is, struct feed_entry *e)
{
	struct pool *p = r->pool;
	struct buf s = {0}, c = {0};
	const struct issue_row *row = &is->row;
	const char *url = pool_printf(p, "%s%s", r->base_url, issue_path(p, row));
	memset(e, 0, sizeof(*e));
	e->id = pool_printf(p, "urn:uuid:%s", row->uuid);
	e->url = url;
	e->title = pool_printf(p, "%s (%s, %s)", row->title, journal_numbering(p, row),
			       journal_month(p, row->month));
	e->published = row->published;
	e->updated = row->updated > row->published ? row->updated : row->published;
	buf_puts(&s, "<p>Edited by ");
	const char *eds = journal_editors_phrase(p, row->editors);
	esc_html(&s, eds, strlen(eds));
	buf_puts(&s, ".</p>\n<ol>\n");
	for (size_t i = 0; i < is->n; i++) {
		const struct piece_row *pc = &is->pieces[i];
		buf_printf(&s, "<li><a href=\"%s#p%zu\">", url, i + 1);
		esc_html(&s, pc->title, strlen(pc->title));
		buf_puts(&s, "</a>");
		if (pc->author_name) {
			buf_puts(&s, " by ");
			esc_html(&s, pc->author_name, strlen(pc->author_name));
		}
		buf_puts(&s, "</li>\n");
	}
	buf_puts(&s, "</ol>\n");
	buf_printf(&c, "%s<h2>Editorial</h2>\n%s", buf_str(&s), row->editorial_html);
	e->summary_html = pool_strdup(p, buf_str(&s));
	e->content_html = pool_strdup(p, buf_str(&c));
	e->enclosure_url = pool_printf(p, "%s.epub", url);
	e->enclosure_type = "application/epub+zip";
	e->enclosure_length = row->epub_len;
	buf_free(&s);
	buf_free(&c);
}

int page_journal_feed(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct issue_row *rows;
	size_t n;
	char err[256];
	if (store_issue_list(r->store, p, 1, &rows, &n) != 0)
		return -1;
	struct feed_entry *entries = pool_zalloc(p, (n + 1) * sizeof(*entries));
	struct feed f = {
	    .title = pool_printf(p, "%s: the journal", r->site.title),
	    .subtitle = r->site.tagline,
	    .home_url = pool_printf(p, "%s/journal", r->base_url),
	    .self_url = pool_printf(p, "%s/journal/feed.atom", r->base_url),
	    .language = "en",
	    .entries = entries,
	};
	f.id = f.self_url;
	for (size_t i = 0; i < n && f.n < FEED_ISSUES; i++) {
		struct journal_issue is;
		if (!journal_visible(r, &rows[i]))
			continue;
		if (journal_load(r->store, p, rows[i].id, 0, &is, err, sizeof(err)) != 0)
			return -1;
		issue_entry(r, &is, &entries[f.n]);
		if (entries[f.n].updated > f.updated)
			f.updated = entries[f.n].updated;
		f.n++;
	}
	if (!f.updated)
		f.updated = store_last_update(r->store);
	feed_atom(&out->body, &f);
	out->status = 200;
	out->type = "application/atom+xml; charset=utf-8";
	out->cacheable = 1;
	out->last_modified = f.updated;
	return 0;
}
