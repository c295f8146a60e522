/* job: the queue's rows: queueing, claiming with a lease, finishing, retrying by policy. */
#include "job/job.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/pool.h"

#include <string.h>

/* Mail: a few minutes, then hours, for about two days. */
static const int mail_waits[] = {60, 300, 1800, 7200, 21600, 43200, 86400};
/* Deliveries to other servers, as Mastodon retries them: 17 tries over about three days. */
static const int fed_waits[] = {30,   60,    120,   300,   600,	  1200,	 2400,	3600,
				7200, 10800, 14400, 21600, 28800, 43200, 86400, 86400};
/* Work of our own (fan-outs, events): soon again, a few times. */
static const int own_waits[] = {10, 60, 300, 1800};

static const struct job_policy policies[] = {
    {"mail", mail_waits, sizeof(mail_waits) / sizeof(mail_waits[0])},
    {"fed", fed_waits, sizeof(fed_waits) / sizeof(fed_waits[0])},
    {"", own_waits, sizeof(own_waits) / sizeof(own_waits[0])},
};

const struct job_policy *job_policy_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (strncmp(kind, policies[i].kind, strlen(policies[i].kind)) == 0)
			return &policies[i];
	return &policies[sizeof(policies) / sizeof(policies[0]) - 1];
}

#define JOB_COLS "id, kind, ref, ref2, payload, tries, state, next_at, created, done_at, last_error"

static void job_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct job *j = row;
	memset(j, 0, sizeof(*j));
	j->id = sqlite3_column_int64(st, 0);
	j->kind = store_col_str(st, p, 1);
	j->ref = sqlite3_column_int64(st, 2);
	j->ref2 = sqlite3_column_int64(st, 3);
	int n = sqlite3_column_bytes(st, 4);
	if (n > 0) {
		unsigned char *b = pool_alloc(p, (size_t)n + 1);
		memcpy(b, sqlite3_column_blob(st, 4), (size_t)n);
		b[n] = '\0';
		j->payload = b;
		j->payload_len = (size_t)n;
	}
	j->tries = sqlite3_column_int(st, 5);
	j->state = sqlite3_column_int(st, 6);
	j->next_at = sqlite3_column_int64(st, 7);
	j->created = sqlite3_column_int64(st, 8);
	j->done_at = sqlite3_column_int64(st, 9);
	j->last_error = store_col_str(st, p, 10);
}

int job_add(struct store *s, const char *kind, long long ref, long long ref2, const void *payload,
	    size_t payload_len, long long at, const char *dedupe)
{
	static const char sql[] = "INSERT OR IGNORE INTO jobs(kind, ref, ref2, payload, next_at,"
				  " created, dedupe) VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ref);
	sqlite3_bind_int64(st, 3, ref2);
	if (payload)
		sqlite3_bind_blob(st, 4, payload, (int)payload_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, at);
	if (dedupe)
		sqlite3_bind_text(st, 6, dedupe, -1, SQLITE_STATIC);
	int n = store_changes(s, st);
	return n < 0 ? -1 : n == 0;
}

int job_claim(struct store *s, struct pool *p, long long now, int lease, struct job *out)
{
	static const char expired[] = "UPDATE jobs SET state = 0, next_at = ?1"
				      " WHERE state = 1 AND lease < ?1";
	static const char claim[] = "UPDATE jobs SET state = 1, lease = ?2 WHERE id ="
				    " (SELECT id FROM jobs WHERE state = 0 AND next_at <= ?1"
				    " ORDER BY next_at, id LIMIT 1) RETURNING " JOB_COLS;
	if (store_begin(s) != 0)
		return -1;
	sqlite3_stmt *st = store_sql(s, expired);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, now);
	if (store_done(st) != 0 || !(st = store_sql(s, claim)))
		goto fail;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now + lease);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		job_from(st, p, out);
	/* RETURNING rows are complete once the first is stepped; the reset ends the statement. */
	sqlite3_reset(st);
	if ((rc != SQLITE_ROW && rc != SQLITE_DONE) || store_commit_quiet(s) != 0)
		goto fail;
	return rc == SQLITE_ROW ? 0 : 1;
fail:
	store_rollback(s);
	return -1;
}

int job_claim_kind(struct store *s, struct pool *p, long long now, int lease, const char *kind,
		   int max, struct job *out)
{
	static const char claim[] =
	    "UPDATE jobs SET state = 1, lease = ?2 WHERE id IN"
	    " (SELECT id FROM jobs WHERE state = 0 AND next_at <= ?1"
	    " AND kind = ?3 ORDER BY next_at, id LIMIT ?4) RETURNING " JOB_COLS;
	if (max <= 0)
		return 0;
	if (store_begin(s) != 0)
		return -1;
	sqlite3_stmt *st = store_sql(s, claim);
	if (!st) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now + lease);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, max);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		job_from(st, p, &out[n++]);
	sqlite3_reset(st);
	if ((rc != SQLITE_ROW && rc != SQLITE_DONE) || store_commit_quiet(s) != 0) {
		store_rollback(s);
		return -1;
	}
	return n;
}

static int finish(struct store *s, const char *sql, long long id, long long a, const char *text)
{
	if (store_begin(s) != 0)
		return -1;
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a);
	if (text)
		sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	if (store_done(st) != 0 || store_commit_quiet(s) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int job_done(struct store *s, long long id, long long now)
{
	static const char sql[] = "UPDATE jobs SET state = 2, done_at = ?2, tries = tries + 1,"
				  " last_error = '', payload = NULL WHERE id = ?1";
	return finish(s, sql, id, now, NULL);
}

int job_failed(struct store *s, const struct job *j, long long now, const char *error,
	       int permanent, int retry_after)
{
	static const char again[] = "UPDATE jobs SET state = 0, tries = tries + 1, next_at = ?2,"
				    " last_error = ?3 WHERE id = ?1";
	static const char give_up[] = "UPDATE jobs SET state = 3, tries = tries + 1, done_at = ?2,"
				      " last_error = ?3 WHERE id = ?1";
	const struct job_policy *pol = job_policy_of(j->kind);
	if (permanent || j->tries >= pol->nwaits)
		return finish(s, give_up, j->id, now, error);
	long long wait = pol->waits[j->tries];
	if (retry_after > wait)
		wait = retry_after;
	return finish(s, again, j->id, now + wait, error);
}

int job_defer(struct store *s, long long id, long long at)
{
	static const char sql[] = "UPDATE jobs SET state = 0, next_at = ?2 WHERE id = ?1";
	return finish(s, sql, id, at, NULL);
}

int job_set_payload(struct store *s, long long id, const void *payload, size_t len)
{
	static const char sql[] = "UPDATE jobs SET payload = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, payload, (int)len, SQLITE_STATIC);
	return store_done(st);
}

int job_recover(struct store *s)
{
	static const char sql[] = "UPDATE jobs SET state = 0 WHERE state = 1";
	if (store_begin(s) != 0)
		return -1;
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st || store_done(st) != 0 || store_commit_quiet(s) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int job_next_due(struct store *s, long long *at)
{
	static const char sql[] = "SELECT min(next_at) FROM jobs WHERE state = 0";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	int none = rc != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL;
	if (!none)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? none : -1;
}

int job_list(struct store *s, struct pool *p, const char *kind_prefix, int limit, struct job **rows,
	     size_t *n)
{
	static const char sql[] = "SELECT " JOB_COLS " FROM jobs WHERE substr(kind, 1, length(?1))"
				  " = ?1 ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind_prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(st, p, sizeof(**rows), job_from, rows, n);
}

int job_retry_given_up(struct store *s, const char *kind_prefix, long long now)
{
	static const char sql[] = "UPDATE jobs SET state = 0, tries = 0, next_at = ?2,"
				  " last_error = '' WHERE state = 3 AND substr(kind, 1, length(?1))"
				  " = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind_prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return store_changes(s, st);
}

int job_get(struct store *s, struct pool *p, long long id, struct job *out)
{
	static const char sql[] = "SELECT " JOB_COLS " FROM jobs WHERE id = ?1";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		job_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

long long job_news_mark(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "SELECT coalesce(max(id), 0) FROM posts");
	if (!st)
		return -1;
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return id;
}

int job_forget_news(struct store *s, long long after_post)
{
	static const char sql[] = "DELETE FROM jobs WHERE state = 0 AND ref > ?1"
				  " AND kind IN ('published', 'outbox_create')";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_post);
	return store_done(st);
}

int job_forget_mails_of(struct store *s, long long member, struct pool *p, long long **ids,
			size_t *n)
{
	static const char list[] = "SELECT id FROM jobs WHERE ref2 = ?1 AND kind IN ('mail',"
				   " 'mail_news', 'mail_issue')";
	static const char drop[] = "DELETE FROM jobs WHERE ref2 = ?1 AND kind IN ('mail',"
				   " 'mail_news', 'mail_issue')";
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st = store_sql(s, list);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = pool_grow(p, *ids, *n, &cap, sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || !(st = store_sql(s, drop)))
		return -1;
	sqlite3_bind_int64(st, 1, member);
	return store_done(st);
}

int job_counts(struct store *s, const char *kind_prefix, int counts[4])
{
	static const char sql[] = "SELECT state, count(*) FROM jobs WHERE substr(kind, 1,"
				  " length(?1)) = ?1 GROUP BY state";
	sqlite3_stmt *st = store_sql(s, sql);
	memset(counts, 0, 4 * sizeof(*counts));
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind_prefix, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int state = sqlite3_column_int(st, 0);
		if (state >= 0 && state < 4)
			counts[state] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
