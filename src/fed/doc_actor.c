/* doc_actor: the press's actors as ActivityPub documents, their collections, WebFinger's JRD and
 * NodeInfo. */
#include "crypto/keys.h"
#include "crypto/rsa.h"
#include "fed/doc.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/pool.h"

#include <string.h>

json_t *fed_doc_context(void)
{
	json_t *terms = json_object();
	json_object_set_new(terms, "manuallyApprovesFollowers",
			    json_string("as:manuallyApprovesFollowers"));
	json_object_set_new(terms, "sensitive", json_string("as:sensitive"));
	json_object_set_new(terms, "Hashtag", json_string("as:Hashtag"));
	json_object_set_new(terms, "toot", json_string("http://joinmastodon.org/ns#"));
	json_object_set_new(terms, "discoverable", json_string("toot:discoverable"));
	json_object_set_new(terms, "indexable", json_string("toot:indexable"));
	return json_pack("[s, s, o]", "https://www.w3.org/ns/activitystreams",
			 "https://w3id.org/security/v1", terms);
}

static const char *sub(const struct fed_site *fs, const char *uri, const char *what)
{
	return pool_printf(fs->pool, "%s/%s", uri, what);
}

/* Plain text as one HTML paragraph, for an actor's summary. */
static json_t *paragraph(const char *text)
{
	struct buf b = {0};
	buf_puts(&b, "<p>");
	esc_html(&b, text, strlen(text));
	buf_puts(&b, "</p>");
	json_t *s = json_string(buf_str(&b));
	buf_free(&b);
	return s;
}

json_t *fed_doc_actor(const struct fed_site *fs, const struct fed_local *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "@context", fed_doc_context());
	fed_json_set_str(o, "id", a->uri);
	const char *type = a->kind == FED_ACTOR_WRITER	? "Person"
			   : a->kind == FED_ACTOR_PRESS ? "Group"
							: "Application";
	fed_json_set_str(o, "type", type);
	fed_json_set_str(o, "preferredUsername", a->handle);
	fed_json_set_str(o, "name", a->name && *a->name ? a->name : a->handle);
	if (a->bio && *a->bio)
		json_object_set_new(o, "summary", paragraph(a->bio));
	const char *page = a->kind == FED_ACTOR_WRITER
			       ? pool_printf(fs->pool, "%s/@%s", fs->base, a->handle)
			       : pool_printf(fs->pool, "%s/", fs->base);
	fed_json_set_str(o, "url", page);
	fed_json_set_str(o, "inbox",
			 a->kind == FED_ACTOR_INSTANCE ? pool_printf(fs->pool, "%s/inbox", fs->base)
						       : sub(fs, a->uri, "inbox"));
	fed_json_set_str(o, "outbox", sub(fs, a->uri, "outbox"));
	if (a->kind != FED_ACTOR_INSTANCE) {
		fed_json_set_str(o, "followers", sub(fs, a->uri, "followers"));
		json_object_set_new(o, "discoverable", json_true());
		json_object_set_new(o, "indexable", json_true());
		json_object_set_new(o, "icon",
				    json_pack("{s:s, s:s, s:s}", "type", "Image", "mediaType",
					      "image/png", "url", sub(fs, a->uri, "avatar.png")));
	}
	json_object_set_new(o, "manuallyApprovesFollowers", json_false());
	json_object_set_new(
	    o, "endpoints",
	    json_pack("{s:s}", "sharedInbox", pool_printf(fs->pool, "%s/inbox", fs->base)));
	struct buf pem = {0};
	if (fs->keys && fs->keys->actor && rsa_public_pem(fs->keys->actor, &pem) == 0)
		json_object_set_new(o, "publicKey",
				    json_pack("{s:s, s:s, s:s}", "id", fed_key_id(fs, a->uri),
					      "owner", a->uri, "publicKeyPem", buf_str(&pem)));
	buf_free(&pem);
	return o;
}

static json_t *collection(const struct fed_site *fs, const char *id, int total)
{
	json_t *o = json_object();
	json_object_set_new(o, "@context", json_string("https://www.w3.org/ns/activitystreams"));
	fed_json_set_str(o, "id", id);
	fed_json_set_str(o, "type", "OrderedCollection");
	json_object_set_new(o, "totalItems", json_integer(total));
	(void)fs;
	return o;
}

json_t *fed_doc_followers(const struct fed_site *fs, const struct fed_local *a, int count)
{
	return collection(fs, sub(fs, a->uri, "followers"), count);
}

json_t *fed_doc_outbox(const struct fed_site *fs, const struct fed_local *a, int total)
{
	const char *id = sub(fs, a->uri, "outbox");
	json_t *o = collection(fs, id, total);
	fed_json_set_str(o, "first", sub(fs, id, "page"));
	return o;
}

json_t *fed_doc_webfinger(const struct fed_site *fs, const struct fed_local *a)
{
	const char *page = a->kind == FED_ACTOR_WRITER
			       ? pool_printf(fs->pool, "%s/@%s", fs->base, a->handle)
			       : pool_printf(fs->pool, "%s/", fs->base);
	return json_pack("{s:s, s:[s, s], s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}", "subject",
			 pool_printf(fs->pool, "acct:%s@%s", a->handle, fs->host), "aliases",
			 a->uri, page, "links", "rel", "self", "type", "application/activity+json",
			 "href", a->uri, "rel", "http://webfinger.net/rel/profile-page", "type",
			 "text/html", "href", page);
}

json_t *fed_doc_nodeinfo_links(const struct fed_site *fs)
{
	return json_pack("{s:[{s:s, s:s}]}", "links", "rel",
			 "http://nodeinfo.diaspora.software/ns/schema/2.1", "href",
			 pool_printf(fs->pool, "%s/nodeinfo/2.1", fs->base));
}

json_t *fed_doc_nodeinfo(const struct fed_site *fs, int users, int posts)
{
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[s], s:{s:[], s:[s, s]}, s:b, "
			 "s:{s:{s:i}, s:i}, s:{s:s}}",
			 "version", "2.1", "software", "name", "broadside", "version", "1.0",
			 "homepage", fs->base, "protocols", "activitypub", "services", "inbound",
			 "outbound", "atom1.0", "rss2.0", "openRegistrations", 0, "usage", "users",
			 "total", users, "localPosts", posts, "metadata", "nodeName",
			 fs->site->title);
}
