/* member: subscribing, confirming, signing in by link, unsubscribing, and the officer's work,
 * on sealed emails and names, with rate limits and the audit log. */
#include "member/member.h"
#include "store/store_audit.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "job/job.h"
#include "job/worker.h"
#include "mail/address.h"
#include "mail/message.h"
#include "member/audit.h"
#include "store/store.h"
#include "store/store_resolutions.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Tries an hour from one address, and for one email. */
#define PER_ADDRESS_HOUR 30
#define PER_EMAIL_HOUR 3

const char *member_mail_from(struct member_ctx *c)
{
	if (c->site->mail_from[0])
		return c->site->mail_from;
	const char *h = strstr(c->base_url, "://");
	h = h ? h + 3 : c->base_url;
	size_t n = strcspn(h, ":/");
	const char *host = pool_strndup(c->p, h, n);
	/* A bare name (localhost) is not a mail domain. */
	return pool_printf(c->p, "noreply@%s%s", host, strchr(host, '.') ? "" : ".invalid");
}

int member_mail(struct member_ctx *c, long long member, const char *to, const char *subject,
		const char *text, const char *html, const char *unsubscribe, const char *dedupe,
		char *err, size_t errlen)
{
	unsigned char rnd[9];
	char id[13];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(id, sizeof(id), rnd, sizeof(rnd),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	const char *from = member_mail_from(c);
	struct mail_message m = {
	    .from_name = c->site->title,
	    .from_addr = from,
	    .to = to,
	    .subject = subject,
	    .text = text,
	    .html = html,
	    .unsubscribe = unsubscribe,
	    .message_id = pool_printf(c->p, "<%lld.%s@%s>", c->now, id, strchr(from, '@') + 1),
	    .date = c->now,
	};
	/* The queue keeps "recipient\nsender\n" and the message, sealed: it holds an email. */
	struct buf plain = {0}, sealed = {0};
	buf_printf(&plain, "%s\n%s\n", to, from);
	int rc = mail_build(&m, &plain, err, errlen) == 0 ? 0 : -2;
	if (rc == 0) {
		seal_text(c->k, SEAL_PLACE_MAIL, plain.data, plain.len, &sealed);
		rc = job_add(c->s, "mail", 0, member, sealed.data, sealed.len, c->now, dedupe) < 0
			 ? -1
			 : 0;
		if (rc != 0)
			snprintf(err, errlen, "the mail could not be queued");
	}
	sodium_memzero(plain.data, plain.len);
	buf_free(&plain);
	buf_free(&sealed);
	return rc;
}

/* A one-line name of at most MEMBER_NAME_MAX bytes, or "". */
static int name_ok(const char *name)
{
	size_t n = strlen(name);
	return n <= MEMBER_NAME_MAX && utf8_valid(name, n, NULL) && !strpbrk(name, "\r\n\t");
}

/* Counts a try under both keys and says whether either is over its limit. */
static int rate_limited(struct member_ctx *c, const char *what, const char *email)
{
	/* The email's own index for limits: the rows tell nothing about the member list. */
	unsigned char bidx[SEAL_INDEX_BYTES];
	seal_email_index(c->k, SEAL_INDEX_LIMITS, email, bidx);
	char hex[65], key_e[96], key_a[96];
	sodium_bin2hex(hex, sizeof(hex), bidx, 32);
	snprintf(key_e, sizeof(key_e), "%s:e:%s", what, hex);
	snprintf(key_a, sizeof(key_a), "%s:a:%s", what, c->addr ? c->addr : "-");
	int e = store_rate_count(c->s, key_e, c->now - 3600);
	int a = c->addr ? store_rate_count(c->s, key_a, c->now - 3600) : 0;
	if (e < 0 || a < 0)
		return -1;
	if (e >= PER_EMAIL_HOUR || a >= PER_ADDRESS_HOUR)
		return 1;
	if (store_rate_add(c->s, key_e, c->now) != 0 ||
	    (c->addr && store_rate_add(c->s, key_a, c->now) != 0))
		return -1;
	return 0;
}

/* A new one-time link of purpose for member id: its token into tok. */
static int new_link(struct member_ctx *c, long long id, const char *purpose, long long life,
		    char tok[AUTH_TOKEN_LEN + 1])
{
	unsigned char h[32];
	auth_token_new(tok);
	auth_token_hash(tok, h);
	return store_member_token_add(c->s, h, id, purpose, c->now + life);
}

/* Queues a mail with one link to member id. A message that cannot be built (a header the site's
 * settings make too long, say) is said on the server's log and not sent, and the form answers
 * as it would have: the page must not tell a known address from an unknown one. */
static int mail_link(struct member_ctx *c, long long id, const char *to, const char *subject,
		     const char *intro, const char *url, const char *after)
{
	struct buf text = {0}, html = {0};
	char err[256];
	buf_printf(&text, "%s\n\n%s\n\n%s\n\n-- \n%s\n%s\n", intro, url, after, c->site->title,
		   c->base_url);
	buf_puts(&html, "<!DOCTYPE html><html><body><p>");
	esc_html(&html, intro, strlen(intro));
	buf_puts(&html, "</p><p><a href=\"");
	esc_href(&html, url, strlen(url));
	buf_puts(&html, "\">");
	esc_html(&html, url, strlen(url));
	buf_puts(&html, "</a></p><p>");
	esc_html(&html, after, strlen(after));
	buf_puts(&html, "</p></body></html>");
	int rc =
	    member_mail(c, id, to, subject, text.data, html.data, NULL, NULL, err, sizeof(err));
	buf_free(&text);
	buf_free(&html);
	if (rc == -2) {
		fprintf(stderr, "broadside: a mail to member #%lld was not sent: %s\n", id, err);
		rc = 0;
	}
	return rc;
}

/* The start of an anonymous form's work: in a new transaction, the try counted against the
 * email and the client address, then the member the address names. MEMBER_OK with *found
 * (0 known, 1 not) and the transaction open; any other result with it ended. */
static enum member_result begin_try(struct member_ctx *c, const char *what, const char *email,
				    unsigned char bidx[32], struct member_row *m, int *found)
{
	seal_email_index(c->k, SEAL_INDEX_MEMBERS, email, bidx);
	if (store_begin(c->s) != 0)
		return MEMBER_ERROR;
	int lim = rate_limited(c, what, email);
	if (lim != 0) {
		if (lim > 0 && store_commit_quiet(c->s) == 0)
			return MEMBER_SLOW_DOWN;
		store_rollback(c->s);
		return MEMBER_ERROR;
	}
	*found = store_member_by_index(c->s, c->p, bidx, m);
	if (*found < 0) {
		store_rollback(c->s);
		return MEMBER_ERROR;
	}
	return MEMBER_OK;
}

/* Adds someone with their email and name sealed to the new row: 0 and *id, 1 when the email
 * is known already (*id is that member), -1 on error. Inside the caller's transaction. */
static int add_sealed(struct member_ctx *c, const char *email, const char *name,
		      const unsigned char bidx[32], int state, long long *id)
{
	int rc = store_member_add(c->s, bidx, state, c->now, id);
	if (rc != 0)
		return rc;
	char place[SEAL_PLACE_MAX];
	struct buf ect = {0}, nct = {0};
	seal_text(c->k, seal_place(place, "members.email", *id), email, strlen(email), &ect);
	rc = store_member_set_email(c->s, *id, ect.data, ect.len);
	if (rc == 0 && *name) {
		seal_text(c->k, seal_place(place, "members.name", *id), name, strlen(name), &nct);
		rc = store_member_set_name(c->s, *id, nct.data, nct.len);
	}
	buf_free(&ect);
	buf_free(&nct);
	return rc ? -1 : 0;
}

enum member_result member_subscribe(struct member_ctx *c, const char *email, const char *name)
{
	if (!c->site->url[0])
		return MEMBER_NOT_READY;
	if (!mail_address_valid(email))
		return MEMBER_BAD_EMAIL;
	if (!name_ok(name))
		return MEMBER_BAD_NAME;
	unsigned char bidx[32];
	struct member_row m;
	int rc;
	enum member_result mr = begin_try(c, "subscribe", email, bidx, &m, &rc);
	if (mr != MEMBER_OK)
		return mr;
	char tok[AUTH_TOKEN_LEN + 1];
	if (rc == 1) {
		rc = add_sealed(c, email, name, bidx, MEMBER_PENDING, &m.id) != 0;
		m.state = MEMBER_PENDING;
	}
	if (rc == 0 && m.state == MEMBER_PENDING)
		rc = new_link(c, m.id, "confirm", MEMBER_CONFIRM_SECONDS, tok) ||
		     mail_link(c, m.id, email,
			       pool_printf(c->p, "Confirm your subscription to %s", c->site->title),
			       pool_printf(c->p,
					   "Someone, probably you, asked to get the posts of %s by "
					   "email. Open this link to confirm (it lasts two days):",
					   c->site->title),
			       pool_printf(c->p, "%s/members/confirm/%s", c->base_url, tok),
			       "If it was not you, ignore this mail: nothing is sent without the "
			       "confirmation.");
	else if (rc == 0)
		/* Known already: a sign-in link, so the answer on the page stays the same. */
		rc = new_link(c, m.id, "signin", MEMBER_SIGNIN_SECONDS, tok) ||
		     mail_link(c, m.id, email,
			       pool_printf(c->p, "You are subscribed to %s", c->site->title),
			       "You asked to subscribe, and this address is subscribed already. To "
			       "manage your subscription, sign in with this link (it works once, "
			       "for 15 minutes):",
			       pool_printf(c->p, "%s/members/signin/%s", c->base_url, tok),
			       "If it was not you, ignore this mail.");
	if (rc != 0 || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return MEMBER_ERROR;
	}
	job_wake();
	return MEMBER_OK;
}

static int start_session(struct member_ctx *c, long long id, char *session)
{
	unsigned char h[32];
	auth_token_new(session);
	auth_token_hash(session, h);
	return store_member_session_add(c->s, h, id, c->now + MEMBER_SESSION_SECONDS);
}

enum member_result member_confirm(struct member_ctx *c, const char *token, char *session)
{
	unsigned char h[32];
	long long id;
	if (!auth_token_shape(token))
		return MEMBER_NO_LINK;
	auth_token_hash(token, h);
	if (store_begin(c->s) != 0)
		return MEMBER_ERROR;
	int rc = store_member_token_take(c->s, h, "confirm", c->now, &id);
	struct member_row m;
	if (rc == 0)
		rc = store_member_get(c->s, c->p, id, &m);
	if (rc == 0 && m.state == MEMBER_PENDING)
		rc = store_member_set_state(c->s, id, MEMBER_SUBSCRIBER, c->now);
	if (rc == 0)
		rc = start_session(c, id, session);
	if (rc != 0 || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	}
	return MEMBER_OK;
}

enum member_result member_signin_request(struct member_ctx *c, const char *email)
{
	if (!c->site->url[0])
		return MEMBER_NOT_READY;
	if (!mail_address_valid(email))
		return MEMBER_BAD_EMAIL;
	unsigned char bidx[32];
	struct member_row m;
	int rc;
	enum member_result mr = begin_try(c, "signin", email, bidx, &m, &rc);
	if (mr != MEMBER_OK)
		return mr;
	char tok[AUTH_TOKEN_LEN + 1];
	if (rc == 0 && m.state >= MEMBER_SUBSCRIBER)
		rc = new_link(c, m.id, "signin", MEMBER_SIGNIN_SECONDS, tok) ||
		     mail_link(c, m.id, email, pool_printf(c->p, "Sign in to %s", c->site->title),
			       "Open this link to sign in (it works once, for 15 minutes):",
			       pool_printf(c->p, "%s/members/signin/%s", c->base_url, tok),
			       "If you did not ask for it, ignore this mail: nobody can sign in "
			       "without the link.");
	else if (rc == 1)
		rc = 0; /* nobody with that address: the same answer, and no mail */
	if (rc != 0 || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return MEMBER_ERROR;
	}
	job_wake();
	return MEMBER_OK;
}

enum member_result member_signin(struct member_ctx *c, const char *token, char *session)
{
	unsigned char h[32];
	long long id;
	if (!auth_token_shape(token))
		return MEMBER_NO_LINK;
	auth_token_hash(token, h);
	if (store_begin(c->s) != 0)
		return MEMBER_ERROR;
	int rc = store_member_token_take(c->s, h, "signin", c->now, &id);
	if (rc == 0)
		rc = start_session(c, id, session);
	if (rc != 0 || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	}
	return MEMBER_OK;
}

int member_session(struct member_ctx *c, const char *cookie, struct member_row *out)
{
	unsigned char h[32];
	if (!auth_token_shape(cookie))
		return 1;
	auth_token_hash(cookie, h);
	return store_member_session_get(c->s, c->p, h, c->now, out);
}

int member_signout(struct member_ctx *c, const char *cookie, long long everywhere_of)
{
	unsigned char h[32];
	if (!auth_token_shape(cookie))
		return 0;
	auth_token_hash(cookie, h);
	if (store_begin(c->s) != 0 || store_member_session_delete(c->s, h) != 0 ||
	    (everywhere_of && store_member_sessions_end(c->s, everywhere_of) != 0) ||
	    store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return -1;
	}
	return 0;
}

enum member_result member_unsubscribe(struct member_ctx *c, long long id, const char *token)
{
	if (!seal_member_link_ok(c->k, "unsubscribe", id, token))
		return MEMBER_NO_LINK;
	struct member_row m;
	int rc = store_member_get(c->s, c->p, id, &m);
	if (rc != 0)
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	if (store_begin(c->s) != 0 || store_member_set_prefs(c->s, id, 0, m.show_name) != 0 ||
	    store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return MEMBER_ERROR;
	}
	return MEMBER_OK;
}

const char *member_email(struct member_ctx *c, const struct member_row *m)
{
	char place[SEAL_PLACE_MAX];
	return seal_open(c->k, seal_place(place, "members.email", m->id), m->email_ct, m->email_len,
			 c->p);
}

const char *member_name(struct member_ctx *c, const struct member_row *m)
{
	char place[SEAL_PLACE_MAX];
	const char *n = m->name_ct ? seal_open(c->k, seal_place(place, "members.name", m->id),
					       m->name_ct, m->name_len, c->p)
				   : NULL;
	return n ? n : "";
}

static const char *state_name(int state)
{
	return state == MEMBER_MEMBER	    ? "member"
	       : state == MEMBER_SUBSCRIBER ? "subscriber"
					    : "pending";
}

static json_t *date_json(long long t)
{
	char iso[32];
	if (!t)
		return json_null();
	iso_date_format(t, iso);
	return json_string(iso);
}

enum member_result member_export(struct member_ctx *c, long long id, struct buf *out)
{
	struct member_row m;
	int rc = store_member_get(c->s, c->p, id, &m);
	if (rc != 0)
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	const char *email = member_email(c, &m);
	struct branch_row *b;
	int *sec;
	size_t nb;
	if (!email || store_member_branches(c->s, c->p, id, &b, &sec, &nb) != 0)
		return MEMBER_ERROR;
	json_t *o = json_object(), *branches = json_array();
	json_object_set_new(o, "email", json_string(email));
	json_object_set_new(o, "name", json_string(member_name(c, &m)));
	json_object_set_new(o, "state", json_string(state_name(m.state)));
	json_object_set_new(o, "newsletter", json_boolean(m.newsletter));
	json_object_set_new(o, "name_shown_on_endorsements", json_boolean(m.show_name));
	json_object_set_new(o, "created", date_json(m.created));
	json_object_set_new(o, "confirmed", date_json(m.confirmed));
	json_object_set_new(o, "admitted", date_json(m.admitted));
	for (size_t i = 0; i < nb; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "branch", json_string(b[i].name));
		json_object_set_new(e, "secretary", json_boolean(sec[i]));
		json_array_append_new(branches, e);
	}
	json_object_set_new(o, "branches", branches);
	/* What the audit log says of them. */
	struct audit_row *ar;
	size_t nar;
	json_t *audit = json_array();
	if (store_audit_seen_by(c->s, c->p, id, 100000, &ar, &nar) != 0) {
		json_decref(o);
		json_decref(audit);
		return MEMBER_ERROR;
	}
	for (size_t i = 0; i < nar; i++) {
		if (ar[i].subject != id)
			continue;
		json_t *e = json_object();
		json_object_set_new(e, "at", date_json(ar[i].at));
		json_object_set_new(e, "by", json_string(ar[i].actor));
		json_object_set_new(e, "what", json_string(ar[i].detail));
		json_array_append_new(audit, e);
	}
	json_object_set_new(o, "audit", audit);
	/* What they proposed and endorsed on resolutions (the texts are on the public pages). */
	static const char *const amend_states[] = {"open", "withdrawn", "merged", "stale"};
	struct res_member_item *am, *en;
	size_t na, ne;
	if (store_res_member_items(c->s, c->p, id, &am, &na, &en, &ne) != 0) {
		json_decref(o);
		return MEMBER_ERROR;
	}
	json_t *amendments = json_array(), *endorsements = json_array();
	for (size_t i = 0; i < na; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "resolution", json_string(am[i].slug));
		json_object_set_new(e, "amendment", json_integer(am[i].n));
		json_object_set_new(e, "version", json_integer(am[i].version));
		json_object_set_new(e, "state",
				    json_string(am[i].state >= 0 && am[i].state < 4
						    ? amend_states[am[i].state]
						    : "?"));
		json_object_set_new(e, "created", date_json(am[i].created));
		json_array_append_new(amendments, e);
	}
	for (size_t i = 0; i < ne; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "resolution", json_string(en[i].slug));
		json_object_set_new(e, "version", json_integer(en[i].version));
		json_object_set_new(e, "created", date_json(en[i].created));
		json_array_append_new(endorsements, e);
	}
	json_object_set_new(o, "amendments", amendments);
	json_object_set_new(o, "endorsements", endorsements);
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s)
		return MEMBER_ERROR;
	buf_puts(out, s);
	buf_putc(out, '\n');
	sodium_memzero(s, strlen(s));
	free(s);
	if (store_begin(c->s) != 0 ||
	    audit_add(c->s, c->k, c->now, pool_printf(c->p, "member #%lld", id), "export", id,
		      "exported their own data") != 0 ||
	    store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return MEMBER_ERROR;
	}
	return MEMBER_OK;
}

/* The limits' rows counted for an email, which would say for a while that someone tried. */
static int forget_tries(struct member_ctx *c, const char *email)
{
	static const char *const forms[] = {"subscribe", "signin"};
	unsigned char bidx[SEAL_INDEX_BYTES];
	char hex[65], key[96];
	seal_email_index(c->k, SEAL_INDEX_LIMITS, email, bidx);
	sodium_bin2hex(hex, sizeof(hex), bidx, sizeof(bidx));
	for (size_t i = 0; i < 2; i++) {
		snprintf(key, sizeof(key), "%s:e:%s", forms[i], hex);
		if (store_rate_forget(c->s, key) != 0)
			return -1;
	}
	return 0;
}

enum member_result member_delete(struct member_ctx *c, long long id, const char *actor)
{
	struct member_row m;
	int rc = store_member_get(c->s, c->p, id, &m);
	if (rc != 0)
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	const char *email = member_email(c, &m);
	long long *jobs;
	size_t njobs = 0;
	if (store_begin(c->s) != 0)
		return MEMBER_ERROR;
	/* With the member go the mails queued for them (and sent ones still in the outbox) and
	 * the counted tries of their address. */
	rc =
	    job_forget_mails_of(c->s, id, c->p, &jobs, &njobs) || (email && forget_tries(c, email));
	if (rc == 0)
		rc = store_member_delete(c->s, id);
	if (rc == 0)
		rc = audit_add(c->s, c->k, c->now, actor, "delete", id,
			       "the member and their data were deleted");
	/* A full commit: pages that named them (resolutions) are dropped from every cache. */
	if (rc != 0 || store_commit(c->s) != 0) {
		store_rollback(c->s);
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	}
	for (size_t i = 0; c->data_dir && i < njobs; i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/outbox/%lld.eml", c->data_dir, jobs[i]);
		unlink(path);
	}
	return MEMBER_OK;
}

enum member_result member_set_state(struct member_ctx *c, long long id, int state,
				    const char *actor)
{
	if (state < MEMBER_SUBSCRIBER || state > MEMBER_MEMBER)
		return MEMBER_ERROR;
	if (store_begin(c->s) != 0)
		return MEMBER_ERROR;
	struct member_row m;
	int rc = store_member_get(c->s, c->p, id, &m);
	if (rc == 0 && m.state == MEMBER_PENDING) {
		/* Only the address's owner confirms it, by the link mailed to them. */
		store_rollback(c->s);
		return MEMBER_UNCONFIRMED;
	}
	if (rc == 0 && m.state != state)
		rc = store_member_set_state(c->s, id, state, c->now) ||
		     audit_add(c->s, c->k, c->now, actor,
			       state == MEMBER_MEMBER ? "admit" : "demote", id,
			       state == MEMBER_MEMBER ? "admitted as a member"
						      : "made a subscriber, no longer a member");
	/* A subscriber is in no branch, and is nobody's secretary. */
	if (rc == 0 && state < MEMBER_MEMBER && m.state == MEMBER_MEMBER)
		rc = store_member_unbranch(c->s, id) != 0;
	if (rc != 0 || store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	}
	return MEMBER_OK;
}

enum member_result member_branch(struct member_ctx *c, long long id, long long branch_id, int in,
				 int secretary, const char *actor)
{
	/* Committed in full: resolutions' pages name members by their branch. */
	struct branch_row b;
	if (store_begin(c->s) != 0)
		return MEMBER_ERROR;
	struct member_row m;
	int rc = store_member_get(c->s, c->p, id, &m);
	if (rc == 0)
		rc = store_branch_get(c->s, c->p, branch_id, &b);
	if (rc == 0)
		rc = in ? store_branch_put(c->s, branch_id, id, secretary)
			: store_branch_drop(c->s, branch_id, id) < 0;
	if (rc == 0)
		rc = audit_add(c->s, c->k, c->now, actor, in ? "branch" : "unbranch", id,
			       in ? pool_printf(c->p, "placed in %s%s", b.name,
						secretary ? " as a secretary" : "")
				  : pool_printf(c->p, "taken out of %s", b.name));
	if (rc != 0 || store_commit(c->s) != 0) {
		store_rollback(c->s);
		return rc > 0 ? MEMBER_NO_LINK : MEMBER_ERROR;
	}
	return MEMBER_OK;
}

const char *member_reveal(struct member_ctx *c, long long id, const char *actor)
{
	struct member_row m;
	if (store_member_get(c->s, c->p, id, &m) != 0)
		return NULL;
	const char *email = member_email(c, &m);
	if (!email)
		return NULL;
	if (store_begin(c->s) != 0 ||
	    audit_add(c->s, c->k, c->now, actor, "reveal", id, "looked at an email") != 0 ||
	    store_commit_quiet(c->s) != 0) {
		store_rollback(c->s);
		return NULL;
	}
	return email;
}

int member_add(struct member_ctx *c, const char *email, const char *name, int state,
	       const char *actor, long long *id)
{
	if (!mail_address_valid(email) || !name_ok(name))
		return -1;
	unsigned char bidx[32];
	seal_email_index(c->k, SEAL_INDEX_MEMBERS, email, bidx);
	int rc = add_sealed(c, email, name, bidx, state, id);
	if (rc == 0)
		rc = audit_add(c->s, c->k, c->now, actor, "add", *id,
			       pool_printf(c->p, "added as a %s", state_name(state)))
			 ? -1
			 : 0;
	if (rc == 0 && state == MEMBER_MEMBER)
		rc = store_member_set_state(c->s, *id, state, c->now);
	return rc;
}
