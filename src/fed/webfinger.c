/* webfinger: the two shapes of a WebFinger resource, checked byte by byte. */
#include "fed/webfinger.h"
#include "fed/json.h"

#include <string.h>
#include <strings.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

enum webfinger_kind webfinger_resource(const char *resource, char name[256], char host[256])
{
	name[0] = host[0] = '\0';
	if (!resource)
		return WEBFINGER_BAD;
	size_t n = strlen(resource);
	if (n == 0 || n > WEBFINGER_MAX)
		return WEBFINGER_BAD;
	if (strncasecmp(resource, "http://", 7) == 0 || strncasecmp(resource, "https://", 8) == 0)
		return fed_url_ok(resource) ? WEBFINGER_URL : WEBFINGER_BAD;
	if (strncasecmp(resource, "acct:", 5) != 0)
		return WEBFINGER_BAD;
	const char *s = resource + 5;
	if (*s == '@')
		s++;
	const char *at = strrchr(s, '@');
	if (!at || at == s)
		return WEBFINGER_BAD;
	size_t nl = (size_t)(at - s), hl = strlen(at + 1);
	if (nl > 64 || hl == 0 || hl > 255)
		return WEBFINGER_BAD;
	for (size_t i = 0; i < nl; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return WEBFINGER_BAD;
		name[i] = lower(c);
	}
	name[nl] = '\0';
	const char *h = at + 1;
	int colons = 0;
	for (size_t i = 0; i < hl; i++) {
		char c = h[i];
		colons += c == ':';
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return WEBFINGER_BAD;
		host[i] = lower(c);
	}
	host[hl] = '\0';
	/* One port at most, after a name; an IPv6 address only in brackets. */
	if (host[0] == ':' || host[0] == '.' || host[hl - 1] == ':' ||
	    (colons > 1 && host[0] != '['))
		return WEBFINGER_BAD;
	return WEBFINGER_ACCT;
}
