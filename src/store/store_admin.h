/* store_admin: what writing from the browser keeps: passwords, roles, sessions, login failures,
 * one-time links, revisions, old slugs, the trash, scheduled posts and media. */
#ifndef BS_STORE_ADMIN_H
#define BS_STORE_ADMIN_H

#include "store/store.h"

#include <stddef.h>

struct pool;
struct store;

/* What a user may do: an owner everything, an editor every post, an author their own posts. */
enum user_role { ROLE_OWNER, ROLE_EDITOR, ROLE_AUTHOR };

const char *user_role_name(int role); /* "owner", "editor", "author" */
int user_role_parse(const char *s);   /* -1 when unknown */

/* A signed-in user as the admin pages see them. */
struct account {
	long long id;
	const char *handle, *name;
	int role;
	const char *pwhash; /* "" when no password was ever set */
};

/* The schema added by version 2 (run on new sites and when an older site is opened). */
extern const char store_admin_schema[];

/* 0 found, 1 not found, -1 error; handle compared without case. */
int store_account_by_handle(struct store *s, struct pool *p, const char *handle,
			    struct account *out);
int store_account_by_id(struct store *s, struct pool *p, long long id, struct account *out);
/* All users with their roles, in the order they were added. */
int store_accounts(struct store *s, struct pool *p, struct account **rows, size_t *n);
int store_account_set_password(struct store *s, long long id, const char *pwhash);
int store_account_set_role(struct store *s, long long id, int role);
/* 1 when some owner can sign in (has a password), 0 when none, -1 on error. */
int store_owner_exists(struct store *s);

/* Sessions, keyed by the hash of the browser's token (32 bytes). */
int store_session_add(struct store *s, const unsigned char hash[32], long long user_id,
		      long long expires, const char *addr);
/* The account of a live session: 0, 1 when unknown or expired, -1 on error. */
int store_session_get(struct store *s, struct pool *p, const unsigned char hash[32], long long now,
		      struct account *out);
int store_session_delete(struct store *s, const unsigned char hash[32]);
/* Ends every session of a user; returns how many, or -1. */
int store_session_delete_user(struct store *s, long long user_id);
/* Sessions of a user that are still live. */
int store_session_count(struct store *s, long long user_id, long long now);

/* One-time links (first owner): a token hash, what it is for, and when it expires. */
int store_token_add(struct store *s, const unsigned char hash[32], const char *purpose,
		    long long expires);
/* 0 when a live token of that purpose exists, 1 when not, -1 on error. */
int store_token_check(struct store *s, const unsigned char hash[32], const char *purpose,
		      long long now);
int store_token_delete_purpose(struct store *s, const char *purpose);

/* Failed sign-ins under a key ("u:handle" or "a:address"). */
struct login_failures {
	int count;	/* after since */
	long long last; /* the latest one's time (0: none) */
	long long nth;	/* the time of the nth latest (0: fewer than n) */
};
int store_login_failures(struct store *s, const char *key, long long since, int nth,
			 struct login_failures *out);
/* Records a failure for a try at handle; returns its row id (for store_login_undo), or -1. */
long long store_login_fail(struct store *s, const char *key, const char *handle, long long now);
int store_login_undo(struct store *s, long long rowid);
/* Forgets the failures of a handle, under its own key and under the addresses it was tried
 * from (a new password lifts every lock the handle's owner ran into). */
int store_login_clear(struct store *s, const char *handle);
/* Uses up a live one-time token: 0 taken, 1 there was none, -1 error. */
int store_token_take(struct store *s, const unsigned char hash[32], const char *purpose,
		     long long now);

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

/* The current slug of the post that once had slug old (a renamed public post): 0 and *slug,
 * 1 when there is none, -1 on error. */
int store_redirect_find(struct store *s, struct pool *p, const char *old, const char **slug);

/* Revisions: a post file as it was saved (kind 0), or autosaved (kind 1, one per user and
 * post, replaced by the next). */
struct revision_row {
	long long id, post_id, saved;
	const char *author; /* handle of who saved it, or NULL (the command line) */
	int kind;
	const char *source;
};
int store_revision_add(struct store *s, long long post_id, long long user_id, int kind,
		       const char *source);
/* Saved revisions of a post, newest first (sources included). */
int store_revisions(struct store *s, struct pool *p, long long post_id, struct revision_row **rows,
		    size_t *n);
int store_revision_get(struct store *s, struct pool *p, long long id, struct revision_row *out);
/* This user's autosave of a post (post 0: of a post not yet saved). 0, 1 none, -1 error. */
int store_autosave_get(struct store *s, struct pool *p, long long post_id, long long user_id,
		       struct revision_row *out);
int store_autosave_drop(struct store *s, long long post_id, long long user_id);

/* Uploaded media, named by the SHA-256 of the bytes. */
struct media_row {
	const char *hash, *ext, *type, *name, *uploader;
	long long size, created;
};
/* 0 added, 1 already there, -1 error. */
int store_media_add(struct store *s, const char *hash, const char *ext, const char *type,
		    long long size, const char *name, long long user_id);
int store_media_list(struct store *s, struct pool *p, struct media_row **rows, size_t *n);
int store_media_get(struct store *s, struct pool *p, const char *hash, struct media_row *out);
int store_media_delete(struct store *s, const char *hash);

#endif
