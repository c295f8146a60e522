/* fuzz_issuefile: issuefile_parse on arbitrary bytes must never crash, leak or break a promise
 * of its header. */
#include "journal/issuefile.h"
#include "post/slug.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_line(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max || !utf8_valid(s, n, NULL) || strchr(s, '\n'))
		abort();
}

static void check_issue(const struct issuefile *f)
{
	if (f->volume < 1 || f->volume > ISSUE_NUMBER_MAX || f->number < 1 ||
	    f->number > ISSUE_NUMBER_MAX || f->month < 1 || f->month > 12 || f->year < 1000)
		abort();
	check_line(f->title, ISSUE_TITLE_MAX);
	if (f->neditors < 1 || f->neditors > ISSUE_MAX_EDITORS || f->nposts < 1 ||
	    f->nposts > ISSUE_MAX_POSTS)
		abort();
	for (size_t i = 0; i < f->neditors; i++)
		check_line(f->editors[i], ISSUE_EDITOR_MAX);
	for (size_t i = 0; i < f->nposts; i++) {
		if (!slug_valid(f->posts[i]))
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(f->posts[i], f->posts[j]) == 0)
				abort();
	}
	if (f->cover && !issuefile_media_name(f->cover))
		abort();
	if (f->visibility != ISSUE_PUBLIC && f->visibility != ISSUE_MEMBERS)
		abort();
	if (!f->body || strlen(f->body) != f->body_len || !utf8_valid(f->body, f->body_len, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Most inputs get the opening line and the required keys for free, so that the fuzzer
	 * spends its time on values. */
	static const char head[] = "---\nvolume: 1\nnumber: 2\nmonth: 2026-12\ntitle: T\n";
	char *text = malloc(size + sizeof(head));
	size_t len = size;
	if (size && (data[0] & 3) == 1) {
		memcpy(text, "---\n", 4);
		memcpy(text + 4, data + 1, size - 1);
		len = size + 3;
	} else if (size && (data[0] & 3) == 2) {
		memcpy(text, head, sizeof(head) - 1);
		memcpy(text + sizeof(head) - 1, data + 1, size - 1);
		len = size - 1 + sizeof(head) - 1;
	} else if (size) {
		memcpy(text, data, size);
	}
	struct issuefile f;
	struct pf_error err;
	if (issuefile_parse(text, len, &f, &err) == 0) {
		check_issue(&f);
		issuefile_free(&f);
	} else {
		static const struct issuefile zero;
		if (memcmp(&f, &zero, sizeof f) != 0 || !err.msg[0] ||
		    strlen(err.msg) >= sizeof err.msg || err.line > len + 2)
			abort();
	}
	free(text);
	return 0;
}
