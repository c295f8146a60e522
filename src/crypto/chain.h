/* chain: the keyed hash chain that the audit log and the committee's log share: each entry's
 * hash covers the one before it and its own fields, and a sealed end in the meta table says
 * how many entries there are and which is last, so that entries cut off the end are seen. */
#ifndef BS_CHAIN_H
#define BS_CHAIN_H

#include <stddef.h>

struct store;

#define CHAIN_HASH 32
#define CHAIN_END_MAX 96 /* "COUNT:HEX" with its NUL */

/* The keyed BLAKE2b of prev, head (the entry's numbers, as "1|2|"), then each field as its
 * length, ':', and its bytes (so no two lists of fields hash alike). key is 32 bytes. */
void chain_hash(const unsigned char *key, const unsigned char prev[CHAIN_HASH], const char *head,
		const char *const *fields, size_t nfields, unsigned char out[CHAIN_HASH]);

/* Inside the caller's transaction, after an entry whose hash is last was added: the end under
 * end_key becomes one entry more, with last as its last. 0 or -1. */
int chain_end_advance(struct store *s, const char *end_key, const unsigned char *key,
		      const unsigned char last[CHAIN_HASH]);

/*
 * A walk over the entries, oldest first. chain_step checks the next entry (its stored prev
 * and hash, and the hash its fields make): 1 when it follows, 0 when it does not (the walk
 * stops there). chain_end then checks the sealed end against what was walked: 0 when it
 * holds, 2 with *bad the first missing entry's number when it does not.
 */
struct chain_walk {
	unsigned char prev[CHAIN_HASH];
	long long entries;
};
int chain_step(struct chain_walk *w, const unsigned char stored_prev[CHAIN_HASH],
	       const unsigned char stored_hash[CHAIN_HASH], const unsigned char made[CHAIN_HASH]);
int chain_end(struct store *s, const char *end_key, const unsigned char *key,
	      const struct chain_walk *w, long long *bad);

#endif
