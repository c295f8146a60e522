/* store: the site's database (SQLite, WAL): schema, settings, users, posts, tags, series, archive.
 */
#ifndef BS_STORE_H
#define BS_STORE_H

#include <stddef.h>

struct pool;
struct store;

/* Settings a site can change with `broadside site set KEY VALUE`. */
struct site {
	const char *title;
	const char *tagline;
	const char *author_line; /* e.g. "From @ada, an independent contributor" */
	const char *url;	 /* public base URL, "" when unset */
	int per_page;
};

struct user_row {
	long long id;
	const char *handle;
	const char *name;
	const char *bio;
};

struct post_row {
	long long id;
	const char *slug;
	const char *title;
	const char *body_md;   /* only filled by store_post_by_slug with want_source */
	const char *body_html; /* only filled by store_post_by_slug */
	const char *excerpt_html;
	int has_more;
	int status; /* enum post_status */
	long long published, updated;
	const char *series; /* NULL when not in a series */
	int part;
	const char *author_handle; /* NULL when no author */
	const char *author_name;
	const char **tags; /* display case */
	size_t ntags;
	int words;
};

/* A list of posts plus whether an older page exists. */
struct post_list {
	struct post_row *rows;
	size_t n;
	int more;
};

/* What a writer hands to store_post_put: everything already validated and rendered. */
struct post_input {
	const char *slug, *title, *body_md, *body_html, *excerpt_html;
	int has_more, status, part, words;
	const char *series;	   /* or NULL */
	const char *author_handle; /* or NULL: the site's first user, if any */
	long long published;	   /* 0: keep the stored date, or now for a new post */
	const char **tags;
	size_t ntags;
};

struct month_row {
	int year, month, count;
};

/*
 * Opens the site database in dir (creating dir and an empty site when create is set).
 * Returns NULL with a message in err when the directory holds no site and create is 0, or on
 * any error. One struct store is one connection: use it from one thread at a time.
 */
struct store *store_open(const char *dir, int create, char *err, size_t errlen);
void store_close(struct store *s);
/* The last SQLite error message of this connection. */
const char *store_errmsg(struct store *s);

/* 1 when another connection (another thread or process) committed since the last call. */
int store_changed(struct store *s);

/* Transactions: store_begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

int store_site_get(struct store *s, struct pool *p, struct site *out);
/* key is one of title, tagline, author_line, url, per_page; -1 for an unknown key. */
int store_site_set(struct store *s, const char *key, const char *value);
/* The keys store_site_set accepts, NULL-terminated. */
extern const char *const store_site_keys[];

/* 0 added, 1 handle taken, -1 error. */
int store_user_add(struct store *s, const char *handle, const char *name, const char *bio);
/* 0 found, 1 not found, -1 error. Case-insensitive handle. */
int store_user_get(struct store *s, struct pool *p, const char *handle, struct user_row *out);
int store_user_exists(struct store *s, const char *handle, size_t len);
int store_user_list(struct store *s, struct pool *p, struct user_row **rows, size_t *n);

/* Adds or replaces (same slug) a post inside the caller's transaction. *created tells which.
 * Returns 0, 1 when author_handle names no user, -1 on error. */
int store_post_put(struct store *s, const struct post_input *in, int *created);
/* 0 deleted, 1 no such post, -1 error. */
int store_post_delete(struct store *s, const char *slug);
/* Public (unfinished or published) post by slug, or any status when include_drafts. 0 found,
 * 1 not found, -1 error. */
int store_post_by_slug(struct store *s, struct pool *p, const char *slug, int include_drafts,
		       struct post_row *out);
/* Posts mentioning "@handle" in their source, to re-render when that user appears. */
int store_post_mentioning(struct store *s, struct pool *p, const char *handle,
			  struct post_row **rows, size_t *n);
/* Replaces the rendered HTML of one post (after a re-render). */
int store_post_set_html(struct store *s, long long id, const char *body_html,
			const char *excerpt_html, int has_more);

/* Public posts, newest first, page is 1-based. Filters: tag (display name out in *tag_name),
 * author handle, or a month. Each returns 0, or -1 on error. */
int store_posts_recent(struct store *s, struct pool *p, int page, int per_page,
		       struct post_list *out);
/* 1 when the tag has no public post. */
int store_posts_by_tag(struct store *s, struct pool *p, const char *tag, int page, int per_page,
		       const char **tag_name, struct post_list *out);
int store_posts_by_author(struct store *s, struct pool *p, long long user_id, int page,
			  int per_page, struct post_list *out);
int store_posts_by_month(struct store *s, struct pool *p, int year, int month,
			 struct post_list *out);
/* All posts, drafts too, for `post list`. */
int store_posts_all(struct store *s, struct pool *p, struct post_list *out);
/* Months that have public posts, newest first. */
int store_archive_months(struct store *s, struct pool *p, struct month_row **rows, size_t *n);
/* Public parts of a series in order (slug, title, part set). */
int store_series(struct store *s, struct pool *p, const char *series, struct post_list *out);

#endif
