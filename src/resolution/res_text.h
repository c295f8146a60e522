/* res_text: a resolution's text as paragraphs with stable ids, and its lines, numbered the same
 * way on every request on a fixed width. */
#ifndef BS_RES_TEXT_H
#define BS_RES_TEXT_H

#include <stddef.h>

struct buf;
struct pool;

/*
 * The rule, in full (README "Resolutions" says the same):
 *
 * - The text is Markdown's blocks: a paragraph ends at a blank line; a heading ("# " to
 *   "###### "), a list item ("- ", "* ", "+ ", "1. ", "1) ") and a quote ("> ") start a
 *   paragraph of their own (a heading is always one line; a quote's next "> " lines go on
 *   with it). Inside a paragraph every run of spaces, tabs and line ends is one space.
 * - Lines are at most RES_WIDTH characters (Unicode code points) of the paragraph as written,
 *   markers included. Each line takes as many words as fit; the space where it breaks belongs
 *   to no line. A word longer than a line is cut after RES_WIDTH characters.
 * - Lines are numbered from 1 through the whole text, paragraph after paragraph.
 *
 * So the numbers depend on the text alone: not on the browser, the theme or the request.
 */
#define RES_WIDTH 80

/* Bounds of one version's text. */
#define RES_TEXT_MAX (200u * 1024)
#define RES_PARAS_MAX 5000

enum res_block { RES_PROSE, RES_HEADING, RES_ITEM, RES_QUOTE };

struct res_para {
	long long id;	  /* stable: kept by the paragraph through every version it is in */
	const char *text; /* one line of words separated by single spaces */
	size_t len;
	int first;  /* the number of its first line */
	int nlines; /* at least 1 */
};

struct res_line {
	int para;	   /* index into the doc's paragraphs */
	size_t start, end; /* bytes [start, end) of that paragraph's text */
};

struct res_doc {
	struct res_para *paras;
	size_t npara;
	struct res_line *lines; /* lines[k] is line k + 1 */
	size_t nlines;
};

/*
 * Writes src (len bytes of text as a writer or member typed it) in the canonical form a version
 * keeps: its paragraphs (by the rule above) joined by one blank line, "\n\n", nothing before
 * the first or after the last. Returns the number of paragraphs (0 for a blank text), or -1
 * with *why set to a sentence when src is not valid UTF-8, holds a control character other
 * than a tab or a line end, or has more than RES_PARAS_MAX paragraphs. The length is the
 * caller's to bound.
 */
int res_normalize(const char *src, size_t len, struct buf *out, const char **why);

/*
 * The first line of text[pos, len) of a canonical paragraph: its end (exclusive) into *end and
 * where the next line starts into *next (len when none follows).
 */
void res_wrap_line(const char *text, size_t len, size_t pos, size_t *end, size_t *next);

/*
 * Reads a canonical body into paragraphs and lines (everything in p, text pointing into a copy).
 * ids: the paragraphs' ids separated by spaces, or NULL for 1, 2, 3 ... Returns 0, or -1 when
 * ids does not give one positive id a paragraph.
 */
int res_doc_make(struct pool *p, const char *body, const char *ids, struct res_doc *out);

/* What kind of block a canonical paragraph is, and how many bytes its marker takes ("## ",
 * "> "; list markers stay part of the text, so 0 for them as for prose). */
enum res_block res_block_of(const char *text, size_t len, size_t *marker);

/* The line holding byte off of paragraph para (its last line for off == len). */
int res_line_at(const struct res_doc *d, size_t para, size_t off);

/* The text of lines from..to (1-based, inclusive, within the doc) as they read, one line each
 * with "\n" after it, appended to out. */
void res_lines_text(const struct res_doc *d, int from, int to, struct buf *out);

#endif
