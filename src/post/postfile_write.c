/* postfile_write: a stored post written back as a post file, the format postfile_parse reads. */
#include "comment/comment.h"
#include "post/postfile.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/isodate.h"

/* A YAML double-quoted scalar: safe for any title, series or excerpt. */
static void yaml_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		if (*s == '\t') {
			buf_puts(b, "\\t");
			continue;
		}
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void postfile_write(struct buf *b, const struct post_row *r, const char *body, int format)
{
	char date[32];
	iso_date_format(r->published, date);
	buf_puts(b, "---\ntitle: ");
	yaml_quoted(b, r->title);
	buf_printf(b, "\nslug: %s\ndate: %s\nstatus: %s\n", r->slug, date,
		   post_status_name(r->status));
	if (r->type != POST_TYPE_POST)
		buf_printf(b, "type: %s\n", post_type_name(r->type));
	if (r->type == POST_TYPE_PAGE && r->nav_order)
		buf_printf(b, "order: %d\n", r->nav_order);
	if (format != POST_FORMAT_MARKDOWN)
		buf_printf(b, "format: %s\n", post_format_name(format));
	if (r->sticky)
		buf_puts(b, "sticky: true\n");
	if (r->excerpt) {
		buf_puts(b, "excerpt: ");
		yaml_quoted(b, r->excerpt);
		buf_putc(b, '\n');
	}
	if (r->image) {
		buf_puts(b, "image: ");
		yaml_quoted(b, r->image);
		buf_putc(b, '\n');
	}
	if (r->author_handle)
		buf_printf(b, "author: %s\n", r->author_handle);
	if (r->comments >= 0)
		buf_printf(b, "comments: %s\n", comment_mode_name(r->comments));
	if (r->visibility == VISIBLE_MEMBERS)
		buf_puts(b, "visibility: members\n");
	if (r->series) {
		buf_puts(b, "series: ");
		yaml_quoted(b, r->series);
		buf_printf(b, "\npart: %d\n", r->part);
	}
	if (r->ntags) {
		buf_puts(b, "tags: [");
		for (size_t i = 0; i < r->ntags; i++)
			buf_printf(b, "%s%s", i ? ", " : "", r->tags[i]);
		buf_puts(b, "]\n");
	}
	buf_printf(b, "---\n%s", body);
}
