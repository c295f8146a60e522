/* message: a mail as the press sends it: safe headers, a plain-text and an HTML part, and the
 * one-click unsubscribe of RFC 8058. */
#ifndef BS_MESSAGE_H
#define BS_MESSAGE_H

#include <stddef.h>

struct buf;

struct mail_message {
	const char *from_name;	 /* the press's title, shown as the sender */
	const char *from_addr;	 /* mail_from */
	const char *to;		 /* the recipient's address */
	const char *subject;	 /* one line of UTF-8 */
	const char *text;	 /* the plain-text part */
	const char *html;	 /* the HTML part, or NULL for plain text only */
	const char *unsubscribe; /* the one-click unsubscribe URL, or NULL */
	const char *message_id;	 /* "<id@host>" */
	long long date;		 /* seconds since the epoch */
};

/* The longest subject and sender name a message takes, in bytes. */
#define MAIL_HEADER_TEXT_MAX 900

/*
 * Writes the message (CRLF line ends, quoted-printable parts, RFC 2047 words for non-ASCII
 * header text) to out. A header value with a CR, LF or NUL, an address that is not valid, or
 * text that is not UTF-8 is refused: -1 with err naming the field, and out is left as it was.
 * Returns 0.
 */
int mail_build(const struct mail_message *m, struct buf *out, char *err, size_t errlen);

#endif
