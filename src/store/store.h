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
	int comments;		 /* enum comment_mode for posts that set none */
	int comment_policy;	 /* 0 publish at once, 1 hold first-time commenters, 2 hold all */
	int comments_close_days; /* 0: never close by age */
	int moderation_text;	 /* the moderation log shows removed text */
	int comments_per_minute, comments_per_day; /* from one address */
	const char *theme;     /* "default" (built in) or a directory name under DATA/themes */
	int newsletter_full;   /* new posts are mailed in full (else their excerpt) */
	const char *smtp_url;  /* "" : messages go to DATA/outbox */
	const char *smtp_user; /* "" : no AUTH */
	const char *smtp_password_file; /* a file whose first line is the password, or "" */
	const char *mail_from;		/* the sender's address, or "" */
	int smtp_tls_required;		/* smtp:// must switch to TLS (STARTTLS) */
	const char *image;   /* the site's image for share previews ("/media/…"), or "" */
	const char *favicon; /* the owner's favicon ("/media/…"), or "": the theme's own */
	const char *menu;    /* the navigation menu's text (press/settings.h), "": the default */
	const char *fediverse_handle; /* the press's actor is @HANDLE@host ("press") */
	int fediverse_note;	      /* posts federate as a Note (else an Article) */
};

struct user_row {
	long long id;
	const char *handle;
	const char *name;
	const char *bio;    /* Markdown, "" when none */
	const char *avatar; /* "/media/HASH.EXT" of the media library, or "" */
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
	int comment_count; /* published comments */
	int comments;	   /* the post's comment setting: -1 site default, else enum comment_mode */
	int visibility;	   /* enum post_visibility */
	int type;	   /* enum post_type: a post, or a page at /SLUG */
	int sticky;	   /* shown first on the home page */
	/* Only filled by store_post_by_slug and store_post_by_id: */
	int format;	     /* enum post_format of body_md */
	int nav_order;	     /* a page's place in the navigation */
	const char *excerpt; /* the writer's own excerpt (plain text), or NULL */
	const char *image;   /* the featured image's address, or NULL */
	/* Only filled by store_post_by_id: */
	const char *fm_tags; /* the tags the writer typed, space-separated; NULL when unknown */
	long long author_id;
	int trash_status; /* the status a trashed post had */
};

/* Who may read a post: everyone, or members (and the press's writers) only. */
enum post_visibility { VISIBLE_PUBLIC, VISIBLE_MEMBERS };

/* A list of posts plus whether pages of older and newer posts exist. */
struct post_list {
	struct post_row *rows;
	size_t n;
	int more;  /* older posts exist past the last row */
	int newer; /* newer posts exist before the first row */
};

/*
 * Where a page of a listing starts, by the (published, id) key of a post: listings are read
 * with keyset pagination, so a page deep in a large site costs what the first one does.
 */
struct cursor {
	int dir; /* 0: the newest page; 1: posts older than (t, id); -1: newer than (t, id) */
	long long t, id;
};

enum list_kind { LIST_RECENT, LIST_TAG, LIST_AUTHOR, LIST_MONTH };

struct list_query {
	enum list_kind kind;
	long long key;	    /* tag id or user id */
	long long from, to; /* LIST_MONTH: [from, to) in unix seconds */
	struct cursor at;
	int limit;
	int with_body;	 /* also read body_html (for full-content feeds) */
	int public_only; /* leave out posts for members only (feeds) */
};

/* What a writer hands to store_post_put: everything already validated and rendered. */
struct post_input {
	long long id; /* the post to change (its slug may change), or 0: the post with this slug */
	long long new_id;    /* a new post gets this id (a bundle's import); 0: the next free one */
	int create_only;     /* with id 0: a post that has this slug already is an error (3) */
	int own_series_only; /* the writer may join only a series no other writer's post is in */
	const char *fm_tags; /* the tags the writer typed, space-separated, or NULL */
	const char *slug, *title, *body_md, *body_html, *excerpt_html;
	const char *body_text; /* plain text of the body, for search */
	int comments;	       /* -1: the site's default, else enum comment_mode */
	int visibility;	       /* enum post_visibility */
	int type, format;      /* enum post_type, enum post_format */
	int nav_order, sticky;
	const char *excerpt; /* the writer's own excerpt, or NULL */
	const char *image;   /* the featured image's address, or NULL */
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
/*
 * Opens dir/site.db read-only and as it is, of any schema version, without bringing it up to
 * date: for `check` and `backup`, which must not change a press that a server (perhaps an
 * older one) is serving. NULL with err when there is no database or it cannot be opened.
 */
struct store *store_open_inspect(const char *dir, char *err, size_t errlen);
/* The schema version the database says it has (0: none), and the one this program makes. */
int store_schema_version(struct store *s);
int store_schema_current(void);
void store_close(struct store *s);
/* The last SQLite error message of this connection. */
const char *store_errmsg(struct store *s);

/* 1 when another connection (another thread or process) committed since the last call. */
int store_changed(struct store *s);

/* Transactions: store_begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);
/* Commits without telling running servers to drop their whole page cache: for writes that
 * change no page (sessions) or that the server invalidates precisely (comments). */
int store_commit_quiet(struct store *s);
/* For the job worker's own connection: commits that survive a crash of the process (kill -9)
 * but may be undone by a power cut, without an fsync each (PRAGMA synchronous=NORMAL). Every
 * other connection keeps FULL. 0 or -1. */
int store_sync_on_checkpoint(struct store *s);
/* Counts commits that change what pages show (every store_commit); see server.c. */
long long store_content_gen(struct store *s);
/* The site's secret (hex) for signing comment forms and CSRF tokens, read once. */
const char *store_secret(struct store *s);

int store_site_get(struct store *s, struct pool *p, struct site *out);
/* key is one of store_site_keys (its value checked by the caller, see press/settings.h); -1
 * for an unknown key. */
int store_site_set(struct store *s, const char *key, const char *value);
/* Any meta key, for the program's own bookkeeping (e.g. render_version). */
int store_meta_set(struct store *s, const char *key, const char *value);
/* A meta value read as an integer; 0 when absent. */
int store_meta_get_int(struct store *s, const char *key);
/* A meta value as text (in p), or NULL when absent. */
const char *store_meta_get(struct store *s, struct pool *p, const char *key);
/* The keys store_site_set accepts, NULL-terminated. */
extern const char *const store_site_keys[];

/* 0 added, 1 handle taken, -1 error. */
int store_user_add(struct store *s, const char *handle, const char *name, const char *bio);
/* 0 found, 1 not found, -1 error. Case-insensitive handle. */
int store_user_get(struct store *s, struct pool *p, const char *handle, struct user_row *out);
int store_user_exists(struct store *s, const char *handle, size_t len);
int store_user_list(struct store *s, struct pool *p, struct user_row **rows, size_t *n);
/* Sets a user's name, bio (Markdown) and avatar ("" for none), checked by the caller
 * (auth/account.h). 0, or -1 (no such user, or an error). */
int store_user_set_profile(struct store *s, long long id, const char *name, const char *bio,
			   const char *avatar);

/*
 * Adds or replaces a post (in->id, or else the post with the same slug) inside the caller's
 * transaction; *created tells which, *id (may be NULL) gets its id. A public post whose slug
 * changes keeps its old slug as a redirect, and that old address stays the post's. Returns 0,
 * 1 when author_handle names no user, 2 when in->id names no post, 3 when another post has
 * the slug, 4 when the slug is another post's old address, 5 when own_series_only is set and
 * the series has another writer's post, 6 when (with id 0) the post with the slug is of the
 * other type (posts and pages share slugs; only an edit by id changes a post's type), -1 on
 * error.
 */
int store_post_put(struct store *s, const struct post_input *in, int *created, long long *id);
/* 0 deleted, 1 no such post, -1 error. */
int store_post_delete(struct store *s, const char *slug);
/* Public (unfinished or published) post by slug, or any status when include_drafts. 0 found,
 * 1 not found, -1 error. */
int store_post_by_slug(struct store *s, struct pool *p, const char *slug, int include_drafts,
		       struct post_row *out);
/* Markdown posts mentioning "@handle" in their source, to re-render when that user appears
 * (id, body_md, format and excerpt). */
int store_post_mentioning(struct store *s, struct pool *p, const char *handle,
			  struct post_row **rows, size_t *n);
/* Up to limit posts (id, body_md, format and excerpt) with ids above after_id, in id order. */
int store_post_batch(struct store *s, struct pool *p, long long after_id, int limit,
		     struct post_row **rows, size_t *n);
/* Replaces the rendered HTML of one post (after a re-render). */
int store_post_set_html(struct store *s, long long id, const char *body_html,
			const char *excerpt_html, int has_more);

/* One page of a public listing, newest first. 0, or -1 on error. */
int store_list(struct store *s, struct pool *p, const struct list_query *q, struct post_list *out);
/* Finds a tag by name in any case: 0 with its id and display name, 1 when unknown, -1 error. */
int store_tag_find(struct store *s, struct pool *p, const char *name, long long *id,
		   const char **display);
/* All posts, drafts too, for `post list`. */
int store_posts_all(struct store *s, struct pool *p, struct post_list *out);
/* Months that have public posts, newest first. */
int store_archive_months(struct store *s, struct pool *p, struct month_row **rows, size_t *n);
/* Public pages for the navigation, by their order and then title (slug and title set), at
 * most limit. */
int store_pages_nav(struct store *s, struct pool *p, int limit, struct post_row **rows, size_t *n);
/* Public sticky posts, newest first, at most limit (listing columns). */
int store_sticky(struct store *s, struct pool *p, int limit, struct post_list *out);
/* Public parts of a series in order (slug, title, part set). */
int store_series(struct store *s, struct pool *p, const char *series, struct post_list *out);

/* The matches a search counts and pages through, at most: no reader reads past them, and deep
 * pages cost a ranking of everything before them. */
#define STORE_SEARCH_MAX 500
/* The time one search may take before it is stopped, in milliseconds. */
#define STORE_SEARCH_MS 250

/*
 * Full-text search over public posts (members' posts too when members), best first (bm25, titles
 * weighted over tags over body). fts_query must already be valid FTS5 syntax (see ftsquery.h). Each
 * row's snippet is plain text with \x01 and \x02 around matched words and "…" where text was cut.
 * Sets *total to the number of matches, counted up to STORE_SEARCH_MAX + 1. Returns 0, -2 when
 * SQLite rejects the query, -3 when it took longer than STORE_SEARCH_MS, -1 on other errors.
 */
int store_search(struct store *s, struct pool *p, const char *fts_query, int members, int offset,
		 int limit, struct post_list *out, const char ***snippets, int *total);

/* For the sitemap: the newest public posts and pages (slug, updated, type) up to limit, and the
 * names of tags
 * and handles of writers that have public posts. */
int store_public_slugs(struct store *s, struct pool *p, int limit, struct post_list *out);
int store_public_tags(struct store *s, struct pool *p, const char ***names, size_t *n);
int store_public_authors(struct store *s, struct pool *p, const char ***handles, size_t *n);
/* Notes that a public post left the public ones (or its address changed), so listings and
 * feeds changed though no post's date moved: meta public_removed_at. */
int store_mark_removal(struct store *s);
/* The newest update time of any public post (0 when none). */
long long store_last_update(struct store *s);

/* Any post by id, with its source and rendered body. 0, 1 not found, -1 error. */
int store_post_by_id(struct store *s, struct pool *p, long long id, struct post_row *out);

/* The admin list: every post but trashed ones (status POST_TRASHED lists the trash), newest
 * first. status -99 means all; author 0 means anyone; q (may be NULL) matches title or slug. */
struct admin_query {
	int status;
	long long author;
	const char *q;
	int offset, limit;
};
int store_admin_posts(struct store *s, struct pool *p, const struct admin_query *q,
		      struct post_list *out, int *total);

/* Moves a post to the trash (keeping its status to restore) or back. 0, 1 when not there. */
int store_post_trash(struct store *s, long long id);
int store_post_untrash(struct store *s, long long id);
/* Deletes every trashed post (older than before, 0 for all); returns how many, or -1. */
int store_trash_empty(struct store *s);

/* 1 when a scheduled post's date has come (a read, to skip the write lock), 0, or -1. */
int store_any_due(struct store *s, long long now);
/* Publishes scheduled posts whose date has come. Returns how many, or -1. */
int store_publish_due(struct store *s, long long now);

/* The current slug (and type, when type is not NULL) of the post that once had slug old (a
 * renamed public post): 0 and *slug, 1 when there is none, -1 on error. */
int store_redirect_find(struct store *s, struct pool *p, const char *old, const char **slug,
			int *type);

#endif
