/* audit: the log of every look at or change of the member list, chained by a keyed hash so that
 * no entry can be changed, dropped or slipped in unseen; its verification. */
#ifndef BS_AUDIT_H
#define BS_AUDIT_H

#include <stddef.h>

struct press_keys;
struct store;

/* Appends an entry inside the caller's transaction: who (a writer's "@handle", a member's
 * "member #ID", or "the command line"), what, about which member (0: none), and a detail
 * sentence (never an email). 0 or -1. */
int audit_add(struct store *s, const struct press_keys *k, long long at, const char *actor,
	      const char *action, long long subject, const char *detail);

/* The meta key of the log's end: its count and a keyed hash of the count and the last entry. */
#define AUDIT_END_KEY "audit_end"

/*
 * Walks the whole log: every entry's hash must be the keyed hash of the one before and of its
 * own fields, and the log must end where the sealed end (AUDIT_END_KEY) says. 0 with *entries
 * counted when it holds; 1 with *bad the first entry that does not; 2 when the entries hold
 * but the end does not (entries taken off the end, or the end's seal changed), with *bad the
 * first missing entry's number; -1 on a database error. Someone who puts back a whole older
 * copy of the database puts back its older end too: that is not seen.
 */
int audit_verify(struct store *s, const struct press_keys *k, long long *entries, long long *bad);

#endif
