/* fuzz_route: request path, query, date and search-query parsing never crash and keep their
 * promises. */
#include "http/forwarded.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "util/buf.h"
#include "util/ftsquery.h"
#include "route/route.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *p = pool_new();
	for (unsigned m = RM_GET; m <= RM_POST; m <<= 1) {
		struct route_match rm;
		route_find(m, (const char *)data, size, p, &rm);
		struct route *r = &rm.values;
		if (r->arg && !utf8_valid(r->arg, strlen(r->arg), NULL))
			abort();
		if (rm.row && !(rm.row->methods & m))
			abort(); /* a row answers only its own methods */
		if (rm.row && rm.bad)
			abort();
		if (rm.row) {
			/* Every query parameter the row reads, with the same bytes as its value. */
			static const char *const keys[] = {"before", "after", "q",
							   "page",   "mine",  "v"};
			char *v = malloc(size + 1);
			memcpy(v, data, size);
			v[size] = '\0';
			for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
				route_query(r, rm.row->query, keys[k], v, p);
			free(v);
			if (r->page < 1 || r->page > 1000 ||
			    (r->q && !utf8_valid(r->q, strlen(r->q), NULL)))
				abort();
			const char *key = route_cache_key(rm.row, r, p);
			if (!utf8_valid(key, strlen(key), NULL))
				abort();
		}
	}
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
