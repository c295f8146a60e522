/* publish: turning a parsed post file into stored, rendered HTML (shared by the CLI and admin). */
#ifndef BS_PUBLISH_H
#define BS_PUBLISH_H

#include <stddef.h>

struct store;
struct postfile;

/*
 * Renders pf's body and excerpt, merges its front-matter tags with the body's #hashtags and
 * stores it, inside the caller's transaction. On success returns 0, sets *url to the post's
 * path (malloc'd) and *created to 1 for a new post. Returns -1 with a message in err (an
 * unknown author, a database error).
 */
int publish_post(struct store *s, const struct postfile *pf, char **url, int *created, char *err,
		 size_t errlen);

/* Renders again the posts that mention @handle, after that user was added. */
int publish_rerender_mentions(struct store *s, const char *handle);

/* Words in a Markdown text, counted as runs of non-space characters. */
int publish_word_count(const char *text, size_t len);

#endif
