/* html2md: simple HTML walked into Markdown, blocks and inlines, checked by rendering back. */
#include "port/html2md.h"
#include "port/sanitize.h"
#include "render/markdown.h"

#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct conv {
	char *why;
	size_t whylen;
	int failed, depth;
};

static int refuse(struct conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(struct conv *c, const char *fmt, ...)
{
	if (!c->failed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->why, c->whylen, fmt, ap);
		va_end(ap);
	}
	c->failed = 1;
	return -1;
}

static const char *name_of(const xmlNode *n)
{
	return n->name ? (const char *)n->name : "";
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcasecmp(name_of(n), name) == 0;
}

static int in(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcasecmp(list[i], s) == 0)
			return 1;
	return 0;
}

static const char *const inline_els[] = {"em",	 "i", "strong", "b",  "del",  "s",
					 "code", "a", "img",	"br", "span", NULL};
static const char *const block_els[] = {"p",  "h1", "h2", "h3",	 "h4",	       "h5", "h6",
					"ul", "ol", "li", "pre", "blockquote", "hr", NULL};

static int is_inline(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE ||
	       (n->type == XML_ELEMENT_NODE && in(inline_els, name_of(n)));
}

static int is_marker(const xmlNode *n)
{
	const char *t = n->type == XML_COMMENT_NODE && n->content ? (const char *)n->content : "";
	while (*t == ' ')
		t++;
	return n->type == XML_COMMENT_NODE && strncmp(t, "more", 4) == 0 && (!t[4] || t[4] == ' ');
}

/* The attributes an element may have (others stop the conversion); width and height of an
 * image are let go. */
static int check_attrs(struct conv *c, const xmlNode *n, const char *allowed)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		size_t len = strlen(an);
		int ok = 0;
		for (const char *s = allowed; *s && !ok;) {
			size_t w = strcspn(s, " ");
			ok = w == len && strncasecmp(s, an, w) == 0;
			s += w + (s[w] == ' ');
		}
		if (!ok &&
		    !(is(n, "img") && (!strcasecmp(an, "width") || !strcasecmp(an, "height"))))
			return refuse(c, "<%s %s> has no Markdown here", name_of(n), an);
	}
	return 0;
}

static const char *attr(const xmlNode *n, const char *name, struct buf *scratch)
{
	buf_reset(scratch);
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcasecmp((const char *)a->name, name)) {
			for (const xmlNode *t = a->children; t; t = t->next)
				if (t->content)
					buf_puts(scratch, (const char *)t->content);
			return buf_str(scratch);
		}
	return NULL;
}

/* Text, white space collapsed, with every character that could start markup escaped. */
static void text(struct buf *out, const char *s, int *space)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
			*space = 1;
			continue;
		}
		if (*space && out->len && out->data[out->len - 1] != '\n')
			buf_putc(out, ' ');
		*space = 0;
		if (strchr("\\`*_[]<>#|~@&", ch))
			buf_putc(out, '\\');
		buf_putc(out, (char)ch);
	}
}

static int inlines(struct conv *c, const xmlNode *n, struct buf *out, int *space);

/* *x*, **x**, ~~x~~: the marks hug the text, white space goes outside them. */
static int wrap(struct conv *c, const xmlNode *n, const char *mark, struct buf *out, int *space)
{
	struct buf in = {0};
	int sp = 0;
	int rc = inlines(c, n->children, &in, &sp);
	const char *s = buf_str(&in);
	size_t len = in.len;
	while (len && *s == ' ')
		s++, len--, *space = 1;
	int trailing = 0;
	while (len && s[len - 1] == ' ')
		len--, trailing = 1;
	if (rc == 0 && len) {
		if (*space && out->len && out->data[out->len - 1] != '\n')
			buf_putc(out, ' ');
		buf_printf(out, "%s%.*s%s", mark, (int)len, s, mark);
		*space = trailing || sp;
	}
	buf_free(&in);
	return rc;
}

static void code_span(const xmlNode *n, struct buf *out, int *space)
{
	struct buf t = {0};
	for (const xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_TEXT_NODE && k->content)
			for (const char *s = (const char *)k->content; *s; s++)
				buf_putc(&t, *s == '\n' || *s == '\t' ? ' ' : *s);
	size_t ticks = 1;
	for (const char *s = buf_str(&t); *s; s++) {
		size_t run = strspn(s, "`");
		if (run >= ticks)
			ticks = run + 1;
		s += run ? run - 1 : 0;
	}
	if (*space && out->len)
		buf_putc(out, ' ');
	*space = 0;
	const char *pad = t.len && (t.data[0] == '`' || t.data[t.len - 1] == '`') ? " " : "";
	for (size_t i = 0; i < ticks; i++)
		buf_putc(out, '`');
	buf_printf(out, "%s%s%s", pad, buf_str(&t), pad);
	for (size_t i = 0; i < ticks; i++)
		buf_putc(out, '`');
	buf_free(&t);
}

/* A link's destination: in <...> when it holds what would end it. */
static void destination(struct buf *out, const char *url, const char *title)
{
	buf_putc(out, '(');
	if (strpbrk(url, " ()<>")) {
		buf_putc(out, '<');
		for (const char *s = url; *s; s++)
			buf_printf(out, *s == '<' || *s == '>' ? "%%%02X" : "%c",
				   (unsigned char)*s);
		buf_putc(out, '>');
	} else {
		buf_puts(out, url);
	}
	if (title && *title) {
		buf_puts(out, " \"");
		for (const char *s = title; *s; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *s == '\n' ? ' ' : *s);
		}
		buf_putc(out, '"');
	}
	buf_putc(out, ')');
}

static int inline_el(struct conv *c, const xmlNode *n, struct buf *out, int *space)
{
	const char *name = name_of(n);
	struct buf a = {0}, b = {0};
	int rc = 0;
	if (is(n, "em") || is(n, "i"))
		rc = check_attrs(c, n, "") || wrap(c, n, "*", out, space);
	else if (is(n, "strong") || is(n, "b"))
		rc = check_attrs(c, n, "") || wrap(c, n, "**", out, space);
	else if (is(n, "del") || is(n, "s"))
		rc = check_attrs(c, n, "") || wrap(c, n, "~~", out, space);
	else if (is(n, "span"))
		rc = check_attrs(c, n, "") || inlines(c, n->children, out, space);
	else if (is(n, "code"))
		rc = check_attrs(c, n, "") ? -1 : (code_span(n, out, space), 0);
	else if (is(n, "br")) {
		buf_puts(out, "\\\n");
		*space = 0;
	} else if (is(n, "a") || is(n, "img")) {
		int img = is(n, "img");
		if (check_attrs(c, n, img ? "src alt title" : "href title"))
			rc = -1;
		const char *url = attr(n, img ? "src" : "href", &a);
		if (rc == 0 && !url)
			rc = refuse(c, "<%s> without %s has no Markdown here", name,
				    img ? "src" : "href");
		if (rc == 0) {
			struct buf label = {0};
			int sp = 0;
			if (img) {
				const char *alt = attr(n, "alt", &b);
				text(&label, alt ? alt : "", &sp);
			} else {
				rc = inlines(c, n->children, &label, &sp);
			}
			if (*space && out->len && out->data[out->len - 1] != '\n')
				buf_putc(out, ' ');
			*space = 0;
			buf_printf(out, "%s[%s]", img ? "!" : "", buf_str(&label));
			char *u = strdup(url);
			destination(out, u, attr(n, "title", &b));
			free(u);
			buf_free(&label);
		}
	} else {
		rc = refuse(c, "<%s> has no Markdown here", name);
	}
	buf_free(&a);
	buf_free(&b);
	return rc;
}

static int inlines(struct conv *c, const xmlNode *n, struct buf *out, int *space)
{
	if (++c->depth > HTML2MD_MAX_DEPTH)
		return refuse(c, "the HTML is nested too deeply for Markdown");
	int rc = 0;
	for (; n && rc == 0; n = n->next) {
		if (n->type == XML_TEXT_NODE)
			text(out, n->content ? (const char *)n->content : "", space);
		else if (n->type == XML_ELEMENT_NODE)
			rc = is_inline(n)
				 ? inline_el(c, n, out, space)
				 : refuse(c, "<%s> inside a line has no Markdown here", name_of(n));
	}
	c->depth--;
	return rc;
}

/* A paragraph's lines: those that Markdown would read as a list, a rule or a heading's
 * underline get their first character escaped. */
static void put_paragraph(struct buf *out, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n'))
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return;
	int start = 1;
	for (size_t i = 0; i < n; i++) {
		if (start) {
			size_t d = 0;
			while (i + d < n && s[i + d] >= '0' && s[i + d] <= '9')
				d++;
			if (s[i] == '-' || s[i] == '+' || s[i] == '=')
				buf_putc(out, '\\');
			else if (d && d <= 9 && i + d < n && (s[i + d] == '.' || s[i + d] == ')')) {
				buf_put(out, s + i, d);
				buf_putc(out, '\\');
				i += d;
			}
		}
		buf_putc(out, s[i]);
		start = s[i] == '\n';
	}
	buf_puts(out, "\n\n");
}

static int blocks(struct conv *c, const xmlNode *n, struct buf *out);

/* Each line of body with prefix (the first with first, when given). */
static void indent(struct buf *out, const char *body, const char *first, const char *prefix)
{
	const char *s = body;
	size_t n = strlen(body);
	while (n && s[n - 1] == '\n')
		n--;
	int line = 0;
	while (n || !line) {
		size_t l = 0;
		while (l < n && s[l] != '\n')
			l++;
		const char *p = line == 0 && first ? first : prefix;
		if (l == 0 && !strcmp(prefix, "> "))
			buf_puts(out, ">");
		else if (l)
			buf_puts(out, p);
		buf_put(out, s, l);
		buf_putc(out, '\n');
		line++;
		s += l + (l < n);
		n -= l + (l < n);
	}
	buf_putc(out, '\n');
}

static int list(struct conv *c, const xmlNode *n, struct buf *out)
{
	int ordered = is(n, "ol");
	if (check_attrs(c, n, ordered ? "start" : ""))
		return -1;
	struct buf a = {0};
	const char *start = ordered ? attr(n, "start", &a) : NULL;
	long num = start ? strtol(start, NULL, 10) : 1;
	buf_free(&a);
	int rc = 0;
	for (const xmlNode *k = n->children; k && rc == 0; k = k->next) {
		if (k->type == XML_TEXT_NODE &&
		    strspn((const char *)k->content, " \n\t\r") == strlen((const char *)k->content))
			continue;
		if (!is(k, "li"))
			return refuse(c, "a list holds a <%s>, which has no Markdown here",
				      k->type == XML_ELEMENT_NODE ? name_of(k)
								  : "text outside its items");
		if (check_attrs(c, k, ""))
			return -1;
		struct buf item = {0};
		rc = blocks(c, k->children, &item);
		char mark[24];
		snprintf(mark, sizeof(mark), ordered ? "%ld. " : "- ", num++);
		char pad[24];
		memset(pad, ' ', strlen(mark));
		pad[strlen(mark)] = '\0';
		/* Tight items: no blank line between a paragraph and its item's end. */
		while (item.len && item.data[item.len - 1] == '\n')
			item.data[--item.len] = '\0';
		struct buf tight = {0};
		indent(&tight, buf_str(&item), mark, pad);
		tight.data[--tight.len] = '\0';
		buf_puts(out, buf_str(&tight));
		buf_free(&tight);
		buf_free(&item);
	}
	buf_putc(out, '\n');
	return rc;
}

/* Text of a <pre>, or of its one <code>. */
static int pre_text(struct conv *c, const xmlNode *n, struct buf *t, int outer)
{
	for (const xmlNode *k = n; k; k = k->next) {
		if (k->type == XML_TEXT_NODE && k->content)
			buf_puts(t, (const char *)k->content);
		else if (outer && is(k, "code") && check_attrs(c, k, "") == 0)
			pre_text(c, k->children, t, 0);
		else if (k->type == XML_ELEMENT_NODE)
			return refuse(c, "<%s> inside <pre> has no Markdown here", name_of(k));
		if (c->failed)
			return -1;
	}
	return 0;
}

static int pre(struct conv *c, const xmlNode *n, struct buf *out)
{
	struct buf t = {0};
	if (check_attrs(c, n, "") || pre_text(c, n->children, &t, 1)) {
		buf_free(&t);
		return -1;
	}
	const char *fence = strstr(buf_str(&t), "```") ? "~~~~" : "```";
	buf_printf(out, "%s\n%s", fence, buf_str(&t));
	if (t.len && t.data[t.len - 1] != '\n')
		buf_putc(out, '\n');
	buf_printf(out, "%s\n\n", fence);
	buf_free(&t);
	return 0;
}

static int block(struct conv *c, const xmlNode *n, struct buf *out)
{
	const char *name = name_of(n);
	if (is(n, "p")) {
		struct buf line = {0};
		int sp = 0;
		int rc = check_attrs(c, n, "") || inlines(c, n->children, &line, &sp);
		put_paragraph(out, buf_str(&line), line.len);
		buf_free(&line);
		return rc;
	}
	if (strlen(name) == 2 && (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' &&
	    name[1] <= '6') {
		struct buf line = {0};
		int sp = 0;
		int rc = check_attrs(c, n, "") || inlines(c, n->children, &line, &sp);
		for (int i = 0; i < name[1] - '0'; i++)
			buf_putc(out, '#');
		buf_printf(out, " %s\n\n", buf_str(&line));
		buf_free(&line);
		return rc;
	}
	if (is(n, "ul") || is(n, "ol"))
		return list(c, n, out);
	if (is(n, "pre"))
		return pre(c, n, out);
	if (is(n, "hr")) {
		buf_puts(out, "---\n\n");
		return check_attrs(c, n, "");
	}
	if (is(n, "blockquote")) {
		struct buf inner = {0};
		int rc = check_attrs(c, n, "") || blocks(c, n->children, &inner);
		indent(out, buf_str(&inner), NULL, "> ");
		buf_free(&inner);
		return rc;
	}
	return refuse(c, "<%s> has no Markdown here", name);
}

/* A flow of blocks; runs of inline content between them are paragraphs. */
static int blocks(struct conv *c, const xmlNode *n, struct buf *out)
{
	if (++c->depth > HTML2MD_MAX_DEPTH)
		return refuse(c, "the HTML is nested too deeply for Markdown");
	int rc = 0;
	struct buf para = {0};
	int sp = 0;
	for (; n && rc == 0; n = n->next) {
		if (is_inline(n)) {
			rc = n->type == XML_TEXT_NODE
				 ? (text(&para, n->content ? (const char *)n->content : "", &sp), 0)
				 : inline_el(c, n, &para, &sp);
			continue;
		}
		put_paragraph(out, buf_str(&para), para.len);
		buf_reset(&para);
		sp = 0;
		if (is_marker(n))
			buf_puts(out, "<!--more-->\n\n");
		else if (n->type == XML_ELEMENT_NODE)
			rc = in(block_els, name_of(n)) && !is(n, "li")
				 ? block(c, n, out)
				 : refuse(c, "<%s> has no Markdown here", name_of(n));
	}
	put_paragraph(out, buf_str(&para), para.len);
	buf_free(&para);
	c->depth--;
	return rc;
}

/* The text without any white space, to compare what two renderings say. */
static void squeeze(struct buf *out, const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			buf_putc(out, *s);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	xmlInitParser();
}

int html_to_markdown(const char *html, size_t n, struct buf *out, char *why, size_t whylen)
{
	pthread_once(&once, init);
	struct conv c = {.why = why, .whylen = whylen};
	/* The HTML as this site shows it: the allow-list's output is what converts. */
	struct sanitized san;
	if (sanitize_html(html, n, NULL, &san) != 0) {
		sanitized_free(&san);
		snprintf(why, whylen, "the HTML is too long");
		return -1;
	}
	struct buf in = {0};
	buf_puts(&in, "<body>");
	buf_put(&in, san.html.data, san.html.len);
	htmlDocPtr doc =
	    htmlReadMemory(in.data, (int)in.len, NULL, "UTF-8",
			   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	buf_free(&in);
	struct buf md = {0};
	int rc = 0;
	const xmlNode *body = NULL;
	for (const xmlNode *h = doc ? xmlDocGetRootElement(doc) : NULL; h && !body; h = h->next)
		for (const xmlNode *k = h->children; k && !body; k = k->next)
			if (is(k, "body"))
				body = k;
	if (body)
		rc = blocks(&c, body->children, &md);
	if (doc)
		xmlFreeDoc(doc);
	if (rc == 0) {
		/* What Markdown makes of it must say what the HTML said. */
		struct buf back = {0}, a = {0}, b = {0};
		if (md_plain_text(buf_str(&md), md.len, &back) != 0)
			rc = refuse(&c, "the Markdown could not be read back");
		squeeze(&a, buf_str(&san.text));
		squeeze(&b, buf_str(&back));
		if (rc == 0 && (a.len != b.len || memcmp(buf_str(&a), buf_str(&b), a.len) != 0))
			rc = refuse(&c, "Markdown would not say the same text (it reads something "
					"in it as markup)");
		buf_free(&back);
		buf_free(&a);
		buf_free(&b);
	}
	sanitized_free(&san);
	if (rc == 0) {
		while (md.len && md.data[md.len - 1] == '\n')
			md.data[--md.len] = '\0';
		buf_put(out, md.data ? md.data : "", md.len);
		buf_putc(out, '\n');
	}
	buf_free(&md);
	return rc ? -1 : 0;
}
