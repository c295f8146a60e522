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
	Q_POST_INSERT,
	Q_POST_UPDATE,
	Q_POST_DELETE,
	Q_POST_BY_SLUG,
	Q_POST_MENTIONING,
	Q_POST_SET_HTML,
	Q_TAG_GET,
	Q_TAG_ADD,
	Q_POST_TAGS_CLEAR,
	Q_POST_TAG_ADD,
	Q_TAGS_GC,
	Q_RECENT,
	Q_BY_TAG,
	Q_BY_AUTHOR,
	Q_BY_MONTH,
	Q_ALL,
	Q_MONTHS,
	Q_SERIES,
	Q__COUNT
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q__COUNT];
	long long data_version;
};

/* The prepared statement id, reset and with bindings cleared; NULL on error. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id);

#endif
