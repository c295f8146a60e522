/* addrkey: writing a client address as the key that limits, throttles and bans count by. */
#include "util/addrkey.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static void v6_key(const unsigned char a[16], char out[GUARD_KEY_LEN])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(a, mapped, 12) == 0) {
		inet_ntop(AF_INET, a + 12, out, GUARD_KEY_LEN);
		return;
	}
	unsigned char p[16] = {0};
	memcpy(p, a, 8);
	char s[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, p, s, sizeof(s));
	/* inet_ntop writes the zero half as "::" already. */
	snprintf(out, GUARD_KEY_LEN, "%s/64", s);
}

int guard_addr_key(const struct sockaddr *sa, char out[GUARD_KEY_LEN])
{
	if (sa && sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, GUARD_KEY_LEN);
		return 0;
	}
	if (sa && sa->sa_family == AF_INET6) {
		v6_key(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr, out);
		return 0;
	}
	snprintf(out, GUARD_KEY_LEN, "unknown");
	return -1;
}

int guard_text_key(const char *addr, char out[GUARD_KEY_LEN])
{
	unsigned char a[16];
	if (inet_pton(AF_INET, addr, a) == 1) {
		inet_ntop(AF_INET, a, out, GUARD_KEY_LEN);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, a) == 1) {
		v6_key(a, out);
		return 0;
	}
	return -1;
}
