/* store_reports: the rows of reports to the standing committee: each report's public keys and
 * sealed parts, one sealed copy of its key per committee member who may read it, its messages
 * and files. Nothing here is readable without a committee member's key (see report/). */
#ifndef BS_STORE_REPORTS_H
#define BS_STORE_REPORTS_H

#include <stddef.h>

struct pool;
struct store;

/* Where a report stands, as the committee marks it. */
enum report_state { REPORT_NEW, REPORT_IN_HAND, REPORT_CLOSED };
#define REPORT_STATE_LAST REPORT_CLOSED

/* Key sizes the store checks (X25519 keys, argon2id salts, receipt lookup ids). */
#define STORE_REPORT_KEY 32
#define STORE_REPORT_SALT 16

struct report_row {
	long long id;
	char day[11], last_day[11]; /* "2026-11-27": days only, never a time */
	unsigned char lookup[32];
	unsigned char pk[STORE_REPORT_KEY], reply_pk[STORE_REPORT_KEY];
	unsigned char reply_salt[STORE_REPORT_SALT];
	long long reply_ops, reply_mem;
	const unsigned char *meta; /* sealed to pk */
	size_t meta_len;
	int state, files;
	/* Read with a member's listing: the report's secret key sealed to that member. */
	const unsigned char *sealed_sk;
	size_t sealed_sk_len;
};

struct report_message_row {
	long long id;
	char day[11];
	int from_committee;
	const unsigned char *for_committee, *for_reporter; /* sealed to the report's and the
							      reporter's keys */
	size_t committee_len, reporter_len;
};

/* Adds a report under r->id (inside the caller's transaction): 0, 1 when the id or the
 * lookup id is taken, -1 on error. */
int store_report_add(struct store *s, const struct report_row *r);
/* Seals the report's key to a member: 0 added, 1 they had it already, -1 error. */
int store_report_key_add(struct store *s, long long report_id, long long user_id,
			 const void *sealed, size_t n);
/* 0 taken away, 1 they had none, -1 error. */
int store_report_key_delete(struct store *s, long long report_id, long long user_id);
int store_report_message_add(struct store *s, long long report_id, const char *day,
			     int from_committee, const void *for_committee, size_t committee_len,
			     const void *for_reporter, size_t reporter_len);
int store_report_file_add(struct store *s, long long report_id, int n, const void *sealed,
			  size_t len);

/* The report a receipt's lookup id finds: 0, 1 none, -1 error. */
int store_report_by_lookup(struct store *s, struct pool *p, const unsigned char lookup[32],
			   struct report_row *out);
/* A report together with user's sealed copy of its key: 0, 1 when there is no such report or
 * user holds no key to it (the same answer), -1 error. */
int store_report_for(struct store *s, struct pool *p, long long report_id, long long user_id,
		     struct report_row *out);
/* The reports user holds a key to, the newest day first, at most limit. */
int store_reports_for(struct store *s, struct pool *p, long long user_id, int limit,
		      struct report_row **rows, size_t *n);
/* How many messages a report holds; -1 on error. */
int store_report_message_count(struct store *s, long long report_id);
/* A report's messages in the order they came. */
int store_report_messages(struct store *s, struct pool *p, long long report_id,
			  struct report_message_row **rows, size_t *n);
/* The n-th file (from 1) of a report, sealed: 0, 1 none, -1 error. */
int store_report_file(struct store *s, struct pool *p, long long report_id, long long n,
		      const unsigned char **sealed, size_t *len);
/* The users who hold a key to a report, in id order. */
int store_report_readers(struct store *s, struct pool *p, long long report_id, long long **ids,
			 size_t *n);
/* How many reports user is the only one to hold a key to. -1 on error. */
int store_reports_only_reader(struct store *s, long long user_id);
int store_report_set_state(struct store *s, long long report_id, int state);
/* The day of a report's latest message. */
int store_report_touch(struct store *s, long long report_id, const char *day);
/* How many reports and how many sealed keys the press holds (the admin page's counts). */
int store_report_counts(struct store *s, long long *reports, long long *keys);
/* Who holds a key to a report with a message dated day (notices): user ids, distinct. */
int store_report_news_readers(struct store *s, struct pool *p, const char *day, long long **ids,
			      size_t *n);

#endif
