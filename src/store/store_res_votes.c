/* store_res_votes: what members and branches do with a resolution: amendments, decisions (every
 * record kept) and endorsements. */
#include "store/store.h"
#include "store/store_int.h"
#include "store/store_resolutions.h"
#include "util/pool.h"

#include <string.h>

#define AMEND_COLS                                                                                 \
	"a.n, a.version, a.kind, a.line_from, a.line_to, a.text, a.reason,"                        \
	" coalesce(a.member_id, 0), coalesce(a.branch_id, 0), b.name, a.state, a.into_version,"    \
	" a.created, a.changed"

static void amendment_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_amendment_row *a = row;
	a->n = sqlite3_column_int(st, 0);
	a->version = sqlite3_column_int(st, 1);
	a->kind = sqlite3_column_int(st, 2);
	a->from = sqlite3_column_int(st, 3);
	a->to = sqlite3_column_int(st, 4);
	a->text = store_col_str(st, p, 5);
	a->reason = store_col_str(st, p, 6);
	a->member_id = sqlite3_column_int64(st, 7);
	a->branch_id = sqlite3_column_int64(st, 8);
	a->branch_name = store_col_str(st, p, 9);
	a->state = sqlite3_column_int(st, 10);
	a->into = sqlite3_column_int(st, 11);
	a->created = sqlite3_column_int64(st, 12);
	a->changed = sqlite3_column_int64(st, 13);
}

static void bind_id0(sqlite3_stmt *st, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

int store_res_amendment_add(struct store *s, long long id, const struct res_amendment_row *a,
			    int *n)
{
	static const char number[] = "UPDATE resolutions SET next_amendment = next_amendment + 1"
				     " WHERE id = ?1 RETURNING next_amendment - 1";
	static const char sql[] =
	    "INSERT INTO res_amendments(resolution_id, n, version, kind, line_from, line_to,"
	    " text, reason, member_id, branch_id, created)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	sqlite3_stmt *st = store_sql(s, number);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || !(st = store_sql(s, sql)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, *n);
	sqlite3_bind_int(st, 3, a->version);
	sqlite3_bind_int(st, 4, a->kind);
	sqlite3_bind_int(st, 5, a->from);
	sqlite3_bind_int(st, 6, a->to);
	sqlite3_bind_text(st, 7, a->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->reason, -1, SQLITE_STATIC);
	bind_id0(st, 9, a->member_id);
	bind_id0(st, 10, a->branch_id);
	sqlite3_bind_int64(st, 11, a->created);
	return store_done(st);
}

int store_res_amendment(struct store *s, struct pool *p, long long id, int n,
			struct res_amendment_row *out)
{
	static const char sql[] = "SELECT " AMEND_COLS " FROM res_amendments a"
				  " LEFT JOIN branches b ON b.id = a.branch_id"
				  " WHERE a.resolution_id = ?1 AND a.n = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, n);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		amendment_from(st, p, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_res_amendments(struct store *s, struct pool *p, long long id, int version,
			 struct res_amendment_row **rows, size_t *n)
{
	/* In the order of the text: an insertion after line k sits between lines k and k + 1. */
	static const char sql[] =
	    "SELECT " AMEND_COLS " FROM res_amendments a LEFT JOIN branches b ON b.id = a.branch_id"
	    " WHERE a.resolution_id = ?1 AND (?2 = 0 OR a.version = ?2)"
	    " ORDER BY a.version, CASE WHEN a.kind = 1 THEN 2 * a.line_from + 1"
	    " ELSE 2 * a.line_from END, a.n";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	return store_rows(st, p, sizeof(**rows), amendment_from, rows, n);
}

int store_res_amendment_set(struct store *s, long long id, int n, int state, int into,
			    long long now)
{
	static const char sql[] = "UPDATE res_amendments SET state = ?3, into_version = ?4,"
				  " changed = ?5 WHERE resolution_id = ?1 AND n = ?2";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, n);
	sqlite3_bind_int(st, 3, state);
	sqlite3_bind_int(st, 4, into);
	sqlite3_bind_int64(st, 5, now);
	return store_changes(s, st) == 1 ? 0 : -1;
}

int store_res_amendments_stale(struct store *s, long long id, int version, int into, long long now)
{
	static const char sql[] = "UPDATE res_amendments SET state = 3, into_version = ?3,"
				  " changed = ?4 WHERE resolution_id = ?1 AND version = ?2"
				  " AND state = 0";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	sqlite3_bind_int(st, 3, into);
	sqlite3_bind_int64(st, 4, now);
	return store_changes(s, st);
}

static void bind_votes(sqlite3_stmt *st, int i, long long v)
{
	if (v == RES_NO_VOTES)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

int store_res_decision_add(struct store *s, long long id, const struct res_decision_row *d)
{
	static const char sql[] =
	    "INSERT INTO res_decisions(resolution_id, branch_id, version, outcome, decided_on,"
	    " votes_for, votes_against, votes_abstain, amendments, note, recorded_by,"
	    " recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, d->branch_id);
	sqlite3_bind_int(st, 3, d->version);
	sqlite3_bind_int(st, 4, d->outcome);
	sqlite3_bind_text(st, 5, d->decided_on, -1, SQLITE_STATIC);
	bind_votes(st, 6, d->votes_for);
	bind_votes(st, 7, d->votes_against);
	bind_votes(st, 8, d->votes_abstain);
	sqlite3_bind_text(st, 9, d->amendments, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, d->note, -1, SQLITE_STATIC);
	bind_id0(st, 11, d->recorded_by);
	sqlite3_bind_int64(st, 12, d->recorded_at);
	return store_done(st);
}

static long long votes_col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? RES_NO_VOTES
							 : sqlite3_column_int64(st, i);
}

static void decision_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_decision_row *d = row;
	d->id = sqlite3_column_int64(st, 0);
	d->branch_id = sqlite3_column_int64(st, 1);
	d->branch_name = store_col_str(st, p, 2);
	d->version = sqlite3_column_int(st, 3);
	d->outcome = sqlite3_column_int(st, 4);
	d->decided_on = store_col_str(st, p, 5);
	d->votes_for = votes_col(st, 6);
	d->votes_against = votes_col(st, 7);
	d->votes_abstain = votes_col(st, 8);
	d->amendments = store_col_str(st, p, 9);
	d->note = store_col_str(st, p, 10);
	d->recorded_by = sqlite3_column_int64(st, 11);
	d->recorded_at = sqlite3_column_int64(st, 12);
}

int store_res_decisions(struct store *s, struct pool *p, long long id,
			struct res_decision_row **rows, size_t *n)
{
	static const char sql[] =
	    "SELECT d.id, d.branch_id, b.name, d.version, d.outcome, d.decided_on, d.votes_for,"
	    " d.votes_against, d.votes_abstain, d.amendments, d.note, coalesce(d.recorded_by, 0),"
	    " d.recorded_at FROM res_decisions d JOIN branches b ON b.id = d.branch_id"
	    " WHERE d.resolution_id = ?1 ORDER BY b.name, d.id";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_rows(st, p, sizeof(**rows), decision_from, rows, n);
}

int store_res_endorse(struct store *s, long long id, int version, long long member_id,
		      long long branch_id, long long now)
{
	static const char sql[] =
	    "INSERT INTO res_endorsements(resolution_id, version, member_id, branch_id, created)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *st = store_sql(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	/* A branch's endorsement names the branch only: one a version, whichever secretary. */
	bind_id0(st, 3, branch_id ? 0 : member_id);
	bind_id0(st, 4, branch_id);
	sqlite3_bind_int64(st, 5, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : rc == SQLITE_CONSTRAINT ? 1 : -1;
}

static void endorsement_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_endorsement_row *e = row;
	e->version = sqlite3_column_int(st, 0);
	e->member_id = sqlite3_column_int64(st, 1);
	e->branch_id = sqlite3_column_int64(st, 2);
	e->branch_name = store_col_str(st, p, 3);
	e->created = sqlite3_column_int64(st, 4);
}

int store_res_endorsements(struct store *s, struct pool *p, long long id, int version,
			   struct res_endorsement_row **rows, size_t *n)
{
	static const char sql[] =
	    "SELECT e.version, coalesce(e.member_id, 0), coalesce(e.branch_id, 0), b.name,"
	    " e.created FROM res_endorsements e LEFT JOIN branches b ON b.id = e.branch_id"
	    " WHERE e.resolution_id = ?1 AND e.version = ?2"
	    " ORDER BY e.branch_id IS NULL, b.name, e.id";
	sqlite3_stmt *st = store_sql(s, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	return store_rows(st, p, sizeof(**rows), endorsement_from, rows, n);
}

static void item_from(sqlite3_stmt *st, struct pool *p, void *row)
{
	struct res_member_item *x = row;
	x->slug = store_col_str(st, p, 0);
	x->n = sqlite3_column_int(st, 1);
	x->version = sqlite3_column_int(st, 2);
	x->state = sqlite3_column_int(st, 3);
	x->created = sqlite3_column_int64(st, 4);
}

int store_res_member_items(struct store *s, struct pool *p, long long member_id,
			   struct res_member_item **amendments, size_t *na,
			   struct res_member_item **endorsements, size_t *ne)
{
	static const char am[] =
	    "SELECT r.slug, a.n, a.version, a.state, a.created"
	    " FROM res_amendments a JOIN resolutions r ON r.id = a.resolution_id"
	    " WHERE a.member_id = ?1 ORDER BY a.created, a.n";
	static const char en[] =
	    "SELECT r.slug, 0, e.version, 0, e.created"
	    " FROM res_endorsements e JOIN resolutions r ON r.id = e.resolution_id"
	    " WHERE e.member_id = ?1 ORDER BY e.id";
	sqlite3_stmt *st = store_sql(s, am);
	*na = *ne = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	if (store_rows(st, p, sizeof(**amendments), item_from, amendments, na) != 0 ||
	    !(st = store_sql(s, en)))
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	return store_rows(st, p, sizeof(**endorsements), item_from, endorsements, ne);
}
