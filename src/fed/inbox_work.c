/* inbox_work: acting on the activities the inbox took in: follows answered with an Accept, and
 * undone; replies become comments by the same rules as the web's, and their edits and
 * deletions follow; likes and boosts are counted; deleted accounts take their follows and
 * comments with them. */
#include "comment/comment.h"
#include "comment/rules.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "fed/activity.h"
#include "fed/avatar.h"
#include "fed/doc.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "fed/remote.h"
#include "fed/work.h"
#include "job/job.h"
#include "job/worker.h"
#include "press/press.h"
#include "render/markdown.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "store/store_fed.h"
#include "store/store_fed_objects.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* What one activity's handling needs. */
struct in {
	struct job_ctx *c;
	struct fed_site fs;
	struct fed_activity a;
	struct fed_actor_row actor; /* the signer, the activity's actor */
	const struct job *j;
};

static int fail(struct job_ctx *c, int permanent, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%.250s", why);
	c->permanent = permanent;
	return -1;
}

/* Nothing is done, and the reason is kept with the job (a refusal by the comment rules). */
static int drop(struct in *in, const char *why)
{
	return fail(in->c, 1, why);
}

/* Commits a change pages show (cached pages are made again). */
static int commit(struct in *in, int ok)
{
	if (!ok || store_commit(in->c->store) != 0) {
		store_rollback(in->c->store);
		return fail(in->c, 0, "the database cannot be written");
	}
	return 0;
}

static int begin(struct in *in)
{
	return store_begin(in->c->store) == 0 ? 0 : fail(in->c, 0, "the database is busy");
}

static int follow(struct in *in)
{
	struct fed_local local;
	int rc = fed_local_by_uri(&in->fs, in->a.object_id, &local);
	if (rc < 0)
		return fail(in->c, 0, "the followed actor cannot be read");
	if (rc == 1 || local.kind == FED_ACTOR_INSTANCE)
		return drop(in, "the Follow is not of an actor of this press that takes followers");
	char err[200];
	json_t *f =
	    fed_json_parse((const char *)in->j->payload, in->j->payload_len, err, sizeof(err));
	if (!f)
		return drop(in, err);
	struct buf b = {0};
	json_t *accept = fed_doc_accept(&in->fs, &local, f);
	fed_json_dump(accept, &b);
	json_decref(accept);
	json_decref(f);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1], dedupe[80];
	crypto_hash_sha256(h, (const unsigned char *)in->a.id, strlen(in->a.id));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(dedupe, sizeof(dedupe), "accept:%.40s", hex);
	long long act;
	if (begin(in) != 0) {
		buf_free(&b);
		return -1;
	}
	int ok = store_fed_follow(in->c->store, local.user_id, in->actor.id, in->a.id,
				  in->c->now) == 0 &&
		 store_fed_activity_add(in->c->store, local.user_id, 0, buf_str(&b), in->c->now,
					&act) == 0 &&
		 job_add(in->c->store, "fed_deliver", act, 0, in->actor.inbox,
			 strlen(in->actor.inbox), in->c->now, dedupe) >= 0;
	buf_free(&b);
	if (commit(in, ok) != 0)
		return -1;
	job_wake();
	return 0;
}

static int undo(struct in *in)
{
	struct job_ctx *c = in->c;
	const char *what = in->a.object_id;
	if (begin(in) != 0)
		return -1;
	int n = 0, ok = 1;
	enum fed_verb v = in->a.inner_verb;
	if (v == FED_FOLLOW || v == FED_OTHER) {
		/* By the Follow's id, or by whom it followed. */
		int k = store_fed_unfollow(c->store, -1, in->actor.id, what);
		struct fed_local local;
		if (k == 0 && in->a.inner_object &&
		    fed_local_by_uri(&in->fs, in->a.inner_object, &local) == 0)
			k = store_fed_unfollow(c->store, local.user_id, in->actor.id, NULL);
		ok &= k >= 0;
		n += k > 0 ? k : 0;
	}
	if (v == FED_LIKE || v == FED_ANNOUNCE || v == FED_OTHER) {
		int k = store_fed_unreact(c->store, in->actor.id, what, 0, 0);
		long long post;
		if (k == 0 && in->a.inner_object &&
		    fed_post_by_uri(&in->fs, in->a.inner_object, &post) == 0)
			k = store_fed_unreact(c->store, in->actor.id, NULL, post,
					      v == FED_LIKE ? FED_REACT_LIKE : FED_REACT_BOOST);
		ok &= k >= 0;
		n += k > 0 ? k : 0;
	}
	if (n == 0) {
		store_rollback(c->store);
		return 0;
	}
	return commit(in, ok);
}

/* The post a reply answers and the comment it answers under (0 for the post itself). */
static int target_of(struct in *in, const char *in_reply_to, struct post_row *post,
		     long long *parent)
{
	long long post_id;
	*parent = 0;
	int rc = fed_post_by_uri(&in->fs, in_reply_to, &post_id);
	if (rc == 1) {
		struct comment_row pc;
		rc = store_comment_by_object(in->c->store, in->c->pool, in_reply_to, &pc);
		if (rc == 0) {
			post_id = pc.post_id;
			*parent = pc.id;
		}
	}
	if (rc != 0)
		return rc;
	rc = store_post_by_id(in->c->store, in->c->pool, post_id, post);
	return rc != 0 ? rc : post->status > 0 ? 0 : 1;
}

/* The Markdown of a reply's HTML, with the text rules applied: NULL after a drop. */
static const char *reply_text(struct in *in, const struct fed_note *n, struct buf *md)
{
	const char *html = n->content ? n->content : "";
	if (fed_html_to_markdown(html, strlen(html), md) != 0) {
		drop(in, "the reply's HTML cannot be read");
		return NULL;
	}
	const char *why = comment_body_problem(buf_str(md), md->len);
	if (why) {
		drop(in, why);
		return NULL;
	}
	return buf_str(md);
}

static int render(const char *md, struct buf *html)
{
	struct md_opts o = {.untrusted = 1};
	return md_render(md, strlen(md), &o, html, NULL);
}

static int reply(struct in *in)
{
	struct job_ctx *c = in->c;
	const struct fed_note *n = &in->a.note;
	if (!in->a.has_note || !n->in_reply_to)
		return 0; /* not an answer to anything */
	if (strcmp(n->attributed, in->actor.uri) != 0)
		return drop(in, "the reply's author is not the activity's actor");
	struct comment_row seen;
	int rc = store_comment_by_object(c->store, c->pool, n->id, &seen);
	if (rc != 1)
		return rc < 0 ? fail(c, 0, "the comments cannot be read") : 0;
	struct post_row post;
	long long parent;
	rc = target_of(in, n->in_reply_to, &post, &parent);
	if (rc < 0)
		return fail(c, 0, "the post cannot be read");
	if (rc == 1)
		return 0; /* it answers something that is not ours */
	if (post.visibility != VISIBLE_PUBLIC)
		return drop(in, "the post is for members only: it takes no replies from the "
				"Fediverse");
	if (!n->public)
		return drop(in, "the reply is not public: only public replies become comments");
	const struct site *site = in->fs.site;
	int mode = comment_mode_of(site, &post, c->now);
	if (mode == COMMENTS_CLOSED)
		return drop(in, "comments on this post are closed");
	struct buf md = {0}, html = {0};
	const char *text = reply_text(in, n, &md);
	if (!text) {
		buf_free(&md);
		return -1;
	}
	/* Limits, bans and holds count an actor as the web counts an address: by a tag. */
	char tag[SEAL_TAG_LEN + 1];
	seal_addr_tag(c->keys, pool_printf(c->pool, "fed:%s", in->actor.uri), tag);
	unsigned char hash[32];
	comment_hash(text, strlen(text), hash);
	int status;
	const char *why =
	    comment_refusal(c->store, c->pool, site, post.id, tag, hash, c->now, &status);
	struct comment_new cn = {.post_id = post.id, .now = c->now, .addr = tag};
	if (!why) {
		rc = comment_place(c->store, c->pool, post.id, parent, &cn.parent_id, &cn.depth);
		if (rc == 1)
			why = "the comment it answers is no longer there";
		else if (rc < 0)
			why = "the thread cannot be read";
	}
	if (why || render(text, &html) != 0) {
		buf_free(&md);
		buf_free(&html);
		return drop(in, why ? why : "the reply cannot be rendered");
	}
	/* The avatar is fetched once, before the comment that shows it. */
	if (fed_avatar_fetch(&in->fs, press_dir(c->press), &in->actor) != 0)
		fail(c, 0, "the avatar cannot be recorded");
	const char *name = in->actor.name[0] ? in->actor.name : in->actor.handle;
	cn.name = *name ? name : in->actor.domain;
	int held = comment_held(c->store, site, mode, NULL, cn.name, tag);
	cn.status = held ? COMMENT_HELD : COMMENT_PUBLISHED;
	cn.website = in->actor.url;
	cn.body_md = text;
	cn.body_html = buf_str(&html);
	cn.body_hash = hash;
	cn.actor_uri = in->actor.uri;
	cn.object_uri = n->id;
	cn.profile_url = in->actor.url;
	cn.avatar = in->actor.avatar;
	long long id;
	rc = begin(in);
	if (rc == 0)
		rc = commit(in, store_comment_add(c->store, &cn, &id) == 0);
	buf_free(&md);
	buf_free(&html);
	return rc;
}

static int edit(struct in *in)
{
	struct job_ctx *c = in->c;
	const struct fed_note *n = &in->a.note;
	struct comment_row cm;
	int rc = store_comment_by_object(c->store, c->pool, n->id, &cm);
	if (rc != 0)
		return rc < 0 ? fail(c, 0, "the comments cannot be read") : 0;
	if (!cm.actor_uri || strcmp(cm.actor_uri, in->actor.uri) != 0)
		return drop(in, "only the reply's author may edit it");
	if (cm.status != COMMENT_PUBLISHED && cm.status != COMMENT_HELD)
		return 0; /* removed or deleted: it stays so */
	struct post_row post;
	if ((rc = store_post_by_id(c->store, c->pool, cm.post_id, &post)) != 0)
		return rc < 0 ? fail(c, 0, "the post cannot be read") : 0;
	struct buf md = {0}, html = {0};
	const char *text = reply_text(in, n, &md);
	if (!text || render(text, &html) != 0) {
		buf_free(&md);
		buf_free(&html);
		return text ? drop(in, "the reply cannot be rendered") : -1;
	}
	unsigned char hash[32];
	comment_hash(text, strlen(text), hash);
	int waits =
	    comment_edit_waits(in->fs.site, comment_mode_of(in->fs.site, &post, c->now), cm.status);
	rc = begin(in);
	if (rc == 0)
		rc = commit(
		    in, (waits ? store_comment_set_pending(c->store, cm.id, text, buf_str(&html))
			       : store_comment_set_body(c->store, cm.id, text, buf_str(&html), hash,
							c->now)) == 0);
	buf_free(&md);
	buf_free(&html);
	return rc;
}

static int delete (struct in *in)
{
	struct job_ctx *c = in->c;
	if (in->a.actor_object) {
		/* The account is gone: its follows, likes and comments go with it. */
		if (begin(in) != 0)
			return -1;
		return commit(in, store_comments_of_actor_deleted(c->store, in->actor.uri) >= 0 &&
				      store_fed_actor_delete(c->store, in->actor.id) == 0);
	}
	struct comment_row cm;
	int rc = store_comment_by_object(c->store, c->pool, in->a.object_id, &cm);
	if (rc != 0)
		return rc < 0 ? fail(c, 0, "the comments cannot be read") : 0;
	if (!cm.actor_uri || strcmp(cm.actor_uri, in->actor.uri) != 0)
		return drop(in, "only the reply's author may delete it");
	if (cm.status == COMMENT_DELETED || cm.status == COMMENT_REMOVED)
		return 0;
	if (begin(in) != 0)
		return -1;
	return commit(in, store_comment_set_status(c->store, cm.id, COMMENT_DELETED) == 0);
}

static int react(struct in *in, int kind)
{
	long long post_id;
	struct post_row post;
	int rc = fed_post_by_uri(&in->fs, in->a.object_id, &post_id);
	if (rc == 0)
		rc = store_post_by_id(in->c->store, in->c->pool, post_id, &post);
	if (rc != 0)
		return rc < 0 ? fail(in->c, 0, "the post cannot be read") : 0;
	if (post.visibility != VISIBLE_PUBLIC || post.status <= 0)
		return 0;
	if (begin(in) != 0)
		return -1;
	return commit(in, store_fed_react(in->c->store, post.id, in->actor.id, kind, in->a.id,
					  in->c->now) == 0);
}

/* An Update of the account: its document fetched again (name, key, avatar). */
static int refresh(struct in *in)
{
	char err[300];
	struct fed_actor_row a;
	if (fed_actor_fetch(&in->fs, in->actor.uri, &a, err, sizeof(err)) != 0)
		return fail(in->c, 0, err);
	return 0;
}

int fed_inbox_run(struct job_ctx *c, const struct job *j)
{
	struct in in = {.c = c, .j = j};
	char err[300];
	struct site site;
	if (!j->payload || fed_activity_parse((const char *)j->payload, j->payload_len, c->pool,
					      &in.a, err, sizeof(err)) != 0)
		return fail(c, 1, "the activity cannot be read");
	if (fed_job_site(c, &site, &in.fs) != 0)
		return -1;
	int rc = store_fed_actor_get(c->store, c->pool, j->ref, &in.actor);
	if (rc != 0)
		return rc < 0 ? fail(c, 0, "the actor cannot be read") : 0;
	if (store_fed_blocked(c->store, in.actor.uri, in.actor.domain) == 1)
		return drop(&in, "the actor, or its server, is blocked");
	switch (in.a.verb) {
	case FED_FOLLOW:
		return follow(&in);
	case FED_UNDO:
		return undo(&in);
	case FED_CREATE:
		return reply(&in);
	case FED_UPDATE:
		if (in.a.actor_object)
			return refresh(&in);
		return in.a.has_note ? edit(&in) : 0;
	case FED_DELETE:
		return delete (&in);
	case FED_LIKE:
		return react(&in, FED_REACT_LIKE);
	case FED_ANNOUNCE:
		return react(&in, FED_REACT_BOOST);
	default:
		return 0;
	}
}
