/* render_bench: writes a long synthetic post, and times our Markdown writer against md4c-html. */
#include "render/markdown.h"
#include "util/buf.h"

#include <md4c-html.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const words[] = {
	"branch",  "meeting", "minutes", "delegate", "charter", "recall", "member", "vote",
	"journal", "press",   "clause",  "reading",  "open",    "record", "motion", "treasurer",
	"the",	   "of",      "and",	 "a",	     "to",	"is",	  "that",   "which"};

static unsigned rng = 12345;

static const char *word(void)
{
	rng = rng * 1103515245u + 12345u;
	return words[(rng >> 16) % (sizeof(words) / sizeof(words[0]))];
}

/* About n words of Markdown shaped like our writers' posts: quotes, lists, links, hashtags. */
static void generate(struct buf *b, int n)
{
	int w = 0, para = 0;
	buf_puts(b, "---\ntitle: A long reading of the charter\nslug: long-reading\n"
		    "date: 2026-11-01T10:00:00Z\n---\n");
	while (w < n) {
		para++;
		if (para % 7 == 0)
			buf_puts(b, "## A heading for this section of the reading\n\n");
		if (para % 3 == 0)
			buf_puts(b, "> ");
		if (para % 5 == 0) {
			for (int i = 0; i < 4; i++, w += 6)
				buf_printf(b, "- item %s *%s* %s %s\n  - nested %s\n", word(), word(),
					   word(), word(), word());
			buf_putc(b, '\n');
			continue;
		}
		for (int i = 0; i < 60; i++, w++) {
			if (i % 17 == 5)
				buf_printf(b, "#%s_%d ", word(), i);
			else if (i % 23 == 9)
				buf_printf(b, "[%s](https://example.org/%s) ", word(), word());
			else if (i % 13 == 0)
				buf_printf(b, "**%s** ", word());
			else
				buf_printf(b, "%s ", word());
			if (i % 12 == 11)
				buf_puts(b, "\n");
		}
		buf_puts(b, "\n\n");
	}
}

static void sink(const MD_CHAR *text, MD_SIZE size, void *ud)
{
	buf_put(ud, text, size);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct buf post = {0};
	generate(&post, 5000);
	if (argc > 1 && strcmp(argv[1], "gen") == 0) {
		fwrite(post.data, 1, post.len, stdout);
		return 0;
	}
	const char *body = strstr(post.data + 4, "---\n") + 4;
	size_t len = post.len - (size_t)(body - post.data);
	enum { RUNS = 200 };
	double ours[RUNS], theirs[RUNS];
	struct md_opts opts = {0};
	for (int i = 0; i < RUNS; i++) {
		struct buf a = {0}, b = {0};
		double t0 = now();
		md_render(body, len, &opts, &a, NULL);
		double t1 = now();
		md_html(body, (MD_SIZE)len, sink, &b,
			MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS |
				MD_FLAG_NOHTML,
			0);
		double t2 = now();
		ours[i] = t1 - t0;
		theirs[i] = t2 - t1;
		buf_free(&a);
		buf_free(&b);
	}
	qsort(ours, RUNS, sizeof(double), cmp);
	qsort(theirs, RUNS, sizeof(double), cmp);
	printf("render 5000-word post: broadside %.0f us, md4c-html %.0f us (median of %d); "
	       "ratio %.2fx (target <= 2x)\n",
	       ours[RUNS / 2], theirs[RUNS / 2], RUNS, ours[RUNS / 2] / theirs[RUNS / 2]);
	buf_free(&post);
	return 0;
}
