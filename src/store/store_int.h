/* store_int: what the store's own files share: the connection and its prepared statements. */
#ifndef BS_STORE_INT_H
#define BS_STORE_INT_H

#include <sqlite3.h>

enum stmt_id {
	Q_DATA_VERSION,
	Q_META_GET,
	Q_META_SET,
	Q_USER_ADD,
	Q_USER_GET,
	Q_USER_EXISTS,
	Q_USER_LIST,
	Q_USER_FIRST,
	Q_POST_FIND,
	Q_POST_FIND_ID,
	Q_REDIRECT_ADD,
	Q_REDIRECT_CLEAR,
	Q_POST_INSERT,
	Q_POST_UPDATE,
	Q_POST_DELETE,
	Q_POST_BY_SLUG,
	Q_POST_MENTIONING,
	Q_POST_SET_HTML,
	Q_POST_BATCH,
	Q_TAG_GET,
	Q_TAG_ADD,
	Q_POST_TAGS_CLEAR,
	Q_POST_TAG_ADD,
	Q_TAGS_GC,
	Q_ALL,
	Q_MONTHS,
	Q_SERIES,
	Q_SEARCH,
	Q_SEARCH_COUNT,
	Q_PUBLIC_SLUGS,
	Q_PUBLIC_TAGS,
	Q_PUBLIC_AUTHORS,
	Q_LAST_UPDATE,
	Q__COUNT
};

/* The columns every post listing reads, in the order store_row_from expects; tags come as one
 * space-separated string (tags never hold spaces). */
#define POST_COLS                                                                                  \
	"p.id, p.slug, p.title, p.excerpt_html, p.has_more, p.status, p.published, p.updated,"     \
	" p.series, p.part, u.handle, u.name, p.words,"                                            \
	" (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM post_tags pt"                   \
	"  JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id ORDER BY pt.pos)),"             \
	" p.comment_count, p.comments"

/* Listing statements: 4 kinds (recent, tag, author, month) x 3 directions. */
#define LIST_STMTS 12

/* Statements of store_comment.c and store_admin.c. */
#define COMMENT_STMTS 24
#define ADMIN_STMTS 40

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q__COUNT];
	sqlite3_stmt *list[LIST_STMTS];
	sqlite3_stmt *cstmt[COMMENT_STMTS];
	sqlite3_stmt *astmt[ADMIN_STMTS];
	char secret[65];
	long long data_version;
};

struct pool;
struct post_row;

/* How many columns POST_COLS has; extra columns of a query follow from this index. */
#define POST_NCOLS 16

/* The comment tables, triggers and settings, created with the rest of the schema. */
extern const char store_comment_schema[];

/* Reads the POST_COLS columns of st's current row into r (strings copied into p). */
void store_row_from(sqlite3_stmt *st, struct pool *p, struct post_row *r);
const char *store_col_str(sqlite3_stmt *st, struct pool *p, int i);

/* Steps st to its end, reading each row with from() into a growing array of size-byte
 * elements in p (*rows, *n). Resets st. 0, or -1 on an error. */
int store_rows(sqlite3_stmt *st, struct pool *p, size_t size,
	       void (*from)(sqlite3_stmt *, struct pool *, void *), void *rows, size_t *n);

/* sql prepared once into *slot, then reset with bindings cleared; NULL on error. */
sqlite3_stmt *store_cached(struct store *s, sqlite3_stmt **slot, const char *sql);

/* The prepared statement id, reset and with bindings cleared; NULL on error. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id);

#endif
