/* report_log: the standing committee's own log of what is done with reports (openings,
 * replies, states, grants, revocations) and with its membership, chained by a keyed hash like
 * the audit log but apart from it: the committee reads it, the owner's audit page does not. */
#ifndef BS_REPORT_LOG_H
#define BS_REPORT_LOG_H

struct press_keys;
struct store;

/* The meta key of the log's end: its count and a keyed hash of the count and the last entry. */
#define REPORT_LOG_END_KEY "committee_log_end"

/* Appends an entry inside the caller's transaction: the day ("2026-11-27"), who ("@handle",
 * "a reporter", "the command line"), what ("opened", "replied", "granted", ...), about which
 * report (0: none), and a sentence (never a report's content). 0 or -1. */
int report_log_add(struct store *s, const struct press_keys *k, const char *day, const char *actor,
		   const char *action, long long report, const char *detail);

/* Walks the whole log as audit_verify does (member/audit.h): 0 with *entries when it holds, 1
 * with *bad the first entry that does not, 2 when the entries hold but the end does not, -1 on
 * a database error. */
int report_log_verify(struct store *s, const struct press_keys *k, long long *entries,
		      long long *bad);

#endif
