/* fuzz_editor: the editor's form, field by field, turned into a post file and read back: no
 * typed text may change the front matter's shape, and what reads back must compose again to
 * the same post. Also the form collector and the upload name cleaner. */
#include "admin/editor_form.h"
#include "req/form.h"
#include "post/postfile.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_post(const struct postfile *a, const struct postfile *b)
{
	if (strcmp(a->title, b->title) || strcmp(a->slug, b->slug) || a->status != b->status ||
	    a->has_date != b->has_date ||
	    /* the editor shows dates to the minute (floored, also before 1970) */
	    (a->has_date && (a->date < b->date || a->date >= b->date + 60)) || a->part != b->part ||
	    a->comments != b->comments || a->ntags != b->ntags || strcmp(a->body, b->body) != 0)
		return 0;
	if ((a->author == NULL) != (b->author == NULL) ||
	    (a->series == NULL) != (b->series == NULL) ||
	    (a->image == NULL) != (b->image == NULL) ||
	    (a->image && strcmp(a->image, b->image) != 0))
		return 0;
	for (size_t i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], b->tags[i]) != 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Fields separated by 0x1f, in enum order; the form gets each in two pieces. */
	struct form f;
	form_init(&f, NULL, 0, FORM_TEXT_MAX);
	struct pool *p = pool_new();
	struct editor_fields e = {{0}};
	size_t start = 0;
	int k = 0;
	for (size_t i = 0; i <= size && k < EF__COUNT; i++) {
		if (i < size && data[i] != 0x1f)
			continue;
		size_t n = i - start, half = n / 2;
		const char *s = (const char *)data + start;
		form_add(&f, editor_field_names[k], NULL, s, 0, half);
		form_add(&f, editor_field_names[k], NULL, s + half, half, n - half);
		k++;
		start = i + 1;
	}
	if (f.n > EF__COUNT)
		abort();
	for (k = 0; k < EF__COUNT; k++) {
		const char *v = form_get(&f, editor_field_names[k]);
		e.v[k] = v && !memchr(v, '\0', strlen(v) + 0) ? v : NULL;
	}
	char *clean = form_clean_name(form_get(&f, "title"));
	if (!*clean || strchr(clean, '/') || !utf8_valid(clean, strlen(clean), NULL))
		abort();
	free(clean);
	if (!form_bad_text(&f)) {
		struct buf src = {0}, again = {0};
		unsigned line[EF__COUNT], line2[EF__COUNT];
		struct postfile pf, pf2;
		struct pf_error pe;
		editor_compose(&e, &src, line);
		if (postfile_parse(src.data, src.len, &pf, &pe) == 0) {
			/* A typed body never leaks into the front matter, nor the reverse. */
			struct editor_fields e2;
			editor_fields_of_file(p, &pf, &e2);
			editor_compose(&e2, &again, line2);
			if (postfile_parse(again.data, again.len, &pf2, &pe) != 0 ||
			    !same_post(&pf, &pf2))
				abort();
			postfile_free(&pf2);
			postfile_free(&pf);
		} else if (editor_field_of_line(line, pe.line) >= EF__COUNT) {
			abort();
		}
		buf_free(&src);
		buf_free(&again);
	}
	form_free(&f);
	pool_free(p);
	return 0;
}
