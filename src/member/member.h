/* member: what members and subscribers do (subscribe, confirm, sign in by link, unsubscribe,
 * export and delete their data) and what the membership officer does with them, every step on
 * sealed data and every look at the list in the audit log. */
#ifndef BS_MEMBER_H
#define BS_MEMBER_H

#include "auth/auth.h"
#include "store/store_members.h"

#include <stddef.h>

struct buf;
struct pool;
struct press_keys;
struct site;
struct store;

/* Everything a member action needs. */
struct member_ctx {
	struct store *s;
	const struct press_keys *k;
	const struct site *site;
	struct pool *p;
	long long now;
	const char *base_url; /* absolute, without a trailing '/': links in mails */
	const char *addr;     /* the client's address tag (rate limits), or NULL */
	const char *data_dir; /* the press's folder (its outbox), or NULL */
};

enum member_result {
	MEMBER_OK,	    /* done (or, for anonymous forms, the same answer either way) */
	MEMBER_BAD_EMAIL,   /* not an address mail can be sent to */
	MEMBER_BAD_NAME,    /* too long, or not one line of text */
	MEMBER_SLOW_DOWN,   /* too many tries from this address or for this email */
	MEMBER_NO_LINK,	    /* the link was used already, expired or never made */
	MEMBER_NOT_READY,   /* the press has no url setting, so its mails cannot link to it */
	MEMBER_UNCONFIRMED, /* the address was never confirmed by its owner */
	MEMBER_ERROR	    /* the database failed */
};

/* A confirmation link lasts two days, a sign-in link 15 minutes, a session 30 days. */
#define MEMBER_CONFIRM_SECONDS (2 * 86400)
#define MEMBER_SIGNIN_SECONDS (15 * 60)
#define MEMBER_SESSION_SECONDS (30 * 86400)
#define MEMBER_NAME_MAX 100

/*
 * Someone asks to get the press's posts by email. A new address gets a confirmation mail
 * (double opt-in), an unconfirmed one gets it again, a known one a sign-in link instead; the
 * answer never tells which. Limited per address and per email.
 */
enum member_result member_subscribe(struct member_ctx *c, const char *email, const char *name);
/* The confirmation link: the subscriber is confirmed and signed in (a session token into
 * session, AUTH_TOKEN_LEN + 1 bytes). */
enum member_result member_confirm(struct member_ctx *c, const char *token, char *session);
/* A member or subscriber asks for a sign-in link; the answer never tells whether the address
 * is known. */
enum member_result member_signin_request(struct member_ctx *c, const char *email);
/* The sign-in link, used once: a session token into session. */
enum member_result member_signin(struct member_ctx *c, const char *token, char *session);
/* 0 and the member of a live session cookie, 1 when none, -1 on error. */
int member_session(struct member_ctx *c, const char *cookie, struct member_row *out);
/* Ends the session of cookie, and with everywhere_of (a member's id) all of theirs. */
int member_signout(struct member_ctx *c, const char *cookie, long long everywhere_of);
/* The link in every mail (and its one-click POST): the newsletter stops for that member. */
enum member_result member_unsubscribe(struct member_ctx *c, long long id, const char *token);

/* A member's own data as JSON (email, name, state, branches, dates, their amendments and
 * endorsements of resolutions, their audit entries), written to out; logged. */
enum member_result member_export(struct member_ctx *c, long long id, struct buf *out);
/* Deletes a member and everything of theirs; actor is who did it (logged). */
enum member_result member_delete(struct member_ctx *c, long long id, const char *actor);
/* The officer's changes, each logged: admit a subscriber as a member (or back), set the name,
 * put them in a branch (or take them out), make them a secretary. */
enum member_result member_set_state(struct member_ctx *c, long long id, int state,
				    const char *actor);
enum member_result member_branch(struct member_ctx *c, long long id, long long branch_id, int in,
				 int secretary, const char *actor);
/* One email shown to an officer (logged with who and when); NULL when there is none. */
const char *member_reveal(struct member_ctx *c, long long id, const char *actor);
/* Adds someone directly (the command line, an import): 0 and *id, 1 when known, or -1. */
int member_add(struct member_ctx *c, const char *email, const char *name, int state,
	       const char *actor, long long *id);

/* A member's email unsealed (in c->p), or NULL when it does not open. */
const char *member_email(struct member_ctx *c, const struct member_row *m);
/* The clear name of a member ("" when none), for the officer's and secretaries' lists. */
const char *member_name(struct member_ctx *c, const struct member_row *m);

/*
 * Queues one mail to an address, sealed in the queue until it is sent: from the press (its
 * title and mail_from), with a plain-text and an HTML part, for member (0: nobody on the list;
 * a member's waiting mails go when they are deleted). dedupe as job_add. 0; -2 with err when
 * the message is refused (an address or a header); -1 with err when it cannot be queued.
 */
int member_mail(struct member_ctx *c, long long member, const char *to, const char *subject,
		const char *text, const char *html, const char *unsubscribe, const char *dedupe,
		char *err, size_t errlen);
/* The press's sender address: mail_from, or noreply@ the host of its url. */
const char *member_mail_from(struct member_ctx *c);

#endif
