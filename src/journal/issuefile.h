/* issuefile: reads an issue file of the journal (YAML front matter, then the editorial in
 * Markdown) into checked fields. */
#ifndef BS_ISSUEFILE_H
#define BS_ISSUEFILE_H

#include "post/postfile.h"

#include <stddef.h>

#define ISSUEFILE_MAX_BYTES (1u * 1024 * 1024)
#define ISSUE_NUMBER_MAX 9999 /* volumes and numbers are 1..9999 */
#define ISSUE_TITLE_MAX 300
#define ISSUE_EDITOR_MAX 100 /* bytes of one editor's name */
#define ISSUE_MAX_EDITORS 20
#define ISSUE_MAX_POSTS 100

/* Who may read an issue: everyone, or only members (see journal_visible in page.h). */
enum issue_visibility { ISSUE_PUBLIC = 0, ISSUE_MEMBERS = 1 };

/* "public", "members". */
const char *issue_visibility_name(int v);

/* The keys of an issue file, in the order the admin form writes them. */
enum issue_key {
	IK_VOLUME,
	IK_NUMBER,
	IK_MONTH,
	IK_TITLE,
	IK_EDITORS,
	IK_POSTS,
	IK_COVER,
	IK_VISIBILITY,
	IK__COUNT
};
extern const char *const issue_key_names[IK__COUNT];

/* Every string is NUL-terminated valid UTF-8 with no NUL inside, owned by the struct. */
struct issuefile {
	int volume, number; /* 1..9999 */
	int year, month;    /* of `month: YYYY-MM`; month 1..12 */
	char *title;	    /* 1..300 bytes, one line, no control characters */
	/* Names as written (each 1..100 bytes, one line), at least one, at most 20. */
	char **editors;
	size_t neditors;
	/* Post slugs (slug_valid) in the issue's order, each once; 1 to 100 of them. */
	char **posts;
	size_t nposts;
	char *cover; /* a medium's HASH.EXT (given as that or as /media/HASH.EXT), or NULL */
	enum issue_visibility visibility; /* default ISSUE_PUBLIC */
	/* The editorial: the Markdown after the closing --- line, CRLF made LF; never NULL. */
	char *body;
	size_t body_len;
	unsigned body_line;
};

/*
 * Parses a whole issue file of len bytes (text need not be NUL-terminated): an optional UTF-8
 * BOM, a line "---", YAML, a line "---" or "...", then the editorial; at most 1 MiB of valid
 * UTF-8 without NUL. The YAML is one mapping of the keys volume, number, month, title,
 * editors, posts, cover and visibility, each at most once; all but cover and visibility are
 * required. editors and posts are lists, or one line with the items separated by commas.
 * Returns 0 with f filled, or -1 with err filled (err may be NULL) and f zeroed; nothing is
 * allocated on failure. Messages name the key and, where there is one, its file line, e.g.
 * "bad month '2026-13' (use YYYY-MM, e.g. 2026-12)".
 */
int issuefile_parse(const char *text, size_t len, struct issuefile *f, struct pf_error *err);

/* Frees everything f owns and zeroes it; a zeroed struct is fine to free again. */
void issuefile_free(struct issuefile *f);

/* Whether name is a medium's HASH.EXT (64 lowercase hex digits, '.', png, jpg, gif, webp or
 * avif). */
int issuefile_media_name(const char *name);

#endif
