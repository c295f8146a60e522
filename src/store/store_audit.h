/* store_audit: the rows of the append-only audit log (the chaining is member/audit.c's). */
#ifndef BS_STORE_AUDIT_H
#define BS_STORE_AUDIT_H

#include <stddef.h>

struct pool;
struct store;

struct audit_row {
	long long id, at, subject;
	const char *actor, *action, *detail;
	unsigned char prev[32], hash[32];
};

/* The last entry's hash into last (zeros when the log is empty): 0, -1 on error. */
int store_audit_last(struct store *s, unsigned char last[32]);
int store_audit_add(struct store *s, const struct audit_row *r);
/* Entries in id order after after_id, at most limit; newest first when newest. */
int store_audit_rows(struct store *s, struct pool *p, long long after_id, int limit, int newest,
		     struct audit_row **rows, size_t *n);
/* What a member may read of the log, newest first: every entry about them, and every look at
 * the list by anyone (reveal, outbox), at most limit. */
int store_audit_seen_by(struct store *s, struct pool *p, long long member, int limit,
			struct audit_row **rows, size_t *n);

#endif
