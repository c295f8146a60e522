/* bundle_comments: comments with their threads, states, edits that wait and their text, and
 * the public moderation log; never an email or an address (both keyed to the press they came
 * from). A comment's HTML is taken only when it is what its text gives; any other goes through
 * the allow-list for readers' text. */
#include "port/bundle_int.h"
#include "port/sanitize.h"
#include "port/wpautop.h"
#include "render/markdown.h"
#include "store/store_bundle.h"
#include "util/pool.h"

#include <sodium.h>
#include <string.h>

enum {
	C_ID,
	C_POST,
	C_PARENT,
	C_DEPTH,
	C_NAME,
	C_WEBSITE,
	C_BODY_MD,
	C_BODY_HTML,
	C_STATUS,
	C_CREATED,
	C_EDITED,
	C_PENDING_MD,
	C_PENDING_HTML,
	C_ACTOR_URI,
	C_OBJECT_URI,
	C_PROFILE_URL,
	C_AVATAR,
	C_USER,
	C_BODY_HASH,
};

static int web_address(const struct store_val *v)
{
	return v->null || strncmp(v->s, "https://", 8) == 0 || strncmp(v->s, "http://", 7) == 0;
}

static int count_comment(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)v;
	(void)row;
	o->st->comments++;
	return 0;
}

static int count_entry(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)v;
	(void)row;
	o->st->modlog++;
	return 0;
}

int bundle_write_comments(struct bundle_out *o)
{
	if (bundle_put_rows(o, "comments.jsonl", &store_copy_comments, count_comment) != 0)
		return -1;
	return bundle_put_rows(o, "moderation.jsonl", &store_copy_modlog, count_entry);
}

/*
 * The HTML a comment shows, from what the bundle says: kept when it is what the site makes
 * of the text (Markdown, as readers write it; or a WordPress comment's HTML through wpautop
 * and the allow-list, as an import makes it), else the bundle's HTML through the allow-list.
 */
static void trusted_html(struct pool *p, const char *md, size_t mdlen, struct store_val *html)
{
	struct buf b = {0};
	struct md_opts mo = {.untrusted = 1};
	if (md_render(md, mdlen, &mo, &b, NULL) == 0 && b.len == html->len &&
	    memcmp(b.data ? b.data : "", html->s, b.len) == 0) {
		buf_free(&b);
		return;
	}
	buf_reset(&b);
	wpautop(md, mdlen, &b);
	struct sanitize_opts so = {.untrusted = 1};
	struct sanitized san;
	if (sanitize_html(buf_str(&b), b.len, &so, &san) == 0 && san.html.len == html->len &&
	    memcmp(buf_str(&san.html), html->s, html->len) == 0) {
		sanitized_free(&san);
		buf_free(&b);
		return;
	}
	sanitized_free(&san);
	buf_free(&b);
	if (sanitize_html(html->s, html->len, &so, &san) != 0)
		buf_reset(&san.html);
	html->s = pool_strndup(p, buf_str(&san.html), san.html.len);
	html->len = san.html.len;
	sanitized_free(&san);
}

static int check_comment(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	static const char path[] = "comments.jsonl";
	const char *site = v[C_WEBSITE].s;
	if (*site && strncmp(site, "http://", 7) != 0 && strncmp(site, "https://", 8) != 0)
		return bundle_fail(in, path, line, "\"website\" is not an http or https address");
	if ((v[C_PARENT].i == 0) != (v[C_DEPTH].i == 0))
		return bundle_fail(in, path, line, "\"parent\" and \"depth\" do not agree");
	if (v[C_PARENT].i >= v[C_ID].i)
		return bundle_fail(in, path, line, "\"parent\" does not come before the reply");
	if (v[C_PENDING_MD].null != v[C_PENDING_HTML].null)
		return bundle_fail(in, path, line,
				   "\"pending_md\" and \"pending_html\" do not agree");
	if (!web_address(&v[C_ACTOR_URI]) || !web_address(&v[C_OBJECT_URI]) ||
	    !web_address(&v[C_PROFILE_URL]))
		return bundle_fail(in, path, line,
				   "\"actor_uri\", \"object_uri\" or \"profile_url\" is not an "
				   "http or https address");
	if (v[C_ACTOR_URI].null != v[C_OBJECT_URI].null)
		return bundle_fail(in, path, line, "\"actor_uri\" and \"object_uri\" do not agree");
	if (!v[C_AVATAR].null && v[C_AVATAR].len && !bundle_avatar_name_ok(v[C_AVATAR].s))
		return bundle_fail(in, path, line, "\"avatar\" is no avatar's name");
	trusted_html(p, v[C_BODY_MD].s, v[C_BODY_MD].len, &v[C_BODY_HTML]);
	if (!v[C_PENDING_MD].null)
		trusted_html(p, v[C_PENDING_MD].s, v[C_PENDING_MD].len, &v[C_PENDING_HTML]);
	/* Duplicate detection hashes the text as the comment form does. */
	unsigned char *h = pool_alloc(p, 32);
	crypto_generichash(h, 32, (const unsigned char *)v[C_BODY_MD].s, v[C_BODY_MD].len, NULL, 0);
	v[C_BODY_HASH].s = (const char *)h;
	v[C_BODY_HASH].len = 32;
	in->st->comments++;
	return 0;
}

static int check_entry(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)v;
	(void)p;
	(void)line;
	in->st->modlog++;
	return 0;
}

int bundle_read_comments(struct bundle_in *in)
{
	if (bundle_get_rows(in, "comments.jsonl", &store_copy_comments, NULL, check_comment) != 0)
		return -1;
	return bundle_get_rows(in, "moderation.jsonl", &store_copy_modlog, NULL, check_entry);
}
