/* inbox: activities POSTed by other servers: checked (shape, blocks, the HTTP Signature against
 * the actor's key), refused with nothing stored when they may not come in, else queued once by
 * their id and answered 202 at once; the worker acts on them (inbox_work.c). */
#include "crypto/keys.h"
#include "crypto/rsa.h"
#include "fed/activity.h"
#include "fed/fed.h"
#include "fed/httpsig.h"
#include "fed/json.h"
#include "fed/remote.h"
#include "fed/routes.h"
#include "job/job.h"
#include "job/worker.h"
#include "req/req.h"
#include "route/route.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "store/store_fed.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/pool.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void json_answer(struct page_out *out, int status, const char *key, const char *msg)
{
	json_t *o = json_pack("{s:s}", key, msg);
	buf_reset(&out->body);
	fed_json_dump(o, &out->body);
	json_decref(o);
	out->status = status;
	out->type = "application/json; charset=utf-8";
	out->cacheable = 0;
}

static int refuse(struct page_out *out, int status, const char *msg)
{
	json_answer(out, status, "error", msg);
	return 0;
}

static const char *header(void *ud, const char *name)
{
	return req_header(ud, name);
}

/* The scheme of the press's own address: RFC 9421's @target-uri is over it. */
static const char *scheme_of(const char *base)
{
	return strncmp(base, "https:", 6) == 0 ? "https" : "http";
}

/* Verifies sig with a stored actor's key. */
static int verify_with(const struct httpsig_request *rq, const struct httpsig *sig,
		       const struct fed_actor_row *a)
{
	struct evp_pkey_st *k = rsa_public_cached(a->key_pem, strlen(a->key_pem), RSA_MIN_BITS);
	if (!k)
		return HTTPSIG_BAD;
	int rc = httpsig_verify(rq, sig, k);
	rsa_key_free(k);
	return rc;
}

int fed_signed_check(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_activity a;
	char err[300];
	if (fed_site_of(r, &fs) != 0 || !r->keys || !r->keys->actor)
		return refuse(out, 500, "the press cannot take activities now");
	if (!r->body || r->body_len == 0)
		return refuse(out, 400, "the body is empty: an inbox takes an activity (JSON)");
	if (fed_activity_parse(r->body, r->body_len, r->pool, &a, err, sizeof(err)) != 0)
		return refuse(out, 400, err);
	char domain[256], origin[256];
	fed_url_host(a.actor, 0, domain, sizeof(domain));
	/* An actor speaks for its own server only: its activities' ids, and the replies it
	 * sends, are on its host (another server's ids could not be taken over that way). */
	if (fed_url_host(a.id, 0, origin, sizeof(origin)) != 0 || strcmp(origin, domain) != 0)
		return refuse(out, 400, "the activity's 'id' is not on its actor's server");
	if (a.has_note && (fed_url_host(a.note.id, 0, origin, sizeof(origin)) != 0 ||
			   strcmp(origin, domain) != 0))
		return refuse(out, 400, "the object's 'id' is not on its actor's server");
	int blocked = store_fed_blocked(r->store, a.actor, domain);
	if (blocked < 0)
		return refuse(out, 500, "the press's database cannot be read");
	if (blocked)
		return refuse(out, 403, "the actor, or its server, is blocked by this press");
	/* An account deleted on its server cannot show its key any more: its Delete of itself
	 * needs no action when we never met it, and nothing is fetched for it. */
	if (a.verb == FED_DELETE && a.actor_object) {
		struct fed_actor_row met;
		int rc = store_fed_actor_by_uri(r->store, r->pool, a.actor, &met);
		if (rc < 0)
			return refuse(out, 500, "the press's database cannot be read");
		if (rc == 1) {
			json_answer(out, 202, "status", "accepted: this press knows no such actor");
			return 0;
		}
	}
	struct httpsig_request rq = {.method = r->post ? "POST" : "GET",
				     .target = r->target,
				     .scheme = scheme_of(fs.base),
				     .header = header,
				     .ud = r,
				     .body = r->body,
				     .body_len = r->body_len};
	struct httpsig sig;
	int rc = httpsig_parse(&rq, r->pool, &sig);
	if (rc == HTTPSIG_OK)
		rc = httpsig_check(&rq, &sig, clock_now());
	if (rc != HTTPSIG_OK)
		return refuse(out, 401, httpsig_strerror(rc));
	char kdomain[256];
	if (fed_url_host(sig.key_id, 0, kdomain, sizeof(kdomain)) != 0)
		return refuse(out, 401, "the signature's keyId is not an http(s) URL");
	if (store_fed_blocked(r->store, sig.key_id, kdomain) == 1)
		return refuse(out, 403, "the signer's server is blocked by this press");
	struct fed_actor_row key;
	int known = store_fed_actor_by_key(r->store, r->pool, sig.key_id, &key);
	if (known < 0)
		return refuse(out, 500, "the press's database cannot be read");
	rc = known == 0 ? verify_with(&rq, &sig, &key) : HTTPSIG_BAD;
	/* A new signer, or a key that changed: fetch it (once); never for an account's Delete of
	 * itself, whose key is gone with it. */
	if (rc != HTTPSIG_OK && !(a.verb == FED_DELETE && a.actor_object)) {
		if (fed_key_fetch(&fs, sig.key_id, &key, err, sizeof(err)) != 0)
			return refuse(
			    out, 401,
			    pool_printf(r->pool, "the signer's key cannot be had: %s", err));
		rc = verify_with(&rq, &sig, &key);
	}
	if (rc != HTTPSIG_OK)
		return refuse(out, 401, httpsig_strerror(rc));
	if (strcmp(key.uri, a.actor) != 0)
		return refuse(out, 401, "the signer is not the activity's actor");
	r->signer_id = key.id;
	return 1;
}

/* The post a reply answers: ours directly, or through a comment from the Fediverse. 0 with its
 * id, 1 when it answers nothing of ours, -1 on error. */
static int replied_post(const struct fed_site *fs, const char *in_reply_to, long long *post_id)
{
	int rc = fed_post_by_uri(fs, in_reply_to, post_id);
	if (rc != 1)
		return rc;
	struct comment_row c;
	rc = store_comment_by_object(fs->store, fs->pool, in_reply_to, &c);
	if (rc == 0)
		*post_id = c.post_id;
	return rc;
}

int fed_inbox(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_activity a;
	char err[300];
	if (fed_site_of(r, &fs) != 0 ||
	    fed_activity_parse(r->body, r->body_len, r->pool, &a, err, sizeof(err)) != 0)
		return refuse(out, 400, "the activity cannot be read");
	if (!r->signer_id)
		return refuse(out, 401, "the activity is not signed by its actor");
	/* A reply to a post for members only is refused here, before anything is kept. */
	if (a.verb == FED_CREATE && a.has_note && a.note.in_reply_to) {
		long long post_id;
		struct post_row post;
		int rc = replied_post(&fs, a.note.in_reply_to, &post_id);
		if (rc < 0)
			return -1;
		if (rc == 0 && store_post_by_id(r->store, r->pool, post_id, &post) == 0 &&
		    post.visibility != VISIBLE_PUBLIC)
			return refuse(out, 403,
				      "the post is for members only: it takes no replies from the "
				      "Fediverse");
	}
	/* Each activity once, by its actor and id (a hash of them: ids may be long). */
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1], dedupe[80];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)a.actor, strlen(a.actor) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)a.id, strlen(a.id));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(dedupe, sizeof(dedupe), "inbox:%.40s", hex);
	int added = -1;
	if (store_begin(r->store) == 0) {
		added = job_add(r->store, "inbox", r->signer_id, 0, r->body, r->body_len,
				clock_now(), dedupe);
		if (added < 0 || store_commit_quiet(r->store) != 0) {
			store_rollback(r->store);
			added = -1;
		}
	}
	if (added < 0)
		return refuse(out, 500, "the activity cannot be queued now: send it again later");
	if (added == 0)
		job_wake();
	json_answer(out, 202, "status", added == 0 ? "accepted" : "accepted: already processed");
	return 0;
}
