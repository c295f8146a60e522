/* routes: the handlers of the Fediverse's addresses (route/table.c): WebFinger, NodeInfo, the
 * actors and their collections, the inboxes, served avatars and the public list of blocked
 * domains; and the ActivityPub answer of a post's page. */
#ifndef BS_FED_ROUTES_H
#define BS_FED_ROUTES_H

struct fed_site;
struct page_out;
struct post_row;
struct req;

/* The press of a request as federation sees it; -1 when its base URL has no host. */
int fed_site_of(struct req *r, struct fed_site *fs);

/* /.well-known/webfinger?resource=acct:NAME@HOST (or an actor's URL). */
int fed_webfinger(struct req *r, struct page_out *out);
/* /.well-known/nodeinfo and /nodeinfo/2.1. */
int fed_nodeinfo_links(struct req *r, struct page_out *out);
int fed_nodeinfo(struct req *r, struct page_out *out);
/* An actor's document, avatar, outbox, a page of it, and followers: the row's arg is the
 * enum fed_actor_kind, {handle} names a writer. */
int fed_actor_doc(struct req *r, struct page_out *out);
int fed_actor_avatar(struct req *r, struct page_out *out);
int fed_outbox(struct req *r, struct page_out *out);
int fed_outbox_page(struct req *r, struct page_out *out);
int fed_followers(struct req *r, struct page_out *out);
/* /api/v1/instance/domain_blocks: the blocked domains, as Mastodon lists its own. */
int fed_domain_blocks(struct req *r, struct page_out *out);
/* /avatars/{media}: a remote actor's avatar, fetched once and served by us. */
int fed_avatar_file(struct req *r, struct page_out *out);

/*
 * What an ACCESS_SIGNED row checks before its handler (the dispatcher calls it): the body is
 * an activity, its actor and domain are not blocked, the HTTP Signature is valid, recent, over
 * the digest of this body, by a key of the activity's actor (fetched when new, fetched again
 * once when it fails). Sets r->signer_id. An account's Delete of itself from an actor we never
 * met is answered 202 at once, without fetching its vanished key. 1 to go on, 0 when out holds
 * the answer.
 */
int fed_signed_check(struct req *r, struct page_out *out);
/* The inboxes (POST): a verified activity is queued once (by its id) and answered 202. */
int fed_inbox(struct req *r, struct page_out *out);

/* A post's ActivityPub object when the request's Accept asks for one (its page then answers
 * it): 1 when out holds it (or a 404 or 410 for it), 0 when the HTML page should be made, -1
 * on an error. found says whether the post was found, post is it. */
int fed_post_answer(struct req *r, int found, const struct post_row *post, struct page_out *out);

/* A writer's actor at their page (/@HANDLE) when the Accept asks for ActivityPub: as
 * fed_post_answer. */
int fed_author_answer(struct req *r, const char *handle, struct page_out *out);

#endif
