/* admin: the pages where writers sign in, write, revise, upload and run their site. */
#ifndef BS_ADMIN_H
#define BS_ADMIN_H

#include "admin/auth.h"
#include "store/store.h"
#include "store/store_users.h"
#include "store/store_sessions.h"
#include "store/store_revisions.h"
#include "store/store_media.h"

struct form;
struct page_out;
struct pool;
struct theme;
struct val;

struct admin_req {
	struct store *store;
	struct pool *pool;
	const struct theme *theme;
	struct site site;
	const char *data_dir;
	int post;	  /* a POST (else GET or HEAD) */
	const char *path; /* the decoded path, "/admin..." */
	/* A raw (still %-escaped) query parameter, or NULL. */
	const char *(*arg)(void *ud, const char *key);
	void *arg_ud;
	const char *addr;	   /* the client's address */
	const char *session;	   /* the bs_session cookie when it has a token's shape */
	const char *pre;	   /* the bs_pre cookie (login and setup forms), likewise */
	const struct form *form;   /* the POSTed form */
	long long upload_max;	   /* bytes */
	const char *theme_dir_opt; /* --theme: overrides the site's theme setting */

	/* Filled by admin_handle. */
	long long now;
	int signed_in;
	struct account me;
	unsigned char session_hash[32];
	char csrf[AUTH_CSRF_LEN + 1];
	int secure; /* cookies get Secure (the site's url is https) */
};

/*
 * Answers a request for /admin...: checks the session and, for a POST, the CSRF token, then
 * builds the page, a 303, or an error page with a status and a clear message into out.
 * Never cacheable. Returns 0, or -1 when the store failed (out then holds a 500 page).
 */
int admin_handle(struct admin_req *r, struct page_out *out);

/* The one-time setup link's token when the site has no owner who can sign in: a new token
 * (kept hashed for 24 hours, older ones dropped) in out; 1 when an owner exists, -1 on error. */
int admin_setup_token(struct store *s, char out[AUTH_TOKEN_LEN + 1]);

/* --- shared by the admin_*.c files --- */

/* A query parameter decoded ('+' is a space), or NULL when absent or malformed. */
const char *admin_arg(struct admin_req *r, const char *key);
/* A form field, or "" when absent. */
const char *admin_field(struct admin_req *r, const char *key);
/* The context of every admin page: site, me, csrf, title. */
struct val *admin_base(struct admin_req *r, const char *title);
int admin_render(struct admin_req *r, const char *tmpl, struct val *ctx, struct page_out *out);
/* An admin error page with a status and a sentence. Returns 0. */
int admin_fail(struct admin_req *r, struct page_out *out, int status, const char *msg);
/* A 303 to location. Returns 0. */
int admin_redirect(struct page_out *out, const char *location);
/* Whether the signed-in user may change this post (owners and editors all, authors their own). */
int admin_may_edit(const struct admin_req *r, const struct post_row *post);
/* Commits (bumping the content generation, so every server drops its cached pages). */
int admin_commit(struct admin_req *r);

int admin_login(struct admin_req *r, struct page_out *out);
int admin_logout(struct admin_req *r, struct page_out *out, int everywhere);
int admin_setup(struct admin_req *r, struct page_out *out);
int admin_account(struct admin_req *r, struct page_out *out);
int admin_posts(struct admin_req *r, struct page_out *out, int trash);
/* id 0: a new post. */
int admin_editor(struct admin_req *r, struct page_out *out, long long id);
int admin_autosave(struct admin_req *r, struct page_out *out);
int admin_post_action(struct admin_req *r, struct page_out *out, long long id, const char *what);
int admin_trash_empty(struct admin_req *r, struct page_out *out);
int admin_revisions(struct admin_req *r, struct page_out *out, long long id, long long rev,
		    int restore);
int admin_settings(struct admin_req *r, struct page_out *out);
int admin_users(struct admin_req *r, struct page_out *out);
int admin_comments(struct admin_req *r, struct page_out *out);
int admin_media(struct admin_req *r, struct page_out *out, const char *hash_delete);
/* Stores the form's file as a medium: 0 with *md set to its Markdown, or the HTTP status of a
 * refusal with msg set. */
int admin_media_store(struct admin_req *r, const char **md, const char **msg);

/* For the server: the file behind a public /media/NAME path. 0 with an open fd, its size and
 * type; -1 when there is none. */
int admin_media_open(const char *data_dir, const char *name, int *fd, long long *size,
		     const char **type);

#endif
