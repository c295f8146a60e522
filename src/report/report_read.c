/* report_read: the committee's side: a report's key opened with the member's unlocked key (it
 * never leaves locked memory), the report read, answered, marked, and shared or taken away. */
#include "report/report.h"
#include "report/committee.h"
#include "report/report_int.h"
#include "report/report_log.h"
#include "report/unlock.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "util/buf.h"
#include "util/pool.h"

#include <sodium.h>
#include <string.h>

const char *report_state_name(int state)
{
	return state == REPORT_IN_HAND ? "in hand" : state == REPORT_CLOSED ? "closed" : "new";
}

int report_list(struct report_ctx *c, long long user, struct report_row **rows, size_t *n)
{
	return store_reports_for(c->s, c->p, user, REPORT_LIST_MAX, rows, n);
}

/* The report and its secret key (in locked memory: sodium_free it), opened with the member's
 * unlocked key. */
static enum report_result open_key(struct report_ctx *c, const struct report_member *m,
				   long long id, struct report_row *r, unsigned char **sk)
{
	*sk = NULL;
	int rc = store_report_for(c->s, c->p, id, m->user, r);
	if (rc != 0)
		return rc == 1 ? REPORT_NONE : REPORT_ERROR;
	if (!unlock_until(m->session, m->user, c->now))
		return REPORT_LOCKED;
	if (!r->sealed_sk || r->sealed_sk_len != RC_SK + RC_SEAL || !(*sk = sodium_malloc(RC_SK)))
		return REPORT_ERROR;
	rc = unlock_open(m->session, m->user, c->now, r->sealed_sk, r->sealed_sk_len, *sk);
	if (rc == 0 && rc_pair_ok(r->pk, *sk))
		return REPORT_OK;
	sodium_free(*sk);
	*sk = NULL;
	return rc == 1 ? REPORT_LOCKED : REPORT_ERROR;
}

static const char *actor(struct report_ctx *c, const struct report_member *m)
{
	return pool_printf(c->p, "@%s", m->handle);
}

/* Logs an opening once a day a member and report (its own transaction; a failure to log is
 * not a failure to read, but is said on stderr by nobody: the page still shows). */
static int log_once(struct report_ctx *c, const struct report_member *m, long long id,
		    const char *action, const char *detail)
{
	char day[11];
	committee_day(c->now, day);
	const char *who = actor(c, m);
	int has = store_committee_log_has(c->s, day, who, action, id);
	if (has != 0)
		return has < 0 ? -1 : 0;
	if (store_begin(c->s) != 0)
		return -1;
	if (report_log_add(c->s, c->k, day, who, action, id, detail) != 0 ||
	    store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return -1;
	}
	return 0;
}

static enum report_result read_all(struct report_ctx *c, const unsigned char *sk,
				   struct report_view *out)
{
	const struct report_row *r = &out->row;
	size_t len = r->meta_len >= RC_SEAL ? r->meta_len - RC_SEAL : 0;
	const char *meta = report_open_text(r->pk, sk, r->meta, r->meta_len, c->p);
	if (!meta ||
	    report_meta_read(meta, len, c->p, &out->contact, out->excluded, &out->nexcluded) != 0)
		return REPORT_ERROR;
	struct report_message_row *rows;
	size_t n;
	if (store_report_messages(c->s, c->p, r->id, &rows, &n) != 0 ||
	    store_report_readers(c->s, c->p, r->id, &out->readers, &out->nreaders) != 0)
		return REPORT_ERROR;
	out->messages = pool_zalloc(c->p, (n ? n : 1) * sizeof(*out->messages));
	for (size_t i = 0; i < n; i++) {
		const char *plain =
		    report_open_text(r->pk, sk, rows[i].for_committee, rows[i].committee_len, c->p);
		const char *nl = plain ? strchr(plain, '\n') : NULL;
		if (!nl)
			return REPORT_ERROR;
		struct report_message *msg = &out->messages[out->nmessages++];
		memcpy(msg->day, rows[i].day, sizeof(msg->day));
		msg->from_committee = rows[i].from_committee;
		msg->author = pool_strndup(c->p, plain, (size_t)(nl - plain));
		msg->text = nl + 1;
	}
	out->files = pool_zalloc(c->p, (size_t)(r->files > 0 ? r->files : 1) * sizeof(*out->files));
	for (int i = 0; i < r->files; i++) {
		const unsigned char *sealed;
		size_t slen;
		if (store_report_file(c->s, c->p, r->id, i + 1, &sealed, &slen) != 0 ||
		    slen < RC_SEAL)
			return REPORT_ERROR;
		unsigned char *plain = pool_alloc(c->p, slen - RC_SEAL + 1);
		if (rc_open(r->pk, sk, sealed, slen, plain) != 0 ||
		    report_file_read(plain, slen - RC_SEAL, c->p, &out->files[i]) != 0)
			return REPORT_ERROR;
		out->files[i].data = NULL;
	}
	return REPORT_OK;
}

enum report_result report_open(struct report_ctx *c, const struct report_member *m, long long id,
			       struct report_view *out)
{
	memset(out, 0, sizeof(*out));
	unsigned char *sk;
	enum report_result res = open_key(c, m, id, &out->row, &sk);
	if (res != REPORT_OK)
		return res;
	res = read_all(c, sk, out);
	sodium_free(sk);
	if (res == REPORT_OK && log_once(c, m, id, "opened", "opened the report") != 0)
		res = REPORT_ERROR;
	return res;
}

enum report_result report_open_file(struct report_ctx *c, const struct report_member *m,
				    long long id, long long n, struct report_file *out)
{
	struct report_row r;
	unsigned char *sk;
	enum report_result res = open_key(c, m, id, &r, &sk);
	if (res != REPORT_OK)
		return res;
	const unsigned char *sealed;
	size_t slen;
	int rc = n >= 1 && n <= r.files ? store_report_file(c->s, c->p, id, n, &sealed, &slen) : 1;
	if (rc != 0 || slen < RC_SEAL) {
		res = rc == 1 ? REPORT_NONE : REPORT_ERROR;
	} else {
		unsigned char *plain = pool_alloc(c->p, slen - RC_SEAL + 1);
		if (rc_open(r.pk, sk, sealed, slen, plain) != 0 ||
		    report_file_read(plain, slen - RC_SEAL, c->p, out) != 0)
			res = REPORT_ERROR;
	}
	sodium_free(sk);
	if (res == REPORT_OK &&
	    log_once(c, m, id, pool_printf(c->p, "opened file %lld", n),
		     pool_printf(c->p, "opened the report's file %lld", n)) != 0)
		res = REPORT_ERROR;
	return res;
}

/* One change to a report by a member, in one transaction: the key is opened first (so only
 * a reader with an unlocked key acts), then fn does the change and says what to log. */
typedef enum report_result (*change_fn)(struct report_ctx *c, const struct report_member *m,
					struct report_row *r, const unsigned char *sk,
					const void *arg, const char **action, const char **detail);

static enum report_result change(struct report_ctx *c, const struct report_member *m, long long id,
				 change_fn fn, const void *arg)
{
	struct report_row r;
	unsigned char *sk;
	if (store_begin(c->s) != 0)
		return REPORT_ERROR;
	enum report_result res = open_key(c, m, id, &r, &sk);
	const char *action = NULL, *detail = NULL;
	char day[11];
	committee_day(c->now, day);
	if (res == REPORT_OK) {
		res = fn(c, m, &r, sk, arg, &action, &detail);
		sodium_free(sk);
	}
	if (res == REPORT_OK &&
	    report_log_add(c->s, c->k, day, actor(c, m), action, id, detail) != 0)
		res = REPORT_ERROR;
	if (res != REPORT_OK || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return res == REPORT_OK ? REPORT_ERROR : res;
	}
	return REPORT_OK;
}

static enum report_result do_reply(struct report_ctx *c, const struct report_member *m,
				   struct report_row *r, const unsigned char *sk, const void *arg,
				   const char **action, const char **detail)
{
	const char *text = arg;
	(void)sk;
	int held = store_report_message_count(c->s, r->id);
	if (held < 0 || held >= REPORT_MESSAGES_MAX)
		return held < 0 ? REPORT_ERROR : REPORT_FULL;
	char day[11];
	committee_day(c->now, day);
	struct buf fc = {0}, fr = {0};
	report_seal_message(r, actor(c, m), text, &fc, &fr);
	int bad =
	    store_report_message_add(c->s, r->id, day, 1, fc.data, fc.len, fr.data, fr.len) != 0 ||
	    store_report_touch(c->s, r->id, day) != 0;
	buf_free(&fc);
	buf_free(&fr);
	*action = "replied";
	*detail = "replied to the reporter";
	return bad ? REPORT_ERROR : REPORT_OK;
}

enum report_result report_reply(struct report_ctx *c, const struct report_member *m, long long id,
				const char *text)
{
	if (strlen(text) > REPORT_MESSAGE_MAX || text[strspn(text, " \t\r\n")] == '\0')
		return REPORT_REFUSED;
	return change(c, m, id, do_reply, report_text_lf(text, c->p));
}

static enum report_result do_mark(struct report_ctx *c, const struct report_member *m,
				  struct report_row *r, const unsigned char *sk, const void *arg,
				  const char **action, const char **detail)
{
	int state = *(const int *)arg;
	(void)m;
	(void)sk;
	*action = "marked";
	*detail = pool_printf(c->p, "marked it %s", report_state_name(state));
	return store_report_set_state(c->s, r->id, state) == 0 ? REPORT_OK : REPORT_ERROR;
}

enum report_result report_mark(struct report_ctx *c, const struct report_member *m, long long id,
			       int state)
{
	if (state < REPORT_NEW || state > REPORT_STATE_LAST)
		return REPORT_REFUSED;
	return change(c, m, id, do_mark, &state);
}

/* The members the reporter left out, read from the sealed meta. */
static int excluded_of(struct report_ctx *c, const struct report_row *r, const unsigned char *sk,
		       long long ids[COMMITTEE_MAX], size_t *n)
{
	const char *meta = report_open_text(r->pk, sk, r->meta, r->meta_len, c->p);
	const char *contact;
	return meta ? report_meta_read(meta, strlen(meta), c->p, &contact, ids, n) : -1;
}

static enum report_result do_grant(struct report_ctx *c, const struct report_member *m,
				   struct report_row *r, const unsigned char *sk, const void *arg,
				   const char **action, const char **detail)
{
	long long to = *(const long long *)arg;
	long long excluded[COMMITTEE_MAX];
	size_t nex;
	struct committee_row who;
	(void)m;
	if (excluded_of(c, r, sk, excluded, &nex) != 0)
		return REPORT_ERROR;
	for (size_t i = 0; i < nex; i++)
		if (excluded[i] == to)
			return REPORT_REFUSED;
	int rc = store_committee_get(c->s, c->p, to, &who);
	if (rc != 0 || !who.joined)
		return rc < 0 ? REPORT_ERROR : REPORT_REFUSED;
	struct buf sealed = {0};
	rc_seal(who.pk, sk, RC_SK, &sealed);
	rc = store_report_key_add(c->s, r->id, to, sealed.data, sealed.len);
	buf_free(&sealed);
	*action = "granted";
	*detail = pool_printf(c->p, "granted @%s access to the report", who.handle);
	return rc == 0 ? REPORT_OK : rc == 1 ? REPORT_REFUSED : REPORT_ERROR;
}

enum report_result report_grant(struct report_ctx *c, const struct report_member *m, long long id,
				long long to)
{
	return change(c, m, id, do_grant, &to);
}

static enum report_result do_revoke(struct report_ctx *c, const struct report_member *m,
				    struct report_row *r, const unsigned char *sk, const void *arg,
				    const char **action, const char **detail)
{
	long long from = *(const long long *)arg;
	long long *ids;
	size_t n;
	struct committee_row who;
	(void)m;
	(void)sk;
	if (store_report_readers(c->s, c->p, r->id, &ids, &n) != 0)
		return REPORT_ERROR;
	int holds = 0;
	for (size_t i = 0; i < n; i++)
		holds |= ids[i] == from;
	if (!holds || n < 2)
		return REPORT_REFUSED;
	int rc = store_committee_get(c->s, c->p, from, &who);
	if (rc != 0 || store_report_key_delete(c->s, r->id, from) != 0)
		return REPORT_ERROR;
	*action = "revoked";
	*detail = pool_printf(c->p, "took @%s's access to the report away", who.handle);
	return REPORT_OK;
}

enum report_result report_revoke(struct report_ctx *c, const struct report_member *m, long long id,
				 long long from)
{
	return change(c, m, id, do_revoke, &from);
}
