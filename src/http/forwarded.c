/* forwarded: reading the proxy's entry of X-Forwarded-For. */
#include "http/forwarded.h"

#include <string.h>

int forwarded_addr(const char *header, char out[INET6_ADDRSTRLEN])
{
	const char *last = strrchr(header, ',');
	last = last ? last + 1 : header;
	while (*last == ' ' || *last == '\t')
		last++;
	size_t n = strcspn(last, " \t");
	char addr[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	if (n == 0 || n >= sizeof(addr) || last[n + strspn(last + n, " \t")] != '\0')
		return -1;
	memcpy(addr, last, n);
	addr[n] = '\0';
	int af = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, addr, bin) != 1 || !inet_ntop(af, bin, out, INET6_ADDRSTRLEN))
		return -1;
	return 0;
}
