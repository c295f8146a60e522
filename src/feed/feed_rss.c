/* feed_rss: an RSS 2.0 document for a list of posts, with the content and dc modules. */
#include "feed/feed.h"
#include "feed/feed_int.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/xmlesc.h"

#include <string.h>

static void date(struct buf *out, const char *indent, const char *name, long long t)
{
	char d[40];
	iso_rfc822_format(feed_time(t), d);
	buf_printf(out, "%s<%s>%s</%s>\n", indent, name, d, name);
}

/* HTML as escaped text, its links made absolute against base. */
static void html(struct buf *out, const char *name, const char *s, const char *base)
{
	struct buf abs = {0};
	feed_absolute_html(&abs, s, base);
	buf_printf(out, "\t\t\t<%s>", name);
	xml_esc_text(out, buf_str(&abs), abs.len);
	buf_printf(out, "</%s>\n", name);
	buf_free(&abs);
}

static void item(struct buf *out, const struct feed_entry *e)
{
	long long published, updated;
	feed_entry_times(e, &published, &updated);
	buf_puts(out, "\t\t<item>\n");
	feed_xml_element(out, "\t\t\t", "title", e->title);
	feed_xml_element(out, "\t\t\t", "link", e->url);
	int permalink = e->id && e->url && strcmp(e->id, e->url) == 0;
	buf_printf(out, "\t\t\t<guid isPermaLink=\"%s\">", permalink ? "true" : "false");
	feed_xml_text(out, e->id);
	buf_puts(out, "</guid>\n");
	date(out, "\t\t\t", "pubDate", published);
	/* RSS's own <author> must be an e-mail address; Dublin Core takes a name. */
	if (e->author_name)
		feed_xml_element(out, "\t\t\t", "dc:creator", e->author_name);
	for (size_t i = 0; i < e->ntags; i++) {
		buf_puts(out, "\t\t\t<category");
		if (e->tag_urls && e->tag_urls[i]) {
			buf_puts(out, " domain=\"");
			feed_xml_attr(out, e->tag_urls[i]);
			buf_putc(out, '"');
		}
		buf_putc(out, '>');
		feed_xml_text(out, e->tags[i]);
		buf_puts(out, "</category>\n");
	}
	if (e->unfinished)
		buf_puts(out, "\t\t\t<category>" FEED_UNFINISHED_TERM "</category>\n");
	if (e->enclosure_url && e->enclosure_length > 0) {
		buf_puts(out, "\t\t\t<enclosure url=\"");
		feed_xml_attr(out, e->enclosure_url);
		buf_printf(out, "\" length=\"%lld\" type=\"", e->enclosure_length);
		feed_xml_attr(out, e->enclosure_type);
		buf_puts(out, "\"/>\n");
	}
	html(out, "description", e->summary_html, e->url);
	if (e->content_html)
		html(out, "content:encoded", e->content_html, e->url);
	buf_puts(out, "\t\t</item>\n");
}

void feed_rss(struct buf *out, const struct feed *f)
{
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\""
		      " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
		      " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		      "\t<channel>\n");
	feed_xml_element(out, "\t\t", "title", f->title);
	feed_xml_element(out, "\t\t", "link", f->home_url);
	/* description is required; the title stands in when there is no subtitle. */
	feed_xml_element(out, "\t\t", "description",
			 f->subtitle && *f->subtitle ? f->subtitle : f->title);
	if (f->language && *f->language)
		feed_xml_element(out, "\t\t", "language", f->language);
	date(out, "\t\t", "lastBuildDate", f->updated);
	feed_xml_element(out, "\t\t", "generator", FEED_GENERATOR);
	feed_xml_element(out, "\t\t", "docs", "https://www.rssboard.org/rss-specification");
	buf_puts(out, "\t\t<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
	feed_xml_attr(out, f->self_url);
	buf_puts(out, "\"/>\n");
	if (f->icon_url && *f->icon_url) {
		buf_puts(out, "\t\t<image>\n");
		feed_xml_element(out, "\t\t\t", "url", f->icon_url);
		feed_xml_element(out, "\t\t\t", "title", f->title);
		feed_xml_element(out, "\t\t\t", "link", f->home_url);
		buf_puts(out, "\t\t</image>\n");
	}
	for (size_t i = 0; i < f->n; i++)
		item(out, &f->entries[i]);
	buf_puts(out, "\t</channel>\n</rss>\n");
}
