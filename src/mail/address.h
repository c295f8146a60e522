/* address: which email addresses the press takes and sends to. */
#ifndef BS_ADDRESS_H
#define BS_ADDRESS_H

#include <stddef.h>

#define MAIL_ADDRESS_MAX 254

/*
 * 1 when s is an address of the form local@domain that mail can be sent to: ASCII only (mail
 * servers that take other scripts in addresses are not assumed), a dot-atom local part of at
 * most 64 characters, a domain of DNS labels with at least one dot (or an [IP] literal), at
 * most MAIL_ADDRESS_MAX bytes, and nothing that could end a header (CR, LF, NUL, '<', '>',
 * spaces, commas). 0 for anything else.
 */
int mail_address_valid(const char *s);

#endif
