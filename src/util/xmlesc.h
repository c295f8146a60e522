/* xmlesc: untrusted UTF-8 into XML 1.0 text and attribute values, for feeds and sitemaps. */
#ifndef BS_XMLESC_H
#define BS_XMLESC_H

#include <stddef.h>

struct buf;

/*
 * Both escape & < > " ' as entities (so "]]>" can never close anything) and make the result
 * a legal XML 1.0 character sequence whatever the input: characters XML forbids or
 * discourages are dropped (C0 controls other than tab, LF and CR, NUL, DEL, the C1 controls
 * U+0080-U+009F, and the non-characters U+FFFE and U+FFFF), and each malformed UTF-8 byte
 * becomes U+FFFD.
 *
 * xml_esc_text is for element content: tab and LF stay as they are; CR is written &#13; so
 * parsers do not fold it into LF.
 */
void xml_esc_text(struct buf *out, const char *s, size_t n);
/* For a quoted attribute value: tab, LF and CR are written as character references too, since
 * parsers replace literal ones with spaces. */
void xml_esc_attr(struct buf *out, const char *s, size_t n);

#endif
