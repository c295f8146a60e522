/* audit: appending chained entries, and checking the chain from the first entry to the last. */
#include "member/audit.h"
#include "crypto/chain.h"
#include "crypto/keys.h"
#include "store/store.h"
#include "store/store_audit.h"
#include "util/pool.h"

#include <stdio.h>

/* The hash of an entry: the one before, its time and member, then each text field. */
static void entry_hash(const struct press_keys *k, const struct audit_row *r, unsigned char out[32])
{
	char head[64];
	snprintf(head, sizeof(head), "%lld|%lld|", r->at, r->subject);
	const char *fields[] = {r->actor, r->action, r->detail};
	chain_hash(k->audit, r->prev, head, fields, 3, out);
}

int audit_add(struct store *s, const struct press_keys *k, long long at, const char *actor,
	      const char *action, long long subject, const char *detail)
{
	struct audit_row r = {
	    .at = at, .subject = subject, .actor = actor, .action = action, .detail = detail};
	if (store_audit_last(s, r.prev) != 0)
		return -1;
	entry_hash(k, &r, r.hash);
	if (store_audit_add(s, &r) != 0 ||
	    chain_end_advance(s, AUDIT_END_KEY, k->audit, r.hash) != 0)
		return -1;
	return 0;
}

int audit_verify(struct store *s, const struct press_keys *k, long long *entries, long long *bad)
{
	struct chain_walk w = {{0}, 0};
	long long after = 0;
	*bad = 0;
	for (;;) {
		struct pool *p = pool_new();
		struct audit_row *rows;
		size_t n;
		if (store_audit_rows(s, p, after, 1000, 0, &rows, &n) != 0) {
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
	return chain_end(s, AUDIT_END_KEY, k->audit, &w, bad);
}
