/* mustache: renders compiled templates over a val context stack into a buf. */
#include "render/mustache_int.h"
#include "render/val.h"
#include "util/buf.h"
#include "util/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sections, partials and blocks each take a C stack frame or three; this bounds the stack. */
#define TMPL_MAX_DEPTH 256
/* Writing this many bytes costs as much as visiting a node. */
#define TMPL_BYTES_PER_STEP 16

/* The context stack, innermost first; frames live on the C stack of the renderer. */
struct tmpl_ctx {
	const struct val *v;
	const struct tmpl_ctx *up;
};

/* Indentation to put in front of each line: the segments from the outermost up are written. */
struct tmpl_ind {
	const char *s;
	size_t n;
	const struct tmpl_ind *up;
};

/* The parent tags being expanded, innermost first; their blocks override the parent's blocks. */
struct tmpl_args {
	const struct tmpl *t;
	const struct tmpl_node *parent;
	const struct tmpl_args *outer;
};

/* Where nodes are being rendered from and against what. */
struct tmpl_scope {
	const struct tmpl *t;
	const struct tmpl_ctx *ctx;
	const struct tmpl_ind *ind;
	const struct tmpl_args *args;
};

struct tmpl_run {
	const struct tmpl_set *set;
	struct buf *out;
	size_t steps; /* node visits (or 16-byte writes) left */
	unsigned depth, calls;
	int bol; /* the next byte of template text starts a source line */
	int cut; /* the step limit was hit: stop everywhere */
};

static void render_nodes(struct tmpl_run *r, const struct tmpl_scope *sc, uint32_t i, uint32_t end);

/* val_get with a first-byte test in front of the string compare, which most keys fail: name
 * lookups are most of the work of a rendering. Names never hold a NUL (the compiler refuses
 * them), so k[n] is within k whenever the first n bytes matched. */
static const struct val *get(const struct val *m, const char *name, size_t n)
{
	/* An empty map has no pairs array at all: no pointer arithmetic on it. */
	if (!m || m->kind != VAL_MAP || !n || !m->u.map.n)
		return NULL;
	const struct val_pair *pr = m->u.map.pairs, *e = pr + m->u.map.n;
	for (; pr < e; pr++) {
		const char *k = pr->key;
		if (k[0] == name[0] && strncmp(k, name, n) == 0 && k[n] == '\0')
			return pr->v;
	}
	return NULL;
}

static const struct val *lookup(const struct tmpl_ctx *ctx, const char *name, size_t n)
{
	if (n == 1 && name[0] == '.')
		return ctx->v;
	const char *dot = memchr(name, '.', n);
	size_t seg = dot ? (size_t)(dot - name) : n;
	const struct val *v = NULL;
	for (; ctx && !v; ctx = ctx->up)
		v = get(ctx->v, name, seg);
	/* Only the first part of a dotted name walks the stack (spec: a broken chain resolves to
	 * nothing rather than to an outer value). */
	while (v && seg < n) {
		name += seg + 1;
		n -= seg + 1;
		dot = memchr(name, '.', n);
		seg = dot ? (size_t)(dot - name) : n;
		v = get(v, name, seg);
	}
	return v;
}

static int truthy(const struct val *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case VAL_BOOL:
		return v->u.b;
	case VAL_NUM:
		return v->u.num != 0 && v->u.num == v->u.num;
	case VAL_STR:
		return v->u.str.len != 0;
	case VAL_LIST:
		return v->u.list.n != 0;
	case VAL_MAP:
		return 1;
	case VAL_NULL:
		break;
	}
	return 0;
}

/* Integers print without a fraction, others with the fewest digits (15 to 17) that read back
 * as the same double: 1.21 is "1.21", not "1.2099999999999999645". */
static void put_num(struct buf *out, double d)
{
	char tmp[40];
	if (d == 0) {
		buf_putc(out, '0');
		return;
	}
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d) {
		snprintf(tmp, sizeof(tmp), "%lld", (long long)d);
	} else {
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
	}
	buf_puts(out, tmp);
}

static void put_val(struct buf *out, const struct val *v, int escape)
{
	if (!v)
		return;
	switch (v->kind) {
	case VAL_STR:
		if (escape)
			esc_html(out, v->u.str.s, v->u.str.len);
		else
			buf_put(out, v->u.str.s, v->u.str.len);
		break;
	case VAL_NUM:
		put_num(out, v->u.num);
		break;
	case VAL_BOOL:
		buf_puts(out, v->u.b ? "true" : "false");
		break;
	case VAL_NULL:
	case VAL_LIST:
	case VAL_MAP:
		break;
	}
}

static void put_indent(struct buf *out, const struct tmpl_ind *ind)
{
	if (ind->up)
		put_indent(out, ind->up);
	buf_put(out, ind->s, ind->n);
}

/* Output counts against the step limit too, or a few nodes repeated could write gigabytes. */
static void spend(struct tmpl_run *r, size_t written)
{
	size_t cost = written / TMPL_BYTES_PER_STEP;
	r->steps = cost < r->steps ? r->steps - cost : 0;
}

/* A tag (not alone on its line) is about to write: indent first if a line starts here. */
static void lead(struct tmpl_run *r, const struct tmpl_ind *ind)
{
	if (r->bol && ind)
		put_indent(r->out, ind);
	r->bol = 0;
}

/* Template text: indentation goes before each line that has template text on it, never after
 * newlines that come from data (spec: partial indentation). */
static void put_text(struct tmpl_run *r, const struct tmpl_ind *ind, const char *s, size_t n)
{
	if (!ind) {
		buf_put(r->out, s, n);
		r->bol = n && s[n - 1] == '\n';
		return;
	}
	size_t i = 0;
	do {
		if (r->bol)
			put_indent(r->out, ind);
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) + 1 : n;
		buf_put(r->out, s + i, e - i);
		i = e;
		r->bol = nl != NULL;
	} while (i < n);
}

/* Renders nodes [i, end) of t; each body starts at a line start exactly when its opening tag
 * stood alone on its line. */
static void render_body(struct tmpl_run *r, const struct tmpl_scope *sc, uint32_t i, uint32_t end,
			int bol)
{
	if (r->depth >= TMPL_MAX_DEPTH)
		return;
	r->depth++;
	r->bol = bol;
	render_nodes(r, sc, i, end);
	r->depth--;
}

static void render_section(struct tmpl_run *r, const struct tmpl_scope *sc, uint32_t i)
{
	const struct tmpl_node *nd = &sc->t->nodes[i];
	const struct val *v = lookup(sc->ctx, sc->t->text + nd->off, nd->len);
	int alone = nd->flags & TMPL_OPEN_ALONE;
	if (nd->kind == TMPL_INVERTED) {
		if (!truthy(v))
			render_body(r, sc, i + 1, nd->end, alone);
		return;
	}
	if (!truthy(v))
		return;
	struct tmpl_ctx frame = {v, sc->ctx};
	struct tmpl_scope inner = *sc;
	inner.ctx = &frame;
	if (v->kind != VAL_LIST) {
		render_body(r, &inner, i + 1, nd->end, alone);
		return;
	}
	for (size_t k = 0; k < v->u.list.n && !r->cut; k++) {
		frame.v = v->u.list.items[k];
		render_body(r, &inner, i + 1, nd->end, alone);
	}
}

/* {{>name}} and {{<name}}: the named template, against the same context stack. A partial is a
 * parent without arguments, so blocks inside it can still be overridden from further out. */
static void render_call(struct tmpl_run *r, const struct tmpl_scope *sc, const struct tmpl_node *nd)
{
	const struct tmpl *t = tmpl_set_find(r->set, sc->t->text + nd->off, nd->len);
	if (!t || r->calls >= TMPL_MAX_CALLS || r->depth >= TMPL_MAX_DEPTH)
		return;
	struct tmpl_scope inner = *sc;
	struct tmpl_ind ind = {sc->t->text + nd->ioff, nd->ilen, sc->ind};
	struct tmpl_args args = {sc->t, nd, sc->args};
	inner.t = t;
	if (nd->ilen)
		inner.ind = &ind;
	if (nd->kind == TMPL_PARENT)
		inner.args = &args;
	r->calls++;
	r->depth++;
	r->bol = nd->flags & TMPL_OPEN_ALONE;
	render_nodes(r, &inner, 0, t->n);
	r->depth--;
	r->calls--;
}

static int is_container(uint8_t kind)
{
	return kind == TMPL_SECTION || kind == TMPL_INVERTED || kind == TMPL_PARENT ||
	       kind == TMPL_BLOCK;
}

static int same_name(const struct tmpl *a, const struct tmpl_node *x, const struct tmpl *b,
		     const struct tmpl_node *y)
{
	return x->len == y->len && memcmp(a->text + x->off, b->text + y->off, x->len) == 0;
}

/* The outermost parent argument overriding block nd, as a template and a body range; the
 * block's own body when there is none. The search is charged to the step limit because a
 * parent tag may hold any amount of ignored content to search through. */
static const struct tmpl *block_body(struct tmpl_run *r, const struct tmpl_scope *sc,
				     const struct tmpl_node *nd, uint32_t *begin, uint32_t *end)
{
	const struct tmpl *found = sc->t;
	*begin = (uint32_t)(nd - sc->t->nodes) + 1;
	*end = nd->end;
	for (const struct tmpl_args *a = sc->args; a; a = a->outer) {
		const struct tmpl_node *nodes = a->t->nodes;
		uint32_t k = (uint32_t)(a->parent - nodes) + 1;
		while (k < a->parent->end) {
			const struct tmpl_node *c = &nodes[k];
			if (c->kind == TMPL_BLOCK && same_name(sc->t, nd, a->t, c)) {
				found = a->t;
				*begin = k + 1;
				*end = c->end;
				break;
			}
			k = is_container(c->kind) ? c->end : k + 1;
			spend(r, TMPL_BYTES_PER_STEP);
		}
	}
	return found;
}

/* {{$name}}: the block's body or its override, reindented for where it is expanded. */
static void render_block(struct tmpl_run *r, const struct tmpl_scope *sc,
			 const struct tmpl_node *nd)
{
	struct tmpl_scope inner = *sc;
	struct tmpl_ind ind = {sc->t->text + nd->ioff, nd->ilen, sc->ind};
	uint32_t begin, end;
	inner.t = block_body(r, sc, nd, &begin, &end);
	if (nd->ilen)
		inner.ind = &ind;
	render_body(r, &inner, begin, end, nd->flags & TMPL_OPEN_ALONE);
}

static void render_nodes(struct tmpl_run *r, const struct tmpl_scope *sc, uint32_t i, uint32_t end)
{
	const struct tmpl *t = sc->t;
	while (i < end) {
		if (r->cut || r->steps == 0) {
			r->cut = 1;
			return;
		}
		r->steps--;
		size_t written;
		const struct tmpl_node *nd = &t->nodes[i];
		const char *name = t->text + nd->off;
		switch (nd->kind) {
		case TMPL_TEXT:
			written = r->out->len;
			put_text(r, sc->ind, name, nd->len);
			spend(r, r->out->len - written);
			i++;
			continue;
		case TMPL_VAR:
		case TMPL_RAW:
			written = r->out->len;
			lead(r, sc->ind);
			put_val(r->out, lookup(sc->ctx, name, nd->len), nd->kind == TMPL_VAR);
			spend(r, r->out->len - written);
			i++;
			continue;
		case TMPL_PARTIAL:
			if (!(nd->flags & TMPL_OPEN_ALONE))
				lead(r, sc->ind);
			render_call(r, sc, nd);
			r->bol = nd->flags & TMPL_OPEN_ALONE;
			i++;
			continue;
		}
		if (!(nd->flags & TMPL_OPEN_ALONE))
			lead(r, sc->ind);
		if (nd->kind == TMPL_PARENT)
			render_call(r, sc, nd);
		else if (nd->kind == TMPL_BLOCK)
			render_block(r, sc, nd);
		else
			render_section(r, sc, i);
		r->bol = (nd->flags & TMPL_CLOSE_ALONE) != 0;
		i = nd->end;
	}
}

int tmpl_render(const struct tmpl_set *s, const char *name, const struct val *ctx, struct buf *out)
{
	const struct tmpl *t = name ? tmpl_set_find(s, name, strlen(name)) : NULL;
	if (!t)
		return -1;
	struct tmpl_run r = {.set = s, .out = out, .steps = s->max_steps, .bol = 1};
	struct tmpl_ctx root = {ctx, NULL};
	struct tmpl_scope sc = {.t = t, .ctx = &root};
	render_nodes(&r, &sc, 0, t->n);
	return r.cut ? -1 : 0;
}
