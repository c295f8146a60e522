/* store_privacy: the one-time sealing of clear emails and addresses left by older versions. */
#include "store/store_privacy.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/pool.h"

#include <string.h>

/* Whether a stored address is a tag already (32 hex digits) rather than an address. */
static int is_tag(const char *s)
{
	return strlen(s) == SEAL_TAG_LEN && strspn(s, "0123456789abcdef") == SEAL_TAG_LEN;
}

static long seal_emails(struct store *s, const struct press_keys *k)
{
	static const char list[] = "SELECT id, email FROM comments WHERE email != ''";
	static const char set[] = "UPDATE comments SET email = '', email_ct = ?2, email_bidx = ?3"
				  " WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, list);
	long n = 0;
	if (!st)
		return -1;
	struct pool *p = pool_new();
	struct row {
		long long id;
		const char *email;
	} *rows = NULL;
	size_t nrows = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nrows == cap)
			rows = pool_grow(p, rows, nrows, &cap, sizeof(*rows));
		rows[nrows].id = sqlite3_column_int64(st, 0);
		rows[nrows++].email = store_col_str(st, p, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		n = -1;
	for (size_t i = 0; n >= 0 && i < nrows; i++) {
		struct buf ct = {0};
		unsigned char bidx[SEAL_INDEX_BYTES];
		seal_text(k, SEAL_PLACE_COMMENT_EMAIL, rows[i].email, strlen(rows[i].email), &ct);
		seal_email_index(k, SEAL_INDEX_COMMENTS, rows[i].email, bidx);
		if (!(st = store_sql(s, set))) {
			n = -1;
		} else {
			sqlite3_bind_int64(st, 1, rows[i].id);
			sqlite3_bind_blob(st, 2, ct.data, (int)ct.len, SQLITE_STATIC);
			sqlite3_bind_blob(st, 3, bidx, sizeof(bidx), SQLITE_STATIC);
			n = store_done(st) == 0 ? n + 1 : -1;
		}
		buf_free(&ct);
	}
	pool_free(p);
	return n;
}

/* Replaces each value of one text column that is not a tag yet by its tag. */
static long tag_column(struct store *s, const struct press_keys *k, const char *list,
		       const char *set)
{
	sqlite3_stmt *st = store_sql(s, list);
	if (!st)
		return -1;
	struct pool *p = pool_new();
	const char **vals = NULL;
	size_t nvals = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = store_col_str(st, p, 0);
		if (!v || is_tag(v))
			continue;
		if (nvals == cap)
			vals = pool_grow(p, vals, nvals, &cap, sizeof(*vals));
		vals[nvals++] = v;
	}
	sqlite3_reset(st);
	long n = rc == SQLITE_DONE ? 0 : -1;
	for (size_t i = 0; n >= 0 && i < nvals; i++) {
		char tag[SEAL_TAG_LEN + 1];
		seal_addr_tag(k, vals[i], tag);
		if (!(st = store_sql(s, set))) {
			n = -1;
			break;
		}
		sqlite3_bind_text(st, 1, vals[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, tag, -1, SQLITE_TRANSIENT);
		n = store_done(st) == 0 ? n + 1 : -1;
	}
	pool_free(p);
	return n;
}

static long seal_addresses(struct store *s, const struct press_keys *k)
{
	static const char c_list[] = "SELECT DISTINCT addr FROM comments";
	static const char c_set[] = "UPDATE comments SET addr = ?2 WHERE addr = ?1";
	static const char b_list[] = "SELECT addr FROM bans";
	static const char b_set[] = "UPDATE OR REPLACE bans SET addr = ?2 WHERE addr = ?1";
	static const char f_list[] = "SELECT DISTINCT substr(key, 3) FROM login_failures"
				     " WHERE key LIKE 'a:%'";
	static const char f_set[] =
	    "UPDATE login_failures SET key = 'a:' || ?2 WHERE key = 'a:' || ?1";
	static const char sessions[] = "UPDATE sessions SET addr = '' WHERE addr != ''";
	long a = tag_column(s, k, c_list, c_set);
	long b = a < 0 ? -1 : tag_column(s, k, b_list, b_set);
	long c = b < 0 ? -1 : tag_column(s, k, f_list, f_set);
	if (c < 0)
		return -1;
	sqlite3_stmt *st = store_sql(s, sessions);
	int d = st ? store_changes(s, st) : -1;
	return d < 0 ? -1 : a + b + c + d;
}

long store_seal_legacy(struct store *s, const struct press_keys *k)
{
	if (store_meta_get_int(s, "sealed_clear_values"))
		return 0;
	if (store_begin(s) != 0)
		return -1;
	long e = seal_emails(s, k);
	long a = e < 0 ? -1 : seal_addresses(s, k);
	if (a < 0 || store_meta_set(s, "sealed_clear_values", "1") != 0 ||
	    store_commit_quiet(s) != 0) {
		store_rollback(s);
		return -1;
	}
	/* secure_delete zeroed what the updates freed; a new file and an empty WAL leave no old
	 * page of it behind. */
	if (e + a > 0)
		sqlite3_exec(s->db,
			     "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"
			     " PRAGMA wal_checkpoint(TRUNCATE);",
			     NULL, NULL, NULL);
	return e + a;
}
