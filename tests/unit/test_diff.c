/* test_diff: the line diff behind revision comparisons: shortest scripts, bounds, edges. */
#include "util/buf.h"
#include "util/diff.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* The script as text: " x" same, "-x" deleted, "+x" added, one per line. */
static char *script(const char *a, const char *b, int max_d)
{
	static struct buf out;
	struct diff_line *d;
	size_t n;
	buf_reset(&out);
	cr_assert_eq(diff_lines(a, strlen(a), b, strlen(b), max_d, &d, &n), 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&out, "%c%.*s\n", " -+"[d[i].kind], (int)d[i].len, d[i].text);
	free(d);
	return out.data ? out.data : "";
}

Test(diff, equal_and_empty)
{
	cr_expect_str_eq(script("a\nb\n", "a\nb\n", 100), " a\n b\n");
	cr_expect_str_eq(script("", "", 100), "");
	cr_expect_str_eq(script("", "x\ny\n", 100), "+x\n+y\n");
	cr_expect_str_eq(script("x\ny", "", 100), "-x\n-y\n");
}

Test(diff, change_in_the_middle)
{
	cr_expect_str_eq(script("a\nb\nc\nd\n", "a\nB\nc\nd\n", 100), " a\n-b\n+B\n c\n d\n");
	cr_expect_str_eq(script("a\nb\nc\n", "a\nc\n", 100), " a\n-b\n c\n");
	cr_expect_str_eq(script("a\nc\n", "a\nb\nc\n", 100), " a\n+b\n c\n");
}

Test(diff, shortest_script)
{
	/* The classic example: ABCABBA against CBABAC takes 5 edits. */
	const char *s = script("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n", 100);
	int edits = 0, same = 0;
	for (const char *c = s; *c; c = strchr(c, '\n') + 1) {
		edits += *c != ' ';
		same += *c == ' ';
	}
	cr_expect_eq(edits, 5, "%s", s);
	cr_expect_eq(same, 4, "%s", s);
}

Test(diff, bound_gives_whole_middle)
{
	cr_expect_str_eq(script("h\na\nb\nt\n", "h\nx\ny\nt\n", 1), " h\n-a\n-b\n+x\n+y\n t\n");
}

Test(diff, last_line_without_newline)
{
	cr_expect_str_eq(script("a\nb", "a\nb\n", 100), " a\n b\n");
	cr_expect_str_eq(script("a\nb", "a\nc", 100), " a\n-b\n+c\n");
}

Test(diff, long_texts_with_one_change)
{
	struct buf a = {0}, b = {0};
	for (int i = 0; i < 5000; i++) {
		buf_printf(&a, "line %d\n", i);
		buf_printf(&b, "line %d\n", i == 2500 ? -1 : i);
	}
	struct diff_line *d;
	size_t n;
	cr_assert_eq(diff_lines(a.data, a.len, b.data, b.len, 400, &d, &n), 0);
	cr_expect_eq(n, 5001);
	int edits = 0;
	for (size_t i = 0; i < n; i++)
		edits += d[i].kind != DIFF_SAME;
	cr_expect_eq(edits, 2);
	free(d);
	buf_free(&a);
	buf_free(&b);
}
