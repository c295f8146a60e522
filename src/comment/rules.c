/* rules: the comment rules shared by the web form and the Fediverse's replies. */
#include "comment/rules.h"
#include "comment/comment.h"
#include "post/postfile.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <sodium.h>
#include <string.h>

int comment_mode_of(const struct site *site, const struct post_row *post, long long now)
{
	/* A page takes comments only when it says so. */
	int mode = post->comments >= 0		  ? post->comments
		   : post->type == POST_TYPE_PAGE ? COMMENTS_CLOSED
						  : site->comments;
	long long days = site->comments_close_days;
	if (mode != COMMENTS_CLOSED && days > 0 && now > post->published + days * 86400)
		mode = COMMENTS_CLOSED;
	return mode;
}

const char *comment_refusal(struct store *s, struct pool *p, const struct site *site,
			    long long post_id, const char *addr, const unsigned char hash[32],
			    long long now, int *status)
{
	long long until;
	int banned = store_banned(s, addr, now, &until);
	if (banned) {
		char day[32];
		human_date_format(banned > 0 ? until : now, day);
		*status = 403;
		return pool_printf(p, "Comments from your address are suspended until %s.", day);
	}
	*status = 429;
	if (store_comments_since(s, addr, now - 60) >= site->comments_per_minute)
		return pool_printf(p,
				   "Too many comments from your address: at most %d a minute. Wait "
				   "a minute and send it again.",
				   site->comments_per_minute);
	if (store_comments_since(s, addr, now - 86400) >= site->comments_per_day)
		return pool_printf(p, "Too many comments from your address: at most %d a day.",
				   site->comments_per_day);
	*status = 409;
	if (store_comment_duplicate(s, post_id, addr, hash, now - 86400) != 0)
		return "This comment was already sent.";
	return NULL;
}

int comment_held(struct store *s, const struct site *site, int mode,
		 const unsigned char *email_bidx, const char *name, const char *addr)
{
	return mode == COMMENTS_MODERATED || site->comment_policy == 2 ||
	       (site->comment_policy == 1 && store_commenter_known(s, email_bidx, name, addr) != 1);
}

int comment_edit_waits(const struct site *site, int mode, int status)
{
	return status == COMMENT_PUBLISHED &&
	       (mode == COMMENTS_MODERATED || site->comment_policy == 2);
}

const char *comment_body_problem(const char *body, size_t n)
{
	if (n > COMMENT_BODY_MAX)
		return "The comment is too long (at most 20,000 characters).";
	if (!utf8_valid(body, n, NULL))
		return "This is not valid UTF-8 text.";
	if (body[strspn(body, " \t\r\n")] == '\0')
		return "The comment is empty.";
	if (comment_count_links(body, n) > COMMENT_LINKS_MAX)
		return "Too many links: a comment may have at most 3.";
	return NULL;
}

int comment_place(struct store *s, struct pool *p, long long post_id, long long parent,
		  long long *parent_id, int *depth)
{
	*parent_id = 0;
	*depth = 0;
	if (!parent)
		return 0;
	struct comment_row pc;
	int rc = store_comment_get(s, p, parent, &pc);
	if (rc != 0)
		return rc;
	if (pc.post_id != post_id || pc.status != COMMENT_PUBLISHED)
		return 1;
	/* Past the deepest level a reply goes beside its parent, not below it. */
	*parent_id = pc.depth >= COMMENT_DEPTH_MAX ? pc.parent_id : pc.id;
	*depth = pc.depth >= COMMENT_DEPTH_MAX ? pc.depth : pc.depth + 1;
	return 0;
}

void comment_hash(const char *text, size_t n, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)text, n, NULL, 0);
}
