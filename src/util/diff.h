/* diff: the lines two texts share and where they differ (Myers' O(ND) algorithm). */
#ifndef BS_DIFF_H
#define BS_DIFF_H

#include <stddef.h>

enum diff_kind { DIFF_SAME, DIFF_DEL, DIFF_ADD };

struct diff_line {
	enum diff_kind kind;
	const char *text; /* points into a or b; len bytes without the newline */
	size_t len;
};

/*
 * Compares a and b line by line and writes the shortest edit script into *out (malloc'd, *n
 * entries): lines of a that are gone (DIFF_DEL), lines of b that are new (DIFF_ADD) and the
 * lines both share, in order. When the texts differ in more than max_d lines, the differing
 * middle is shown as all of it deleted and added. Returns 0, or -1 when out of memory.
 */
int diff_lines(const char *a, size_t alen, const char *b, size_t blen, int max_d,
	       struct diff_line **out, size_t *n);

#endif
