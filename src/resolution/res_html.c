/* res_html: inline marks of a paragraph, paired once over the whole paragraph, written line by
 * line. */
#include "resolution/res_html.h"
#include "resolution/res_text.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/pool.h"

#include <string.h>

enum mark { M_ESC, M_CODE, M_EM_STAR, M_EM_UNDER, M_STRONG_STAR, M_STRONG_UNDER };

struct event {
	size_t pos, len;
	enum mark m;
	int open;  /* opens a span (else closes one; escapes neither) */
	int alive; /* a paired marker (or an escape) */
};

struct events {
	struct event *e;
	size_t n, cap;
	struct pool *p;
};

static size_t add(struct events *v, size_t pos, size_t len, enum mark m, int open, int alive)
{
	v->e = pool_grow(v->p, v->e, v->n, &v->cap, sizeof(*v->e));
	v->e[v->n] = (struct event){pos, len, m, open, alive};
	return v->n++;
}

static int word_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

static int ascii_punct(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !word_char(c);
}

/* Pairs the marks of t[from, n) into v, in the order of their positions. */
static void pair(const char *t, size_t from, size_t n, struct events *v)
{
	size_t stack[64];
	size_t depth = 0;
	size_t i = from;
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if (c == '\\' && i + 1 < n && ascii_punct((unsigned char)t[i + 1])) {
			add(v, i, 1, M_ESC, 0, 1);
			i += 2;
			continue;
		}
		size_t k = 1;
		while (i + k < n && t[i + k] == (char)c)
			k++;
		if (c == '`') {
			/* A code span ends at the next run of as many backticks; nothing inside it
			 * is a mark. Without one, the backticks are text. */
			size_t j = i + k, close = 0;
			while (j < n) {
				size_t r = 1;
				if (t[j] != '`') {
					j++;
					continue;
				}
				while (j + r < n && t[j + r] == '`')
					r++;
				if (r == k) {
					close = j;
					break;
				}
				j += r;
			}
			if (close) {
				add(v, i, k, M_CODE, 1, 1);
				add(v, close, k, M_CODE, 0, 1);
				i = close + k;
			} else {
				i += k;
			}
			continue;
		}
		if ((c != '*' && c != '_') || k > 2) {
			i += k;
			continue;
		}
		enum mark m = c == '*' ? (k == 1 ? M_EM_STAR : M_STRONG_STAR)
				       : (k == 1 ? M_EM_UNDER : M_STRONG_UNDER);
		unsigned char before = i > from ? (unsigned char)t[i - 1] : ' ';
		unsigned char after = i + k < n ? (unsigned char)t[i + k] : ' ';
		int can_open = after != ' ' && (c == '*' || !word_char(before));
		int can_close = before != ' ' && i > from && (c == '*' || !word_char(after));
		size_t at = depth;
		for (size_t s = depth; can_close && s-- > 0;)
			if (v->e[stack[s]].m == m) {
				at = s;
				break;
			}
		if (at < depth) {
			/* Openers above the one this closes stay text, so spans nest. */
			for (size_t s = at + 1; s < depth; s++)
				v->e[stack[s]].alive = 0;
			v->e[stack[at]].alive = 1;
			depth = at;
			add(v, i, k, m, 0, 1);
		} else if (can_open && depth < sizeof(stack) / sizeof(stack[0])) {
			stack[depth++] = add(v, i, k, m, 1, 0);
		}
		i += k;
	}
}

static const char *tag(enum mark m)
{
	return m == M_CODE ? "code" : m == M_EM_STAR || m == M_EM_UNDER ? "em" : "strong";
}

void res_para_html(const struct res_doc *d, size_t i, struct pool *p, const char **html)
{
	const struct res_para *para = &d->paras[i];
	const char *t = para->text;
	size_t marker;
	res_block_of(t, para->len, &marker);
	struct events v = {.p = p, .cap = 16};
	v.e = pool_alloc(p, v.cap * sizeof(*v.e));
	pair(t, marker, para->len, &v);
	enum mark open[64];
	size_t depth = 0, ev = 0, skip_to = marker;
	struct buf b = {0};
	for (int k = 0; k < para->nlines; k++) {
		const struct res_line *l = &d->lines[para->first - 1 + k];
		buf_reset(&b);
		for (size_t s = 0; s < depth; s++)
			buf_printf(&b, "<%s>", tag(open[s]));
		size_t pos = l->start > skip_to ? l->start : skip_to, run = pos;
		while (pos < l->end) {
			while (ev < v.n && (v.e[ev].pos < pos || !v.e[ev].alive))
				ev++;
			if (ev < v.n && v.e[ev].pos == pos) {
				esc_html(&b, t + run, pos - run);
				const struct event *e = &v.e[ev++];
				if (e->m != M_ESC && e->open) {
					buf_printf(&b, "<%s>", tag(e->m));
					if (depth < sizeof(open) / sizeof(open[0]))
						open[depth++] = e->m;
				} else if (e->m != M_ESC && depth) {
					buf_printf(&b, "</%s>", tag(e->m));
					depth--;
				}
				pos += e->len;
				run = pos;
				continue;
			}
			pos++;
		}
		if (run < l->end)
			esc_html(&b, t + run, l->end - run);
		/* A marker cut by a hard break goes on into the next line. */
		skip_to = pos > l->end ? pos : 0;
		for (size_t s = depth; s-- > 0;)
			buf_printf(&b, "</%s>", tag(open[s]));
		html[k] = pool_strdup(p, buf_str(&b));
	}
	buf_free(&b);
}
