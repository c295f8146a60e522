/* test_pool: the region allocator keeps what it hands out, and arrays grow in it intact. */
#include "util/pool.h"

#include <criterion/criterion.h>
#include <string.h>

Test(pool, grow_keeps_elements)
{
	struct pool *p = pool_new();
	size_t cap = 2, n = 0;
	int *a = pool_alloc(p, cap * sizeof(*a));
	for (int i = 0; i < 1000; i++) {
		a = pool_grow(p, a, n, &cap, sizeof(*a));
		a[n++] = i;
	}
	cr_expect_geq(cap, 1000);
	for (int i = 0; i < 1000; i++)
		cr_expect_eq(a[i], i);
	pool_free(p);
}

Test(pool, grow_from_nothing)
{
	struct pool *p = pool_new();
	size_t cap = 0, n = 0;
	const char **a = NULL;
	for (int i = 0; i < 20; i++) {
		a = pool_grow(p, a, n, &cap, sizeof(*a));
		cr_assert_gt(cap, n);
		a[n++] = "x";
	}
	cr_expect_eq(n, 20);
	pool_free(p);
}

Test(pool, strings_and_big_blocks)
{
	struct pool *p = pool_new();
	char *s = pool_printf(p, "%s-%d", "post", 42);
	char *big = pool_zalloc(p, 100000);
	cr_expect_str_eq(s, "post-42");
	cr_expect_eq(big[99999], 0);
	cr_expect_str_eq(pool_strndup(p, "abcdef", 3), "abc");
	pool_free(p);
}
