/* fuzz_mail: email addresses, mail headers and members' link tokens from untrusted input never
 * crash and keep their promises: a valid address has nothing that could end a header, a built
 * message has only CRLF line ends and no header line a value could have added, and no token
 * but the right one opens a member's link. */
#include "auth/auth.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "mail/address.h"
#include "mail/message.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct press_keys keys;

static void check_address(const char *s)
{
	if (!mail_address_valid(s))
		return;
	size_t n = strlen(s);
	if (n > MAIL_ADDRESS_MAX || !strchr(s, '@'))
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e || strchr("<>,;\"\\() ", c))
			abort();
	}
}

/* The header block of a built message: CRLF only, each line a header or a folded one, and
 * exactly the headers mail_build writes (a value never makes another). */
static void check_message(const struct buf *m)
{
	const char *s = m->data;
	size_t n = m->len, i = 0, headers = 0;
	for (size_t k = 0; k < n; k++)
		if ((s[k] == '\n' && (k == 0 || s[k - 1] != '\r')) ||
		    (s[k] == '\r' && (k + 1 == n || s[k + 1] != '\n')) || s[k] == '\0')
			abort();
	while (i < n) {
		const char *e = memmem(s + i, n - i, "\r\n", 2);
		if (!e)
			abort();
		size_t len = (size_t)(e - (s + i));
		if (len == 0)
			break; /* the end of the headers */
		if (len > 998)
			abort();
		if (s[i] != ' ' && s[i] != '\t') {
			static const char *const known[] = {"From: ",
							    "To: ",
							    "Subject: ",
							    "Date: ",
							    "Message-ID: ",
							    "MIME-Version: ",
							    "Content-Type: ",
							    "Content-Transfer-Encoding: ",
							    "List-Unsubscribe: ",
							    "List-Unsubscribe-Post: "};
			int found = 0;
			for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
				found |= strncmp(s + i, known[k], strlen(known[k])) == 0;
			if (!found)
				abort();
			headers++;
		}
		i += len + 2;
	}
	if (i >= n || headers > 10)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!keys.master[0]) {
		memset(&keys, 0, sizeof(keys));
		for (size_t i = 0; i < sizeof(keys.member); i++)
			keys.member[i] = (unsigned char)(i + 1);
		for (size_t i = 0; i < sizeof(keys.addr); i++)
			keys.addr[i] = (unsigned char)(i + 7);
		keys.master[0] = 1;
	}
	/* Up to four fields, split at NUL bytes: an address, a name, a subject, a body. */
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	const char *f[4] = {"", "", "", ""};
	size_t nf = 0, at = 0;
	while (nf < 4 && at <= size) {
		f[nf++] = copy + at;
		at += strlen(copy + at) + 1;
	}
	check_address(f[0]);

	struct mail_message mm = {
	    .from_name = f[1],
	    .from_addr = "press@example.org",
	    .to = f[0],
	    .subject = f[2],
	    .text = f[3],
	    .html = f[3],
	    .unsubscribe = "https://example.org/unsubscribe/1/x",
	    .message_id = "<1.x@example.org>",
	    .date = 1796124059,
	};
	struct buf out = {0};
	char err[200];
	buf_puts(&out, "kept");
	if (mail_build(&mm, &out, err, sizeof(err)) == 0) {
		struct buf msg = {.data = out.data + 4, .len = out.len - 4};
		if (!mail_address_valid(f[0]) || !utf8_valid(f[1], strlen(f[1]), NULL))
			abort();
		check_message(&msg);
	} else if (out.len != 4 || memcmp(out.data, "kept", 4) != 0 || !err[0]) {
		abort(); /* a refusal leaves out as it was and says why */
	}
	buf_free(&out);

	/* Tokens: only the one made for this id and purpose opens the link. */
	char good[SEAL_LINK_LEN + 1];
	seal_member_link(&keys, "unsubscribe", 42, good);
	if (seal_member_link_ok(&keys, "unsubscribe", 42, f[0]) != (strcmp(f[0], good) == 0))
		abort();
	if (seal_member_link_ok(&keys, "signin", 42, good))
		abort();
	if (auth_token_shape(f[0]) && strlen(f[0]) != AUTH_TOKEN_LEN)
		abort();
	char tag[SEAL_TAG_LEN + 1];
	if (seal_addr_param(&keys, f[0], tag) == 0 && strlen(tag) != SEAL_TAG_LEN)
		abort();
	free(copy);
	return 0;
}
