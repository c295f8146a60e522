/* escape: context-named escaping of untrusted text into HTML, attributes, URLs and XML. */
#ifndef BS_ESCAPE_H
#define BS_ESCAPE_H

#include <stddef.h>

struct buf;

/* Text content and quoted attribute values: & < > " ' become entities. */
void esc_html(struct buf *out, const char *s, size_t n);
/* A URL for an href/src attribute: bytes outside the URL-safe set are %-encoded, existing
 * %XX kept, then the result is HTML-escaped. The caller has already checked the scheme. */
void esc_href(struct buf *out, const char *s, size_t n);
/* One path segment or query value: everything but unreserved characters is %-encoded. */
void esc_url_component(struct buf *out, const char *s, size_t n);
/* A field of a log line, as Apache's mod_log_config writes one: '"' and '\\' get a backslash,
 * every byte outside printable ASCII becomes \xHH, so a line never holds a raw quote,
 * control character or newline. */
void esc_log(struct buf *out, const char *s, size_t n);

/*
 * Whether a link target is allowed in content from writers and readers: http, https, mailto,
 * or relative (no scheme at all). Leading/trailing spaces and control bytes count against it.
 */
int url_scheme_allowed(const char *s, size_t n);

#endif
