/* store_mirror: what a static mirror reads besides its pages: the text of every public post
 * for the search index it carries; and the one read transaction a mirror is made in. */
#ifndef BS_STORE_MIRROR_H
#define BS_STORE_MIRROR_H

struct store;

/* A public post or page (published or unfinished, for everyone) as the mirror's search sees
 * it; strings valid during the call only. */
struct mirror_text {
	const char *slug, *title, *tags, *text; /* tags: space-separated, display case */
	long long published;
	int type; /* enum post_type */
};

/* Calls fn with every public post and page, newest first; stops at the first fn that does not
 * return 0 and returns what it returned. 0, or -1 on a database error. */
int store_mirror_texts(struct store *s, int (*fn)(void *ud, const struct mirror_text *t), void *ud);

/* A mirror reads the press as of one moment, however long it takes and whatever servers write
 * meanwhile: one read transaction (which also spares SQLite taking its lock and checking its
 * cache at every statement), with a page cache that holds a large press. begin: 0, or -1. */
int store_mirror_begin(struct store *s);
void store_mirror_end(struct store *s);

#endif
