/* test_resolution: a resolution's canonical text, its line numbering on the fixed width, the
 * inline marks of its lines, amendment ranges and their collisions, and the merge. */
#include "resolution/res_diff.h"
#include "resolution/res_form.h"
#include "resolution/res_html.h"
#include "resolution/res_range.h"
#include "resolution/res_text.h"
#include "store/store_resolutions.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

static struct pool *p;

static void setup(void)
{
	p = pool_new();
}

static void teardown(void)
{
	pool_free(p);
}

TestSuite(resolution, .init = setup, .fini = teardown);

static const char *canon(const char *src)
{
	struct buf b = {0};
	const char *why = NULL;
	int n = res_normalize(src, strlen(src), &b, &why);
	cr_assert(n >= 0, "%s: %s", src, why);
	const char *s = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return s;
}

static struct res_doc doc(const char *src)
{
	struct res_doc d;
	cr_assert_eq(res_doc_make(p, canon(src), NULL, &d), 0);
	return d;
}

static const char *line(const struct res_doc *d, int k)
{
	struct buf b = {0};
	res_lines_text(d, k, k, &b);
	const char *s = pool_strndup(p, b.data, b.len - 1);
	buf_free(&b);
	return s;
}

/* n copies of a string. */
static const char *rep(const char *s, int n)
{
	struct buf b = {0};
	for (int i = 0; i < n; i++)
		buf_puts(&b, s);
	const char *r = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return r;
}

Test(resolution, canonical_paragraphs)
{
	cr_expect_str_eq(canon("One\ntwo  three\n\n\nFour\t five  \n"),
			 "One two three\n\nFour five");
	/* Blocks that start a paragraph of their own. */
	cr_expect_str_eq(canon("We ask:\n- more\n- better\n1. first\n2) second"),
			 "We ask:\n\n- more\n\n- better\n\n1. first\n\n2) second");
	cr_expect_str_eq(canon("## Aims\nThe text\ngoes on"), "## Aims\n\nThe text goes on");
	cr_expect_str_eq(canon("> a quote\n> goes on\nand on\n>\n> again"),
			 "> a quote goes on and on\n\n> again");
	/* Not blocks: no space after the marker, a hashtag, a number without a dot. */
	cr_expect_str_eq(canon("x\n-y\n#tag\n2026 was\n*emph*"), "x -y #tag 2026 was *emph*");
	cr_expect_str_eq(canon("a\r\nb\rc\r\n\r\nd"), "a b c\n\nd");
	cr_expect_str_eq(canon("   \n\n  "), "");
	/* The canonical form is a fixed point. */
	const char *once = canon("# T\n\nA  b\nc\n- d\n> e\n> f");
	cr_expect_str_eq(canon(once), once);
}

Test(resolution, refused_text)
{
	struct buf b = {0};
	const char *why = NULL;
	cr_expect_eq(res_normalize("a\x01z", 3, &b, &why), -1);
	cr_expect_str_eq(why, "holds a control character");
	cr_expect_eq(res_normalize("a\xff", 2, &b, &why), -1);
	cr_expect_str_eq(why, "is not valid UTF-8 text");
	cr_expect_eq(res_normalize("a\0b", 3, &b, &why), -1);
	buf_free(&b);
}

Test(resolution, lines_on_the_fixed_width)
{
	cr_assert_eq(RES_WIDTH, 80);
	/* 80 characters fit; an 81st moves the last word. */
	const char *s70 = rep("abcdefghi ", 7);
	struct res_doc d = doc(pool_printf(p, "%sabcdefghiX", s70));
	cr_expect_eq(d.nlines, 1);
	cr_expect_eq(utf8_chars(line(&d, 1), strlen(line(&d, 1))), 80);
	d = doc(pool_printf(p, "%sabcdefghiXY", s70));
	cr_expect_eq(d.nlines, 2);
	cr_expect_str_eq(line(&d, 1), pool_strndup(p, s70, 69));
	cr_expect_str_eq(line(&d, 2), "abcdefghiXY");
	/* A break at exactly 80: the space belongs to no line. */
	d = doc(pool_printf(p, "%s %s", rep("a", 80), "next"));
	cr_expect_eq(d.nlines, 2);
	cr_expect_str_eq(line(&d, 1), rep("a", 80));
	cr_expect_str_eq(line(&d, 2), "next");
	/* A word longer than a line is cut after 80 characters. */
	d = doc(rep("b", 200));
	cr_expect_eq(d.nlines, 3);
	cr_expect_str_eq(line(&d, 1), rep("b", 80));
	cr_expect_str_eq(line(&d, 3), rep("b", 40));
	/* Characters, not bytes: 80 two-byte letters are one line. */
	d = doc(rep("é", 80));
	cr_expect_eq(d.nlines, 1);
	d = doc(pool_printf(p, "%s %s", rep("é", 40), rep("ü", 40)));
	cr_expect_eq(d.nlines, 2);
	cr_expect_str_eq(line(&d, 2), rep("ü", 40));
}

Test(resolution, numbered_through_the_paragraphs)
{
	const char *long_para = rep("word ", 40); /* 200 characters: three lines */
	struct res_doc d = doc(pool_printf(p, "# Title\n\n%s\n\n- an item\n\nLast.", long_para));
	cr_assert_eq(d.npara, 4);
	cr_expect_eq(d.paras[0].first, 1);
	cr_expect_eq(d.paras[1].first, 2);
	cr_expect_eq(d.paras[1].nlines, 3);
	cr_expect_eq(d.paras[2].first, 5);
	cr_expect_eq(d.paras[3].first, 6);
	cr_expect_eq(d.nlines, 6);
	cr_expect_str_eq(line(&d, 2), pool_strndup(p, long_para, 79));
	cr_expect_str_eq(line(&d, 6), "Last.");
	cr_expect_eq(res_line_at(&d, 1, 0), 2);
	cr_expect_eq(res_line_at(&d, 1, 85), 3);
	cr_expect_eq(res_line_at(&d, 1, d.paras[1].len), 4);
	/* The same text gives the same lines, every time. */
	struct res_doc again =
	    doc(pool_printf(p, "# Title\n\n%s\n\n- an item\n\nLast.", long_para));
	cr_assert_eq(again.nlines, d.nlines);
	for (size_t k = 0; k < d.nlines; k++)
		cr_expect(again.lines[k].para == d.lines[k].para &&
			      again.lines[k].start == d.lines[k].start &&
			      again.lines[k].end == d.lines[k].end,
			  "line %zu", k + 1);
}

Test(resolution, paragraph_ids)
{
	struct res_doc d;
	cr_expect_eq(res_doc_make(p, "a\n\nb\n\nc", "4 9 2", &d), 0);
	cr_expect_eq(d.paras[1].id, 9);
	cr_expect_eq(res_doc_make(p, "a\n\nb", "4", &d), -1, "too few ids");
	cr_expect_eq(res_doc_make(p, "a\n\nb", "4 5 6", &d), -1, "too many ids");
	cr_expect_eq(res_doc_make(p, "a", "0", &d), -1, "ids are positive");
	cr_expect_eq(res_doc_make(p, "a", "x", &d), -1);
}

static const char *html_of(const char *src, int k)
{
	struct res_doc d = doc(src);
	const char **h = pool_alloc(p, 64 * sizeof(*h));
	int line_no = k;
	for (size_t i = 0; i < d.npara; i++) {
		if (line_no > d.paras[i].nlines) {
			line_no -= d.paras[i].nlines;
			continue;
		}
		res_para_html(&d, i, p, h);
		return h[line_no - 1];
	}
	return NULL;
}

Test(resolution, inline_marks_per_line)
{
	cr_expect_str_eq(html_of("We **insist** on *this* and `that` <b>", 1),
			 "We <strong>insist</strong> on <em>this</em> and <code>that</code> "
			 "&lt;b&gt;");
	/* A span cut by a line end is closed there and opened again on the next line. */
	const char *src = pool_printf(p, "**%s end** after", rep("bold ", 17));
	cr_expect_str_eq(html_of(src, 1), pool_printf(p, "<strong>%s</strong>",
						      pool_strndup(p, rep("bold ", 15), 74)));
	cr_expect_str_eq(html_of(src, 2), "<strong>bold bold end</strong> after");
	/* Unpaired marks, intra-word underscores and escapes stay as typed. */
	cr_expect_str_eq(html_of("a * b and snake_case_name and \\*not\\* and *open", 1),
			 "a * b and snake_case_name and *not* and *open");
	cr_expect_str_eq(html_of("_yes_ and `a *b* c`", 1),
			 "<em>yes</em> and <code>a *b* c</code>");
	/* Crossed marks nest: the inner opener stays text. */
	cr_expect_str_eq(html_of("*a **b* c**", 1), "<em>a **b</em> c**");
	/* A heading's marker is left out; a list item's stays. */
	cr_expect_str_eq(html_of("## The *aims*", 1), "The <em>aims</em>");
	cr_expect_str_eq(html_of("- one", 1), "- one");
	cr_expect_str_eq(html_of("> quoted", 1), "quoted");
}

static struct res_range R(enum res_kind k, int from, int to) {
	return (struct res_range){k, from, to};
}

Test(resolution, range_checks)
{
	const char *field;
	cr_expect_null(res_range_check(&(struct res_range){RES_REPLACE, 1, 3}, 3, &field));
	cr_expect_not_null(res_range_check(&(struct res_range){RES_REPLACE, 0, 3}, 3, &field));
	cr_expect_str_eq(field, "from");
	cr_expect_not_null(res_range_check(&(struct res_range){RES_DELETE, 2, 4}, 3, &field));
	cr_expect_str_eq(field, "to");
	cr_expect_not_null(res_range_check(&(struct res_range){RES_DELETE, 3, 2}, 3, &field));
	cr_expect_null(res_range_check(&(struct res_range){RES_INSERT, 0, 0}, 3, &field));
	cr_expect_null(res_range_check(&(struct res_range){RES_INSERT, 3, 3}, 3, &field));
	cr_expect_not_null(res_range_check(&(struct res_range){RES_INSERT, 4, 4}, 3, &field));
	cr_expect_str_eq(field, "after");
	cr_expect_not_null(res_range_check(&(struct res_range){RES_INSERT, 1, 2}, 3, &field));
}

Test(resolution, range_arithmetic)
{
	int lo, hi;
	res_range_span(&(struct res_range){RES_REPLACE, 3, 5}, &lo, &hi);
	cr_expect(lo == 6 && hi == 10);
	res_range_span(&(struct res_range){RES_INSERT, 4, 4}, &lo, &hi);
	cr_expect(lo == 9 && hi == 9);
	struct {
		struct res_range a, b;
		int collide;
	} cases[] = {
	    {R(RES_REPLACE, 3, 5), R(RES_REPLACE, 5, 7), 1}, /* one line in common */
	    {R(RES_REPLACE, 3, 5), R(RES_DELETE, 6, 7), 0},  /* next to each other */
	    {R(RES_REPLACE, 3, 5), R(RES_DELETE, 1, 2), 0},
	    {R(RES_REPLACE, 3, 5), R(RES_DELETE, 4, 4), 1}, /* inside */
	    {R(RES_REPLACE, 2, 9), R(RES_DELETE, 4, 5), 1}, /* around */
	    {R(RES_REPLACE, 3, 5), R(RES_INSERT, 4, 4), 1}, /* between two changed lines */
	    {R(RES_REPLACE, 3, 5), R(RES_INSERT, 5, 5), 0}, /* right after them */
	    {R(RES_REPLACE, 3, 5), R(RES_INSERT, 2, 2), 0}, /* right before them */
	    {R(RES_INSERT, 2, 2), R(RES_INSERT, 2, 2), 1},  /* the same place */
	    {R(RES_INSERT, 2, 2), R(RES_INSERT, 3, 3), 0},
	    {R(RES_INSERT, 0, 0), R(RES_REPLACE, 1, 1), 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(res_ranges_collide(&cases[i].a, &cases[i].b), cases[i].collide,
			     "case %zu", i);
		cr_expect_eq(res_ranges_collide(&cases[i].b, &cases[i].a), cases[i].collide,
			     "case %zu reversed", i);
	}
	cr_expect_str_eq(res_range_words(p, &(struct res_range){RES_REPLACE, 3, 5}), "lines 3–5");
	cr_expect_str_eq(res_range_words(p, &(struct res_range){RES_DELETE, 3, 3}), "line 3");
	cr_expect_str_eq(res_range_words(p, &(struct res_range){RES_INSERT, 0, 0}),
			 "before line 1");
	cr_expect_str_eq(res_range_words(p, &(struct res_range){RES_INSERT, 7, 7}), "after line 7");
}

/* Merges changes into src (ids 1..n, the next new id 100): the new body and ids. */
static int merge(const char *src, const struct res_change *c, size_t n, const char **body,
		 const char **ids)
{
	struct res_doc d = doc(src);
	struct buf b = {0}, i = {0};
	long long next = 100;
	const char *why = NULL;
	int rc = res_merge(&d, c, n, &next, &b, &i, &why);
	*body = pool_strdup(p, buf_str(&b));
	*ids = rc == 0 ? pool_strdup(p, buf_str(&i)) : why;
	buf_free(&b);
	buf_free(&i);
	return rc;
}

Test(resolution, merge_within_a_paragraph)
{
	/* Paragraph 2 has three lines: 2, 3 and 4. */
	const char *l2 = rep("two ", 20), *l3 = rep("tri ", 20), *l4 = "four";
	const char *src = pool_printf(p, "One.\n\n%s%s%s\n\nFive.", l2, l3, l4);
	const char *body, *ids;
	struct res_change c[] = {{R(RES_REPLACE, 3, 3), "THREE"}};
	cr_assert_eq(merge(src, c, 1, &body, &ids), 0, "%s", ids);
	cr_expect_str_eq(body, pool_printf(p, "One.\n\n%sTHREE four\n\nFive.", l2));
	cr_expect_str_eq(ids, "1 2 3", "a changed paragraph keeps its id");
	struct res_change del[] = {{R(RES_DELETE, 2, 3), ""}};
	cr_assert_eq(merge(src, del, 1, &body, &ids), 0);
	cr_expect_str_eq(body, "One.\n\nfour\n\nFive.");
	cr_expect_str_eq(ids, "1 2 3");
	/* Two changes in one paragraph, given in any order. */
	struct res_change two[] = {{R(RES_REPLACE, 4, 4), "FOUR"}, {R(RES_REPLACE, 2, 2), "TWO"}};
	cr_assert_eq(merge(src, two, 2, &body, &ids), 0);
	cr_expect_str_eq(body, pool_printf(p, "One.\n\nTWO %sFOUR\n\nFive.", l3));
}

Test(resolution, merge_inserts)
{
	const char *src = pool_printf(p, "One.\n\n%send\n\nThree.", rep("two ", 20));
	const char *body, *ids;
	/* After the last line of a paragraph: new paragraphs with new ids. */
	struct res_change after[] = {{R(RES_INSERT, 1, 1), "New one.\n\nNew two."}};
	cr_assert_eq(merge(src, after, 1, &body, &ids), 0);
	cr_expect_str_eq(body, pool_printf(p, "One.\n\nNew one.\n\nNew two.\n\n%send\n\nThree.",
					   rep("two ", 20)));
	cr_expect_str_eq(ids, "1 100 101 2 3");
	/* Inside a paragraph: into it, at the line end. */
	struct res_change inside[] = {{R(RES_INSERT, 2, 2), "more"}};
	cr_assert_eq(merge(src, inside, 1, &body, &ids), 0);
	cr_expect_str_eq(body, pool_printf(p, "One.\n\n%smore end\n\nThree.", rep("two ", 20)));
	cr_expect_str_eq(ids, "1 2 3");
	/* Before everything, and at the end. */
	struct res_change ends[] = {{R(RES_INSERT, 4, 4), "Last."},
				    {R(RES_INSERT, 0, 0), "First."}};
	cr_assert_eq(merge(src, ends, 2, &body, &ids), 0);
	cr_expect_str_eq(ids, "100 1 2 3 101");
	cr_expect(strncmp(body, "First.\n\nOne.", 12) == 0);
}

Test(resolution, merge_across_paragraphs)
{
	const char *src = "One.\n\nTwo.\n\nThree.\n\nFour.";
	const char *body, *ids;
	struct res_change c[] = {{R(RES_REPLACE, 2, 3), "Two and three."}};
	cr_assert_eq(merge(src, c, 1, &body, &ids), 0);
	cr_expect_str_eq(body, "One.\n\nTwo and three.\n\nFour.");
	cr_expect_str_eq(ids, "1 2 4", "the first paragraph's id, the other's retired");
	struct res_change split[] = {{R(RES_REPLACE, 2, 3), "A.\n\nB.\n\nC."}};
	cr_assert_eq(merge(src, split, 1, &body, &ids), 0);
	cr_expect_str_eq(ids, "1 2 3 100 4");
	struct res_change gone[] = {{R(RES_DELETE, 1, 4), ""}};
	cr_expect_eq(merge(src, gone, 1, &body, &ids), -1);
	cr_expect_str_eq(ids, "The merged text would be empty.");
	struct res_change clash[] = {{R(RES_DELETE, 1, 2), ""}, {R(RES_REPLACE, 2, 2), "x"}};
	cr_expect_eq(merge(src, clash, 2, &body, &ids), -1);
	struct res_change outside[] = {{R(RES_DELETE, 4, 5), ""}};
	cr_expect_eq(merge(src, outside, 1, &body, &ids), -1);
}

Test(resolution, merged_text_is_canonical)
{
	const char *body, *ids;
	struct res_change c[] = {{R(RES_REPLACE, 1, 1), "We  say\nthis"}};
	/* Callers pass canonical text; the merge makes it so anyway. */
	cr_assert_eq(merge("x\n\ny", c, 1, &body, &ids), 0);
	cr_expect_str_eq(body, "We say this\n\ny");
	cr_expect_str_eq(canon(body), body);
}

static const char *diff(const char *a, const char *a_ids, const char *b, const char *b_ids,
			enum res_diff_format f)
{
	struct res_doc da, db;
	cr_assert_eq(res_doc_make(p, a, a_ids, &da), 0);
	cr_assert_eq(res_doc_make(p, b, b_ids, &db), 0);
	struct buf out = {0};
	cr_assert_eq(res_diff(&da, &db, f, &out), 0);
	const char *s = pool_strdup(p, buf_str(&out));
	buf_free(&out);
	return s;
}

Test(resolution, diff_by_paragraph_and_word)
{
	const char *t =
	    diff("We call for a fair wage now.\n\nGone.\n\nSame.", "1 2 3",
		 "We call for a living wage now.\n\nSame.\n\nNew.", "1 3 4", RES_DIFF_TEXT);
	cr_expect(strstr(t, "~ We call for a [-fair-] {+living+} wage now.\n\n") == t, "%s", t);
	cr_expect(strstr(t, "- [-Gone.-]\n\n") != NULL, "%s", t);
	cr_expect(strstr(t, "  Same.\n\n") != NULL, "%s", t);
	cr_expect(strstr(t, "+ {+New.+}\n\n") != NULL, "%s", t);
	const char *h = diff("a <b> c", "1", "a <i> c", "1", RES_DIFF_HTML);
	cr_expect_str_eq(h, "<div class=\"diff-para changed\" id=\"P1\"><p>a <del>&lt;b&gt;</del> "
			    "<ins>&lt;i&gt;</ins> c</p></div>\n");
	/* The same id with the same text is unchanged, wherever the words are. */
	cr_expect_str_eq(diff("x\n\ny", "5 6", "x\n\ny", "5 6", RES_DIFF_TEXT), "  x\n\n  y\n\n");
}

/* Fields for the form readers: pairs of key and value, NULL-ended. */
static const char *fields_get(void *ud, const char *key, size_t i)
{
	const char *const *kv = ud;
	for (size_t k = 0; kv[k]; k += 2)
		if (strcmp(kv[k], key) == 0 && i-- == 0)
			return kv[k + 1];
	return NULL;
}

Test(resolution, amendment_form)
{
	struct res_amend_in a;
	struct res_error e;
	const char *ok[] = {"version", "2",	     "kind", "replace", "from",
			    "3",       "to",	     "5",    "text",	"New  words\nhere",
			    "reason",  " Because. ", NULL};
	cr_assert_eq(res_amend_read(fields_get, (void *)ok, p, &a, &e), 0, "%s", e.message);
	cr_expect(a.version == 2 && a.range.kind == RES_REPLACE && a.range.from == 3 &&
		  a.range.to == 5 && a.branch_id == 0);
	cr_expect_str_eq(a.text, "New words here");
	cr_expect_str_eq(a.reason, "Because.");
	const char *ins[] = {"version", "1",	  "kind", "insert", "after", "0", "text",
			     "First.",	"reason", "r",	  "as",	    "7",     NULL};
	cr_assert_eq(res_amend_read(fields_get, (void *)ins, p, &a, &e), 0);
	cr_expect(a.range.from == 0 && a.range.to == 0 && a.branch_id == 7);
	const struct {
		const char *const *kv;
		const char *field;
	} bad[] = {
	    {(const char *[]){"kind", "replace", "from", "1", "text", "x", "reason", "r", NULL},
	     "version"},
	    {(const char *[]){"version", "1", "kind", "swap", NULL}, "kind"},
	    {(const char *[]){"version", "1", "kind", "replace", "from", "0", NULL}, "from"},
	    {(const char *[]){"version", "1", "kind", "replace", "from", "4", "to", "3", NULL},
	     "to"},
	    {(const char *[]){"version", "1", "kind", "insert", "after", "-1", NULL}, "after"},
	    {(const char *[]){"version", "1", "kind", "delete", "from", "2", "text", "x", "reason",
			      "r", NULL},
	     "text"},
	    {(const char *[]){"version", "1", "kind", "replace", "from", "2", "text", " ", "reason",
			      "r", NULL},
	     "text"},
	    {(const char *[]){"version", "1", "kind", "replace", "from", "2", "text", "x", NULL},
	     "reason"},
	    {(const char *[]){"version", "1", "kind", "replace", "from", "2", "text", "x", "reason",
			      "r", "as", "x", NULL},
	     "as"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(res_amend_read(fields_get, (void *)bad[i].kv, p, &a, &e), -1,
			     "case %zu", i);
		cr_expect_str_eq(e.field, bad[i].field, "case %zu", i);
	}
}

Test(resolution, amendment_numbers)
{
	int *v;
	size_t n;
	struct res_error e;
	const char *kv[] = {"amendment[]",   "12", "amendment[]", "3", "amendments",
			    "3 5, A7 9-x11", NULL};
	cr_expect_eq(res_pick_read(fields_get, (void *)kv, p, &v, &n, &e), -1, "9-x11 is no range");
	const char *good[] = {"amendment[]",   "12", "amendment[]", "3", "amendments",
			      "3 5, A7 9-A11", NULL};
	cr_assert_eq(res_pick_read(fields_get, (void *)good, p, &v, &n, &e), 0);
	int want[] = {3, 5, 7, 9, 10, 11, 12};
	cr_assert_eq(n, 7);
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(v[i], want[i]);
	const char *many[] = {"amendments", "1-1001", NULL};
	cr_expect_eq(res_pick_read(fields_get, (void *)many, p, &v, &n, &e), -1);
	cr_expect_str_eq(e.field, "amendments");
}

Test(resolution, decision_form)
{
	struct res_decide_in d;
	struct res_error e;
	const char *ok[] = {
	    "branch",  "4",	     "version",	   "1",	  "outcome", "adopted-with-amendments",
	    "date",    "2026-03-01", "for",	   "12",  "against", "",
	    "abstain", "0",	     "amendments", "2 5", NULL};
	cr_assert_eq(res_decide_read(fields_get, (void *)ok, p, &d, &e), 0, "%s", e.message);
	cr_expect(d.branch_id == 4 && d.outcome == OUTCOME_AMENDED && d.votes_for == 12 &&
		  d.votes_against == RES_NO_VOTES && d.votes_abstain == 0 && d.namendments == 2);
	const char *none[] = {"branch", "4",	      "version",
			      "1",	"outcome",    "adopted-with-amendments",
			      "date",	"2026-03-01", NULL};
	cr_expect_eq(res_decide_read(fields_get, (void *)none, p, &d, &e), -1);
	cr_expect_str_eq(e.field, "amendments");
	const char *extra[] = {"branch", "4",	       "version",    "1", "outcome", "rejected",
			       "date",	 "2026-03-01", "amendments", "2", NULL};
	cr_expect_eq(res_decide_read(fields_get, (void *)extra, p, &d, &e), -1);
	cr_expect_str_eq(e.field, "amendments");
	const char *date[] = {"branch",	  "4",	  "version",	"1", "outcome",
			      "rejected", "date", "2026-02-30", NULL};
	cr_expect_eq(res_decide_read(fields_get, (void *)date, p, &d, &e), -1);
	cr_expect_str_eq(e.field, "date");
	const char *votes[] = {"branch", "4",	       "version", "1",	"outcome", "deferred",
			       "date",	 "2026-02-03", "for",	  "-3", NULL};
	cr_expect_eq(res_decide_read(fields_get, (void *)votes, p, &d, &e), -1);
	cr_expect_str_eq(e.field, "for");
}
