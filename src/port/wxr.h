/* wxr: a WordPress export (WXR 1.0, 1.1 or 1.2) read with libxml2's streaming reader into
 * small checked structs, handed to callbacks one at a time so that memory stays bounded. */
#ifndef BS_WXR_H
#define BS_WXR_H

#include <stddef.h>
#include <sys/types.h>

/* Field sizes, in bytes: a post's text, an excerpt or comment, anything else. */
#define WXR_CONTENT_MAX (8u * 1024 * 1024)
#define WXR_TEXT_MAX (64u * 1024)
#define WXR_FIELD_MAX 4096u
/* Counts in one file. */
#define WXR_ITEMS_MAX 2000000
#define WXR_COMMENTS_MAX 20000000
#define WXR_AUTHORS_MAX 100000
#define WXR_TERMS_MAX 1000000
/* Categories and tags of one item kept (more are left out, item->cats_cut says so). */
#define WXR_ITEM_CATS_MAX 64

/* The channel: which site and which version of the format. */
struct wxr_site {
	const char *version;	   /* "1.2"; "1.1" when the file says none */
	const char *base_site_url; /* may be NULL */
	const char *base_blog_url; /* may be NULL */
	const char *title, *link;  /* may be NULL */
};

struct wxr_author {
	unsigned line;
	long long id;
	const char *login, *email, *display_name, *first_name, *last_name; /* NULL when absent */
};

enum wxr_term_kind { WXR_CATEGORY, WXR_TAG, WXR_OTHER_TERM };

struct wxr_term {
	unsigned line;
	enum wxr_term_kind kind;
	long long id;
	const char *slug, *parent, *name; /* parent: the parent category's slug, or NULL */
	const char *taxonomy;		  /* WXR_OTHER_TERM: its taxonomy, e.g. "nav_menu" */
};

/* An item's <category domain="..." nicename="...">Name</category>. */
struct wxr_cat {
	const char *domain; /* "category", "post_tag" ("tag" in WXR 1.0 is read as post_tag), ... */
	const char *nicename, *name;
};

/* A post, page, attachment or any other item: every string NULL when absent. */
struct wxr_item {
	unsigned line;
	const char *title, *link, *guid, *creator, *content, *excerpt;
	long long post_id, parent, menu_order;
	const char *date, *date_gmt, *name, *status, *type, *password, *comment_status;
	const char *attachment_url, *attached_file; /* attachments: the URL and _wp_attached_file */
	int sticky;
	struct wxr_cat cats[WXR_ITEM_CATS_MAX];
	size_t ncats;
	int cats_cut;
	/* The first field that was longer than it may be ("content:encoded"), or NULL: such an
	 * item is read through but should not be imported. */
	const char *too_long;
	int has_comments; /* comments follow (the item is handed over at the first of them) */
};

struct wxr_comment {
	unsigned line;
	long long id, parent;
	const char *author, *email, *url, *date, *date_gmt, *content, *approved, *type;
	const char *too_long;
	/* The commenter's IP address is read past and kept nowhere. */
};

/*
 * The callbacks (each may be NULL); each returns 0 to go on or -1 to stop the reading, which
 * then fails with the message the callback put in err. What they get is valid only during the
 * call. site comes once, before any author, term or item; item comes when the item's own
 * fields are read (at its first comment, or at its end), then comment for each of its
 * comments, then item_end.
 */
struct wxr_error;
struct wxr_handler {
	void *ud;
	int (*site)(void *ud, const struct wxr_site *s, struct wxr_error *err);
	int (*author)(void *ud, const struct wxr_author *a, struct wxr_error *err);
	int (*term)(void *ud, const struct wxr_term *t, struct wxr_error *err);
	int (*item)(void *ud, const struct wxr_item *it, struct wxr_error *err);
	int (*comment)(void *ud, const struct wxr_item *it, const struct wxr_comment *c,
		       struct wxr_error *err);
	int (*item_end)(void *ud, const struct wxr_item *it, struct wxr_error *err);
};

struct wxr_error {
	unsigned line; /* 0 when not tied to a line */
	char msg[512]; /* one sentence without its period */
};

/* Where the bytes come from: read up to n bytes, 0 at the end, -1 on an error (errno). */
struct wxr_source {
	ssize_t (*read)(void *ud, char *buf, size_t n);
	void *ud;
};

/*
 * Reads a whole export through wxr_filter (filter.h) into the parser with only
 * XML_PARSE_NONET: no entity is substituted, no DTD loaded, no limit raised, and a DOCTYPE is
 * refused. Elements are matched by namespace (any http://wordpress.org/export/1.N/; a wp:
 * prefix without a declaration counts as WXR 1.1). Returns 0, or -1 with err filled: a
 * malformed file (the parser's message and line), a refused DOCTYPE, an encoding other than
 * UTF-8, a file that is no WXR (no <rss><channel>), a field or count past its limit, a
 * callback's own refusal.
 */
int wxr_read(const struct wxr_source *src, const struct wxr_handler *h, struct wxr_error *err);

/* wxr_read on a file; err names a file that cannot be opened. */
int wxr_read_file(const char *path, const struct wxr_handler *h, struct wxr_error *err);

/* wxr_read on bytes in memory (tests and fuzzing). */
int wxr_read_mem(const char *data, size_t len, const struct wxr_handler *h, struct wxr_error *err);

#endif
