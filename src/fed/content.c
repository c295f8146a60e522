/* content: the HTML of a remote reply (Mastodon's sanitized subset, or anything else) read with
 * libxml2's HTML parser and written out as Markdown for the comment rules and renderer. */
#include "fed/activity.h"
#include "util/buf.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

/* Deeper nesting than this is dropped: no reply needs it. */
#define DEPTH_MAX 48

struct md {
	struct buf *out;
	struct buf prefix; /* written at the start of each line: "> " of quotes, list indents */
	int line_start;	   /* nothing written on this line yet (after the prefix) */
	int space;	   /* a space is owed before the next text */
	int blank;	   /* a blank line is owed before the next block's text */
	int pre, link;
};

static void start_line(struct md *m)
{
	buf_putc(m->out, '\n');
	buf_put(m->out, m->prefix.data ? m->prefix.data : "", m->prefix.len);
	m->line_start = 1;
	m->space = 0;
}

/* Before text: the blank line a block asked for, or the owed space. */
static void before_text(struct md *m)
{
	if (m->blank && m->out->len && !m->line_start) {
		start_line(m);
		/* The blank line carries the quote marks but not the list indent. */
		start_line(m);
	}
	m->blank = 0;
	if (m->space && !m->line_start)
		buf_putc(m->out, ' ');
	m->space = 0;
	m->line_start = 0;
}

static void block(struct md *m)
{
	m->blank = 1;
	m->space = 0;
}

/* Text with Markdown's characters escaped (and, at a line's start, what would begin a block). */
static void put_text(struct md *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!m->pre && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
			m->space = 1;
			continue;
		}
		int first = m->line_start || m->blank;
		before_text(m);
		if (m->pre) {
			if (c == '\n')
				start_line(m);
			else if (c != '\r')
				buf_putc(m->out, (char)c);
			continue;
		}
		if (strchr("\\`*_[]<>#&|~", c) ||
		    (first && (c == '-' || c == '+' || c == '=' || c == '>')))
			buf_putc(m->out, '\\');
		else if (first && c >= '0' && c <= '9') {
			/* "1." or "1)" at a line's start would begin a list. */
			size_t j = i;
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j < n && (s[j] == '.' || s[j] == ')')) {
				buf_put(m->out, s + i, j - i);
				buf_putc(m->out, '\\');
				i = j - 1;
				continue;
			}
		}
		buf_putc(m->out, (char)c);
	}
}

static int has_class(xmlNode *n, const char *name)
{
	xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
	int yes = 0;
	if (cls) {
		const char *s = (const char *)cls;
		size_t len = strlen(name);
		for (const char *p = s; (p = strstr(p, name)); p += len)
			if ((p == s || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
				yes = 1;
		xmlFree(cls);
	}
	return yes;
}

static int is(xmlNode *n, const char *tag)
{
	return strcasecmp((const char *)n->name, tag) == 0;
}

static void walk(struct md *m, xmlNode *n, int depth);

static void children(struct md *m, xmlNode *n, int depth)
{
	for (xmlNode *c = n->children; c; c = c->next)
		walk(m, c, depth + 1);
}

/* The longest run of backticks in the element's text. */
static size_t backtick_run(xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	size_t best = 0, run = 0;
	for (const xmlChar *p = t; p && *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	xmlFree(t);
	return best;
}

static void put_fence(struct md *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(m->out, '`');
}

static void link(struct md *m, xmlNode *n, int depth)
{
	xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
	const char *h = (const char *)href;
	int ok = h && (strncasecmp(h, "https://", 8) == 0 || strncasecmp(h, "http://", 7) == 0) &&
		 strlen(h) < 2048;
	/* Mentions and hashtags are names, not links: they stay as their text. */
	if (!ok || m->link || has_class(n, "mention") || has_class(n, "hashtag")) {
		children(m, n, depth);
		xmlFree(href);
		return;
	}
	before_text(m);
	buf_putc(m->out, '[');
	size_t mark = m->out->len;
	m->link = 1;
	children(m, n, depth);
	m->link = 0;
	if (m->out->len == mark)
		put_text(m, h, strlen(h));
	buf_puts(m->out, "](");
	for (const char *c = h; *c; c++) {
		if (*c == '(' || *c == ')' || *c == ' ' || *c == '<' || *c == '>' || *c == '\\')
			buf_printf(m->out, "%%%02X", (unsigned char)*c);
		else
			buf_putc(m->out, *c);
	}
	buf_putc(m->out, ')');
	xmlFree(href);
}

static void list(struct md *m, xmlNode *n, int depth, int ordered)
{
	int k = 0, first = 1;
	block(m);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is(c, "li")) {
			walk(m, c, depth + 1);
			continue;
		}
		if (m->out->len && !m->line_start) {
			start_line(m);
			if (first && m->blank)
				start_line(m);
		}
		first = 0;
		m->blank = 0;
		if (ordered)
			buf_printf(m->out, "%d. ", ++k);
		else
			buf_puts(m->out, "- ");
		m->line_start = 1;
		m->space = 0;
		size_t keep = m->prefix.len;
		buf_puts(&m->prefix, ordered ? "    " : "  ");
		children(m, c, depth + 1);
		m->prefix.len = keep;
		if (m->prefix.data)
			m->prefix.data[keep] = '\0';
		m->blank = 0;
	}
	block(m);
}

static void walk(struct md *m, xmlNode *n, int depth)
{
	if (depth > DEPTH_MAX)
		return;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		const char *t = (const char *)n->content;
		if (t)
			put_text(m, t, strlen(t));
		return;
	}
	if (n->type != XML_ELEMENT_NODE) {
		if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE)
			children(m, n, depth);
		return;
	}
	if (is(n, "script") || is(n, "style") || is(n, "head") || is(n, "title") ||
	    is(n, "template"))
		return;
	if (is(n, "br")) {
		if (m->pre) {
			start_line(m);
		} else if (!m->line_start && m->out->len) {
			buf_putc(m->out, '\\');
			start_line(m);
		}
		return;
	}
	if (is(n, "a")) {
		link(m, n, depth);
		return;
	}
	if (is(n, "img")) {
		xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
		if (alt)
			put_text(m, (const char *)alt, strlen((const char *)alt));
		xmlFree(alt);
		return;
	}
	if (is(n, "ul") || is(n, "ol")) {
		list(m, n, depth, is(n, "ol"));
		return;
	}
	static const struct {
		const char *tag, *mark;
	} inline_marks[] = {{"strong", "**"}, {"b", "**"}, {"em", "*"},	    {"i", "*"},
			    {"del", "~~"},    {"s", "~~"}, {"strike", "~~"}};
	for (size_t i = 0; !m->pre && i < sizeof(inline_marks) / sizeof(inline_marks[0]); i++) {
		if (!is(n, inline_marks[i].tag))
			continue;
		before_text(m);
		buf_puts(m->out, inline_marks[i].mark);
		size_t mark = m->out->len;
		children(m, n, depth);
		if (m->out->len == mark) {
			m->out->len -= strlen(inline_marks[i].mark);
			m->out->data[m->out->len] = '\0';
		} else {
			buf_puts(m->out, inline_marks[i].mark);
		}
		return;
	}
	if (is(n, "code") && !m->pre) {
		size_t fence = backtick_run(n) + 1;
		before_text(m);
		put_fence(m, fence);
		buf_putc(m->out, ' ');
		m->pre = 1;
		size_t keep = m->out->len;
		children(m, n, depth);
		/* Inline code stays on one line. */
		for (size_t i = keep; i < m->out->len; i++)
			if (m->out->data[i] == '\n')
				m->out->data[i] = ' ';
		m->pre = 0;
		buf_putc(m->out, ' ');
		put_fence(m, fence);
		return;
	}
	if (is(n, "pre")) {
		size_t fence = backtick_run(n) + 1;
		block(m);
		before_text(m);
		put_fence(m, fence < 3 ? 3 : fence);
		start_line(m);
		m->pre = 1;
		children(m, n, depth);
		m->pre = 0;
		start_line(m);
		put_fence(m, fence < 3 ? 3 : fence);
		block(m);
		return;
	}
	if (is(n, "blockquote")) {
		block(m);
		size_t keep = m->prefix.len;
		if (m->out->len)
			start_line(m);
		buf_puts(&m->prefix, "> ");
		buf_puts(m->out, "> ");
		m->blank = 0;
		m->line_start = 1;
		children(m, n, depth);
		m->prefix.len = keep;
		if (m->prefix.data)
			m->prefix.data[keep] = '\0';
		block(m);
		return;
	}
	static const char *const blocks[] = {"p",  "div", "h1", "h2",	 "h3", "h4",	 "h5",
					     "h6", "li",  "hr", "table", "tr", "section"};
	int is_block = 0;
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		is_block |= is(n, blocks[i]);
	if (is_block)
		block(m);
	children(m, n, depth);
	if (is_block)
		block(m);
}

int fed_html_to_markdown(const char *html, size_t n, struct buf *out)
{
	if (n == 0)
		return 0;
	if (n > FED_CONTENT_MAX)
		return -1;
	htmlDocPtr doc =
	    htmlReadMemory(html, (int)n, NULL, "UTF-8",
			   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		return -1;
	struct md m = {.out = out, .line_start = 1};
	size_t start = out->len;
	walk(&m, (xmlNode *)doc, 0);
	xmlFreeDoc(doc);
	buf_free(&m.prefix);
	/* No trailing spaces, backslashes of a last line break, or newlines. */
	while (out->len > start &&
	       (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\n' ||
		(out->data[out->len - 1] == '\\' &&
		 (out->len - 1 == start || out->data[out->len - 2] != '\\'))))
		out->len--;
	buf_grow(out, 0);
	out->data[out->len] = '\0';
	return 0;
}
