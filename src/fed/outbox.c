/* outbox: a post's news for the Fediverse (Create and Announce when it goes public, Update when
 * it changes, Delete when it goes), kept once as activities and fanned out to one delivery for
 * each follower's inbox. */
#include "crypto/keys.h"
#include "fed/doc.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "post/postfile.h"
#include "fed/work.h"
#include "post/postfile.h"
#include "job/job.h"
#include "job/worker.h"
#include "store/store.h"
#include "store/store_fed.h"
#include "store/store_fed_objects.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Inboxes queued in one transaction of a fan-out. */
#define FANOUT_BATCH 200
/* A post published longer ago than this when it goes public (an import, a backdated post) is
 * not news: followers get nothing (its object still answers at its address). */
#define FED_MAX_AGE (2 * 86400)

static int fail(struct job_ctx *c, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%s", why);
	return -1;
}

int fed_job_site(struct job_ctx *c, struct site *site, struct fed_site *fs)
{
	if (store_site_get(c->store, c->pool, site) != 0)
		return fail(c, "the site's settings cannot be read");
	if (!site->url[0] || fed_site_init(fs, site->url, site, c->keys, c->store, c->pool) != 0)
		return fail(c, "the press has no url setting, so other servers cannot be told "
			       "where it is: set it with 'broadside site set url https://...'");
	if (!c->keys || !c->keys->actor)
		return fail(c, "the press has no actor key");
	return 0;
}

/* Keeps an activity and queues its fan-out, inside the caller's transaction. */
static int queue(struct job_ctx *c, long long local, int wide, json_t *activity)
{
	struct buf b = {0};
	long long id;
	fed_json_dump(activity, &b);
	json_decref(activity);
	int rc = store_fed_activity_add(c->store, local, wide, buf_str(&b), c->now, &id);
	buf_free(&b);
	if (rc == 0)
		rc = job_add(c->store, "outbox_fanout", id, 0, NULL, 0, c->now, NULL) < 0 ? -1 : 0;
	return rc;
}

/* The post and its author as the outbox needs them: 0, 1 when there is nothing to send (the
 * post went, or is not for everyone), -1 with the error set. */
static int load(struct job_ctx *c, const struct job *j, struct site *site, struct fed_site *fs,
		struct post_row *post, struct fed_local *author, const char **object_id)
{
	int rc = store_post_by_id(c->store, c->pool, j->ref, post);
	if (rc < 0)
		return fail(c, "the post cannot be read");
	/* Pages (About, Contact) are the site's own, not posts a follower is sent. */
	if (rc == 1 || post->status <= 0 || post->visibility != VISIBLE_PUBLIC ||
	    post->type == POST_TYPE_PAGE)
		return 1;
	/* No follower anywhere: nothing to send, and no address needed. */
	long long writer = post->author_id;
	rc = store_fed_has_followers(c->store, writer ? writer : FED_PRESS, 1);
	if (rc <= 0)
		return rc < 0 ? fail(c, "the followers cannot be read") : 1;
	if (fed_job_site(c, site, fs) != 0)
		return -1;
	struct fed_object_row obj;
	rc = store_fed_object_get(c->store, c->pool, post->id, &obj);
	if (rc < 0)
		return fail(c, "the post's federation cannot be read");
	*object_id = fed_post_uri(fs, rc == 0 ? obj.slug : post->slug);
	if (rc == 0 && obj.gone)
		return 1;
	if (!writer || fed_local_by_id(fs, writer, author) != 0)
		fed_press_local(fs, author);
	return 0;
}

static int commit(struct job_ctx *c, int ok)
{
	if (!ok || store_commit_quiet(c->store) != 0) {
		store_rollback(c->store);
		return fail(c, "the activity cannot be queued");
	}
	job_wake();
	return 0;
}

int fed_outbox_create(struct job_ctx *c, const struct job *j)
{
	struct site site;
	struct fed_site fs;
	struct post_row post;
	struct fed_local author;
	const char *id;
	int rc = load(c, j, &site, &fs, &post, &author, &id);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (post.published < c->now - FED_MAX_AGE)
		return 0;
	json_t *object = fed_doc_object(&fs, &post, &author, id);
	if (store_begin(c->store) != 0) {
		json_decref(object);
		return fail(c, "the database is busy");
	}
	int ok = queue(c, author.user_id, 0, fed_doc_create(&fs, &author, object)) == 0;
	json_decref(object);
	/* The press announces each writer's post to its own followers. */
	if (ok && author.kind == FED_ACTOR_WRITER)
		ok =
		    queue(c, FED_PRESS, 0, fed_doc_announce(&fs, &author, id, post.published)) == 0;
	return commit(c, ok);
}

int fed_outbox_update(struct job_ctx *c, const struct job *j)
{
	struct site site;
	struct fed_site fs;
	struct post_row post;
	struct fed_local author;
	const char *id;
	int rc = load(c, j, &site, &fs, &post, &author, &id);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	json_t *object = fed_doc_object(&fs, &post, &author, id);
	if (store_begin(c->store) != 0) {
		json_decref(object);
		return fail(c, "the database is busy");
	}
	int ok =
	    queue(c, author.user_id, 1, fed_doc_update(&fs, &author, object, post.updated)) == 0;
	json_decref(object);
	return commit(c, ok);
}

int fed_outbox_delete(struct job_ctx *c, const struct job *j)
{
	struct fed_object_row obj;
	int rc = store_fed_object_get(c->store, c->pool, j->ref, &obj);
	if (rc != 0)
		return rc < 0 ? fail(c, "the post's federation cannot be read") : 0;
	/* Back already (published again, or public to everyone again): nothing to take back. */
	if (!obj.gone)
		return 0;
	long long writer = obj.author_id;
	rc = store_fed_has_followers(c->store, writer ? writer : FED_PRESS, 1);
	if (rc <= 0)
		return rc < 0 ? fail(c, "the followers cannot be read") : 0;
	struct site site;
	struct fed_site fs;
	struct fed_local author;
	if (fed_job_site(c, &site, &fs) != 0)
		return -1;
	if (!writer || fed_local_by_id(&fs, writer, &author) != 0)
		fed_press_local(&fs, &author);
	const char *id = fed_post_uri(&fs, obj.slug);
	if (store_begin(c->store) != 0)
		return fail(c, "the database is busy");
	return commit(c, queue(c, author.user_id, 1, fed_doc_delete(&fs, &author, id)) == 0);
}

int fed_outbox_fanout(struct job_ctx *c, const struct job *j)
{
	long long local;
	int wide;
	const char *json;
	int rc = store_fed_activity_get(c->store, c->pool, j->ref, &local, &wide, &json);
	if (rc != 0)
		return rc < 0 ? fail(c, "the activity cannot be read") : 0;
	const char *after = j->payload ? (const char *)j->payload : "";
	for (;;) {
		struct pool *p = pool_new();
		const char **boxes;
		size_t n;
		if (store_fed_inboxes(c->store, p, local, wide, after, FANOUT_BATCH, &boxes, &n) !=
		    0) {
			pool_free(p);
			return fail(c, "the followers' inboxes cannot be read");
		}
		if (n == 0) {
			pool_free(p);
			return 0;
		}
		/* Each batch and the place it reached commit together: after a crash the fan-out
		 * goes on from there, and dedupe keeps an inbox from a second delivery. */
		int bad = store_begin(c->store) != 0;
		for (size_t i = 0; !bad && i < n; i++) {
			unsigned char h[crypto_hash_sha256_BYTES];
			char hex[2 * sizeof(h) + 1], dedupe[96];
			crypto_hash_sha256(h, (const unsigned char *)boxes[i], strlen(boxes[i]));
			sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
			snprintf(dedupe, sizeof(dedupe), "deliver:%lld:%.32s", j->ref, hex);
			bad = job_add(c->store, "fed_deliver", j->ref, 0, boxes[i],
				      strlen(boxes[i]), c->now, dedupe) < 0;
		}
		if (!bad)
			bad = job_set_payload(c->store, j->id, boxes[n - 1],
					      strlen(boxes[n - 1])) != 0;
		if (bad || store_commit_quiet(c->store) != 0) {
			store_rollback(c->store);
			pool_free(p);
			return fail(c, "the deliveries cannot be queued");
		}
		after = pool_strdup(c->pool, boxes[n - 1]);
		pool_free(p);
		job_wake();
	}
}
