/* test_render_golden: every tests/render/NAME.md must render to NAME.html byte for byte;
 * comment_*.md as readers' comments (untrusted). */
#include <criterion/criterion.h>

#include "render/markdown.h"
#include "util/buf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOLDEN_DIR "tests/render"

/* The users the golden files may mention; every other handle is unknown. */
static int golden_user_exists(void *ud, const char *handle, size_t len)
{
	static const char *const users[] = {"editor", "mara", "press_desk"};
	(void)ud;
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		if (strlen(users[i]) == len && memcmp(users[i], handle, len) == 0)
			return 1;
	return 0;
}

static int golden_read(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(b, chunk, n);
	int err = ferror(f);
	fclose(f);
	return err ? -1 : 0;
}

static int golden_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .md files of the golden directory, sorted so failures come in a stable order. */
static size_t golden_list(char ***names)
{
	DIR *d = opendir(GOLDEN_DIR);
	size_t n = 0, cap = 0;
	*names = NULL;
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= 3 || strcmp(e->d_name + len - 3, ".md") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			*names = realloc(*names, cap * sizeof **names);
			cr_assert_not_null(*names);
		}
		(*names)[n++] = strndup(e->d_name, len - 3);
	}
	closedir(d);
	qsort(*names, n, sizeof **names, golden_name_cmp);
	return n;
}

/* Prints where got first differs from want, with both lines, so a failure is quick to read. */
static void golden_report(const char *name, const struct buf *want, const struct buf *got)
{
	size_t i = 0, line = 1, bol = 0;
	while (i < want->len && i < got->len && want->data[i] == got->data[i]) {
		if (want->data[i] == '\n') {
			line++;
			bol = i + 1;
		}
		i++;
	}
	const char *w = want->data + bol, *g = got->data + bol;
	int wl = (int)strcspn(w, "\n"), gl = (int)strcspn(g, "\n");
	cr_log_error("%s/%s.html: mismatch at line %zu, column %zu (expected %zu bytes, got %zu)\n"
		     "  expected: %.*s%s\n"
		     "  got:      %.*s%s",
		     GOLDEN_DIR, name, line, i - bol + 1, want->len, got->len, wl, w,
		     bol >= want->len ? "<end of file>" : "", gl, g,
		     bol >= got->len ? "<end of output>" : "");
}

Test(md_golden, every_pair_matches)
{
	char **names;
	size_t n = golden_list(&names);
	cr_assert(n >= 15,
		  "expected at least 15 golden files in %s (run from the repo root), found %zu",
		  GOLDEN_DIR, n);
	struct md_opts opts = {golden_user_exists, NULL, 0};
	size_t failed = 0;
	for (size_t k = 0; k < n; k++) {
		struct buf md = {0}, want = {0}, got = {0};
		char path[512];
		snprintf(path, sizeof path, "%s/%s.md", GOLDEN_DIR, names[k]);
		cr_assert_eq(golden_read(path, &md), 0, "cannot read %s", path);
		snprintf(path, sizeof path, "%s/%s.html", GOLDEN_DIR, names[k]);
		if (golden_read(path, &want) != 0) {
			cr_log_error("%s is missing", path);
			failed++;
		} else {
			/* The name picks the mode, so a golden pair needs no side file. */
			opts.untrusted = strncmp(names[k], "comment_", 8) == 0;
			cr_assert_eq(md_render(md.data, md.len, &opts, &got, NULL), 0,
				     "%s: md_render failed", names[k]);
			buf_put(&got, "", 0);
			buf_put(&want, "", 0);
			if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0) {
				golden_report(names[k], &want, &got);
				failed++;
			}
		}
		buf_free(&md);
		buf_free(&want);
		buf_free(&got);
		free(names[k]);
	}
	free(names);
	cr_expect_eq(failed, 0, "%zu of %zu golden files differ (details above)", failed, n);
}
