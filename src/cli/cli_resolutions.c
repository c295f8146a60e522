/* cli_resolutions: `broadside resolution`: model resolutions from the shell, through the same
 * checks and rules as the browser (src/resolution), acting for the member --member names. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "resolution/res_diff.h"
#include "resolution/res_form.h"
#include "resolution/resolution.h"
#include "store/store.h"
#include "store/store_members.h"
#include "store/store_resolutions.h"
#include "store/store_users.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR "the command line"

struct open_res {
	struct store *s;
	struct press_keys *k;
	struct pool *p;
	struct site site;
	struct res_ctx c;
	struct res_row r; /* the resolution the first argument names */
};

static void close_res(struct open_res *o)
{
	pool_free(o->p);
	keys_close(o->k);
	store_close(o->s);
}

/* Opens the press (with its keys: members' names are sealed) and, when slug, the resolution. */
static int open_res(const struct cli_args *a, const char *slug, struct open_res *o)
{
	memset(o, 0, sizeof(*o));
	int rc = cli_open(a, 0, &o->s);
	if (rc != 0)
		return rc;
	if ((rc = cli_open_keys(a, o->s, &o->k)) != 0) {
		store_close(o->s);
		return rc;
	}
	o->p = pool_new();
	o->c = (struct res_ctx){.s = o->s, .k = o->k, .p = o->p, .now = clock_now()};
	if (store_site_get(o->s, o->p, &o->site) != 0) {
		close_res(o);
		return cli_fail("database: %s", store_errmsg(o->s));
	}
	if (!slug)
		return 0;
	rc = store_res_by_slug(o->s, o->p, slug, &o->r);
	if (rc != 0) {
		rc = rc > 0 ? cli_fail("there is no resolution '%s' (see 'resolution list')", slug)
			    : cli_fail("database: %s", store_errmsg(o->s));
		close_res(o);
		return rc;
	}
	return 0;
}

/* Fields for the readers of res_form.h, from options. */
struct fields {
	const char *key[24], *value[24];
	size_t n;
};

static void put(struct fields *f, const char *key, const char *value)
{
	if (value && f->n < 24) {
		f->key[f->n] = key;
		f->value[f->n++] = value;
	}
}

static const char *get(void *ud, const char *key, size_t i)
{
	const struct fields *f = ud;
	for (size_t k = 0; k < f->n; k++)
		if (strcmp(f->key[k], key) == 0 && i-- == 0)
			return f->value[k];
	return NULL;
}

/* The option a field of res_form.h comes from. */
static const char *option_of(const char *field)
{
	static const char *const map[][2] = {{"from", "--lines"},      {"to", "--lines"},
					     {"after", "--after"},     {"as", "--branch"},
					     {"for", "--for"},	       {"against", "--against"},
					     {"abstain", "--abstain"}, {"text", "the text"}};
	static char other[48];
	for (size_t i = 0; field && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], field) == 0)
			return map[i][1];
	if (!field)
		return NULL;
	snprintf(other, sizeof(other), "--%s", field);
	return other;
}

static int refused(const struct res_error *e)
{
	const char *opt = option_of(e->field);
	return opt ? cli_fail("%s: %s", opt, e->message) : cli_fail("%s", e->message);
}

/* An action's refusal (every one exits 1, a collision as a closed resolution). */
static int answer(const struct res_answer *a)
{
	if (a->status == 0)
		return 0;
	struct res_error e = {a->field, a->message};
	if (a->field &&
	    (strcmp(a->field, "from") == 0 || strcmp(a->field, "to") == 0 ||
	     strcmp(a->field, "after") == 0) &&
	    a->status == 409)
		e.field = NULL; /* the message names the collision */
	return refused(&e);
}

static int read_text(const char *path, struct buf *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return cli_fail("%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(out, chunk, n);
		if (out->len > RES_TEXT_MAX) {
			rc = cli_fail("%s: a resolution's text has at most %u bytes", path,
				      RES_TEXT_MAX);
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = cli_fail("%s: read error", path);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* A branch by name: 0 with its id as text into *id, or the exit status. */
static int branch_of(struct open_res *o, const char *name, const char **id)
{
	struct branch_row b;
	int rc = store_branch_by_name(o->s, o->p, name, &b);
	if (rc != 0)
		return rc > 0 ? cli_fail("there is no branch '%s' (see 'branch list')", name)
			      : cli_fail("database: %s", store_errmsg(o->s));
	*id = pool_printf(o->p, "%lld", b.id);
	return 0;
}

int cli_res_add(const struct cli_args *a)
{
	struct buf text = {0};
	int rc = read_text(a->pos[0], &text);
	if (rc != 0) {
		buf_free(&text);
		return rc;
	}
	struct open_res o;
	if ((rc = open_res(a, NULL, &o)) != 0) {
		buf_free(&text);
		return rc;
	}
	struct fields f = {0};
	put(&f, "title", a->title);
	put(&f, "slug", a->slug);
	put(&f, "reason", a->reason);
	put(&f, "visibility", a->visibility);
	put(&f, "deadline", a->deadline);
	put(&f, "text", buf_str(&text));
	struct res_draft_in in;
	struct res_error e;
	long long author = 0;
	struct user_row u;
	if (res_draft_read(get, &f, o.p, &in, &e) != 0) {
		rc = refused(&e);
	} else if (a->handle &&
		   store_user_get(o.s, o.p, a->handle + (a->handle[0] == '@'), &u) != 0) {
		rc =
		    cli_fail("--handle: there is no writer @%s", a->handle + (a->handle[0] == '@'));
	} else {
		author = a->handle ? u.id : 0;
		struct res_row old;
		int found = store_res_by_slug(o.s, o.p, in.slug, &old);
		struct res_answer ans;
		if (found < 0)
			rc = cli_fail("database: %s", store_errmsg(o.s));
		else if (found == 0 && old.state != RES_DRAFT)
			rc = cli_fail("/resolutions/%s has circulated: its text is permanent now; "
				      "amend it with 'resolution amend'",
				      in.slug);
		else if ((rc = answer(
			      (res_draft_save(&o.c, found == 0 ? old.id : 0, &in, author, &ans),
			       &ans))) == 0)
			printf("%s /resolutions/%s (a draft: 'resolution circulate %s' sends it "
			       "to the branches)\n",
			       found == 0 ? "updated" : "added", in.slug, in.slug);
	}
	buf_free(&text);
	close_res(&o);
	return rc;
}

static int version_arg(const char *s, int dflt, int *out)
{
	long long v;
	if (!s) {
		*out = dflt;
		return 0;
	}
	if (*s == 'v')
		s++;
	if (res_number(s, 1, 1000000, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* A draft: its title and numbered lines. */
static int show_draft(struct open_res *o)
{
	struct res_doc d;
	if (res_doc_make(o->p, o->r.draft, NULL, &d) != 0)
		return cli_fail("the draft's text cannot be read");
	printf("%s\n(a draft: not circulated yet)\n\n", o->r.title);
	for (size_t k = 0; k < d.nlines; k++) {
		const struct res_line *l = &d.lines[k];
		printf("%4zu  %.*s\n", k + 1, (int)(l->end - l->start),
		       d.paras[l->para].text + l->start);
	}
	return 0;
}

int cli_res_show(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	int n, from;
	struct buf out = {0};
	if (o.r.current == 0) {
		rc = show_draft(&o);
	} else if (version_arg(a->version, o.r.current, &n) != 0 || n > o.r.current) {
		rc = cli_fail("--version: resolution '%s' has versions 1 to %d", o.r.slug,
			      o.r.current);
	} else if (a->compare) {
		struct res_version_row va, vb;
		struct res_doc da, db;
		if (version_arg(a->compare, 0, &from) != 0 || from > o.r.current)
			rc = cli_fail("--compare: resolution '%s' has versions 1 to %d", o.r.slug,
				      o.r.current);
		else if (res_version_doc(&o.c, o.r.id, from, &va, &da) != 0 ||
			 res_version_doc(&o.c, o.r.id, n, &vb, &db) != 0 ||
			 res_diff(&da, &db, RES_DIFF_TEXT, &out) != 0)
			rc = cli_fail("database: %s", store_errmsg(o.s));
		else
			printf("Changes from version %d to version %d of %s\n\n%s", from, n,
			       o.r.title, buf_str(&out));
	} else {
		const char *url =
		    pool_printf(o.p, "%s/resolutions/%s", *o.site.url ? o.site.url : "", o.r.slug);
		if (res_export_text(&o.c, &o.r, n, o.site.title, url, &out) != 0)
			rc = cli_fail("database: %s", store_errmsg(o.s));
		else
			fputs(buf_str(&out), stdout);
	}
	buf_free(&out);
	close_res(&o);
	return rc;
}

int cli_res_list(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, NULL, &o);
	if (rc != 0)
		return rc;
	struct res_row *rows;
	size_t n;
	if (store_res_list(o.s, o.p, 1, 1, 100000, &rows, &n) != 0)
		rc = cli_fail("database: %s", store_errmsg(o.s));
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("%-11s %-7s v%-3d %3d open %3d decided  /resolutions/%s  %s\n",
		       res_state_name(rows[i].state), rows[i].visibility ? "members" : "public",
		       rows[i].current, rows[i].open_amendments, rows[i].decided, rows[i].slug,
		       rows[i].title);
	close_res(&o);
	return rc;
}

int cli_res_circulate(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	struct res_answer ans;
	res_circulate(&o.c, o.r.id, ACTOR, &ans);
	if ((rc = answer(&ans)) == 0)
		printf("/resolutions/%s circulates: version 1; a mail to every branch member is "
		       "queued ('serve' sends it)\n",
		       o.r.slug);
	close_res(&o);
	return rc;
}

/* "4-6" or "4" into from and to. */
static int lines_arg(struct pool *p, const char *s, const char **from, const char **to)
{
	const char *dash = strpbrk(s, "-–");
	if (!dash) {
		*from = *to = s;
		return 0;
	}
	*from = pool_strndup(p, s, (size_t)(dash - s));
	*to = dash + (*dash == '-' ? 1 : strlen("–"));
	return 0;
}

int cli_res_amend(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	struct res_answer ans;
	if (a->withdraw_n) {
		res_amend_withdraw(&o.c, o.r.id, (int)a->withdraw_n, a->member, &ans);
		if ((rc = answer(&ans)) == 0)
			printf("amendment A%ld of /resolutions/%s is withdrawn\n", a->withdraw_n,
			       o.r.slug);
		close_res(&o);
		return rc;
	}
	struct fields f = {0};
	const char *from = NULL, *to = NULL, *as = NULL;
	if (a->lines)
		lines_arg(o.p, a->lines, &from, &to);
	if (a->branch && (rc = branch_of(&o, a->branch, &as)) != 0) {
		close_res(&o);
		return rc;
	}
	put(&f, "version", a->version ? a->version : pool_printf(o.p, "%d", o.r.current));
	put(&f, "kind", a->kind);
	put(&f, "from", from);
	put(&f, "to", to);
	put(&f, "after", a->after);
	put(&f, "text", a->text);
	put(&f, "reason", a->reason);
	put(&f, "as", as);
	struct res_amend_in in;
	struct res_error e;
	if (res_amend_read(get, &f, o.p, &in, &e) != 0) {
		rc = refused(&e);
	} else {
		res_amend(&o.c, o.r.id, a->member, &in, &ans);
		if ((rc = answer(&ans)) == 0)
			printf("amendment A%d: %s %s of version %d of /resolutions/%s\n",
			       ans.number, res_kind_name(in.range.kind),
			       res_range_words(o.p, &in.range), in.version, o.r.slug);
	}
	close_res(&o);
	return rc;
}

int cli_res_merge(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	struct buf nums = {0};
	for (int i = 1; i < a->npos; i++)
		buf_printf(&nums, "%s ", a->pos[i]);
	struct fields f = {0};
	put(&f, "amendments", buf_str(&nums));
	int *pick;
	size_t n;
	struct res_error e;
	struct res_answer ans;
	int before = o.r.open_amendments;
	if (res_pick_read(get, &f, o.p, &pick, &n, &e) != 0) {
		rc = cli_fail("%s", e.message);
	} else {
		res_merge_amendments(&o.c, o.r.id, pick, n, a->note ? a->note : "", ACTOR, &ans);
		if ((rc = answer(&ans)) == 0)
			printf("version %d of /resolutions/%s: %zu merged, %d left stale\n",
			       ans.number, o.r.slug, n, before - (int)n);
	}
	buf_free(&nums);
	close_res(&o);
	return rc;
}

int cli_res_decide(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	const char *branch;
	if ((rc = branch_of(&o, a->branch, &branch)) != 0) {
		close_res(&o);
		return rc;
	}
	struct fields f = {0};
	put(&f, "branch", branch);
	put(&f, "version", a->version ? a->version : pool_printf(o.p, "%d", o.r.current));
	put(&f, "outcome", a->outcome);
	put(&f, "date", a->date);
	put(&f, "for", a->votes_for);
	put(&f, "against", a->votes_against);
	put(&f, "abstain", a->votes_abstain);
	put(&f, "note", a->note);
	put(&f, "amendments", a->amendments);
	struct res_decide_in in;
	struct res_error e;
	struct res_answer ans;
	if (res_decide_read(get, &f, o.p, &in, &e) != 0) {
		rc = refused(&e);
	} else {
		res_decide(&o.c, o.r.id, a->member, &in, &ans);
		if ((rc = answer(&ans)) == 0)
			printf("%s: %s (version %d, %s) recorded for /resolutions/%s\n", a->branch,
			       res_outcome_words(in.outcome), in.version, in.date, o.r.slug);
	}
	close_res(&o);
	return rc;
}

int cli_res_endorse(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	const char *branch = NULL;
	long long bid = 0;
	int version = 0;
	if (a->branch && (rc = branch_of(&o, a->branch, &branch)) == 0)
		bid = atoll(branch);
	if (rc == 0 && version_arg(a->version, o.r.current, &version) != 0)
		rc = cli_fail("--version: a version's number");
	if (rc == 0) {
		struct res_answer ans;
		res_endorse(&o.c, o.r.id, a->member, bid, version, &ans);
		if ((rc = answer(&ans)) == 0)
			printf("%s endorses version %d of /resolutions/%s\n",
			       a->branch ? a->branch : "the member", version, o.r.slug);
	}
	close_res(&o);
	return rc;
}

int cli_res_close(const struct cli_args *a)
{
	struct open_res o;
	int rc = open_res(a, a->pos[0], &o);
	if (rc != 0)
		return rc;
	struct res_answer ans;
	res_close(&o.c, o.r.id, a->withdraw, a->reason, ACTOR, &ans);
	if ((rc = answer(&ans)) == 0)
		printf("/resolutions/%s is %s; the public log says why\n", o.r.slug,
		       a->withdraw ? "withdrawn" : "closed");
	close_res(&o);
	return rc;
}
