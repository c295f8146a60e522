/* feed_atom: an Atom 1.0 (RFC 4287) document for a list of posts. */
#include "feed/feed.h"
#include "feed/feed_int.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/xmlesc.h"

#include <string.h>

static void date(struct buf *out, const char *indent, const char *name, long long t)
{
	char d[32];
	iso_date_format(feed_time(t), d);
	buf_printf(out, "%s<%s>%s</%s>\n", indent, name, d, name);
}

static void link(struct buf *out, const char *indent, const char *rel, const char *type,
		 const char *href)
{
	buf_printf(out, "%s<link rel=\"%s\" type=\"%s\" href=\"", indent, rel, type);
	feed_xml_attr(out, href);
	buf_puts(out, "\"/>\n");
}

/* HTML carried as escaped text (type="html"), its links made absolute against base. */
static void html(struct buf *out, const char *name, const char *s, const char *base)
{
	struct buf abs = {0};
	feed_absolute_html(&abs, s, base);
	buf_printf(out, "\t\t<%s type=\"html\">", name);
	xml_esc_text(out, buf_str(&abs), abs.len);
	buf_printf(out, "</%s>\n", name);
	buf_free(&abs);
}

static void author(struct buf *out, const char *indent, const char *name, const char *uri)
{
	buf_printf(out, "%s<author>\n%s\t", indent, indent);
	feed_xml_element(out, "", "name", name);
	if (uri && *uri) {
		buf_printf(out, "%s\t", indent);
		feed_xml_element(out, "", "uri", uri);
	}
	buf_printf(out, "%s</author>\n", indent);
}

static void entry(struct buf *out, const struct feed_entry *e)
{
	long long published, updated;
	feed_entry_times(e, &published, &updated);
	buf_puts(out, "\t<entry>\n");
	feed_xml_element(out, "\t\t", "id", e->id);
	buf_puts(out, "\t\t<title type=\"text\">");
	feed_xml_text(out, e->title);
	buf_puts(out, "</title>\n");
	link(out, "\t\t", "alternate", "text/html", e->url);
	if (e->enclosure_url) {
		buf_puts(out, "\t\t<link rel=\"enclosure\" type=\"");
		feed_xml_attr(out, e->enclosure_type);
		buf_puts(out, "\" href=\"");
		feed_xml_attr(out, e->enclosure_url);
		if (e->enclosure_length > 0)
			buf_printf(out, "\" length=\"%lld", e->enclosure_length);
		buf_puts(out, "\"/>\n");
	}
	date(out, "\t\t", "published", published);
	date(out, "\t\t", "updated", updated);
	if (e->author_name)
		author(out, "\t\t", e->author_name, e->author_url);
	for (size_t i = 0; i < e->ntags; i++) {
		buf_puts(out, "\t\t<category term=\"");
		feed_xml_attr(out, e->tags[i]);
		if (e->tag_urls && e->tag_urls[i]) {
			buf_puts(out, "\" scheme=\"");
			feed_xml_attr(out, e->tag_urls[i]);
		}
		buf_puts(out, "\"/>\n");
	}
	if (e->unfinished)
		buf_puts(out, "\t\t<category term=\"" FEED_UNFINISHED_TERM
			      "\" label=\"" FEED_UNFINISHED_LABEL "\"/>\n");
	html(out, "summary", e->summary_html, e->url);
	if (e->content_html)
		html(out, "content", e->content_html, e->url);
	buf_puts(out, "\t</entry>\n");
}

void feed_atom(struct buf *out, const struct feed *f)
{
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		      "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (f->language && *f->language) {
		buf_puts(out, " xml:lang=\"");
		feed_xml_attr(out, f->language);
		buf_putc(out, '"');
	}
	buf_puts(out, ">\n");
	feed_xml_element(out, "\t", "id", f->id);
	buf_puts(out, "\t<title type=\"text\">");
	feed_xml_text(out, f->title);
	buf_puts(out, "</title>\n");
	if (f->subtitle && *f->subtitle) {
		buf_puts(out, "\t<subtitle type=\"text\">");
		feed_xml_text(out, f->subtitle);
		buf_puts(out, "</subtitle>\n");
	}
	date(out, "\t", "updated", f->updated);
	link(out, "\t", "alternate", "text/html", f->home_url);
	link(out, "\t", "self", "application/atom+xml", f->self_url);
	feed_xml_element(out, "\t", "generator", FEED_GENERATOR);
	if (f->icon_url && *f->icon_url)
		feed_xml_element(out, "\t", "icon", f->icon_url);
	/* RFC 4287 4.1.1: a feed names an author unless every entry does. */
	int need_author = f->n == 0;
	for (size_t i = 0; i < f->n; i++)
		if (!f->entries[i].author_name)
			need_author = 1;
	if (need_author)
		author(out, "\t", f->title, f->home_url);
	for (size_t i = 0; i < f->n; i++)
		entry(out, &f->entries[i]);
	buf_puts(out, "</feed>\n");
}
