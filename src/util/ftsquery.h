/* ftsquery: turning whatever a reader types into a search box into safe FTS5 query syntax. */
#ifndef BS_FTSQUERY_H
#define BS_FTSQUERY_H

#include <stddef.h>

struct buf;

/*
 * Writes the FTS5 form of a reader's query to out: every word becomes a quoted string (so no
 * character can be FTS5 syntax), "double-quoted phrases" stay phrases, a trailing * makes a
 * word of at least 3 characters a prefix query (a shorter one is searched as the word), and a
 * bare OR between terms is kept; terms are otherwise all required. Words without a letter or
 * digit are dropped; a quote left open runs to the end; past 8 terms the rest is dropped.
 * Returns the number of terms written (0: nothing searchable, out is empty).
 */
int fts_query(struct buf *out, const char *q, size_t len);

#endif
