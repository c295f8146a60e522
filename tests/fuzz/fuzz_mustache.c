/* fuzz_mustache: compiles the input as templates and renders them over a fixed data tree. */
#include "render/mustache.h"
#include "render/val.h"
#include "util/buf.h"
#include "util/pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once and kept for the whole run; it is only read. */
static struct pool *tree_pool;
static struct val *tree;

/* A bit of every kind, nested, with names the fuzzer can reach by guessing short words. */
static struct val *build_tree(void)
{
	struct pool *p = tree_pool = pool_new();
	struct val *root = val_map(p), *list = val_list(p), *inner = val_map(p);
	val_set_str(p, root, "a", "<b>&\"'</b>");
	val_set_num(p, root, "b", 1.5);
	val_set_bool(p, root, "c", 1);
	val_set_bool(p, root, "d", 0);
	val_set_str(p, root, "e", "");
	val_set(p, root, "n", val_null(p));
	val_set_str(p, root, "t", "two\nlines");
	val_set_num(p, root, "z", 0);
	for (int i = 0; i < 3; i++) {
		struct val *item = val_map(p), *nums = val_list(p);
		val_set_num(p, item, "i", i);
		val_set_str(p, item, "a", i ? "x" : "");
		val_push(p, nums, val_num(p, i * 0.25));
		val_push(p, nums, val_str(p, "s"));
		val_set(p, item, "l", nums);
		val_push(p, list, item);
	}
	val_set(p, root, "l", list);
	val_set(p, root, "m", inner);
	val_set_str(p, inner, "a", "inner");
	val_set(p, inner, "m", val_map(p));
	val_set(p, inner, "l", val_list(p));
	return root;
}

/*
 * The input is up to four templates separated by NUL bytes, named "main", "a", "b" and "c", so
 * that partials and parents reach each other (and themselves).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"main", "a", "b", "c"};
	if (!tree)
		tree = build_tree();
	struct tmpl_set *s = tmpl_set_new();
	/* Small enough that exponential templates finish fast, large enough to reach deep. */
	tmpl_set_step_limit(s, 50000);
	const char *src = size ? (const char *)data : "";
	size_t start = 0;
	for (size_t k = 0; k < 4 && start <= size; k++) {
		const char *nul = start < size ? memchr(src + start, '\0', size - start) : NULL;
		size_t end = nul ? (size_t)(nul - src) : size;
		char err[96];
		if (tmpl_set_add(s, names[k], src + start, end - start, err, sizeof(err)) != 0 &&
		    (err[0] == '\0' || strlen(err) >= sizeof(err)))
			abort();
		start = end + 1;
	}
	struct buf out = {0}, again = {0};
	int rc = tmpl_render(s, "main", tree, &out);
	/* Rendering reads only, so it must come out the same twice. */
	if (tmpl_render(s, "main", tree, &again) != rc || out.len != again.len ||
	    (out.len && memcmp(out.data, again.data, out.len) != 0))
		abort();
	buf_free(&out);
	buf_free(&again);
	tmpl_set_free(s);
	return 0;
}
