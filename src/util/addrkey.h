/* addrkey: the key under which a client address counts: IPv4 as it is, IPv6 by its /64. */
#ifndef BS_ADDRKEY_H
#define BS_ADDRKEY_H

#include <netinet/in.h>
#include <sys/socket.h>

/* Room for an address key: an IPv4 address, or an IPv6 /64 written "PREFIX::/64". */
#define GUARD_KEY_LEN (INET6_ADDRSTRLEN + 4)

/*
 * The key under which limits, throttles and bans count an address: IPv4 as it is ("1.2.3.4",
 * IPv4-mapped IPv6 too), IPv6 by its first 64 bits ("2001:db8:1:2::/64"), since one home or
 * host is given a whole /64 to pick from. -1 for other families.
 */
int guard_addr_key(const struct sockaddr *sa, char out[GUARD_KEY_LEN]);
/* The same for an address written as text (from X-Forwarded-For): 0, or -1 when not one. */
int guard_text_key(const char *addr, char out[GUARD_KEY_LEN]);

#endif
