/* moderate: approving, turning down, removing and editing comments, with the public log. */
#include "comment/moderate.h"
#include "comment/comment.h"
#include "render/markdown.h"
#include "store/store_comment.h"
#include "util/buf.h"
#include "util/pool.h"

#include "util/clock.h"
#include <sodium.h>
#include <string.h>
#include <time.h>

static const char *const names[MOD__COUNT] = {"approve", "reject", "spam", "remove", "edit"};

int moderation_parse(const char *name)
{
	for (int i = 0; i < MOD__COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *moderation_name(enum moderation m)
{
	return m >= 0 && m < MOD__COUNT ? names[m] : "";
}

int moderate(struct store *s, struct pool *p, enum moderation m, long long id, const char *reason,
	     const char *text, const char **msg)
{
	struct comment_row c;
	int rc = store_comment_get(s, p, id, &c);
	if (rc != 0) {
		*msg = pool_printf(p, "There is no comment %lld.", id);
		return rc;
	}
	long long now = clock_now();
	int published = c.status == COMMENT_PUBLISHED;
	/* A writer's edit of a published comment waits: approving publishes it, rejecting
	 * drops it and the approved text stays. */
	if (published && c.pending_md && (m == MOD_APPROVE || m == MOD_REJECT)) {
		unsigned char h[32];
		crypto_generichash(h, 32, (const unsigned char *)c.pending_md, strlen(c.pending_md),
				   NULL, 0);
		if (m == MOD_APPROVE &&
		    store_comment_set_body(s, id, c.pending_md, c.pending_html, h, now) != 0)
			return -1;
		return store_comment_set_pending(s, id, NULL, NULL) ? -1 : 0;
	}
	/* What readers saw goes only with a reason, which the public log shows. */
	if (published && m != MOD_APPROVE && (!reason || !*reason)) {
		*msg = pool_printf(p,
				   "Comment %lld is published: taking it off or editing it needs a "
				   "reason, which the public moderation log shows.",
				   id);
		return 1;
	}
	if (m == MOD_APPROVE) {
		if (c.status != COMMENT_HELD && c.status != COMMENT_SPAM &&
		    c.status != COMMENT_REJECTED) {
			*msg = pool_printf(p, "Comment %lld is %s, not waiting.", id,
					   comment_status_name(c.status));
			return 1;
		}
		return store_comment_set_status(s, id, COMMENT_PUBLISHED) ? -1 : 0;
	}
	if (m == MOD_EDIT) {
		if (!published) {
			*msg = pool_printf(
			    p, "Comment %lld is %s; only published comments are edited.", id,
			    comment_status_name(c.status));
			return 1;
		}
		struct buf html = {0};
		struct md_opts mo = {.untrusted = 1};
		unsigned char h[32];
		crypto_generichash(h, 32, (const unsigned char *)text, strlen(text), NULL, 0);
		rc = md_render(text, strlen(text), &mo, &html, NULL) ||
		     store_comment_set_body(s, id, text, buf_str(&html), h, now) ||
		     store_modlog_add(s, id, "edited by a moderator", reason, c.body_md, now);
		buf_free(&html);
		return rc ? -1 : 0;
	}
	if (published) {
		/* reject, spam and remove on a published comment: it goes, the log says so. */
		const char *what = m == MOD_SPAM ? "removed as spam" : "removed";
		return store_comment_set_status(s, id, COMMENT_REMOVED) ||
			       store_modlog_add(s, id, what, reason, c.body_md, now)
			   ? -1
			   : 0;
	}
	if (m == MOD_REMOVE) {
		*msg = pool_printf(p, "Comment %lld is %s, not published.", id,
				   comment_status_name(c.status));
		return 1;
	}
	return store_comment_set_status(s, id, m == MOD_SPAM ? COMMENT_SPAM : COMMENT_REJECTED) ? -1
												: 0;
}

int moderate_reply(struct store *s, struct pool *p, const struct moderate_reply *m, long long *id,
		   const char **slug, const char **msg)
{
	struct comment_row pc;
	int rc = store_comment_get(s, p, m->parent, &pc);
	if (rc != 0 || pc.status != COMMENT_PUBLISHED) {
		*msg =
		    rc < 0 ? NULL : "Only a published comment can be answered: approve it first.";
		return rc < 0 ? -1 : 1;
	}
	size_t n = strlen(m->text);
	if (n == 0 || n > COMMENT_BODY_MAX || !m->text[strspn(m->text, " \t\r\n")]) {
		*msg = "The reply is empty or longer than 20,000 characters.";
		return 1;
	}
	struct buf html = {0};
	struct md_opts mo = {.untrusted = 1};
	unsigned char h[32];
	crypto_generichash(h, 32, (const unsigned char *)m->text, n, NULL, 0);
	struct comment_new c = {
	    .post_id = pc.post_id,
	    .parent_id = pc.depth >= COMMENT_DEPTH_MAX ? pc.parent_id : pc.id,
	    .depth = pc.depth >= COMMENT_DEPTH_MAX ? pc.depth : pc.depth + 1,
	    .status = COMMENT_PUBLISHED,
	    .name = m->name,
	    .website = "",
	    .body_md = m->text,
	    .addr = m->addr,
	    .body_hash = h,
	    .user_id = m->user_id,
	    .now = clock_now(),
	};
	rc = md_render(m->text, n, &mo, &html, NULL);
	c.body_html = buf_str(&html);
	rc = rc || store_comment_add(s, &c, id);
	buf_free(&html);
	*slug = pc.post_slug;
	*msg = NULL;
	return rc ? -1 : 0;
}
