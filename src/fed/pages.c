/* pages: the JSON the press answers other servers with: WebFinger, NodeInfo, actors and their
 * collections, the public list of blocked domains, and a post's object at its own address. */
#include "fed/avatar.h"
#include "fed/doc.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "fed/routes.h"
#include "fed/webfinger.h"
#include "req/req.h"
#include "route/route.h"
#include "store/store.h"
#include "store/store_fed.h"
#include "store/store_fed_objects.h"
#include "store/store_users.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#define AS_TYPE "application/activity+json; charset=utf-8"
/* A page of an outbox. */
#define OUTBOX_PAGE 20

int fed_site_of(struct req *r, struct fed_site *fs)
{
	return fed_site_init(fs, r->base_url, &r->site, r->keys, r->store, r->pool);
}

static int answer(struct page_out *out, json_t *doc, const char *type, int cacheable)
{
	out->status = 200;
	out->type = type ? type : AS_TYPE;
	fed_json_dump(doc, &out->body);
	json_decref(doc);
	out->cacheable = cacheable;
	out->cors = 1;
	return 0;
}

/* A refusal as JSON: {"error": msg}. */
static int refuse(struct page_out *out, int status, const char *msg)
{
	buf_reset(&out->body);
	json_t *o = json_pack("{s:s}", "error", msg);
	answer(out, o, "application/json; charset=utf-8", 0);
	out->status = status;
	return 0;
}

/* The site's base URL has no host (it cannot be, from a request): answered 500. */
static int no_site(struct page_out *out)
{
	return refuse(out, 500, "the press's address cannot be read");
}

int fed_webfinger(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	if (fed_site_of(r, &fs) != 0)
		return no_site(out);
	char name[256], host[256];
	struct fed_local a;
	int rc = 1;
	switch (webfinger_resource(r->route->q, name, host)) {
	case WEBFINGER_BAD:
		return refuse(out, 400,
			      "the 'resource' parameter is missing, or neither acct:NAME@HOST nor "
			      "an http(s) URL");
	case WEBFINGER_URL:
		rc = fed_local_by_uri(&fs, r->route->q, &a);
		break;
	case WEBFINGER_ACCT:
		/* Our host as the site's address names it, or as the request sent it. */
		if (strcasecmp(host, fs.host) != 0 && (!r->host || strcasecmp(host, r->host) != 0))
			break;
		if (strcmp(name, fs.site->fediverse_handle) == 0) {
			fed_press_local(&fs, &a);
			rc = 0;
		} else if (strcmp(name, fs.host) == 0) {
			rc = fed_local_by_uri(&fs, fed_instance_uri(&fs), &a);
		} else {
			rc = fed_writer_local(&fs, name, &a);
		}
		break;
	}
	if (rc < 0)
		return -1;
	if (rc == 1)
		return refuse(out, 404, "no actor of this press has that name");
	return answer(out, fed_doc_webfinger(&fs, &a), "application/jrd+json; charset=utf-8", 0);
}

int fed_nodeinfo_links(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	if (fed_site_of(r, &fs) != 0)
		return no_site(out);
	return answer(out, fed_doc_nodeinfo_links(&fs), "application/json; charset=utf-8", 1);
}

int fed_nodeinfo(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct account *users;
	size_t n;
	if (fed_site_of(r, &fs) != 0)
		return no_site(out);
	if (store_accounts(r->store, r->pool, &users, &n) != 0)
		return -1;
	int writers = 0;
	for (size_t i = 0; i < n; i++)
		writers += users[i].role != ROLE_OFFICER;
	int posts = store_fed_public_count(r->store, 0);
	if (posts < 0)
		return -1;
	return answer(out, fed_doc_nodeinfo(&fs, writers, posts),
		      "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/"
		      "2.1#\"; charset=utf-8",
		      1);
}

/* The actor the row (its arg) and {handle} name: 0, or 1 after a 404. */
static int row_actor(struct req *r, struct fed_site *fs, struct fed_local *a, struct page_out *out)
{
	if (fed_site_of(r, fs) != 0) {
		no_site(out);
		return 1;
	}
	int rc = 0;
	if (r->row->arg == FED_ACTOR_PRESS)
		fed_press_local(fs, a);
	else if (r->row->arg == FED_ACTOR_INSTANCE)
		rc = fed_local_by_uri(fs, fed_instance_uri(fs), a);
	else
		rc = fed_writer_local(fs, r->route->arg, a);
	if (rc < 0)
		return -1;
	if (rc == 1)
		refuse(out, 404, "no writer of this press has that handle");
	return rc;
}

int fed_actor_doc(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_local a;
	int rc = row_actor(r, &fs, &a, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return answer(out, fed_doc_actor(&fs, &a), NULL, 1);
}

int fed_followers(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_local a;
	int rc = row_actor(r, &fs, &a, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int n = store_fed_follower_count(r->store, a.user_id);
	if (n < 0)
		return -1;
	return answer(out, fed_doc_followers(&fs, &a, n), NULL, 1);
}

int fed_outbox(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_local a;
	int rc = row_actor(r, &fs, &a, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int n = a.kind == FED_ACTOR_INSTANCE ? 0 : store_fed_public_count(r->store, a.user_id);
	if (n < 0)
		return -1;
	return answer(out, fed_doc_outbox(&fs, &a, n), NULL, 1);
}

int fed_outbox_page(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_local a;
	int rc = row_actor(r, &fs, &a, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct post_list list = {0};
	struct list_query q = {.kind = a.kind == FED_ACTOR_WRITER ? LIST_AUTHOR : LIST_RECENT,
			       .key = a.user_id,
			       .at = r->route->at,
			       .limit = OUTBOX_PAGE,
			       .public_only = 1};
	if (a.kind != FED_ACTOR_INSTANCE && store_list(r->store, r->pool, &q, &list) != 0)
		return -1;
	char cursor[64];
	route_cursor_query(&r->route->at, cursor, sizeof(cursor));
	const char *base = pool_printf(r->pool, "%s/outbox/page", a.uri);
	const char *next = NULL;
	if (list.more && list.n) {
		const struct post_row *last = &list.rows[list.n - 1];
		next = pool_printf(r->pool, "%s?before=%lld.%lld", base, last->published, last->id);
	}
	return answer(out,
		      fed_doc_outbox_page(&fs, &a, list.rows, list.n,
					  pool_printf(r->pool, "%s%s", base, cursor), next),
		      NULL, 1);
}

int fed_domain_blocks(struct req *r, struct page_out *out)
{
	struct fed_block_row *rows;
	size_t n;
	if (store_fed_blocks(r->store, r->pool, 1, &rows, &n) != 0)
		return -1;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * sizeof(h) + 1];
		crypto_hash_sha256(h, (const unsigned char *)rows[i].target,
				   strlen(rows[i].target));
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "domain",
						      rows[i].target, "digest", hex, "severity",
						      "suspend", "comment", rows[i].reason));
	}
	return answer(out, list, "application/json; charset=utf-8", 1);
}

int fed_post_answer(struct req *r, int found, const struct post_row *post, struct page_out *out)
{
	out->vary_accept = 1;
	if (!req_accepts_activity(req_header(r, "Accept")))
		return 0;
	struct fed_site fs;
	if (fed_site_of(r, &fs) != 0) {
		no_site(out);
		return 1;
	}
	/* Only what everyone may read federates. */
	if (!found || post->visibility != VISIBLE_PUBLIC) {
		int gone = !found ? store_fed_object_gone(r->store, r->route->arg) : 0;
		if (gone < 0)
			return -1;
		if (gone) {
			json_t *t =
			    json_pack("{s:o, s:s, s:s}", "@context", fed_doc_context(), "id",
				      fed_post_uri(&fs, r->route->arg), "type", "Tombstone");
			answer(out, t, NULL, 0);
			out->status = 410;
			return 1;
		}
		refuse(out, 404, "there is no public post at this address");
		return 1;
	}
	struct fed_object_row obj;
	int rc = store_fed_object_get(r->store, r->pool, post->id, &obj);
	if (rc < 0)
		return -1;
	const char *id = fed_post_uri(&fs, rc == 0 ? obj.slug : post->slug);
	struct fed_local author;
	int has_author =
	    post->author_handle && fed_writer_local(&fs, post->author_handle, &author) == 0;
	answer(out, fed_doc_object(&fs, post, has_author ? &author : NULL, id), NULL, 1);
	return 1;
}

int fed_actor_avatar(struct req *r, struct page_out *out)
{
	struct fed_site fs;
	struct fed_local a;
	int rc = row_actor(r, &fs, &a, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	out->status = 200;
	out->type = "image/png";
	out->cacheable = 1;
	avatar_png(a.uri, &out->body);
	return 0;
}

int fed_avatar_file(struct req *r, struct page_out *out)
{
	const char *type;
	if (fed_avatar_open(r->data_dir, r->route->arg, &out->fd, &out->fd_size, &type) != 0) {
		out->fd = -1;
		return refuse(out, 404, "there is no such avatar");
	}
	out->status = 200;
	out->type = type;
	out->etag = pool_printf(r->pool, "\"%.64s\"", r->route->arg);
	return 0;
}

int fed_author_answer(struct req *r, const char *handle, struct page_out *out)
{
	out->vary_accept = 1;
	if (!req_accepts_activity(req_header(r, "Accept")))
		return 0;
	struct fed_site fs;
	struct fed_local a;
	if (fed_site_of(r, &fs) != 0) {
		no_site(out);
		return 1;
	}
	int rc = fed_writer_local(&fs, handle, &a);
	if (rc < 0)
		return -1;
	if (rc == 1)
		refuse(out, 404, "no writer of this press has that handle");
	else
		answer(out, fed_doc_actor(&fs, &a), NULL, 1);
	return 1;
}
