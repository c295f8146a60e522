/* fuzz_route: request path, query, date and search-query parsing never crash and keep their
 * promises. */
#include "http/forwarded.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "util/buf.h"
#include "util/ftsquery.h"
#include "http/route.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *p = pool_new();
	struct route r;
	route_match((const char *)data, size, p, &r);
	if (r.arg && !utf8_valid(r.arg, strlen(r.arg), NULL))
		abort();
	if ((r.id == R_HOME || r.id == R_TAG || r.id == R_AUTHOR) &&
	    (r.page < 1 || r.page > 100000))
		abort();
	char *q = route_decode((const char *)data, size, 1, p);
	if (q && !utf8_valid(q, strlen(q), NULL))
		abort();
	/* Accept-Encoding parsing sees the same untrusted bytes. */
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	(void)gzip_accepted(s);
	/* So do X-Forwarded-For (behind a proxy) and the admin paths' ids. */
	char addr[INET6_ADDRSTRLEN];
	if (forwarded_addr(s, addr) == 0 && (strchr(addr, ',') || strchr(addr, ' ')))
		abort();
	free(s);
	pool_free(p);
	return 0;
}
