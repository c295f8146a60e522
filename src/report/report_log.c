/* report_log: chained entries keyed with the press's committee key, and the check of the chain
 * from the first entry to the sealed end. */
#include "report/report_log.h"
#include "crypto/chain.h"
#include "crypto/keys.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "util/pool.h"

#include <stdio.h>

/* The hash of an entry: the one before, the report, then each text field. */
static void entry_hash(const struct press_keys *k, const struct committee_log_row *r,
		       unsigned char out[32])
{
	char head[32];
	snprintf(head, sizeof(head), "%lld|", r->report);
	const char *fields[] = {r->day, r->actor, r->action, r->detail};
	chain_hash(k->committee, r->prev, head, fields, 4, out);
}

int report_log_add(struct store *s, const struct press_keys *k, const char *day, const char *actor,
		   const char *action, long long report, const char *detail)
{
	struct committee_log_row r = {
	    .day = day, .actor = actor, .action = action, .report = report, .detail = detail};
	if (store_committee_log_last(s, r.prev) != 0)
		return -1;
	entry_hash(k, &r, r.hash);
	if (store_committee_log_add(s, &r) != 0 ||
	    chain_end_advance(s, REPORT_LOG_END_KEY, k->committee, r.hash) != 0)
		return -1;
	return 0;
}

int report_log_verify(struct store *s, const struct press_keys *k, long long *entries,
		      long long *bad)
{
	struct chain_walk w = {{0}, 0};
	long long after = 0;
	*bad = 0;
	for (;;) {
		struct pool *p = pool_new();
		struct committee_log_row *rows;
		size_t n;
		if (store_committee_log_rows(s, p, after, 1000, 0, &rows, &n) != 0) {
			pool_free(p);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			unsigned char made[32];
			entry_hash(k, &rows[i], made);
			if (!chain_step(&w, rows[i].prev, rows[i].hash, made)) {
				*bad = rows[i].id;
				*entries = w.entries;
				pool_free(p);
				return 1;
			}
			after = rows[i].id;
		}
		pool_free(p);
		if (n < 1000)
			break;
	}
	*entries = w.entries;
	return chain_end(s, REPORT_LOG_END_KEY, k->committee, &w, bad);
}
