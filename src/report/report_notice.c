/* report_notice: queueing the day's notice and sending it through the members' mail. */
#include "report/report_notice.h"
#include "job/job.h"
#include "job/worker.h"
#include "member/member.h"
#include "report/committee.h"
#include "report/report_int.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "store/store_reports.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400LL

static long long day_number(long long t)
{
	return t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
}

int report_notice_queue(struct store *s, long long now)
{
	/* Due, and made, at the start of the next day: the row holds no time of day either. */
	long long d = day_number(now);
	char dedupe[48];
	snprintf(dedupe, sizeof(dedupe), "report_notice:%lld", d);
	return job_add(s, "report_notice", d, 0, NULL, 0, (d + 1) * DAY, dedupe) < 0 ? -1 : 0;
}

static int fail(struct job_ctx *c, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%s", why);
	return -1;
}

static int mail_one(struct member_ctx *mc, const char *to, const char *dedupe)
{
	static const char intro[] =
	    "There is something new for the standing committee: a new report, or a new message "
	    "in one. Sign in and unlock your committee key to read it:";
	static const char after[] = "This mail says nothing more on purpose.";
	const char *url = pool_printf(mc->p, "%s/committee", mc->base_url);
	struct buf text = {0}, html = {0};
	char err[256];
	buf_printf(&text, "%s\n\n%s\n\n%s\n\n-- \n%s\n", intro, url, after, mc->site->title);
	buf_puts(&html, "<!DOCTYPE html><html><body><p>");
	esc_html(&html, intro, strlen(intro));
	buf_puts(&html, "</p><p><a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, "\">");
	esc_html(&html, url, strlen(url));
	buf_puts(&html, "</a></p><p>");
	esc_html(&html, after, strlen(after));
	buf_puts(&html, "</p></body></html>");
	int rc = member_mail(mc, 0, to, "News for the committee", text.data, html.data, NULL,
			     dedupe, err, sizeof(err));
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int report_notice_job(struct job_ctx *c, const struct job *j)
{
	struct site site;
	char day[11];
	long long *ids;
	size_t n;
	committee_day(j->ref * DAY, day);
	if (store_site_get(c->store, c->pool, &site) != 0)
		return fail(c, "the site's settings cannot be read");
	size_t ulen = strlen(site.url);
	while (ulen && site.url[ulen - 1] == '/')
		ulen--;
	struct member_ctx mc = {.s = c->store,
				.k = c->keys,
				.site = &site,
				.p = c->pool,
				.now = c->now,
				.base_url = pool_strndup(c->pool, site.url, ulen)};
	struct committee_ctx cc = {.s = c->store, .k = c->keys, .p = c->pool, .now = c->now};
	if (store_begin(c->store) != 0)
		return fail(c, "the database is busy");
	int bad = store_report_news_readers(c->store, c->pool, day, &ids, &n) != 0;
	int sent = 0;
	for (size_t i = 0; i < n && !bad; i++) {
		struct committee_row m;
		int rc = store_committee_get(c->store, c->pool, ids[i], &m);
		const char *to = rc == 0 ? committee_notify_email(&cc, &m) : "";
		bad = rc < 0;
		if (!bad && *to) {
			bad = mail_one(&mc, to,
				       pool_printf(c->pool, "report_notice:%lld:%lld", j->ref,
						   ids[i])) != 0;
			sent++;
		}
	}
	if (bad || store_commit_quiet(c->store) != 0) {
		store_rollback(c->store);
		return fail(c, "the notices could not be queued");
	}
	if (sent)
		job_wake();
	return 0;
}
