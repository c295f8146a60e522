/* sanitize: HTML from elsewhere (a WordPress export, a post written in HTML, an imported
 * comment) kept to an allow-list of elements and attributes, parsed by libxml2's HTML parser;
 * with its excerpt, plain text and word count. */
#ifndef BS_SANITIZE_H
#define BS_SANITIZE_H

#include "util/buf.h"

#include <stddef.h>

/* The longest HTML sanitize_html takes, in bytes. */
#define SANITIZE_MAX_BYTES (16u * 1024 * 1024)
/* Words in an excerpt made without a <!--more--> marker. */
#define SANITIZE_EXCERPT_WORDS 60

struct sanitize_opts {
	/* Readers' text (imported comments): links only to absolute http, https and mailto
	 * URLs, with rel="nofollow ugc noopener"; an image or a medium becomes a link to its
	 * source; headings become paragraphs of <strong> text; no <!--more--> marker. */
	int untrusted;
	/* Called with every href and src that passed the scheme check, before it is escaped:
	 * a replacement (copied at once, so it may point into a scratch buffer), or NULL to
	 * keep it. May be NULL. */
	const char *(*rewrite)(void *ud, const char *url);
	void *ud;
};

/*
 * What is kept. Elements: a, abbr, b, bdi, bdo, blockquote, br, caption, cite, code, dd, del,
 * details, dfn, div, dl, dt, em, figcaption, figure, h1-h6, hr, i, img, ins, kbd, li, mark, ol,
 * p, pre, q, s, samp, small, span, strong, sub, summary, sup, table, tbody, td, tfoot, th, thead,
 * time, tr, u, ul, var, wbr, and audio, video and source. Parts that belong inside another
 * element (li, dt/dd, table rows and cells, figcaption, source, summary) only inside it.
 * Attributes: lang, dir and title everywhere, and a fixed few per element (href; src, alt,
 * width, height; cite; datetime; colspan, rowspan, scope; start, reversed, value; controls,
 * poster, type), each with its value checked. href, src, cite and poster must be http,
 * https, mailto or relative URLs (url_scheme_allowed); a link without a good href keeps its
 * text, an image without a good src becomes its alt text. No style, class, id or event
 * handler. script, style, iframe, object, embed, forms and their controls, svg, math,
 * template and the like go with everything inside them (an iframe with a good src leaves a
 * link to it); any other element gives way to its content. Comments go, but the first
 * <!--more--> (or <!--more text-->) stays as <!--more-->. Text is escaped; control characters
 * and malformed UTF-8 (as U+FFFD) never reach the output. Running the output through again
 * gives it back unchanged.
 */
struct sanitized {
	struct buf html;
	/* Everything before the <!--more--> marker; without one, the leading top-level blocks
	 * up to SANITIZE_EXCERPT_WORDS words, the first block with words cut before its 61st
	 * word (with "…") when it is longer alone, every open element closed. */
	struct buf excerpt;
	struct buf text; /* the plain text (images' alt text too), a line per block, for search */
	int has_more;	 /* the excerpt leaves something of the body out */
	int words;	 /* runs of non-space characters in the text */
};

/* Sanitizes len bytes of html into out (zeroed first; free it with sanitized_free). Returns 0,
 * or -1 when the input is longer than SANITIZE_MAX_BYTES or cannot be parsed (out is then
 * empty). */
int sanitize_html(const char *html, size_t len, const struct sanitize_opts *o,
		  struct sanitized *out);
void sanitized_free(struct sanitized *s);

/* The text of an HTML fragment as one line, for a title: tags dropped, entities decoded, runs
 * of white space (and line breaks) one space, none at either end, control characters gone.
 * Appends to out. */
void sanitize_text_line(const char *html, size_t len, struct buf *out);

#endif
