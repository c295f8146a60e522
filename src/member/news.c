/* news: turning a published post into one mail a subscriber, and sending queued mail through
 * the press's SMTP server or into its outbox. */
#include "member/news.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "job/job.h"
#include "job/worker.h"
#include "mail/message.h"
#include "mail/send.h"
#include "member/member.h"
#include "press/press.h"
#include "render/markdown.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FANOUT_BATCH 200

static void fail(struct job_ctx *c, int permanent, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%s", why);
	c->permanent = permanent;
}

/* The press's settings and public address: -1 with the error set when mail cannot link back. */
static int site_of(struct job_ctx *c, struct site *site, const char **base)
{
	if (store_site_get(c->store, c->pool, site) != 0) {
		fail(c, 0, "the site's settings cannot be read");
		return -1;
	}
	size_t n = strlen(site->url);
	while (n && site->url[n - 1] == '/')
		n--;
	if (!n) {
		fail(c, 0,
		     "the press has no url setting, so a mail cannot link to it: set it with "
		     "'broadside site set url https://...'");
		return -1;
	}
	*base = pool_strndup(c->pool, site->url, n);
	return 0;
}

int news_published(struct job_ctx *c, const struct job *j)
{
	struct post_row post;
	int rc = store_post_by_id(c->store, c->pool, j->ref, &post);
	if (rc != 0) {
		if (rc < 0)
			fail(c, 0, "the post cannot be read");
		return rc < 0 ? -1 : 0;
	}
	/* Gone again, or old news brought in (an import, a backdated post): nothing to mail. */
	if (post.status <= 0 || post.published < c->now - NEWS_MAX_AGE)
		return 0;
	char dedupe[64];
	snprintf(dedupe, sizeof(dedupe), "newsletter:%lld", post.id);
	if (store_begin(c->store) != 0 ||
	    job_add(c->store, "newsletter", post.id, 0, NULL, 0, c->now, dedupe) < 0 ||
	    store_commit_quiet(c->store) != 0) {
		store_rollback(c->store);
		fail(c, 0, "the newsletter cannot be queued");
		return -1;
	}
	return 0;
}

int news_fanout(struct job_ctx *c, const struct job *j)
{
	struct post_row post;
	int rc = store_post_by_id(c->store, c->pool, j->ref, &post);
	if (rc != 0) {
		if (rc < 0)
			fail(c, 0, "the post cannot be read");
		return rc < 0 ? -1 : 0;
	}
	int min_state = post.visibility == VISIBLE_MEMBERS ? MEMBER_MEMBER : MEMBER_SUBSCRIBER;
	long long after = j->payload ? atoll((const char *)j->payload) : 0;
	for (;;) {
		struct pool *p = pool_new();
		long long *ids;
		size_t n;
		if (store_newsletter_recipients(c->store, min_state, after, FANOUT_BATCH, &ids, &n,
						p) != 0) {
			pool_free(p);
			fail(c, 0, "the recipients cannot be read");
			return -1;
		}
		if (n == 0) {
			pool_free(p);
			return 0;
		}
		/* Each batch and the place it reached commit together: after a crash the fan-out
		 * goes on from there, and dedupe keeps a recipient from getting two jobs. */
		int bad = store_begin(c->store) != 0;
		for (size_t i = 0; !bad && i < n; i++) {
			char dedupe[64];
			snprintf(dedupe, sizeof(dedupe), "news:%lld:%lld", post.id, ids[i]);
			bad = job_add(c->store, "mail_news", post.id, ids[i], NULL, 0, c->now,
				      dedupe) < 0;
		}
		char cursor[24];
		snprintf(cursor, sizeof(cursor), "%lld", ids[n - 1]);
		if (!bad)
			bad = job_set_payload(c->store, j->id, cursor, strlen(cursor)) != 0;
		if (bad || store_commit_quiet(c->store) != 0) {
			store_rollback(c->store);
			pool_free(p);
			fail(c, 0, "the newsletter's mails cannot be queued");
			return -1;
		}
		after = ids[n - 1];
		pool_free(p);
		job_wake();
	}
}

/* The mail settings of the press: 0, or -1 with the error set. */
static int config_of(struct job_ctx *c, const struct site *site, struct mail_config *mc,
		     char *password, size_t pwlen)
{
	memset(mc, 0, sizeof(*mc));
	mc->smtp_url = site->smtp_url;
	mc->user = site->smtp_user;
	mc->require_tls = site->smtp_tls_required;
	mc->outbox = pool_printf(c->pool, "%s/outbox", press_dir(c->press));
	password[0] = '\0';
	if (site->smtp_password_file[0] &&
	    mail_read_password(site->smtp_password_file, password, pwlen, c->error,
			       sizeof(c->error)) != 0)
		return -1;
	mc->password = password;
	return 0;
}

static int send_built(struct job_ctx *c, const struct site *site, const char *from,
		      const char *rcpt, const char *msg, size_t len, const struct job *j)
{
	struct mail_config mc;
	char password[1024], name[64];
	if (config_of(c, site, &mc, password, sizeof(password)) != 0)
		return -1;
	snprintf(name, sizeof(name), "%lld.eml", j->id);
	int permanent = 0;
	int rc = mail_send(&mc, from, rcpt, msg, len, name, c->error, sizeof(c->error), &permanent);
	sodium_memzero(password, sizeof(password));
	c->permanent = permanent;
	return rc;
}

/* The text of a post for its mail: all of it, or up to its excerpt's end. */
static void post_text(const struct post_row *post, int full, struct buf *out)
{
	struct buf plain = {0};
	md_plain_text(post->body_md, strlen(post->body_md), &plain);
	if (full) {
		buf_put(out, plain.data, plain.len);
	} else {
		/* About the excerpt's 60 words, cut at a word. */
		size_t words = 0, i = 0;
		for (; i < plain.len && words < 60; i++)
			if (plain.data[i] == ' ' && i && plain.data[i - 1] != ' ')
				words++;
		buf_put(out, plain.data, i);
		if (i < plain.len)
			buf_puts(out, "…");
	}
	buf_free(&plain);
}

int news_send(struct job_ctx *c, const struct job *j)
{
	struct site site;
	const char *base;
	struct post_row post;
	struct member_row m;
	if (site_of(c, &site, &base) != 0)
		return -1;
	int rc = store_post_by_id(c->store, c->pool, j->ref, &post);
	int mrc = rc == 0 ? store_member_get(c->store, c->pool, j->ref2, &m) : 1;
	if (rc < 0 || mrc < 0) {
		fail(c, 0, "the post or the member cannot be read");
		return -1;
	}
	/* Deleted, unsubscribed or no longer a member since it was queued: nothing to send. */
	if (rc || mrc || post.status <= 0 || !m.newsletter || m.state < MEMBER_SUBSCRIBER ||
	    (post.visibility == VISIBLE_MEMBERS && m.state < MEMBER_MEMBER))
		return 0;
	const char *to = seal_open(c->keys, m.email_ct, m.email_len, c->pool);
	if (!to) {
		fail(c, 1, "the member's email cannot be unsealed with this press's key");
		return -1;
	}
	char token[SEAL_LINK_LEN + 1];
	seal_member_link(c->keys, "unsubscribe", m.id, token);
	struct buf slug = {0};
	esc_url_component(&slug, post.slug, strlen(post.slug));
	const char *url = pool_printf(c->pool, "%s/posts/%s", base, slug.data);
	const char *unsub = pool_printf(c->pool, "%s/unsubscribe/%lld/%s", base, m.id, token);
	buf_free(&slug);
	struct buf text = {0}, html = {0}, msg = {0};
	buf_printf(&text, "%s\n\n", post.title);
	post_text(&post, site.newsletter_full, &text);
	buf_printf(&text,
		   "\n\nRead it on the site: %s\n\n-- \nYou get the posts of %s by email. "
		   "Stop them: %s\n",
		   url, site.title, unsub);
	buf_puts(&html, "<!DOCTYPE html><html><body><h1>");
	esc_html(&html, post.title, strlen(post.title));
	buf_puts(&html, "</h1>\n");
	buf_puts(&html, site.newsletter_full ? post.body_html : post.excerpt_html);
	buf_puts(&html, "\n<p><a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, "\">Read it on the site</a></p>\n<hr><p>You get the posts of ");
	esc_html(&html, site.title, strlen(site.title));
	buf_puts(&html, " by email. <a href=\"");
	esc_href(&html, unsub, strlen(unsub));
	buf_puts(&html, "\">Stop them</a>.</p></body></html>\n");
	struct member_ctx mc = {.s = c->store,
				.k = c->keys,
				.site = &site,
				.p = c->pool,
				.now = c->now,
				.base_url = base};
	const char *from = member_mail_from(&mc);
	struct mail_message mm = {
	    .from_name = site.title,
	    .from_addr = from,
	    .to = to,
	    .subject = post.title,
	    .text = text.data,
	    .html = html.data,
	    .unsubscribe = unsub,
	    .message_id =
		pool_printf(c->pool, "<news.%lld.%lld@%s>", post.id, m.id, strchr(from, '@') + 1),
	    .date = c->now,
	};
	rc = mail_build(&mm, &msg, c->error, sizeof(c->error));
	if (rc == 0)
		rc = send_built(c, &site, from, to, msg.data, msg.len, j);
	else
		c->permanent = 1;
	buf_free(&text);
	buf_free(&html);
	buf_free(&msg);
	return rc;
}

int news_mail(struct job_ctx *c, const struct job *j)
{
	struct site site;
	if (store_site_get(c->store, c->pool, &site) != 0) {
		fail(c, 0, "the site's settings cannot be read");
		return -1;
	}
	const char *plain =
	    j->payload ? seal_open(c->keys, j->payload, j->payload_len, c->pool) : NULL;
	const char *nl = plain ? strchr(plain, '\n') : NULL;
	if (!nl) {
		fail(c, 1, "the queued message cannot be unsealed with this press's key");
		return -1;
	}
	const char *rcpt = pool_strndup(c->pool, plain, (size_t)(nl - plain));
	/* The sender is in the message's From: take it back out of the one header we wrote. */
	const char *from = strstr(plain, "\nFrom: ");
	const char *lt = from ? strchr(from, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;
	if (!gt) {
		fail(c, 1, "the queued message has no sender");
		return -1;
	}
	const char *sender = pool_strndup(c->pool, lt + 1, (size_t)(gt - lt - 1));
	int rc = send_built(c, &site, sender, rcpt, nl + 1, strlen(nl + 1), j);
	sodium_memzero((char *)plain, strlen(plain));
	return rc;
}
