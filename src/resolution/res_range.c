/* res_range: amendment ranges in doubled coordinates, their collisions, and the merge that
 * applies non-colliding changes from the last to the first. */
#include "resolution/res_range.h"
#include "resolution/res_text.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [RES_REPLACE] = "replace", [RES_INSERT] = "insert", [RES_DELETE] = "delete"};

const char *res_kind_name(enum res_kind k)
{
	return k >= RES_REPLACE && k <= RES_DELETE ? kind_names[k] : "?";
}

int res_kind_parse(const char *s)
{
	for (int k = RES_REPLACE; k <= RES_DELETE; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

const char *res_range_check(const struct res_range *r, int nlines, const char **field)
{
	if (r->kind == RES_INSERT) {
		*field = "after";
		if (r->from < 0 || r->from > nlines || r->to != r->from)
			return "An insertion goes after a line of the text (0 puts it before the "
			       "first line).";
		return NULL;
	}
	if (r->kind != RES_REPLACE && r->kind != RES_DELETE) {
		*field = "kind";
		return "An amendment replaces, inserts or deletes.";
	}
	*field = "from";
	if (r->from < 1 || r->from > nlines)
		return "The first line is not a line of this version.";
	*field = "to";
	if (r->to < r->from || r->to > nlines)
		return "The last line is not a line of this version at or after the first.";
	return NULL;
}

void res_range_span(const struct res_range *r, int *lo, int *hi)
{
	if (r->kind == RES_INSERT) {
		*lo = *hi = 2 * r->from + 1;
	} else {
		*lo = 2 * r->from;
		*hi = 2 * r->to;
	}
}

int res_ranges_collide(const struct res_range *a, const struct res_range *b)
{
	int alo, ahi, blo, bhi;
	res_range_span(a, &alo, &ahi);
	res_range_span(b, &blo, &bhi);
	return alo <= bhi && blo <= ahi;
}

const char *res_range_words(struct pool *p, const struct res_range *r)
{
	if (r->kind == RES_INSERT)
		return r->from ? pool_printf(p, "after line %d", r->from) : "before line 1";
	if (r->from == r->to)
		return pool_printf(p, "line %d", r->from);
	return pool_printf(p, "lines %d–%d", r->from, r->to);
}

/* The paragraphs of the text being made. */
struct work {
	long long *id;
	char **text;
	size_t n, cap;
};

static void splice(struct work *w, size_t at, size_t drop, size_t add)
{
	if (w->n - drop + add > w->cap || !w->id) {
		w->cap = (w->n - drop + add) * 2 + 4;
		w->id = xrealloc(w->id, w->cap * sizeof(*w->id));
		w->text = xrealloc(w->text, w->cap * sizeof(*w->text));
	}
	size_t tail = w->n - at - drop;
	memmove(w->id + at + add, w->id + at + drop, tail * sizeof(*w->id));
	memmove(w->text + at + add, w->text + at + drop, tail * sizeof(*w->text));
	w->n = w->n - drop + add;
}

/* Splits canonical text into its paragraphs (in p): how many, into *out. */
static size_t pieces(struct pool *p, const char *canon, char ***out)
{
	size_t n = 0, cap = 4;
	char **v = pool_alloc(p, cap * sizeof(*v));
	char *s = pool_strdup(p, canon);
	while (*s) {
		char *brk = strstr(s, "\n\n");
		if (brk)
			*brk = '\0';
		v = pool_grow(p, v, n, &cap, sizeof(*v));
		v[n++] = s;
		s = brk ? brk + 2 : s + strlen(s);
	}
	*out = v;
	return n;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			return 0;
	return 1;
}

/* Replaces paragraphs at..last of w by the paragraphs of prefix + text + suffix. */
static int replace(struct work *w, struct pool *p, size_t at, size_t last, const char *prefix,
		   size_t plen, const char *text, const char *suffix, size_t slen,
		   long long *next_id, const char **why)
{
	struct buf joined = {0}, canon = {0};
	buf_put(&joined, prefix, plen);
	buf_puts(&joined, text);
	buf_put(&joined, suffix, slen);
	int rc = res_normalize(buf_str(&joined), joined.len, &canon, why);
	buf_free(&joined);
	if (rc < 0) {
		buf_free(&canon);
		return -1;
	}
	char **v;
	size_t k = pieces(p, buf_str(&canon), &v);
	buf_free(&canon);
	long long pid = w->id[at], qid = w->id[last];
	int used_p = 0, used_q = last == at;
	long long *ids = pool_alloc(p, (k + 1) * sizeof(*ids));
	memset(ids, 0, (k + 1) * sizeof(*ids));
	if (k && !blank(prefix, plen)) {
		ids[0] = pid;
		used_p = 1;
	}
	if (k && !blank(suffix, slen) && !used_q && (k > 1 || !used_p)) {
		ids[k - 1] = qid;
		used_q = 1;
	}
	for (size_t i = 0; i < k; i++) {
		if (ids[i])
			continue;
		if (!used_p)
			ids[i] = pid, used_p = 1;
		else if (!used_q)
			ids[i] = qid, used_q = 1;
		else
			ids[i] = (*next_id)++;
	}
	splice(w, at, last - at + 1, k);
	for (size_t i = 0; i < k; i++) {
		w->id[at + i] = ids[i];
		w->text[at + i] = v[i];
	}
	return 0;
}

/* Inserts the paragraphs of text before paragraph at, with new ids. */
static void insert(struct work *w, struct pool *p, size_t at, const char *text, long long *next_id)
{
	char **v;
	size_t k = pieces(p, text, &v);
	splice(w, at, 0, k);
	for (size_t i = 0; i < k; i++) {
		w->id[at + i] = (*next_id)++;
		w->text[at + i] = v[i];
	}
}

/* The changes' order from the last place in the text to the first (a few hundred at most). */
static void order_desc(const struct res_change *c, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		int lo, hi, olo;
		res_range_span(&c[i].range, &lo, &hi);
		size_t j = i;
		for (; j > 0; j--) {
			res_range_span(&c[order[j - 1]].range, &olo, &hi);
			if (olo >= lo)
				break;
			order[j] = order[j - 1];
		}
		order[j] = i;
	}
}

static int apply(struct work *w, struct pool *p, const struct res_doc *d,
		 const struct res_change *c, long long *next_id, const char **why)
{
	const struct res_range *r = &c->range;
	if (r->kind == RES_INSERT) {
		if (r->from == 0) {
			insert(w, p, 0, c->text, next_id);
			return 0;
		}
		const struct res_line *l = &d->lines[r->from - 1];
		const struct res_para *pp = &d->paras[l->para];
		size_t at = (size_t)l->para;
		if (r->from == pp->first + pp->nlines - 1) {
			insert(w, p, at + 1, c->text, next_id);
			return 0;
		}
		const char *t = w->text[at];
		struct buf mid = {0};
		buf_printf(&mid, " %s ", c->text);
		int rc = replace(w, p, at, at, t, l->end, buf_str(&mid), t + l->end,
				 strlen(t) - l->end, next_id, why);
		buf_free(&mid);
		return rc;
	}
	const struct res_line *la = &d->lines[r->from - 1], *lb = &d->lines[r->to - 1];
	size_t at = (size_t)la->para, last = (size_t)lb->para;
	const char *pt = w->text[at], *qt = w->text[last];
	return replace(w, p, at, last, pt, la->start, c->text, qt + lb->end, strlen(qt) - lb->end,
		       next_id, why);
}

int res_merge(const struct res_doc *d, const struct res_change *c, size_t n, long long *next_id,
	      struct buf *body, struct buf *ids, const char **why)
{
	for (size_t i = 0; i < n; i++) {
		const char *field;
		if (res_range_check(&c[i].range, (int)d->nlines, &field)) {
			*why = "An amendment's lines are not lines of the version it amends.";
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (res_ranges_collide(&c[i].range, &c[j].range)) {
				*why = "Two of the amendments change the same lines.";
				return -1;
			}
	}
	struct pool *p = pool_new();
	struct work w = {0};
	splice(&w, 0, 0, d->npara);
	for (size_t i = 0; i < d->npara; i++) {
		w.id[i] = d->paras[i].id;
		w.text[i] = pool_strndup(p, d->paras[i].text, d->paras[i].len);
	}
	size_t *order = xmalloc((n + 1) * sizeof(*order));
	order_desc(c, n, order);
	int rc = 0;
	long long first_new = *next_id;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = apply(&w, p, d, &c[order[i]], next_id, why);
	/* New ids were taken from the last change to the first: give them out again in the
	 * order the paragraphs come. */
	long long fresh = first_new;
	for (size_t i = 0; rc == 0 && i < w.n; i++)
		if (w.id[i] >= first_new)
			w.id[i] = fresh++;
	*next_id = fresh;
	size_t total = 0;
	for (size_t i = 0; rc == 0 && i < w.n; i++)
		total += strlen(w.text[i]) + 2;
	if (rc == 0 && w.n == 0) {
		*why = "The merged text would be empty.";
		rc = -1;
	} else if (rc == 0 && (total > RES_TEXT_MAX || w.n > RES_PARAS_MAX)) {
		*why = "The merged text would be longer than a resolution may be.";
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < w.n; i++) {
		buf_printf(body, "%s%s", i ? "\n\n" : "", w.text[i]);
		buf_printf(ids, "%s%lld", i ? " " : "", w.id[i]);
	}
	free(order);
	free(w.id);
	free(w.text);
	pool_free(p);
	return rc;
}
