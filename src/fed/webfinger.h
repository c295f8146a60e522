/* webfinger: reading the resource of a WebFinger query (acct:NAME@HOST, or an actor's URL). */
#ifndef BS_FED_WEBFINGER_H
#define BS_FED_WEBFINGER_H

#include <stddef.h>

enum webfinger_kind {
	WEBFINGER_BAD = -1, /* neither form, or too long */
	WEBFINGER_ACCT = 1, /* acct:NAME@HOST: name and host are set */
	WEBFINGER_URL = 2,  /* an http(s) URL: the resource itself names the actor */
};

/* The longest resource taken. */
#define WEBFINGER_MAX 1024

/*
 * Reads a resource. acct: takes NAME@HOST (a leading '@' on NAME is allowed, as some clients
 * send one); NAME is 1 to 64 of letters, digits, '_', '.' and '-', lowercased into name; HOST
 * a host name or address with an optional port, lowercased into host. Each buffer must hold at
 * least 256 bytes.
 */
enum webfinger_kind webfinger_resource(const char *resource, char name[256], char host[256]);

#endif
