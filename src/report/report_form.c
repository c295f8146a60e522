/* report_form: the checks of a report's fields, each refusal naming its field, and the small
 * formats kept inside sealed boxes, read back strictly. */
#include "report/report_form.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/sniff.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const types[] = {"image/png",  "image/jpeg", "image/gif",
				    "image/webp", "image/avif", "application/pdf"};

int report_type_ok(const char *type)
{
	for (size_t i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type, types[i]) == 0)
			return 1;
	return 0;
}

const char *report_text_lf(const char *text, struct pool *p)
{
	size_t n = strlen(text), o = 0;
	char *out = pool_alloc(p, n + 1);
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\r') {
			out[o++] = '\n';
			if (text[i + 1] == '\n')
				i++;
		} else {
			out[o++] = text[i];
		}
	}
	out[o] = '\0';
	return out;
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* One line of text: no control character at all. */
static int one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* A number of 1 to 18 digits without a leading zero at s (n bytes); 0 when it is not one. */
static long long number(const char *s, size_t n)
{
	long long v = 0;
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int has(const long long *ids, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* The members the form listed ("3,5,9"): 0, or -1 when the list is not one. */
static int listed(const char *s, long long out[COMMITTEE_MAX], size_t *n)
{
	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		long long id = number(s, len);
		if (!id || *n == COMMITTEE_MAX || has(out, *n, id))
			return -1;
		out[(*n)++] = id;
		s += len;
		if (*s == ',' && *++s == '\0')
			return -1;
	}
	return 0;
}

static int ticked(const struct form *f, long long id)
{
	char key[FORM_KEY_MAX];
	snprintf(key, sizeof(key), REPORT_READER_PREFIX "%lld", id);
	const char *v = form_get(f, key);
	return v && *v;
}

static int files_read(const struct form *f, struct pool *p, struct report_input *out,
		      const char **msg)
{
	if (f->mem_too_many) {
		*msg = pool_printf(p, "At most %d files can go with a report.", REPORT_FILES_MAX);
		return -1;
	}
	if (f->mem_too_large) {
		*msg =
		    pool_printf(p, "The files may take %u MB in all.", FORM_MEM_FILES_BYTES >> 20);
		return -1;
	}
	for (size_t i = 0; i < f->nmem; i++) {
		const struct form_mem_file *m = &f->mem[i];
		char *clean = form_clean_name(m->name);
		const char *name = pool_strdup(p, clean);
		free(clean);
		if (m->len == 0) {
			*msg = pool_printf(p, "The file '%s' is empty.", name);
			return -1;
		}
		const char *type = sniff_bytes(m->data, m->len);
		if (!report_type_ok(type)) {
			*msg = pool_printf(p,
					   "The file '%s' is not an image or a PDF (its content is "
					   "%s, whatever its name says). Leave it out, or send a "
					   "photo or a PDF of it.",
					   name, type ? type : "of an unknown kind");
			return -1;
		}
		out->files[out->nfiles++] = (struct report_file){
		    .name = name, .type = pool_strdup(p, type), .data = m->data, .len = m->len};
	}
	return 0;
}

int report_form_read(const struct form *f, const long long *joined, size_t njoined, struct pool *p,
		     struct report_input *out, const char **field, const char **msg)
{
	memset(out, 0, sizeof(*out));
	size_t text_len = 0;
	const char *text = form_get_len(f, "text", &text_len);
	const char *contact = form_get(f, "contact");
	const char *shown = form_get(f, "shown");
	out->text = text ? report_text_lf(text, p) : "";
	out->contact = contact ? contact : "";
	*field = "text";
	if (!text || blank(text)) {
		*msg = "Write what happened: the report has no text yet.";
		return -1;
	}
	if (text_len > REPORT_TEXT_MAX || !utf8_valid(text, text_len, NULL)) {
		*msg = pool_printf(p, "A report has at most %d bytes of text (this one has %zu).",
				   REPORT_TEXT_MAX, text_len);
		return -1;
	}
	*field = "contact";
	if (strlen(out->contact) > REPORT_CONTACT_MAX || !one_line(out->contact)) {
		*msg = pool_printf(p, "A way to reach you is one line of at most %d bytes.",
				   REPORT_CONTACT_MAX);
		return -1;
	}
	*field = "readers";
	long long list[COMMITTEE_MAX];
	size_t nlist;
	if (!shown || listed(shown, list, &nlist) != 0) {
		*msg = "The list of who may read the report did not come back as it was sent. "
		       "Reload the page and choose again.";
		return -1;
	}
	for (size_t i = 0; i < nlist; i++) {
		if (!ticked(f, list[i]))
			out->excluded[out->nexcluded++] = list[i];
		else if (has(joined, njoined, list[i]))
			out->readers[out->nreaders++] = list[i];
	}
	if (!out->nreaders) {
		*msg = "Leave at least one member of the committee who may read the report: with "
		       "nobody, no one could ever read it.";
		return -1;
	}
	*field = "files";
	if (files_read(f, p, out, msg) != 0)
		return -1;
	*field = NULL;
	*msg = NULL;
	return 0;
}

void report_meta_write(const char *contact, const long long *excluded, size_t n, struct buf *out)
{
	buf_printf(out, "contact %s\nexcluded", contact);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, " %lld", excluded[i]);
	buf_putc(out, '\n');
}

int report_meta_read(const char *text, size_t len, struct pool *p, const char **contact,
		     long long excluded[COMMITTEE_MAX], size_t *n)
{
	static const char c_tag[] = "contact ", e_tag[] = "excluded";
	*n = 0;
	*contact = "";
	const char *end = text + len;
	const char *nl = memchr(text, '\n', len);
	if (!nl || (size_t)(nl - text) < sizeof(c_tag) - 1 ||
	    memcmp(text, c_tag, sizeof(c_tag) - 1) != 0)
		return -1;
	const char *c = text + sizeof(c_tag) - 1;
	if ((size_t)(nl - c) > REPORT_CONTACT_MAX || memchr(c, '\0', (size_t)(nl - c)) ||
	    !utf8_valid(c, (size_t)(nl - c), NULL))
		return -1;
	const char *line = nl + 1;
	nl = memchr(line, '\n', (size_t)(end - line));
	if (!nl || nl + 1 != end || (size_t)(nl - line) < sizeof(e_tag) - 1 ||
	    memcmp(line, e_tag, sizeof(e_tag) - 1) != 0)
		return -1;
	for (const char *s = line + sizeof(e_tag) - 1; s < nl;) {
		if (*s != ' ')
			return -1;
		s++;
		size_t k = 0;
		while (s + k < nl && s[k] != ' ')
			k++;
		long long id = number(s, k);
		if (!id || *n == COMMITTEE_MAX)
			return -1;
		excluded[(*n)++] = id;
		s += k;
	}
	*contact = pool_strndup(p, c, (size_t)(line - 1 - c));
	return 0;
}

void report_file_write(const struct report_file *f, struct buf *out)
{
	buf_printf(out, "%s\n%s\n", f->type, f->name);
	buf_put(out, f->data, f->len);
}

int report_file_read(const unsigned char *data, size_t len, struct pool *p, struct report_file *out)
{
	const unsigned char *t = memchr(data, '\n', len);
	const unsigned char *nm = t ? memchr(t + 1, '\n', len - (size_t)(t + 1 - data)) : NULL;
	if (!nm || t == data || nm == t + 1)
		return -1;
	out->type = pool_strndup(p, (const char *)data, (size_t)(t - data));
	out->name = pool_strndup(p, (const char *)t + 1, (size_t)(nm - t - 1));
	if (!report_type_ok(out->type) || strlen(out->name) != (size_t)(nm - t - 1) ||
	    !one_line(out->name))
		return -1;
	out->data = nm + 1;
	out->len = len - (size_t)(nm + 1 - data);
	return 0;
}
