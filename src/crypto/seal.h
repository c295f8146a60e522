/* seal: what the database keeps of private text: emails and names sealed to their place, emails
 * findable by a blind index, client addresses as tags, members' links made again instead of stored.
 */
#ifndef BS_SEAL_H
#define BS_SEAL_H

#include <stddef.h>

struct buf;
struct pool;
struct press_keys;

/* Bytes a sealed text takes beyond the text: a random nonce and the MAC. */
#define SEAL_OVERHEAD 40
/* A blind index: 32 bytes. An address tag: 32 hex digits. */
#define SEAL_INDEX_BYTES 32
#define SEAL_TAG_LEN 32

/*
 * Where a sealed value is kept, which is sealed with it, so that a value moved to another row
 * or column does not open there: "members.email:12" for a member's email. place is a
 * NUL-terminated string of at most SEAL_PLACE_MAX - 1 bytes; seal_place makes "WHAT:ID".
 */
#define SEAL_PLACE_MAX 64
/* The place of a queued mail (the job's payload). */
#define SEAL_PLACE_MAIL "jobs.mail"
/* The place of a commenter's email: moderators see every one, so the table is enough. */
#define SEAL_PLACE_COMMENT_EMAIL "comments.email"
const char *seal_place(char out[SEAL_PLACE_MAX], const char *what, long long id);

/* Appends text sealed with the press's key for place (XChaCha20-Poly1305, a fresh random nonce
 * each time, place as the associated data). */
void seal_text(const struct press_keys *k, const char *place, const char *text, size_t n,
	       struct buf *out);
/* The text of a value sealed for place, NUL-terminated in p; NULL when it was changed, sealed
 * with another key or for another place (nothing of it is returned then). */
const char *seal_open(const struct press_keys *k, const char *place, const void *sealed, size_t n,
		      struct pool *p);

/* What a blind index is for: indexes of one address for two uses have nothing in common, so a
 * copy of the database cannot link a commenter to a member. */
enum seal_index { SEAL_INDEX_MEMBERS, SEAL_INDEX_COMMENTS, SEAL_INDEX_LIMITS };
/* The blind index of an email for a use: a keyed hash of its normalized form (trimmed,
 * lowercase), the same for every spelling of the address, that reveals nothing without the
 * key. */
void seal_email_index(const struct press_keys *k, enum seal_index use, const char *email,
		      unsigned char out[SEAL_INDEX_BYTES]);
/* The tag of a client address key (see guard_addr_key): 32 hex digits, NUL-terminated. */
void seal_addr_tag(const struct press_keys *k, const char *addr, char out[SEAL_TAG_LEN + 1]);

/* The tag for what a moderator typed or a form carried: a tag as it is (32 hex digits), or an
 * IPv4 or IPv6 address (counted by its /64). 0, or -1 when it is neither. */
int seal_addr_param(const struct press_keys *k, const char *text, char out[SEAL_TAG_LEN + 1]);

/* A member's link token for purpose ("unsubscribe"), made again from the id whenever needed:
 * 43 characters of base64url, NUL-terminated. */
#define SEAL_LINK_LEN 43
void seal_member_link(const struct press_keys *k, const char *purpose, long long member_id,
		      char out[SEAL_LINK_LEN + 1]);
/* 1 when token is the link of purpose for member_id (constant time). */
int seal_member_link_ok(const struct press_keys *k, const char *purpose, long long member_id,
			const char *token);

#endif
