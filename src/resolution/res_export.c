/* res_export: a resolution as plain text, for /resolutions/SLUG.txt and `resolution show`: the
 * lines numbered as on the page and the branches' decisions as a table. */
#include "resolution/res_range.h"
#include "resolution/resolution.h"
#include "store/store.h"
#include "store/store_members.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* s padded with spaces to width characters (never cut). */
static void cell(struct buf *out, const char *s, size_t width)
{
	size_t n = utf8_chars(s, strlen(s));
	buf_puts(out, s);
	for (; n < width; n++)
		buf_putc(out, ' ');
}

static size_t chars(const char *s)
{
	return utf8_chars(s, strlen(s));
}

static const char *votes(struct pool *p, long long v)
{
	return v == RES_NO_VOTES ? "–" : pool_printf(p, "%lld", v);
}

/* Text that may hold line ends, each line indented. */
static void indented(struct buf *out, const char *indent, const char *s)
{
	while (*s) {
		size_t k = strcspn(s, "\n");
		buf_printf(out, "%s%.*s\n", indent, (int)k, s);
		s += k + (s[k] == '\n');
	}
}

static void decisions(struct res_ctx *c, struct buf *out, const struct res_branch_decision *t,
		      size_t n)
{
	static const char *const head[] = {"Branch", "Decision", "Version",   "Date",
					   "For",    "Against",	 "Abstaining"};
	const char ***cells = pool_alloc(c->p, (n + 1) * sizeof(*cells));
	size_t w[7];
	for (int k = 0; k < 7; k++)
		w[k] = chars(head[k]);
	for (size_t i = 0; i < n; i++) {
		const struct res_decision_row *d = t[i].current;
		const char **row = pool_alloc(c->p, 7 * sizeof(*row));
		row[0] = t[i].branch->name;
		row[1] = d ? res_decision_words(c->p, d) : "no decision yet";
		row[2] = d ? pool_printf(c->p, "%d", d->version) : "";
		row[3] = d ? d->decided_on : "";
		row[4] = d ? votes(c->p, d->votes_for) : "";
		row[5] = d ? votes(c->p, d->votes_against) : "";
		row[6] = d ? votes(c->p, d->votes_abstain) : "";
		for (int k = 0; k < 7; k++)
			if (chars(row[k]) > w[k])
				w[k] = chars(row[k]);
		cells[i] = row;
	}
	buf_puts(out, "Decisions of the branches\n\n");
	if (n == 0) {
		buf_puts(out, "This press has no branches yet.\n");
		return;
	}
	for (size_t i = 0; i <= n; i++) {
		const char *const *row = i ? cells[i - 1] : head;
		for (int k = 0; k < 7; k++) {
			if (k)
				buf_puts(out, "  ");
			cell(out, row[k], k == 6 ? 0 : w[k]);
		}
		while (out->len && out->data[out->len - 1] == ' ')
			out->len--;
		buf_putc(out, '\n');
	}
	for (size_t i = 0; i < n; i++) {
		const struct res_decision_row *d = t[i].current;
		if (d && *d->note)
			buf_printf(out, "\nNote of %s: %s\n", t[i].branch->name, d->note);
		for (size_t k = 0; d && k < t[i].nearlier; k++) {
			const struct res_decision_row *e = t[i].earlier[k];
			const struct res_decision_row *by =
			    k + 1 < t[i].nearlier ? t[i].earlier[k + 1] : d;
			char day[32];
			iso_day_format(by->recorded_at, day);
			buf_printf(out,
				   "\n%s corrected its record on %s; before, it read: %s, version "
				   "%d, %s.\n",
				   t[i].branch->name, day, res_decision_words(c->p, e), e->version,
				   e->decided_on);
		}
	}
}

static void amendments(struct res_ctx *c, struct buf *out, long long id, int version)
{
	struct res_amendment_row *a;
	size_t n;
	if (store_res_amendments(c->s, c->p, id, version, &a, &n) != 0 || n == 0)
		return;
	buf_printf(out, "Amendments to version %d\n\n", version);
	for (size_t i = 0; i < n; i++) {
		struct res_range r = {(enum res_kind)a[i].kind, a[i].from, a[i].to};
		const char *who = a[i].branch_id
				      ? pool_printf(c->p, "the branch %s", a[i].branch_name)
				      : res_member_words(c, a[i].member_id);
		buf_printf(out, "A%d  %s %s, by %s: %s", a[i].n, res_kind_name(r.kind),
			   res_range_words(c->p, &r), who, res_amend_state_name(a[i].state));
		if (a[i].into)
			buf_printf(out, " (version %d)", a[i].into);
		buf_putc(out, '\n');
		if (*a[i].text) {
			buf_puts(out, "    New text:\n");
			indented(out, "      ", a[i].text);
		}
		buf_puts(out, "    Reason:\n");
		indented(out, "      ", a[i].reason);
		buf_putc(out, '\n');
	}
}

int res_export_text(struct res_ctx *c, const struct res_row *r, int n, const char *site_title,
		    const char *url, struct buf *out)
{
	struct res_version_row v;
	struct res_doc d;
	int rc = res_version_doc(c, r->id, n ? n : r->current, &v, &d);
	if (rc != 0)
		return rc;
	char day[32];
	iso_day_format(r->circulated, day);
	buf_printf(out, "%s\n", r->title);
	for (size_t i = chars(r->title); i > 0; i--)
		buf_putc(out, '=');
	buf_printf(out, "\n\nA model resolution of %s%s\n%s\n\n", site_title,
		   r->visibility ? ", for members only" : "", url);
	buf_printf(out, "Version %d of %d (%s); circulated on %s", v.n, r->current,
		   v.n == r->current ? res_state_name(r->state) : "replaced", day);
	if (*r->deadline)
		buf_printf(out, "; deadline %s", r->deadline);
	buf_puts(out, ".\n\n");
	if (*r->reason) {
		buf_puts(out, "Reason\n\n");
		indented(out, "", r->reason);
		buf_putc(out, '\n');
	}
	buf_printf(out, "Text of version %d (lines of at most %d characters)\n\n", v.n, RES_WIDTH);
	int width = snprintf(NULL, 0, "%zu", d.nlines);
	for (size_t i = 0; i < d.npara; i++) {
		const struct res_para *pp = &d.paras[i];
		for (int k = 0; k < pp->nlines; k++) {
			const struct res_line *l = &d.lines[pp->first - 1 + k];
			buf_printf(out, "%*d  %.*s\n", width, pp->first + k,
				   (int)(l->end - l->start), pp->text + l->start);
		}
		buf_putc(out, '\n');
	}
	amendments(c, out, r->id, v.n);
	struct res_branch_decision *t;
	size_t nt;
	if (res_decision_table(c, r->id, &t, &nt) != 0)
		return -1;
	decisions(c, out, t, nt);
	return 0;
}
