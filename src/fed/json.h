/* json: the JSON of ActivityPub through jansson: parsing with duplicate keys refused, the few
 * shapes a property may take (a string, an object with an id, a list of either), URLs checked
 * before they are used, and documents written compactly. */
#ifndef BS_FED_JSON_H
#define BS_FED_JSON_H

#include <jansson.h>
#include <stddef.h>

struct buf;

/* The largest JSON document taken from another server (an inbox body, a fetched actor). */
#define FED_JSON_MAX (1024 * 1024)
/* The longest URL taken from another server. */
#define FED_URL_MAX 2048

/* The public collection, as a URL. */
#define AS_PUBLIC "https://www.w3.org/ns/activitystreams#Public"

/* Parses a JSON object (anything else is refused), duplicate keys refused. NULL with a
 * sentence in err that says where it broke. */
json_t *fed_json_parse(const char *s, size_t n, char *err, size_t errlen);

/* The string value of key, or NULL. */
const char *fed_json_str(const json_t *o, const char *key);
/* An id: a string, or an object's "id", or the first of a list of those; NULL when none. */
const char *fed_json_id(const json_t *v);
/* The id under key (fed_json_id of its value). */
const char *fed_json_key_id(const json_t *o, const char *key);
/* Whether "type" is t, or a list holding t. */
int fed_json_is(const json_t *o, const char *t);
/* The first of "type" (a string, or the first string of a list), or "". */
const char *fed_json_type(const json_t *o);
/* Whether to or cc holds the public collection (as a URL, "as:Public" or "Public"). */
int fed_json_public(const json_t *o);

/* Appends o as compact JSON. */
void fed_json_dump(const json_t *o, struct buf *out);
/* Sets key to a string (NULL sets nothing). */
void fed_json_set_str(json_t *o, const char *key, const char *value);

/* An http(s) URL we may store and fetch: a scheme, a host, no spaces or controls, at most
 * FED_URL_MAX bytes. */
int fed_url_ok(const char *url);
/* The host of an http(s) URL, lowercase, into out: with its port (":8443") when with_port and
 * the URL names one. 0, or -1 when there is none or it does not fit. */
int fed_url_host(const char *url, int with_port, char *out, size_t outlen);

#endif
