/* cli_gen: `broadside search` from the shell, and `broadside gen`, a synthetic site to measure. */
#include "cli/cli.h"
#include "job/job.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/ftsquery.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "render/markdown.h"
#include "store/store_comment.h"
#include "store/store_fed.h"
#include "store/store_users.h"
#include "fed/json.h"
#include "crypto/keys.h"
#include "member/member.h"
#include "util/clock.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_BATCH 1000

int cli_search(const struct cli_args *a)
{
	struct buf q = {0}, fts = {0};
	for (int i = 0; i < a->npos; i++)
		buf_printf(&q, "%s%s", i ? " " : "", a->pos[i]);
	int terms = fts_query(&fts, q.data, q.len);
	buf_free(&q);
	if (terms == 0) {
		buf_free(&fts);
		return cli_fail("nothing to search for: give a word or two");
	}
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0) {
		buf_free(&fts);
		return rc;
	}
	struct pool *p = pool_new();
	struct post_list list;
	const char **snippets;
	int total;
	rc = store_search(s, p, fts.data, 1, 0, (int)a->limit, &list, &snippets, &total);
	if (rc == 0) {
		for (size_t i = 0; i < list.n; i++) {
			char day[32];
			iso_day_format(list.rows[i].published, day);
			printf("%s  /posts/%s  %s\n", day, list.rows[i].slug, list.rows[i].title);
			/* The match markers become [brackets] on a terminal. */
			for (char *m = (char *)snippets[i]; *m; m++)
				*m = *m == '\x01'   ? '['
				     : *m == '\x02' ? ']'
				     : *m == '\n'   ? ' '
						    : *m;
			printf("    %s\n", snippets[i]);
		}
		fprintf(stderr, "%d match%s\n", total, total == 1 ? "" : "es");
	} else {
		rc = cli_fail(rc == -2 ? "that query cannot be searched" : "database: %s",
			      store_errmsg(s));
	}
	pool_free(p);
	buf_free(&fts);
	store_close(s);
	return rc;
}

/* A small deterministic generator, so two runs make the same site. */
static unsigned long long rng_state = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *const vocabulary[] = {
    "branch", "meeting",   "minutes",	"delegate",   "charter",   "recall",	 "member",
    "vote",   "journal",   "press",	"clause",     "reading",   "open",	 "record",
    "motion", "treasurer", "committee", "resolution", "amendment", "conference", "quorum",
    "ballot", "secretary", "budget",	"union",      "strike",	   "district",	 "council",
    "report", "proposal",  "the",	"of",	      "and",	   "a",		 "to",
    "is",     "that",	   "which",	"in",	      "for",	   "was",	 "not",
    "by",     "with"};
#define NWORDS (sizeof(vocabulary) / sizeof(vocabulary[0]))

static void words(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? " " : "", vocabulary[rnd(NWORDS)]);
}

/* A post shaped like our writers' own: quotations with comments, lists, links, hashtags. */
static void gen_body(struct buf *b, int ntags_pool)
{
	int paras = 4 + (int)rnd(12);
	for (int i = 0; i < paras; i++) {
		switch (rnd(6)) {
		case 0:
			buf_puts(b, "> ");
			words(b, 25 + (int)rnd(40));
			buf_puts(b, ".\n>\n> — from the ");
			words(b, 3);
			buf_puts(b, "\n\n");
			break;
		case 1:
			for (int j = 0; j < 3; j++) {
				buf_puts(b, "1. ");
				words(b, 6 + (int)rnd(10));
				buf_puts(b, "\n   - ");
				words(b, 5);
				buf_puts(b, "\n");
			}
			buf_puts(b, "\n");
			break;
		default:
			words(b, 20 + (int)rnd(60));
			buf_printf(b, " #topic_%u and [the %s](https://example.org/%u) ",
				   rnd((unsigned)ntags_pool), vocabulary[rnd(NWORDS)], rnd(1000));
			buf_puts(b, "*");
			words(b, 3);
			buf_puts(b, "* ");
			words(b, 10 + (int)rnd(30));
			buf_puts(b, ".\n\n");
		}
	}
}

static int gen_users(struct store *s, int n)
{
	for (int i = 1; i <= n; i++) {
		char handle[32], name[64];
		snprintf(handle, sizeof(handle), "writer%d", i);
		snprintf(name, sizeof(name), "Writer Number %d", i);
		if (store_user_add(s, handle, name, "A generated writer for benchmarks.") < 0)
			return -1;
	}
	return 0;
}

static int gen_posts(struct store *s, long posts)
{
	struct buf body = {0};
	int rc = 0;
	/* One post every three hours back from a fixed day: 100,000 posts span 34 years. */
	long long start = 1795000000;
	for (long i = 0; i < posts && rc == 0; i++) {
		if (i % GEN_BATCH == 0 && store_begin(s) != 0)
			return cli_fail("database: %s", store_errmsg(s));
		char title[128], slug[64], author[32], err[256];
		snprintf(title, sizeof(title), "On the %s of the %s, number %ld",
			 vocabulary[rnd(20)], vocabulary[rnd(20)], i + 1);
		snprintf(slug, sizeof(slug), "gen-%ld", i + 1);
		snprintf(author, sizeof(author), "writer%u", 1 + rnd(5));
		buf_reset(&body);
		gen_body(&body, 300);
		unsigned roll = rnd(100);
		struct postfile pf = {
		    .title = title,
		    .slug = slug,
		    .author = author,
		    .date = start - (long long)i * 10800,
		    .has_date = 1,
		    .comments = -1,
		    .status = roll < 3	 ? POST_DRAFT
			      : roll < 8 ? POST_UNFINISHED
					 : POST_PUBLISHED,
		    .body = body.data,
		    .body_len = body.len,
		};
		struct publish_result res;
		if (publish_post(s, &pf, NULL, &res, err, sizeof(err)) != 0)
			rc = cli_fail("%s: %s", slug, err);
		free(res.url);
		if ((i % GEN_BATCH == GEN_BATCH - 1 || i == posts - 1 || rc) &&
		    (rc ? (store_rollback(s), 0) : store_commit(s)) != 0)
			rc = cli_fail("database: %s", store_errmsg(s));
	}
	buf_free(&body);
	return rc;
}

/* Comments on random posts (gen-1 .. gen-N; drafts are skipped), some replying to the one
 * before on the same post. */
static int gen_comments(struct store *s, long posts, long comments)
{
	struct pool *p = pool_new();
	struct buf md = {0}, html = {0};
	long long last_id = 0;
	int rc = 0;
	for (long i = 0; i < comments && rc == 0; i++) {
		if (i % GEN_BATCH == 0 && store_begin(s) != 0) {
			rc = cli_fail("database: %s", store_errmsg(s));
			break;
		}
		/* A third answer the comment just made; the rest go to random posts. */
		int reply = last_id && rnd(3) == 0;
		static char slug[64];
		if (!reply)
			snprintf(slug, sizeof(slug), "gen-%u", 1 + rnd((unsigned)posts));
		struct post_row post;
		if (store_post_by_slug(s, p, slug, 0, &post) == 0) {
			buf_reset(&md);
			buf_reset(&html);
			words(&md, 10 + (int)rnd(60));
			buf_printf(&md, " (%ld)", i);
			struct md_opts o = {.untrusted = 1};
			md_render(md.data, md.len, &o, &html, NULL);
			unsigned char h[32];
			crypto_generichash(h, 32, (const unsigned char *)md.data, md.len, NULL, 0);
			struct comment_new c = {
			    .post_id = post.id,
			    .parent_id = reply ? last_id : 0,
			    .depth = reply ? 1 : 0,
			    .status = 1,
			    .name = vocabulary[rnd(20)],
			    .body_md = md.data,
			    .body_html = html.data,
			    .addr = "192.0.2.1",
			    .body_hash = h,
			    .now = post.published + 3600 + rnd(86400),
			};
			long long id;
			if (store_comment_add(s, &c, &id) != 0)
				rc = cli_fail("database: %s", store_errmsg(s));
			last_id = reply ? last_id : id;
		}
		if ((i % GEN_BATCH == GEN_BATCH - 1 || i == comments - 1 || rc) &&
		    (rc ? (store_rollback(s), 0) : store_commit(s)) != 0)
			rc = cli_fail("database: %s", store_errmsg(s));
	}
	buf_free(&md);
	buf_free(&html);
	pool_free(p);
	return rc;
}

/* Confirmed subscribers reader-1@subscribers.example ..., sealed as any others are. */
static int gen_subscribers(struct store *s, const char *dir, long n)
{
	char err[512];
	struct press_keys *k = keys_open(dir, s, 1, err, sizeof(err));
	if (!k)
		return cli_fail("%s", err);
	struct site site;
	struct pool *p = pool_new();
	int rc = store_site_get(s, p, &site) != 0;
	struct member_ctx c = {.s = s, .k = k, .site = &site, .p = p, .now = clock_now()};
	for (long i = 0; i < n && rc == 0; i++) {
		if (i % GEN_BATCH == 0 && store_begin(s) != 0) {
			rc = 1;
			break;
		}
		char email[64], name[32];
		snprintf(email, sizeof(email), "reader-%ld@subscribers.example", i + 1);
		snprintf(name, sizeof(name), "Reader %ld", i + 1);
		long long id;
		rc = member_add(&c, email, name, MEMBER_SUBSCRIBER, "the command line", &id) != 0;
		if ((i % GEN_BATCH == GEN_BATCH - 1 || i == n - 1 || rc) &&
		    (rc ? (store_rollback(s), 0) : store_commit(s)) != 0)
			rc = 1;
	}
	pool_free(p);
	keys_close(k);
	return rc ? cli_fail("database: %s", store_errmsg(s)) : 0;
}

/* Followers of the first writer on the Fediverse: actors BASE/users/fN, spread over `inboxes`
 * shared inboxes BASE/sK/inbox, as many servers' followers would be. */
static int gen_followers(struct store *s, long n, long inboxes, const char *base)
{
	char host[300];
	if (fed_url_host(base, 0, host, sizeof(host)) != 0 || !fed_url_ok(base))
		return cli_fail("--follower-base is not an http(s) URL: %s", base);
	struct pool *p = pool_new();
	struct account w;
	int rc = store_account_by_handle(s, p, "writer1", &w) == 0 ? 0 : 1;
	long long now = clock_now();
	for (long i = 0; i < n && rc == 0; i++) {
		if (i % GEN_BATCH == 0 && store_begin(s) != 0) {
			rc = 1;
			break;
		}
		char *uri = pool_printf(p, "%s/users/f%ld", base, i + 1);
		struct fed_actor_row a = {
		    .uri = uri,
		    .domain = host,
		    .inbox = pool_printf(p, "%s/inbox", uri),
		    .shared_inbox = pool_printf(p, "%s/s%ld/inbox", base, i % inboxes + 1),
		    .handle = pool_printf(p, "f%ld", i + 1),
		    .name = pool_printf(p, "Follower %ld", i + 1),
		    .url = uri,
		};
		long long id;
		rc = store_fed_actor_put(s, &a, now, &id) != 0 ||
		     store_fed_follow(s, w.id, id, pool_printf(p, "%s#follow", uri), now) != 0;
		if ((i % GEN_BATCH == GEN_BATCH - 1 || i == n - 1 || rc) &&
		    (rc ? (store_rollback(s), 0) : store_commit(s)) != 0)
			rc = 1;
	}
	pool_free(p);
	return rc ? cli_fail("database: %s", store_errmsg(s)) : 0;
}

int cli_gen(const struct cli_args *a)
{
	char dir[4096];
	long posts = a->posts, comments = a->comments;
	int rc = cli_press_dir(a, 1, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	char path[4200];
	snprintf(path, sizeof(path), "%s/site.db", dir);
	FILE *exists = fopen(path, "r");
	if (exists) {
		fclose(exists);
		return cli_fail("%s already holds a site; gen only fills a new one", dir);
	}
	char err[512];
	struct store *s = store_open(dir, 1, err, sizeof(err));
	if (!s)
		return cli_fail("%s", err);
	if (publish_upgrade(s) < 0 || store_site_set(s, "title", "A generated press") != 0 ||
	    gen_users(s, 5) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	if (rc == 0)
		rc = gen_posts(s, posts);
	if (rc == 0 && comments)
		rc = gen_comments(s, posts, comments);
	if (rc == 0 && a->subscribers)
		rc = gen_subscribers(s, dir, a->subscribers);
	if (rc == 0 && (a->resolution_amendments || a->resolution_branches))
		rc = cli_gen_resolution(s, dir, a->resolution_amendments, a->resolution_branches);
	if (rc == 0 && a->followers)
		rc = gen_followers(
		    s, a->followers, a->follower_inboxes ? a->follower_inboxes : a->followers,
		    a->follower_base ? a->follower_base : "https://followers.example");
	/* Backdated posts are old news: nothing for the worker to go through at the first start. */
	if (rc == 0 && job_forget_news(s, 0) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	store_close(s);
	if (rc == 0)
		printf(
		    "generated %ld posts, %ld comments, %ld subscribers and %ld followers in %s\n",
		    posts, comments, a->subscribers, a->followers, dir);
	if (rc == 0 && (a->resolution_amendments || a->resolution_branches))
		printf("and /resolutions/bench-resolution with %ld amendments and the decisions "
		       "of %ld branches\n",
		       a->resolution_amendments, a->resolution_branches);
	return rc;
}
