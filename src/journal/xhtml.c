/* xhtml: the rendered HTML of an issue's pieces, parsed with libxml2's HTML parser and written
 * again as well-formed XHTML for the book or as HTML for the issue's web page. */
#include "journal/xhtml.h"
#include "journal/issuefile.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "util/xmlesc.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What becomes of an element. */
enum xh_kind {
	K_KEEP,	  /* written with its allowed attributes */
	K_VOID,	  /* written without content: br, hr */
	K_IMG,	  /* an image: kept, or made a link */
	K_REMOTE, /* embedded remote content: a link to its source */
	K_UNWRAP, /* its content is kept, the element is not */
	K_DROP,	  /* dropped with its content */
};

static const char *const keep_names[] = {
    "p",	  "h1",	  "h2",	  "h3",	 "h4",	  "h5",	     "h6",     "blockquote",
    "ul",	  "ol",	  "li",	  "pre", "code",  "em",	     "strong", "b",
    "i",	  "u",	  "s",	  "del", "ins",	  "sub",     "sup",    "small",
    "mark",	  "span", "div",  "a",	 "table", "caption", "thead",  "tbody",
    "tfoot",	  "tr",	  "th",	  "td",	 "dl",	  "dt",	     "dd",     "figure",
    "figcaption", "kbd",  "samp", "var", "q",	  "cite",    "abbr",   "dfn",
};
static const char *const drop_names[] = {
    "script", "style",	"head",	  "title",    "noscript", "template", "form",
    "input",  "button", "select", "textarea", "option",	  "object",   "svg",
    "math",   "link",	"meta",	  "base",     "frame",	  "frameset", "applet",
    "canvas", "map",	"area",	  "param",    "track",	  "noembed",  "noframes",
};
static const char *const remote_names[] = {"iframe", "embed", "video", "audio", "source"};

static int in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

#define IN(name, list) in_list(name, list, sizeof(list) / sizeof(list[0]))

/* Whether a node holds any text but white space. */
static int has_text(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	int yes = t && strspn((const char *)t, " \t\r\n") < strlen((const char *)t);
	xmlFree(t);
	return yes;
}

static enum xh_kind kind_of(const xmlNode *n)
{
	const char *name = (const char *)n->name;
	/* A heading without words is no heading: dropped, as readers and validators want. */
	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
		return has_text(n) ? K_KEEP : K_DROP;
	if (strcmp(name, "br") == 0 || strcmp(name, "hr") == 0)
		return K_VOID;
	if (strcmp(name, "img") == 0)
		return K_IMG;
	if (IN(name, keep_names))
		return K_KEEP;
	if (IN(name, remote_names))
		return K_REMOTE;
	if (IN(name, drop_names))
		return K_DROP;
	return K_UNWRAP;
}

/* ---- a small map of strings, for the ids of a piece ---- */

struct xh_slot {
	char *key, *val;
};

struct xh_map {
	struct xh_slot *slots;
	size_t cap, n;
};

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037ull & SIZE_MAX;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct xh_slot *map_find(const struct xh_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->slots[i].key)
			return NULL;
		if (strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i];
	}
}

/* Adds key (unless there) with val; both copied. */
static void map_add(struct xh_map *m, const char *key, const char *val)
{
	if (map_find(m, key))
		return;
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		struct xh_slot *s = xcalloc(cap, sizeof(*s));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = hash(m->slots[i].key) & (cap - 1);
			while (s[j].key)
				j = (j + 1) & (cap - 1);
			s[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = s;
		m->cap = cap;
	}
	size_t j = hash(key) & (m->cap - 1);
	while (m->slots[j].key)
		j = (j + 1) & (m->cap - 1);
	m->slots[j].key = xstrdup(key);
	m->slots[j].val = val ? xstrdup(val) : NULL;
	m->n++;
}

static void map_free(struct xh_map *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].val);
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* ---- the parsed pieces ---- */

struct xh_piece {
	htmlDocPtr doc;
	xmlNode *body;
	struct xh_map ids;  /* old id -> new id */
	struct xh_map used; /* new ids */
};

struct xh_set {
	const struct xh_issue *is;
	struct xh_piece *pieces;
};

/* The walk over one piece: what is written, and where. */
struct xh_ctx {
	struct xh_set *x;
	size_t i; /* the piece */
	struct buf *out;
	int in_a; /* open <a> elements written */
	int ids;  /* the first pass: only collect ids */
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

static char *prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends s[0..n) %-decoded; a bad escape is copied as it is, %00 becomes '?'. */
static void pct_decode(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = s[i] == '%' && i + 2 < n ? hexval(s[i + 1]) : -1;
		int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
		if (hi >= 0 && lo >= 0) {
			int v = hi * 16 + lo;
			buf_putc(out, v ? (char)v : '?');
			i += 2;
		} else {
			buf_putc(out, s[i]);
		}
	}
}

/* The new id for an element's id old in piece i, made unique there. */
static void new_id(struct xh_piece *pc, size_t i, const char *old, struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "p%zu-", i + 1);
	size_t prefix = out->len, n = strlen(old);
	for (size_t k = 0; k < n;) {
		uint32_t cp;
		size_t len = utf8_decode(old + k, n - k, &cp);
		if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
				  (cp >= '0' && cp <= '9') || cp == '-' || cp == '_'))
			buf_putc(out, (char)cp);
		else
			buf_printf(out, "x%x", (unsigned)cp);
		k += len;
	}
	if (out->len == prefix)
		buf_puts(out, "section");
	size_t base = out->len;
	for (int k = 2; map_find(&pc->used, buf_str(out)); k++) {
		out->len = base;
		buf_printf(out, "-%d", k);
	}
	map_add(&pc->used, buf_str(out), NULL);
}

/* First pass: every kept element's id gets its new value, remembered by the old one. */
static void take_id(struct xh_ctx *c, xmlNode *n)
{
	struct xh_piece *pc = &c->x->pieces[c->i];
	char *old = prop(n, "id");
	if (!old)
		return;
	struct buf b = {0};
	new_id(pc, c->i, old, &b);
	map_add(&pc->ids, old, buf_str(&b));
	xmlSetProp(n, (const xmlChar *)"id", (const xmlChar *)buf_str(&b));
	buf_free(&b);
	xmlFree(old);
}

/* The piece whose post has this slug, or -1. */
static long piece_of(const struct xh_issue *is, const char *slug)
{
	for (size_t j = 0; j < is->n; j++)
		if (is->slugs[j] && strcmp(is->slugs[j], slug) == 0)
			return (long)j;
	return -1;
}

/* The new id in piece j of the %-escaped fragment frag[0..n), or NULL. */
static const char *target_id(struct xh_set *x, size_t j, const char *frag, size_t n)
{
	struct buf d = {0};
	pct_decode(&d, frag, n);
	const struct xh_slot *s = map_find(&x->pieces[j].ids, buf_str(&d));
	buf_free(&d);
	return s ? s->val : NULL;
}

static int has_scheme(const char *s, size_t *len)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (s[i] && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	if (s[i] != ':')
		return 0;
	*len = i;
	return 1;
}

/* A link to piece j (fragment frag, n bytes, or none), as this mode writes it. */
static void piece_link(struct xh_set *x, size_t j, const char *frag, size_t n, struct buf *out)
{
	const char *id = frag ? target_id(x, j, frag, n) : NULL;
	if (x->is->mode == XH_BOOK) {
		buf_printf(out, "p%zu.xhtml", j + 1);
		if (id)
			buf_printf(out, "#%s", id);
	} else if (id) {
		buf_printf(out, "#%s", id);
	} else {
		buf_printf(out, "#p%zu", j + 1);
	}
}

/*
 * Where a link (or, with image set, an image's source) of piece i goes; 0 with out set, or -1
 * when it loses its target. Book links end up absolute, web ones root-relative when relative.
 */
static int resolve(struct xh_ctx *c, const char *href, int image, struct buf *out)
{
	const struct xh_issue *is = c->x->is;
	int book = is->mode == XH_BOOK;
	const char *base = is->base_url ? is->base_url : "";
	size_t blen = strlen(base), slen;
	buf_reset(out);
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	if (!*href)
		return -1;
	if (href[0] == '#') {
		const char *id = image ? NULL : target_id(c->x, c->i, href + 1, strlen(href + 1));
		if (!id)
			return -1;
		buf_printf(out, "#%s", id);
		return 0;
	}
	const char *path = NULL;
	if (blen && strncmp(href, base, blen) == 0 && (href[blen] == '/' || !href[blen]))
		path = href[blen] ? href + blen : "/";
	else if (href[0] == '/' && href[1] != '/')
		path = href;
	if (path) {
		int post = !image && strncmp(path, "/posts/", 7) == 0;
		size_t seg = post ? strcspn(path + 7, "/?#") : 0;
		if (seg > 0 && (path[7 + seg] == '\0' || path[7 + seg] == '#')) {
			struct buf slug = {0};
			pct_decode(&slug, path + 7, seg);
			long j = piece_of(is, buf_str(&slug));
			buf_free(&slug);
			if (j >= 0) {
				const char *frag = path[7 + seg] == '#' ? path + 8 + seg : NULL;
				piece_link(c->x, (size_t)j, frag, frag ? strlen(frag) : 0, out);
				return 0;
			}
		}
		if (book)
			buf_puts(out, base);
		buf_puts(out, path);
		return 0;
	}
	if (href[0] == '/' && href[1] == '/') {
		size_t colon = strcspn(base, ":");
		if (book && base[colon] == ':')
			buf_put(out, base, colon + 1);
		else if (book)
			buf_puts(out, "https:");
		buf_puts(out, href);
		return 0;
	}
	if (has_scheme(href, &slen)) {
		if (!url_scheme_allowed(href, strlen(href)))
			return -1;
		/* "http:evil" and "https:///x" name no host: no reader can follow them. */
		int web = (slen == 4 && strncasecmp(href, "http", 4) == 0) ||
			  (slen == 5 && strncasecmp(href, "https", 5) == 0);
		if (web && (strncmp(href + slen, "://", 3) != 0 || !href[slen + 3] ||
			    strchr("/?#", href[slen + 3])))
			return -1;
		buf_puts(out, href);
		return 0;
	}
	/* Relative to the piece's own page, /posts/SLUG. */
	if (book)
		buf_puts(out, base);
	buf_puts(out, "/posts/");
	if (href[0] == '?') {
		const char *slug = is->slugs[c->i] ? is->slugs[c->i] : "";
		esc_url_component(out, slug, strlen(slug));
	}
	buf_puts(out, href);
	return 0;
}

/* ---- writing ---- */

static void attr(struct buf *out, const char *name, const char *v)
{
	buf_printf(out, " %s=\"", name);
	xml_esc_attr(out, v, strlen(v));
	buf_putc(out, '"');
}

/* Copies attribute name when its value is a small whole number (optionally negative). */
static void number_attr(struct buf *out, const xmlNode *n, const char *name, int sign)
{
	char *v = prop(n, name);
	if (v) {
		const char *d = v + (sign && v[0] == '-');
		size_t len = strlen(d);
		if (len >= 1 && len <= 6 && strspn(d, "0123456789") == len)
			attr(out, name, v);
		xmlFree(v);
	}
}

static void copy_attr(struct buf *out, const xmlNode *n, const char *name)
{
	char *v = prop(n, name);
	if (v) {
		attr(out, name, v);
		xmlFree(v);
	}
}

/* The element name written: on the web page, headings one level down. */
static const char *out_name(const struct xh_ctx *c, const xmlNode *n)
{
	static const char *const shifted[] = {"h2", "h3", "h4", "h5", "h6", "h6"};
	const char *name = (const char *)n->name;
	if (c->x->is->mode == XH_WEB && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
	    !name[2])
		return shifted[name[1] - '1'];
	return name;
}

static void open_tag(struct xh_ctx *c, const xmlNode *n, const char *name)
{
	struct buf *o = c->out;
	buf_printf(o, "<%s", name);
	copy_attr(o, n, "id");
	copy_attr(o, n, "class");
	copy_attr(o, n, "title");
	if (strcmp(name, "a") == 0) {
		char *href = prop(n, "href");
		struct buf t = {0};
		if (href && resolve(c, href, 0, &t) == 0)
			attr(o, "href", buf_str(&t));
		buf_free(&t);
		xmlFree(href);
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		number_attr(o, n, "colspan", 0);
		number_attr(o, n, "rowspan", 0);
	} else if (strcmp(name, "ol") == 0) {
		number_attr(o, n, "start", 1);
	}
}

static void void_tag(struct xh_ctx *c)
{
	buf_puts(c->out, c->x->is->mode == XH_BOOK ? "/>" : ">");
}

/* A link standing for content the book cannot hold: to url, showing text. */
static void stand_in(struct xh_ctx *c, const xmlNode *n, const char *url, const char *text)
{
	struct buf *o = c->out;
	struct buf t = {0};
	int linked = !c->in_a && url && resolve(c, url, 1, &t) == 0;
	buf_puts(o, linked ? "<a" : "<span");
	copy_attr(o, n, "id");
	if (linked)
		attr(o, "href", buf_str(&t));
	buf_putc(o, '>');
	xml_esc_text(o, text, strlen(text));
	buf_puts(o, linked ? "</a>" : "</span>");
	buf_free(&t);
}

static void image(struct xh_ctx *c, const xmlNode *n)
{
	const struct xh_issue *is = c->x->is;
	char *src = prop(n, "src"), *alt = prop(n, "alt");
	const char *s = src ? src : "";
	size_t blen = is->base_url ? strlen(is->base_url) : 0;
	if (blen && strncmp(s, is->base_url, blen) == 0)
		s += blen;
	const char *name = strncmp(s, "/media/", 7) == 0 ? s + 7 : NULL;
	struct buf t = {0};
	if (is->mode == XH_WEB || (name && issuefile_media_name(name) && is->keep_image &&
				   is->keep_image(is->ud, name))) {
		buf_puts(c->out, "<img");
		copy_attr(c->out, n, "id");
		if (is->mode == XH_BOOK)
			buf_printf(&t, "media/%s", name);
		else if (src)
			resolve(c, src, 1, &t);
		attr(c->out, "src", buf_str(&t));
		attr(c->out, "alt", alt ? alt : "");
		copy_attr(c->out, n, "title");
		number_attr(c->out, n, "width", 0);
		number_attr(c->out, n, "height", 0);
		void_tag(c);
	} else {
		stand_in(c, n, src, alt && *alt ? alt : "Image");
	}
	buf_free(&t);
	xmlFree(src);
	xmlFree(alt);
}

/* Enters a node: writes what comes before its content; returns whether to go into it. */
static int enter(struct xh_ctx *c, xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (!c->ids && n->content)
			xml_esc_text(c->out, (const char *)n->content,
				     strlen((const char *)n->content));
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	enum xh_kind k = kind_of(n);
	if (k == K_DROP)
		return 0;
	if (k == K_UNWRAP)
		return 1;
	if (c->ids) {
		take_id(c, n);
		return k == K_KEEP;
	}
	if (k == K_IMG) {
		image(c, n);
		return 0;
	}
	if (k == K_REMOTE) {
		char *src = prop(n, "src");
		if (src)
			stand_in(c, n, src, src);
		xmlFree(src);
		return 0;
	}
	const char *name = out_name(c, n);
	open_tag(c, n, name);
	if (k == K_VOID) {
		void_tag(c);
		return 0;
	}
	buf_putc(c->out, '>');
	c->in_a += strcmp(name, "a") == 0;
	return 1;
}

/* Leaves an element entered with enter() returning 1. */
static void leave(struct xh_ctx *c, xmlNode *n)
{
	if (c->ids || n->type != XML_ELEMENT_NODE || kind_of(n) != K_KEEP)
		return;
	const char *name = out_name(c, n);
	c->in_a -= strcmp(name, "a") == 0;
	buf_printf(c->out, "</%s>", name);
}

/* Walks root's content in document order without recursion (nesting can be deep). */
static void walk(struct xh_ctx *c, xmlNode *root)
{
	xmlNode *n = root ? root->children : NULL;
	while (n) {
		int in = enter(c, n);
		if (in && n->children) {
			n = n->children;
			continue;
		}
		if (in)
			leave(c, n);
		while (n && !n->next) {
			n = n->parent;
			if (n == root) {
				n = NULL;
				break;
			}
			leave(c, n);
		}
		if (n)
			n = n->next;
	}
}

static xmlNode *find_body(htmlDocPtr doc)
{
	xmlNode *html = doc ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNode *n = html ? html->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0)
			return n;
	return NULL;
}

static htmlDocPtr parse_html(const char *html)
{
	size_t len = html ? strlen(html) : 0;
	if (len == 0 || len > INT_MAX)
		return NULL;
	pthread_once(&xml_once, xml_init);
	return htmlReadMemory(html, (int)len, NULL, "UTF-8",
			      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				  HTML_PARSE_NODEFDTD);
}

struct xh_set *xh_parse(const struct xh_issue *is, const char *const *html)
{
	struct xh_set *x = xcalloc(1, sizeof(*x));
	x->is = is;
	x->pieces = xcalloc(is->n ? is->n : 1, sizeof(*x->pieces));
	for (size_t i = 0; i < is->n; i++) {
		struct xh_piece *pc = &x->pieces[i];
		pc->doc = parse_html(html[i]);
		pc->body = find_body(pc->doc);
		struct xh_ctx c = {.x = x, .i = i, .ids = 1};
		walk(&c, pc->body);
	}
	return x;
}

void xh_write(struct xh_set *x, size_t i, struct buf *out)
{
	struct xh_ctx c = {.x = x, .i = i, .out = out};
	if (i < x->is->n)
		walk(&c, x->pieces[i].body);
}

void xh_free(struct xh_set *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->is->n; i++) {
		xmlFreeDoc(x->pieces[i].doc);
		map_free(&x->pieces[i].ids);
		map_free(&x->pieces[i].used);
	}
	free(x->pieces);
	free(x);
}

/* ---- plain text ---- */

static int inline_name(const char *name)
{
	static const char *const names[] = {
	    "a",    "abbr", "b", "cite", "code",  "del",  "dfn",    "em",  "i",	  "ins", "kbd",
	    "mark", "q",    "s", "samp", "small", "span", "strong", "sub", "sup", "u",	 "var"};
	return IN(name, names);
}

void xh_text(const char *html, int first_paragraph, struct buf *out)
{
	htmlDocPtr doc = parse_html(html);
	xmlNode *root = find_body(doc), *n = root ? root->children : NULL;
	if (first_paragraph) {
		xmlNode *para = n;
		while (para && !(para->type == XML_ELEMENT_NODE &&
				 strcmp((const char *)para->name, "p") == 0))
			para = para->next;
		if (para) {
			root = para;
			n = para->children;
		}
	}
	size_t start = out->len;
	int space = 0;
	while (n) {
		int in = 0;
		if (n->type == XML_TEXT_NODE && n->content) {
			for (const char *s = (const char *)n->content; *s; s++) {
				if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
				    *s == '\f') {
					space = 1;
					continue;
				}
				if (space && out->len > start)
					buf_putc(out, ' ');
				space = 0;
				buf_putc(out, *s);
			}
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (!inline_name(name))
				space = 1;
			in = !IN(name, drop_names);
		}
		if (in && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			if (n == root) {
				n = NULL;
				break;
			}
			if (n->type == XML_ELEMENT_NODE && !inline_name((const char *)n->name))
				space = 1;
		}
		if (n)
			n = n->next;
	}
	xmlFreeDoc(doc);
}
