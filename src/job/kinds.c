/* kinds: every kind of job the worker runs, and its handler (retries: job_policy_of). */
#include "job/worker.h"
#include "member/news.h"
#include "resolution/res_mail.h"

const struct job_kind job_kinds[] = {
    {"published", news_published},
    {"newsletter", news_fanout},
    {"mail_news", news_send},
    {"mail", news_mail},
    {"journal_out", news_issue_fanout},
    {"mail_issue", news_issue_send},
    {"res_circulate", res_circulate_job},
    {NULL, NULL},
};
