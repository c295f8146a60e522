/* kinds: every kind of job the worker runs, and its handler (retries: job_policy_of). */
#include "fed/work.h"
#include "job/worker.h"
#include "member/news.h"
#include "resolution/res_mail.h"
#include "report/report_notice.h"

/* Deliveries to other servers go FED_PARALLEL at a time on one curl multi; a batch takes a few
 * rounds of them. */
#define DELIVERIES_AT_ONCE 64

/* Columns: kind, the handler of one job, or of a batch of them and how many it takes. */
const struct job_kind job_kinds[] = {
    {"published", news_published, NULL, 0},
    {"newsletter", news_fanout, NULL, 0},
    {"mail_news", news_send, NULL, 0},
    {"mail", news_mail, NULL, 0},
    {"journal_out", news_issue_fanout, NULL, 0},
    {"mail_issue", news_issue_send, NULL, 0},
    {"res_circulate", res_circulate_job, NULL, 0},
    {"report_notice", report_notice_job, NULL, 0},
    {"outbox_create", fed_outbox_create, NULL, 0},
    {"outbox_update", fed_outbox_update, NULL, 0},
    {"outbox_delete", fed_outbox_delete, NULL, 0},
    {"outbox_fanout", fed_outbox_fanout, NULL, 0},
    {"fed_deliver", NULL, fed_deliver_batch, DELIVERIES_AT_ONCE},
    {"inbox", fed_inbox_run, NULL, 0},
    {NULL, NULL, NULL, 0},
};
