/* message: building RFC 5322 messages with MIME parts, header by header, refusing injection. */
#include "mail/message.h"
#include "mail/address.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Header text: one line, valid UTF-8, bounded. NULL when fine, else why not. */
static const char *text_problem(const char *s)
{
	size_t n = strlen(s);
	if (n > MAIL_HEADER_TEXT_MAX)
		return "is too long";
	if (strpbrk(s, "\r\n"))
		return "holds a line break";
	if (!utf8_valid(s, n, NULL))
		return "is not valid UTF-8";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return "holds a control character";
	return NULL;
}

/* Plain ASCII short enough for one header line; longer or other text goes as folded encoded
 * words. */
static int ascii_plain(const char *s)
{
	if (strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* An RFC 2047 encoded word (base64), cut at character ends so no word splits a letter. */
static void encoded_words(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t take = 0;
		/* 45 bytes make 60 of base64: a word of about 72 characters. */
		while (i + take < n && take < 45) {
			size_t len = 1;
			unsigned char c = (unsigned char)s[i + take];
			if (c >= 0xf0)
				len = 4;
			else if (c >= 0xe0)
				len = 3;
			else if (c >= 0xc0)
				len = 2;
			if (take + len > 45 && take)
				break;
			take += len;
		}
		if (i + take > n)
			take = n - i;
		char b64[sodium_base64_ENCODED_LEN(48, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, take,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
		i += take;
	}
}

/* A display name: as it is when plain ASCII without specials, quoted when it has specials,
 * encoded otherwise. */
static void display_name(struct buf *out, const char *s)
{
	if (!ascii_plain(s)) {
		encoded_words(out, s);
		return;
	}
	if (strpbrk(s, "()<>[]:;@\\,.\"")) {
		buf_putc(out, '"');
		for (; *s; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *s);
		}
		buf_putc(out, '"');
		return;
	}
	buf_puts(out, s);
}

static void header_text(struct buf *out, const char *name, const char *s)
{
	buf_printf(out, "%s: ", name);
	if (ascii_plain(s))
		buf_puts(out, s);
	else
		encoded_words(out, s);
	buf_puts(out, "\r\n");
}

/* Ends a quoted-printable line: a space or tab just before the line end is encoded, with a soft
 * break first when the escape would pass column 76. */
static void qp_line_end(struct buf *out, size_t *col)
{
	if (*col && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\t')) {
		char last = out->data[--out->len];
		if (*col + 2 > 76)
			buf_puts(out, "=\r\n"), *col = 0;
		buf_printf(out, "=%02X", (unsigned char)last);
	}
	buf_puts(out, "\r\n");
	*col = 0;
}

/* Quoted-printable (RFC 2045): lines of at most 76, CRLF line ends, = escapes. */
static void quoted_printable(struct buf *out, const char *s)
{
	size_t col = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '\n') {
			qp_line_end(out, &col);
			continue;
		}
		if (*c == '\r')
			continue;
		int plain = (*c >= 33 && *c <= 126 && *c != '=') || *c == ' ' || *c == '\t';
		size_t w = plain ? 1 : 3;
		/* Room for the soft break's '=' at column 76. */
		if (col + w > 75) {
			buf_puts(out, "=\r\n");
			col = 0;
		}
		if (plain)
			buf_putc(out, (char)*c);
		else
			buf_printf(out, "=%02X", *c);
		col += w;
	}
	qp_line_end(out, &col);
}

static void part(struct buf *out, const char *boundary, const char *type, const char *body)
{
	buf_printf(out,
		   "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
		   "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		   boundary, type);
	quoted_printable(out, body);
}

int mail_build(const struct mail_message *m, struct buf *out, char *err, size_t errlen)
{
	const char *why;
	if (!mail_address_valid(m->to)) {
		snprintf(err, errlen, "the recipient's address is not valid");
		return -1;
	}
	if (!mail_address_valid(m->from_addr)) {
		snprintf(err, errlen, "the sender's address (mail_from) is not valid");
		return -1;
	}
	if ((why = text_problem(m->subject))) {
		snprintf(err, errlen, "the subject %s", why);
		return -1;
	}
	if ((why = text_problem(m->from_name))) {
		snprintf(err, errlen, "the sender's name %s", why);
		return -1;
	}
	if ((m->unsubscribe && (why = text_problem(m->unsubscribe))) ||
	    (m->message_id && (why = text_problem(m->message_id)))) {
		snprintf(err, errlen, "a link header %s", why);
		return -1;
	}
	if (!utf8_valid(m->text, strlen(m->text), NULL) ||
	    (m->html && !utf8_valid(m->html, strlen(m->html), NULL))) {
		snprintf(err, errlen, "the text is not valid UTF-8");
		return -1;
	}
	char date[64], boundary[40];
	time_t t = (time_t)m->date;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	unsigned char rnd[12];
	randombytes_buf(rnd, sizeof(rnd));
	char hex[25];
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(boundary, sizeof(boundary), "=_bs_%s", hex);
	buf_puts(out, "From: ");
	display_name(out, m->from_name);
	buf_printf(out, " <%s>\r\nTo: <%s>\r\n", m->from_addr, m->to);
	header_text(out, "Subject", m->subject);
	buf_printf(out, "Date: %s\r\n", date);
	if (m->message_id)
		buf_printf(out, "Message-ID: %s\r\n", m->message_id);
	if (m->unsubscribe)
		buf_printf(out,
			   "List-Unsubscribe: <%s>\r\n"
			   "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
			   m->unsubscribe);
	buf_puts(out, "MIME-Version: 1.0\r\n");
	if (!m->html) {
		buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\n"
			      "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		quoted_printable(out, m->text);
		return 0;
	}
	buf_printf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
	part(out, boundary, "text/plain", m->text);
	part(out, boundary, "text/html", m->html);
	buf_printf(out, "--%s--\r\n", boundary);
	return 0;
}
