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
#include "store/store_journal.h"
#include "journal/issuefile.h"
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
	/* Gone again, old news brought in (an import, a backdated post), or a page (About,
	 * Contact: not news): nothing to mail. */
	if (post.status <= 0 || post.published < c->now - NEWS_MAX_AGE ||
	    post.type == POST_TYPE_PAGE)
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

/* One job of kind for each recipient at min_state or above, in batches that each commit with
 * the place reached: after a crash the fan-out goes on from there, and dedupe ("TAG:REF:ID")
 * keeps a recipient from getting two jobs. */
static int fan_out(struct job_ctx *c, const struct job *j, int min_state, const char *kind,
		   const char *tag)
{
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
		int bad = store_begin(c->store) != 0;
		for (size_t i = 0; !bad && i < n; i++) {
			char dedupe[64];
			snprintf(dedupe, sizeof(dedupe), "%s:%lld:%lld", tag, j->ref, ids[i]);
			bad = job_add(c->store, kind, j->ref, ids[i], NULL, 0, c->now, dedupe) < 0;
		}
		char cursor[24];
		snprintf(cursor, sizeof(cursor), "%lld", ids[n - 1]);
		if (!bad)
			bad = job_set_payload(c->store, j->id, cursor, strlen(cursor)) != 0;
		if (bad || store_commit_quiet(c->store) != 0) {
			store_rollback(c->store);
			pool_free(p);
			fail(c, 0, "the mails cannot be queued");
			return -1;
		}
		after = ids[n - 1];
		pool_free(p);
		job_wake();
	}
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
	return fan_out(c, j, post.visibility == VISIBLE_MEMBERS ? MEMBER_MEMBER : MEMBER_SUBSCRIBER,
		       "mail_news", "news");
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

/* The member a mail job is for, with their address unsealed: 0, 1 when there is nothing to
 * send (gone, unsubscribed, or below min_state since it was queued), or -1. */
static int recipient(struct job_ctx *c, long long id, int min_state, struct member_row *m,
		     const char **to)
{
	int rc = store_member_get(c->store, c->pool, id, m);
	if (rc < 0) {
		fail(c, 0, "the member cannot be read");
		return -1;
	}
	if (rc || !m->newsletter || m->state < min_state)
		return 1;
	char place[SEAL_PLACE_MAX];
	*to = seal_open(c->keys, seal_place(place, "members.email", m->id), m->email_ct,
			m->email_len, c->pool);
	if (!*to) {
		fail(c, 1, "the member's email cannot be unsealed with this press's key");
		return -1;
	}
	return 0;
}

/* Closes a personal mail's two parts with the member's own unsubscribe link, then builds and
 * sends it. msgid: the message's id before the '@'. */
static int send_personal(struct job_ctx *c, const struct site *site, const char *base,
			 const struct member_row *m, const char *to, const char *subject,
			 struct buf *text, struct buf *html, const char *msgid, const struct job *j)
{
	char token[SEAL_LINK_LEN + 1];
	seal_member_link(c->keys, "unsubscribe", m->id, token);
	const char *unsub = pool_printf(c->pool, "%s/unsubscribe/%lld/%s", base, m->id, token);
	buf_printf(text, "\n-- \nYou get the posts of %s by email. Stop them: %s\n", site->title,
		   unsub);
	buf_puts(html, "<hr><p>You get the posts of ");
	esc_html(html, site->title, strlen(site->title));
	buf_puts(html, " by email. <a href=\"");
	esc_href(html, unsub, strlen(unsub));
	buf_puts(html, "\">Stop them</a>.</p></body></html>\n");
	struct member_ctx mc = {.s = c->store,
				.k = c->keys,
				.site = site,
				.p = c->pool,
				.now = c->now,
				.base_url = base};
	const char *from = member_mail_from(&mc);
	struct mail_message mm = {
	    .from_name = site->title,
	    .from_addr = from,
	    .to = to,
	    .subject = subject,
	    .text = text->data,
	    .html = html->data,
	    .unsubscribe = unsub,
	    .message_id = pool_printf(c->pool, "<%s@%s>", msgid, strchr(from, '@') + 1),
	    .date = c->now,
	};
	struct buf msg = {0};
	int rc = mail_build(&mm, &msg, c->error, sizeof(c->error));
	if (rc == 0)
		rc = send_built(c, site, from, to, msg.data, msg.len, j);
	else
		c->permanent = 1;
	buf_free(&msg);
	return rc;
}

int news_send(struct job_ctx *c, const struct job *j)
{
	struct site site;
	const char *base, *to;
	struct post_row post;
	struct member_row m;
	if (site_of(c, &site, &base) != 0)
		return -1;
	int rc = store_post_by_id(c->store, c->pool, j->ref, &post);
	if (rc < 0) {
		fail(c, 0, "the post cannot be read");
		return -1;
	}
	/* Deleted or taken off the site since it was queued: nothing to send. */
	if (rc || post.status <= 0)
		return 0;
	rc = recipient(c, j->ref2,
		       post.visibility == VISIBLE_MEMBERS ? MEMBER_MEMBER : MEMBER_SUBSCRIBER, &m,
		       &to);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct buf slug = {0};
	esc_url_component(&slug, post.slug, strlen(post.slug));
	const char *url = pool_printf(c->pool, "%s/posts/%s", base, slug.data);
	buf_free(&slug);
	struct buf text = {0}, html = {0};
	buf_printf(&text, "%s\n\n", post.title);
	post_text(&post, site.newsletter_full, &text);
	buf_printf(&text, "\n\nRead it on the site: %s\n", url);
	buf_puts(&html, "<!DOCTYPE html><html><body><h1>");
	esc_html(&html, post.title, strlen(post.title));
	buf_puts(&html, "</h1>\n");
	buf_puts(&html, site.newsletter_full ? post.body_html : post.excerpt_html);
	buf_puts(&html, "\n<p><a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, "\">Read it on the site</a></p>\n");
	rc = send_personal(c, &site, base, &m, to, post.title, &text, &html,
			   pool_printf(c->pool, "news.%lld.%lld", post.id, m.id), j);
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int news_issue_fanout(struct job_ctx *c, const struct job *j)
{
	struct issue_row is;
	int rc = store_issue_by_id(c->store, c->pool, j->ref, &is);
	if (rc != 0 || is.status != ISSUE_PUBLISHED) {
		if (rc < 0)
			fail(c, 0, "the issue cannot be read");
		return rc < 0 ? -1 : 0;
	}
	return fan_out(c, j, is.visibility == ISSUE_MEMBERS ? MEMBER_MEMBER : MEMBER_SUBSCRIBER,
		       "mail_issue", "issue");
}

int news_issue_send(struct job_ctx *c, const struct job *j)
{
	struct site site;
	const char *base, *to;
	struct issue_row is;
	struct member_row m;
	if (site_of(c, &site, &base) != 0)
		return -1;
	int rc = store_issue_by_id(c->store, c->pool, j->ref, &is);
	if (rc < 0) {
		fail(c, 0, "the issue cannot be read");
		return -1;
	}
	if (rc || is.status != ISSUE_PUBLISHED)
		return 0;
	rc = recipient(c, j->ref2,
		       is.visibility == ISSUE_MEMBERS ? MEMBER_MEMBER : MEMBER_SUBSCRIBER, &m, &to);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct piece_row *pieces;
	size_t n;
	if (store_issue_pieces(c->store, c->pool, is.id, &pieces, &n) != 0) {
		fail(c, 0, "the issue's pieces cannot be read");
		return -1;
	}
	const char *url = pool_printf(c->pool, "%s/journal/%d/%d", base, is.volume, is.number);
	const char *subject = pool_printf(c->pool, "%s (%s, volume %d, number %d)", is.title,
					  site.title, is.volume, is.number);
	struct buf text = {0}, html = {0};
	buf_printf(&text, "%s\n%s, volume %d, number %d, %s\n\n", is.title, site.title, is.volume,
		   is.number, is.month);
	md_plain_text(is.editorial_md, strlen(is.editorial_md), &text);
	buf_puts(&text, "\n\nIn this issue:\n");
	buf_puts(&html, "<!DOCTYPE html><html><body><h1>");
	esc_html(&html, is.title, strlen(is.title));
	buf_puts(&html, "</h1>\n");
	buf_puts(&html, is.editorial_html);
	buf_puts(&html, "\n<h2>In this issue</h2>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		const char *by = pieces[i].author_name ? pieces[i].author_name : "";
		buf_printf(&text, "- %s%s%s\n", pieces[i].title, *by ? ", by " : "", by);
		buf_puts(&html, "<li>");
		esc_html(&html, pieces[i].title, strlen(pieces[i].title));
		if (*by) {
			buf_puts(&html, ", by ");
			esc_html(&html, by, strlen(by));
		}
		buf_puts(&html, "</li>\n");
	}
	buf_printf(&text, "\nRead it on the site: %s\nThe book (EPUB): %s.epub\n", url, url);
	buf_puts(&html, "</ul>\n<p><a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, "\">Read it on the site</a> · <a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, ".epub\">The book (EPUB)</a></p>\n");
	rc = send_personal(c, &site, base, &m, to, subject, &text, &html,
			   pool_printf(c->pool, "issue.%lld.%lld", is.id, m.id), j);
	buf_free(&text);
	buf_free(&html);
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
	    j->payload ? seal_open(c->keys, SEAL_PLACE_MAIL, j->payload, j->payload_len, c->pool)
		       : NULL;
	const char *nl = plain ? strchr(plain, '\n') : NULL;
	if (!nl) {
		fail(c, 1, "the queued message cannot be unsealed with this press's key");
		return -1;
	}
	const char *rcpt = pool_strndup(c->pool, plain, (size_t)(nl - plain));
	/* Then the envelope's sender, written when the mail was queued. */
	const char *nl2 = strchr(nl + 1, '\n');
	if (!nl2) {
		fail(c, 1, "the queued message has no sender");
		return -1;
	}
	const char *sender = pool_strndup(c->pool, nl + 1, (size_t)(nl2 - nl - 1));
	nl = nl2;
	int rc = send_built(c, &site, sender, rcpt, nl + 1, strlen(nl + 1), j);
	sodium_memzero((char *)plain, strlen(plain));
	sodium_memzero((char *)rcpt, strlen(rcpt));
	return rc;
}
