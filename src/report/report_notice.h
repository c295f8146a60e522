/* report_notice: the mail that tells committee members there is something new for them. It
 * goes once a day, when the day is over, to the members who hold a key to a report with news
 * that day, and says nothing else: a mail sent at the moment of a report, or one that said
 * which, would tell more than the day. */
#ifndef BS_REPORT_NOTICE_H
#define BS_REPORT_NOTICE_H

struct job;
struct job_ctx;

/* The job "report_notice" (its ref: the day, as days since 1970): one mail to each member
 * with a notice address who holds a key to a report that had news that day. */
int report_notice_job(struct job_ctx *c, const struct job *j);

#endif
