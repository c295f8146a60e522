/* xhtml: the rendered HTML of an issue's pieces, parsed with libxml2's HTML parser and written
 * again as well-formed XHTML for the book or as HTML for the issue's web page. */
#ifndef BS_XHTML_H
#define BS_XHTML_H

#include <stddef.h>

struct buf;

enum xh_mode {
	XH_BOOK, /* XHTML content documents: piece i is the file "p{i+1}.xhtml" */
	XH_WEB,	 /* one HTML page holding every piece, piece i at the anchor "p{i+1}" */
};

/* What the conversion knows of the issue around its pieces. */
struct xh_issue {
	enum xh_mode mode;
	size_t n;		  /* pieces */
	const char *const *slugs; /* their posts' slugs, in order */
	const char *base_url;	  /* the site's absolute address, without a trailing '/' */
	/* XH_BOOK: called once for each image a piece shows from the press's media library
	 * (NAME of /media/NAME, checked with issuefile_media_name); nonzero when the book holds
	 * that file, else the image becomes a link to it. NULL: none is held. */
	int (*keep_image)(void *ud, const char *name);
	void *ud;
};

/*
 * The conversion, for every piece:
 * - Only the elements and attributes our Markdown writer makes are kept (text and structure
 *   of anything else are unwrapped; script, style, forms, embedded and other remote content
 *   are dropped, an iframe, embed, video, audio or source becomes a link to its source).
 *   A heading without text is dropped.
 * - Every id becomes "p{i+1}-" and the old id with characters other than ASCII letters, digits,
 *   '-' and '_' spelled as "x" and their hex code point, made unique in the piece; links to an
 *   id ("#id") follow it, and lose their href when no kept element has that id.
 * - A link to a piece of the issue (/posts/SLUG or the same under base_url, with or without
 *   "#id") points inside: "p{j+1}.xhtml" or "p{j+1}.xhtml#..." in a book, "#p{j+1}" or
 *   "#p{j+1}-..." on the web page. In a book every other link is made absolute against the
 *   piece's web address (base_url/posts/SLUG); on the web relative ones become root-relative.
 *   Links other than http, https, mailto and relative ones lose their href.
 * - In a book an image from the media library that keep_image holds is "media/NAME"; any other
 *   image becomes a link to its absolute address showing its alt text (inside a link, the alt
 *   text alone), so the book never loads anything remote.
 * - On the web page headings move one level down (h1 becomes h2 ... h5 becomes h6), below
 *   the piece's own h2 title.
 * - Text is written with xml_esc_text, attributes with xml_esc_attr: the output is always
 *   well-formed XML (book) and valid HTML text (web), whatever the input bytes.
 */
struct xh_set;

/* Parses html[0..is->n) (NULL stands for ""); is and the strings must outlive the set. */
struct xh_set *xh_parse(const struct xh_issue *is, const char *const *html);
/* Appends piece i's converted body to out. */
void xh_write(struct xh_set *x, size_t i, struct buf *out);
void xh_free(struct xh_set *x);

/* Appends the plain text of an HTML fragment, or with first_paragraph of its first top-level
 * <p> only (when it has one):
 * tags dropped (blocks and line breaks leave a space), entities decoded, runs of white space
 * one space, none at either end. */
void xh_text(const char *html, int first_paragraph, struct buf *out);

#endif
