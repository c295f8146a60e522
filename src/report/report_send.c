/* report_send: the reporter's side: sending a report in one transaction, and coming back with
 * the receipt to read and to write. */
#include "report/report.h"
#include "crypto/keys.h"
#include "report/committee.h"
#include "report/report_int.h"
#include "report/report_log.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <sodium.h>
#include <string.h>

void report_seal_message(const struct report_row *r, const char *author, const char *text,
			 struct buf *for_committee, struct buf *for_reporter)
{
	struct buf plain = {0};
	buf_printf(&plain, "%s\n%s", author, text);
	rc_seal(r->pk, plain.data, plain.len, for_committee);
	rc_seal(r->reply_pk, text, strlen(text), for_reporter);
	sodium_memzero(plain.data, plain.len);
	buf_free(&plain);
}

const char *report_open_text(const unsigned char pk[RC_PK], const unsigned char *sk,
			     const unsigned char *c, size_t n, struct pool *p)
{
	if (!c || n < RC_SEAL)
		return NULL;
	size_t len = n - RC_SEAL;
	unsigned char *out = pool_alloc(p, len + 1);
	if (rc_open(pk, sk, c, n, out) != 0 || !utf8_valid((const char *)out, len, NULL)) {
		sodium_memzero(out, len + 1);
		return NULL;
	}
	out[len] = '\0';
	return (const char *)out;
}

/* A new report's number: six random digits, so that the numbers a member sees tell nothing of
 * reports they do not see. */
static long long new_id(void)
{
	return 100000 + (long long)randombytes_uniform(900000);
}

/* What is sealed before the transaction: the meta, the first message, the files. */
struct sealed_parts {
	struct buf meta, for_committee, for_reporter;
	struct buf files[REPORT_FILES_MAX];
};

static void parts_free(struct sealed_parts *sp)
{
	buf_free(&sp->meta);
	buf_free(&sp->for_committee);
	buf_free(&sp->for_reporter);
	for (size_t i = 0; i < REPORT_FILES_MAX; i++)
		buf_free(&sp->files[i]);
}

static void seal_parts(const struct report_row *r, const struct report_input *in,
		       struct sealed_parts *sp)
{
	struct buf plain = {0};
	report_meta_write(in->contact, in->excluded, in->nexcluded, &plain);
	rc_seal(r->pk, plain.data, plain.len, &sp->meta);
	sodium_memzero(plain.data, plain.len);
	buf_reset(&plain);
	report_seal_message(r, "", in->text, &sp->for_committee, &sp->for_reporter);
	for (size_t i = 0; i < in->nfiles; i++) {
		report_file_write(&in->files[i], &plain);
		rc_seal(r->pk, plain.data, plain.len, &sp->files[i]);
		sodium_memzero(plain.data, plain.len);
		buf_reset(&plain);
	}
	buf_free(&plain);
}

/* Inside the transaction: the report under a free number, its parts, a sealed key for each
 * reader who can still read reports, the notice, the log. How many readers got a key, or -1. */
static int store_parts(struct report_ctx *c, const struct report_input *in, struct report_row *r,
		       const unsigned char *sk, const struct sealed_parts *sp)
{
	int rc = 1;
	for (int tries = 0; tries < 20 && rc == 1; tries++) {
		r->id = new_id();
		rc = store_report_add(c->s, r);
	}
	if (rc != 0 || store_report_message_add(c->s, r->id, r->day, 0, sp->for_committee.data,
						sp->for_committee.len, sp->for_reporter.data,
						sp->for_reporter.len) != 0)
		return -1;
	for (size_t i = 0; i < in->nfiles; i++)
		if (store_report_file_add(c->s, r->id, (int)i + 1, sp->files[i].data,
					  sp->files[i].len) != 0)
			return -1;
	int readers = 0;
	struct buf sealed = {0}, names = {0};
	for (size_t i = 0; i < in->nreaders && rc == 0; i++) {
		struct committee_row m;
		int got = store_committee_get(c->s, c->p, in->readers[i], &m);
		if (got < 0)
			rc = -1;
		if (got != 0 || !m.joined)
			continue;
		buf_reset(&sealed);
		rc_seal(m.pk, sk, RC_SK, &sealed);
		if (store_report_key_add(c->s, r->id, m.user_id, sealed.data, sealed.len) != 0)
			rc = -1;
		buf_printf(&names, "%s@%s", readers ? ", " : "", m.handle);
		readers++;
	}
	if (rc == 0 && readers &&
	    (report_notice_queue(c->s, c->now) != 0 ||
	     report_log_add(c->s, c->k, r->day, "a reporter", "sent", r->id,
			    pool_printf(c->p, "sent a report with %d files, for %s", r->files,
					buf_str(&names))) != 0))
		rc = -1;
	buf_free(&sealed);
	buf_free(&names);
	return rc == 0 ? readers : -1;
}

enum report_result report_send(struct report_ctx *c, const struct report_input *in,
			       char receipt[RECEIPT_DIGITS + 1], long long *id)
{
	struct report_row r;
	memset(&r, 0, sizeof(r));
	committee_day(c->now, r.day);
	r.files = (int)in->nfiles;
	r.reply_ops = (long long)RC_OPS;
	r.reply_mem = (long long)RC_MEM;
	char digits[RECEIPT_DIGITS + 1];
	/* The report's secret key and the reporter's reply key, in locked memory. */
	unsigned char *sk = sodium_malloc(2 * RC_SK);
	if (!sk)
		return REPORT_ERROR;
	unsigned char *reply_sk = sk + RC_SK;
	receipt_new(digits);
	rc_lookup(c->k, digits, r.lookup);
	randombytes_buf(r.reply_salt, sizeof(r.reply_salt));
	crypto_box_keypair(r.pk, sk);
	enum report_result res = REPORT_ERROR;
	struct sealed_parts sp;
	memset(&sp, 0, sizeof(sp));
	if (rc_reply_keys(digits, r.reply_salt, RC_OPS, RC_MEM, r.reply_pk, reply_sk) == 0) {
		seal_parts(&r, in, &sp);
		r.meta = (const unsigned char *)sp.meta.data;
		r.meta_len = sp.meta.len;
		if (store_begin(c->s) == 0) {
			int readers = store_parts(c, in, &r, sk, &sp);
			if (readers > 0 && store_commit_quiet(c->s) == 0) {
				res = REPORT_OK;
			} else {
				store_rollback(c->s);
				res = readers == 0 ? REPORT_NOBODY : REPORT_ERROR;
			}
		}
	}
	parts_free(&sp);
	sodium_free(sk);
	if (res == REPORT_OK) {
		memcpy(receipt, digits, sizeof(digits));
		*id = r.id;
	}
	sodium_memzero(digits, sizeof(digits));
	return res;
}

/* The report of a receipt: REPORT_OK, REPORT_NONE, or REPORT_ERROR. */
static enum report_result by_receipt(struct report_ctx *c, const char digits[RECEIPT_DIGITS + 1],
				     struct report_row *r)
{
	unsigned char lookup[RC_LOOKUP];
	rc_lookup(c->k, digits, lookup);
	int rc = store_report_by_lookup(c->s, c->p, lookup, r);
	return rc == 0 ? REPORT_OK : rc == 1 ? REPORT_NONE : REPORT_ERROR;
}

enum report_result report_followup(struct report_ctx *c, const char digits[RECEIPT_DIGITS + 1],
				   struct report_view *out)
{
	memset(out, 0, sizeof(*out));
	enum report_result res = by_receipt(c, digits, &out->row);
	if (res != REPORT_OK)
		return res;
	struct report_message_row *rows;
	size_t n;
	if (store_report_messages(c->s, c->p, out->row.id, &rows, &n) != 0)
		return REPORT_ERROR;
	unsigned char *sk = sodium_malloc(RC_SK);
	unsigned char pk[RC_PK];
	if (!sk)
		return REPORT_ERROR;
	res = rc_reply_keys(digits, out->row.reply_salt, (unsigned long long)out->row.reply_ops,
			    (size_t)out->row.reply_mem, pk, sk) == 0 &&
		      sodium_memcmp(pk, out->row.reply_pk, RC_PK) == 0
		  ? REPORT_OK
		  : REPORT_ERROR;
	out->messages = pool_zalloc(c->p, (n ? n : 1) * sizeof(*out->messages));
	for (size_t i = 0; i < n && res == REPORT_OK; i++) {
		struct report_message *m = &out->messages[out->nmessages++];
		memcpy(m->day, rows[i].day, sizeof(m->day));
		m->from_committee = rows[i].from_committee;
		m->text =
		    report_open_text(pk, sk, rows[i].for_reporter, rows[i].reporter_len, c->p);
		if (!m->text)
			res = REPORT_ERROR;
	}
	sodium_free(sk);
	return res;
}

enum report_result report_reporter_writes(struct report_ctx *c,
					  const char digits[RECEIPT_DIGITS + 1], const char *text)
{
	struct report_row r;
	if (strlen(text) > REPORT_MESSAGE_MAX || text[strspn(text, " \t\r\n")] == '\0')
		return REPORT_REFUSED;
	if (store_begin(c->s) != 0)
		return REPORT_ERROR;
	enum report_result res = by_receipt(c, digits, &r);
	struct buf fc = {0}, fr = {0};
	if (res == REPORT_OK) {
		int n = store_report_message_count(c->s, r.id);
		res = n < 0 ? REPORT_ERROR : n >= REPORT_MESSAGES_MAX ? REPORT_FULL : REPORT_OK;
	}
	if (res == REPORT_OK) {
		char day[11];
		committee_day(c->now, day);
		report_seal_message(&r, "", report_text_lf(text, c->p), &fc, &fr);
		if (store_report_message_add(c->s, r.id, day, 0, fc.data, fc.len, fr.data,
					     fr.len) != 0 ||
		    store_report_touch(c->s, r.id, day) != 0 ||
		    report_notice_queue(c->s, c->now) != 0 ||
		    report_log_add(c->s, c->k, day, "the reporter", "wrote", r.id, "wrote again") !=
			0)
			res = REPORT_ERROR;
	}
	if (res != REPORT_OK || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		res = res == REPORT_OK ? REPORT_ERROR : res;
	}
	buf_free(&fc);
	buf_free(&fr);
	return res;
}
