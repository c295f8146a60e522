/* import_wp_comments: a WordPress export's comments, with their threads and states, as
 * comments of the imported posts (spam, trash and pingbacks stay behind). */
#include "port/import_wp.h"
#include "job/job.h"
#include "crypto/seal.h"
#include "mail/address.h"
#include "comment/comment.h"
#include "port/import_wp_int.h"
#include "port/sanitize.h"
#include "port/shortcode.h"
#include "port/wp_blocks.h"
#include "port/wpautop.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "post/slug.h"
#include "store/store.h"
#include "store/store_comment.h"
#include "store/store_import.h"
#include "util/clock.h"
#include "util/isodate.h"
#include "util/pool.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---- comments ---- */

static int find_thread(const struct importer *im, long long wp, int *depth, long long *local,
		       long long *parent)
{
	for (size_t i = im->nthread; i-- > 0;)
		if (im->thread[i].wp == wp) {
			*depth = im->thread[i].depth;
			*local = im->thread[i].local;
			*parent = im->thread[i].parent;
			return 1;
		}
	return 0;
}

static void add_thread(struct importer *im, long long wp, long long local, int depth,
		       long long parent)
{
	if (im->nthread == im->cap_thread) {
		im->cap_thread = im->cap_thread ? im->cap_thread * 2 : 64;
		im->thread = xrealloc(im->thread, im->cap_thread * sizeof(*im->thread));
	}
	im->thread[im->nthread].wp = wp;
	im->thread[im->nthread].local = local;
	im->thread[im->nthread].parent = parent;
	im->thread[im->nthread++].depth = depth;
}

/* A field cut to max bytes on a character, as one line. */
static const char *line_of(struct importer *im, const char *s, size_t max)
{
	struct buf b = {0};
	sanitize_text_line(s ? s : "", s ? strlen(s) : 0, &b);
	char *cut = import_cut_utf8(buf_str(&b), max);
	const char *out = pool_strdup(import_scratch(im), cut);
	free(cut);
	buf_free(&b);
	return out;
}

static int write_one_comment(struct importer *im, const struct wxr_item *it,
			     const struct wxr_comment *c)
{
	const char *what = pool_printf(im->cp, "comment %lld on “%s”", c->id, im->item_title);
	if (!im->item_local) {
		if (!import_is_type(it, "attachment"))
			import_skip(im, c->line, "%s: its post is not imported", what);
		return 0;
	}
	const char *type = c->type ? c->type : "";
	const char *ok = c->approved ? c->approved : "1";
	const char *why = NULL;
	if (*type && strcmp(type, "comment") != 0)
		why = !strcmp(type, "pingback") || !strcmp(type, "trackback")
			  ? pool_printf(im->cp, "a %s, not a comment", type)
			  : pool_printf(im->cp, "its kind '%s' is not imported",
					import_shown(im, type));
	else if (!strcmp(ok, "spam"))
		why = "spam";
	else if (!strcmp(ok, "trash") || !strcmp(ok, "post-trashed"))
		why = "it is in WordPress's trash";
	else if (strcmp(ok, "1") && strcmp(ok, "0") && strcmp(ok, "approve"))
		why = pool_printf(im->cp, "its state '%s' is none a comment has here",
				  import_shown(im, ok));
	else if (c->too_long)
		why = pool_printf(im->cp, "its <%s> is longer than an import takes", c->too_long);
	else if (c->id <= 0)
		why = "it has no wp:comment_id to know it by";
	if (why) {
		import_skip(im, c->line, "%s: %s", what, why);
		return 0;
	}
	long long local;
	int rc = store_import_find(im->s, im->source, "comment", c->id, &local);
	if (rc < 0)
		return import_db_error(im);
	if (rc == 0) {
		struct pool *p = pool_new();
		struct comment_row row;
		if (store_comment_get(im->s, p, local, &row) == 0)
			add_thread(im, c->id, local, row.depth, row.parent_id);
		pool_free(p);
		im->comments.already++;
		return 0;
	}
	struct comment_new n = {.post_id = im->item_local};
	int depth;
	long long parent, grand;
	if (c->parent > 0 && find_thread(im, c->parent, &depth, &parent, &grand)) {
		/* Past the deepest level a reply goes beside its parent, as on the site. */
		n.depth = depth >= COMMENT_DEPTH_MAX ? depth : depth + 1;
		n.parent_id = depth >= COMMENT_DEPTH_MAX ? grand : parent;
	}
	const char *name = line_of(im, c->author, COMMENT_NAME_MAX);
	n.name = *name ? name : "Anonymous";
	const char *email = line_of(im, c->email, COMMENT_EMAIL_MAX);
	struct buf ect = {0};
	unsigned char bidx[32];
	if (mail_address_valid(email)) {
		/* Sealed with the press's key and found by its blind index, as the site's own. */
		seal_email_index(im->o->keys, SEAL_INDEX_COMMENTS, email, bidx);
		seal_text(im->o->keys, SEAL_PLACE_COMMENT_EMAIL, email, strlen(email), &ect);
		n.email_ct = ect.data;
		n.email_len = ect.len;
		n.email_bidx = bidx;
	}
	const char *site = line_of(im, c->url, COMMENT_WEBSITE_MAX);
	n.website =
	    !strncasecmp(site, "http://", 7) || !strncasecmp(site, "https://", 8) ? site : "";
	const char *content = c->content ? c->content : "";
	struct buf para = {0};
	wpautop(content, strlen(content), &para);
	struct sanitize_opts o = {.untrusted = 1};
	struct sanitized san;
	sanitize_html(buf_str(&para), para.len, &o, &san);
	buf_free(&para);
	n.body_md = content;
	n.body_html = buf_str(&san.html);
	unsigned char hash[32];
	crypto_generichash(hash, 32, (const unsigned char *)content, strlen(content), NULL, 0);
	n.body_hash = hash;
	n.addr = ""; /* WordPress's copy of the commenter's address is not carried over */
	n.status = !strcmp(ok, "0") ? COMMENT_HELD : COMMENT_PUBLISHED;
	long long t;
	n.now = import_wp_date(c->date_gmt, &t) == 0 || import_wp_date(c->date, &t) == 0
		    ? t
		    : clock_now();
	long long id;
	rc = store_comment_add(im->s, &n, &id);
	sanitized_free(&san);
	buf_free(&ect);
	if (rc != 0 || store_import_put(im->s, im->source, "comment", c->id, id) != 0)
		return import_db_error(im);
	add_thread(im, c->id, id, n.depth, n.parent_id);
	im->comments.added++;
	if (n.status == COMMENT_HELD)
		im->held++;
	else
		im->published++;
	im->changed = 1;
	return 0;
}

/* Each comment's strings go with it. */
static int write_comment(struct importer *im, const struct wxr_item *it,
			 const struct wxr_comment *c)
{
	pool_free(im->cp);
	im->scratch = im->cp = pool_new();
	int rc = write_one_comment(im, it, c);
	im->scratch = im->ip;
	return rc;
}

int import_p2_comment(void *ud, const struct wxr_item *it, const struct wxr_comment *c,
		      struct wxr_error *err)
{
	(void)err;
	return write_comment(ud, it, c);
}
