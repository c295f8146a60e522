/* address: the check of an email address before anything is queued for it. */
#include "mail/address.h"

#include <string.h>

/* RFC 5322 atext: letters, digits and these. */
static int atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static int local_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return 0;
		if (s[i] != '.' && !atext((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int domain_ok(const char *s, size_t n)
{
	if (n >= 3 && s[0] == '[' && s[n - 1] == ']')
		return strspn(s + 1, "0123456789abcdefABCDEF.:") == n - 2;
	size_t label = 0, dots = 0;
	if (n == 0 || n > 253)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? s[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return 0;
			dots += i < n;
			label = 0;
			continue;
		}
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || (c == '-' && label > 0);
		if (!ok)
			return 0;
		label++;
	}
	return dots > 0;
}

int mail_address_valid(const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	const char *at = strrchr(s, '@');
	if (n > MAIL_ADDRESS_MAX || !at || strchr(s, '@') != at)
		return 0;
	return local_ok(s, (size_t)(at - s)) && domain_ok(at + 1, n - (size_t)(at - s) - 1);
}
