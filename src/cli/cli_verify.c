/* cli_verify: what `audit verify` and `committee verify` say of a chained log's check. */
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>

int cli_chain_verdict(const char *log, int v, long long entries, long long bad, struct store *s)
{
	if (v < 0)
		return cli_fail("database: %s", store_errmsg(s));
	if (v == 1)
		return cli_fail("%s is broken at entry %lld: it was changed, or an entry before it "
				"was taken out",
				log, bad);
	if (v == 2)
		return cli_fail(
		    "%s ends early: its %lld entries hold, but entries from number %lld "
		    "on were taken out (or its sealed end was changed)",
		    log, entries, bad);
	printf("%s holds: %lld entries, each chained to the one before\n", log, entries);
	return 0;
}
