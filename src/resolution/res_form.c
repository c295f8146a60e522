/* res_form: fields into checked structs: bounded, valid text, numbers in range, one message a
 * field. */
#include "resolution/res_form.h"
#include "post/slug.h"
#include "resolution/res_text.h"
#include "store/store.h"
#include "store/store_resolutions.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static int fail(struct res_error *e, const char *field, const char *message)
{
	e->field = field;
	e->message = message;
	return -1;
}

static const char *field(res_get_fn get, void *ud, const char *key)
{
	const char *v = get(ud, key, 0);
	return v ? v : "";
}

/* Text of at most max bytes: one line, or (multiline) lines, without other control
 * characters. */
static int text_ok(const char *s, size_t max, int multiline)
{
	size_t n = strlen(s);
	if (n > max || !utf8_valid(s, n, NULL))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r' || c == '\t') {
			if (!multiline && c != '\t')
				return 0;
		} else if (c < 0x20 || c == 0x7f) {
			return 0;
		}
	}
	return 1;
}

/* s without blanks at either end, in p. */
static const char *trim(struct pool *p, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return pool_strndup(p, s, n);
}

int res_number(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;
	size_t n = strlen(s);
	if (n == 0 || n > 12 || strspn(s, "0123456789") != n)
		return -1;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int small_number(const char *s, long long min, long long max, int *out)
{
	long long v;
	if (res_number(s, min, max, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

int res_date_ok(const char *s)
{
	long long t;
	return strlen(s) == 10 && iso_date_parse(s, &t) == 0;
}

/* Canonical text of a multi-line field: 0 and *out, or -1 with e set. */
static int canonical(struct pool *p, const char *key, const char *s, size_t max, const char **out,
		     struct res_error *e)
{
	if (strlen(s) > max)
		return fail(e, key, pool_printf(p, "The text is longer than %zu bytes.", max));
	struct buf b = {0};
	const char *why = NULL;
	if (res_normalize(s, strlen(s), &b, &why) < 0) {
		buf_free(&b);
		return fail(e, key, pool_printf(p, "The text %s.", why));
	}
	*out = pool_strdup(p, buf_str(&b));
	buf_free(&b);
	return 0;
}

int res_draft_read(res_get_fn get, void *ud, struct pool *p, struct res_draft_in *out,
		   struct res_error *e)
{
	memset(out, 0, sizeof(*out));
	out->title = trim(p, field(get, ud, "title"));
	if (!*out->title || !text_ok(out->title, RES_TITLE_MAX, 0))
		return fail(e, "title", "A title has 1 to 200 characters, on one line.");
	const char *slug = trim(p, field(get, ud, "slug"));
	if (*slug) {
		if (!slug_valid(slug))
			return fail(e, "slug",
				    "An address has lowercase letters, digits and single hyphens "
				    "(at most 80 bytes), like model-resolution-on-rents.");
		out->slug = slug;
	} else {
		char *made = slugify(out->title);
		out->slug = pool_strdup(p, made);
		free(made);
	}
	out->reason = trim(p, field(get, ud, "reason"));
	if (!text_ok(out->reason, RES_REASON_MAX, 1))
		return fail(e, "reason", "The reason is text of at most 10,000 bytes.");
	const char *vis = field(get, ud, "visibility");
	if (!*vis || strcmp(vis, "public") == 0)
		out->visibility = VISIBLE_PUBLIC;
	else if (strcmp(vis, "members") == 0)
		out->visibility = VISIBLE_MEMBERS;
	else
		return fail(e, "visibility", "A resolution is for the public or for members.");
	out->deadline = trim(p, field(get, ud, "deadline"));
	if (*out->deadline && !res_date_ok(out->deadline))
		return fail(e, "deadline", "A deadline is a date written YYYY-MM-DD, or nothing.");
	return canonical(p, "text", field(get, ud, "text"), RES_TEXT_MAX, &out->text, e);
}

int res_amend_read(res_get_fn get, void *ud, struct pool *p, struct res_amend_in *out,
		   struct res_error *e)
{
	memset(out, 0, sizeof(*out));
	if (small_number(field(get, ud, "version"), 1, 1000000, &out->version) != 0)
		return fail(e, "version", "Say which version the amendment is for.");
	int kind = res_kind_parse(field(get, ud, "kind"));
	if (kind < 0)
		return fail(e, "kind", "An amendment replaces, inserts or deletes lines.");
	out->range.kind = (enum res_kind)kind;
	if (kind == RES_INSERT) {
		if (small_number(field(get, ud, "after"), 0, 1000000, &out->range.from) != 0)
			return fail(e, "after",
				    "Give the line the new text goes after (0: before the first).");
		out->range.to = out->range.from;
	} else {
		if (small_number(field(get, ud, "from"), 1, 1000000, &out->range.from) != 0)
			return fail(e, "from", "Give the first line to change, a number.");
		const char *to = field(get, ud, "to");
		if (!*to)
			out->range.to = out->range.from;
		else if (small_number(to, 1, 1000000, &out->range.to) != 0)
			return fail(e, "to", "Give the last line to change, a number.");
		if (out->range.to < out->range.from)
			return fail(e, "to", "The last line comes at or after the first.");
	}
	const char *text = field(get, ud, "text");
	if (kind == RES_DELETE) {
		if (*trim(p, text))
			return fail(e, "text", "A deletion takes no new text.");
		out->text = "";
	} else {
		if (canonical(p, "text", text, RES_AMEND_TEXT_MAX, &out->text, e) != 0)
			return -1;
		if (!*out->text)
			return fail(e, "text", "Write the new text.");
	}
	out->reason = trim(p, field(get, ud, "reason"));
	if (!*out->reason)
		return fail(e, "reason", "Give a reason for the amendment.");
	if (!text_ok(out->reason, RES_AMEND_REASON_MAX, 1))
		return fail(e, "reason", "The reason is text of at most 5,000 bytes.");
	const char *as = field(get, ud, "as");
	if (*as && res_number(as, 1, 1000000000000LL, &out->branch_id) != 0)
		return fail(e, "as", "Choose yourself or a branch you are a secretary of.");
	return 0;
}

static int votes(res_get_fn get, void *ud, const char *key, long long *out, struct res_error *e)
{
	const char *s = field(get, ud, key);
	*out = RES_NO_VOTES;
	if (!*s)
		return 0;
	if (res_number(s, 0, RES_VOTES_MAX, out) != 0)
		return fail(e, key,
			    "A count of votes is a whole number, or nothing if not counted.");
	return 0;
}

int res_decide_read(res_get_fn get, void *ud, struct pool *p, struct res_decide_in *out,
		    struct res_error *e)
{
	memset(out, 0, sizeof(*out));
	if (res_number(field(get, ud, "branch"), 1, 1000000000000LL, &out->branch_id) != 0)
		return fail(e, "branch", "Choose the branch whose decision this is.");
	if (small_number(field(get, ud, "version"), 1, 1000000, &out->version) != 0)
		return fail(e, "version", "Choose the version the branch decided on.");
	out->outcome = res_outcome_parse(field(get, ud, "outcome"));
	if (out->outcome < 0)
		return fail(e, "outcome",
			    "A branch adopted the resolution, adopted it with amendments, rejected "
			    "or deferred it.");
	out->date = trim(p, field(get, ud, "date"));
	if (!res_date_ok(out->date))
		return fail(e, "date", "Give the date of the meeting, written YYYY-MM-DD.");
	if (votes(get, ud, "for", &out->votes_for, e) ||
	    votes(get, ud, "against", &out->votes_against, e) ||
	    votes(get, ud, "abstain", &out->votes_abstain, e))
		return -1;
	out->note = trim(p, field(get, ud, "note"));
	if (!text_ok(out->note, RES_NOTE_MAX, 1))
		return fail(e, "note", "A note is text of at most 2,000 bytes.");
	if (res_pick_read(get, ud, p, &out->amendments, &out->namendments, e) != 0)
		return -1;
	if (out->outcome == OUTCOME_AMENDED && !out->namendments)
		return fail(e, "amendments", "Say which amendments the branch adopted with it.");
	if (out->outcome != OUTCOME_AMENDED && out->namendments)
		return fail(e, "amendments", "Amendments go with 'adopted with amendments' only.");
	return 0;
}

static int by_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Adds the numbers of "3 5, A7 9-12" to v: 0, or -1 for anything else. */
static int numbers(struct pool *p, const char *s, int **v, size_t *n, size_t *cap)
{
	while (*s) {
		if (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n' || *s == '\r') {
			s++;
			continue;
		}
		if (*s == 'A' || *s == 'a')
			s++;
		char *end;
		if (*s < '0' || *s > '9')
			return -1;
		long a = strtol(s, &end, 10), b = a;
		s = end;
		if (*s == '-') {
			s++;
			if (*s == 'A' || *s == 'a')
				s++;
			if (*s < '0' || *s > '9')
				return -1;
			b = strtol(s, &end, 10);
			s = end;
		}
		if (a < 1 || b < a || b > 1000000 || b - a >= RES_PICK_MAX)
			return -1;
		for (long k = a; k <= b; k++) {
			if (*n >= RES_PICK_MAX)
				return -1;
			*v = pool_grow(p, *v, *n, cap, sizeof(**v));
			(*v)[(*n)++] = (int)k;
		}
	}
	return 0;
}

int res_pick_read(res_get_fn get, void *ud, struct pool *p, int **out, size_t *n,
		  struct res_error *e)
{
	size_t cap = 8;
	int *v = pool_alloc(p, cap * sizeof(*v));
	*n = 0;
	const char *each;
	for (size_t i = 0; (each = get(ud, "amendment[]", i)); i++) {
		long long k;
		if (*n >= RES_PICK_MAX || res_number(each, 1, 1000000, &k) != 0)
			return fail(e, "amendments", "An amendment is chosen by its number.");
		v = pool_grow(p, v, *n, &cap, sizeof(*v));
		v[(*n)++] = (int)k;
	}
	if (numbers(p, field(get, ud, "amendments"), &v, n, &cap) != 0)
		return fail(e, "amendments",
			    "Amendments are given by their numbers, like 3 5 A7 or 9-12 (at most "
			    "1,000).");
	qsort(v, *n, sizeof(*v), by_int);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*n = k;
	*out = v;
	return 0;
}

const char *res_state_name(int state)
{
	static const char *const names[] = {"draft", "circulating", "closed", "withdrawn"};
	return state >= 0 && state < 4 ? names[state] : "?";
}

static const char *const outcome_names[] = {"adopted", "adopted-with-amendments", "rejected",
					    "deferred"};

const char *res_outcome_name(int outcome)
{
	return outcome >= 0 && outcome < 4 ? outcome_names[outcome] : "?";
}

const char *res_outcome_words(int outcome)
{
	return outcome == OUTCOME_AMENDED ? "adopted with amendments" : res_outcome_name(outcome);
}

int res_outcome_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, outcome_names[i]) == 0)
			return i;
	return -1;
}

const char *res_amend_state_name(int state)
{
	static const char *const names[] = {"open", "withdrawn", "merged", "stale"};
	return state >= 0 && state < 4 ? names[state] : "?";
}
