/* feed_json: a JSON Feed 1.1 document for a list of posts. */
#include "feed/feed.h"
#include "feed/feed_int.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/jsonesc.h"

#include <strings.h>
#include <string.h>

/* ,\n then indent then "key": */
static void key(struct buf *out, int *first, const char *indent, const char *k)
{
	buf_puts(out, *first ? "\n" : ",\n");
	*first = 0;
	buf_printf(out, "%s\"%s\": ", indent, k);
}

static void str_field(struct buf *out, int *first, const char *indent, const char *k, const char *v)
{
	key(out, first, indent, k);
	json_str(out, feed_str(v));
}

static void date_field(struct buf *out, int *first, const char *indent, const char *k, long long t)
{
	char d[32];
	iso_date_format(t, d);
	key(out, first, indent, k);
	buf_printf(out, "\"%s\"", d);
}

static void html_field(struct buf *out, int *first, const char *k, const char *html,
		       const char *base)
{
	struct buf abs = {0};
	feed_absolute_html(&abs, html, base);
	key(out, first, "\t\t\t", k);
	buf_putc(out, '"');
	json_esc(out, buf_str(&abs), abs.len);
	buf_putc(out, '"');
	buf_free(&abs);
}

static void text_field(struct buf *out, int *first, const char *k, const char *html)
{
	struct buf t = {0};
	feed_html_text(&t, html);
	key(out, first, "\t\t\t", k);
	buf_putc(out, '"');
	json_esc(out, buf_str(&t), t.len);
	buf_putc(out, '"');
	buf_free(&t);
}

static void item(struct buf *out, const struct feed_entry *e)
{
	long long published, updated;
	int first = 1;
	feed_entry_times(e, &published, &updated);
	buf_puts(out, "\t\t{");
	str_field(out, &first, "\t\t\t", "id", e->id);
	str_field(out, &first, "\t\t\t", "url", e->url);
	str_field(out, &first, "\t\t\t", "title", e->title);
	if (e->content_html) {
		html_field(out, &first, "content_html", e->content_html, e->url);
	} else if (e->content_text) {
		str_field(out, &first, "\t\t\t", "content_text", e->content_text);
	} else {
		/* JSON Feed wants content_html or content_text: the excerpt's text. */
		text_field(out, &first, "content_text", e->summary_html);
	}
	text_field(out, &first, "summary", e->summary_html);
	date_field(out, &first, "\t\t\t", "date_published", published);
	date_field(out, &first, "\t\t\t", "date_modified", updated);
	if (e->author_name) {
		key(out, &first, "\t\t\t", "authors");
		buf_puts(out, "[{\"name\": ");
		json_str(out, e->author_name);
		if (e->author_url && *e->author_url) {
			buf_puts(out, ", \"url\": ");
			json_str(out, e->author_url);
		}
		buf_puts(out, "}]");
	}
	int has_marker = 0;
	for (size_t i = 0; i < e->ntags; i++)
		if (strcasecmp(feed_str(e->tags[i]), FEED_UNFINISHED_TERM) == 0)
			has_marker = 1;
	if (e->ntags || e->unfinished) {
		key(out, &first, "\t\t\t", "tags");
		buf_putc(out, '[');
		for (size_t i = 0; i < e->ntags; i++) {
			if (i)
				buf_puts(out, ", ");
			json_str(out, feed_str(e->tags[i]));
		}
		if (e->unfinished && !has_marker)
			buf_puts(out, e->ntags ? ", \"" FEED_UNFINISHED_TERM "\""
					       : "\"" FEED_UNFINISHED_TERM "\"");
		buf_putc(out, ']');
	}
	if (e->enclosure_url) {
		key(out, &first, "\t\t\t", "attachments");
		buf_puts(out, "[{\"url\": ");
		json_str(out, e->enclosure_url);
		buf_puts(out, ", \"mime_type\": ");
		json_str(out, feed_str(e->enclosure_type));
		if (e->enclosure_length > 0)
			buf_printf(out, ", \"size_in_bytes\": %lld", e->enclosure_length);
		buf_puts(out, "}]");
	}
	if (e->unfinished) {
		key(out, &first, "\t\t\t", "_broadside");
		buf_puts(out, "{\"unfinished\": true}");
	}
	buf_puts(out, "\n\t\t}");
}

void feed_json(struct buf *out, const struct feed *f)
{
	int first = 1;
	buf_putc(out, '{');
	str_field(out, &first, "\t", "version", "https://jsonfeed.org/version/1.1");
	str_field(out, &first, "\t", "title", f->title);
	if (f->home_url && *f->home_url)
		str_field(out, &first, "\t", "home_page_url", f->home_url);
	if (f->self_url && *f->self_url)
		str_field(out, &first, "\t", "feed_url", f->self_url);
	if (f->subtitle && *f->subtitle)
		str_field(out, &first, "\t", "description", f->subtitle);
	if (f->icon_url && *f->icon_url) {
		str_field(out, &first, "\t", "icon", f->icon_url);
		str_field(out, &first, "\t", "favicon", f->icon_url);
	}
	if (f->language && *f->language)
		str_field(out, &first, "\t", "language", f->language);
	key(out, &first, "\t", "items");
	buf_putc(out, '[');
	for (size_t i = 0; i < f->n; i++) {
		buf_puts(out, i ? ",\n" : "\n");
		item(out, &f->entries[i]);
	}
	buf_puts(out, f->n ? "\n\t]\n}\n" : "]\n}\n");
}
