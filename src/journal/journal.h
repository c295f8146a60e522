/* journal: the press's journal: issues saved from issue files, published as fixed editions of
 * their pieces, and made into books (EPUB). */
#ifndef BS_JOURNAL_H
#define BS_JOURNAL_H

#include "store/store_journal.h"

#include <stddef.h>

struct buf;
struct issuefile;
struct pool;
struct post_row;
struct store;

/* The version of the books journal_book makes. Raise it whenever their making changes, so
 * that stored books are made again (from the same fixed pieces) when next asked for. */
#define JOURNAL_BOOK_VERSION 1

/* An issue as a reader sees it, everything in one pool. */
struct journal_issue {
	struct issue_row row;
	const char **editors; /* row.editors split into names */
	size_t neditors;
	struct piece_row *pieces;
	size_t n;
	int live; /* the pieces are the posts as they are now, not the published copy */
};

/*
 * Whether post may go into an issue of this visibility (enum issue_visibility): NULL, or why
 * not, naming the post's slug (in p). Only public posts (published or unfinished) go in. This
 * is also the one place to refuse members-only posts in an issue for everyone, once posts
 * have a visibility.
 */
const char *journal_post_refusal(struct pool *p, int visibility, const struct post_row *post);

/*
 * Saves an issue file (source: the file as given, kept to show and edit it again) inside the
 * caller's transaction into issue *id (whose volume and number may change), or with *id 0
 * adds the issue with f's volume and number or replaces its fields.
 * Every listed post must exist and pass journal_post_refusal, the cover must be in the media
 * library. Saving an issue that is already published publishes it again (journal_publish with
 * the address it was published at): its pieces are taken again as they are now. Returns 0
 * with *id and *created, or -1 with a message in err.
 */
int journal_save(struct store *s, const char *data_dir, const struct issuefile *f,
		 const char *source, long long now, long long *id, int *created, char *err,
		 size_t errlen);

/* The issue file f would make, with its posts as they are now and nothing stored, in p (for
 * previews): 0, or -1 with the reason in err. */
int journal_preview(struct store *s, struct pool *p, const struct issuefile *f, long long now,
		    struct journal_issue *out, char *err, size_t errlen);

/*
 * Publishes issue id inside the caller's transaction: checks its posts again, keeps a copy of
 * each piece as it is now (what the issue shows from then on, whatever later becomes of the
 * post), fixes base_url (the site's absolute address, no trailing '/') as the address its book
 * links to, and makes and stores the book. An issue published before keeps its publication
 * date. Returns 0, or -1 with a message in err.
 */
int journal_publish(struct store *s, const char *data_dir, long long id, const char *base_url,
		    long long now, char *err, size_t errlen);

/*
 * Loads issue id into out (in p): the published copy of its pieces, or, for a draft or when
 * live is set, its posts as they are now. Returns 0, 1 when there is no such issue, -1 on a
 * database error, -2 when a listed post is gone or may not be in it (the reason in err).
 */
int journal_load(struct store *s, struct pool *p, long long id, int live, struct journal_issue *out,
		 char *err, size_t errlen);

/*
 * Makes the book of a loaded issue: a cover (when the cover is a PNG, JPEG or GIF of the
 * library), the masthead with the editorial, the contents (the navigation document, with the
 * landmarks), one document per piece, a stylesheet and every image of the media library the
 * pieces show. Links point to base_url. The same issue and files give the same bytes.
 * Returns 0, or -1 with a message in err.
 */
int journal_book(struct store *s, const char *data_dir, const struct journal_issue *is,
		 const char *base_url, struct buf *out, char *err, size_t errlen);

/*
 * The book of a published issue as served: the stored one when it was made by this version,
 * else made now from the published copy and stored. 0 with *data (in p) and *len, or -1 with a
 * message in err.
 */
int journal_book_stored(struct store *s, struct pool *p, const char *data_dir,
			const struct journal_issue *is, const void **data, size_t *len, char *err,
			size_t errlen);

/* "Volume 1, number 3" and "December 2026" (the month of "2026-12"), in p. */
const char *journal_numbering(struct pool *p, const struct issue_row *row);
const char *journal_month(struct pool *p, const char *month);
/* The editors' names (stored one a line) as one phrase: "A", "A and B", "A, B and C", in p. */
const char *journal_editors_phrase(struct pool *p, const char *editors);

#endif
