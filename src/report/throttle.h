/* throttle: how often a client address tried a receipt that opened nothing, or sent a report,
 * or a committee member typed a wrong passphrase; kept in memory only, under a hash keyed with
 * a key made when the process starts, and forgotten an hour after the first try. */
#ifndef BS_THROTTLE_H
#define BS_THROTTLE_H

/* How long a count is kept, at most. */
#define THROTTLE_WINDOW 3600
/* Counts kept at once; past that the oldest goes first. */
#define THROTTLE_SLOTS 4096

enum throttle_kind {
	THROTTLE_RECEIPT,    /* wrong receipts: 3 free, then waits that double from a minute */
	THROTTLE_REPORT,     /* reports sent: 5 an hour */
	THROTTLE_PASSPHRASE, /* wrong committee passphrases or recovery keys, per member: 5 free,
				then waits that double from a minute */
	THROTTLE_MESSAGE,    /* reporters' messages: 20 an hour */
};

/* Seconds who (an address tag, or a member's number as text) must wait before the next try
 * of this kind; 0 when it may go now. */
int throttle_wait(enum throttle_kind kind, const char *who, long long now);
/* Counts one try (a wrong receipt, a report sent, a wrong passphrase). */
void throttle_note(enum throttle_kind kind, const char *who, long long now);
/* Forgets who's count of this kind (a right passphrase). */
void throttle_clear(enum throttle_kind kind, const char *who);
/* Forgets every count older than THROTTLE_WINDOW. */
void throttle_sweep(long long now);

#endif
