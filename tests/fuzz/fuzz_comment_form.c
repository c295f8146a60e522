/* fuzz_comment_form: a comment form, cut into fields and chunks as the PostProcessor delivers
 * them into the form collector, then checked, its token verified and its text rendered. */
#include "comment/comment.h"
#include "comment/comment_token.h"
#include "render/markdown.h"
#include "req/form.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {"name",  "email",	"website", "body", "parent",
				   "token", "homepage", "action",  "other"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	form_init(&f, NULL, 0, 65536);
	/* Input: records of [key byte][chunk length byte][chunk bytes]. */
	size_t i = 0;
	while (i + 2 <= size) {
		const char *key = keys[data[i] % (sizeof(keys) / sizeof(keys[0]))];
		size_t n = data[i + 1];
		i += 2;
		if (n > size - i)
			n = size - i;
		size_t off;
		form_get_len(&f, key, &off);
		form_add(&f, key, NULL, (const char *)data + i, off, n);
		i += n;
	}
	struct comment_errors e;
	int bad = comment_form_check(&f, &e);
	if (f.text_bytes > 65536)
		abort(); /* the form may not outgrow its bound */
	for (int k = 0; k < CF__COUNT && !bad; k++)
		if (strlen(comment_form_get(&f, (enum comment_field)k)) > COMMENT_BODY_MAX)
			abort(); /* an accepted field is within its own bound */
	(void)comment_token_check(
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1,
	    comment_form_get(&f, CF_TOKEN), 1800000000);
	if (!bad) {
		const char *body = comment_form_get(&f, CF_BODY);
		struct md_opts o = {.untrusted = 1};
		struct buf html = {0};
		md_render(body, strlen(body), &o, &html, NULL);
		/* Valid text in, valid text out; nothing of a reader's becomes markup. */
		if (html.len && !utf8_valid(html.data, html.len, NULL))
			abort();
		if (html.data && (strstr(html.data, "<script") || strstr(html.data, "<img")))
			abort();
		buf_free(&html);
	}
	form_free(&f);
	return 0;
}
