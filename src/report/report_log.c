/* report_log: chained entries keyed with the press's committee key, and the check of the chain
 * from the first entry to the sealed end. */
#include "report/report_log.h"
#include "crypto/keys.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hash of an entry: the one before, the report, then each text field with its length. */
static void entry_hash(const struct press_keys *k, const struct committee_log_row *r,
		       unsigned char out[32])
{
	crypto_generichash_state h;
	char head[64];
	crypto_generichash_init(&h, k->committee, sizeof(k->committee), 32);
	crypto_generichash_update(&h, r->prev, 32);
	int n = snprintf(head, sizeof(head), "%lld|", r->report);
	crypto_generichash_update(&h, (const unsigned char *)head, (unsigned long long)n);
	const char *fields[] = {r->day, r->actor, r->action, r->detail};
	for (int i = 0; i < 4; i++) {
		n = snprintf(head, sizeof(head), "%zu:", strlen(fields[i]));
		crypto_generichash_update(&h, (const unsigned char *)head, (unsigned long long)n);
		crypto_generichash_update(&h, (const unsigned char *)fields[i], strlen(fields[i]));
	}
	crypto_generichash_final(&h, out, 32);
}

/* "COUNT:HEX": the number of entries and a keyed hash of it with the last entry's hash. */
static void end_seal(const struct press_keys *k, long long count, const unsigned char last[32],
		     char out[96])
{
	unsigned char mac[32];
	char n[32], hex[65];
	int len = snprintf(n, sizeof(n), "end|%lld|", count);
	crypto_generichash_state h;
	crypto_generichash_init(&h, k->committee, sizeof(k->committee), 32);
	crypto_generichash_update(&h, (const unsigned char *)n, (unsigned long long)len);
	crypto_generichash_update(&h, last, 32);
	crypto_generichash_final(&h, mac, 32);
	sodium_bin2hex(hex, sizeof(hex), mac, 32);
	snprintf(out, 96, "%lld:%s", count, hex);
}

int report_log_add(struct store *s, const struct press_keys *k, const char *day, const char *actor,
		   const char *action, long long report, const char *detail)
{
	struct committee_log_row r = {
	    .day = day, .actor = actor, .action = action, .report = report, .detail = detail};
	if (store_committee_log_last(s, r.prev) != 0)
		return -1;
	entry_hash(k, &r, r.hash);
	struct pool *p = pool_new();
	const char *was = store_meta_get(s, p, REPORT_LOG_END_KEY);
	long long count = was ? atoll(was) : 0;
	pool_free(p);
	char seal[96];
	end_seal(k, count + 1, r.hash, seal);
	if (store_committee_log_add(s, &r) != 0 || store_meta_set(s, REPORT_LOG_END_KEY, seal) != 0)
		return -1;
	return 0;
}

int report_log_verify(struct store *s, const struct press_keys *k, long long *entries,
		      long long *bad)
{
	unsigned char prev[32] = {0};
	long long after = 0;
	*entries = 0;
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
			unsigned char want[32];
			entry_hash(k, &rows[i], want);
			if (sodium_memcmp(rows[i].prev, prev, 32) != 0 ||
			    sodium_memcmp(rows[i].hash, want, 32) != 0) {
				*bad = rows[i].id;
				pool_free(p);
				return 1;
			}
			memcpy(prev, rows[i].hash, 32);
			after = rows[i].id;
			(*entries)++;
		}
		pool_free(p);
		if (n < 1000)
			break;
	}
	struct pool *p = pool_new();
	const char *end = store_meta_get(s, p, REPORT_LOG_END_KEY);
	char want[96];
	end_seal(k, *entries, prev, want);
	int same = end ? strlen(end) == strlen(want) && sodium_memcmp(end, want, strlen(want)) == 0
		       : *entries == 0;
	if (!same) {
		long long written = end ? atoll(end) : 0;
		*bad = written > *entries ? *entries + 1 : *entries;
	}
	pool_free(p);
	return same ? 0 : 2;
}
