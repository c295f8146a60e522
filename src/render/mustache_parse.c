/* mustache: template sets and the compiler from Mustache source to flat node arrays. */
#include "render/mustache_int.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for a delimiter {{=a b=}} may set, which is at most TMPL_MAX_DELIM - 1 bytes. */
#define TMPL_MAX_DELIM 16

/*
 * Compiling takes three passes: tokenize (delimiters, tag kinds, section matching), find the
 * standalone lines and trim them, then emit nodes. Standalone lines need the whole line, which
 * is why they are not decided while tokenizing.
 */
struct tmpl_tok {
	size_t start, end;   /* TEXT: the bytes; tags: from opening through closing delimiter */
	size_t tstart, tend; /* TEXT: what is left after standalone trimming */
	size_t name, nlen;   /* tags: the trimmed content */
	size_t ind, ilen;    /* standalone tags: the whitespace before them on their line */
	size_t next;	     /* standalone tags: where the line after theirs starts */
	unsigned line;
	uint8_t kind;
	uint8_t closes; /* TMPL_CLOSE: the kind of the tag it closes */
	uint8_t alone;
};

struct tmpl_open {
	uint32_t node;
	const char *strip; /* the enclosing block's indentation, restored at the close */
	size_t slen;
};

struct tmpl_parser {
	const char *src;
	size_t len;
	struct tmpl_tok *toks;
	size_t ntok, captok;
	struct tmpl_node *nodes;
	size_t nnode, capnode;
	struct buf text;
	size_t glue_from; /* the first node a new text may be glued to: bodies end before it */
	char *err;
	size_t errlen;
	size_t open[TMPL_MAX_NEST]; /* token indexes of the sections open while tokenizing */
	size_t nopen;
	/* While emitting nodes: */
	struct tmpl_open nest[TMPL_MAX_NEST];
	size_t depth;
	const char *strip; /* the innermost block's indentation, taken off each line start */
	size_t slen;
	int bol;	      /* a source line starts here (standalone lines count as gone) */
	const char *last_ind; /* the indentation stored last, reused by tags on the same line */
	size_t last_ilen;
	uint32_t last_ioff;
	size_t ind_budget; /* bytes of indentation left to store */
	int too_big;
};

static int fail(struct tmpl_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct tmpl_parser *p, const char *fmt, ...)
{
	if (p->err && p->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Tag names go into messages cut short, so one absurd name cannot swamp the message. */
static int name_width(size_t n)
{
	return n > 64 ? 64 : (int)n;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static unsigned count_lines(const char *s, size_t from, size_t to)
{
	unsigned n = 0;
	const char *q = s + from, *e = s + to;
	while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		n++;
		q++;
	}
	return n;
}

/* Where needle first occurs in s[from..len), or len. (memmem would need _GNU_SOURCE.) */
static size_t find(const char *s, size_t from, size_t len, const char *needle, size_t n)
{
	while (from + n <= len) {
		const char *q = memchr(s + from, needle[0], len - from - n + 1);
		if (!q)
			break;
		if (memcmp(q, needle, n) == 0)
			return (size_t)(q - s);
		from = (size_t)(q - s) + 1;
	}
	return len;
}

static size_t push_tok(struct tmpl_parser *p)
{
	if (p->ntok == p->captok) {
		p->captok = p->captok ? p->captok * 2 : 64;
		p->toks = xrealloc(p->toks, p->captok * sizeof(*p->toks));
	}
	memset(&p->toks[p->ntok], 0, sizeof(*p->toks));
	return p->ntok++;
}

static void add_text_tok(struct tmpl_parser *p, size_t start, size_t end, unsigned line)
{
	size_t i = push_tok(p);
	struct tmpl_tok *t = &p->toks[i];
	t->kind = TMPL_TEXT;
	t->start = t->tstart = start;
	t->end = t->tend = end;
	t->line = line;
}

static uint8_t kind_of(char sigil)
{
	switch (sigil) {
	case '#':
		return TMPL_SECTION;
	case '^':
		return TMPL_INVERTED;
	case '/':
		return TMPL_CLOSE;
	case '>':
		return TMPL_PARTIAL;
	case '<':
		return TMPL_PARENT;
	case '$':
		return TMPL_BLOCK;
	case '!':
		return TMPL_COMMENT;
	case '=':
		return TMPL_DELIM;
	case '&':
	case '{':
		return TMPL_RAW;
	default:
		return TMPL_VAR;
	}
}

/*
 * Finds the end of the tag whose content starts at from. {{{x}}} and {{=a b=}} end with a
 * character in front of the closing delimiter; that character is not part of the content.
 * Returns the end of the content, or len when the tag never closes.
 */
static size_t tag_end(const struct tmpl_parser *p, size_t from, const char *close, size_t clen,
		      char tail)
{
	size_t q = from;
	for (;;) {
		q = find(p->src, q, p->len, close, clen);
		if (q == p->len || !tail)
			return q;
		if (q > from && p->src[q - 1] == tail)
			return q - 1;
		q++;
	}
}

static int check_name(struct tmpl_parser *p, const struct tmpl_tok *t)
{
	if (t->nlen == 0)
		return fail(p, "empty tag name on line %u", t->line);
	for (size_t i = 0; i < t->nlen; i++) {
		unsigned char c = (unsigned char)p->src[t->name + i];
		if (c <= ' ' || c == 0x7f)
			return fail(p, "invalid character in tag name on line %u", t->line);
	}
	return 0;
}

/* Reads the two delimiters of a {{=a b=}} tag into open and close. */
static int set_delims(struct tmpl_parser *p, const struct tmpl_tok *t, char *open, size_t *olen,
		      char *close, size_t *clen)
{
	const char *s = p->src + t->name;
	size_t n = t->nlen, a = 0;
	while (a < n && !is_space(s[a]))
		a++;
	size_t b = a;
	while (b < n && is_space(s[b]))
		b++;
	if (a == 0 || a >= TMPL_MAX_DELIM || b == a || b == n || n - b >= TMPL_MAX_DELIM)
		return fail(p, "invalid delimiters on line %u", t->line);
	for (size_t i = b; i < n; i++)
		if (is_space(s[i]))
			return fail(p, "invalid delimiters on line %u", t->line);
	if (memchr(s, '=', n))
		return fail(p, "invalid delimiters on line %u", t->line);
	memcpy(open, s, a);
	*olen = a;
	memcpy(close, s + b, n - b);
	*clen = n - b;
	return 0;
}

/* Pairs closing tags with their opening tags, so mistakes are reported with both lines. */
static int match(struct tmpl_parser *p, size_t ti)
{
	struct tmpl_tok *t = &p->toks[ti];
	switch (t->kind) {
	case TMPL_SECTION:
	case TMPL_INVERTED:
	case TMPL_PARENT:
	case TMPL_BLOCK:
		if (p->nopen == TMPL_MAX_NEST)
			return fail(p, "sections nested deeper than %d on line %u", TMPL_MAX_NEST,
				    t->line);
		p->open[p->nopen++] = ti;
		return 0;
	case TMPL_CLOSE:
		break;
	default:
		return 0;
	}
	int w = name_width(t->nlen);
	if (p->nopen == 0)
		return fail(p, "closing tag '%.*s' on line %u has no open section", w,
			    p->src + t->name, t->line);
	const struct tmpl_tok *o = &p->toks[p->open[p->nopen - 1]];
	if (o->nlen != t->nlen || memcmp(p->src + o->name, p->src + t->name, t->nlen) != 0)
		return fail(
		    p, "closing tag '%.*s' on line %u does not match '%.*s' opened on line %u", w,
		    p->src + t->name, t->line, name_width(o->nlen), p->src + o->name, o->line);
	t->closes = o->kind;
	p->nopen--;
	return 0;
}

static int tokenize(struct tmpl_parser *p)
{
	char open[TMPL_MAX_DELIM] = "{{", close[TMPL_MAX_DELIM] = "}}";
	size_t olen = 2, clen = 2, pos = 0;
	unsigned line = 1;
	while (pos < p->len) {
		size_t at = find(p->src, pos, p->len, open, olen);
		if (at > pos) {
			add_text_tok(p, pos, at, line);
			line += count_lines(p->src, pos, at);
		}
		if (at == p->len)
			break;
		size_t ti = push_tok(p);
		struct tmpl_tok *t = &p->toks[ti];
		size_t body = at + olen;
		char sigil = body < p->len ? p->src[body] : '\0';
		t->kind = kind_of(sigil);
		t->start = at;
		t->line = line;
		if (t->kind != TMPL_VAR)
			body++;
		char tail = sigil == '{' ? '}' : sigil == '=' ? '=' : '\0';
		size_t cend = tag_end(p, body, close, clen, tail);
		if (cend == p->len)
			return fail(p, "unclosed tag opened on line %u", line);
		t->end = cend + (tail ? 1 : 0) + clen;
		while (body < cend && is_space(p->src[body]))
			body++;
		while (cend > body && is_space(p->src[cend - 1]))
			cend--;
		t->name = body;
		t->nlen = cend - body;
		line += count_lines(p->src, at, t->end);
		pos = t->end;
		if (t->kind == TMPL_DELIM) {
			if (set_delims(p, t, open, &olen, close, &clen) < 0)
				return -1;
		} else if (t->kind != TMPL_COMMENT && check_name(p, t) < 0) {
			return -1;
		}
		if (match(p, ti) < 0)
			return -1;
	}
	if (p->nopen) {
		const struct tmpl_tok *o = &p->toks[p->open[p->nopen - 1]];
		return fail(p, "unclosed section '%.*s' opened on line %u", name_width(o->nlen),
			    p->src + o->name, o->line);
	}
	return 0;
}

/*
 * Which runs of adjacent tags may make a line standalone: one tag that writes nothing itself,
 * or (inheritance) a parent tag with block tags glued to it, as in {{<layout}}{{$body}} or
 * {{/body}}{{/layout}}. A block that opens and closes on one line is an inline expansion.
 */
static int run_may_stand(const struct tmpl_parser *p, size_t i, size_t j)
{
	if (i == j) {
		uint8_t k = p->toks[i].kind;
		return k != TMPL_VAR && k != TMPL_RAW;
	}
	int parent = 0;
	for (size_t k = i; k <= j; k++) {
		const struct tmpl_tok *t = &p->toks[k];
		if (t->kind == TMPL_PARENT || (t->kind == TMPL_CLOSE && t->closes == TMPL_PARENT))
			parent = 1;
		else if (!(t->kind == TMPL_BLOCK || t->kind == TMPL_COMMENT ||
			   (t->kind == TMPL_CLOSE && t->closes == TMPL_BLOCK)))
			return 0;
	}
	return parent;
}

/* Decides on the tag run i..j from the untrimmed text around it, then trims that text. */
static void try_standalone(struct tmpl_parser *p, size_t i, size_t j)
{
	const char *s = p->src;
	size_t ind = 0, ind_end = 0, next;
	if (!run_may_stand(p, i, j))
		return;
	if (i > 0) {
		const struct tmpl_tok *b = &p->toks[i - 1];
		size_t k = b->end;
		while (k > b->start && is_blank(s[k - 1]))
			k--;
		if (k > b->start ? s[k - 1] != '\n' : i - 1 != 0)
			return;
		ind = k;
		ind_end = b->end;
	}
	if (j + 1 == p->ntok) {
		next = p->len;
	} else {
		const struct tmpl_tok *a = &p->toks[j + 1];
		size_t k = a->start;
		while (k < a->end && (is_blank(s[k]) || s[k] == '\r'))
			k++;
		if (k < a->end && s[k] != '\n')
			return;
		if (k == a->end && j + 2 != p->ntok)
			return;
		next = k < a->end ? k + 1 : a->end;
	}
	for (size_t k = i; k <= j; k++) {
		struct tmpl_tok *t = &p->toks[k];
		t->alone = 1;
		t->ind = ind;
		t->ilen = ind_end - ind;
		t->next = next;
	}
	if (i > 0)
		p->toks[i - 1].tend = ind;
	if (j + 1 < p->ntok)
		p->toks[j + 1].tstart = next;
}

static void mark_standalone(struct tmpl_parser *p)
{
	size_t i = 0;
	while (i < p->ntok) {
		if (p->toks[i].kind == TMPL_TEXT) {
			i++;
			continue;
		}
		size_t j = i;
		while (j + 1 < p->ntok && p->toks[j + 1].kind != TMPL_TEXT)
			j++;
		try_standalone(p, i, j);
		i = j + 1;
	}
}

static struct tmpl_node *add_node(struct tmpl_parser *p, uint8_t kind)
{
	if (p->nnode == p->capnode) {
		p->capnode = p->capnode ? p->capnode * 2 : 32;
		p->nodes = xrealloc(p->nodes, p->capnode * sizeof(*p->nodes));
	}
	struct tmpl_node *n = &p->nodes[p->nnode++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static uint32_t put_text(struct tmpl_parser *p, const char *s, size_t n)
{
	uint32_t off = (uint32_t)p->text.len;
	buf_put(&p->text, s, n);
	return off;
}

/*
 * Appends the source text [a, b) as a TEXT node, taking the enclosing block's indentation off
 * the start of each line, and glues it to a TEXT node just before it.
 * Returns how many bytes it kept.
 */
static size_t add_text(struct tmpl_parser *p, size_t a, size_t b)
{
	const char *s = p->src;
	uint32_t off = (uint32_t)p->text.len;
	int bol = p->bol;
	while (a < b) {
		if (bol) {
			size_t k = 0;
			while (k < p->slen && a + k < b && s[a + k] == p->strip[k])
				k++;
			a += k;
		}
		const char *nl = memchr(s + a, '\n', b - a);
		size_t e = nl ? (size_t)(nl - s) + 1 : b;
		buf_put(&p->text, s + a, e - a);
		a = e;
		bol = 1;
	}
	uint32_t len = (uint32_t)p->text.len - off;
	if (!len)
		return 0;
	struct tmpl_node *prev = p->nnode > p->glue_from ? &p->nodes[p->nnode - 1] : NULL;
	if (prev && prev->kind == TMPL_TEXT && prev->off + prev->len == off) {
		prev->len += len;
		return len;
	}
	struct tmpl_node *n = add_node(p, TMPL_TEXT);
	n->off = off;
	n->len = len;
	return len;
}

/*
 * An empty TEXT node marks where a source line starts with a tag that writes nothing, so that
 * partial indentation still lands on that line like it does for the spec's reference renderer.
 */
static void add_marker(struct tmpl_parser *p)
{
	struct tmpl_node *n = add_node(p, TMPL_TEXT);
	n->off = (uint32_t)p->text.len;
}

/* Stores the part of the indentation s[0..n) beyond the enclosing block's indentation. */
/*
 * Stores the part of the indentation s[0..len) beyond the enclosing block's indentation. Many
 * blocks on one deeply indented line would store that line's indentation once each, so a
 * repeat is shared and the total is capped: a few KB of template must not compile into GBs.
 */
static void set_indent(struct tmpl_parser *p, struct tmpl_node *n, const char *s, size_t len)
{
	size_t k = 0;
	while (k < len && k < p->slen && s[k] == p->strip[k])
		k++;
	s += k;
	len -= k;
	if (!len)
		return;
	if (s != p->last_ind || len != p->last_ilen) {
		if (len > p->ind_budget) {
			p->too_big = 1;
			return;
		}
		p->ind_budget -= len;
		p->last_ind = s;
		p->last_ilen = len;
		p->last_ioff = put_text(p, s, len);
	}
	n->ioff = p->last_ioff;
	n->ilen = (uint32_t)len;
}

/*
 * The indentation a block's body is written with: for a standalone opening tag that of the
 * line after it, else that of the tag's own line. It is removed from the body here and put back
 * where the block is expanded.
 */
static void block_indent(const struct tmpl_parser *p, const struct tmpl_tok *t, const char **ind,
			 size_t *len)
{
	size_t a;
	if (t->alone) {
		a = t->next;
	} else {
		a = t->start;
		while (a > 0 && p->src[a - 1] != '\n')
			a--;
	}
	size_t e = a;
	while (e < p->len && is_blank(p->src[e]))
		e++;
	*ind = p->src + a;
	*len = e - a;
}

static void emit_close(struct tmpl_parser *p, const struct tmpl_tok *t)
{
	/* An indented closing tag inside a partial is indented on every pass. */
	if (!t->alone && p->bol)
		add_marker(p);
	const struct tmpl_open *o = &p->nest[--p->depth];
	p->nodes[o->node].end = (uint32_t)p->nnode;
	if (t->alone)
		p->nodes[o->node].flags |= TMPL_CLOSE_ALONE;
	p->glue_from = p->nnode;
	p->strip = o->strip;
	p->slen = o->slen;
	p->bol = t->alone;
}

static void emit_tag(struct tmpl_parser *p, const struct tmpl_tok *t)
{
	if (t->kind == TMPL_COMMENT || t->kind == TMPL_DELIM) {
		if (!t->alone && p->bol)
			add_marker(p);
		p->bol = t->alone;
		return;
	}
	if (t->kind == TMPL_CLOSE) {
		emit_close(p, t);
		return;
	}
	uint32_t idx = (uint32_t)p->nnode;
	struct tmpl_node *n = add_node(p, t->kind);
	n->off = put_text(p, p->src + t->name, t->nlen);
	n->len = (uint32_t)t->nlen;
	n->flags = t->alone ? TMPL_OPEN_ALONE : 0;
	p->bol = t->alone;
	if ((t->kind == TMPL_PARTIAL || t->kind == TMPL_PARENT) && t->alone)
		set_indent(p, n, p->src + t->ind, t->ilen);
	if (t->kind == TMPL_VAR || t->kind == TMPL_RAW || t->kind == TMPL_PARTIAL)
		return;
	p->nest[p->depth++] = (struct tmpl_open){idx, p->strip, p->slen};
	if (t->kind == TMPL_BLOCK) {
		const char *ind;
		size_t len;
		block_indent(p, t, &ind, &len);
		set_indent(p, n, ind, len);
		p->strip = ind;
		p->slen = len;
	}
}

static void emit_nodes(struct tmpl_parser *p)
{
	p->bol = 1;
	for (size_t i = 0; i < p->ntok; i++) {
		const struct tmpl_tok *t = &p->toks[i];
		if (t->kind != TMPL_TEXT)
			emit_tag(p, t);
		else if (add_text(p, t->tstart, t->tend))
			p->bol = p->src[t->tend - 1] == '\n';
	}
}

/* Moves the compiled nodes and text into a template of their own. */
static struct tmpl *finish(struct tmpl_parser *p, const char *name)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->namelen = strlen(name);
	t->n = (uint32_t)p->nnode;
	t->nodes = p->nodes;
	if (p->nnode && p->nnode < p->capnode)
		t->nodes = xrealloc(p->nodes, p->nnode * sizeof(*p->nodes));
	p->nodes = NULL;
	t->text = buf_detach(&p->text, NULL);
	return t;
}

static struct tmpl *compile(const char *name, const char *src, size_t len, char *err, size_t errlen)
{
	/* Offsets are 32 bits: text holds the source's text and names (len bytes at most) and
	 * indentation (capped at len + 4096). */
	struct tmpl_parser p = {
	    .src = src, .len = len, .err = err, .errlen = errlen, .ind_budget = len + 4096};
	struct tmpl *t = NULL;
	if (len > UINT32_MAX / 4) {
		fail(&p, "template too large (%zu bytes)", len);
	} else if (tokenize(&p) == 0) {
		mark_standalone(&p);
		emit_nodes(&p);
		if (p.too_big)
			fail(&p, "template too large for its indentation");
		else
			t = finish(&p, name);
	}
	free(p.toks);
	free(p.nodes);
	buf_free(&p.text);
	return t;
}

static void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->nodes);
	free(t->text);
	free(t);
}

struct tmpl_set *tmpl_set_new(void)
{
	struct tmpl_set *s = xcalloc(1, sizeof(*s));
	s->max_steps = TMPL_DEFAULT_STEPS;
	return s;
}

void tmpl_set_free(struct tmpl_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		tmpl_free(s->slots[i]);
	free(s->slots);
	free(s);
}

static size_t hash_name(const char *s, size_t n)
{
	size_t h = 14695981039346656037ULL & SIZE_MAX;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * (1099511628211ULL & SIZE_MAX);
	return h;
}

/* The slot holding name, or the empty slot where it would go; cap must be non-zero. */
static size_t slot_of(const struct tmpl_set *s, const char *name, size_t n)
{
	size_t i = hash_name(name, n) & (s->cap - 1);
	for (;;) {
		const struct tmpl *t = s->slots[i];
		if (!t || (t->namelen == n && memcmp(t->name, name, n) == 0))
			return i;
		i = (i + 1) & (s->cap - 1);
	}
}

const struct tmpl *tmpl_set_find(const struct tmpl_set *s, const char *name, size_t n)
{
	if (!s || !s->cap)
		return NULL;
	return s->slots[slot_of(s, name, n)];
}

/* Keeps the table at most half full, so probes stay short and always end. */
static void grow(struct tmpl_set *s)
{
	if ((s->n + 1) * 2 <= s->cap)
		return;
	size_t oldcap = s->cap;
	struct tmpl **old = s->slots;
	s->cap = oldcap ? oldcap * 2 : 16;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			s->slots[slot_of(s, old[i]->name, old[i]->namelen)] = old[i];
	free(old);
}

int tmpl_set_add(struct tmpl_set *s, const char *name, const char *src, size_t len, char *err,
		 size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!s || !name || (!src && len)) {
		if (err && errlen)
			snprintf(err, errlen, "invalid arguments");
		return -1;
	}
	struct tmpl *t = compile(name, src ? src : "", len, err, errlen);
	if (!t)
		return -1;
	grow(s);
	size_t i = slot_of(s, t->name, t->namelen);
	if (s->slots[i])
		tmpl_free(s->slots[i]);
	else
		s->n++;
	s->slots[i] = t;
	return 0;
}

int tmpl_set_has(const struct tmpl_set *s, const char *name)
{
	return name && tmpl_set_find(s, name, strlen(name)) != NULL;
}

void tmpl_set_step_limit(struct tmpl_set *s, size_t steps)
{
	s->max_steps = steps ? steps : TMPL_DEFAULT_STEPS;
}
