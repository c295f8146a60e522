/* markdown_links: links and images in rendered Markdown: which URLs are allowed (readers' more
 * strictly), and the tags each writes or closes. */
#include "render/markdown_int.h"
#include "util/buf.h"
#include "util/escape.h"

#include <string.h>
#include <strings.h>

/* What every link in untrusted text carries: no ranking credit, marked as user content, and
 * no window.opener for the page it leads to. */
#define UGC_REL " rel=\"nofollow ugc noopener\""

static int has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp(s, prefix, k) == 0;
}

/*
 * Whether a reader may link to url (entities decoded): an absolute http, https or mailto URL.
 * Relative URLs would make our own pages speak for the reader, and "http:" without "//" is one
 * of them to a browser on an http page.
 */
static int untrusted_url_ok(const char *url, size_t n)
{
	return url_scheme_allowed(url, n) &&
	       (has_prefix(url, n, "http://") || has_prefix(url, n, "https://") ||
		has_prefix(url, n, "mailto:"));
}

static int url_ok(const struct md_ctx *c, const char *url, size_t n)
{
	return c->untrusted ? untrusted_url_ok(url, n) : url_scheme_allowed(url, n);
}

/* Writes <a with its href (url, entities decoded), rel for readers and title; not the '>'. */
static void put_a(struct md_ctx *c, const char *url, size_t n, const MD_ATTRIBUTE *title)
{
	struct buf *o = c->sink;
	buf_puts(o, "<a href=\"");
	esc_href(o, url, n);
	buf_putc(o, '"');
	if (c->untrusted)
		buf_puts(o, UGC_REL);
	if (title->size) {
		buf_reset(&c->tmp);
		md_attr_decode(&c->tmp, title);
		buf_puts(o, " title=\"");
		esc_html(o, c->tmp.data, c->tmp.len);
		buf_putc(o, '"');
	}
}

void md_open_link(struct md_ctx *c, struct md_open *e, const MD_SPAN_A_DETAIL *d)
{
	buf_reset(&c->src);
	md_attr_decode(&c->src, &d->href);
	if (!url_ok(c, c->src.data, c->src.len))
		return;
	e->flag = 1;
	put_a(c, c->src.data, c->src.len, &d->title);
	buf_putc(c->sink, '>');
}

/*
 * In untrusted text an image is a link to its source, its alt text the link's text: the page
 * then fetches nothing from hosts a reader chose. Inside link text it stays alt text only, as
 * an <a> cannot hold another.
 */
static void open_image_link(struct md_ctx *c, struct md_open *e, const MD_SPAN_IMG_DETAIL *d)
{
	if (c->link_depth)
		return;
	buf_reset(&c->src);
	md_attr_decode(&c->src, &d->src);
	if (!untrusted_url_ok(c->src.data, c->src.len))
		return;
	e->flag = 1;
	put_a(c, c->src.data, c->src.len, &d->title);
	buf_putc(c->sink, '>');
	c->alt_at = c->sink->len;
}

/* Writes <img up to the alt text, which follows as text; the title waits for the end. */
void md_open_image(struct md_ctx *c, struct md_open *e, const MD_SPAN_IMG_DETAIL *d)
{
	struct buf *o = c->sink;
	if (c->untrusted) {
		open_image_link(c, e, d);
		return;
	}
	buf_reset(&c->tmp);
	md_attr_decode(&c->tmp, &d->src);
	if (!url_scheme_allowed(c->tmp.data, c->tmp.len))
		return;
	e->flag = 1;
	buf_puts(o, "<img src=\"");
	esc_href(o, c->tmp.data, c->tmp.len);
	buf_puts(o, "\" alt=\"");
	buf_reset(&c->title);
	if (d->title.size) {
		buf_reset(&c->tmp);
		md_attr_decode(&c->tmp, &d->title);
		esc_html(&c->title, c->tmp.data, c->tmp.len);
	}
}

void md_close_span(struct md_ctx *c, const struct md_open *e)
{
	struct buf *o = c->sink;
	if (e->quiet) {
		if (e->type == MD_SPAN_IMG)
			c->img_depth--;
		return;
	}
	switch (e->type) {
	case MD_SPAN_EM:
		buf_puts(o, "</em>");
		break;
	case MD_SPAN_STRONG:
		buf_puts(o, "</strong>");
		break;
	case MD_SPAN_DEL:
		buf_puts(o, "</del>");
		break;
	case MD_SPAN_U:
		buf_puts(o, "</u>");
		break;
	case MD_SPAN_CODE:
		buf_puts(o, "</code>");
		break;
	case MD_SPAN_A:
		c->link_depth--;
		if (e->flag)
			buf_puts(o, "</a>");
		break;
	case MD_SPAN_IMG:
		c->img_depth--;
		if (!e->flag)
			break;
		if (c->untrusted) {
			/* An empty link would be invisible: show where it leads instead. */
			if (o->len == c->alt_at)
				esc_html(o, c->src.data, c->src.len);
			buf_puts(o, "</a>");
			break;
		}
		buf_putc(o, '"');
		if (c->title.len) {
			buf_puts(o, " title=\"");
			buf_put(o, c->title.data, c->title.len);
			buf_putc(o, '"');
		}
		buf_putc(o, '>');
		break;
	default:
		break;
	}
}
