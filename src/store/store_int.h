/* store_int: what the store's own files share: the connection and its prepared statements. */
#ifndef BS_STORE_INT_H
#define BS_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>

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
	" p.comment_count, p.comments, p.visibility, p.type, p.sticky"

/* Statements prepared by store_sql, kept by the address of their SQL text. */
struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q__COUNT];
	struct stmt_slot *slots; /* open addressing, a power of two in size */
	size_t nslots, used;
	char secret[65];
	long long data_version;
};

struct pool;
struct post_row;

/* How many columns POST_COLS has; extra columns of a query follow from this index. */
#define POST_NCOLS 19

/* The schema of a new database, in order (NULL-terminated); it leaves schema_version at 1. */
extern const char *const store_schema_base[];
/* Each step from one version to the next: the SQL that makes version to (it sets
 * schema_version itself); ends with {0, NULL}. */
struct store_migration {
	int to;
	const char *sql;
};
extern const struct store_migration store_migrations[];

/* Reads the POST_COLS columns of st's current row into r (strings copied into p). */
void store_row_from(sqlite3_stmt *st, struct pool *p, struct post_row *r);

/* The front-matter columns that only a whole post's reads add, after their other columns. */
#define POST_FM_COLS "p.format, p.nav_order, p.excerpt"
/* Reads the POST_FM_COLS columns starting at column i. */
void store_fm_from(sqlite3_stmt *st, struct pool *p, int i, struct post_row *r);
const char *store_col_str(sqlite3_stmt *st, struct pool *p, int i);
/* A blob column copied into p (NULL for NULL), its length in *n. */
const unsigned char *store_col_blob(sqlite3_stmt *st, struct pool *p, int i, size_t *n);
/* Copies a blob column of exactly n bytes into out: 0, or -1 (out zeroed) for any other
 * length. */
int store_col_fixed(sqlite3_stmt *st, int i, unsigned char *out, size_t n);

/* Steps st once, reading the row with from() into out. Resets st. 0, 1 when there is no row,
 * -1 on an error. */
int store_one(sqlite3_stmt *st, struct pool *p, void *out,
	      void (*from)(sqlite3_stmt *, struct pool *, void *));
/* Steps st to its end, reading each row with from() into a growing array of size-byte
 * elements in p (*rows, *n). Resets st. 0, or -1 on an error. */
int store_rows(sqlite3_stmt *st, struct pool *p, size_t size,
	       void (*from)(sqlite3_stmt *, struct pool *, void *), void *rows, size_t *n);

/* The statement for sql, prepared on first use and kept for the connection's life (sql must
 * be a string constant: it is kept by its address), reset with bindings cleared; NULL on an
 * error. */
sqlite3_stmt *store_sql(struct store *s, const char *sql);

/* Steps st to its end and resets it: 0, or -1 on an error. */
int store_done(sqlite3_stmt *st);
/* Steps a statement that changes rows: how many it changed, or -1. */
int store_changes(struct store *s, sqlite3_stmt *st);
/* Binds a user id, or NULL for 0 (the command line). */
void store_bind_user(sqlite3_stmt *st, int i, long long user_id);

/* An account from the columns "id, handle, name, role, pwhash" (store_users.c). */
struct account;
void store_account_from(sqlite3_stmt *st, struct pool *p, void *row);
/* Steps st once into *a: 0 found, 1 not, -1 error. */
int store_one_account(sqlite3_stmt *st, struct pool *p, struct account *a);

/* The prepared statement id, reset and with bindings cleared; NULL on error. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id);

#endif
