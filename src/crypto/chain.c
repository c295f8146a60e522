/* chain: keyed hashes of chained log entries and the sealed end of a log (crypto/chain.h). */
#include "crypto/chain.h"
#include "store/store.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void chain_hash(const unsigned char *key, const unsigned char prev[CHAIN_HASH], const char *head,
		const char *const *fields, size_t nfields, unsigned char out[CHAIN_HASH])
{
	crypto_generichash_state h;
	char len[32];
	crypto_generichash_init(&h, key, 32, CHAIN_HASH);
	crypto_generichash_update(&h, prev, CHAIN_HASH);
	crypto_generichash_update(&h, (const unsigned char *)head, strlen(head));
	for (size_t i = 0; i < nfields; i++) {
		int n = snprintf(len, sizeof(len), "%zu:", strlen(fields[i]));
		crypto_generichash_update(&h, (const unsigned char *)len, (unsigned long long)n);
		crypto_generichash_update(&h, (const unsigned char *)fields[i], strlen(fields[i]));
	}
	crypto_generichash_final(&h, out, CHAIN_HASH);
}

/* "COUNT:HEX": the number of entries and a keyed hash of it with the last entry's hash. */
static void end_seal(const unsigned char *key, long long count, const unsigned char last[32],
		     char out[CHAIN_END_MAX])
{
	unsigned char mac[32];
	char n[32], hex[65];
	int len = snprintf(n, sizeof(n), "end|%lld|", count);
	crypto_generichash_state h;
	crypto_generichash_init(&h, key, 32, 32);
	crypto_generichash_update(&h, (const unsigned char *)n, (unsigned long long)len);
	crypto_generichash_update(&h, last, 32);
	crypto_generichash_final(&h, mac, 32);
	sodium_bin2hex(hex, sizeof(hex), mac, 32);
	snprintf(out, CHAIN_END_MAX, "%lld:%s", count, hex);
}

int chain_end_advance(struct store *s, const char *end_key, const unsigned char *key,
		      const unsigned char last[CHAIN_HASH])
{
	struct pool *p = pool_new();
	const char *was = store_meta_get(s, p, end_key);
	long long count = was ? atoll(was) : 0;
	pool_free(p);
	char seal[CHAIN_END_MAX];
	end_seal(key, count + 1, last, seal);
	return store_meta_set(s, end_key, seal) == 0 ? 0 : -1;
}

int chain_step(struct chain_walk *w, const unsigned char stored_prev[CHAIN_HASH],
	       const unsigned char stored_hash[CHAIN_HASH], const unsigned char made[CHAIN_HASH])
{
	if (sodium_memcmp(stored_prev, w->prev, CHAIN_HASH) != 0 ||
	    sodium_memcmp(stored_hash, made, CHAIN_HASH) != 0)
		return 0;
	memcpy(w->prev, stored_hash, CHAIN_HASH);
	w->entries++;
	return 1;
}

int chain_end(struct store *s, const char *end_key, const unsigned char *key,
	      const struct chain_walk *w, long long *bad)
{
	/* The end: as many entries as were written, the last one the last written. */
	struct pool *p = pool_new();
	const char *end = store_meta_get(s, p, end_key);
	char want[CHAIN_END_MAX];
	end_seal(key, w->entries, w->prev, want);
	int same = end ? strlen(end) == strlen(want) && sodium_memcmp(end, want, strlen(want)) == 0
		       : w->entries == 0;
	if (!same) {
		long long written = end ? atoll(end) : 0;
		*bad = written > w->entries ? w->entries + 1 : w->entries;
	}
	pool_free(p);
	return same ? 0 : 2;
}
