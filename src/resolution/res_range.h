/* res_range: the lines an amendment changes, whether two amendments collide, and merging chosen
 * amendments into the text of a new version. */
#ifndef BS_RES_RANGE_H
#define BS_RES_RANGE_H

#include <stddef.h>

struct buf;
struct pool;
struct res_doc;

enum res_kind { RES_REPLACE, RES_INSERT, RES_DELETE };

/*
 * Replace and delete take lines from..to (1-based, from <= to). Insert puts its text after
 * line from (0: before the first line); its to equals from.
 */
struct res_range {
	enum res_kind kind;
	int from, to;
};

/* "replace", "insert", "delete"; and back (-1 when unknown). */
const char *res_kind_name(enum res_kind k);
int res_kind_parse(const char *s);

/* NULL when r fits a text of nlines lines; else a sentence, with *field the form field it
 * is about ("from", "to" or "after"). */
const char *res_range_check(const struct res_range *r, int nlines, const char **field);

/*
 * A range in doubled coordinates: line k is 2k, the gap after line k is 2k + 1. Replacing or
 * deleting lines a..b covers [2a, 2b]; inserting after line n covers [2n + 1, 2n + 1].
 */
void res_range_span(const struct res_range *r, int *lo, int *hi);
/* Two ranges collide when their spans meet: they change a line in common, one inserts between
 * two lines the other changes, or both insert at the same place. Inserting right before or
 * right after the lines another changes does not collide: the order is plain. */
int res_ranges_collide(const struct res_range *a, const struct res_range *b);

/* "lines 3–5", "line 3", "after line 4", "before line 1", in p. */
const char *res_range_words(struct pool *p, const struct res_range *r);

/* One amendment to merge: its range in the version it was made against, and its new text in
 * canonical form (res_normalize; "" for a delete). */
struct res_change {
	struct res_range range;
	const char *text;
};

/*
 * Applies the changes, which must fit d and not collide, to d's text: the canonical body of the
 * new version into body and its paragraphs' ids into ids (space-separated). A paragraph that a
 * change reaches keeps its id (the first piece keeps the first paragraph's, a remainder after
 * the change the last paragraph's); paragraphs a change makes get new ids from *next_id,
 * which moves on. Untouched paragraphs keep their text and id. Returns 0, or -1 with *why a
 * sentence (a range that does not fit, two that collide, a text that grows past
 * RES_TEXT_MAX or RES_PARAS_MAX).
 */
int res_merge(const struct res_doc *d, const struct res_change *c, size_t n, long long *next_id,
	      struct buf *body, struct buf *ids, const char **why);

#endif
