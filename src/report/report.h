/* report: what reporters and the committee do with reports. A reporter, with no account,
 * sends a report and gets a receipt once; with it they come back to read the committee's
 * replies and to write again. A committee member whose key is unlocked reads the reports sealed
 * to them, replies, marks where a report stands, and grants another member access or takes it
 * away. Everything is sealed to keys the server does not keep; every step of the committee goes
 * into its log. */
#ifndef BS_REPORT_H
#define BS_REPORT_H

#include "report/receipt.h"
#include "report/report_form.h"
#include "store/store_reports.h"

#include <stddef.h>

struct pool;
struct press_keys;
struct store;

/* A message of a report's thread (the report's own text is the first). */
#define REPORT_MESSAGE_MAX REPORT_TEXT_MAX
/* Reports listed to a committee member, at most, and messages a report holds. */
#define REPORT_LIST_MAX 1000
#define REPORT_MESSAGES_MAX 500

struct report_ctx {
	struct store *s;
	const struct press_keys *k;
	struct pool *p;
	long long now;
};

enum report_result {
	REPORT_OK,
	REPORT_NONE,	/* no such report for this receipt or this member: the same answer */
	REPORT_LOCKED,	/* the member's key is not unlocked in this session */
	REPORT_REFUSED, /* not allowed (see the function) */
	REPORT_NOBODY,	/* none of the chosen readers can read reports any more */
	REPORT_FULL,	/* the report holds as many messages as it may */
	REPORT_ERROR	/* the database failed, or something stored does not open */
};

/* The committee member acting: their session (the token's hash) holds their unlocked key. */
struct report_member {
	const unsigned char *session;
	long long user;
	const char *handle;
};

struct report_message {
	char day[11];
	int from_committee;
	const char *author; /* "@handle" for the committee's side; NULL for the reporter's view */
	const char *text;
};

/* What a reporter sees with their receipt, or a committee member of a report. */
struct report_view {
	struct report_row row;
	struct report_message *messages;
	size_t nmessages;
	/* The committee's view only: */
	const char *contact;
	long long excluded[COMMITTEE_MAX];
	size_t nexcluded;
	struct report_file *files; /* names and types; data NULL */
	long long *readers;	   /* who holds a key to it */
	size_t nreaders;
};

/*
 * Sends a report: a new keypair for it; its text (the first message), meta and each file
 * sealed to its public key; its secret key sealed to each reader; a receipt, its lookup id
 * and the reporter's reply keypair; a notice for the readers queued for the next day. All in
 * one transaction: receipt is filled only after the commit. REPORT_NOBODY when no chosen
 * reader can read reports any more.
 */
enum report_result report_send(struct report_ctx *c, const struct report_input *in,
			       char receipt[RECEIPT_DIGITS + 1], long long *id);
/* The reporter's view of their report, opened with their receipt's reply key. */
enum report_result report_followup(struct report_ctx *c, const char digits[RECEIPT_DIGITS + 1],
				   struct report_view *out);
/* The reporter writes again (text at most REPORT_MESSAGE_MAX, not blank). REPORT_REFUSED for
 * such a text, REPORT_FULL when the report holds REPORT_MESSAGES_MAX messages. */
enum report_result report_reporter_writes(struct report_ctx *c,
					  const char digits[RECEIPT_DIGITS + 1], const char *text);

/* The reports the member holds a key to (no key needed to list them). */
int report_list(struct report_ctx *c, long long user, struct report_row **rows, size_t *n);
/* Opens a report for the member (logged once a day). */
enum report_result report_open(struct report_ctx *c, const struct report_member *m, long long id,
			       struct report_view *out);
/* A file of a report, opened (its data in c->p; logged once a day). */
enum report_result report_open_file(struct report_ctx *c, const struct report_member *m,
				    long long id, long long n, struct report_file *out);
/* The committee replies: sealed for the committee and for the reporter (REPORT_REFUSED and
 * REPORT_FULL as for the reporter's). */
enum report_result report_reply(struct report_ctx *c, const struct report_member *m, long long id,
				const char *text);
enum report_result report_mark(struct report_ctx *c, const struct report_member *m, long long id,
			       int state);
/* Gives another member who has joined a key to the report. REPORT_REFUSED when the reporter
 * left them out, they have joined no committee key, or hold one already. */
enum report_result report_grant(struct report_ctx *c, const struct report_member *m, long long id,
				long long to);
/* Takes a member's key to the report away. REPORT_REFUSED when they are its last reader. */
enum report_result report_revoke(struct report_ctx *c, const struct report_member *m, long long id,
				 long long from);

/* The words of a state: "new", "in hand", "closed". */
const char *report_state_name(int state);

#endif
