/* report_int: what the report files share: a message sealed for both sides, and opened. */
#ifndef BS_REPORT_INT_H
#define BS_REPORT_INT_H

#include "report/report_crypto.h"
#include "store/store_reports.h"

#include <stddef.h>

struct buf;
struct pool;

/* A message sealed twice: for the committee ("AUTHOR\nTEXT" to the report's key; author ""
 * for the reporter) and for the reporter (the text alone, to their reply key). */
void report_seal_message(const struct report_row *r, const char *author, const char *text,
			 struct buf *for_committee, struct buf *for_reporter);
/* Opens a sealed text with a keypair: the text, NUL-terminated in p, or NULL when it does not
 * open or is not text. */
const char *report_open_text(const unsigned char pk[RC_PK], const unsigned char *sk,
			     const unsigned char *c, size_t n, struct pool *p);
/* Queues the day's notice to the readers of reports with news (inside the caller's
 * transaction): one job a day, due when the day is over. */
int report_notice_queue(struct store *s, long long now);

#endif
