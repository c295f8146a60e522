/* comment: what a comment is: statuses, per-post modes, limits, and the reader's form. */
#ifndef BS_COMMENT_H
#define BS_COMMENT_H

#include <stddef.h>

struct form;

enum comment_status {
	COMMENT_HELD,	   /* waiting for a moderator */
	COMMENT_PUBLISHED, /* public */
	COMMENT_REMOVED,   /* was public, removed by a moderator: a placeholder and a log entry */
	COMMENT_SPAM,	   /* held and marked as spam */
	COMMENT_REJECTED,  /* held and rejected */
	COMMENT_DELETED	   /* deleted by its own writer: a placeholder keeps its replies */
};

/* A post's comment setting (posts.comments; -1 means the site's default). */
enum comment_mode { COMMENTS_CLOSED, COMMENTS_OPEN, COMMENTS_MODERATED };

#define COMMENT_NAME_MAX 100
#define COMMENT_EMAIL_MAX 254
#define COMMENT_WEBSITE_MAX 500
#define COMMENT_BODY_MAX 20000
#define COMMENT_LINKS_MAX 3
/* Replies deeper than this attach to the deepest comment at this depth (0 is top level). */
#define COMMENT_DEPTH_MAX 5
/* The commenter may edit or delete from the same browser this long. */
#define COMMENT_EDIT_SECONDS (15 * 60)
/* The least time between loading a form and sending it, and the most. */
#define COMMENT_MIN_SECONDS 3
#define COMMENT_MAX_AGE (24 * 3600)
/* The body of a comment POST may not be larger (a 1 MB body gets 413). */
#define COMMENT_POST_MAX 65536

const char *comment_mode_name(int mode); /* "closed", "open", "moderated" */
int comment_mode_parse(const char *s);	 /* -1 when unknown */
const char *comment_status_name(int status);
/* A status by name for moderators' lists: the enum value, -1 for "all", -2 when unknown. */
int comment_status_parse(const char *name);

enum comment_field {
	CF_NAME,
	CF_EMAIL,
	CF_WEBSITE,
	CF_BODY,
	CF_PARENT,
	CF_TOKEN,
	CF_TRAP,
	CF_ACTION,
	CF__COUNT
};

/* The field's text in a posted form (see req/form.h): "" when absent. The route bounds the
 * whole form; comment_form_check bounds each field. */
const char *comment_form_get(const struct form *f, enum comment_field field);

/* Per-field problems found by comment_form_check; NULL where the field is fine. */
struct comment_errors {
	const char *field[CF__COUNT];
	int any;
};

/*
 * Checks what a reader can fix: name required, every field valid UTF-8 and within its limit,
 * email shaped like one, website an http(s) URL, text required with at most COMMENT_LINKS_MAX
 * links, parent a number. Fills e; returns e->any.
 */
int comment_form_check(const struct form *f, struct comment_errors *e);

/* Links in a comment's Markdown: http(s)://, www. and mailto: occurrences. */
int comment_count_links(const char *s, size_t n);

#endif
