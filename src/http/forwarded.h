/* forwarded: the client address a reverse proxy puts in X-Forwarded-For. */
#ifndef BS_FORWARDED_H
#define BS_FORWARDED_H

#include <arpa/inet.h>

/*
 * The last entry of an X-Forwarded-For value (the one the proxy in front of us appended; a
 * client can only forge those before it), written in canonical form into out. Returns 0, or -1
 * when it is not an IPv4 or IPv6 address.
 */
int forwarded_addr(const char *header, char out[INET6_ADDRSTRLEN]);

#endif
