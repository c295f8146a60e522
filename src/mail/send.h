/* send: handing a built message to the press's SMTP server (libcurl), or, without one, to a
 * file in DATA/outbox/. */
#ifndef BS_SEND_H
#define BS_SEND_H

#include <stddef.h>

struct mail_config {
	const char *smtp_url; /* smtp://host[:port] (STARTTLS when offered), smtps://...; "" none */
	const char *user;     /* AUTH user, or "" */
	const char *password; /* read from smtp_password_file, or "" */
	const char *outbox;   /* DATA/outbox, where messages go without SMTP */
	int require_tls;      /* smtp:// must upgrade to TLS (STARTTLS), else refuse */
};

/*
 * Sends msg (len bytes, CRLF lines) from from_addr to rcpt. name is the file name in the outbox
 * when there is no SMTP server ("ID.eml"; written whole or not at all). Returns 0 when the
 * server took it (or the file is written), -1 with err; *permanent tells that trying again
 * cannot help (the server refused for good: a 5xx answer).
 */
int mail_send(const struct mail_config *c, const char *from_addr, const char *rcpt, const char *msg,
	      size_t len, const char *name, char *err, size_t errlen, int *permanent);

/* Reads the first line of the password file (at most 1 KB) into out: 0 or -1 with err. */
int mail_read_password(const char *path, char *out, size_t outlen, char *err, size_t errlen);

#endif
