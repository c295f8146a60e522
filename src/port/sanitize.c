/* sanitize: an allow-list over libxml2's HTML parse tree, written out by our own serializer. */
#include "port/sanitize.h"
#include "util/escape.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	E_VOID = 1,    /* no content, no end tag */
	E_BLOCK = 2,   /* a line of its own in the plain text */
	E_MEDIA = 4,   /* loads something: readers' text gets a link instead */
	E_HEADING = 8, /* readers' text gets <p><strong> */
	E_FLOW = 16,   /* a block the HTML parser will not leave inside a paragraph */
	E_PHRASE = 32, /* holds text and inline elements only */
};

struct rule {
	const char *name;
	unsigned flags;
	const char *parents; /* the element it must sit in, space-separated, or NULL */
	const char *attrs;   /* besides lang, dir and title, space-separated */
};

/* Sorted by name for bsearch. */
static const struct rule rules[] = {
    {"a", 0, NULL, "href"},
    {"abbr", 0, NULL, ""},
    {"audio", E_MEDIA | E_BLOCK, NULL, "src controls"},
    {"b", 0, NULL, ""},
    {"bdi", 0, NULL, ""},
    {"bdo", 0, NULL, ""},
    {"blockquote", E_BLOCK | E_FLOW, NULL, "cite"},
    {"br", E_VOID, NULL, ""},
    {"caption", E_BLOCK, "table", ""},
    {"cite", 0, NULL, ""},
    {"code", 0, NULL, ""},
    {"dd", E_BLOCK, "dl", ""},
    {"del", 0, NULL, "cite datetime"},
    {"details", E_BLOCK | E_FLOW, NULL, ""},
    {"dfn", 0, NULL, ""},
    {"div", E_BLOCK | E_FLOW, NULL, ""},
    {"dl", E_BLOCK | E_FLOW, NULL, ""},
    {"dt", E_BLOCK, "dl", ""},
    {"em", 0, NULL, ""},
    {"figcaption", E_BLOCK, "figure", ""},
    {"figure", E_BLOCK | E_FLOW, NULL, ""},
    {"h1", E_BLOCK | E_HEADING | E_FLOW | E_PHRASE, NULL, ""},
    {"h2", E_BLOCK | E_HEADING | E_FLOW | E_PHRASE, NULL, ""},
    {"h3", E_BLOCK | E_HEADING | E_FLOW | E_PHRASE, NULL, ""},
    {"h4", E_BLOCK | E_HEADING | E_FLOW | E_PHRASE, NULL, ""},
    {"h5", E_BLOCK | E_HEADING | E_FLOW | E_PHRASE, NULL, ""},
    {"h6", E_BLOCK | E_HEADING | E_FLOW | E_PHRASE, NULL, ""},
    {"hr", E_VOID | E_BLOCK | E_FLOW, NULL, ""},
    {"i", 0, NULL, ""},
    {"img", E_VOID | E_MEDIA, NULL, "src alt width height"},
    {"ins", 0, NULL, "cite datetime"},
    {"kbd", 0, NULL, ""},
    {"li", E_BLOCK, "ul ol", "value"},
    {"mark", 0, NULL, ""},
    {"ol", E_BLOCK | E_FLOW, NULL, "start reversed"},
    {"p", E_BLOCK | E_FLOW | E_PHRASE, NULL, ""},
    {"pre", E_BLOCK | E_FLOW, NULL, ""},
    {"q", 0, NULL, "cite"},
    {"s", 0, NULL, ""},
    {"samp", 0, NULL, ""},
    {"small", 0, NULL, ""},
    {"source", E_VOID | E_MEDIA, "audio video", "src type"},
    {"span", 0, NULL, ""},
    {"strong", 0, NULL, ""},
    {"sub", 0, NULL, ""},
    {"summary", E_BLOCK, "details", ""},
    {"sup", 0, NULL, ""},
    {"table", E_BLOCK | E_FLOW, NULL, ""},
    {"tbody", 0, "table", ""},
    {"td", E_BLOCK, "tr", "colspan rowspan"},
    {"tfoot", 0, "table", ""},
    {"th", E_BLOCK, "tr", "colspan rowspan scope"},
    {"thead", 0, "table", ""},
    {"time", 0, NULL, "datetime"},
    {"tr", 0, "table thead tbody tfoot", ""},
    {"u", 0, NULL, ""},
    {"ul", E_BLOCK | E_FLOW, NULL, ""},
    {"var", 0, NULL, ""},
    {"video", E_MEDIA | E_BLOCK, NULL, "src controls poster width height"},
    {"wbr", E_VOID, NULL, ""},
};

/* Elements that go with everything inside them. */
static const char *const dropped[] = {
    "applet",	"base",	   "button",   "canvas",   "datalist", "dialog",   "embed",
    "fieldset", "form",	   "frame",    "frameset", "head",     "iframe",   "input",
    "keygen",	"label",   "link",     "map",	   "math",     "menu",	   "meta",
    "meter",	"noembed", "noframes", "noscript", "object",   "optgroup", "option",
    "output",	"param",   "portal",   "progress", "script",   "select",   "slot",
    "style",	"svg",	   "template", "textarea", "title",    "track",	   NULL,
};

static int cmp_rule(const void *key, const void *elem)
{
	return strcmp(key, ((const struct rule *)elem)->name);
}

static const struct rule *rule_of(const char *name)
{
	return bsearch(name, rules, sizeof(rules) / sizeof(rules[0]), sizeof(rules[0]), cmp_rule);
}

static int is_dropped(const char *name)
{
	for (int i = 0; dropped[i]; i++)
		if (strcmp(dropped[i], name) == 0)
			return 1;
	return 0;
}

/* Whether word (n bytes) is one of the space-separated words of list. */
static int in_list(const char *list, const char *word, size_t n)
{
	for (const char *s = list; s && *s;) {
		size_t len = strcspn(s, " ");
		if (len == n && strncmp(s, word, n) == 0)
			return 1;
		s += len;
		s += *s == ' ';
	}
	return 0;
}

/* One element being written: whether its tags went to the body and to the excerpt. */
struct frame {
	xmlNode *node;
	const struct rule *rule;
	const char *tag; /* what was written in its place ("p" for a heading in readers' text) */
	int emitted, in_excerpt, strong;
};

struct walk {
	const struct sanitize_opts *o;
	struct sanitized *out;
	struct frame *stack;
	size_t depth, cap;
	size_t links; /* open <a> elements written */
	/* The excerpt: on for the current top-level node, stopped for good past its end; the
	 * words it may still take (-1: any). */
	int marker_mode, marker_seen, ex_on, ex_stopped, ex_budget, in_word;
	long long ex_words;
	long long *top_words; /* words of each top-level node (word mode) */
	size_t ntop, top;
	struct buf url; /* scratch */
};

static int ex_writing(const struct walk *w)
{
	return w->ex_on && !w->ex_stopped;
}

/* Something of the body is left out of the excerpt. */
static void omitted(struct walk *w)
{
	if (!ex_writing(w))
		w->out->has_more = 1;
}

static void put_both(struct walk *w, const char *s, size_t n)
{
	buf_put(&w->out->html, s, n);
	if (ex_writing(w))
		buf_put(&w->out->excerpt, s, n);
}

static void text_break(struct walk *w)
{
	struct buf *t = &w->out->text;
	if (t->len && t->data[t->len - 1] != '\n')
		buf_putc(t, '\n');
	w->in_word = 0;
}

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Control characters are no text: C0 but tab, LF and CR, DEL, C1. */
static int is_control(uint32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
	       (c >= 0x80 && c < 0xA0);
}

/* Escapes s[0..n) into out without control characters. */
static void esc_clean(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, start = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (is_control(cp)) {
			esc_html(out, s + start, i - start);
			start = i + len;
		}
		i += len;
	}
	esc_html(out, s + start, n - start);
}

/* A text node: escaped into the body, the excerpt (cut when its word budget runs out) and
 * the plain text. */
static void put_text(struct walk *w, const char *s, size_t n)
{
	esc_clean(&w->out->html, s, n);
	size_t i = 0, start = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (is_control(cp)) {
			i += len;
			continue;
		}
		int space = is_space(cp);
		if (!space && !w->in_word) {
			if (ex_writing(w) && w->ex_budget == 0) {
				esc_clean(&w->out->excerpt, s + start, i - start);
				/* The text before the cut ends in the spaces it had. */
				while (w->out->excerpt.len &&
				       w->out->excerpt.data[w->out->excerpt.len - 1] == ' ')
					w->out->excerpt.len--;
				buf_puts(&w->out->excerpt, "…");
				w->ex_stopped = 1;
			} else if (ex_writing(w) && w->ex_budget > 0) {
				w->ex_budget--;
			}
			if (!ex_writing(w))
				w->out->has_more = 1;
		}
		w->in_word = !space;
		i += len;
	}
	if (ex_writing(w))
		esc_clean(&w->out->excerpt, s + start, n - start);
	for (i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!is_control(cp))
			buf_put(&w->out->text, s + i, len);
		i += len;
	}
}

/* An attribute value's bytes, copied without control characters. */
static const char *attr_value(xmlAttr *a, struct buf *scratch)
{
	buf_reset(scratch);
	for (xmlNode *c = a->children; c; c = c->next)
		if (c->content)
			buf_puts(scratch, (const char *)c->content);
	return buf_str(scratch);
}

static int all_of(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, set) == n;
}

#define DIGITS "0123456789"

/* A link target that may be written, rewritten by the caller, in w->url; NULL when not. */
static const char *good_url(struct walk *w, const char *v)
{
	size_t n = strlen(v);
	/* Browsers strip ASCII white space around URLs; so does this. */
	while (n && is_space((unsigned char)*v))
		v++, n--;
	while (n && is_space((unsigned char)v[n - 1]))
		n--;
	if (n == 0 || n > 4096 || !url_scheme_allowed(v, n))
		return NULL;
	char *copy = xstrndup(v, n);
	if (w->o->untrusted &&
	    !(strncasecmp(copy, "mailto:", 7) == 0 || strncasecmp(copy, "http://", 7) == 0 ||
	      strncasecmp(copy, "https://", 8) == 0)) {
		free(copy);
		return NULL;
	}
	const char *to = w->o->rewrite ? w->o->rewrite(w->o->ud, copy) : NULL;
	buf_reset(&w->url);
	buf_puts(&w->url, to ? to : copy);
	free(copy);
	return buf_str(&w->url);
}

/* Writes one allowed attribute (name="value") if its value passes. */
static void put_attr(struct walk *w, struct buf *tag, const char *name, const char *v)
{
	struct buf val = {0};
	int ok = 1;
	if (!strcmp(name, "href") || !strcmp(name, "src") || !strcmp(name, "cite") ||
	    !strcmp(name, "poster")) {
		const char *u = good_url(w, v);
		if ((ok = u != NULL))
			esc_href(&val, u, strlen(u));
	} else if (!strcmp(name, "width") || !strcmp(name, "height")) {
		ok = all_of(v, DIGITS, 1, 5);
		buf_puts(&val, v);
	} else if (!strcmp(name, "colspan") || !strcmp(name, "rowspan")) {
		ok = all_of(v, DIGITS, 1, 3) && atoi(v) >= 1;
		buf_puts(&val, v);
	} else if (!strcmp(name, "start") || !strcmp(name, "value")) {
		ok = all_of(v + (*v == '-'), DIGITS, 1, 9);
		buf_puts(&val, v);
	} else if (!strcmp(name, "reversed") || !strcmp(name, "controls")) {
		buf_printf(tag, " %s", name);
		return;
	} else if (!strcmp(name, "scope")) {
		ok = in_list("row col rowgroup colgroup", v, strlen(v));
		buf_puts(&val, v);
	} else if (!strcmp(name, "dir")) {
		ok = in_list("ltr rtl auto", v, strlen(v));
		buf_puts(&val, v);
	} else if (!strcmp(name, "lang")) {
		ok = all_of(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" DIGITS "-", 1,
			    35);
		buf_puts(&val, v);
	} else if (!strcmp(name, "datetime")) {
		ok = all_of(v, DIGITS "-:+.TZ tz", 1, 40);
		buf_puts(&val, v);
	} else if (!strcmp(name, "type")) {
		ok = all_of(v, "abcdefghijklmnopqrstuvwxyz" DIGITS "/+.-", 1, 100);
		buf_puts(&val, v);
	} else { /* alt, title: text */
		ok = strlen(v) <= 1000;
		esc_clean(&val, v, strlen(v));
	}
	if (ok)
		buf_printf(tag, " %s=\"%s\"", name, buf_str(&val));
	buf_free(&val);
}

static const char *attr_of(xmlNode *n, const char *name, struct buf *scratch)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && strcasecmp((const char *)a->name, name) == 0)
			return attr_value(a, scratch);
	return NULL;
}

static int parent_ok(const struct walk *w, const struct rule *r)
{
	/* A block inside a paragraph or heading would be moved out by the next parse. */
	if (r->flags & E_FLOW)
		for (size_t i = w->depth; i-- > 0;)
			if (w->stack[i].emitted && (w->stack[i].rule->flags & E_PHRASE))
				return 0;
	if (!r->parents)
		return 1;
	for (size_t i = w->depth; i-- > 0;)
		if (w->stack[i].emitted)
			return in_list(r->parents, w->stack[i].tag, strlen(w->stack[i].tag));
	return 0;
}

/* A link to a medium's source, for readers' text and iframes: the text is the alt text or
 * the URL. */
static void put_link(struct walk *w, const char *url, const char *text)
{
	struct buf b = {0};
	buf_puts(&b, "<a href=\"");
	esc_href(&b, url, strlen(url));
	buf_puts(&b, w->o->untrusted ? "\" rel=\"nofollow ugc noopener\">" : "\">");
	put_both(w, b.data, b.len);
	buf_free(&b);
	put_text(w, text, strlen(text));
	put_both(w, "</a>", 4);
}

/* An element whose tags are not kept but whose source may be worth a link. */
static void media_fallback(struct walk *w, xmlNode *n)
{
	struct buf v = {0}, alt = {0};
	const char *src = attr_of(n, "src", &v);
	const char *a = attr_of(n, "alt", &alt);
	const char *u = src ? good_url(w, src) : NULL;
	if (u && !w->links) {
		char *keep = xstrdup(u);
		put_link(w, keep, a && *a ? a : keep);
		free(keep);
	} else if (a) {
		put_text(w, a, strlen(a));
	}
	buf_free(&v);
	buf_free(&alt);
}

/* Opens an element: 1 to walk its children, 0 when it is done with (void or dropped). */
static int enter(struct walk *w, xmlNode *n, struct frame *f)
{
	const char *name = (const char *)n->name;
	memset(f, 0, sizeof(*f));
	f->node = n;
	if (is_dropped(name)) {
		if (strcmp(name, "iframe") == 0)
			media_fallback(w, n);
		return 0;
	}
	const struct rule *r = rule_of(name);
	f->rule = r;
	if (!r || !parent_ok(w, r) || (!strcmp(name, "a") && w->links))
		return 1; /* its content, without its tags */
	if ((r->flags & E_MEDIA) && w->o->untrusted) {
		media_fallback(w, n);
		return !(r->flags & E_VOID);
	}
	struct buf tag = {0};
	const char *tname = name;
	if ((r->flags & E_HEADING) && w->o->untrusted) {
		tname = "p";
		f->strong = 1;
	}
	buf_printf(&tag, "<%s", tname);
	struct buf v = {0};
	int has_href = 0, has_src = 0;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		if (!an || (!in_list(r->attrs, an, strlen(an)) && strcmp(an, "lang") &&
			    strcmp(an, "dir") && strcmp(an, "title")))
			continue;
		size_t before = tag.len;
		put_attr(w, &tag, an, attr_value(a, &v));
		if (tag.len > before) {
			has_href |= !strcmp(an, "href");
			has_src |= !strcmp(an, "src");
		}
	}
	buf_free(&v);
	if (!strcmp(name, "a") && !has_href) {
		buf_free(&tag);
		return 1;
	}
	if (!strcmp(name, "img") && !has_src) {
		buf_free(&tag);
		media_fallback(w, n);
		return 0;
	}
	if (!strcmp(name, "a") && w->o->untrusted)
		buf_puts(&tag, " rel=\"nofollow ugc noopener\"");
	buf_puts(&tag, f->strong ? "><strong>" : ">");
	if (r->flags & E_BLOCK)
		text_break(w);
	f->in_excerpt = ex_writing(w);
	omitted(w);
	put_both(w, tag.data, tag.len);
	buf_free(&tag);
	f->emitted = 1;
	f->tag = tname;
	if (!strcmp(name, "a"))
		w->links++;
	if (r->flags & E_VOID) {
		if (!strcmp(name, "br"))
			text_break(w);
		/* An image's alt text is its text, as Markdown's plain text has it. */
		struct buf alt = {0};
		const char *a = !strcmp(name, "img") ? attr_of(n, "alt", &alt) : NULL;
		size_t an = a ? strlen(a) : 0;
		for (size_t i = 0; i < an;) {
			uint32_t cp;
			size_t len = utf8_decode(a + i, an - i, &cp);
			if (!is_control(cp))
				buf_put(&w->out->text, a + i, len);
			i += len;
		}
		buf_free(&alt);
		return 0;
	}
	return 1;
}

static void leave(struct walk *w, const struct frame *f)
{
	if (!f->emitted)
		return;
	struct buf end = {0};
	buf_printf(&end, "%s</%s>", f->strong ? "</strong>" : "", f->tag);
	buf_put(&w->out->html, end.data, end.len);
	if (f->in_excerpt)
		buf_put(&w->out->excerpt, end.data, end.len);
	buf_free(&end);
	if (f->rule->flags & E_BLOCK)
		text_break(w);
	if (!strcmp(f->tag, "a"))
		w->links--;
}

/* "more" or "more anything": the excerpt marker. */
static int is_marker(const char *c)
{
	while (*c == ' ')
		c++;
	return strncmp(c, "more", 4) == 0 && (c[4] == '\0' || c[4] == ' ');
}

static void comment(struct walk *w, xmlNode *n)
{
	if (w->o->untrusted || w->marker_seen || !n->content ||
	    !is_marker((const char *)n->content))
		return;
	buf_puts(&w->out->html, "<!--more-->");
	w->marker_seen = 1;
	w->ex_stopped = 1;
}

/* The next node of a walk over the whole tree: into children unless skip, else onwards. */
static xmlNode *next_node(xmlNode *n, xmlNode *root, int skip)
{
	if (!skip && n->children)
		return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

/* Words in a subtree (without dropped elements) and whether it holds a marker. */
static long long subtree_words(xmlNode *top, int *marker)
{
	long long words = 0;
	int in_word = 0;
	for (xmlNode *n = top; n;) {
		int skip = n->type == XML_ELEMENT_NODE && is_dropped((const char *)n->name);
		if (n->type == XML_TEXT_NODE && n->content) {
			for (const unsigned char *c = n->content; *c; c++) {
				int space = is_space(*c);
				words += !space && !in_word;
				in_word = !space;
			}
		} else if (n->type == XML_COMMENT_NODE && n->content &&
			   is_marker((const char *)n->content)) {
			*marker = 1;
		} else if (n->type == XML_ELEMENT_NODE) {
			const struct rule *r = rule_of((const char *)n->name);
			if (r && (r->flags & E_BLOCK))
				in_word = 0;
		}
		if (n == top && (skip || !n->children))
			break;
		n = next_node(n, top, skip);
	}
	return words;
}

/* The top-level nodes: the children of html, head and body, which are not kept themselves. */
static int is_frame_element(xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	       (!strcmp((const char *)n->name, "html") || !strcmp((const char *)n->name, "body"));
}

typedef void (*top_fn)(struct walk *w, xmlNode *n);

static void each_top(struct walk *w, xmlNode *n, top_fn fn, int depth)
{
	for (; n; n = n->next) {
		if (is_frame_element(n) && depth < 4)
			each_top(w, n->children, fn, depth + 1);
		else
			fn(w, n);
	}
}

static void count_top(struct walk *w, xmlNode *n)
{
	int marker = 0;
	long long words = subtree_words(n, &marker);
	w->marker_mode |= marker;
	if (w->ntop % 64 == 0)
		w->top_words = xrealloc(w->top_words, (w->ntop + 64) * sizeof(*w->top_words));
	w->top_words[w->ntop++] = words;
}

/* Decides the excerpt's part in the next top-level node. */
static void begin_top(struct walk *w)
{
	long long words = w->top < w->ntop ? w->top_words[w->top] : 0;
	w->top++;
	if (w->o->untrusted) {
		w->ex_on = 0;
		return;
	}
	if (w->marker_mode) {
		w->ex_on = !w->marker_seen;
		w->ex_budget = -1;
		return;
	}
	if (w->ex_stopped || (w->ex_words > 0 && w->ex_words + words > SANITIZE_EXCERPT_WORDS)) {
		w->ex_stopped = 1;
		w->ex_on = 0;
		return;
	}
	w->ex_on = 1;
	/* The first block with words, longer than the excerpt alone, is cut. */
	w->ex_budget = (int)(words > SANITIZE_EXCERPT_WORDS ? SANITIZE_EXCERPT_WORDS : words + 1);
	w->ex_words += words;
}

static void push(struct walk *w, const struct frame *f)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->stack = xrealloc(w->stack, w->cap * sizeof(*w->stack));
	}
	w->stack[w->depth++] = *f;
}

/* Writes one top-level node and everything in it, without recursion (trees may be deep). */
static void write_top(struct walk *w, xmlNode *top)
{
	begin_top(w);
	size_t base = w->depth;
	xmlNode *n = top;
	while (n) {
		int descend = 0;
		struct frame f;
		if (n->type == XML_TEXT_NODE && n->content)
			put_text(w, (const char *)n->content, strlen((const char *)n->content));
		else if (n->type == XML_COMMENT_NODE)
			comment(w, n);
		else if (n->type == XML_ELEMENT_NODE && n->name)
			descend = enter(w, n, &f);
		if (descend && n->children) {
			push(w, &f);
			n = n->children;
			continue;
		}
		if (descend)
			leave(w, &f);
		/* Up through the elements whose last child this was. */
		while (n != top && !n->next && w->depth > base) {
			leave(w, &w->stack[--w->depth]);
			n = w->stack[w->depth].node;
		}
		n = n == top ? NULL : n->next;
	}
}

/* Valid UTF-8 without NUL for the parser (which would guess another encoding): each bad byte
 * becomes U+FFFD. A <body> first, so that leading text is not put in an implied <p>. */
static void clean_input(const char *s, size_t n, struct buf *out)
{
	buf_grow(out, n + 16);
	buf_puts(out, "<body>");
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !(len == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3)))
			buf_puts(out, "\xEF\xBF\xBD");
		else if (cp != 0)
			buf_put(out, s + i, len);
		i += len;
	}
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_parser(void)
{
	xmlInitParser();
}

static htmlDocPtr parse(const char *html, size_t len)
{
	pthread_once(&init_once, init_parser);
	struct buf in = {0};
	clean_input(html, len, &in);
	htmlDocPtr doc =
	    htmlReadMemory(in.data, (int)in.len, NULL, "UTF-8",
			   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	buf_free(&in);
	return doc;
}

/* One walk of the parse of html into out. */
static void one_pass(const char *html, size_t len, const struct sanitize_opts *o,
		     struct sanitized *out)
{
	memset(out, 0, sizeof(*out));
	buf_puts(&out->html, "");
	buf_puts(&out->excerpt, "");
	buf_puts(&out->text, "");
	htmlDocPtr doc = parse(html, len);
	if (!doc)
		return; /* nothing at all to parse */
	struct walk w = {.o = o, .out = out};
	each_top(&w, doc->children, count_top, 0);
	each_top(&w, doc->children, write_top, 0);
	xmlFreeDoc(doc);
	free(w.stack);
	free(w.top_words);
	buf_free(&w.url);
	/* Trailing white space of the text is no line of its own. */
	while (out->text.len && is_space((unsigned char)out->text.data[out->text.len - 1]))
		out->text.data[--out->text.len] = '\0';
	int in_word = 0;
	for (size_t i = 0; i < out->text.len; i++) {
		int space = is_space((unsigned char)out->text.data[i]);
		out->words += !space && !in_word;
		in_word = !space;
	}
}

/* Passes after the first, until the output parses back into itself. */
#define SETTLE_PASSES 4

int sanitize_html(const char *html, size_t len, const struct sanitize_opts *o,
		  struct sanitized *out)
{
	static const struct sanitize_opts none = {0};
	if (!o)
		o = &none;
	if (len > SANITIZE_MAX_BYTES) {
		one_pass("", 0, o, out);
		return -1;
	}
	one_pass(html, len, o, out);
	/* The parser moves some elements out of others (a list out of a term, a block out of
	 * a paragraph): what it would move on a second reading is moved now, so that the
	 * output is what a later sanitizing of it gives. URLs are rewritten once. */
	struct sanitize_opts again = *o;
	again.rewrite = NULL;
	for (int i = 0; i < SETTLE_PASSES; i++) {
		struct sanitized next;
		one_pass(out->html.data, out->html.len, &again, &next);
		int same = next.html.len == out->html.len &&
			   !memcmp(next.html.data, out->html.data, next.html.len);
		sanitized_free(out);
		*out = next;
		if (same)
			break;
	}
	return 0;
}

void sanitized_free(struct sanitized *s)
{
	buf_free(&s->html);
	buf_free(&s->excerpt);
	buf_free(&s->text);
	memset(s, 0, sizeof(*s));
}

void sanitize_text_line(const char *html, size_t len, struct buf *out)
{
	struct sanitized s;
	if (sanitize_html(html, len, NULL, &s) != 0) {
		sanitized_free(&s);
		return;
	}
	int space = 0;
	size_t start = out->len;
	for (size_t i = 0; i < s.text.len; i++) {
		unsigned char c = (unsigned char)s.text.data[i];
		if (is_space(c)) {
			space = 1;
			continue;
		}
		if (space && out->len > start)
			buf_putc(out, ' ');
		space = 0;
		buf_putc(out, (char)c);
	}
	sanitized_free(&s);
}
