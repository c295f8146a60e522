/* kinds: every kind of job the worker runs, and its handler (retries: job_policy_of). */
#include "job/worker.h"
#include "member/news.h"
#include "report/report_notice.h"

const struct job_kind job_kinds[] = {
    {"published", news_published}, {"newsletter", news_fanout},		 {"mail_news", news_send},
    {"mail", news_mail},	   {"report_notice", report_notice_job}, {NULL, NULL},
};
