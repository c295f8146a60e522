/* import_wp: the two readings of a WordPress export, its posts, pages and comments written in
 * one transaction, and the report. */
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

/* ---- the report ---- */

static void spool(FILE **f, long long *n, unsigned line, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void spool(FILE **f, long long *n, unsigned line, const char *fmt, va_list ap)
{
	if (!*f)
		*f = tmpfile();
	if (!*f)
		return;
	if (line)
		fprintf(*f, "  line %u: ", line);
	else
		fputs("  ", *f);
	vfprintf(*f, fmt, ap);
	fputc('\n', *f);
	(*n)++;
}

void import_skip(struct importer *im, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	spool(&im->skipped, &im->nskipped, line, fmt, ap);
	va_end(ap);
}

void import_note(struct importer *im, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	spool(&im->notes, &im->nnotes, line, fmt, ap);
	va_end(ap);
}

static void copy_out(FILE *from, FILE *to)
{
	char chunk[8192];
	size_t n;
	rewind(from);
	while ((n = fread(chunk, 1, sizeof(chunk), from)) > 0)
		fwrite(chunk, 1, n, to);
}

static void report(struct importer *im)
{
	FILE *f = im->o->report;
	if (!im->changed)
		fprintf(f, "Nothing new from %s: everything in this file was imported before.\n",
			im->source);
	else
		fprintf(f, "Imported from %s (WXR %s), in one transaction:\n", im->source,
			im->version);
	fprintf(f, "  writers: %lld added, %lld already here\n", im->writers.added,
		im->writers.already);
	fprintf(f, "  posts: %lld added, %lld imported before\n", im->posts.added,
		im->posts.already);
	fprintf(f, "  pages: %lld added, %lld imported before\n", im->pages_c.added,
		im->pages_c.already);
	fprintf(f, "  comments: %lld added (%lld published, %lld held), %lld imported before\n",
		im->comments.added, im->published, im->held, im->comments.already);
	fprintf(f, "  media: %lld copied, %lld already in the library\n", im->media.added,
		im->media.already);
	fprintf(f, "  old addresses: %lld added\n", im->paths.added);
	fprintf(f, "skipped: %lld\n", im->nskipped);
	if (im->skipped)
		copy_out(im->skipped, f);
	if (im->nnotes) {
		fprintf(f, "notes: %lld\n", im->nnotes);
		copy_out(im->notes, f);
	}
}

/* ---- the first reading: what the second needs before any post ---- */

static int set_source(struct importer *im, const struct wxr_site *s)
{
	const char *url = s->base_blog_url && *s->base_blog_url	  ? s->base_blog_url
			  : s->base_site_url && *s->base_site_url ? s->base_site_url
								  : s->link;
	im->version = pool_strdup(im->p, s->version);
	if (strcmp(s->version, "1.0") && strcmp(s->version, "1.1") && strcmp(s->version, "1.2"))
		import_note(im, 0, "the file says it is WXR %s; it is read as 1.2",
			    import_shown(im, s->version));
	if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
		return 0; /* reported at the end of the first reading */
	const char *h = strstr(url, "//") + 2;
	size_t hn = strcspn(h, "/?#");
	char *host = pool_strndup(im->p, h, hn);
	for (char *c = host; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	char *colon = strchr(host, ':');
	const char *path = h + hn;
	size_t pn = strcspn(path, "?#");
	while (pn && path[pn - 1] == '/')
		pn--;
	im->base_path = pool_strndup(im->p, path, pn);
	im->source = pool_printf(im->p, "%.*s://%s%s", (int)(strstr(url, "//") - url - 1), url,
				 host, im->base_path);
	if (colon)
		*colon = '\0';
	im->host = host;
	return 0;
}

static int p1_site(void *ud, const struct wxr_site *s, struct wxr_error *err)
{
	(void)err;
	return set_source(ud, s);
}

static int p1_author(void *ud, const struct wxr_author *a, struct wxr_error *err)
{
	(void)err;
	return import_site_author(ud, a);
}

static int p1_term(void *ud, const struct wxr_term *t, struct wxr_error *err)
{
	(void)err;
	return import_site_term(ud, t);
}

int import_is_type(const struct wxr_item *it, const char *type)
{
	return strcmp(it->type ? it->type : "post", type) == 0;
}

static int p1_item(void *ud, const struct wxr_item *it, struct wxr_error *err)
{
	(void)err;
	struct importer *im = ud;
	im->items++;
	if (it->creator && *it->creator)
		strmap_put(&im->creators, im->p, it->creator);
	if (import_is_type(it, "attachment"))
		return import_site_attachment(im, it);
	if (import_is_type(it, "page")) {
		if (im->npages == im->cap_pages) {
			im->cap_pages = im->cap_pages ? im->cap_pages * 2 : 32;
			im->pages = xrealloc(im->pages, im->cap_pages * sizeof(*im->pages));
		}
		im->pages[im->npages++] = (struct import_page){
		    it->post_id, it->parent, it->name ? pool_strdup(im->p, it->name) : ""};
	}
	/* Categories only items name (a WXR 1.0 file lists none) become tags too. */
	for (size_t i = 0; i < it->ncats; i++) {
		const struct wxr_cat *c = &it->cats[i];
		int cat = c->domain && !strcmp(c->domain, "category");
		if (!c->nicename || (!cat && (!c->domain || strcmp(c->domain, "post_tag"))))
			continue;
		struct wxr_term t = {.kind = cat ? WXR_CATEGORY : WXR_TAG,
				     .slug = c->nicename,
				     .name = c->name,
				     .line = it->line};
		import_site_term(im, &t);
	}
	return 0;
}

/* ---- posts and pages ---- */

static int by_page_id(const void *a, const void *b)
{
	long long x = ((const struct import_page *)a)->id, y = ((const struct import_page *)b)->id;
	return x < y ? -1 : x > y;
}

/* WordPress's address of a page: its parents' slugs, then its own. */
static const char *page_chain(struct importer *im, const struct wxr_item *it, const char *name)
{
	const char *parts[16];
	size_t n = 0;
	parts[n++] = name;
	for (long long up = it->parent; up && n < 16 && im->npages;) {
		struct import_page key = {.id = up};
		const struct import_page *pg =
		    bsearch(&key, im->pages, im->npages, sizeof(*im->pages), by_page_id);
		if (!pg || !pg->name[0])
			break;
		parts[n++] = pg->name;
		up = pg->parent;
	}
	struct buf b = {0};
	buf_puts(&b, im->base_path);
	while (n--)
		buf_printf(&b, "/%s", parts[n]);
	const char *s = pool_strdup(import_scratch(im), buf_str(&b));
	buf_free(&b);
	return s;
}

/* "2011-01-18 07:40:14" (UTC): 0 and *t, or -1 for none (WordPress writes 0000-00-00). */
int import_wp_date(const char *s, long long *t)
{
	return s && *s && iso_date_parse(s, t) == 0 ? 0 : -1;
}

char *import_cut_utf8(const char *s, size_t max)
{
	size_t n = 0, len = strlen(s);
	while (n < len) {
		uint32_t cp;
		size_t l = utf8_decode(s + n, len - n, &cp);
		if (n + l > max)
			break;
		n += l;
	}
	return xstrndup(s, n);
}

/* The title as one line of text; without one, the body's first words. */
static char *title_of(struct importer *im, const struct wxr_item *it, const char *body_text)
{
	struct buf t = {0};
	if (it->title)
		sanitize_text_line(it->title, strlen(it->title), &t);
	if (!t.len) {
		int words = 0;
		for (const char *c = body_text; *c && words < 8; c++) {
			int sp = *c == ' ' || *c == '\n' || *c == '\t';
			if (sp && t.len && t.data[t.len - 1] != ' ')
				words++;
			if (!sp || (t.len && t.data[t.len - 1] != ' '))
				buf_putc(&t, sp ? ' ' : *c);
		}
		while (t.len && t.data[t.len - 1] == ' ')
			t.data[--t.len] = '\0';
		import_note(im, it->line, "item %lld has no title: it is called “%s” here",
			    it->post_id, t.len ? buf_str(&t) : "Untitled");
	}
	char *out = import_cut_utf8(t.len ? buf_str(&t) : "Untitled", POSTFILE_TITLE_MAX);
	buf_free(&t);
	return out;
}

static int slug_free(struct importer *im, const char *slug, int page)
{
	struct pool *p = pool_new();
	struct post_row row;
	const char *moved;
	int free_ = !(page && slug_reserved(slug)) &&
		    store_post_by_slug(im->s, p, slug, 1, &row) == 1 &&
		    store_redirect_find(im->s, p, slug, &moved, NULL) == 1;
	pool_free(p);
	return free_;
}

/* WordPress's slug (percent-encoded UTF-8), or one made from the title; numbered when it is
 * taken here. */
static char *slug_of(struct importer *im, const struct wxr_item *it, const char *title, int page)
{
	struct buf d = {0};
	for (const char *c = it->name ? it->name : ""; *c; c++) {
		if (c[0] == '%' && c[1] && c[2]) {
			char hx[3] = {c[1], c[2], 0}, *e;
			long v = strtol(hx, &e, 16);
			if (!*e && v > 0) {
				buf_putc(&d, (char)v);
				c += 2;
				continue;
			}
		}
		buf_putc(&d, *c >= 'A' && *c <= 'Z' ? (char)(*c + 32) : *c);
	}
	char *base = d.len && utf8_valid(d.data, d.len, NULL) && slug_valid(d.data)
			 ? xstrdup(d.data)
			 : slugify(d.len && utf8_valid(d.data, d.len, NULL) ? d.data : title);
	buf_free(&d);
	char *slug = xstrdup(base);
	for (int i = 2; i < 10000 && !slug_free(im, slug, page); i++) {
		free(slug);
		char num[16];
		int nl = snprintf(num, sizeof(num), "-%d", i);
		char *cut = import_cut_utf8(base, SLUG_MAX - (size_t)nl);
		size_t cl = strlen(cut);
		while (cl && cut[cl - 1] == '-')
			cut[--cl] = '\0';
		slug = xmalloc(cl + (size_t)nl + 1);
		snprintf(slug, cl + (size_t)nl + 1, "%s%s", cut, num);
		free(cut);
	}
	if (it->name && *it->name && strcmp(slug, base) != 0)
		import_note(im, it->line, "item %lld “%s”: its slug %s is taken here: it is %s",
			    it->post_id, import_shown(im, title), base, slug);
	free(base);
	return slug;
}

/* The body as sanitized HTML, through what WordPress does when it shows a post. */
static int body_of(struct importer *im, const struct wxr_item *it, struct sanitized *san)
{
	const char *content = it->content ? it->content : "";
	size_t len = strlen(content);
	struct buf a = {0}, b = {0}, c = {0}, dropped = {0};
	int classic = wpautop_needed(content, len), unknown = 0;
	int dynamic = wp_strip_blocks(content, len, &a, &dropped);
	struct shortcode_ctx sc = {.post_id = it->post_id,
				   .image = import_gallery_image,
				   .children = import_gallery_children,
				   .ud = im};
	wp_shortcodes(buf_str(&a), a.len, &sc, &b, &unknown);
	if (classic)
		wpautop(buf_str(&b), b.len, &c);
	struct sanitize_opts o = {.rewrite = import_rewrite_url, .ud = im};
	const struct buf *in = classic ? &c : &b;
	int rc = sanitize_html(buf_str(in), in->len, &o, san);
	if (dynamic)
		import_note(im, it->line, "item %lld “%s”: %d dynamic block%s left out (%s)",
			    it->post_id, im->item_title, dynamic, dynamic == 1 ? "" : "s",
			    buf_str(&dropped));
	if (unknown)
		import_note(im, it->line, "item %lld “%s”: %d shortcode%s left as text",
			    it->post_id, im->item_title, unknown, unknown == 1 ? "" : "s");
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	buf_free(&dropped);
	return rc;
}

int import_db_error(struct importer *im)
{
	im->err->line = 0;
	snprintf(im->err->msg, sizeof(im->err->msg), "database: %s", store_errmsg(im->s));
	return -1;
}

static int old_path(struct importer *im, const char *path, long long post_id, const char *now)
{
	if (!path || strcmp(path, now) == 0)
		return 0;
	int rc = store_old_path_add(im->s, path, post_id, NULL);
	if (rc < 0)
		return import_db_error(im);
	if (rc == 0) {
		im->paths.added++;
		im->changed = 1;
	}
	return 0;
}

/* The old addresses of an imported post: its link, ?p=ID, /YYYY/MM/DD/slug, /slug
 * (and a page's place under its parents). */
static int old_paths(struct importer *im, const struct wxr_item *it, long long id, const char *slug,
		     int page)
{
	struct buf now = {0};
	publish_path(&now, page ? POST_TYPE_PAGE : POST_TYPE_POST, slug);
	struct pool *sp = import_scratch(im);
	const char *n = pool_strdup(sp, buf_str(&now));
	buf_free(&now);
	/* (A guid is no address, whatever it looks like: ?p=ID stands for it.) */
	int rc = old_path(im, import_old_path(im, it->link), id, n);
	if (rc == 0)
		rc = old_path(im, pool_printf(sp, "?p=%lld", it->post_id), id, n);
	const char *name = it->name && *it->name ? it->name : NULL;
	long long t;
	if (rc == 0 && name && !page &&
	    (import_wp_date(it->date, &t) == 0 || import_wp_date(it->date_gmt, &t) == 0)) {
		struct iso_civil c;
		iso_civil_from_unix(t, &c);
		rc = old_path(
		    im,
		    import_old_path(im, pool_printf(sp, "%s/%04lld/%02d/%02d/%s", im->base_path,
						    c.year, c.month, c.day, name)),
		    id, n);
	}
	if (rc == 0 && name)
		rc = old_path(
		    im,
		    import_old_path(im, page ? page_chain(im, it, name)
					     : pool_printf(sp, "%s/%s", im->base_path, name)),
		    id, n);
	return rc;
}

/* The post's tags: its categories and tags, each once. */
static void tags_of(struct importer *im, const struct wxr_item *it, struct postfile *pf)
{
	for (size_t i = 0; i < it->ncats && pf->ntags < POSTFILE_MAX_TAGS; i++) {
		const struct wxr_cat *c = &it->cats[i];
		int cat = c->domain && !strcmp(c->domain, "category");
		if (!c->nicename || (!cat && (!c->domain || strcmp(c->domain, "post_tag"))))
			continue;
		if (cat && !strcmp(c->nicename, "uncategorized"))
			continue; /* WordPress's default, which says nothing */
		char key[WXR_FIELD_MAX + 4];
		snprintf(key, sizeof(key), "%c:%s", cat ? 'c' : 't', c->nicename);
		struct strmap_slot *t = strmap_get(&im->cat_tags, key);
		if (!t || !t->val || !*t->val)
			continue;
		int dup = 0;
		for (size_t k = 0; k < pf->ntags && !dup; k++)
			dup = strcasecmp(pf->tags[k], t->val) == 0;
		if (dup)
			continue;
		pf->tags = xrealloc(pf->tags, (pf->ntags + 1) * sizeof(*pf->tags));
		pf->tags[pf->ntags++] = xstrdup(t->val);
	}
}

/* WordPress's status as one of ours; NULL with why when the item is not imported. */
static int status_of(struct importer *im, const struct wxr_item *it, struct postfile *pf,
		     const char **why)
{
	const char *s = it->status ? it->status : "publish";
	*why = NULL;
	if (!strcmp(s, "publish"))
		pf->status = POST_PUBLISHED;
	else if (!strcmp(s, "future"))
		pf->status = pf->has_date ? POST_SCHEDULED : POST_DRAFT;
	else if (!strcmp(s, "draft") || !strcmp(s, "pending"))
		pf->status = POST_DRAFT;
	else if (!strcmp(s, "private")) {
		pf->status = POST_DRAFT;
		import_note(im, it->line, "item %lld “%s” was private: it is a draft here",
			    it->post_id, im->item_title);
	} else
		*why = !strcmp(s, "trash")	  ? "it is in WordPress's trash"
		       : !strcmp(s, "auto-draft") ? "it is an auto-draft"
						  : pool_printf(im->ip,
								"its status '%s' is none a post "
								"has here",
								import_shown(im, s));
	if (!*why && it->password && *it->password) {
		pf->status = POST_DRAFT;
		import_note(im, it->line,
			    "item %lld “%s” was protected by a password: it is a draft here",
			    it->post_id, im->item_title);
	}
	return *why ? -1 : 0;
}

static int write_item(struct importer *im, const struct wxr_item *it)
{
	pool_free(im->ip);
	pool_free(im->cp);
	im->cp = NULL;
	im->scratch = im->ip = pool_new();
	im->item_local = 0;
	im->nthread = 0;
	int page = import_is_type(it, "page");
	im->item_page = page;
	im->item_title = import_shown(im, it->title);
	if (import_is_type(it, "attachment"))
		return 0;
	const char *what = pool_printf(im->ip, "item %lld “%s”", it->post_id, im->item_title);
	if (!page && !import_is_type(it, "post")) {
		import_skip(im, it->line, "%s: WordPress's kind '%s' is not imported%s", what,
			    import_shown(im, it->type),
			    import_is_type(it, "nav_menu_item")
				? " (menus are not: pages are listed in "
				  "the site's navigation)"
				: "");
		return 0;
	}
	if (it->post_id <= 0) {
		import_skip(im, it->line, "%s: it has no wp:post_id to know it by", what);
		return 0;
	}
	if (it->too_long) {
		import_skip(im, it->line, "%s: its <%s> is longer than an import takes", what,
			    it->too_long);
		return 0;
	}
	struct import_count *count = page ? &im->pages_c : &im->posts;
	long long local;
	int rc = store_import_find(im->s, im->source, "post", it->post_id, &local);
	if (rc < 0)
		return import_db_error(im);
	if (rc == 0) {
		/* Imported before: its new comments may still come. */
		struct pool *p = pool_new();
		struct post_row row;
		im->item_local = store_post_by_id(im->s, p, local, &row) == 0 ? local : 0;
		pool_free(p);
		count->already++;
		return 0;
	}
	struct postfile pf = {.comments = -1, .format = POST_FORMAT_HTML};
	const char *why;
	long long t;
	if (import_wp_date(it->date_gmt, &t) == 0 || import_wp_date(it->date, &t) == 0) {
		pf.date = t;
		pf.has_date = 1;
	}
	if (status_of(im, it, &pf, &why) != 0) {
		import_skip(im, it->line, "%s: %s", what, why);
		return 0;
	}
	struct sanitized san;
	if (body_of(im, it, &san) != 0 || im->pass < 0 || san.html.len > POSTFILE_MAX_BYTES) {
		int fatal = im->pass < 0;
		sanitized_free(&san);
		if (fatal)
			return -1;
		import_skip(im, it->line, "%s: its text is longer than a post may be", what);
		return 0;
	}
	pf.title = title_of(im, it, buf_str(&san.text));
	pf.slug = slug_of(im, it, pf.title, page);
	pf.type = page ? POST_TYPE_PAGE : POST_TYPE_POST;
	pf.body = buf_detach(&san.html, &pf.body_len);
	sanitized_free(&san);
	if (!pf.body)
		pf.body = xstrdup("");
	const char *author = import_writer(im, it->creator);
	pf.author = author ? xstrdup(author) : NULL;
	int closed = it->comment_status && !strcmp(it->comment_status, "closed");
	/* A page takes comments where it had some; a post as the site says, unless closed. */
	pf.comments = closed ? COMMENTS_CLOSED : page && it->has_comments ? COMMENTS_OPEN : -1;
	if (page) {
		long long o = it->menu_order;
		pf.order = (int)(o > POSTFILE_ORDER_MAX	   ? POSTFILE_ORDER_MAX
				 : o < -POSTFILE_ORDER_MAX ? -POSTFILE_ORDER_MAX
							   : o);
	} else {
		pf.sticky = it->sticky;
		tags_of(im, it, &pf);
	}
	if (it->excerpt && *it->excerpt) {
		struct buf e = {0};
		sanitize_text_line(it->excerpt, strlen(it->excerpt), &e);
		if (e.len)
			pf.excerpt = import_cut_utf8(buf_str(&e), POSTFILE_EXCERPT_MAX);
		buf_free(&e);
	}
	struct publish_args args = {.create_only = 1};
	struct publish_result res;
	char err[300];
	rc = publish_post(im->s, &pf, &args, &res, err, sizeof(err));
	if (rc == 0) {
		free(res.url);
		im->item_local = res.id;
		count->added++;
		im->changed = 1;
		rc = store_import_put(im->s, im->source, "post", it->post_id, res.id) != 0
			 ? import_db_error(im)
			 : old_paths(im, it, res.id, pf.slug, page);
	} else {
		im->err->line = it->line;
		snprintf(im->err->msg, sizeof(im->err->msg), "%s: %s", what, err);
	}
	postfile_free(&pf);
	return rc;
}

static int p2_item(void *ud, const struct wxr_item *it, struct wxr_error *err)
{
	(void)err;
	return write_item(ud, it);
}

/* ---- the whole ---- */

static void importer_free(struct importer *im, int failed)
{
	for (size_t i = 0; i < im->nnew; i++) {
		if (failed)
			unlink(im->new_files[i]);
		free(im->new_files[i]);
	}
	free(im->new_files);
	free(im->authors);
	free(im->att);
	free(im->pages);
	free(im->thread);
	strmap_free(&im->creators);
	strmap_free(&im->handles);
	strmap_free(&im->cat_tags);
	strmap_free(&im->cat_parents);
	strmap_free(&im->att_by_id);
	strmap_free(&im->files);
	if (im->skipped)
		fclose(im->skipped);
	if (im->notes)
		fclose(im->notes);
	pool_free(im->ip);
	pool_free(im->cp);
	pool_free(im->p);
}

static void message(const struct wxr_error *e, char *err, size_t errlen)
{
	if (e->line)
		snprintf(err, errlen, "%u: %s", e->line, e->msg);
	else
		snprintf(err, errlen, "%s", e->msg);
}

int import_wordpress(struct store *s, const char *path, const struct import_opts *o, char *err,
		     size_t errlen)
{
	struct wxr_error e = {0};
	struct importer im = {.s = s, .o = o, .p = pool_new(), .err = &e, .pass = 1};
	struct wxr_handler first = {&im, p1_site, p1_author, p1_term, p1_item, NULL, NULL};
	if (wxr_read_file(path, &first, &e) != 0) {
		message(&e, err, errlen);
		importer_free(&im, 1);
		return -1;
	}
	if (!im.source) {
		snprintf(err, errlen,
			 "the file names no site (wp:base_site_url), which imported rows are "
			 "known by");
		importer_free(&im, 1);
		return -1;
	}
	if (im.npages)
		qsort(im.pages, im.npages, sizeof(*im.pages), by_page_id);
	im.pass = 2;
	if (store_begin(s) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		importer_free(&im, 1);
		return -1;
	}
	struct wxr_handler second = {&im, NULL, NULL, NULL, p2_item, import_p2_comment, NULL};
	long long mark = job_news_mark(s);
	int rc = mark < 0 ? -1 : import_site_write(&im);
	if (rc == 0)
		rc = wxr_read_file(path, &second, &e);
	/* What a site brings along is old news, mailed to nobody and sent to no follower. */
	if (rc == 0 && job_forget_news(s, mark) != 0) {
		snprintf(e.msg, sizeof(e.msg), "database: %s", store_errmsg(s));
		e.line = 0;
		rc = -1;
	}
	/* Nothing new: nothing is committed, so the press is as it was, byte for byte. */
	if (rc == 0 && im.changed && store_commit(s) != 0) {
		snprintf(e.msg, sizeof(e.msg), "database: %s", store_errmsg(s));
		e.line = 0;
		rc = -1;
	}
	if (rc != 0 || !im.changed)
		store_rollback(s);
	if (rc != 0)
		message(&e, err, errlen);
	else
		report(&im);
	importer_free(&im, rc != 0);
	return rc;
}
