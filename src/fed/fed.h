/* fed: the press on the Fediverse: who its actors are (the press, each writer, the instance
 * actor that signs fetches), their addresses, and what a request or a job needs to speak for
 * them. */
#ifndef BS_FED_H
#define BS_FED_H

#include "store/store_fed.h"

#include <stddef.h>

struct pool;
struct press_keys;
struct site;
struct store;
struct user_row;

/* What federation needs of the press at hand, from a request or a job. */
struct fed_site {
	const char *base;	       /* "https://press.example", no trailing '/' */
	const char *host;	       /* the host (and port) of base: handles are @NAME@host */
	const struct site *site;       /* its settings */
	const struct press_keys *keys; /* the actors' RSA key is keys->actor */
	struct store *store;
	struct pool *pool; /* where the strings below are made */
};

/* Fills fs from a base URL; -1 when the base has no host. */
int fed_site_init(struct fed_site *fs, const char *base, const struct site *site,
		  const struct press_keys *keys, struct store *s, struct pool *p);

/* The local actors. */
enum fed_actor_kind { FED_ACTOR_PRESS, FED_ACTOR_WRITER, FED_ACTOR_INSTANCE };

struct fed_local {
	enum fed_actor_kind kind;
	long long user_id;  /* a writer's; 0 for the press (FED_PRESS) and the instance actor */
	const char *handle; /* preferredUsername */
	const char *name;
	const char *bio;
	const char *uri; /* the actor's id */
};

/* Actor ids: /users/HANDLE, /press, /actor (the instance actor). */
const char *fed_writer_uri(const struct fed_site *fs, const char *handle);
const char *fed_press_uri(const struct fed_site *fs);
const char *fed_instance_uri(const struct fed_site *fs);
/* actor + "#main-key": every actor's key id. */
const char *fed_key_id(const struct fed_site *fs, const char *actor_uri);
/* A post's object id and page: /posts/SLUG. */
const char *fed_post_uri(const struct fed_site *fs, const char *slug);

/* The press's actor (its handle is the fediverse_handle setting). */
void fed_press_local(const struct fed_site *fs, struct fed_local *out);
/* A writer by handle (officers have no actor): 0, 1 when none, -1 on error. */
int fed_writer_local(const struct fed_site *fs, const char *handle, struct fed_local *out);
/* A writer by user id; FED_PRESS gives the press. 0, 1 when none, -1 on error. */
int fed_local_by_id(const struct fed_site *fs, long long user_id, struct fed_local *out);
/*
 * The local actor an URL of ours names: /users/HANDLE, /@HANDLE, /press or /actor under base.
 * 0, 1 when it names none, -1 on error.
 */
int fed_local_by_uri(const struct fed_site *fs, const char *uri, struct fed_local *out);

/* The post an URL of ours names (/posts/SLUG under base, old slugs too): 0 and its id, 1 when
 * it names none, -1 on error. */
int fed_post_by_uri(const struct fed_site *fs, const char *uri, long long *post_id);

#endif
