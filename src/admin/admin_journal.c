/* admin_journal: the journal's issues from the browser: the list, composing an issue (saved,
 * previewed as its page will look, or as its book), and publishing it. For editors and owners. */
#include "admin/admin.h"
#include "journal/issuefile.h"
#include "journal/journal.h"
#include "page/page.h"
#include "render/val.h"
#include "req/form.h"
#include "route/route.h"
#include "store/store_journal.h"
#include "util/buf.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

/* The form's fields: the issue file's keys, then the editorial. */
#define F_EDITORIAL IK__COUNT
#define F__COUNT (IK__COUNT + 1)

static const char *field_name(int f)
{
	return f == F_EDITORIAL ? "editorial" : issue_key_names[f];
}

struct issue_fields {
	const char *v[F__COUNT];
};

/* A YAML double-quoted scalar: no typed text can become YAML syntax. */
static void quoted(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

/* A list of one item a line (editors), or of items between commas, blanks and lines
 * (posts). */
static void item_list(struct buf *b, const char *s, const char *separators)
{
	int first = 1;
	buf_putc(b, '[');
	while (*s) {
		s += strspn(s, separators);
		size_t n = strcspn(s, separators);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n) {
			buf_puts(b, first ? "" : ", ");
			quoted(b, s, n);
			first = 0;
		}
		s += n;
		s += strcspn(s, separators);
	}
	buf_putc(b, ']');
}

/*
 * Writes the issue file the fields stand for, and in line[f] the file line of each field's
 * key (the editorial's first line for F_EDITORIAL), so that an error goes beside its field.
 */
static void compose(const struct issue_fields *e, struct buf *out, unsigned line[F__COUNT])
{
	unsigned n = 1;
	buf_puts(out, "---\n");
	for (int f = 0; f < IK__COUNT; f++) {
		const char *v = e->v[f] ? e->v[f] : "";
		line[f] = n + 1;
		if ((f == IK_COVER || f == IK_VISIBILITY) && !*v)
			continue;
		buf_printf(out, "%s: ", issue_key_names[f]);
		if (f == IK_EDITORS)
			item_list(out, v, "\r\n");
		else if (f == IK_POSTS)
			item_list(out, v, ", \t\r\n");
		else
			quoted(out, v, strlen(v));
		buf_putc(out, '\n');
		n++;
	}
	buf_puts(out, "---\n");
	line[F_EDITORIAL] = n + 2;
	const char *body = e->v[F_EDITORIAL] ? e->v[F_EDITORIAL] : "";
	for (const char *c = body; *c; c++)
		if (!(*c == '\r' && c[1] == '\n'))
			buf_putc(out, *c == '\r' ? '\n' : *c);
	if (*body && out->data[out->len - 1] != '\n')
		buf_putc(out, '\n');
}

static int field_of_line(const unsigned line[F__COUNT], unsigned err_line)
{
	if (err_line >= line[F_EDITORIAL])
		return F_EDITORIAL;
	for (int f = IK__COUNT - 1; f >= 0; f--)
		if (err_line >= line[f])
			return f;
	return IK_VOLUME;
}

/* The field a message from saving names ("the post 'x'...", "the cover..."). */
static int field_of_message(const char *msg)
{
	if (strstr(msg, "post"))
		return IK_POSTS;
	if (strstr(msg, "cover"))
		return IK_COVER;
	return F_EDITORIAL;
}

/* The fields of a stored issue, from its file. */
static void fields_of_issue(struct pool *p, const struct issue_row *row, struct issue_fields *e)
{
	struct issuefile f;
	memset(e, 0, sizeof(*e));
	if (issuefile_parse(row->source, strlen(row->source), &f, NULL) != 0)
		return;
	struct buf b = {0};
	e->v[IK_VOLUME] = pool_printf(p, "%d", f.volume);
	e->v[IK_NUMBER] = pool_printf(p, "%d", f.number);
	e->v[IK_MONTH] = pool_printf(p, "%04d-%02d", f.year, f.month);
	e->v[IK_TITLE] = pool_strdup(p, f.title);
	for (size_t i = 0; i < f.neditors; i++)
		buf_printf(&b, "%s%s", i ? "\n" : "", f.editors[i]);
	e->v[IK_EDITORS] = pool_strdup(p, buf_str(&b));
	buf_reset(&b);
	for (size_t i = 0; i < f.nposts; i++)
		buf_printf(&b, "%s%s", i ? "\n" : "", f.posts[i]);
	e->v[IK_POSTS] = pool_strdup(p, buf_str(&b));
	e->v[IK_COVER] = f.cover ? pool_strdup(p, f.cover) : "";
	e->v[IK_VISIBILITY] = issue_visibility_name(f.visibility);
	e->v[F_EDITORIAL] = pool_strndup(p, f.body, f.body_len);
	buf_free(&b);
	issuefile_free(&f);
}

static struct val *row_val(struct req *r, const struct issue_row *row)
{
	struct pool *p = r->pool;
	struct val *v = val_map(p);
	val_set_num(p, v, "id", (double)row->id);
	val_set_str(p, v, "title", row->title);
	val_set_str(p, v, "vn", pool_printf(p, "%d/%d", row->volume, row->number));
	val_set_str(p, v, "month", journal_month(p, row->month));
	val_set_bool(p, v, "published", row->status == ISSUE_PUBLISHED);
	val_set_bool(p, v, "members", row->visibility == ISSUE_MEMBERS);
	val_set_str(p, v, "url", pool_printf(p, "/journal/%d/%d", row->volume, row->number));
	return v;
}

int admin_journal(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct issue_row *rows;
	size_t n;
	if (store_issue_list(r->store, p, 0, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *ctx = admin_base(r, "Journal");
	struct val *list = val_set(p, ctx, "issues", val_list(p));
	for (size_t i = 0; i < n; i++)
		val_push(p, list, row_val(r, &rows[i]));
	val_set_bool(p, ctx, "has_issues", n > 0);
	const char *notice = admin_notice(req_arg(r, "done"));
	if (notice)
		val_set_str(p, ctx, "notice", notice);
	return admin_render(r, "admin_journal", ctx, out);
}

/* The form page: fields, the error beside its field, the choices of the selects. */
static int issue_page(struct req *r, struct page_out *out, const struct issue_row *row,
		      const struct issue_fields *e, int bad_field, const char *error)
{
	struct pool *p = r->pool;
	long long id = row ? row->id : 0;
	struct val *ctx = admin_base(r, id ? "Edit issue" : "New issue");
	val_set_num(p, ctx, "id", (double)id);
	val_set_str(p, ctx, "action",
		    id ? pool_printf(p, "/admin/journal/%lld", id) : "/admin/journal/new");
	struct val *fields = val_set(p, ctx, "f", val_map(p));
	for (int f = 0; f < F__COUNT; f++)
		val_set_str(p, fields, field_name(f), e->v[f] ? e->v[f] : "");
	if (error) {
		struct val *errs = val_set(p, ctx, "err", val_map(p));
		val_set_str(p, errs, field_name(bad_field), error);
		val_set_str(p, ctx, "error", error);
	}
	struct val *vis = val_set(p, ctx, "visibilities", val_list(p));
	for (int i = ISSUE_PUBLIC; i <= ISSUE_MEMBERS; i++) {
		struct val *o = val_map(p);
		const char *name = issue_visibility_name(i);
		val_set_str(p, o, "value", name);
		val_set_bool(p, o, "selected",
			     e->v[IK_VISIBILITY] && strcmp(e->v[IK_VISIBILITY], name) == 0);
		val_push(p, vis, o);
	}
	struct media_row *media;
	size_t nmedia;
	if (store_media_list(r->store, p, &media, &nmedia) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *covers = val_set(p, ctx, "covers", val_list(p));
	for (size_t i = 0; i < nmedia; i++) {
		struct val *o = val_map(p);
		const char *value = pool_printf(p, "%s.%s", media[i].hash, media[i].ext);
		val_set_str(p, o, "value", value);
		val_set_str(p, o, "name", media[i].name);
		val_set_bool(p, o, "selected",
			     e->v[IK_COVER] && strcmp(e->v[IK_COVER], value) == 0);
		val_push(p, covers, o);
	}
	if (row) {
		val_set(p, ctx, "issue", row_val(r, row));
		val_set_bool(p, ctx, "is_published", row->status == ISSUE_PUBLISHED);
	}
	if (out->notice)
		val_set_str(p, ctx, "notice", out->notice);
	else if (admin_notice(req_arg(r, "done")))
		val_set_str(p, ctx, "notice", admin_notice(req_arg(r, "done")));
	return admin_render(r, "admin_issue", ctx, out);
}

static void posted_fields(struct req *r, struct issue_fields *e)
{
	for (int f = 0; f < F__COUNT; f++)
		e->v[f] = req_field(r, field_name(f));
}

/* The issue {id}, or the error page in out (1). */
static int find(struct req *r, struct page_out *out, struct issue_row *row)
{
	int rc = store_issue_by_id(r->store, r->pool, r->route->id, row);
	if (rc < 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	if (rc == 1)
		return admin_fail(r, out, 404, "There is no issue with this number."), 1;
	return 0;
}

/* A message as a sentence: capital first letter, a full stop. */
static const char *sentence(struct pool *p, const char *prefix, const char *msg)
{
	char *s = pool_printf(p, "%s%s.", prefix, msg);
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	return s;
}

static int preview(struct req *r, struct page_out *out, const struct issue_row *row,
		   const struct issue_fields *e, const struct issuefile *f)
{
	struct journal_issue is;
	char err[512];
	if (journal_preview(r->store, r->pool, f, r->now, &is, err, sizeof(err)) != 0) {
		out->status = 400;
		return issue_page(r, out, row, e, field_of_message(err),
				  sentence(r->pool, "Cannot preview: ", err));
	}
	/* The preview is the page readers will get, with the public frame. */
	return page_journal_render(r, &is, 1, out);
}

int admin_issue(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct issue_row row;
	long long id = r->route->id;
	if (id) {
		int rc = find(r, out, &row);
		if (rc)
			return rc < 0 ? -1 : 0;
	}
	const struct issue_row *cur = id ? &row : NULL;
	struct issue_fields e;
	if (r->csrf_bad) {
		out->status = 403;
		out->notice = "The form's security token was missing or did not match your "
			      "session, so nothing was saved. Check the fields below and send them "
			      "again.";
	}
	if (!r->post || r->csrf_bad) {
		if (r->post)
			posted_fields(r, &e);
		else if (cur)
			fields_of_issue(p, cur, &e);
		else
			memset(&e, 0, sizeof(e));
		return issue_page(r, out, cur, &e, -1, NULL);
	}
	posted_fields(r, &e);
	unsigned line[F__COUNT];
	struct buf src = {0};
	struct issuefile f;
	struct pf_error pe;
	compose(&e, &src, line);
	if (issuefile_parse(src.data, src.len, &f, &pe) != 0) {
		buf_free(&src);
		out->status = 400;
		return issue_page(r, out, cur, &e, field_of_line(line, pe.line),
				  sentence(p, "", pe.msg));
	}
	int rc;
	if (strcmp(req_field(r, "action"), "preview") == 0) {
		rc = preview(r, out, cur, &e, &f);
		issuefile_free(&f);
		buf_free(&src);
		return rc;
	}
	/* Another issue's volume and number would be replaced: refuse instead. */
	struct issue_row other;
	rc = store_issue_get(r->store, p, f.volume, f.number, &other);
	if (rc == 0 && other.id != id) {
		issuefile_free(&f);
		buf_free(&src);
		out->status = 409;
		return issue_page(r, out, cur, &e, IK_NUMBER,
				  pool_printf(p,
					      "Issue %d/%d exists already: change its own form, "
					      "or give this one another volume or number.",
					      other.volume, other.number));
	}
	char err[512] = "the database is busy";
	long long saved = id;
	int created = 0;
	if (rc < 0 || store_begin(r->store) != 0) {
		rc = -1;
	} else if ((rc = journal_save(r->store, r->data_dir, &f, src.data, r->now, &saved, &created,
				      err, sizeof(err))) != 0 ||
		   (rc = admin_commit(r)) != 0) {
		store_rollback(r->store);
	}
	issuefile_free(&f);
	buf_free(&src);
	if (rc != 0) {
		out->status = 400;
		return issue_page(r, out, cur, &e, field_of_message(err),
				  sentence(p, "Not saved: ", err));
	}
	return admin_redirect(out, pool_printf(p, "/admin/journal/%lld?done=saved", saved));
}

int admin_issue_publish(struct req *r, struct page_out *out)
{
	struct issue_row row;
	int rc = find(r, out, &row);
	if (rc)
		return rc < 0 ? -1 : 0;
	/* Published again, an issue keeps the address its book first linked to. */
	const char *base =
	    row.status == ISSUE_PUBLISHED && *row.base_url ? row.base_url : r->base_url;
	char err[512] = "the database is busy";
	if (store_begin(r->store) != 0 ||
	    journal_publish(r->store, r->data_dir, row.id, base, r->now, err, sizeof(err)) != 0 ||
	    admin_commit(r) != 0) {
		store_rollback(r->store);
		struct issue_fields e;
		fields_of_issue(r->pool, &row, &e);
		out->status = 409;
		return issue_page(r, out, &row, &e, field_of_message(err),
				  sentence(r->pool, "Not published: ", err));
	}
	return admin_redirect(out,
			      pool_printf(r->pool, "/admin/journal/%lld?done=published", row.id));
}

int admin_issue_book(struct req *r, struct page_out *out)
{
	struct issue_row row;
	int rc = find(r, out, &row);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct journal_issue is;
	char err[512];
	rc = journal_load(r->store, r->pool, row.id, 0, &is, err, sizeof(err));
	const char *base = is.live ? r->base_url : row.base_url;
	if (rc != 0 ||
	    journal_book(r->store, r->data_dir, &is, base, &out->body, err, sizeof(err)) != 0) {
		buf_reset(&out->body);
		return admin_fail(r, out, rc < 0 ? 500 : 409,
				  sentence(r->pool, "The book cannot be made: ", err));
	}
	out->status = 200;
	out->type = "application/epub+zip";
	return 0;
}
