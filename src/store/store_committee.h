/* store_committee: the standing committee's rows: who is on it (named by the owner, public),
 * each member's public key and wrapped private key, the public list of changes, and the
 * committee's own chained log. */
#ifndef BS_STORE_COMMITTEE_H
#define BS_STORE_COMMITTEE_H

#include <stddef.h>

struct pool;
struct store;

/* A wrapped private key: a nonce, a MAC and the key (see report/report_crypto.h). */
#define STORE_WRAPPED 72

struct committee_row {
	long long user_id;
	const char *handle, *name; /* the writer's */
	int role;
	const char *since, *named_by; /* the day they were named, and by whom ("@owner") */
	const char *joined;	      /* the day they set a passphrase; NULL until then */
	unsigned char pk[32];
	unsigned char sk_pass[STORE_WRAPPED], pass_salt[16];
	long long pass_ops, pass_mem;
	unsigned char sk_recovery[STORE_WRAPPED];
	const unsigned char *notify_ct; /* their notice email, sealed (crypto/seal.h); or NULL */
	size_t notify_len;
};

/* 0 found, 1 not on the committee, -1 error. */
int store_committee_get(struct store *s, struct pool *p, long long user_id,
			struct committee_row *out);
/* Everyone on the committee, in the order they were named. */
int store_committee_list(struct store *s, struct pool *p, struct committee_row **rows, size_t *n);
/* 0 named, 1 on it already, -1 error. */
int store_committee_add(struct store *s, long long user_id, const char *day, const char *by);
/* Takes a member off with every copy of a report key sealed to them: 0, 1 not on it, -1. */
int store_committee_remove(struct store *s, long long user_id);
/* Their keys when they join: the public key, the private one wrapped under the passphrase
 * and under the recovery key. */
int store_committee_set_keys(struct store *s, long long user_id, const unsigned char pk[32],
			     const unsigned char sk_pass[STORE_WRAPPED],
			     const unsigned char salt[16], long long ops, long long mem,
			     const unsigned char sk_recovery[STORE_WRAPPED], const char *day);
/* A new passphrase: the private key wrapped again. */
int store_committee_set_pass(struct store *s, long long user_id,
			     const unsigned char sk_pass[STORE_WRAPPED],
			     const unsigned char salt[16], long long ops, long long mem);
/* Their notice email, sealed; NULL for none. */
int store_committee_set_notify(struct store *s, long long user_id, const void *ct, size_t n);

struct committee_change_row {
	long long id, user_id;
	const char *day, *action, *name, *handle, *by;
};
/* action: "named", "joined" or "removed". */
int store_committee_change_add(struct store *s, const char *day, const char *action,
			       long long user_id, const char *name, const char *handle,
			       const char *by);
/* Every change, newest first, at most limit. */
int store_committee_changes(struct store *s, struct pool *p, int limit,
			    struct committee_change_row **rows, size_t *n);

struct committee_log_row {
	long long id, report;
	const char *day, *actor, *action, *detail;
	unsigned char prev[32], hash[32];
};
int store_committee_log_last(struct store *s, unsigned char last[32]);
int store_committee_log_add(struct store *s, const struct committee_log_row *r);
/* Entries after after_id in id order, at most limit; the newest first when newest. */
int store_committee_log_rows(struct store *s, struct pool *p, long long after_id, int limit,
			     int newest, struct committee_log_row **rows, size_t *n);
/* 1 when actor logged action on report on day already (openings are logged once a day). */
int store_committee_log_has(struct store *s, const char *day, const char *actor, const char *action,
			    long long report);

#endif
