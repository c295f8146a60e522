/* comment_token: the signed time a comment form was made, for the minimum and maximum age. */
#ifndef BS_COMMENT_TOKEN_H
#define BS_COMMENT_TOKEN_H

#include "comment/comment.h"

enum token_check { TOKEN_OK, TOKEN_BAD, TOKEN_TOO_FAST, TOKEN_EXPIRED };

/* Writes "TIME.MAC" for a form on post_id made at now, signed with the site's secret (64 hex
 * digits). 0, or -1 when the secret is unusable. */
int comment_token_make(const char *secret_hex, long long post_id, long long now, char out[64]);

/* Whether token was made by this site for this post, COMMENT_MIN_SECONDS to COMMENT_MAX_AGE
 * before now. */
int comment_token_check(const char *secret_hex, long long post_id, const char *token,
			long long now);

#endif
