/* doc: the JSON documents the press publishes and sends: its actors, their collections, posts
 * as Articles or Notes, the activities about them, WebFinger and NodeInfo. Each returns a new
 * jansson object (json_decref it). */
#ifndef BS_FED_DOC_H
#define BS_FED_DOC_H

#include <jansson.h>

struct fed_local;
struct fed_site;
struct post_row;

/* The @context of every document: ActivityStreams, the security vocabulary, and the few terms
 * of Mastodon's inlined (other servers need no network to read them). */
json_t *fed_doc_context(void);

/* An actor: Person (a writer), Group (the press, which announces every writer's posts) or
 * Application (the instance actor), with its key, inbox, outbox, followers and icon. */
json_t *fed_doc_actor(const struct fed_site *fs, const struct fed_local *a);
/* Its followers as a collection of totalItems only (who follows whom is not published). */
json_t *fed_doc_followers(const struct fed_site *fs, const struct fed_local *a, int count);
/* Its outbox: the collection, and one page of it (the Create, or for the press the Announce,
 * of each post). */
json_t *fed_doc_outbox(const struct fed_site *fs, const struct fed_local *a, int total);
json_t *fed_doc_outbox_page(const struct fed_site *fs, const struct fed_local *a,
			    const struct post_row *posts, size_t n, const char *page_id,
			    const char *next_id);

/* A public post (with its body) as an Article, or a Note under the fediverse_object setting;
 * object_id is its id (the address it was first federated at). author NULL: the press's. */
json_t *fed_doc_object(const struct fed_site *fs, const struct post_row *post,
		       const struct fed_local *author, const char *object_id);
/* The activities about it. */
json_t *fed_doc_create(const struct fed_site *fs, const struct fed_local *author, json_t *object);
json_t *fed_doc_update(const struct fed_site *fs, const struct fed_local *author, json_t *object,
		       long long updated);
json_t *fed_doc_delete(const struct fed_site *fs, const struct fed_local *author,
		       const char *object_id);
json_t *fed_doc_announce(const struct fed_site *fs, const struct fed_local *author,
			 const char *object_id, long long published);
/* An Accept of a Follow, the Follow embedded as it came. */
json_t *fed_doc_accept(const struct fed_site *fs, const struct fed_local *a, json_t *follow);

/* The JRD of WebFinger for an actor. */
json_t *fed_doc_webfinger(const struct fed_site *fs, const struct fed_local *a);
/* /.well-known/nodeinfo and NodeInfo 2.1. */
json_t *fed_doc_nodeinfo_links(const struct fed_site *fs);
json_t *fed_doc_nodeinfo(const struct fed_site *fs, int users, int posts);

#endif
