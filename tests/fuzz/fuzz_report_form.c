/* fuzz_report_form: a report form cut into fields, chunks and file parts as the PostProcessor
 * delivers them into an in-memory form, then read into a report; what it accepts is within
 * its bounds, and its meta and files go through their sealed formats and back unchanged. The
 * sealed formats' readers also get the raw input. */
#include "report/report_form.h"
#include "req/form.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {"text",     "contact",  "shown", "reader_3", "reader_5",
				   "reader_9", "reader_4", "files", "_csrf",	"other"};

static const long long joined[] = {3, 5, 9};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *p = pool_new();
	/* The readers of what is sealed, on what no sealing made. */
	const char *contact;
	long long ex[COMMITTEE_MAX];
	size_t nex;
	struct report_file rf;
	if (report_meta_read((const char *)data, size, p, &contact, ex, &nex) == 0 &&
	    (nex > COMMITTEE_MAX || strlen(contact) > REPORT_CONTACT_MAX))
		abort();
	if (report_file_read(data, size, p, &rf) == 0 &&
	    (!report_type_ok(rf.type) || rf.data + rf.len != data + size))
		abort();

	struct form f;
	form_init_mem(&f, 4096, 65536);
	/* Records: [key byte][chunk length byte][chunk]; a key byte with its top bit set is a
	 * file part whose name is "f.png" (its low bit: a new file). */
	size_t i = 0;
	while (i + 2 <= size) {
		int is_file = data[i] & 0x80, fresh = data[i] & 0x01;
		const char *key = keys[(data[i] & 0x7f) % (sizeof(keys) / sizeof(keys[0]))];
		size_t n = data[i + 1];
		i += 2;
		if (n > size - i)
			n = size - i;
		if (is_file) {
			size_t off = f.nmem && !fresh ? f.mem[f.nmem - 1].len : 0;
			form_add(&f, "files", "f.png", (const char *)data + i, off, n);
		} else {
			size_t off;
			form_get_len(&f, key, &off);
			form_add(&f, key, NULL, (const char *)data + i, off, n);
		}
		i += n;
	}
	if (f.mem_bytes > 4096 || f.nmem > FORM_MEM_FILES_MAX)
		abort(); /* the form may not outgrow its bounds */
	struct report_input in;
	const char *field, *msg;
	if (!form_bad_text(&f) && report_form_read(&f, joined, 3, p, &in, &field, &msg) == 0) {
		if (!in.nreaders || in.nreaders > 3 || strlen(in.contact) > REPORT_CONTACT_MAX ||
		    strlen(in.text) > REPORT_TEXT_MAX ||
		    !utf8_valid(in.text, strlen(in.text), NULL))
			abort();
		for (size_t r = 0; r < in.nreaders; r++)
			if (in.readers[r] != 3 && in.readers[r] != 5 && in.readers[r] != 9)
				abort(); /* only who can read reports */
		struct buf b = {0};
		report_meta_write(in.contact, in.excluded, in.nexcluded, &b);
		if (report_meta_read(b.data, b.len, p, &contact, ex, &nex) != 0 ||
		    strcmp(contact, in.contact) != 0 || nex != in.nexcluded)
			abort(); /* what is sealed reads back */
		for (size_t k = 0; k < in.nfiles; k++) {
			buf_reset(&b);
			report_file_write(&in.files[k], &b);
			if (report_file_read((unsigned char *)b.data, b.len, p, &rf) != 0 ||
			    rf.len != in.files[k].len || memcmp(rf.data, in.files[k].data, rf.len))
				abort();
		}
		buf_free(&b);
	} else if (!form_bad_text(&f) && (!field || !msg)) {
		abort(); /* a refusal names its field and says why */
	}
	form_free(&f);
	pool_free(p);
	return 0;
}
