/* rules: what every new comment goes through, from a reader's form or from the Fediverse alike:
 * the post's mode (closed, open, moderated, closed by age), bans, the limits of one address or
 * actor, duplicates, the site's policy of holding comments, the text's own rules, and where a
 * reply goes in the thread. */
#ifndef BS_COMMENT_RULES_H
#define BS_COMMENT_RULES_H

#include <stddef.h>

struct pool;
struct post_row;
struct site;
struct store;

/* The post's comment mode (enum comment_mode) after the site's default and the age limit. */
int comment_mode_of(const struct site *site, const struct post_row *post, long long now);

/*
 * The refusals a writer cannot fix by editing the text: a ban of the address (or actor) tag,
 * its limits a minute and a day, the same text sent again within a day. NULL when the comment
 * may go in; else a sentence (in p) and the HTTP status in *status.
 */
const char *comment_refusal(struct store *s, struct pool *p, const struct site *site,
			    long long post_id, const char *addr, const unsigned char hash[32],
			    long long now, int *status);

/* Whether a new comment waits for a moderator: a moderated post, the hold_all policy, or
 * hold_first for a commenter (by email index, else by name and tag) never published before. */
int comment_held(struct store *s, const struct site *site, int mode,
		 const unsigned char *email_bidx, const char *name, const char *addr);

/* Whether a writer's edit of their comment (in status) waits for a moderator: an approved one
 * under a policy that holds comments stays as approved until the edit is approved too. */
int comment_edit_waits(const struct site *site, int mode, int status);

/* The text's own rules: NULL when it may be a comment, else the sentence for the writer (not
 * UTF-8, empty, longer than COMMENT_BODY_MAX, more than COMMENT_LINKS_MAX links). */
const char *comment_body_problem(const char *body, size_t n);

/* Where a reply to parent (a comment id; 0 for none) goes: *parent_id and *depth (past the
 * deepest level beside its parent). 0, 1 when parent is no published comment of the post, -1
 * on error. */
int comment_place(struct store *s, struct pool *p, long long post_id, long long parent,
		  long long *parent_id, int *depth);

/* The hash duplicates are found by. */
void comment_hash(const char *text, size_t n, unsigned char out[32]);

#endif
