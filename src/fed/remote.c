/* remote: fetching, checking and keeping the actors of other servers, and finding their keys. */
#include "fed/remote.h"
#include "comment/comment.h"
#include "crypto/keys.h"
#include "crypto/rsa.h"
#include "fed/activity.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "fed/net.h"
#include "store/store.h"
#include "store/store_fed.h"
#include "util/clock.h"
#include "util/pool.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int fed_content_type_ok(const char *type)
{
	if (!type)
		return 0;
	size_t n = strcspn(type, "; ");
	if (n == 25 && strncasecmp(type, "application/activity+json", 25) == 0)
		return 1;
	return n == 19 && strncasecmp(type, "application/ld+json", 19) == 0 &&
	       strstr(type, "https://www.w3.org/ns/activitystreams");
}

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* The key of a publicKey entry when it is the one wanted (owned by the actor, with a PEM). */
static int key_of(const json_t *k, const char *actor, const char *want_key, const char **id,
		  const char **pem)
{
	const char *kid = fed_json_str(k, "id"), *owner = fed_json_str(k, "owner");
	const char *p = fed_json_str(k, "publicKeyPem");
	if (!kid || !p || !fed_url_ok(kid) || (owner && strcmp(owner, actor) != 0) ||
	    strlen(p) > RSA_PEM_MAX || (want_key && strcmp(kid, want_key) != 0))
		return 0;
	*id = kid;
	*pem = p;
	return 1;
}

int fed_actor_parse(const char *json, size_t n, const char *want_id, const char *want_key,
		    struct pool *p, struct fed_actor_row *out, char *err, size_t errlen)
{
	static const char *const types[] = {"Person", "Service", "Application", "Group",
					    "Organization"};
	memset(out, 0, sizeof(*out));
	json_t *o = fed_json_parse(json, n, err, errlen);
	if (!o)
		return -1;
	int rc = -1, typed = 0;
	char domain[256];
	const char *id = fed_json_str(o, "id");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		typed |= fed_json_is(o, types[i]);
	if (!id || !fed_url_ok(id) || (want_id && strcmp(id, want_id) != 0)) {
		fail(err, errlen, "the actor's 'id' is missing or not the address it came from");
		goto out;
	}
	if (!typed) {
		fail(err, errlen, "the document's 'type' is not an actor's");
		goto out;
	}
	const char *inbox = fed_json_str(o, "inbox");
	if (!fed_url_ok(inbox)) {
		fail(err, errlen, "the actor's 'inbox' is missing or not an http(s) URL");
		goto out;
	}
	const json_t *pk = json_object_get(o, "publicKey");
	const char *kid = NULL, *pem = NULL;
	if (json_is_object(pk)) {
		key_of(pk, id, want_key, &kid, &pem);
	} else {
		for (size_t i = 0; !kid && i < json_array_size(pk); i++)
			key_of(json_array_get(pk, i), id, want_key, &kid, &pem);
	}
	if (!kid) {
		fail(err, errlen,
		     want_key ? "the actor has no 'publicKey' with the signature's keyId"
			      : "the actor's 'publicKey' is missing or not its own");
		goto out;
	}
	fed_url_host(id, 0, domain, sizeof(domain));
	out->uri = pool_strdup(p, id);
	out->domain = pool_strdup(p, domain);
	out->inbox = pool_strdup(p, inbox);
	const char *shared = fed_json_str(json_object_get(o, "endpoints"), "sharedInbox");
	out->shared_inbox = fed_url_ok(shared) ? pool_strdup(p, shared) : "";
	out->key_id = pool_strdup(p, kid);
	out->key_pem = pool_strdup(p, pem);
	const char *user = fed_json_str(o, "preferredUsername");
	out->handle = fed_plain_line(p, user, 64);
	const char *name = fed_json_str(o, "name");
	out->name = fed_plain_line(p, name && *name ? name : out->handle, COMMENT_NAME_MAX);
	const json_t *url = json_object_get(o, "url");
	const char *u = json_is_string(url) ? json_string_value(url) : fed_json_str(url, "href");
	out->url = fed_url_ok(u) ? pool_strdup(p, u) : out->uri;
	const json_t *icon = json_object_get(o, "icon");
	if (json_is_array(icon))
		icon = json_array_get(icon, 0);
	const char *iu = json_is_string(icon) ? json_string_value(icon) : fed_json_str(icon, "url");
	out->icon_url = fed_url_ok(iu) ? pool_strdup(p, iu) : "";
	out->avatar = "";
	rc = 0;
out:
	json_decref(o);
	return rc;
}

void fed_instance_signer(const struct fed_site *fs, struct fed_signer *out)
{
	out->key = fs->keys->actor;
	out->key_id = fed_key_id(fs, fed_instance_uri(fs));
	out->user_agent = pool_printf(fs->pool, "broadside/1.0 (+%s/)", fs->base);
}

/* GETs an ActivityPub document: 0 with its body, -1 with err. */
static int get_doc(const struct fed_site *fs, const char *url, struct fed_response *r, char *err,
		   size_t errlen)
{
	struct fed_signer s;
	fed_instance_signer(fs, &s);
	if (fed_get(&s, url, FED_ACCEPT_TYPES, FED_JSON_MAX, r) != 0) {
		snprintf(err, errlen, "%s: %s", url, r->error);
		return -1;
	}
	if (r->status != 200) {
		snprintf(err, errlen, "%s answered %d", url, r->status);
		return -1;
	}
	if (!fed_content_type_ok(r->content_type)) {
		snprintf(err, errlen, "%s is not an ActivityPub document (Content-Type '%s')", url,
			 r->content_type);
		return -1;
	}
	return 0;
}

static int keep(const struct fed_site *fs, struct fed_actor_row *a, char *err, size_t errlen)
{
	long long now = clock_now();
	if (store_begin(fs->store) != 0 || store_fed_actor_put(fs->store, a, now, &a->id) != 0 ||
	    store_commit_quiet(fs->store) != 0) {
		store_rollback(fs->store);
		return fail(err, errlen, "the actor cannot be stored");
	}
	/* The avatar and its flag are the stored row's. */
	struct fed_actor_row stored;
	if (store_fed_actor_get(fs->store, fs->pool, a->id, &stored) == 0)
		*a = stored;
	return 0;
}

static int fetch_as(const struct fed_site *fs, const char *uri, const char *want_key,
		    struct fed_actor_row *out, char *err, size_t errlen)
{
	struct fed_response r;
	int rc = get_doc(fs, uri, &r, err, errlen);
	if (rc == 0) {
		/* The document must be the one asked for, wherever a redirect took us. */
		char e2[200];
		rc = fed_actor_parse(r.body.data, r.body.len, uri, want_key, fs->pool, out, e2,
				     sizeof(e2));
		if (rc != 0)
			snprintf(err, errlen, "%s: %s", uri, e2);
	}
	buf_free(&r.body);
	return rc == 0 ? keep(fs, out, err, errlen) : -1;
}

int fed_actor_fetch(const struct fed_site *fs, const char *uri, struct fed_actor_row *out,
		    char *err, size_t errlen)
{
	return fetch_as(fs, uri, NULL, out, err, errlen);
}

int fed_key_fetch(const struct fed_site *fs, const char *key_id, struct fed_actor_row *out,
		  char *err, size_t errlen)
{
	if (!fed_url_ok(key_id))
		return fail(err, errlen, "the signature's keyId is not an http(s) URL");
	const char *doc = pool_strndup(fs->pool, key_id, strcspn(key_id, "#"));
	if (strchr(key_id, '#'))
		return fetch_as(fs, doc, key_id, out, err, errlen);
	/* A key of its own address: a document with its owner, whose actor must list it. */
	struct fed_response r;
	if (get_doc(fs, doc, &r, err, errlen) != 0) {
		buf_free(&r.body);
		return -1;
	}
	json_t *k = fed_json_parse(r.body.data, r.body.len, err, errlen);
	buf_free(&r.body);
	if (!k)
		return -1;
	const char *owner = fed_json_str(k, "owner");
	if (!owner && fed_json_str(k, "inbox")) {
		/* The keyId was the actor itself. */
		json_decref(k);
		return fetch_as(fs, doc, NULL, out, err, errlen);
	}
	const char *o = owner && fed_url_ok(owner) ? pool_strdup(fs->pool, owner) : NULL;
	json_decref(k);
	if (!o)
		return fail(err, errlen, "the key document names no owner");
	return fetch_as(fs, o, key_id, out, err, errlen);
}
