/* publish: turning a parsed post file into stored, rendered HTML. */
#ifndef BS_PUBLISH_H
#define BS_PUBLISH_H

#include <stddef.h>

struct buf;
struct pool;
struct store;
struct postfile;

/* Who saves what (all optional: a zeroed struct adds or replaces the post with pf's slug). */
struct publish_args {
	long long id;	     /* the post to change (its slug may change), or 0 */
	long long user_id;   /* who saves, for the revision; 0 for the command line */
	const char *source;  /* the post file as saved, kept as a revision; NULL keeps none */
	int create_only;     /* refuse a slug another post has instead of replacing that post */
	int own_series_only; /* an author: join no series another writer's post is in */
	long long new_id;    /* a new post gets this id (a bundle's import); 0: the next one */
};

struct publish_result {
	char *url; /* the post's path, malloc'd */
	long long id;
	int created;
};

/*
 * Renders pf's body (Markdown, or HTML through the sanitizer) and excerpt (the front matter's
 * own, or one made from the body), merges its front-matter tags with a Markdown body's
 * #hashtags (a page has none) and stores it, inside the caller's transaction. A scheduled post
 * whose date has passed is published. On success returns 0 and fills res. Returns -1 with a message
 * in err (an unknown author, a slug another post has, a database error).
 */
int publish_post(struct store *s, const struct postfile *pf, const struct publish_args *a,
		 struct publish_result *res, char *err, size_t errlen);

/*
 * Renders pf's body as publish_post would (mentions linked to the store's writers), without
 * storing anything: the HTML (byte for byte what the post's page will show), the post's tags
 * (front matter, then new hashtags) and its word count (words may be NULL), all in p.
 * Returns 0, or -1 when the Markdown cannot be rendered. For previews.
 */
int publish_render(struct store *s, struct pool *p, const struct postfile *pf, const char **html,
		   const char ***tags, size_t *ntags, int *words);

/*
 * The version of the HTML that publishing writes. Raise it whenever the Markdown writer's
 * output changes, so stored posts are rendered again (see publish_upgrade).
 */
#define PUBLISH_RENDER_VERSION 4

/* Renders every post again, in one transaction, and records PUBLISH_RENDER_VERSION. Returns
 * the number of posts, or -1 on error. */
long publish_rerender_all(struct store *s);
/* publish_rerender_all when the site's HTML was written by an older renderer; else 0. */
long publish_upgrade(struct store *s);

/* Renders again the posts that mention @handle, after that user was added. */
int publish_rerender_mentions(struct store *s, const char *handle);

/* The path of a post (/posts/SLUG) or a page (/SLUG), the slug %-escaped, appended to out. */
void publish_path(struct buf *out, int type, const char *slug);

/* Words in a Markdown text, counted as runs of non-space characters. */
int publish_word_count(const char *text, size_t len);
/* Reading time in minutes as Ghost shows it ("N min read"): 275 words a minute, rounded, at
 * least 1. */
int publish_reading_minutes(int words);

#endif
