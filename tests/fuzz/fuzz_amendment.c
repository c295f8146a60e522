/* fuzz_amendment: a resolution's text and amendments against it: the canonical form and its
 * numbered lines, the lines' HTML, the ranges checked and collided, the merge of the ones that
 * do not collide; and the amendment and decision forms read from fields as the PostProcessor
 * hands them in. */
#include "req/form.h"
#include "resolution/res_form.h"
#include "resolution/res_html.h"
#include "resolution/res_range.h"
#include "resolution/res_text.h"
#include "store/store_resolutions.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CHANGES 16

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The canonical form is a fixed point, and every line of it fits and belongs. */
static void check_doc(struct pool *p, const char *canon, struct res_doc *d)
{
	struct buf again = {0};
	const char *why;
	if (res_normalize(canon, strlen(canon), &again, &why) < 0 || strcmp(buf_str(&again), canon))
		abort();
	buf_free(&again);
	if (res_doc_make(p, canon, NULL, d) != 0)
		abort();
	int line = 1;
	for (size_t i = 0; i < d->npara; i++) {
		const struct res_para *pp = &d->paras[i];
		if (pp->first != line || pp->nlines < 1 || !pp->len)
			abort();
		size_t pos = 0;
		for (int k = 0; k < pp->nlines; k++, line++) {
			const struct res_line *l = &d->lines[line - 1];
			if ((size_t)l->para != i || l->start != pos || l->end < l->start ||
			    l->end > pp->len ||
			    utf8_chars(pp->text + l->start, l->end - l->start) > RES_WIDTH)
				abort();
			/* The next line starts right after this one, or after the one space
			 * between. */
			pos = l->end < pp->len && pp->text[l->end] == ' ' ? l->end + 1 : l->end;
		}
		if (pos != pp->len)
			abort();
		const char **html = pool_alloc(p, (size_t)pp->nlines * sizeof(*html));
		res_para_html(d, i, p, html);
		for (int k = 0; k < pp->nlines; k++) {
			const char *h = html[k];
			if (!utf8_valid(h, strlen(h), NULL) || strstr(h, "<script") ||
			    count(h, "<em>") != count(h, "</em>") ||
			    count(h, "<strong>") != count(h, "</strong>") ||
			    count(h, "<code>") != count(h, "</code>"))
				abort();
		}
	}
	if ((size_t)line - 1 != d->nlines)
		abort();
}

/* Ranges read from the input, the non-colliding ones merged. */
static void check_merge(struct pool *p, const struct res_doc *d, const uint8_t *in, size_t n)
{
	struct res_change c[MAX_CHANGES];
	size_t nc = 0;
	for (size_t i = 0; i + 6 <= n && nc < MAX_CHANGES;) {
		struct res_range r = {(enum res_kind)(in[i] % 4), (in[i + 1] << 8 | in[i + 2]) % 64,
				      (in[i + 3] << 8 | in[i + 4]) % 64};
		size_t tl = in[i + 5] % 32;
		i += 6;
		if (tl > n - i)
			tl = n - i;
		if (r.kind == RES_INSERT)
			r.to = r.from;
		const char *field;
		const char *bad = res_range_check(&r, (int)d->nlines, &field);
		if (bad ? !field : (r.kind > RES_DELETE))
			abort();
		int collides = 0;
		for (size_t k = 0; k < nc; k++) {
			if (res_ranges_collide(&r, &c[k].range) !=
			    res_ranges_collide(&c[k].range, &r))
				abort(); /* collisions are symmetric */
			collides |= res_ranges_collide(&r, &c[k].range);
		}
		struct buf t = {0};
		const char *why;
		int ok =
		    !bad && !collides && res_normalize((const char *)in + i, tl, &t, &why) >= 0;
		if (ok) {
			c[nc].range = r;
			c[nc++].text = r.kind == RES_DELETE ? "" : pool_strdup(p, buf_str(&t));
		}
		buf_free(&t);
		i += tl;
	}
	long long next = 1000;
	struct buf body = {0}, ids = {0};
	const char *why = NULL;
	if (res_merge(d, c, nc, &next, &body, &ids, &why) == 0) {
		struct res_doc m;
		/* The new text is canonical, and every paragraph has its own id. */
		check_doc(p, buf_str(&body), &m);
		if (res_doc_make(p, buf_str(&body), buf_str(&ids), &m) != 0)
			abort();
		for (size_t i = 0; i < m.npara; i++)
			for (size_t k = 0; k < i; k++)
				if (m.paras[i].id == m.paras[k].id)
					abort();
	} else if (!why) {
		abort();
	}
	buf_free(&body);
	buf_free(&ids);
}

static const char *form_get_i(void *ud, const char *key, size_t i)
{
	const struct form *f = ud;
	for (size_t k = 0; k < f->n; k++)
		if (strcmp(f->field[k].key, key) == 0 && i-- == 0)
			return buf_str(&f->field[k].value);
	return NULL;
}

/* The amendment form, fed in chunks as the PostProcessor does. */
static void check_form(struct pool *p, const uint8_t *in, size_t n)
{
	static const char *const keys[] = {
	    "version", "kind", "from",	      "to",	    "after",  "text",
	    "reason",  "as",   "amendment[]", "amendments", "branch", "outcome",
	    "date",    "for",  "against",     "abstain",    "note"};
	struct form f;
	form_init(&f, NULL, 0, 65536);
	for (size_t i = 0; i + 2 <= n;) {
		const char *key = keys[in[i] % (sizeof(keys) / sizeof(keys[0]))];
		size_t len = in[i + 1];
		i += 2;
		if (len > n - i)
			len = n - i;
		size_t off;
		form_get_len(&f, key, &off);
		form_add(&f, key, NULL, (const char *)in + i, off, len);
		i += len;
	}
	if (!form_bad_text(&f)) {
		struct res_amend_in a;
		struct res_error e;
		if (res_amend_read(form_get_i, &f, p, &a, &e) == 0) {
			if (a.version < 1 || a.range.from < 0 || a.range.to < a.range.from ||
			    strlen(a.text) > RES_AMEND_TEXT_MAX ||
			    strlen(a.reason) > RES_AMEND_REASON_MAX || !*a.reason ||
			    (a.range.kind == RES_DELETE) != !*a.text)
				abort();
		} else if (!e.field || !e.message) {
			abort();
		}
		struct res_decide_in d;
		if (res_decide_read(form_get_i, &f, p, &d, &e) == 0) {
			if (d.branch_id < 1 || d.version < 1 || d.outcome < 0 || d.outcome > 3 ||
			    !res_date_ok(d.date) || strlen(d.note) > RES_NOTE_MAX ||
			    d.votes_for > RES_VOTES_MAX || d.votes_against > RES_VOTES_MAX ||
			    d.votes_abstain > RES_VOTES_MAX || d.votes_for < RES_NO_VOTES ||
			    (d.outcome == 1) != (d.namendments > 0))
				abort();
		} else if (!e.field || !e.message) {
			abort();
		}
		int *pick;
		size_t np;
		if (res_pick_read(form_get_i, &f, p, &pick, &np, &e) == 0)
			for (size_t k = 1; k < np; k++)
				if (pick[k] <= pick[k - 1] || np > RES_PICK_MAX)
					abort();
	}
	form_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Input: a one-byte mode, then [text length][text][ranges...] or form records. */
	if (size < 2)
		return 0;
	struct pool *p = pool_new();
	if (data[0] & 1) {
		check_form(p, data + 1, size - 1);
	} else {
		size_t tl = data[1] * 4u;
		if (tl > size - 2)
			tl = size - 2;
		struct buf canon = {0};
		const char *why;
		if (res_normalize((const char *)data + 2, tl, &canon, &why) >= 0) {
			struct res_doc d;
			check_doc(p, buf_str(&canon), &d);
			check_merge(p, &d, data + 2 + tl, size - 2 - tl);
		}
		buf_free(&canon);
	}
	pool_free(p);
	return 0;
}
