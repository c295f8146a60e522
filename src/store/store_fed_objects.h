/* store_fed_objects: what the press sent to the Fediverse: its posts as federated objects (kept
 * after a deletion, so their address answers 410), the activities delivered to followers, and
 * the likes and boosts its posts got. */
#ifndef BS_STORE_FED_OBJECTS_H
#define BS_STORE_FED_OBJECTS_H

#include <stddef.h>

struct pool;
struct store;

struct fed_object_row {
	long long post_id;
	const char *slug; /* its address when it was first federated: its id stays that */
	long long author_id;
	long long created;
	long long gone; /* when it was deleted or left the public posts; 0 while there */
};

/* 0 found, 1 not, -1 error. */
int store_fed_object_get(struct store *s, struct pool *p, long long post_id,
			 struct fed_object_row *out);
/* 1 when a federated post whose address was /posts/slug is gone (and none is there now), 0
 * when not, -1 on error. */
int store_fed_object_gone(struct store *s, const char *slug);

/* An activity to deliver: sent by local (a writer's id, or the press), to local's followers
 * and, when wide, the press's. *id. 0 or -1. */
int store_fed_activity_add(struct store *s, long long local, int wide, const char *json,
			   long long now, long long *id);
/* 0 with its sender, audience and JSON (in p), 1 when there is none, -1. */
int store_fed_activity_get(struct store *s, struct pool *p, long long id, long long *local,
			   int *wide, const char **json);

enum fed_reaction { FED_REACT_LIKE, FED_REACT_BOOST };

/* A like or a boost of a post by an actor (once each). 0, or -1. */
int store_fed_react(struct store *s, long long post_id, long long actor_id, int kind,
		    const char *uri, long long now);
/* Takes back the actor's reaction with this activity id, or (uri NULL) its reaction of kind to
 * the post. How many went, or -1. */
int store_fed_unreact(struct store *s, long long actor_id, const char *uri, long long post_id,
		      int kind);
/* A post's likes and boosts. 0, or -1. */
int store_fed_reactions(struct store *s, long long post_id, int *likes, int *boosts);

/* Public posts (visible to everyone) of a writer, or of the whole press (user_id 0). -1 on an
 * error. */
int store_fed_public_count(struct store *s, long long user_id);

#endif
