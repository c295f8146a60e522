/* wpautop: paragraphs for a classic WordPress post, whose HTML has none: WordPress makes them
 * from blank lines each time it shows the post, so an import has to make them once. */
#ifndef BS_WPAUTOP_H
#define BS_WPAUTOP_H

#include "util/buf.h"

#include <stddef.h>

/* 1 when the body needs wpautop: it has no block delimiters and no <p> element. */
int wpautop_needed(const char *s, size_t n);

/*
 * As WordPress's wpautop(): text between block-level elements (div, blockquote, lists,
 * tables, headings, figure, hr, section and the like) is split at blank lines into <p>
 * paragraphs, and a single line break inside one becomes <br>. Inside list items, cells,
 * headings, captions and other elements that hold a line of text, lines get <br> but no
 * <p>. pre, script, style and textarea are copied as they are, and so are tags (a line break
 * inside a tag is no break). A line that is only a comment (such as <!--more-->) stays on
 * its own. CRLF and lone CR count as LF. Appends to out.
 */
void wpautop(const char *s, size_t n, struct buf *out);

#endif
