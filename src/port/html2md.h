/* html2md: the text of an HTML post (an imported one) as Markdown, when it uses only what
 * Markdown has. */
#ifndef BS_HTML2MD_H
#define BS_HTML2MD_H

#include "util/buf.h"

#include <stddef.h>

/* Elements nested deeper than this make no Markdown. */
#define HTML2MD_MAX_DEPTH 32

/*
 * Converts html into Markdown that our renderer turns back into the same text: paragraphs,
 * <br>, em/i, strong/b, del/s, code, pre, a (href, title), img (src, alt, title; its width
 * and height are left out), h1-h6, ul, ol (start), li, blockquote, hr, span, and the
 * <!--more--> marker. Text is escaped so that nothing in it turns into markup, a #hashtag or
 * an @mention. Any other element or attribute stops it: returns -1 with why naming it
 * ("<table> has no Markdown here"), and out is left empty; 0 on success. The result is
 * checked: when its plain text is not the HTML's, the conversion is refused too.
 */
int html_to_markdown(const char *html, size_t n, struct buf *out, char *why, size_t whylen);

#endif
