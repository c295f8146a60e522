/* activity: reading a remote activity's JSON into struct fed_activity, refusing what does not
 * have the shape the inbox needs. */
#include "fed/activity.h"
#include "fed/json.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *type;
	enum fed_verb verb;
} verbs[] = {
    {"Follow", FED_FOLLOW},	{"Undo", FED_UNDO},	{"Create", FED_CREATE},
    {"Update", FED_UPDATE},	{"Delete", FED_DELETE}, {"Like", FED_LIKE},
    {"Announce", FED_ANNOUNCE}, {"Accept", FED_ACCEPT}, {"Reject", FED_REJECT},
};

static enum fed_verb verb_of(const char *type)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(type, verbs[i].type) == 0)
			return verbs[i].verb;
	return FED_OTHER;
}

static const char *dup(struct pool *p, const char *s)
{
	return s ? pool_strdup(p, s) : NULL;
}

/* A URL-valued property: NULL when absent; *bad set when present but not an http(s) URL. */
static const char *url_of(struct pool *p, const char *s, int *bad)
{
	if (!s)
		return NULL;
	if (!fed_url_ok(s)) {
		*bad = 1;
		return NULL;
	}
	return pool_strdup(p, s);
}

/* The replies we take are notes and articles; anything else embedded is only its id. */
static int is_note(const json_t *o)
{
	static const char *const types[] = {"Note", "Article", "Page", "Question"};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (fed_json_is(o, types[i]))
			return 1;
	return 0;
}

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

static int note_of(const json_t *o, struct pool *p, struct fed_note *n, char *err, size_t errlen)
{
	int bad = 0;
	memset(n, 0, sizeof(*n));
	n->type = dup(p, fed_json_type(o));
	n->id = url_of(p, fed_json_str(o, "id"), &bad);
	if (!n->id || bad)
		return fail(err, errlen, "the object's 'id' is missing or not an http(s) URL");
	n->attributed = url_of(p, fed_json_key_id(o, "attributedTo"), &bad);
	if (!n->attributed || bad)
		return fail(err, errlen,
			    "the object's 'attributedTo' is missing or not an http(s) URL");
	n->in_reply_to = url_of(p, fed_json_key_id(o, "inReplyTo"), &bad);
	if (bad)
		return fail(err, errlen, "the object's 'inReplyTo' is not an http(s) URL");
	const json_t *url = json_object_get(o, "url");
	const char *u = json_is_string(url) ? json_string_value(url) : NULL;
	if (!u && json_is_object(url))
		u = fed_json_str(url, "href");
	if (!u && json_is_array(url) && json_array_size(url) > 0) {
		const json_t *first = json_array_get(url, 0);
		u = json_is_string(first) ? json_string_value(first) : fed_json_str(first, "href");
	}
	n->url = u && fed_url_ok(u) ? pool_strdup(p, u) : NULL;
	const json_t *content = json_object_get(o, "content");
	if (content && !json_is_string(content))
		return fail(err, errlen, "the object's 'content' is not a string");
	if (content) {
		size_t len = json_string_length(content);
		if (len > FED_CONTENT_MAX)
			return fail(err, errlen, "the object's 'content' is too long");
		if (memchr(json_string_value(content), '\0', len))
			return fail(err, errlen, "the object's 'content' holds a NUL");
		n->content = pool_strdup(p, json_string_value(content));
	}
	const char *name = fed_json_str(o, "name");
	if (name && strlen(name) <= 1000)
		n->name = pool_strdup(p, name);
	n->public = fed_json_public(o);
	return 0;
}

int fed_activity_parse(const char *json, size_t n, struct pool *p, struct fed_activity *out,
		       char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	json_t *o = fed_json_parse(json, n, err, errlen);
	if (!o)
		return -1;
	int rc = -1, bad = 0;
	const char *type = fed_json_type(o);
	if (!*type) {
		fail(err, errlen, "the activity has no 'type'");
		goto out;
	}
	out->type = pool_strdup(p, type);
	out->verb = verb_of(type);
	out->id = url_of(p, fed_json_str(o, "id"), &bad);
	if (!out->id || bad) {
		fail(err, errlen, "the activity's 'id' is missing or not an http(s) URL");
		goto out;
	}
	out->actor = url_of(p, fed_json_key_id(o, "actor"), &bad);
	if (!out->actor || bad) {
		fail(err, errlen, "the activity's 'actor' is missing or not an http(s) URL");
		goto out;
	}
	const json_t *obj = json_object_get(o, "object");
	const char *oid = fed_json_id(obj);
	if (oid && !fed_url_ok(oid)) {
		fail(err, errlen, "the activity's 'object' is not an http(s) URL");
		goto out;
	}
	out->object_id = dup(p, oid);
	if (json_is_object(obj))
		out->object_type = pool_strdup(p, fed_json_type(obj));
	out->actor_object = oid && strcmp(oid, out->actor) == 0;
	if (out->verb != FED_OTHER && !oid) {
		fail(err, errlen, "the activity's 'object' is missing");
		goto out;
	}
	if (out->verb == FED_UNDO && json_is_object(obj)) {
		out->inner_verb = verb_of(fed_json_type(obj));
		const char *inner = fed_json_key_id(obj, "object");
		if (inner && fed_url_ok(inner))
			out->inner_object = pool_strdup(p, inner);
		const char *inner_actor = fed_json_key_id(obj, "actor");
		/* One may only undo what one did oneself. */
		if (inner_actor && strcmp(inner_actor, out->actor) != 0) {
			fail(err, errlen, "the undone activity's 'actor' is not this activity's");
			goto out;
		}
	}
	if ((out->verb == FED_CREATE || out->verb == FED_UPDATE) && json_is_object(obj) &&
	    is_note(obj)) {
		if (note_of(obj, p, &out->note, err, errlen) != 0)
			goto out;
		out->has_note = 1;
	}
	rc = 0;
out:
	json_decref(o);
	return rc;
}

const char *fed_plain_line(struct pool *p, const char *s, size_t max)
{
	if (!s)
		return "";
	size_t n = strlen(s), k = 0;
	char *out = pool_alloc(p, (n < max ? n : max) + 1);
	for (size_t i = 0; i < n && k < max;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (k + len > max)
			break;
		unsigned char c = (unsigned char)s[i];
		if (len == 1 && c >= 0x80) {
			/* A malformed byte: jansson lets none through, but say nothing of it. */
		} else if (len == 1 && (c < 0x20 || c == 0x7f)) {
			if (k && out[k - 1] != ' ')
				out[k++] = ' ';
		} else {
			memcpy(out + k, s + i, len);
			k += len;
		}
		i += len;
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return out;
}
