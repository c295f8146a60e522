/* fuzz_frontmatter: postfile_parse on arbitrary bytes must never crash, leak or misreport. */
#include "post/postfile.h"
#include "post/slug.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the header promises about a parsed post; a broken promise aborts so the fuzzer sees it. */
static void check_post(const struct postfile *pf)
{
	if (!pf->title || !pf->title[0] || strlen(pf->title) > POSTFILE_TITLE_MAX)
		abort();
	if (!pf->slug || !slug_valid(pf->slug))
		abort();
	if (!pf->body || strlen(pf->body) != pf->body_len ||
	    !utf8_valid(pf->body, pf->body_len, NULL))
		abort();
	if (pf->ntags > POSTFILE_MAX_TAGS || (pf->part && !pf->series))
		abort();
	for (size_t i = 0; i < pf->ntags; i++)
		if (!pf->tags[i][0] || strlen(pf->tags[i]) > POSTFILE_TAG_MAX)
			abort();
	if (pf->author && (!pf->author[0] || strlen(pf->author) > POSTFILE_AUTHOR_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Fuzzers rarely find the opening line by themselves; half the inputs get it for free. */
	char *text = malloc(size + 4);
	size_t len = size;
	if (size && (data[0] & 1)) {
		memcpy(text, "---\n", 4);
		memcpy(text + 4, data + 1, size - 1);
		len = size + 3;
	} else if (size) {
		memcpy(text, data, size);
	}
	struct postfile pf;
	struct pf_error err;
	if (postfile_parse(text, len, &pf, &err) == 0) {
		check_post(&pf);
		postfile_free(&pf);
	} else {
		static const struct postfile zero;
		if (memcmp(&pf, &zero, sizeof pf) != 0 || !err.msg[0] ||
		    strlen(err.msg) >= sizeof err.msg || err.line > len + 2)
			abort();
	}
	free(text);
	return 0;
}
