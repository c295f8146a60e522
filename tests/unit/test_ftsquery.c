/* test_ftsquery: readers' search input always becomes safe FTS5 syntax. */
#include "util/buf.h"
#include "util/ftsquery.h"

#include <criterion/criterion.h>
#include <string.h>

static const char *fts(const char *q, int *terms)
{
	static struct buf b;
	*terms = fts_query(&b, q, strlen(q));
	return b.data ? b.data : "";
}

Test(ftsquery, shapes)
{
	int n;
	cr_expect_str_eq(fts("recall charter", &n), "\"recall\" \"charter\"");
	cr_expect_eq(n, 2);
	cr_expect_str_eq(fts("\"open minutes\" vote*", &n), "\"open minutes\" \"vote\"*");
	cr_expect_str_eq(fts("a OR b", &n), "\"a\" OR \"b\"");
	cr_expect_str_eq(fts("OR a", &n), "\"a\"");
	cr_expect_str_eq(fts("say \"it", &n), "\"say\" \"it\"");
	cr_expect_str_eq(fts("NEAR(a b)", &n), "\"NEAR(a\" \"b)\"");
	cr_expect_str_eq(fts("x\"\"y", &n), "\"x\" \"y\"");
	cr_expect_str_eq(fts("Демократия", &n), "\"Демократия\"");
}

Test(ftsquery, nothing_searchable)
{
	int n;
	const char *empty[] = {"", "   ", "*", "\"\"", "- + ( )", "OR", "\"   \""};
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		cr_expect_str_eq(fts(empty[i], &n), "", "%s", empty[i]);
		cr_expect_eq(n, 0, "%s", empty[i]);
	}
}

Test(ftsquery, bounded)
{
	char q[2000];
	memset(q, 0, sizeof(q));
	for (int i = 0; i < 100; i++)
		strcat(q, "ab ");
	int n;
	fts(q, &n);
	cr_expect_eq(n, 8, "a query keeps at most 8 terms");
}

Test(ftsquery, short_prefixes_are_words)
{
	int n;
	/* "a*" would walk most of the index; it is searched as the word a. */
	cr_expect_str_eq(fts("a* OR bc* def* ж*", &n), "\"a\" OR \"bc\" \"def\"* \"ж\"");
	cr_expect_eq(n, 4);
	cr_expect_str_eq(fts("жжж*", &n), "\"жжж\"*", "three letters of any script");
}
