/* wxr_filter: the bytes of a WordPress export made fit for a strict XML parser before it reads
 * them, the way WordPress's own importer cleans them, without ever adding a line. */
#ifndef BS_WXR_FILTER_H
#define BS_WXR_FILTER_H

#include "util/buf.h"

#include <stddef.h>

/* The most white space after a "]]>" inside CDATA that is looked past to decide what it is. */
#define WXR_FILTER_HOLD_MAX 4096

/*
 * What the filter does, in one pass over chunks of any size:
 * - malformed UTF-8 becomes U+FFFD, and so do U+FFFE and U+FFFF; C0 control characters other
 *   than tab, LF and CR become spaces (XML 1.0 allows none of them);
 * - inside CDATA, a "]]>" that is not followed (after white space) by '<' does not end it:
 *   old exporters wrote a nested "]]>" as it was, so it becomes "]]]]><![CDATA[>", which
 *   keeps the "]]>" in the text;
 * - in text outside markup, a "]]>" becomes "]]&gt;";
 * - a "<!DOCTYPE" outside comments and CDATA is noted (doctype_line), and what follows is not
 *   passed on: a WordPress export never has one, and it is where entities are declared.
 */
struct wxr_filter {
	struct buf out; /* filtered bytes not yet taken by the parser */
	unsigned doctype_line;
	/* private */
	unsigned char carry[4];
	size_t ncarry;
	int state, brackets, dashes;
	char quote;
	char pending[16]; /* after '<' in text: what it might start */
	size_t npending;
	struct buf hold; /* "]]>" and white space inside CDATA, until the next byte decides */
	int holding;
	unsigned line;
};

void wxr_filter_init(struct wxr_filter *f);
void wxr_filter_free(struct wxr_filter *f);
/* Filters n more bytes into f->out. Returns 0, or -1 once a DOCTYPE was seen. */
int wxr_filter_put(struct wxr_filter *f, const char *s, size_t n);
/* The end of the input: whatever was held back is written. */
void wxr_filter_end(struct wxr_filter *f);

/* The encoding the XML declaration at the start of s names, when it is not UTF-8: -1 with its
 * name in name (cut to len); 0 for UTF-8, or when s declares none. */
int wxr_filter_encoding(const char *s, char *name, size_t len);

#endif
