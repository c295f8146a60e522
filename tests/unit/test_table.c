/* test_table: the route table: every row is reachable by its own methods, its columns agree
 * with each other, and the dispatcher enforces access, roles and CSRF from the row. */
#include "auth/account.h"
#include "auth/auth.h"
#include "page/page.h"
#include "post/slug.h"
#include "render/theme.h"
#include "report/unlock.h"
#include "req/form.h"
#include "req/req.h"
#include "route/dispatch.h"
#include "route/route.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "store/store_sessions.h"
#include "store/store_users.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A path the pattern matches, with a sample value for each {value}. */
static void sample_path(const char *pattern, struct buf *out)
{
	static const struct {
		const char *name, *value;
	} values[] = {
	    {"{slug}", "a-post"},
	    {"{tag}", "Tag"},
	    {"{handle}", "mara"},
	    {"{id}", "7"},
	    {"{rev}", "8"},
	    {"{cid}", "9"},
	    {"{to}", "10"},
	    {"{n}", "2"},
	    {"{yyyy}", "2026"},
	    {"{mm}", "05"},
	    {"{feed}", "feed.atom"},
	    {"{fext}", "rss"},
	    {"{media}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png"},
	    {"{hash}", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
	    {"{token}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
	    {"{volume}", "2"},
	    {"{number}", "11"},
	    {"{path}", "2011/01/02/an-old-post"},
	    {"{before}", "1767225600.12"},
	    {"{after}", "1767225600.13"},
	};
	buf_reset(out);
	for (const char *s = pattern; *s;) {
		if (*s != '{') {
			buf_putc(out, *s++);
			continue;
		}
		size_t n = strcspn(s, "}") + 1;
		size_t i = 0;
		while (i < sizeof(values) / sizeof(values[0]) &&
		       (strlen(values[i].name) != n || strncmp(values[i].name, s, n) != 0))
			i++;
		cr_assert(i < sizeof(values) / sizeof(values[0]), "unknown value in %s", pattern);
		buf_puts(out, values[i].value);
		s += n;
	}
}

Test(table, every_row_is_reachable_by_its_methods)
{
	struct pool *p = pool_new();
	struct buf path = {0};
	for (size_t i = 0; i < route_table_len; i++) {
		const struct route_row *row = &route_table[i];
		sample_path(row->pattern, &path);
		for (unsigned m = RM_GET; m <= RM_POST; m <<= 1) {
			struct route_match rm;
			route_find(m, path.data, path.len, p, &rm);
			if (row->methods & m) {
				cr_expect_eq(rm.row, row, "%s %s found %s",
					     m == RM_POST ? "POST" : "GET", path.data,
					     rm.row ? rm.row->pattern : "nothing");
			} else if (!rm.row && !(row->flags & RF_FALLBACK)) {
				/* A method no row takes here: a 405 naming this row's (a fallback
				 * row's path is simply not there for other methods: 404). */
				cr_expect(rm.allow & row->methods, "%s: 405 without Allow",
					  path.data);
			}
		}
	}
	buf_free(&path);
	pool_free(p);
}

/* Pages live at /SLUG: every first segment the table spells out is a slug no page may take. */
Test(table, literal_first_segments_are_reserved_slugs)
{
	for (size_t i = 0; i < route_table_len; i++) {
		const char *pat = route_table[i].pattern + 1;
		size_t n = strcspn(pat, "/");
		if (n == 0 || memchr(pat, '{', n) || pat[0] == '@')
			continue;
		char first[64];
		snprintf(first, sizeof(first), "%.*s", (int)n, pat);
		cr_expect(slug_reserved(first), "/%s is not in slug_reserved_names", first);
	}
	cr_expect(slug_reserved("feed.atom") && slug_reserved("summary.json"));
	cr_expect(!slug_reserved("about") && !slug_reserved("feeds") && !slug_reserved("admins"));
}

/* The fallback row answers only where nothing else does, and never turns a 405 into a 404. */
Test(table, fallback_row_only_when_nothing_matches)
{
	struct pool *p = pool_new();
	struct route_match m;
	route_find(RM_GET, "/2011/01/02/old/", 16, p, &m);
	cr_assert_not_null(m.row);
	cr_expect(m.row->flags & RF_FALLBACK);
	cr_expect_str_eq(m.values.arg, "2011/01/02/old");
	route_find(RM_GET, "/about", 6, p, &m);
	cr_expect_eq(m.row->fn, page_page);
	route_find(RM_GET, "/posts/x/comments", 17, p, &m);
	cr_expect_null(m.row, "a form's address read: 405, not an old address");
	cr_expect_eq(m.allow, (unsigned)RM_POST);
	route_find(RM_POST, "/a/b", 4, p, &m);
	cr_expect_null(m.row);
	cr_expect_eq(m.allow, 0u, "a form sent to nothing: 404");
	pool_free(p);
}

Test(table, columns_agree)
{
	for (size_t i = 0; i < route_table_len; i++) {
		const struct route_row *r = &route_table[i];
		cr_expect(r->fn, "%s has a handler", r->pattern);
		cr_expect(r->methods, "%s takes a method", r->pattern);
		cr_expect((r->body == BODY_NONE) == (r->limit == 0),
			  "%s: a body has a limit, and only a body", r->pattern);
		cr_expect(!(r->methods & RM_POST) || r->body != BODY_NONE,
			  "%s: a POST row reads its body", r->pattern);
		cr_expect(r->limit <= FORM_TEXT_MAX + 65536, "%s: bounded", r->pattern);
		if (r->access == ACCESS_MEMBER)
			cr_expect_neq(r->cache, CACHE_PAGE, "%s is a member's own page",
				      r->pattern);
		if (r->access == ACCESS_ROLE) {
			cr_expect(r->roles, "%s lets someone in", r->pattern);
			cr_expect(r->flags & RF_ADMIN, "%s is an admin page", r->pattern);
			cr_expect_neq(r->cache, CACHE_PAGE, "%s is never kept", r->pattern);
		}
		if (r->cache == CACHE_PAGE)
			cr_expect_eq(r->methods & RM_POST, 0u, "%s: no form is cached", r->pattern);
		if (r->access == ACCESS_PRE)
			cr_expect(r->limit <= 8192, "%s: small before a session", r->pattern);
		if (r->access == ACCESS_SIGNED) {
			cr_expect_eq(r->methods, (unsigned)RM_POST, "%s: activities are POSTed",
				     r->pattern);
			cr_expect_eq(r->body, BODY_JSON, "%s reads an activity", r->pattern);
			cr_expect(r->limit <= 1024 * 1024, "%s: 1 MB at most", r->pattern);
			cr_expect_eq(r->cache, CACHE_NONE, "%s is never kept", r->pattern);
		}
		if (r->flags & RF_NEGOTIATES)
			cr_expect_eq(r->cache, CACHE_PAGE, "%s: both answers are kept apart",
				     r->pattern);
		if (r->access == ACCESS_COMMITTEE) {
			cr_expect(r->flags & RF_ADMIN, "%s is an admin page", r->pattern);
			cr_expect_neq(r->cache, CACHE_PAGE, "%s is never kept", r->pattern);
		}
		/* Nothing of a report, nor that someone looked at one, goes into a log. */
		if (strncmp(r->pattern, "/report", 7) == 0 ||
		    strncmp(r->pattern, "/committee", 10) == 0 ||
		    strncmp(r->pattern, "/admin/committee", 16) == 0)
			cr_expect(r->flags & RF_NOLOG, "%s stays out of the access log",
				  r->pattern);
		if (r->flags & RF_UNLOCKED)
			cr_expect_eq(r->access, ACCESS_COMMITTEE, "%s: a committee key",
				     r->pattern);
		/* Files kept in memory only: for a form anyone may send, bounded like the rest. */
		if (r->body == BODY_FILES)
			cr_expect_eq(r->cache, CACHE_NONE, "%s", r->pattern);
	}
}

/* A press of its own in a temporary folder, with an owner, an editor and an author who each
 * have a session. */
static char dir[64];
static struct store *st;
static struct theme *theme;
static char tokens[3][AUTH_TOKEN_LEN + 1];

static void setup(void)
{
	char err[256];
	snprintf(dir, sizeof(dir), "/tmp/bs-table-XXXXXX");
	cr_assert(mkdtemp(dir));
	st = store_open(dir, 1, err, sizeof(err));
	cr_assert(st, "%s", err);
	theme = theme_load(NULL, err, sizeof(err));
	cr_assert(theme, "%s", err);
	static const char *const handles[] = {"olga", "eddy", "anne"};
	cr_assert_eq(store_begin(st), 0);
	for (int i = 0; i < 3; i++) {
		const char *msg = NULL;
		struct account a;
		unsigned char h[32];
		cr_assert_eq(account_create(st, handles[i], handles[i], "", i, NULL, &msg), 0);
		struct pool *p = pool_new();
		cr_assert_eq(store_account_by_handle(st, p, handles[i], &a), 0);
		auth_token_new(tokens[i]);
		auth_token_hash(tokens[i], h);
		cr_assert_eq(store_session_add(st, h, a.id, time(NULL) + 3600, "127.0.0.1"), 0);
		pool_free(p);
	}
	cr_assert_eq(store_commit(st), 0);
}

static void teardown(void)
{
	store_close(st);
	theme_free(theme);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

static int ran, saw_bad_csrf;

static int handler(struct req *r, struct page_out *out)
{
	ran++;
	saw_bad_csrf = r->csrf_bad;
	out->status = 200;
	return 0;
}

/* Dispatches a request to row as user (-1: nobody) with the given CSRF token (NULL: none, ""
 * the session's own); returns the status, or 303 with the Location in *where. */
static int call(const struct route_row *row, int post, int user, const char *csrf,
		const char **where)
{
	struct pool *p = pool_new();
	struct route values = {.page = 1};
	struct form f;
	struct req r = {.store = st,
			.pool = p,
			.theme = theme,
			.row = row,
			.route = &values,
			.post = post,
			.path = row->pattern,
			.now = time(NULL)};
	store_site_get(st, p, &r.site);
	form_init(&f, NULL, 0, 1024);
	char mine[AUTH_CSRF_LEN + 1] = "";
	if (user >= 0) {
		unsigned char h[32];
		r.session = tokens[user];
		auth_token_hash(tokens[user], h);
		auth_csrf(store_secret(st), h, mine);
	}
	const char *token = csrf && !*csrf ? mine : csrf;
	if (token)
		form_add(&f, "_csrf", NULL, token, 0, strlen(token));
	r.form = &f;
	struct page_out out;
	page_out_init(&out);
	ran = 0;
	route_dispatch(&r, &out);
	int status = out.status;
	if (where)
		*where = out.location ? strdup(out.location) : NULL;
	buf_free(&out.body);
	form_free(&f);
	pool_free(p);
	return status;
}

Test(table, dispatch_enforces_the_row, .init = setup, .fini = teardown)
{
	struct route_row row = {
	    RM_READ | RM_POST, "/admin/x", BODY_FORM, 1024, ACCESS_ROLE, ROLES_EDITORS, CACHE_NONE,
	    RF_ADMIN,	       0,	   handler,   0};
	const char *where = NULL;
	cr_expect_eq(call(&row, 0, -1, NULL, &where), 303, "nobody: sent to sign in");
	cr_expect_str_eq(where, "/admin/login?next=%2Fadmin%2Fx");
	free((char *)where);
	cr_expect_eq(call(&row, 1, -1, "", NULL), 401, "a form from nobody");
	cr_expect_eq(call(&row, 0, 2, NULL, NULL), 403, "an author is not an editor");
	cr_expect_eq(ran, 0);
	cr_expect_eq(call(&row, 0, 1, NULL, NULL), 200, "an editor reads without a token");
	cr_expect_eq(ran, 1);
	cr_expect_eq(call(&row, 1, 1, NULL, NULL), 403, "a form without the token");
	cr_expect_eq(call(&row, 1, 1, "0123", NULL), 403, "a form with a wrong token");
	cr_expect_eq(ran, 0);
	cr_expect_eq(call(&row, 1, 0, "", NULL), 200, "an owner's form with its token");
	cr_expect_eq(ran, 1);
	cr_expect_eq(saw_bad_csrf, 0);
	row.flags |= RF_CSRF_SOFT;
	cr_expect_eq(call(&row, 1, 1, "0123", NULL), 200, "the handler keeps the text");
	cr_expect_eq(saw_bad_csrf, 1);
	row.roles = ROLES_OWNERS;
	cr_expect_eq(call(&row, 0, 1, NULL, NULL), 403, "owners only");
	row.access = ACCESS_ANYONE;
	cr_expect_eq(call(&row, 1, -1, NULL, NULL), 200, "a reader's form needs no session");
	/* A signed row runs its handler only after fed_signed_check let the request in: here
	 * there is no activity at all. */
	row.access = ACCESS_SIGNED;
	row.body = BODY_JSON;
	int status = call(&row, 1, -1, NULL, NULL);
	cr_expect(status >= 400, "an unsigned, empty request is refused (%d)", status);
	cr_expect_eq(ran, 0);
}

Test(table, dispatch_keeps_the_committee_to_itself, .init = setup, .fini = teardown)
{
	struct route_row row = {RM_READ | RM_POST,
				"/committee/x",
				BODY_FORM,
				1024,
				ACCESS_COMMITTEE,
				0,
				CACHE_NONE,
				RF_ADMIN | RF_NOLOG,
				0,
				handler,
				0};
	cr_assert_geq(sodium_init(), 0);
	struct pool *p = pool_new();
	struct account anne;
	cr_assert_eq(store_account_by_handle(st, p, "anne", &anne), 0);
	cr_assert_eq(store_begin(st), 0);
	cr_assert_eq(store_committee_add(st, anne.id, "2026-11-27", "@olga"), 0);
	cr_assert_eq(store_commit(st), 0);
	const char *where = NULL;
	cr_expect_eq(call(&row, 0, -1, NULL, &where), 303, "nobody: sent to sign in");
	free((char *)where);
	cr_expect_eq(call(&row, 0, 0, NULL, NULL), 403, "the owner is not on the committee");
	cr_expect_eq(call(&row, 0, 1, NULL, NULL), 403, "nor is the editor");
	cr_expect_eq(call(&row, 1, 0, "", NULL), 403, "with a good token neither");
	cr_expect_eq(ran, 0);
	cr_expect_eq(call(&row, 0, 2, NULL, NULL), 200, "an author on the committee");
	cr_expect_eq(call(&row, 1, 2, NULL, NULL), 403, "a form without the token");
	cr_expect_eq(call(&row, 1, 2, "", NULL), 200);
	/* A row that needs the key: one who has none yet is sent to choose it. */
	row.flags |= RF_UNLOCKED;
	cr_expect_eq(call(&row, 0, 2, NULL, &where), 303);
	cr_expect_str_eq(where, "/committee");
	free((char *)where);
	unsigned char pk[32], sk[32], salt[16] = {0}, wrapped[STORE_WRAPPED] = {0};
	crypto_box_keypair(pk, sk);
	cr_assert_eq(store_begin(st), 0);
	cr_assert_eq(store_committee_set_keys(st, anne.id, pk, wrapped, salt, 3, 1 << 26, wrapped,
					      "2026-11-27"),
		     0);
	cr_assert_eq(store_commit(st), 0);
	ran = 0;
	cr_expect_eq(call(&row, 0, 2, NULL, &where), 303, "locked: to the unlock form");
	cr_expect_str_eq(where, "/committee?next=%2Fcommittee%2Fx");
	free((char *)where);
	cr_expect_eq(call(&row, 1, 2, "", NULL), 403, "a form to send again with the passphrase");
	cr_expect_eq(ran, 0);
	unsigned char h[32];
	auth_token_hash(tokens[2], h);
	cr_assert_eq(unlock_put(h, anne.id, pk, sk, time(NULL)), 0);
	cr_expect_eq(call(&row, 0, 2, NULL, NULL), 200, "unlocked");
	cr_expect_eq(call(&row, 1, 2, "", NULL), 200);
	cr_expect_eq(ran, 1);
	unlock_forget(h);
	pool_free(p);
}
