/* fuzz_markdown: libFuzzer target rendering any input in full and as an excerpt. */
#include "render/markdown.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Some handles exist and some do not, so both paths of the mention code run. */
static int fuzz_user_exists(void *ud, const char *handle, size_t len)
{
	(void)ud;
	return len > 0 && (handle[0] | 0x20) >= 'a' && (handle[0] | 0x20) <= 'm';
}

static void fuzz_check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_markdown: %s\n", what);
		abort();
	}
}

/* The HTML must be balanced enough that every tag we open is closed by a '>'. */
static void fuzz_check_tags(const struct buf *b)
{
	int in_tag = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '<') {
			fuzz_check(!in_tag, "'<' inside a tag");
			in_tag = 1;
		} else if (b->data[i] == '>') {
			fuzz_check(in_tag, "stray '>' in text");
			in_tag = 0;
		}
	}
	fuzz_check(!in_tag, "unterminated tag");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int valid = utf8_valid(text, size, NULL);
	struct md_opts opts = {fuzz_user_exists, NULL};
	struct buf out = {0};
	struct md_tags tags = {0};

	fuzz_check(md_render(text, size, &opts, &out, &tags) == 0, "md_render failed");
	fuzz_check_tags(&out);
	if (valid) {
		fuzz_check(utf8_valid(out.data ? out.data : "", out.len, NULL),
			   "full render is not UTF-8");
		for (size_t i = 0; i < tags.n; i++)
			fuzz_check(tags.names[i][0] &&
				       utf8_valid(tags.names[i], strlen(tags.names[i]), NULL),
				   "bad tag name");
	}
	md_tags_free(&tags);

	buf_reset(&out);
	int more = -1;
	fuzz_check(md_excerpt(text, size, &opts, &out, &more) == 0, "md_excerpt failed");
	fuzz_check(more == 0 || more == 1, "more not set");
	fuzz_check_tags(&out);
	if (valid)
		fuzz_check(utf8_valid(out.data ? out.data : "", out.len, NULL),
			   "excerpt is not UTF-8");
	buf_free(&out);
	return 0;
}
