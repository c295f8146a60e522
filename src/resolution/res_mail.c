/* res_mail: the job that takes a circulated resolution to the members of the branches: one mail a
 * member (whatever number of branches they are in), queued through member_mail in batches, each
 * batch committed with the place it reached. */
#include "resolution/res_mail.h"
#include "crypto/seal.h"
#include "job/job.h"
#include "job/worker.h"
#include "member/member.h"
#include "store/store.h"
#include "store/store_members.h"
#include "store/store_resolutions.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 200

static int fail(struct job_ctx *c, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%s", why);
	c->permanent = 0;
	return -1;
}

/* "Harbour Street", "Harbour Street and Dock Road", "A, B and C". */
static const char *branch_names(struct pool *p, const struct branch_row *b, size_t n)
{
	struct buf s = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&s, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", b[i].name);
	const char *out = pool_strdup(p, buf_str(&s));
	buf_free(&s);
	return out;
}

/* One member's mail, queued (or nothing, when they left every branch or their address cannot
 * be used any more): 0, or -1 on a database error. */
static int one(struct job_ctx *c, struct member_ctx *mc, const struct res_row *r, const char *url,
	       long long member_id)
{
	struct member_row m;
	struct branch_row *b;
	int *sec;
	size_t nb;
	int rc = store_member_get(c->store, c->pool, member_id, &m);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (store_member_branches(c->store, c->pool, member_id, &b, &sec, &nb) != 0)
		return -1;
	const char *to = member_email(mc, &m);
	if (!to || nb == 0)
		return 0;
	const char *names = branch_names(c->pool, b, nb);
	const char *deadline =
	    *r->deadline ? pool_printf(c->pool, ", and asks for its decision by %s", r->deadline)
			 : "";
	struct buf text = {0}, html = {0};
	buf_printf(&text,
		   "%s\n\nA model resolution is circulated to the branches. Your branch, %s, is "
		   "asked to consider it%s.\n\nRead it, propose amendments to its lines, endorse "
		   "it, and (as a secretary) record your branch's decision:\n%s\n\n-- \nYou get "
		   "this as a member of %s at %s.\n",
		   r->title, names, deadline, url, names, mc->site->title);
	buf_puts(&html, "<!DOCTYPE html><html><body><h1>");
	esc_html(&html, r->title, strlen(r->title));
	buf_puts(&html,
		 "</h1>\n<p>A model resolution is circulated to the branches. Your branch, ");
	esc_html(&html, names, strlen(names));
	buf_puts(&html, ", is asked to consider it");
	esc_html(&html, deadline, strlen(deadline));
	buf_puts(&html, ".</p>\n<p><a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, "\">Read it, amend it, endorse it, record your branch's decision</a></p>"
			"\n</body></html>\n");
	char dedupe[64], err[256];
	snprintf(dedupe, sizeof(dedupe), "res:%lld:%lld", r->id, member_id);
	rc = member_mail(mc, member_id, to, pool_printf(c->pool, "For your branch: %s", r->title),
			 text.data, html.data, NULL, dedupe, err, sizeof(err));
	buf_free(&text);
	buf_free(&html);
	/* A message refused is that member's alone (-2): the others still get theirs. */
	return rc == -1 ? -1 : 0;
}

int res_circulate_job(struct job_ctx *c, const struct job *j)
{
	struct site site;
	struct res_row r;
	if (store_site_get(c->store, c->pool, &site) != 0)
		return fail(c, "the site's settings cannot be read");
	size_t ulen = strlen(site.url);
	while (ulen && site.url[ulen - 1] == '/')
		ulen--;
	if (!ulen)
		return fail(c, "the press has no url setting, so the mail cannot link to the "
			       "resolution: set it with 'broadside site set url https://...'");
	int rc = store_res_by_id(c->store, c->pool, j->ref, &r);
	if (rc != 0)
		return rc < 0 ? fail(c, "the resolution cannot be read") : 0;
	/* Withdrawn before its mail went out: there is nothing to ask the branches any more. */
	if (r.state != RES_CIRCULATING)
		return 0;
	const char *base = pool_strndup(c->pool, site.url, ulen);
	struct buf slug = {0};
	esc_url_component(&slug, r.slug, strlen(r.slug));
	const char *url = pool_printf(c->pool, "%s/resolutions/%s", base, buf_str(&slug));
	buf_free(&slug);
	struct member_ctx mc = {.s = c->store,
				.k = c->keys,
				.site = &site,
				.p = c->pool,
				.now = c->now,
				.base_url = base};
	long long after = j->payload ? atoll((const char *)j->payload) : 0;
	for (;;) {
		long long *ids;
		size_t n;
		if (store_res_recipients(c->store, c->pool, after, BATCH, &ids, &n) != 0)
			return fail(c, "the branches' members cannot be read");
		if (n == 0)
			return 0;
		int bad = store_begin(c->store) != 0;
		for (size_t i = 0; !bad && i < n; i++)
			bad = one(c, &mc, &r, url, ids[i]) != 0;
		char cursor[24];
		snprintf(cursor, sizeof(cursor), "%lld", ids[n - 1]);
		if (!bad)
			bad = job_set_payload(c->store, j->id, cursor, strlen(cursor)) != 0;
		if (bad || store_commit_quiet(c->store) != 0) {
			store_rollback(c->store);
			return fail(c, "the mails to the branches cannot be queued");
		}
		after = ids[n - 1];
		job_wake();
	}
}
