/* report_form: a report as the form at /report sends it, read at the edge into a small checked
 * struct (its text, contact, who may read it and who not, its files, images and PDF by their
 * bytes); and the formats of a report's sealed parts (its meta, each file's header). */
#ifndef BS_REPORT_FORM_H
#define BS_REPORT_FORM_H

#include "report/committee.h"
#include "req/form.h"

#include <stddef.h>

struct buf;
struct pool;

#define REPORT_TEXT_MAX 50000
#define REPORT_CONTACT_MAX 300
#define REPORT_FILES_MAX FORM_MEM_FILES_MAX
/* The form's fields: the text, the contact, the members it listed ("3,5,9"), a checkbox
 * "reader_ID" for each of them that may read it, and the files. */
#define REPORT_READER_PREFIX "reader_"

struct report_file {
	const char *name; /* cleaned for showing (form_clean_name) */
	const char *type; /* what libmagic found in the bytes: one of the accepted types */
	const unsigned char *data;
	size_t len;
};

struct report_input {
	const char *text;
	const char *contact; /* "" when none */
	long long readers[COMMITTEE_MAX];
	size_t nreaders;
	long long excluded[COMMITTEE_MAX]; /* listed to the reporter and left out by them */
	size_t nexcluded;
	struct report_file files[REPORT_FILES_MAX];
	size_t nfiles;
};

/*
 * Reads a posted report. joined holds the members who can read reports now: a reader is one
 * the form listed, left ticked, and who can still read reports. 0, or -1 with *field (the form
 * field at fault: "text", "contact", "readers" or "files") and *msg, a sentence saying what
 * to do. Strings are in p or point into f.
 */
int report_form_read(const struct form *f, const long long *joined, size_t njoined, struct pool *p,
		     struct report_input *out, const char **field, const char **msg);

/* A text with its line ends as LF (browsers send a textarea's lines with CRLF), in p. */
const char *report_text_lf(const char *text, struct pool *p);

/* Whether a type (as libmagic names it) may go with a report: images and PDF. */
int report_type_ok(const char *type);

/* A report's meta, sealed with it: "contact TEXT\nexcluded 3 5\n". */
void report_meta_write(const char *contact, const long long *excluded, size_t n, struct buf *out);
/* 0 with the contact (in p) and up to COMMITTEE_MAX excluded ids, or -1 when text is not a
 * meta. */
int report_meta_read(const char *text, size_t len, struct pool *p, const char **contact,
		     long long excluded[COMMITTEE_MAX], size_t *n);

/* A file as it is sealed: "TYPE\nNAME\n" and its bytes. */
void report_file_write(const struct report_file *f, struct buf *out);
/* The parts of an opened file (pointing into data; type and name copied into p), or -1. */
int report_file_read(const unsigned char *data, size_t len, struct pool *p,
		     struct report_file *out);

#endif
