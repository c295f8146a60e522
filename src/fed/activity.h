/* activity: an activity from another server, parsed at the edge into a small validated struct
 * (what the inbox acts on), and the HTML of a remote reply turned into the Markdown of a
 * comment. */
#ifndef BS_FED_ACTIVITY_H
#define BS_FED_ACTIVITY_H

#include <stddef.h>

struct buf;
struct pool;

enum fed_verb {
	FED_OTHER, /* anything we do not act on: accepted, then dropped */
	FED_FOLLOW,
	FED_UNDO,
	FED_CREATE,
	FED_UPDATE,
	FED_DELETE,
	FED_LIKE,
	FED_ANNOUNCE,
	FED_ACCEPT,
	FED_REJECT,
};

/* The post or reply an activity carries (Create, Update) when it is embedded. */
struct fed_note {
	const char *id;
	const char *type;	 /* "Note", "Article", ... */
	const char *attributed;	 /* attributedTo */
	const char *in_reply_to; /* NULL when it answers nothing */
	const char *content;	 /* HTML, or NULL */
	const char *name;	 /* a title, or NULL */
	const char *url;	 /* its page, or NULL */
	int public;		 /* addressed to the public collection */
};

struct fed_activity {
	enum fed_verb verb;
	const char *type;  /* as sent */
	const char *id;	   /* an http(s) URL */
	const char *actor; /* an http(s) URL */
	/* The object: its id always (when it has one), its type when embedded. */
	const char *object_id;
	const char *object_type;
	/* Undo: the undone activity (embedded, or only its id in object_id). */
	enum fed_verb inner_verb;
	const char *inner_object; /* the undone Follow's or Like's object */
	/* Create and Update of a Note or an Article: the object. */
	int has_note;
	struct fed_note note;
	int actor_object; /* the object is the actor itself (Delete or Update of an account) */
};

/* The longest reply text taken, in bytes of HTML. */
#define FED_CONTENT_MAX (128 * 1024)

/*
 * Parses an activity (a JSON object of at most FED_JSON_MAX bytes) into out, strings in p.
 * Checks: it has a type, an http(s) id and actor, an object where the verb needs one, and an
 * embedded note's id, attributedTo and content are of the right shape and size. 0, or -1 with
 * a sentence in err that names the field.
 */
int fed_activity_parse(const char *json, size_t n, struct pool *p, struct fed_activity *out,
		       char *err, size_t errlen);

/* Turns the HTML of a remote post into Markdown that shows the same text: paragraphs, line
 * breaks, emphasis, code, quotes, lists and links (mentions and hashtags become plain text);
 * every other tag gives its text; Markdown's own characters are escaped. Appends to out;
 * 0, or -1 when the HTML cannot be read at all. */
int fed_html_to_markdown(const char *html, size_t n, struct buf *out);

/* A one-line plain text of at most max bytes (cut at a character), for names. */
const char *fed_plain_line(struct pool *p, const char *s, size_t max);

#endif
