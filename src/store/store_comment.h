/* store_comment: comments, the public moderation log, bans and the counts spam rules need. */
#ifndef BS_STORE_COMMENT_H
#define BS_STORE_COMMENT_H

#include <stddef.h>

struct pool;
struct store;

struct comment_row {
	long long id, post_id, parent_id; /* parent_id 0 at the top level */
	int depth, status;		  /* enum comment_status */
	const char *name, *website, *body_md, *body_html;
	const char *addr;	       /* the tag of the address it came from (crypto/seal.h) */
	const unsigned char *email_ct; /* the email, sealed; NULL when none was given */
	size_t email_len;
	long long created, edited;
	const char *post_slug, *post_title;    /* filled by the listing functions */
	const char *pending_md, *pending_html; /* the writer's edit that waits, or NULL */
	int post_type;			       /* enum post_type of that post */
	unsigned char edit_hash[32];
	int has_edit_hash;
	/* A comment from the Fediverse: its author's actor, the reply's own id, the author's
	 * profile and the avatar we serve (/avatars/NAME, or ""); all NULL for a web comment. */
	const char *actor_uri, *object_uri, *profile_url, *avatar;
};

struct comment_new {
	long long post_id, parent_id;
	int depth, status;
	const char *name, *website, *body_md, *body_html;
	const char *addr;     /* the address's tag */
	const void *email_ct; /* the email sealed (NULL: none), and its blind index */
	size_t email_len;
	const unsigned char *email_bidx;
	const unsigned char *edit_hash; /* 32 bytes or NULL */
	const unsigned char *body_hash; /* 32 bytes: duplicate detection */
	long long now;
	/* From the Fediverse (see comment_row), or NULL. */
	const char *actor_uri, *object_uri, *profile_url, *avatar;
};

struct modlog_row {
	long long at, comment_id;
	const char *action, *reason, *text; /* text NULL when the site hides removed text */
	const char *post_slug, *post_title; /* NULL when the post is no longer public */
	int post_type;
};

/* Adds a comment; *id gets its id. 0 or -1. */
int store_comment_add(struct store *s, const struct comment_new *c, long long *id);
/* 0 found, 1 not found, -1 error. */
int store_comment_get(struct store *s, struct pool *p, long long id, struct comment_row *out);
/* The comment a reply from the Fediverse became, by the reply's id: 0, 1 not found, -1. */
int store_comment_by_object(struct store *s, struct pool *p, const char *object_uri,
			    struct comment_row *out);
/* Marks every comment of an actor deleted by its writer (their account went). How many, -1. */
int store_comments_of_actor_deleted(struct store *s, const char *actor_uri);
/* A post's comments that readers see (published, removed and deleted ones), oldest first. */
int store_comments_of_post(struct store *s, struct pool *p, long long post_id,
			   struct comment_row **rows, size_t *n);
/* A post's newest published comments, newest first, for its comment feed. */
int store_comments_recent(struct store *s, struct pool *p, long long post_id, int limit,
			  struct comment_row **rows, size_t *n);
/* Comments of one status (-1: any), newest first, with their post, for moderators. */
int store_comments_by_status(struct store *s, struct pool *p, int status, int limit,
			     struct comment_row **rows, size_t *n);
int store_comment_set_status(struct store *s, long long id, int status);
int store_comment_set_body(struct store *s, long long id, const char *body_md,
			   const char *body_html, const unsigned char *body_hash, long long now);

/* Keeps a writer's edit of a published comment for a moderator (body_md NULL: drops it). */
int store_comment_set_pending(struct store *s, long long id, const char *body_md,
			      const char *body_html);

/* Appends to the public moderation log. text may be NULL. */
int store_modlog_add(struct store *s, long long comment_id, const char *action, const char *reason,
		     const char *text, long long now);
/* The newest entries first; text is dropped unless show_text. */
int store_modlog_list(struct store *s, struct pool *p, int limit, int show_text,
		      struct modlog_row **rows, size_t *n);

int store_ban(struct store *s, const char *addr, long long until, const char *reason);
/* 1 and *until when addr is banned at now, 0 when not, -1 on error. */
int store_banned(struct store *s, const char *addr, long long now, long long *until);
/* Comments sent from addr since t (any status). -1 on error. */
int store_comments_since(struct store *s, const char *addr, long long t);
/* 1 when the same text was sent to this post, or from this address, since t. */
int store_comment_duplicate(struct store *s, long long post_id, const char *addr,
			    const unsigned char *body_hash, long long t);
/* 1 when a comment by this email (by its blind index; without one, by this name and address)
 * was published. */
int store_commenter_known(struct store *s, const unsigned char *email_bidx, const char *name,
			  const char *addr);

#endif
