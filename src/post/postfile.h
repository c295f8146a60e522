/* postfile: reads a post file (YAML front matter, then Markdown) into checked fields. */
#ifndef BS_POSTFILE_H
#define BS_POSTFILE_H

#include <stddef.h>

#define POSTFILE_MAX_BYTES (8u * 1024 * 1024)
#define POSTFILE_TITLE_MAX 300
#define POSTFILE_SERIES_MAX 200
#define POSTFILE_AUTHOR_MAX 32
#define POSTFILE_TAG_MAX 64
#define POSTFILE_MAX_TAGS 64
#define POSTFILE_PART_MAX 9999
#define POSTFILE_ORDER_MAX 9999
#define POSTFILE_EXCERPT_MAX 2000
#define POSTFILE_IMAGE_MAX 500

/*
 * A post's status as stored: above 0 is public. A scheduled post turns published when its date
 * comes (the server checks every second); a trashed one keeps its former status beside it.
 */
enum post_status {
	POST_TRASHED = -2,
	POST_SCHEDULED = -1,
	POST_DRAFT = 0,
	POST_UNFINISHED = 1,
	POST_PUBLISHED = 2
};

/* A post is listed and dated; a page lives at /SLUG, outside listings and feeds. */
enum post_type { POST_TYPE_POST, POST_TYPE_PAGE };
/* What the body is written in: Markdown, or HTML that is kept to an allow-list (sanitize.h). */
enum post_format { POST_FORMAT_MARKDOWN, POST_FORMAT_HTML };

/* "post", "page"; "markdown", "html". */
const char *post_type_name(int type);
const char *post_format_name(int format);

/* "draft", "unfinished", "published", "scheduled", "trashed"; "unknown" for anything else. */
const char *post_status_name(enum post_status s);
/* Accepts draft, unfinished, published and scheduled in any ASCII case. 0 and *out set, or -1
 * for anything else. */
int post_status_parse(const char *s, enum post_status *out);

/* Every string is NUL-terminated valid UTF-8 with no NUL inside, owned by the struct. */
struct postfile {
	char *title;	/* required, non-empty, <= 300 bytes, one line, no control characters */
	char *slug;	/* from front matter (slug_valid), or slugify(title) */
	char *author;	/* handle without '@' ([A-Za-z0-9_]{1,32}), or NULL */
	char *series;	/* <= 200 bytes, one line, or NULL */
	int part;	/* 0 when absent; 1..9999, only together with a series */
	long long date; /* unix seconds UTC; 0 when has_date is 0 */
	int has_date;
	enum post_status status; /* default POST_PUBLISHED */
	int comments;		 /* -1 (the site's default) or 0 closed, 1 open, 2 moderated */
	int visibility;		 /* 0 public, 1 members only (enum post_visibility) */
	enum post_type type;	 /* default POST_TYPE_POST */
	enum post_format format; /* default POST_FORMAT_MARKDOWN */
	int order;		 /* a page's place in the navigation, -9999..9999 (0 when absent) */
	char *excerpt;		 /* the writer's own excerpt: plain text, <= 2000 bytes, or NULL */
	int sticky;		 /* a post shown first on the home page */
	/* The featured image, shown at the top and in share previews: a path of this site
	 * ("/media/…", not "//…") or an http(s) URL, <= 500 bytes without blanks, quotes or
	 * angle brackets; or NULL. */
	char *image;
	/* Without the leading '#', in file order, deduplicated ignoring ASCII case (the first
	 * spelling wins); each 1..64 bytes of letters (any script), digits and '_'; at most 64. */
	char **tags;
	size_t ntags;
	/* The Markdown after the closing --- line, with CRLF turned into LF; never NULL. */
	char *body;
	size_t body_len;
	unsigned body_line; /* file line number where the body starts (for messages) */
};

struct pf_error {
	unsigned line; /* 1-based file line; 0 when not tied to a line */
	char msg[256]; /* one sentence, no trailing period, no file name */
};

/*
 * Parses a whole file of len bytes (text need not be NUL-terminated). Returns 0 with pf filled,
 * or -1 with err filled (err may be NULL) and pf zeroed; nothing is allocated on failure.
 *
 * The file: an optional UTF-8 BOM, then a line "---", YAML, a line "---" or "...", then the
 * body (delimiter lines may carry trailing blanks; CRLF is fine everywhere). At most 8 MiB of
 * valid UTF-8 without NUL. The YAML is one mapping of the keys title, slug, date, status, tags,
 * author, series, part, comments, visibility (public or members), type (post or page), format
 * (markdown or html), order, excerpt, sticky (true or false) and image, each at most once. An empty
 * value (nothing, ~, null, '') counts as absent for every key but title. A page has no tags,
 * series, part or sticky flag, and its slug may not be one of the site's own top-level names
 * (slug_reserved); only a page has an order. Messages look like "unknown key 'titel' (did you
 * mean 'title'?)", "bad date '2026-13-01' (use ISO 8601, e.g. 2026-11-27 or
 * 2026-11-27T09:30:00Z)" or "YAML syntax error: ..." with the file line of the problem. A
 * missing title is reported on line 1, the opening '---'.
 */
int postfile_parse(const char *text, size_t len, struct postfile *pf, struct pf_error *err);

/* Frees everything pf owns and zeroes it; a zeroed struct is fine to free again. */
void postfile_free(struct postfile *pf);

/*
 * Appends the post file of a stored post to b, with body in format (enum post_format): what
 * postfile_parse reads back into the same post. Its front matter names every field the post
 * has (title, slug, date, status, type, order, format, sticky, excerpt, author, comments,
 * visibility, series and part, and r's tags), strings quoted so that any title survives. For
 * `post show`, `post convert` and export bundles.
 */
struct buf;
struct post_row;
void postfile_write(struct buf *b, const struct post_row *r, const char *body, int format);

#endif
