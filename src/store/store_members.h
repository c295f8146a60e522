/* store_members: members and subscribers (their email and name only sealed), branches and
 * their secretaries, members' one-time links and sessions, and the counts that rate-limit. */
#ifndef BS_STORE_MEMBERS_H
#define BS_STORE_MEMBERS_H

#include <stddef.h>

struct pool;
struct store;

/* Where someone stands: waiting to confirm their email, a subscriber, or a member. */
enum member_state { MEMBER_PENDING, MEMBER_SUBSCRIBER, MEMBER_MEMBER };

struct member_row {
	long long id;
	const unsigned char *email_ct, *name_ct; /* sealed (see crypto/seal.h); name NULL: none */
	size_t email_len, name_len;
	int state, newsletter, show_name;
	long long created, confirmed, admitted;
};

struct branch_row {
	long long id;
	const char *name;
	int members, secretaries; /* counts */
};

/* Adds someone by the blind index of their email, with no sealed email yet (it is sealed to
 * the new row's id, then set with store_member_set_email in the same transaction): 0 and *id,
 * 1 when the index exists (*id is that member), -1 on error. Ids are never used twice. */
int store_member_add(struct store *s, const unsigned char bidx[32], int state, long long now,
		     long long *id);
int store_member_set_email(struct store *s, long long id, const void *email_ct, size_t email_len);
/* 0 found, 1 not, -1 error. */
int store_member_get(struct store *s, struct pool *p, long long id, struct member_row *out);
int store_member_by_index(struct store *s, struct pool *p, const unsigned char bidx[32],
			  struct member_row *out);
/* Members of a state or more (MEMBER_PENDING: everyone), in id order after after_id. */
int store_members_list(struct store *s, struct pool *p, int min_state, long long after_id,
		       int limit, struct member_row **rows, size_t *n);
int store_member_count(struct store *s, int min_state);
int store_member_set_state(struct store *s, long long id, int state, long long now);
int store_member_set_prefs(struct store *s, long long id, int newsletter, int show_name);
int store_member_set_name(struct store *s, long long id, const void *name_ct, size_t name_len);
/* Deletes a member with their links, sessions and branch places. 0, 1 none, -1 error. */
int store_member_delete(struct store *s, long long id);
/* The next recipients of a newsletter: confirmed, subscribed, of min_state or more, id above
 * after_id, in id order. */
int store_newsletter_recipients(struct store *s, int min_state, long long after_id, int limit,
				long long **ids, size_t *n, struct pool *p);

int store_branch_add(struct store *s, const char *name, long long now, long long *id);
int store_branches(struct store *s, struct pool *p, struct branch_row **rows, size_t *n);
int store_branch_get(struct store *s, struct pool *p, long long id, struct branch_row *out);
int store_branch_by_name(struct store *s, struct pool *p, const char *name, struct branch_row *out);
/* Puts a member in a branch (secretary or not); replaces their place there. */
int store_branch_put(struct store *s, long long branch_id, long long member_id, int secretary);
int store_branch_drop(struct store *s, long long branch_id, long long member_id);
/* Takes a member out of every branch. 0 or -1. */
int store_member_unbranch(struct store *s, long long member_id);
/* A branch's members (ids, with who is secretary), and the branches of a member. */
int store_branch_members(struct store *s, struct pool *p, long long branch_id, long long **ids,
			 int **secretary, size_t *n);
int store_member_branches(struct store *s, struct pool *p, long long member_id,
			  struct branch_row **rows, int **secretary, size_t *n);

/* One-time links (confirm, sign in), by the hash of their token. */
int store_member_token_add(struct store *s, const unsigned char hash[32], long long member_id,
			   const char *purpose, long long expires);
/* Uses up a live token: 0 and *member_id, 1 when there is none, -1 on error. */
int store_member_token_take(struct store *s, const unsigned char hash[32], const char *purpose,
			    long long now, long long *member_id);
/* 0 and *member_id when a live token exists (it stays), 1 when not, -1 error. */
int store_member_token_check(struct store *s, const unsigned char hash[32], const char *purpose,
			     long long now, long long *member_id);

int store_member_session_add(struct store *s, const unsigned char hash[32], long long member_id,
			     long long expires);
/* 0 and the member of a live session, 1 none, -1 error. */
int store_member_session_get(struct store *s, struct pool *p, const unsigned char hash[32],
			     long long now, struct member_row *out);
int store_member_session_delete(struct store *s, const unsigned char hash[32]);
/* Forgets what has no use any more: addresses never confirmed within pending_life seconds
 * (with their links), ended sessions, expired links, tries counted over a day ago. 0 or -1. */
int store_members_tidy(struct store *s, long long now, long long pending_life);
/* Ends every session of a member. 0 or -1. */
int store_member_sessions_end(struct store *s, long long member_id);

/* Rate limits of anonymous forms: an event under a key (an address tag or an email index in
 * hex, with a prefix), and how many happened since t. */
int store_rate_add(struct store *s, const char *key, long long now);
/* Forgets every try counted under key. 0 or -1. */
int store_rate_forget(struct store *s, const char *key);
int store_rate_count(struct store *s, const char *key, long long since);

#endif
