/* fuzz_webfinger: WebFinger resources from anyone never crash the reader, and what it takes is
 * what it promises: an acct: resource gives a lowercase name of letters, digits, '_', '.' and
 * '-' and a lowercase host, each within its buffer; an URL resource is an http(s) URL. */
#include "fed/json.h"
#include "fed/webfinger.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2 * WEBFINGER_MAX)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	char name[256], host[256];
	enum webfinger_kind k = webfinger_resource(s, name, host);
	if (k == WEBFINGER_ACCT) {
		size_t n = strlen(name), h = strlen(host);
		if (n == 0 || n > 64 || h == 0 || h > 255 ||
		    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != n ||
		    strspn(host, "abcdefghijklmnopqrstuvwxyz0123456789.-:[]") != h)
			abort();
	} else if (k == WEBFINGER_URL && !fed_url_ok(s)) {
		abort();
	} else if (k != WEBFINGER_ACCT && k != WEBFINGER_URL && k != WEBFINGER_BAD) {
		abort();
	}
	char out[300];
	fed_url_host(s, 1, out, sizeof(out));
	fed_url_host(s, 0, out, sizeof(out));
	free(s);
	return 0;
}
