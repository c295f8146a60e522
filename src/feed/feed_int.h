/* feed_int: what the Atom, RSS and JSON Feed writers share (not for other modules). */
#ifndef BS_FEED_INT_H
#define BS_FEED_INT_H

#include <stddef.h>

struct buf;
struct feed_entry;

/* The generator named in every feed. */
#define FEED_GENERATOR "broadside"
/* The category/tag that marks an unfinished post (Atom: no scheme, label "Unfinished"; RSS: no
 * domain; JSON Feed: a tag plus "_broadside": {"unfinished": true}). Hashtag categories always
 * carry their tag page as scheme/domain, so a hashtag spelled the same stays distinct. */
#define FEED_UNFINISHED_TERM "unfinished"
#define FEED_UNFINISHED_LABEL "Unfinished"

/* s, or "" for NULL. */
const char *feed_str(const char *s);

/* XML text, attribute value (NULL as ""), and <name>text</name> on its own indented line. */
void feed_xml_text(struct buf *out, const char *s);
void feed_xml_attr(struct buf *out, const char *s);
void feed_xml_element(struct buf *out, const char *indent, const char *name, const char *s);

/* t limited to years 0000..9999, the range RFC 3339 and RFC 822 dates can write. */
long long feed_time(long long t);

/* An entry's published and updated times, clamped, with updated never before published. */
void feed_entry_times(const struct feed_entry *e, long long *published, long long *updated);

/*
 * Appends html with the value of every href, src and cite attribute that is a relative
 * reference made absolute against base (an absolute http(s) URL, such as the post's
 * permalink): "/tag/X" gets base's scheme and host, "#id" and "?q" base's path, "x" base's
 * directory, "//host/x" base's scheme. Absolute URLs are copied; base is HTML-escaped where
 * it is inserted. When base is NULL or not absolute, html is copied unchanged. Reader
 * applications show feed content away from the site, where relative links would break.
 */
void feed_absolute_html(struct buf *out, const char *html, const char *base);

/*
 * Appends the plain text of an HTML fragment: tags dropped (block and line-break elements
 * leave a space), the five XML entities and numeric character references decoded, runs of
 * white space collapsed to one space, none at either end. Other named entities stay as written.
 */
void feed_html_text(struct buf *out, const char *html);

#endif
