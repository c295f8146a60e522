/* import_wp_int: what the importer's files share: its state, its maps and its report. */
#ifndef BS_IMPORT_WP_INT_H
#define BS_IMPORT_WP_INT_H

#include "port/import_wp.h"
#include "port/wxr.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdio.h>

struct pool;

/* A string-keyed map in one pool: open addressing, a power of two in size. */
struct strmap {
	struct strmap_slot {
		const char *key;
		const char *val;
		long long num;
	} * slots;
	size_t cap, n;
};

/* Finds key: its slot, or NULL. */
struct strmap_slot *strmap_get(const struct strmap *m, const char *key);
/* Finds or adds key (copied into p): its slot, whose val and num the caller sets. */
struct strmap_slot *strmap_put(struct strmap *m, struct pool *p, const char *key);
void strmap_free(struct strmap *m);

/* An attachment the first reading found. */
struct import_attachment {
	long long id, parent;
	const char *url, *file, *title;
	unsigned line;
	const char *media; /* its copy's /media/HASH.EXT, once copied; NULL when missing */
};

/* A page's slug and parent, for the paths of WordPress's page hierarchy. */
struct import_page {
	long long id, parent;
	const char *name;
};

struct import_count {
	long long added, already, skipped;
};

struct importer {
	struct store *s;
	const struct import_opts *o;
	struct pool *p;	      /* lives as long as the import */
	struct pool *ip, *cp; /* the item being written, the comment being written */
	struct pool *scratch; /* the one of them in use (NULL: p), for what lives no longer */
	struct wxr_error *err;
	int pass; /* 1: reading, 2: writing, -1: the press's own disk failed while writing */
	int changed;
	/* The site. */
	const char *source;	      /* its base URL, lowercased host, no trailing '/' */
	const char *host, *base_path; /* of that URL: "example.org", "/blog" or "" */
	const char *version;
	/* What the first reading learned. */
	struct wxr_author *authors;
	size_t nauthors, cap_authors;
	struct strmap creators;	       /* logins of items' dc:creator (WXR 1.0 has no list) */
	struct strmap handles;	       /* login -> handle */
	struct strmap cat_tags;	       /* "c:slug" or "t:slug" -> tag name */
	struct strmap cat_parents;     /* category slug -> parent slug */
	struct import_attachment *att; /* in file order */
	size_t natt, cap_att;
	struct strmap att_by_id;   /* "id" -> index + 1 in num */
	struct strmap files;	   /* uploads path -> /media/... (val NULL: missing) */
	struct import_page *pages; /* sorted by id after the first reading */
	size_t npages, cap_pages;
	long long items;
	/* The item being written. */
	long long item_local; /* its post here, 0 when it is not imported */
	const char *item_title;
	int item_page;
	struct {
		long long wp, local, parent;
		int depth;
	} * thread;
	size_t nthread, cap_thread;
	/* Counts and the report. */
	struct import_count writers, posts, pages_c, comments, media, tags, paths;
	long long held, published;
	FILE *skipped, *notes; /* spooled lines, written out at the end */
	long long nskipped, nnotes;
	/* Files copied into media/ by this run, removed again when it fails. */
	char **new_files;
	size_t nnew, cap_new;
};

/* A line of the report's list of skipped items, or of notes. */
void import_skip(struct importer *im, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void import_note(struct importer *im, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The pool for strings that live as long as the record being written. */
struct pool *import_scratch(struct importer *im);

/* A field's value for messages: at most 60 bytes, cut on a character, one line. */
const char *import_shown(struct importer *im, const char *s);

/* ---- import_wp_site.c: writers, tags, attachments and links ---- */

/* The handle for a WordPress login: its letters, digits and '_' (other characters '_'),
 * at most 32; "writer" when nothing is left. */
void import_handle_of(const char *login, char out[33]);
/* The tag for a category or tag name (words joined, each after the first capitalized), or
 * made from its slug; "" when neither has a letter or digit. */
void import_tag_of(const char *name, const char *slug, char out[65]);

/* The first reading's records. */
int import_site_author(struct importer *im, const struct wxr_author *a);
int import_site_term(struct importer *im, const struct wxr_term *t);
int import_site_attachment(struct importer *im, const struct wxr_item *it);

/* Before the posts are written: the writers, the attachments' files, the tags' old paths. */
int import_site_write(struct importer *im);

/* The second reading's comment handler (import_wp_comments.c): one comment of item it. */
int import_p2_comment(void *ud, const struct wxr_item *it, const struct wxr_comment *c,
		      struct wxr_error *err);
/* A WXR date (GMT) as Unix seconds: 0, or -1 when it is empty or not a date. */
int import_wp_date(const char *s, long long *t);
/* s cut to at most max bytes at a character's end (malloc'd). */
char *import_cut_utf8(const char *s, size_t max);
/* Whether the item's post type is type. */
int import_is_type(const struct wxr_item *it, const char *type);
/* Sets the error to the database's message: -1. */
int import_db_error(struct importer *im);

/* The handle a post by login goes to, or NULL (the site's first writer). */
const char *import_writer(struct importer *im, const char *login);

/* Rewrites a link into the old site's uploads to its copy in the media library (copying the
 * file in when the posts name a size WordPress made of it): NULL to keep the URL. */
const char *import_rewrite_url(void *im, const char *url);
/* For [gallery]: an attachment's URL and title; the attachments of a post. */
const char *import_gallery_image(void *im, long long id, const char **title);
size_t import_gallery_children(void *im, long long post, long long *ids, size_t max);

/* The path of a URL of the old site ("/2011/01/hello"), decoded, without its trailing '/';
 * NULL when it is another site's or has none. "?p=ID" for a query of that form. */
const char *import_old_path(struct importer *im, const char *url);

#endif
