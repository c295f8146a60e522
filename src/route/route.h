/* route: the route table's rows, matching a request against them once, and the values that a
 * pattern and a query string carry. */
#ifndef BS_ROUTE_H
#define BS_ROUTE_H

#include "store/store.h"

#include <stddef.h>

struct page_out;
struct pool;
struct req;

enum route_method { RM_GET = 1, RM_HEAD = 2, RM_POST = 4 };
#define RM_READ (RM_GET | RM_HEAD)

/* What a row reads as its request body. */
enum route_body {
	BODY_NONE,   /* nothing: a body sent anyway is read and dropped, up to the row's limit */
	BODY_FORM,   /* application/x-www-form-urlencoded or multipart/form-data text fields */
	BODY_UPLOAD, /* a form that may carry one file, streamed to the press's media/.tmp */
	BODY_JSON,   /* bytes kept as they come, for a JSON parser */
	BODY_FILES,  /* a form that may carry a few files (FORM_MEM_FILES_MAX, FORM_MEM_FILES_BYTES
			in all), kept in memory and never written to disk, from anyone */
};

/* Who may call a row. */
enum route_access {
	ACCESS_ANYONE, /* every reader */
	ACCESS_PRE,    /* sign-in and setup: a POST carries the CSRF token of the bs_pre cookie */
	ACCESS_ROLE,   /* a signed-in user whose role is in the row's roles; a POST carries the
			  session's CSRF token */
	ACCESS_MEMBER, /* a signed-in member or subscriber (signed in by a link); a POST carries
			  the member session's CSRF token */
	ACCESS_SIGNED, /* another server's actor: the request's HTTP Signature (draft-cavage or
			  RFC 9421, with its digest) is verified against the actor's key by
			  fed_signed_check before the handler runs (r->signer_id) */
	ACCESS_COMMITTEE, /* a signed-in user of any role who is on the standing committee (403
			     for everyone else); a POST carries the session's CSRF token */
};

/* Role sets of ACCESS_ROLE rows: a bit per enum user_role. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_OWNERS ROLE_BIT(ROLE_OWNER)
#define ROLES_EDITORS (ROLES_OWNERS | ROLE_BIT(ROLE_EDITOR))
#define ROLES_WRITERS (ROLES_EDITORS | ROLE_BIT(ROLE_AUTHOR))
#define ROLES_MEMBERSHIP (ROLES_OWNERS | ROLE_BIT(ROLE_OFFICER))
#define ROLES_ANY (ROLES_WRITERS | ROLE_BIT(ROLE_OFFICER))

/* Whether and how an answer may be kept. */
enum route_cache {
	CACHE_NONE, /* Cache-Control: no-store */
	CACHE_PAGE, /* kept by the server's page cache until the press changes; clients
		       revalidate with the ETag */
	CACHE_FILE, /* a file whose name is its hash: clients keep it a year */
};

enum route_flag {
	RF_ADMIN = 1,		/* an admin page: the admin script policy, noindex */
	RF_COSTLY = 2,		/* uncached work charged to the client address's budget */
	RF_CSRF_SOFT = 4,	/* a bad CSRF token reaches the handler (r->csrf_bad), which
				   keeps the writer's text */
	RF_SHOWS_COMMENTS = 8,	/* shows the comments of the post {slug} names */
	RF_COMMENT_COUNTS = 16, /* lists posts with their comment counts */
	RF_NOLOG = 32,		/* never written to the access log, nor is any request to its
				   path (a 405 from another method included) */
	/* What it shows depends on whether a writer is signed in (members-only issues): the
	 * dispatcher reads the session, and a request with a session cookie is neither served
	 * from the page cache nor kept in it. */
	RF_SESSION = 64,
	RF_FALLBACK = 128,   /* taken only when no row before it has this path, whatever its
			       methods (so a 405 stays a 405); adds nothing to a 405's Allow */
	RF_NEGOTIATES = 256, /* answers ActivityPub JSON to an Accept that asks for it: the
				cache keeps both answers apart, and they carry Vary: Accept */
	RF_UNLOCKED = 512    /* ACCESS_COMMITTEE: needs the member's committee key unlocked; a
				GET without it goes to /committee, a POST may carry the
				passphrase to unlock on the way (its other fields are kept) */
};

/* The query parameters a row reads (others are ignored and leave its cache key alone). */
enum route_query {
	RQ_CURSOR = 1,	  /* ?before=T.ID or ?after=T.ID */
	RQ_SEARCH = 2,	  /* ?q= and ?page= */
	RQ_MINE = 4,	  /* ?mine=ID and ?held=ID after sending a comment */
	RQ_VERSION = 8,	  /* ?v= of a versioned file */
	RQ_OLD_ID = 16,	  /* ?p=ID or ?page_id=ID: a WordPress site's address of a post */
	RQ_RESOURCE = 32, /* ?resource= of WebFinger */
};

typedef int (*route_fn)(struct req *r, struct page_out *out);

struct route_row {
	unsigned methods;
	/* "/posts/{slug}/comments": literal text and one {value} a segment; a last segment
	 * {path} takes the rest of the path, slashes and all. */
	const char *pattern;
	enum route_body body;
	size_t limit; /* the largest body, in bytes (uploads: besides the file itself) */
	enum route_access access;
	unsigned roles; /* ACCESS_ROLE: who */
	enum route_cache cache;
	unsigned flags; /* enum route_flag */
	unsigned query; /* enum route_query */
	route_fn fn;
	int arg; /* handed to the handler as r->row->arg (a feed's scope, the trash) */
};

/* The one table (route/table.c), in match order. */
extern const struct route_row route_table[];
extern const size_t route_table_len;

enum feed_format { FEED_ATOM, FEED_RSS, FEED_JSON };
enum feed_scope { FEED_HOME, FEED_TAG, FEED_AUTHOR, FEED_POST };

/* The values of a matched request. */
struct route {
	const char *arg;	 /* {slug}, {tag}, {handle}, {media}, {hash}, {token}, {path} */
	int arg_folds;		 /* arg is a tag or handle: any case names the same page */
	long long id;		 /* {id}: a post's number */
	long long rev;		 /* {rev}: a revision's (or a resolution version's) number */
	long long to;		 /* {to}: the later version of a comparison */
	long long cid;		 /* {cid}, or ?mine= / ?held= on a post */
	long long n;		 /* {n}: an item's place in a list, from 1 (a report's file) */
	int held;		 /* ?held=ID: the comment waits for a moderator */
	int year, month;	 /* {yyyy}/{mm} */
	int volume, number;	 /* {volume}/{number}: an issue of the journal */
	enum feed_format format; /* {feed} or {fext} */
	int summary;		 /* {feed} is summary.*: entries carry excerpts only */
	struct cursor at;	 /* RQ_CURSOR */
	const char *q;	  /* RQ_SEARCH's query (NULL when absent), RQ_VERSION's ?v=, RQ_RESOURCE's
			     ?resource= */
	int page;	  /* RQ_SEARCH: the 1-based result page */
	int bad_query;	  /* a parameter the row reads was malformed */
	long long old_id; /* RQ_OLD_ID; 0 when absent or not a number */
};

/* The longest request path (before decoding) that is routed; longer is answered with 414. */
#define ROUTE_MAX_PATH 1024
/* The longest search query, in bytes after decoding, and the deepest page of results. */
#define ROUTE_MAX_QUERY 256
#define ROUTE_MAX_SEARCH_PAGE 100

struct route_match {
	const struct route_row *row; /* NULL: nothing answers (404), or allow is set (405) */
	unsigned allow;		     /* the methods of the rows at this path */
	int bad;		     /* the path does not decode (bad %-escape, NUL, not UTF-8) */
	int nolog;		     /* a row of any method at this path has RF_NOLOG */
	struct route values;
};

/* "GET" -> RM_GET ...; 0 for a method no row takes. */
unsigned route_method_of(const char *method);

/*
 * Matches a raw (still %-escaped) path of len bytes against the table, once: the first row
 * whose pattern and method fit, with its values decoded into pool. One trailing slash is
 * tolerated everywhere but on "/". Never fails: see struct route_match.
 */
void route_find(unsigned method, const char *path, size_t len, struct pool *pool,
		struct route_match *m);
/* The same against the n rows of another table (for tests of the matcher itself). */
void route_find_in(const struct route_row *table, size_t n, unsigned method, const char *path,
		   size_t len, struct pool *pool, struct route_match *m);

/* Matches path against one pattern (for tests and the table's own checks): 1 and the values,
 * or 0. path is decoded already. */
int route_pattern_match(const char *pattern, const char *path, struct pool *pool,
			struct route *out);

/*
 * Applies one raw (still %-escaped) query parameter to a matched route: only the parameters
 * the row reads (its query bits) are looked at. A malformed value sets bad_query.
 */
void route_query(struct route *r, unsigned row_query, const char *key, const char *value,
		 struct pool *pool);

/*
 * Decodes a %-escaped value ('+' is a space when plus_is_space). Returns a pool string, or
 * NULL when the value has a bad escape, a NUL or invalid UTF-8.
 */
char *route_decode(const char *s, size_t len, int plus_is_space, struct pool *pool);

/* Writes the canonical "?before=T.ID" / "?after=T.ID" of a cursor (empty for the first page)
 * into out (at least 48 bytes). */
void route_cursor_query(const struct cursor *c, char *out, size_t outlen);

/*
 * What the page shows, in one spelling, for cache keys: every way to write the same page
 * (/tag/Foo, /tag/FOO, /tag/%46oo/, ?utm=x added) gives the same key, so no client can fill
 * the cache with copies. The key starts with the row's place in the table and the arg.
 */
const char *route_cache_key(const struct route_row *row, const struct route *r, struct pool *pool);
/* Whether a cache key (after its press prefix) names a page that shows the comments, or the
 * comment count, of the post with this slug. */
int route_key_shows_comments(const char *key, const char *slug);

/* "GET, HEAD, POST" for a 405's Allow, in a static buffer of the table's own strings. */
const char *route_allow_header(unsigned methods);

#endif
