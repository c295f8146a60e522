/* json: jansson with the rules of remote input: one object, no duplicate keys, bounded size;
 * the shapes ActivityPub properties take; URLs and their hosts. */
#include "fed/json.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

json_t *fed_json_parse(const char *s, size_t n, char *err, size_t errlen)
{
	if (n > FED_JSON_MAX) {
		snprintf(err, errlen, "the JSON is larger than %d bytes", FED_JSON_MAX);
		return NULL;
	}
	json_error_t e;
	json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e);
	if (!o) {
		snprintf(err, errlen, "the body is not valid JSON (line %d, column %d: %s)", e.line,
			 e.column, e.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		snprintf(err, errlen, "the JSON is not an object");
		return NULL;
	}
	return o;
}

const char *fed_json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *fed_json_id(const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return json_string_value(json_object_get(v, "id"));
	if (json_is_array(v) && json_array_size(v) > 0) {
		const json_t *first = json_array_get(v, 0);
		return json_is_array(first) ? NULL : fed_json_id(first);
	}
	return NULL;
}

const char *fed_json_key_id(const json_t *o, const char *key)
{
	return fed_json_id(json_object_get(o, key));
}

int fed_json_is(const json_t *o, const char *t)
{
	const json_t *type = json_object_get(o, "type");
	if (json_is_string(type))
		return strcmp(json_string_value(type), t) == 0;
	for (size_t i = 0; i < json_array_size(type); i++) {
		const char *v = json_string_value(json_array_get(type, i));
		if (v && strcmp(v, t) == 0)
			return 1;
	}
	return 0;
}

const char *fed_json_type(const json_t *o)
{
	const json_t *type = json_object_get(o, "type");
	if (json_is_array(type))
		type = json_array_get(type, 0);
	const char *t = json_string_value(type);
	return t ? t : "";
}

static int is_public(const json_t *v)
{
	const char *s = json_string_value(v);
	return s && (strcmp(s, AS_PUBLIC) == 0 || strcmp(s, "as:Public") == 0 ||
		     strcmp(s, "Public") == 0);
}

int fed_json_public(const json_t *o)
{
	static const char *const keys[] = {"to", "cc"};
	for (int k = 0; k < 2; k++) {
		const json_t *a = json_object_get(o, keys[k]);
		if (is_public(a))
			return 1;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (is_public(json_array_get(a, i)))
				return 1;
	}
	return 0;
}

static int dump_cb(const char *data, size_t size, void *ud)
{
	buf_put(ud, data, size);
	return 0;
}

void fed_json_dump(const json_t *o, struct buf *out)
{
	json_dump_callback(o, dump_cb, out, JSON_COMPACT);
	buf_grow(out, 0);
}

void fed_json_set_str(json_t *o, const char *key, const char *value)
{
	if (value)
		json_object_set_new(o, key, json_string(value));
}

/* Where the host of an http(s) URL starts, or NULL. */
static const char *host_start(const char *url)
{
	if (strncasecmp(url, "https://", 8) == 0)
		return url + 8;
	if (strncasecmp(url, "http://", 7) == 0)
		return url + 7;
	return NULL;
}

int fed_url_ok(const char *url)
{
	if (!url)
		return 0;
	size_t n = strlen(url);
	const char *h = host_start(url);
	if (!h || n > FED_URL_MAX || !utf8_valid(url, n, NULL))
		return 0;
	for (const char *c = url; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '<' || *c == '>' || *c == '\\' ||
		    *c == 0x7f)
			return 0;
	char host[256];
	return fed_url_host(url, 0, host, sizeof(host)) == 0;
}

int fed_url_host(const char *url, int with_port, char *out, size_t outlen)
{
	const char *h = url ? host_start(url) : NULL;
	if (!h)
		return -1;
	size_t n = strcspn(h, "/?#");
	const char *at = memchr(h, '@', n);
	if (at) /* user information is never part of the host */
		return -1;
	size_t hn = n;
	if (h[0] == '[') {
		const char *close = memchr(h, ']', n);
		if (!close)
			return -1;
		hn = (size_t)(close - h) + 1;
	} else {
		const char *colon = memchr(h, ':', n);
		if (colon)
			hn = (size_t)(colon - h);
	}
	if (hn == 0)
		return -1;
	size_t take = with_port ? n : hn;
	if (take >= outlen)
		return -1;
	for (size_t i = 0; i < take; i++) {
		char c = h[i];
		if (i >= hn && !(c == ':' || (c >= '0' && c <= '9')))
			return -1;
		if (i < hn &&
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '[' || c == ']' || c == ':'))
			return -1;
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[take] = '\0';
	if (take > hn && (take == hn + 1 || out[hn] != ':'))
		return -1;
	return 0;
}
