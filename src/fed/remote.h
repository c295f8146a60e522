/* remote: actors of other servers: their documents fetched (signed by our instance actor),
 * parsed at the edge into a fed_actor_row and kept, and their keys found for a signature. */
#ifndef BS_FED_REMOTE_H
#define BS_FED_REMOTE_H

#include <stddef.h>

struct fed_actor_row;
struct fed_signer;
struct fed_site;
struct pool;

/* What we ask for, and what an ActivityPub document must be served as. */
#define FED_ACCEPT_TYPES                                                                           \
	"application/activity+json, application/ld+json; "                                         \
	"profile=\"https://www.w3.org/ns/activitystreams\""
/* 1 when a Content-Type is ActivityPub's (application/activity+json, or ld+json with the
 * ActivityStreams profile). */
int fed_content_type_ok(const char *type);

/*
 * Parses an actor document: its id must be want_id, it must have a type of actor, an http(s)
 * inbox, and a publicKey (one, or one of a list: the one whose id is want_key when given)
 * owned by it. Strings in p. 0, or -1 with a sentence in err naming the field.
 */
int fed_actor_parse(const char *json, size_t n, const char *want_id, const char *want_key,
		    struct pool *p, struct fed_actor_row *out, char *err, size_t errlen);

/* The instance actor as a signer of fetches. */
void fed_instance_signer(const struct fed_site *fs, struct fed_signer *out);

/* Fetches the actor at uri, checks it and keeps it (its own transaction): 0 with the stored
 * row, -1 with err. */
int fed_actor_fetch(const struct fed_site *fs, const char *uri, struct fed_actor_row *out,
		    char *err, size_t errlen);
/* Fetches the actor that owns key_id (a key id is the actor's id and a fragment, or the id of
 * a key document naming its owner), keeps it, and checks the key is its: 0, or -1 with err. */
int fed_key_fetch(const struct fed_site *fs, const char *key_id, struct fed_actor_row *out,
		  char *err, size_t errlen);

#endif
