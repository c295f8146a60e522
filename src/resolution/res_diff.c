/* res_diff: paragraphs matched by id with the line diff of util/diff.c, and changed paragraphs
 * compared word by word with the same diff over one word a line. */
#include "resolution/res_diff.h"
#include "resolution/res_text.h"
#include "util/buf.h"
#include "util/diff.h"
#include "util/escape.h"

#include <stdlib.h>
#include <string.h>

static void text(struct buf *out, enum res_diff_format f, const char *s, size_t n)
{
	if (f == RES_DIFF_HTML)
		esc_html(out, s, n);
	else
		buf_put(out, s, n);
}

static void open_mark(struct buf *out, enum res_diff_format f, enum diff_kind k)
{
	if (f == RES_DIFF_HTML)
		buf_puts(out, k == DIFF_DEL ? "<del>" : "<ins>");
	else
		buf_puts(out, k == DIFF_DEL ? "[-" : "{+");
}

static void close_mark(struct buf *out, enum res_diff_format f, enum diff_kind k)
{
	if (f == RES_DIFF_HTML)
		buf_puts(out, k == DIFF_DEL ? "</del>" : "</ins>");
	else
		buf_puts(out, k == DIFF_DEL ? "-]" : "+}");
}

/* Words of a canonical paragraph, one a line. */
static char *word_lines(const char *s, size_t n)
{
	char *w = malloc(n + 1);
	if (!w)
		return NULL;
	for (size_t i = 0; i < n; i++)
		w[i] = s[i] == ' ' ? '\n' : s[i];
	w[n] = '\0';
	return w;
}

/* The words of two paragraphs: runs of removed words, then of new ones, marked. */
static int words(struct buf *out, enum res_diff_format f, const struct res_para *a,
		 const struct res_para *b)
{
	char *wa = word_lines(a->text, a->len), *wb = word_lines(b->text, b->len);
	struct diff_line *d = NULL;
	size_t n = 0;
	int rc = wa && wb ? diff_lines(wa, a->len, wb, b->len, RES_DIFF_MAX_D, &d, &n) : -1;
	for (size_t i = 0; rc == 0 && i < n;) {
		if (i)
			buf_putc(out, ' ');
		if (d[i].kind == DIFF_SAME) {
			text(out, f, d[i].text, d[i].len);
			i++;
			continue;
		}
		/* A run of changes: what went, then what came. */
		size_t j = i;
		while (j < n && d[j].kind != DIFF_SAME)
			j++;
		for (int pass = 0; pass < 2; pass++) {
			enum diff_kind k = pass ? DIFF_ADD : DIFF_DEL;
			int any = 0;
			for (size_t x = i; x < j; x++) {
				if (d[x].kind != k)
					continue;
				if (!any) {
					if (pass && out->len && out->data[out->len - 1] != ' ')
						buf_putc(out, ' ');
					open_mark(out, f, k);
				} else {
					buf_putc(out, ' ');
				}
				any = 1;
				text(out, f, d[x].text, d[x].len);
			}
			if (any)
				close_mark(out, f, k);
		}
		i = j;
	}
	free(d);
	free(wa);
	free(wb);
	return rc;
}

static void para_open(struct buf *out, enum res_diff_format f, const char *kind,
		      const struct res_para *pp)
{
	if (f == RES_DIFF_HTML)
		buf_printf(out, "<div class=\"diff-para %s\" id=\"P%lld\"><p>", kind, pp->id);
	else
		buf_puts(out, kind[0] == 's'   ? "  "
			      : kind[0] == 'c' ? "~ "
			      : kind[0] == 'a' ? "+ "
					       : "- ");
}

static void para_close(struct buf *out, enum res_diff_format f)
{
	buf_puts(out, f == RES_DIFF_HTML ? "</p></div>\n" : "\n\n");
}

/* A whole paragraph, plain or marked as one removal or addition. */
static void whole(struct buf *out, enum res_diff_format f, const char *kind,
		  const struct res_para *pp, int mark, enum diff_kind k)
{
	para_open(out, f, kind, pp);
	if (mark)
		open_mark(out, f, k);
	text(out, f, pp->text, pp->len);
	if (mark)
		close_mark(out, f, k);
	para_close(out, f);
}

/* The paragraphs' ids, one a line. */
static void id_lines(const struct res_doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->npara; i++)
		buf_printf(out, "%lld\n", d->paras[i].id);
}

int res_diff(const struct res_doc *a, const struct res_doc *b, enum res_diff_format f,
	     struct buf *out)
{
	struct buf ia = {0}, ib = {0};
	id_lines(a, &ia);
	id_lines(b, &ib);
	struct diff_line *d = NULL;
	size_t n = 0;
	int rc = diff_lines(buf_str(&ia), ia.len, buf_str(&ib), ib.len, RES_DIFF_MAX_D, &d, &n);
	size_t x = 0, y = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (d[i].kind == DIFF_DEL) {
			whole(out, f, "removed", &a->paras[x++], 1, DIFF_DEL);
		} else if (d[i].kind == DIFF_ADD) {
			whole(out, f, "added", &b->paras[y++], 1, DIFF_ADD);
		} else {
			const struct res_para *pa = &a->paras[x++], *pb = &b->paras[y++];
			if (pa->len == pb->len && memcmp(pa->text, pb->text, pa->len) == 0) {
				whole(out, f, "same", pb, 0, DIFF_SAME);
				continue;
			}
			para_open(out, f, "changed", pb);
			rc = words(out, f, pa, pb);
			para_close(out, f);
		}
	}
	free(d);
	buf_free(&ia);
	buf_free(&ib);
	return rc;
}
