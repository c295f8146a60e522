/* wxr: the streaming reader over a WordPress export, element by element, field by field. */
#include "port/wxr.h"
#include "port/wxr_filter.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

enum ns { NS_NONE, NS_WP, NS_CONTENT, NS_EXCERPT, NS_DC, NS_OTHER };

/* What the element being read belongs to. */
enum ctx { C_NONE, C_AUTHOR, C_CATEGORY, C_TAG, C_TERM, C_ITEM, C_POSTMETA, C_COMMENT };

enum field_kind { F_STR, F_NUM, F_BOOL, F_DROP };

struct reader {
	xmlTextReaderPtr x;
	const struct wxr_source *src;
	const struct wxr_handler *h;
	struct wxr_error *err;
	int failed;
	struct wxr_filter filt;
	size_t out_at; /* how much of filt.out the parser has taken */
	char chunk[CHUNK];
	int eof, io_errno;
	unsigned perr_line;
	char perr[300];
	/* The channel. */
	struct pool *site_pool;
	struct wxr_site site;
	char ns_version[8];
	int site_sent;
	/* The records being read. */
	enum ctx ctx;
	struct pool *rec; /* the author, term or item, and its comment */
	struct pool *cpool;
	struct wxr_author author;
	struct wxr_term term;
	struct wxr_item item;
	struct wxr_comment comment;
	int item_open, item_sent;
	const char *meta_key;
	/* The field being read: its text goes to one of these. */
	int in_field, field_depth;
	enum field_kind kind;
	const char **str;
	long long *num;
	int *flag;
	size_t max;
	const char *field_name;
	const char **too_long; /* where an over-long field is noted, or NULL: an error */
	int over;
	struct buf text;
	long long nitems, ncomments, nauthors, nterms;
};

static int fail(struct reader *r, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Messages quote the file: what was cut or malformed there becomes '?'. */
static void clean_message(char *msg)
{
	size_t n = strlen(msg), o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(msg + i, n - i, &cp);
		int bad = cp == 0xFFFD && !(len == 3 && !memcmp(msg + i, "\xEF\xBF\xBD", 3));
		if (bad || cp < 0x20) {
			msg[o++] = '?';
		} else {
			memmove(msg + o, msg + i, len);
			o += len;
		}
		i += len;
	}
	msg[o] = '\0';
}

static int fail(struct reader *r, unsigned line, const char *fmt, ...)
{
	if (r->failed)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	r->err->line = line;
	vsnprintf(r->err->msg, sizeof(r->err->msg), fmt, ap);
	va_end(ap);
	clean_message(r->err->msg);
	r->failed = 1;
	return -1;
}

static unsigned line_now(struct reader *r)
{
	int l = xmlTextReaderGetParserLineNumber(r->x);
	return l > 0 ? (unsigned)l : 0;
}

/* ---- the bytes, filtered, for the parser ---- */

/* Bytes filtered and not yet handed to the parser. */
static size_t waiting(const struct reader *r)
{
	return r->filt.out.len - r->out_at;
}

static int fill(struct reader *r, size_t want)
{
	while (waiting(r) < want && !r->eof) {
		if (r->out_at > 0) {
			/* What was handed over goes, before the buffer grows. */
			memmove(r->filt.out.data, r->filt.out.data + r->out_at, waiting(r));
			r->filt.out.len -= r->out_at;
			r->out_at = 0;
		}
		ssize_t n = r->src->read(r->src->ud, r->chunk, sizeof(r->chunk));
		if (n < 0) {
			r->io_errno = errno ? errno : EIO;
			return -1;
		}
		if (n == 0) {
			r->eof = 1;
			wxr_filter_end(&r->filt);
		} else if (wxr_filter_put(&r->filt, r->chunk, (size_t)n) != 0) {
			return -1;
		}
	}
	return 0;
}

static int read_cb(void *ctx, char *buffer, int len)
{
	struct reader *r = ctx;
	if (len <= 0)
		return 0;
	if (fill(r, (size_t)len) != 0 && !waiting(r))
		return -1;
	size_t n = waiting(r) < (size_t)len ? waiting(r) : (size_t)len;
	if (n == 0)
		return r->filt.doctype_line ? -1 : 0;
	memcpy(buffer, r->filt.out.data + r->out_at, n);
	r->out_at += n;
	return (int)n;
}

static int close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct reader *r = ctx;
	if (r->perr[0] || !e || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE)
		return;
	snprintf(r->perr, sizeof(r->perr), "%s", e->message ? e->message : "unreadable XML");
	size_t n = strlen(r->perr);
	while (n && (r->perr[n - 1] == '\n' || r->perr[n - 1] == ' '))
		r->perr[--n] = '\0';
	r->perr_line = e->line > 0 ? (unsigned)e->line : 0;
}

/* Nothing outside the file is ever read, whatever the parser is asked. */
static xmlParserInputPtr no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(no_entities);
}

/* The XML declaration's encoding, when it names one: only UTF-8 is read. */
static int check_encoding(struct reader *r)
{
	if (fill(r, 512) != 0 && !waiting(r))
		return 0; /* the DOCTYPE or read error is reported by the parse */
	char enc[48];
	if (wxr_filter_encoding(buf_str(&r->filt.out) + r->out_at, enc, sizeof(enc)) == 0)
		return 0;
	return fail(r, 1,
		    "the file says it is in %s; only UTF-8 exports are read (WordPress writes "
		    "UTF-8 when the site's charset is UTF-8)",
		    enc);
}

/* ---- names ---- */

static enum ns ns_of(struct reader *r)
{
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r->x);
	if (!uri) {
		/* An undeclared prefix: the name keeps it. */
		const char *name = (const char *)xmlTextReaderConstName(r->x);
		if (name && strncmp(name, "wp:", 3) == 0)
			return NS_WP;
		if (name && strncmp(name, "content:", 8) == 0)
			return NS_CONTENT;
		if (name && strncmp(name, "excerpt:", 8) == 0)
			return NS_EXCERPT;
		if (name && strncmp(name, "dc:", 3) == 0)
			return NS_DC;
		return NS_NONE;
	}
	if (strncmp(uri, "http://wordpress.org/export/1.", 30) == 0) {
		if (strstr(uri + 30, "/excerpt/"))
			return NS_EXCERPT;
		if (!r->ns_version[0])
			snprintf(r->ns_version, sizeof(r->ns_version), "1.%.*s",
				 (int)strcspn(uri + 30, "/"), uri + 30);
		return NS_WP;
	}
	if (strcmp(uri, "http://purl.org/rss/1.0/modules/content/") == 0)
		return NS_CONTENT;
	if (strcmp(uri, "http://purl.org/dc/elements/1.1/") == 0)
		return NS_DC;
	return NS_OTHER;
}

static const char *local_name(struct reader *r)
{
	const char *n = (const char *)xmlTextReaderConstLocalName(r->x);
	if (!n)
		return "";
	/* An undeclared prefix is part of the local name. */
	const char *colon = strchr(n, ':');
	return colon ? colon + 1 : n;
}

/* ---- fields ---- */

static void field(struct reader *r, enum field_kind kind, void *target, size_t max,
		  const char *name, const char **too_long)
{
	r->in_field = 1;
	r->field_depth = xmlTextReaderDepth(r->x);
	r->kind = kind;
	r->str = kind == F_STR ? target : NULL;
	r->num = kind == F_NUM ? target : NULL;
	r->flag = kind == F_BOOL ? target : NULL;
	r->max = max;
	r->field_name = name;
	r->too_long = too_long;
	r->over = 0;
	buf_reset(&r->text);
}

static int text(struct reader *r, const char *s)
{
	if (!r->in_field || r->kind == F_DROP || r->over)
		return 0;
	size_t n = strlen(s);
	if (r->text.len + n > r->max) {
		if (!r->too_long)
			return fail(r, line_now(r), "<%s> is longer than %zu bytes", r->field_name,
				    r->max);
		r->over = 1;
		if (!*r->too_long)
			*r->too_long = r->field_name;
		return 0;
	}
	buf_put(&r->text, s, n);
	return 0;
}

/* A whole number, blanks around it allowed; empty is 0. */
static int parse_num(const char *s, long long *out)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	int neg = *s == '-';
	s += neg;
	long long v = 0;
	size_t digits = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if (++digits > 18)
			return -1;
		else
			v = v * 10 + (*s - '0');
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s || (neg && !digits))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static struct pool *field_pool(struct reader *r)
{
	return r->ctx == C_COMMENT ? r->cpool : r->ctx == C_NONE ? r->site_pool : r->rec;
}

static int end_field(struct reader *r)
{
	r->in_field = 0;
	if (r->over)
		return 0;
	const char *t = buf_str(&r->text);
	if (r->kind == F_STR) {
		*r->str = pool_strndup(field_pool(r), t, r->text.len);
	} else if (r->kind == F_NUM) {
		if (parse_num(t, r->num) != 0)
			return fail(r, line_now(r), "<%s> should be a number, not '%.40s'",
				    r->field_name, t);
	} else if (r->kind == F_BOOL) {
		long long v = 0;
		*r->flag = parse_num(t, &v) == 0 && v != 0;
	}
	return 0;
}

/* ---- records ---- */

/* A callback's refusal keeps the callback's message. */
static int called(struct reader *r, int rc)
{
	if (rc != 0 && !r->failed) {
		r->failed = 1;
		if (!r->err->msg[0])
			snprintf(r->err->msg, sizeof(r->err->msg), "the import stopped");
		clean_message(r->err->msg);
	}
	return rc != 0 ? -1 : 0;
}

static int send_site(struct reader *r)
{
	if (r->site_sent)
		return 0;
	r->site_sent = 1;
	if (!r->site.version)
		r->site.version = r->ns_version[0] ? r->ns_version : "1.1";
	return r->h->site ? called(r, r->h->site(r->h->ud, &r->site, r->err)) : 0;
}

static void new_record(struct reader *r, enum ctx ctx)
{
	pool_free(r->rec);
	r->rec = pool_new();
	r->ctx = ctx;
	memset(&r->author, 0, sizeof(r->author));
	memset(&r->term, 0, sizeof(r->term));
	memset(&r->item, 0, sizeof(r->item));
	r->author.line = r->term.line = r->item.line = line_now(r);
	r->item_open = ctx == C_ITEM;
	r->item_sent = 0;
}

static int send_item(struct reader *r)
{
	if (r->item_sent)
		return 0;
	r->item_sent = 1;
	return r->h->item ? called(r, r->h->item(r->h->ud, &r->item, r->err)) : 0;
}

static int end_record(struct reader *r, enum ctx ctx)
{
	int rc = 0;
	if (ctx == C_AUTHOR && r->h->author) {
		rc = called(r, r->h->author(r->h->ud, &r->author, r->err));
	} else if ((ctx == C_CATEGORY || ctx == C_TAG || ctx == C_TERM) && r->h->term) {
		rc = called(r, r->h->term(r->h->ud, &r->term, r->err));
	} else if (ctx == C_ITEM) {
		rc = send_item(r);
		if (rc == 0 && r->h->item_end)
			rc = called(r, r->h->item_end(r->h->ud, &r->item, r->err));
		r->item_open = 0;
	}
	r->ctx = C_NONE;
	return rc;
}

static int end_comment(struct reader *r)
{
	r->ctx = C_ITEM;
	int rc =
	    r->h->comment ? called(r, r->h->comment(r->h->ud, &r->item, &r->comment, r->err)) : 0;
	pool_free(r->cpool);
	r->cpool = NULL;
	return rc;
}

/* ---- elements ---- */

#define IS(ns_, name_) (ns == (ns_) && strcmp(name, name_) == 0)

static int channel_child(struct reader *r, enum ns ns, const char *name)
{
	struct wxr_site *s = &r->site;
	if (IS(NS_WP, "wxr_version"))
		field(r, F_STR, &s->version, WXR_FIELD_MAX, "wp:wxr_version", NULL);
	else if (IS(NS_WP, "base_site_url"))
		field(r, F_STR, &s->base_site_url, WXR_FIELD_MAX, "wp:base_site_url", NULL);
	else if (IS(NS_WP, "base_blog_url"))
		field(r, F_STR, &s->base_blog_url, WXR_FIELD_MAX, "wp:base_blog_url", NULL);
	else if (IS(NS_NONE, "title") && !r->site_sent)
		field(r, F_STR, &s->title, WXR_FIELD_MAX, "title", NULL);
	else if (IS(NS_NONE, "link") && !r->site_sent)
		field(r, F_STR, &s->link, WXR_FIELD_MAX, "link", NULL);
	else if (IS(NS_WP, "author") || IS(NS_WP, "category") || IS(NS_WP, "tag") ||
		 IS(NS_WP, "term") || IS(NS_NONE, "item")) {
		if (send_site(r) != 0)
			return -1;
		if (IS(NS_NONE, "item")) {
			if (++r->nitems > WXR_ITEMS_MAX)
				return fail(r, line_now(r), "more than %d items", WXR_ITEMS_MAX);
			new_record(r, C_ITEM);
		} else if (IS(NS_WP, "author")) {
			if (++r->nauthors > WXR_AUTHORS_MAX)
				return fail(r, line_now(r), "more than %d authors",
					    WXR_AUTHORS_MAX);
			new_record(r, C_AUTHOR);
		} else {
			if (++r->nterms > WXR_TERMS_MAX)
				return fail(r, line_now(r), "more than %d terms", WXR_TERMS_MAX);
			new_record(r, IS(NS_WP, "category") ? C_CATEGORY
				      : IS(NS_WP, "tag")    ? C_TAG
							    : C_TERM);
			r->term.kind = r->ctx == C_CATEGORY ? WXR_CATEGORY
				       : r->ctx == C_TAG    ? WXR_TAG
							    : WXR_OTHER_TERM;
		}
		if (xmlTextReaderIsEmptyElement(r->x))
			return end_record(r, r->ctx);
		return 0;
	}
	return r->in_field ? 0 : 1;
}

static int author_child(struct reader *r, enum ns ns, const char *name)
{
	struct wxr_author *a = &r->author;
	static const char *const names[] = {"author_login", "author_email", "author_display_name",
					    "author_first_name", "author_last_name"};
	const char **targets[] = {&a->login, &a->email, &a->display_name, &a->first_name,
				  &a->last_name};
	if (IS(NS_WP, "author_id")) {
		field(r, F_NUM, &a->id, WXR_FIELD_MAX, "wp:author_id", NULL);
		return 0;
	}
	for (size_t i = 0; i < 5; i++)
		if (IS(NS_WP, names[i])) {
			field(r, F_STR, targets[i], WXR_FIELD_MAX, names[i], NULL);
			return 0;
		}
	return 1;
}

static int term_child(struct reader *r, enum ns ns, const char *name)
{
	struct wxr_term *t = &r->term;
	if (IS(NS_WP, "term_id"))
		field(r, F_NUM, &t->id, WXR_FIELD_MAX, "wp:term_id", NULL);
	else if (IS(NS_WP, "category_nicename") || IS(NS_WP, "tag_slug") || IS(NS_WP, "term_slug"))
		field(r, F_STR, &t->slug, WXR_FIELD_MAX, "wp:category_nicename", NULL);
	else if (IS(NS_WP, "category_parent") || IS(NS_WP, "term_parent"))
		field(r, F_STR, &t->parent, WXR_FIELD_MAX, "wp:category_parent", NULL);
	else if (IS(NS_WP, "cat_name") || IS(NS_WP, "tag_name") || IS(NS_WP, "term_name"))
		field(r, F_STR, &t->name, WXR_FIELD_MAX, "wp:cat_name", NULL);
	else if (IS(NS_WP, "term_taxonomy"))
		field(r, F_STR, &t->taxonomy, WXR_FIELD_MAX, "wp:term_taxonomy", NULL);
	else
		return 1;
	return 0;
}

/* An item's own field after its comments: WordPress writes comments last, and the item has
 * been handed over already. */
static int late(struct reader *r, const char *name)
{
	return fail(r, line_now(r),
		    "<%s> comes after the item's comments; a WordPress export writes them last",
		    name);
}

static char *attr(struct reader *r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r->x, (const xmlChar *)name);
	char *s = v ? pool_strdup(r->rec, (const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static int item_child(struct reader *r, enum ns ns, const char *name)
{
	struct wxr_item *it = &r->item;
	const char **tl = &it->too_long;
	if (IS(NS_WP, "comment")) {
		if (++r->ncomments > WXR_COMMENTS_MAX)
			return fail(r, line_now(r), "more than %d comments", WXR_COMMENTS_MAX);
		it->has_comments = 1;
		if (send_item(r) != 0)
			return -1;
		r->ctx = C_COMMENT;
		r->cpool = pool_new();
		memset(&r->comment, 0, sizeof(r->comment));
		r->comment.line = line_now(r);
		if (xmlTextReaderIsEmptyElement(r->x))
			return end_comment(r);
		return 0;
	}
	struct {
		enum ns ns;
		const char *name;
		enum field_kind kind;
		void *target;
		size_t max;
	} fields[] = {
	    {NS_NONE, "title", F_STR, &it->title, WXR_TEXT_MAX},
	    {NS_NONE, "link", F_STR, &it->link, WXR_FIELD_MAX},
	    {NS_NONE, "guid", F_STR, &it->guid, WXR_FIELD_MAX},
	    {NS_DC, "creator", F_STR, &it->creator, WXR_FIELD_MAX},
	    {NS_CONTENT, "encoded", F_STR, &it->content, WXR_CONTENT_MAX},
	    {NS_EXCERPT, "encoded", F_STR, &it->excerpt, WXR_TEXT_MAX},
	    {NS_WP, "post_id", F_NUM, &it->post_id, WXR_FIELD_MAX},
	    {NS_WP, "post_date", F_STR, &it->date, WXR_FIELD_MAX},
	    {NS_WP, "post_date_gmt", F_STR, &it->date_gmt, WXR_FIELD_MAX},
	    {NS_WP, "post_name", F_STR, &it->name, WXR_FIELD_MAX},
	    {NS_WP, "status", F_STR, &it->status, WXR_FIELD_MAX},
	    {NS_WP, "post_parent", F_NUM, &it->parent, WXR_FIELD_MAX},
	    {NS_WP, "menu_order", F_NUM, &it->menu_order, WXR_FIELD_MAX},
	    {NS_WP, "post_type", F_STR, &it->type, WXR_FIELD_MAX},
	    {NS_WP, "post_password", F_STR, &it->password, WXR_FIELD_MAX},
	    {NS_WP, "comment_status", F_STR, &it->comment_status, WXR_FIELD_MAX},
	    {NS_WP, "is_sticky", F_BOOL, &it->sticky, WXR_FIELD_MAX},
	    {NS_WP, "attachment_url", F_STR, &it->attachment_url, WXR_FIELD_MAX},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (ns != fields[i].ns || strcmp(name, fields[i].name) != 0)
			continue;
		if (r->item_sent)
			return late(r, (const char *)xmlTextReaderConstName(r->x));
		field(r, fields[i].kind, fields[i].target, fields[i].max,
		      (const char *)xmlTextReaderConstName(r->x), tl);
		return 0;
	}
	if (IS(NS_NONE, "category")) {
		if (r->item_sent)
			return late(r, "category");
		if (it->ncats == WXR_ITEM_CATS_MAX) {
			it->cats_cut = 1;
			field(r, F_DROP, NULL, 0, "category", NULL);
			return 0;
		}
		struct wxr_cat *c = &it->cats[it->ncats++];
		c->domain = attr(r, "domain");
		c->nicename = attr(r, "nicename");
		if (c->domain && strcmp(c->domain, "tag") == 0)
			c->domain = "post_tag"; /* WXR 1.0 */
		field(r, F_STR, &c->name, WXR_FIELD_MAX, "category", tl);
		return 0;
	}
	if (IS(NS_WP, "postmeta")) {
		if (r->item_sent)
			return late(r, "wp:postmeta");
		r->ctx = C_POSTMETA;
		r->meta_key = NULL;
		if (xmlTextReaderIsEmptyElement(r->x))
			r->ctx = C_ITEM;
		return 0;
	}
	return 1;
}

static int postmeta_child(struct reader *r, enum ns ns, const char *name)
{
	if (IS(NS_WP, "meta_key")) {
		field(r, F_STR, &r->meta_key, WXR_FIELD_MAX, "wp:meta_key", &r->item.too_long);
		return 0;
	}
	if (IS(NS_WP, "meta_value")) {
		/* Only where an attachment's file is (the rest is other plugins' business). */
		if (r->meta_key && strcmp(r->meta_key, "_wp_attached_file") == 0)
			field(r, F_STR, &r->item.attached_file, WXR_FIELD_MAX, "wp:meta_value",
			      &r->item.too_long);
		else
			field(r, F_DROP, NULL, 0, "wp:meta_value", NULL);
		return 0;
	}
	return 1;
}

static int comment_child(struct reader *r, enum ns ns, const char *name)
{
	struct wxr_comment *c = &r->comment;
	const char **tl = &c->too_long;
	if (IS(NS_WP, "comment_author_IP")) {
		/* Readers' addresses are not carried over, and are not even kept while reading. */
		field(r, F_DROP, NULL, 0, "wp:comment_author_IP", NULL);
		return 0;
	}
	struct {
		const char *name;
		enum field_kind kind;
		void *target;
		size_t max;
	} fields[] = {
	    {"comment_id", F_NUM, &c->id, WXR_FIELD_MAX},
	    {"comment_author", F_STR, &c->author, WXR_FIELD_MAX},
	    {"comment_author_email", F_STR, &c->email, WXR_FIELD_MAX},
	    {"comment_author_url", F_STR, &c->url, WXR_FIELD_MAX},
	    {"comment_date", F_STR, &c->date, WXR_FIELD_MAX},
	    {"comment_date_gmt", F_STR, &c->date_gmt, WXR_FIELD_MAX},
	    {"comment_content", F_STR, &c->content, WXR_TEXT_MAX},
	    {"comment_approved", F_STR, &c->approved, WXR_FIELD_MAX},
	    {"comment_type", F_STR, &c->type, WXR_FIELD_MAX},
	    {"comment_parent", F_NUM, &c->parent, WXR_FIELD_MAX},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (IS(NS_WP, fields[i].name)) {
			field(r, fields[i].kind, fields[i].target, fields[i].max,
			      (const char *)xmlTextReaderConstName(r->x), tl);
			return 0;
		}
	return 1;
}

#undef IS

/* An element starts: 0 when taken, 1 to skip it with everything inside, -1 on an error. */
static int start(struct reader *r)
{
	int depth = xmlTextReaderDepth(r->x);
	enum ns ns = ns_of(r);
	const char *name = local_name(r);
	if (r->in_field)
		return fail(r, line_now(r),
			    "<%s> holds an element <%s>; a WordPress export has text there",
			    r->field_name, (const char *)xmlTextReaderConstName(r->x));
	if (depth == 0) {
		if (ns != NS_NONE || strcmp(name, "rss") != 0)
			return fail(r, line_now(r),
				    "this is no WordPress export: it starts with <%s>, not <rss>",
				    (const char *)xmlTextReaderConstName(r->x));
		return 0;
	}
	if (depth == 1)
		return ns == NS_NONE && strcmp(name, "channel") == 0 ? (r->ctx = C_NONE, 0) : 1;
	int rc = 1;
	if (depth == 2 && r->ctx == C_NONE)
		rc = channel_child(r, ns, name);
	else if (depth == 3 && r->ctx == C_AUTHOR)
		rc = author_child(r, ns, name);
	else if (depth == 3 && (r->ctx == C_CATEGORY || r->ctx == C_TAG || r->ctx == C_TERM))
		rc = term_child(r, ns, name);
	else if (depth == 3 && r->ctx == C_ITEM)
		rc = item_child(r, ns, name);
	else if (depth == 4 && r->ctx == C_POSTMETA)
		rc = postmeta_child(r, ns, name);
	else if (depth == 4 && r->ctx == C_COMMENT)
		rc = comment_child(r, ns, name);
	if (rc == 0 && r->in_field && xmlTextReaderIsEmptyElement(r->x))
		return end_field(r);
	return rc;
}

static int end(struct reader *r)
{
	int depth = xmlTextReaderDepth(r->x);
	if (r->in_field && depth == r->field_depth)
		return end_field(r);
	if (depth == 2 && r->ctx != C_NONE)
		return end_record(r, r->ctx);
	if (depth == 3 && r->ctx == C_POSTMETA) {
		r->ctx = C_ITEM;
		return 0;
	}
	if (depth == 3 && r->ctx == C_COMMENT)
		return end_comment(r);
	if (depth == 1)
		return send_site(r);
	return 0;
}

static int node(struct reader *r, int *skip)
{
	*skip = 0;
	switch (xmlTextReaderNodeType(r->x)) {
	case XML_READER_TYPE_ELEMENT: {
		int rc = start(r);
		if (rc < 0)
			return -1;
		*skip = rc == 1;
		return 0;
	}
	case XML_READER_TYPE_END_ELEMENT:
		return end(r);
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
		const char *v = (const char *)xmlTextReaderConstValue(r->x);
		return v ? text(r, v) : 0;
	}
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return fail(r, line_now(r),
			    "the file has a DOCTYPE, which a WordPress export never has: refused, "
			    "so that nothing it declares is read");
	case XML_READER_TYPE_ENTITY_REFERENCE:
		return fail(r, line_now(r), "the entity &%s; is not one XML knows",
			    (const char *)xmlTextReaderConstName(r->x));
	default:
		return 0;
	}
}

int wxr_read(const struct wxr_source *src, const struct wxr_handler *h, struct wxr_error *err)
{
	pthread_once(&init_once, init_libxml);
	struct reader *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	err->line = 0;
	err->msg[0] = '\0';
	r->src = src;
	r->h = h;
	r->err = err;
	r->site_pool = pool_new();
	wxr_filter_init(&r->filt);
	int rc = check_encoding(r);
	if (rc == 0) {
		r->x = xmlReaderForIO(read_cb, close_cb, r, NULL, "UTF-8", XML_PARSE_NONET);
		if (!r->x)
			rc = fail(r, 0, "the XML parser could not be started");
		else
			xmlTextReaderSetStructuredErrorHandler(r->x, on_error, r);
	}
	int saw_rss = 0;
	while (rc == 0) {
		int skip;
		int got = xmlTextReaderRead(r->x);
		for (;;) {
			if (got != 1)
				break;
			if (xmlTextReaderDepth(r->x) == 0 &&
			    xmlTextReaderNodeType(r->x) == XML_READER_TYPE_ELEMENT)
				saw_rss = 1;
			if (node(r, &skip) != 0) {
				got = -2;
				break;
			}
			if (!skip)
				break;
			got = xmlTextReaderNext(r->x);
		}
		if (got == 1)
			continue;
		if (got == 0)
			break;
		rc = -1;
		if (got == -2 || r->failed)
			break;
		if (r->filt.doctype_line)
			fail(r, r->filt.doctype_line,
			     "the file has a DOCTYPE, which a WordPress export never has: refused, "
			     "so that nothing it declares is read");
		else if (r->io_errno)
			fail(r, 0, "read error: %s", strerror(r->io_errno));
		else if (r->perr[0])
			fail(r, r->perr_line, "the XML is broken: %s", r->perr);
		else
			fail(r, line_now(r), "the XML is broken");
	}
	if (rc == 0 && (!saw_rss || !r->site_sent))
		rc = fail(r, 0, "this is no WordPress export: there is no <rss><channel>");
	if (rc == 0 && r->item_open)
		rc = fail(r, line_now(r), "the file ends inside an <item>");
	if (r->x)
		xmlFreeTextReader(r->x);
	pool_free(r->rec);
	pool_free(r->cpool);
	pool_free(r->site_pool);
	buf_free(&r->text);
	wxr_filter_free(&r->filt);
	free(r);
	return rc;
}
