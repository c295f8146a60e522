/* frontmatter: splits a post file at its '---' lines and reads the YAML into per-key values. */
#ifndef BS_FRONTMATTER_H
#define BS_FRONTMATTER_H

/* For the readers of files with front matter: post files (postfile.c) and issue files
 * (journal/issuefile.c). */

#include "post/postfile.h"

#include <stddef.h>

/* Sequences longer than this are refused before anything looks at their items. */
#define FM_MAX_ITEMS 1024
/* Collections nested deeper than this inside a value are refused (see skip_collection). */
#define FM_MAX_DEPTH 16

/* Pieces of the file, pointing into it. */
struct fm_split {
	const char *yaml;
	size_t yaml_len;
	unsigned yaml_line; /* file line of the first YAML byte */
	const char *body;
	size_t body_len;
	unsigned body_line;
};

/*
 * Finds the front matter in text (BOM already skipped). The first line must be "---", the block
 * ends at the next line that is "---" or "..."; delimiter lines may end in blanks and CRLF.
 * Returns 0, or -1 with err set.
 */
int fm_split(const char *text, size_t len, struct fm_split *out, struct pf_error *err);

enum fm_kind {
	FM_SCALAR,   /* one item */
	FM_SEQUENCE, /* a sequence of scalars: nitems items */
	FM_NESTED    /* a mapping, or a sequence holding more than scalars: no items */
};

struct fm_scalar {
	char *text; /* NUL-terminated valid UTF-8 without NUL, as YAML resolved it */
	size_t len;
	unsigned line; /* file line */
	int is_null;   /* a plain empty, ~, null, Null or NULL */
};

struct fm_value {
	int present;
	unsigned key_line;
	enum fm_kind kind;
	struct fm_scalar *items;
	size_t nitems;
	/* The value is null and a '#' comment starts right after the colon, as in "tags: #c #go".
	 */
	int comment_after;
};

/* values[i] belongs to keys[i] of the fm_read call. */
struct fm_doc {
	struct fm_value *values;
	size_t n;
};

/*
 * Reads YAML text (starting on file line first_line) that must be empty or one mapping whose
 * keys are among keys[0..nkeys), each at most once. Aliases are refused. Returns 0 with doc
 * filled (free it with fm_doc_free), or -1 with err set ("unknown key", "duplicate key", YAML
 * syntax errors with file lines) and nothing left to free.
 */
int fm_read(const char *yaml, size_t len, unsigned first_line, const char *const *keys,
	    size_t nkeys, struct fm_doc *doc, struct pf_error *err);
void fm_doc_free(struct fm_doc *doc);

/* Fills err; the message is cut to fit. */
void fm_error(struct pf_error *err, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A short, printable copy of s[0..n) for quoting in messages: at most 60 bytes (fewer when cap
 * is small), cut on a character boundary with "..." added, control characters shown as '?'.
 * cap >= 8.
 */
void fm_excerpt(char *out, size_t cap, const char *s, size_t n);

#endif
