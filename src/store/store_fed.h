/* store_fed: the Fediverse as the press knows it: actors of other servers (keys and profiles),
 * followers of the press and its writers, blocks of accounts and domains, and each server's
 * delivery breaker. */
#ifndef BS_STORE_FED_H
#define BS_STORE_FED_H

#include <stddef.h>

struct pool;
struct store;

/* An actor of another server, as its document said when last fetched. */
struct fed_actor_row {
	long long id;
	const char *uri;	  /* its id */
	const char *domain;	  /* the host of its id, lowercase */
	const char *inbox;	  /* where activities for it go */
	const char *shared_inbox; /* its server's shared inbox, or "" */
	const char *key_id;	  /* its publicKey's id */
	const char *key_pem;	  /* and the key (SPKI or PKCS#1 PEM) */
	const char *name;	  /* display name (plain text) */
	const char *handle;	  /* preferredUsername */
	const char *url;	  /* its profile page */
	const char *icon_url;	  /* its avatar on its server */
	const char *avatar;	  /* the copy we serve (/avatars/NAME), or "" */
	int avatar_tried;	  /* the avatar was fetched once (or failed to be) */
	long long fetched;
};

/* Adds or refreshes an actor by uri (the avatar stays unless icon_url changed): *id. 0 or -1. */
int store_fed_actor_put(struct store *s, const struct fed_actor_row *a, long long now,
			long long *id);
/* 0 found, 1 not, -1 error. */
int store_fed_actor_get(struct store *s, struct pool *p, long long id, struct fed_actor_row *out);
int store_fed_actor_by_uri(struct store *s, struct pool *p, const char *uri,
			   struct fed_actor_row *out);
int store_fed_actor_by_key(struct store *s, struct pool *p, const char *key_id,
			   struct fed_actor_row *out);
/* The copy of the actor's avatar (name "" when it could not be had), on the actor and on its
 * comments. */
int store_fed_actor_set_avatar(struct store *s, long long id, const char *avatar);
/* Forgets an actor: its follows and likes go with it. */
int store_fed_actor_delete(struct store *s, long long id);

/* local: the followed actor: a writer's user id, or FED_PRESS for the press. */
#define FED_PRESS 0

/* actor_id follows local (again: the Follow's id is replaced). 0 or -1. */
int store_fed_follow(struct store *s, long long local, long long actor_id, const char *follow_uri,
		     long long now);
/* Ends a follow by its Follow's id (or, when follow_uri is NULL, every follow of local by the
 * actor; local -1: of anyone). How many ended, or -1. */
int store_fed_unfollow(struct store *s, long long local, long long actor_id,
		       const char *follow_uri);
int store_fed_follower_count(struct store *s, long long local);

struct fed_follower_row {
	const char *uri, *handle, *domain;
	long long created;
};
/* Followers of local, oldest first, for the command line. */
int store_fed_followers(struct store *s, struct pool *p, long long local,
			struct fed_follower_row **rows, size_t *n);
/* The inboxes (shared ones where they have one) of local's followers, and of the press's too
 * when wide, each once, in order after `after`, up to limit. */
int store_fed_inboxes(struct store *s, struct pool *p, long long local, int wide, const char *after,
		      int limit, const char ***boxes, size_t *n);
/* 1 when local (or the press too, when wide) has any follower, 0 when not, -1 on error. */
int store_fed_has_followers(struct store *s, long long local, int wide);

struct fed_block_row {
	const char *target; /* a domain, or an actor's URI */
	int domain;
	const char *reason;
	long long created;
};
/* Blocks a domain (domain 1) or an actor. Followers it covers stop being followers. 0 or -1. */
int store_fed_block(struct store *s, const char *target, int domain, const char *reason,
		    long long now);
/* 0 unblocked, 1 when it was not blocked, -1 error. */
int store_fed_unblock(struct store *s, const char *target);
/* Blocks in order of target; domains only when domains_only. */
int store_fed_blocks(struct store *s, struct pool *p, int domains_only, struct fed_block_row **rows,
		     size_t *n);
/* 1 when the actor or its domain (or a parent domain of it) is blocked, 0 when not, -1. */
int store_fed_blocked(struct store *s, const char *actor_uri, const char *domain);

/* A server's delivery breaker: failures in a row, how often it opened, until when it is open. */
struct fed_domain_row {
	int failures, opens;
	long long until;
};
/* 0 (a server never seen has zeros), or -1. */
int store_fed_domain_get(struct store *s, const char *domain, struct fed_domain_row *out);
int store_fed_domain_put(struct store *s, const char *domain, const struct fed_domain_row *d);

#endif
