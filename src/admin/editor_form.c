/* editor_form: composing a post file from the editor's fields, and fields from a post. */
#include "admin/editor_form.h"
#include "comment/comment.h"
#include "post/postfile.h"
#include "post/slug.h"
#include "store/store.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const editor_field_names[EF__COUNT] = {
    "title",  "slug",	"date",	   "status", "author", "comments", "visibility", "type", "order",
    "format", "sticky", "excerpt", "image",  "series", "part",	   "tags",	 "body"};

/* A YAML double-quoted scalar; control characters become escapes, which the post file rules
 * then refuse with a message where they are not allowed. */
static void quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r' && s[1] == '\n')
			continue; /* a textarea's CRLF is one line break */
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\x%02x", c);
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

static int empty(const char *s)
{
	return !s || !*s;
}

/* The end of the tag that starts at s: a comma, a line break, or a blank before '#'. */
static size_t tag_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ',' && s[n] != '\n' && s[n] != '\r' &&
	       !(n > 0 && s[n] == '#' && (s[n - 1] == ' ' || s[n - 1] == '\t')))
		n++;
	return n;
}

/* Tags as typed: "Branch Democracy, reports #minutes" gives BranchDemocracy, reports and
 * minutes. A tag that holds other characters than words and blanks is passed on as it is, for
 * the post file rules to name. */
static void tag_list(struct buf *b, const char *s)
{
	int first = 1;
	buf_puts(b, "[");
	while (*s) {
		while (*s == ',' || *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
		       *s == '#')
			s++;
		size_t n = tag_len(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (!n)
			break;
		char *t = strndup(s, n);
		if (strpbrk(t, " \t")) {
			char joined[65];
			slug_tag_of_words(t, joined);
			int words_only = 1;
			for (const char *c = t; *c; c++)
				words_only &= *c == ' ' || *c == '\t' || *c == '_' ||
					      (*c >= '0' && *c <= '9') ||
					      (*c >= 'a' && *c <= 'z') ||
					      (*c >= 'A' && *c <= 'Z') || (unsigned char)*c >= 0x80;
			if (words_only && *joined) {
				free(t);
				t = strdup(joined);
			}
		}
		if (!first)
			buf_puts(b, ", ");
		quoted(b, t);
		free(t);
		first = 0;
		s += tag_len(s);
	}
	buf_puts(b, "]");
}

void editor_compose(const struct editor_fields *e, struct buf *out, unsigned line[EF__COUNT])
{
	unsigned n = 1;
	buf_puts(out, "---\n");
	for (int f = EF_TITLE; f < EF_BODY; f++) {
		line[f] = n + 1; /* reported on the key's line even when absent */
		const char *v = e->v[f];
		if (f != EF_TITLE && empty(v))
			continue;
		buf_printf(out, "%s: ", editor_field_names[f]);
		if (f == EF_TAGS)
			tag_list(out, v);
		else
			quoted(out, v ? v : "");
		buf_putc(out, '\n');
		n++;
	}
	buf_puts(out, "---\n");
	line[EF_BODY] = n + 2;
	/* Browsers send a textarea's lines with CRLF: every CRLF or lone CR becomes LF. */
	const char *body = e->v[EF_BODY] ? e->v[EF_BODY] : "";
	for (const char *c = body; *c; c++) {
		if (*c == '\r' && c[1] == '\n')
			continue;
		buf_putc(out, *c == '\r' ? '\n' : *c);
	}
	if (*body && out->data[out->len - 1] != '\n')
		buf_putc(out, '\n');
}

enum editor_field editor_field_of_line(const unsigned line[EF__COUNT], unsigned err_line)
{
	if (err_line >= line[EF_BODY])
		return EF_BODY;
	for (int f = EF_BODY - 1; f >= EF_TITLE; f--)
		if (err_line >= line[f])
			return (enum editor_field)f;
	return EF_TITLE;
}

static const char *date_text(struct pool *p, long long t)
{
	char iso[32];
	iso_date_format(t, iso);
	/* As <input type="datetime-local"> shows it: "2026-11-27T09:30". */
	return pool_strndup(p, iso, 16);
}

void editor_fields_of_post(struct pool *p, const struct post_row *row, struct editor_fields *e)
{
	memset(e, 0, sizeof(*e));
	e->v[EF_TITLE] = row->title;
	e->v[EF_SLUG] = row->slug;
	int status = row->status == POST_TRASHED ? row->trash_status : row->status;
	/* A draft's stored date is only when it was first saved: left empty, it is published
	 * with the date it goes public. */
	e->v[EF_DATE] = status == POST_DRAFT ? "" : date_text(p, row->published);
	e->v[EF_STATUS] = post_status_name(status);
	e->v[EF_AUTHOR] = row->author_handle;
	e->v[EF_COMMENTS] = row->comments >= 0 ? comment_mode_name(row->comments) : "";
	e->v[EF_VISIBILITY] = row->visibility == VISIBLE_MEMBERS ? "members" : "";
	e->v[EF_TYPE] = post_type_name(row->type);
	e->v[EF_ORDER] = row->nav_order ? pool_printf(p, "%d", row->nav_order) : "";
	e->v[EF_FORMAT] = post_format_name(row->format);
	e->v[EF_STICKY] = row->sticky ? "true" : "";
	e->v[EF_EXCERPT] = row->excerpt ? row->excerpt : "";
	e->v[EF_IMAGE] = row->image ? row->image : "";
	e->v[EF_SERIES] = row->series;
	e->v[EF_PART] = row->series ? pool_printf(p, "%d", row->part) : "";
	/* Shown separated by commas, as the field reads them. */
	struct buf b = {0};
	if (row->fm_tags) {
		for (const char *t = row->fm_tags; *t; t++)
			if (*t == ' ')
				buf_puts(&b, ", ");
			else
				buf_putc(&b, *t);
	} else {
		for (size_t i = 0; i < row->ntags; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", row->tags[i]);
	}
	e->v[EF_TAGS] = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	e->v[EF_BODY] = row->body_md;
}

void editor_fields_of_file(struct pool *p, const struct postfile *pf, struct editor_fields *e)
{
	memset(e, 0, sizeof(*e));
	e->v[EF_TITLE] = pool_strdup(p, pf->title);
	e->v[EF_SLUG] = pool_strdup(p, pf->slug);
	e->v[EF_DATE] = pf->has_date ? date_text(p, pf->date) : "";
	e->v[EF_STATUS] = post_status_name(pf->status);
	e->v[EF_AUTHOR] = pf->author ? pool_strdup(p, pf->author) : "";
	e->v[EF_COMMENTS] = pf->comments >= 0 ? comment_mode_name(pf->comments) : "";
	e->v[EF_VISIBILITY] = pf->visibility ? "members" : "";
	e->v[EF_TYPE] = post_type_name(pf->type);
	e->v[EF_ORDER] = pf->order ? pool_printf(p, "%d", pf->order) : "";
	e->v[EF_FORMAT] = post_format_name(pf->format);
	e->v[EF_STICKY] = pf->sticky ? "true" : "";
	e->v[EF_EXCERPT] = pf->excerpt ? pool_strdup(p, pf->excerpt) : "";
	e->v[EF_IMAGE] = pf->image ? pool_strdup(p, pf->image) : "";
	e->v[EF_SERIES] = pf->series ? pool_strdup(p, pf->series) : "";
	e->v[EF_PART] = pf->part ? pool_printf(p, "%d", pf->part) : "";
	struct buf b = {0};
	for (size_t i = 0; i < pf->ntags; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", pf->tags[i]);
	e->v[EF_TAGS] = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	e->v[EF_BODY] = pool_strndup(p, pf->body, pf->body_len);
}
