/* res_html: the lines of a resolution's paragraph as HTML, with the inline marks of its Markdown
 * (strong, emphasis, code) closed at each line's end and opened again on the next. */
#ifndef BS_RES_HTML_H
#define BS_RES_HTML_H

#include <stddef.h>

struct pool;
struct res_doc;

/*
 * Writes the HTML of every line of paragraph i of d into html[k] (pool strings), k from 0 to
 * its nlines - 1. The text is escaped; a heading's "#" marker and a quote's "> " are left out
 * (the paragraph's block says what it is); "**strong**", "__strong__", "*emphasis*",
 * "_emphasis_" (not inside a word) and "`code`" become <strong>, <em> and <code> when they
 * pair up inside the paragraph, and a backslash before ASCII punctuation keeps it as typed.
 * Anything else (links included) shows as written. Every line is well-formed on its own.
 */
void res_para_html(const struct res_doc *d, size_t i, struct pool *p, const char **html);

#endif
