/* fuzz_markdown: libFuzzer target rendering any input in full and as an excerpt, as a post and
 * as a reader's comment. */
#include "render/markdown.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static int fuzz_has_prefix(const char *s, const char *end, const char *prefix)
{
	size_t k = strlen(prefix);
	return (size_t)(end - s) >= k && strncasecmp(s, prefix, k) == 0;
}

/*
 * What a comment may never contain: images (they would fetch from a reader's host), headings,
 * a link to anything but an absolute http, https or mailto URL, or a link without the rel that
 * marks it as the reader's. Text never holds a raw '<', so every "<img", "<h1" or "<a " found is
 * markup we wrote.
 */
static void fuzz_check_comment(const struct buf *b)
{
	static const char rel[] = " rel=\"nofollow ugc noopener\"";
	const char *s = b->data ? b->data : "", *end = s + b->len;
	size_t anchors = 0, rels = 0;
	for (const char *p = s; p < end; p++) {
		if (*p == '<') {
			fuzz_check(!fuzz_has_prefix(p, end, "<img"), "image in a comment");
			fuzz_check(!(end - p >= 3 && (p[1] == 'h' || p[1] == 'H') && p[2] >= '1' &&
				     p[2] <= '6'),
				   "heading in a comment");
			anchors += fuzz_has_prefix(p, end, "<a ");
			/* Only where a tag starts: a title attribute may hold the text href=" (its
			 * own quotes are escaped, a closing one may follow it). */
			if (fuzz_has_prefix(p, end, "<a href=\"")) {
				const char *url = p + 9;
				fuzz_check(fuzz_has_prefix(url, end, "http://") ||
					       fuzz_has_prefix(url, end, "https://") ||
					       fuzz_has_prefix(url, end, "mailto:"),
					   "comment links to something but http, https or mailto");
			}
		} else {
			rels += fuzz_has_prefix(p, end, rel);
		}
	}
	fuzz_check(anchors == rels, "comment link without rel=\"nofollow ugc noopener\"");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int valid = utf8_valid(text, size, NULL);
	struct md_opts opts = {fuzz_user_exists, NULL, 0};
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

	/* The same input as a reader's comment. */
	opts.untrusted = 1;
	buf_reset(&out);
	fuzz_check(md_render(text, size, &opts, &out, &tags) == 0, "comment render failed");
	fuzz_check(tags.n == 0 && tags.names == NULL, "comment yielded hashtags");
	fuzz_check_tags(&out);
	fuzz_check_comment(&out);
	if (valid)
		fuzz_check(utf8_valid(out.data ? out.data : "", out.len, NULL),
			   "comment render is not UTF-8");
	buf_reset(&out);
	more = -1;
	fuzz_check(md_excerpt(text, size, &opts, &out, &more) == 0, "comment excerpt failed");
	fuzz_check(more == 0 || more == 1, "comment excerpt: more not set");
	fuzz_check_tags(&out);
	fuzz_check_comment(&out);
	buf_free(&out);
	return 0;
}
