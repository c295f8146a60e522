/* markdown: our Markdown-to-HTML writer on md4c's parser, with hashtags, mentions and excerpts. */
#ifndef BS_MARKDOWN_H
#define BS_MARKDOWN_H

#include <stddef.h>

struct buf;

/*
 * Dialect: CommonMark plus tables, ~~strikethrough~~ and permissive autolinks (www., http(s)://,
 * bare e-mail addresses, whose hrefs get "http://" and "mailto:"). Raw HTML is never passed
 * through: it is shown as escaped text. Links and images may only point to http, https, mailto or
 * relative URLs; any other link keeps its text without the <a>, any other image is replaced by its
 * escaped alt text.
 *
 * #hashtag: '#' at the start of text or after a character that is not a letter, digit, '_',
 * '#' or '&', then up to 64 letters (any script), digits or '_' with at least one letter.
 * "Letter" means an ASCII letter or a non-ASCII code point outside these ranges, which count
 * as space, punctuation or symbols: U+0080-U+00BF, U+00D7, U+00F7, U+2000-U+206F,
 * U+2190-U+2BFF, U+2E00-U+2E7F, U+3000-U+303F, U+FE30-U+FE4F, U+FEFF, U+FF00-U+FF0F,
 * U+FF1A-U+FF20, U+FF3B-U+FF40, U+FF5B-U+FF65, U+FFF0-U+FFFF, U+1F000-U+1FAFF. A longer run
 * is no hashtag at all. Rendered as <a class="hashtag" href="/tag/NAME">#NAME</a>, NAME
 * %-encoded in the href. A backslash-escaped '#' (\#) or one written as an entity never
 * starts a hashtag, and neither do '#' in code, link text or image alt text.
 *
 * @handle: '@' at the start of text or after a character that is neither a letter, digit,
 * '_' nor '@', then 1 to 32 of [A-Za-z0-9_] not followed by a letter, digit, '_' or '@'.
 * Linked as <a class="mention" href="/@handle">@handle</a> only when user_exists says so;
 * escaping (\@) and code/link/alt text work as for hashtags.
 *
 * Headings get an id (full renders only: excerpts share a page, ids would collide) made
 * of the heading's plain text: letters and digits kept, letters lowercased (ASCII and the
 * scripts of the case fold below), each other run of characters one '-', none at either end,
 * at most 80 bytes; "section" when nothing is left. A repeated id gets "-2", "-3"...
 *
 * Entities: numeric ones and the HTML 4 named set (plus &apos;) are decoded to UTF-8 (NUL,
 * surrogates, controls and values past U+10FFFF become U+FFFD); other names stay as typed.
 *
 * A line that is exactly "<!--more-->" (spaces around allowed) outside code is the excerpt
 * marker; full renders treat it as a blank line. In untrusted text it is no marker, just text.
 *
 * Untrusted text (md_opts.untrusted) has stricter rules, detailed at the field: an http or
 * https URL must start with "//" after its scheme; an image inside link text shows only its
 * alt text (an <a> cannot hold another); an image with an empty alt shows its URL instead.
 *
 * Output is UTF-8 whenever the input is; input must be UTF-8 (malformed bytes are copied).
 */

struct md_opts {
	/* Nonzero when handle (len bytes, without '@') is a known user; NULL means no handle
	 * links. */
	int (*user_exists)(void *ud, const char *handle, size_t len);
	void *ud;
	/* Text from readers (comments): links only to absolute http, https and mailto URLs, with
	 * rel="nofollow ugc noopener"; images become links to their source (same rules) showing
	 * the alt text, or just the alt text; headings become paragraphs of <strong> text; no
	 * heading ids, no #hashtag or @handle links (they stay text); tables, lists, quotes,
	 * code, emphasis and autolinks as usual. */
	int untrusted;
};

/*
 * Hashtags found in a document, in the writer's case, first spelling wins. Deduplicated
 * case-insensitively with a simple one-to-one case fold of ASCII, Latin-1, Latin Extended-A,
 * Greek (final sigma folds to sigma), Cyrillic and fullwidth Latin letters; other scripts
 * compare byte for byte.
 */
struct md_tags {
	char **names;
	size_t n;
};

/* Frees the names and leaves t empty. */
void md_tags_free(struct md_tags *t);

/*
 * Renders the whole document, appending to out. o may be NULL (no handle links). tags may be
 * NULL; otherwise *tags is overwritten (free earlier contents first) with the document's
 * hashtags in order of first appearance. Returns 0, or -1 if md4c fails (out then holds
 * partial output, tags what was found so far). Untrusted text has no hashtags.
 */
int md_render(const char *text, size_t len, const struct md_opts *o, struct buf *out,
	      struct md_tags *tags);

/*
 * Renders the excerpt, appending to out: everything before the first "<!--more-->" line when
 * there is one; otherwise whole leading top-level blocks up to 60 words. When the first block
 * that has words would go past 60 on its own, it is cut before its 61st word, "…" appended
 * and every open element closed. Each CJK ideograph or kana counts as a word; image alt text
 * counts none. *more (may be NULL) is set to 1 when the excerpt omits anything of the
 * document, else 0. Returns 0, or -1 if md4c fails. Untrusted text has no marker line.
 */
int md_excerpt(const char *text, size_t len, const struct md_opts *o, struct buf *out, int *more);

/*
 * Appends the document's plain text to out: no markup, entities decoded, one line per block,
 * with the <!--more--> line left out. Returns 0, or -1 if md4c fails.
 */
int md_plain_text(const char *text, size_t len, struct buf *out);

#endif
