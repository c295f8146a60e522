/* postfile: reads a post file (YAML front matter, then Markdown) into checked fields. */
#include "post/postfile.h"
#include "post/frontmatter.h"
#include "post/slug.h"
#include "util/isodate.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum key {
	K_TITLE,
	K_SLUG,
	K_DATE,
	K_STATUS,
	K_TAGS,
	K_AUTHOR,
	K_SERIES,
	K_PART,
	K_COMMENTS,
	K_VISIBILITY,
	K_TYPE,
	K_FORMAT,
	K_ORDER,
	K_EXCERPT,
	K_STICKY,
	K_IMAGE,
	K_COUNT
};

static const char *const key_names[K_COUNT] = {
    "title",	"slug",	      "date", "status", "tags",	 "author",  "series", "part",
    "comments", "visibility", "type", "format", "order", "excerpt", "sticky", "image"};

static const char *const type_names[] = {"post", "page"};
static const char *const format_names[] = {"markdown", "html"};

const char *post_type_name(int type)
{
	return type == POST_TYPE_PAGE ? "page" : "post";
}

const char *post_format_name(int format)
{
	return format == POST_FORMAT_HTML ? "html" : "markdown";
}

/* Indexed by status + 2. */
static const char *const status_names[] = {"trashed", "scheduled", "draft", "unfinished",
					   "published"};

const char *post_status_name(enum post_status s)
{
	if ((unsigned)(s + 2) < sizeof status_names / sizeof status_names[0])
		return status_names[s + 2];
	return "unknown";
}

static int ascii_fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ascii_caseeq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_fold((unsigned char)a[i]) != ascii_fold((unsigned char)b[i]))
			return 0;
	return 1;
}

int post_status_parse(const char *s, enum post_status *out)
{
	size_t n = strlen(s);
	for (size_t i = 1; i < sizeof status_names / sizeof status_names[0]; i++) {
		if (strlen(status_names[i]) == n && ascii_caseeq(s, status_names[i], n)) {
			*out = (enum post_status)((int)i - 2);
			return 0;
		}
	}
	return -1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Block scalars ("title: >") bring a final newline; quoted ones may bring spaces. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

/*
 * The one scalar of a value: 1 with *sc set, 0 when the key is absent or its value empty, -1
 * after reporting a list or mapping where one value belongs.
 */
static int scalar_of(const struct fm_value *v, enum key k, const struct fm_scalar **sc,
		     struct pf_error *err)
{
	if (!v->present)
		return 0;
	if (v->kind != FM_SCALAR) {
		fm_error(err, v->key_line, "'%s' must be a single value, not a list or a mapping",
			 key_names[k]);
		return -1;
	}
	*sc = &v->items[0];
	const char *s = (*sc)->text;
	size_t n = (*sc)->len;
	trim(&s, &n);
	return (*sc)->is_null || n == 0 ? 0 : 1;
}

/* Titles and series names go into <title>, headings and feeds: one line, nothing invisible. */
static int check_one_line(const char *what, const char *s, size_t n, unsigned line,
			  struct pf_error *err)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			fm_error(err, line, "%s must be on one line", what);
			return -1;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			fm_error(err, line, "%s contains a control character", what);
			return -1;
		}
	}
	return 0;
}

static int set_title(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc = NULL;
	int rc = scalar_of(v, K_TITLE, &sc, err);
	if (rc <= 0) {
		if (rc == 0)
			fm_error(err, sc ? sc->line : v->key_line, "the title is empty");
		return -1;
	}
	const char *s = sc->text;
	size_t n = sc->len;
	trim(&s, &n);
	if (check_one_line("the title", s, n, sc->line, err))
		return -1;
	if (n > POSTFILE_TITLE_MAX) {
		fm_error(err, sc->line, "the title is %zu bytes long (at most %d)", n,
			 POSTFILE_TITLE_MAX);
		return -1;
	}
	pf->title = xstrndup(s, n);
	return 0;
}

static int set_slug(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_SLUG, &sc, err);
	if (rc <= 0)
		return rc;
	if (!slug_valid(sc->text)) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line,
			 "bad slug '%s' (use up to %d lowercase letters, digits and single '-' "
			 "between them, e.g. my-first-post)",
			 shown, SLUG_MAX);
		return -1;
	}
	pf->slug = xstrdup(sc->text);
	return 0;
}

static int set_date(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_DATE, &sc, err);
	if (rc <= 0)
		return rc;
	if (iso_date_parse(sc->text, &pf->date)) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line,
			 "bad date '%s' (use ISO 8601, e.g. 2026-11-27 or 2026-11-27T09:30:00Z)",
			 shown);
		return -1;
	}
	pf->has_date = 1;
	return 0;
}

static int set_status(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_STATUS, &sc, err);
	if (rc <= 0)
		return rc;
	if (post_status_parse(sc->text, &pf->status)) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line,
			 "unknown status '%s' (use draft, unfinished, published or scheduled)",
			 shown);
		return -1;
	}
	return 0;
}

static int tag_char_ok(const char *s, size_t n, size_t *len)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*len = 1;
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '_';
	}
	uint32_t cp;
	*len = utf8_decode(s, n, &cp);
	return slug_is_letter(cp);
}

/* One tag as written (with or without '#'); a repeat of an earlier tag is dropped. */
static int add_tag(struct postfile *pf, const char *s, size_t n, unsigned line,
		   struct pf_error *err)
{
	if (n && s[0] == '#') {
		s++;
		n--;
	}
	if (n == 0) {
		fm_error(err, line, "empty tag (a tag needs at least one letter or digit)");
		return -1;
	}
	char shown[80];
	fm_excerpt(shown, sizeof shown, s, n);
	if (n > POSTFILE_TAG_MAX) {
		fm_error(err, line, "tag '%s' is longer than %d bytes", shown, POSTFILE_TAG_MAX);
		return -1;
	}
	for (size_t i = 0, len; i < n; i += len) {
		if (!tag_char_ok(s + i, n - i, &len)) {
			fm_error(err, line,
				 "bad tag '%s' (tags may hold only letters, digits and '_')",
				 shown);
			return -1;
		}
	}
	for (size_t i = 0; i < pf->ntags; i++)
		if (strlen(pf->tags[i]) == n && ascii_caseeq(pf->tags[i], s, n))
			return 0;
	if (pf->ntags == POSTFILE_MAX_TAGS) {
		fm_error(err, line, "too many tags (at most %d)", POSTFILE_MAX_TAGS);
		return -1;
	}
	pf->tags = xrealloc(pf->tags, (pf->ntags + 1) * sizeof *pf->tags);
	pf->tags[pf->ntags++] = xstrndup(s, n);
	return 0;
}

/* "c, unix" or "#c #unix": commas and blanks both separate; empty pieces are no tags. */
static int add_tag_line(struct postfile *pf, const struct fm_scalar *sc, struct pf_error *err)
{
	const char *s = sc->text, *end = sc->text + sc->len;
	while (s < end) {
		while (s < end && (*s == ',' || is_blank(*s)))
			s++;
		const char *start = s;
		while (s < end && *s != ',' && !is_blank(*s))
			s++;
		if (s > start && add_tag(pf, start, (size_t)(s - start), sc->line, err))
			return -1;
	}
	return 0;
}

static int set_tags(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	if (!v->present)
		return 0;
	if (v->comment_after) {
		fm_error(err, v->key_line,
			 "'#' after 'tags:' starts a YAML comment, so quote the tags "
			 "(tags: \"#c #unix\") or leave out the '#'");
		return -1;
	}
	if (v->kind == FM_NESTED) {
		fm_error(err, v->key_line,
			 "'tags' must be a list of tags or one line of them, e.g. tags: [c, unix]");
		return -1;
	}
	if (v->kind == FM_SCALAR)
		return v->items[0].is_null ? 0 : add_tag_line(pf, &v->items[0], err);
	for (size_t i = 0; i < v->nitems; i++) {
		const struct fm_scalar *sc = &v->items[i];
		const char *s = sc->text;
		size_t n = sc->is_null ? 0 : sc->len;
		trim(&s, &n);
		if (add_tag(pf, s, n, sc->line, err))
			return -1;
	}
	return 0;
}

static int set_author(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_AUTHOR, &sc, err);
	if (rc <= 0)
		return rc;
	const char *s = sc->text;
	size_t n = sc->len;
	trim(&s, &n);
	if (n && s[0] == '@') {
		s++;
		n--;
	}
	int ok = n >= 1 && n <= POSTFILE_AUTHOR_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		char c = s[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '_';
	}
	if (!ok) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line,
			 "bad author '%s' (use a handle of 1 to %d ASCII letters, digits or '_', "
			 "e.g. @jane_doe)",
			 shown, POSTFILE_AUTHOR_MAX);
		return -1;
	}
	pf->author = xstrndup(s, n);
	return 0;
}

static int set_series(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_SERIES, &sc, err);
	if (rc <= 0)
		return rc;
	const char *s = sc->text;
	size_t n = sc->len;
	trim(&s, &n);
	if (check_one_line("the series name", s, n, sc->line, err))
		return -1;
	if (n > POSTFILE_SERIES_MAX) {
		fm_error(err, sc->line, "the series name is %zu bytes long (at most %d)", n,
			 POSTFILE_SERIES_MAX);
		return -1;
	}
	pf->series = xstrndup(s, n);
	return 0;
}

static int set_part(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_PART, &sc, err);
	if (rc <= 0)
		return rc;
	long part = 0;
	size_t i = 0;
	for (; i < sc->len && sc->text[i] >= '0' && sc->text[i] <= '9' && part <= POSTFILE_PART_MAX;
	     i++)
		part = part * 10 + (sc->text[i] - '0');
	if (i != sc->len || part < 1 || part > POSTFILE_PART_MAX) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line, "bad part '%s' (use a whole number from 1 to %d)", shown,
			 POSTFILE_PART_MAX);
		return -1;
	}
	pf->part = (int)part;
	return 0;
}

/* comments: open, moderated or closed (the same numbers as enum comment_mode). */
static int set_comments(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	static const char *const modes[] = {"closed", "open", "moderated"};
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_COMMENTS, &sc, err);
	if (rc <= 0)
		return rc;
	for (int i = 0; i < 3; i++) {
		if (sc->len == strlen(modes[i]) && ascii_caseeq(sc->text, modes[i], sc->len)) {
			pf->comments = i;
			return 0;
		}
	}
	char shown[80];
	fm_excerpt(shown, sizeof shown, sc->text, sc->len);
	fm_error(err, sc->line, "bad comments '%s' (use open, moderated or closed)", shown);
	return -1;
}

/* One word of a fixed pair (type, format), in any ASCII case: 0 with *out its index. */
static int set_word(const struct fm_value *v, enum key k, const char *const names[2], int *out,
		    struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, k, &sc, err);
	if (rc <= 0)
		return rc;
	for (int i = 0; i < 2; i++) {
		if (sc->len == strlen(names[i]) && ascii_caseeq(sc->text, names[i], sc->len)) {
			*out = i;
			return 0;
		}
	}
	char shown[80];
	fm_excerpt(shown, sizeof shown, sc->text, sc->len);
	fm_error(err, sc->line, "bad %s '%s' (use %s or %s)", key_names[k], shown, names[0],
		 names[1]);
	return -1;
}

static int set_type(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	int t = 0, rc = set_word(v, K_TYPE, type_names, &t, err);
	pf->type = (enum post_type)t;
	return rc;
}

static int set_format(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	int f = 0, rc = set_word(v, K_FORMAT, format_names, &f, err);
	pf->format = (enum post_format)f;
	return rc;
}

static int set_order(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_ORDER, &sc, err);
	if (rc <= 0)
		return rc;
	size_t i = sc->text[0] == '-';
	long order = 0;
	for (;
	     i < sc->len && sc->text[i] >= '0' && sc->text[i] <= '9' && order <= POSTFILE_ORDER_MAX;
	     i++)
		order = order * 10 + (sc->text[i] - '0');
	if (i != sc->len || sc->len == (size_t)(sc->text[0] == '-') || order > POSTFILE_ORDER_MAX) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line, "bad order '%s' (use a whole number from -%d to %d)", shown,
			 POSTFILE_ORDER_MAX, POSTFILE_ORDER_MAX);
		return -1;
	}
	pf->order = (int)(sc->text[0] == '-' ? -order : order);
	return 0;
}

static int set_excerpt(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_EXCERPT, &sc, err);
	if (rc <= 0)
		return rc;
	const char *s = sc->text;
	size_t n = sc->len;
	trim(&s, &n);
	if (n > POSTFILE_EXCERPT_MAX) {
		fm_error(err, sc->line, "the excerpt is %zu bytes long (at most %d)", n,
			 POSTFILE_EXCERPT_MAX);
		return -1;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F ||
		    (cp >= 0x80 && cp < 0xA0)) {
			fm_error(err, sc->line, "the excerpt contains a control character");
			return -1;
		}
	}
	pf->excerpt = xstrndup(s, n);
	return 0;
}

static int set_image(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	int rc = scalar_of(v, K_IMAGE, &sc, err);
	if (rc <= 0)
		return rc;
	const char *s = sc->text;
	size_t n = sc->len;
	trim(&s, &n);
	int ok =
	    n > 0 && n <= POSTFILE_IMAGE_MAX &&
	    ((s[0] == '/' && (n == 1 || s[1] != '/')) ||
	     (n > 8 && strncmp(s, "https://", 8) == 0) || (n > 7 && strncmp(s, "http://", 7) == 0));
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)s[i] > 0x20 && s[i] != 0x7f && !strchr("\"'<>\\`", s[i]);
	if (!ok) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, sc->text, sc->len);
		fm_error(err, sc->line,
			 "bad image '%s' (use an image of the site, /media/…, or an https:// "
			 "address)",
			 shown);
		return -1;
	}
	pf->image = xstrndup(s, n);
	return 0;
}

static int set_sticky(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	static const char *const words[] = {"false", "true"};
	return set_word(v, K_STICKY, words, &pf->sticky, err);
}

static int set_visibility(struct postfile *pf, const struct fm_value *v, struct pf_error *err)
{
	static const char *const names[] = {"public", "members"};
	return set_word(v, K_VISIBILITY, names, &pf->visibility, err);
}

typedef int (*setter)(struct postfile *, const struct fm_value *, struct pf_error *);

static const setter setters[K_COUNT] = {
    [K_TITLE] = set_title,     [K_SLUG] = set_slug,	[K_DATE] = set_date,
    [K_STATUS] = set_status,   [K_TAGS] = set_tags,	[K_AUTHOR] = set_author,
    [K_SERIES] = set_series,   [K_PART] = set_part,	[K_COMMENTS] = set_comments,
    [K_TYPE] = set_type,       [K_FORMAT] = set_format, [K_ORDER] = set_order,
    [K_EXCERPT] = set_excerpt, [K_STICKY] = set_sticky, [K_VISIBILITY] = set_visibility,
    [K_IMAGE] = set_image,
};

/* Keys in file order, so the error reported is the first one a writer meets reading down. */
static void file_order(const struct fm_doc *doc, enum key order[K_COUNT])
{
	for (int i = 0; i < K_COUNT; i++) {
		int j = i;
		for (; j > 0 && doc->values[order[j - 1]].key_line > doc->values[i].key_line; j--)
			order[j] = order[j - 1];
		order[j] = (enum key)i;
	}
}

/* What a page does not have, and the slugs it may not take. */
static int check_page(const struct postfile *pf, const struct fm_doc *doc, struct pf_error *err)
{
	static const enum key not_for_pages[] = {K_TAGS, K_SERIES, K_PART, K_STICKY};
	static const char *const why[] = {"a page has no tags", "a page is in no series",
					  "a page is in no series",
					  "a page is never sticky (only posts are listed)"};
	for (size_t i = 0; i < sizeof(not_for_pages) / sizeof(not_for_pages[0]); i++) {
		const struct fm_value *v = &doc->values[not_for_pages[i]];
		if (v->present && !(v->kind == FM_SCALAR && v->items[0].is_null) &&
		    !(v->kind == FM_SEQUENCE && v->nitems == 0)) {
			fm_error(err, v->key_line, "'%s' is not for pages: %s",
				 key_names[not_for_pages[i]], why[i]);
			return -1;
		}
	}
	if (slug_reserved(pf->slug)) {
		unsigned line = doc->values[K_SLUG].present ? doc->values[K_SLUG].key_line
							    : doc->values[K_TITLE].key_line;
		fm_error(err, line,
			 "the slug '%s' is one of the site's own addresses (/%s), so a page cannot "
			 "have it: choose another slug",
			 pf->slug, pf->slug);
		return -1;
	}
	return 0;
}

static int check_post(const struct postfile *pf, const struct fm_doc *doc, struct pf_error *err)
{
	if (doc->values[K_ORDER].present && pf->order) {
		fm_error(err, doc->values[K_ORDER].key_line,
			 "'order' places a page in the navigation: it needs 'type: page'");
		return -1;
	}
	return 0;
}

static int fill(struct postfile *pf, const struct fm_doc *doc, struct pf_error *err)
{
	enum key order[K_COUNT];
	file_order(doc, order);
	for (int i = 0; i < K_COUNT; i++) {
		const struct fm_value *v = &doc->values[order[i]];
		if (v->present && setters[order[i]](pf, v, err))
			return -1;
	}
	if (!pf->title) {
		fm_error(err, 1, "missing required key 'title'");
		return -1;
	}
	if (pf->part && !pf->series) {
		fm_error(err, doc->values[K_PART].key_line,
			 "'part' needs a 'series' for the post to be part of");
		return -1;
	}
	if (pf->status == POST_SCHEDULED && !pf->has_date) {
		fm_error(err, doc->values[K_STATUS].key_line,
			 "a scheduled post needs a 'date' to be published on");
		return -1;
	}
	if (!pf->slug)
		pf->slug = slugify(pf->title);
	return pf->type == POST_TYPE_PAGE ? check_page(pf, doc, err) : check_post(pf, doc, err);
}

/* Markdown tools downstream split on '\n'; a lone CR is left alone. */
static void copy_body(struct postfile *pf, const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			out[o++] = s[i];
	out[o] = '\0';
	pf->body = out;
	pf->body_len = o;
}

static int check_bytes(const char *text, size_t len, struct pf_error *err)
{
	size_t bad;
	if (len > POSTFILE_MAX_BYTES) {
		fm_error(err, 0, "the file is larger than %u MiB", POSTFILE_MAX_BYTES >> 20);
		return -1;
	}
	if (!utf8_valid(text, len, &bad)) {
		fm_error(err, utf8_line_of(text, bad), "%s",
			 text[bad] == '\0' ? "the file contains a NUL byte" : "invalid UTF-8");
		return -1;
	}
	return 0;
}

int postfile_parse(const char *text, size_t len, struct postfile *pf, struct pf_error *err)
{
	struct pf_error scratch;
	if (!err)
		err = &scratch;
	memset(pf, 0, sizeof *pf);
	err->line = 0;
	err->msg[0] = '\0';
	if (check_bytes(text, len, err))
		return -1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	struct fm_split split;
	struct fm_doc doc;
	if (fm_split(text, len, &split, err) ||
	    fm_read(split.yaml, split.yaml_len, split.yaml_line, key_names, K_COUNT, &doc, err))
		return -1;
	struct postfile tmp = {.status = POST_PUBLISHED, .comments = -1};
	int rc = fill(&tmp, &doc, err);
	fm_doc_free(&doc);
	if (rc) {
		postfile_free(&tmp);
		return -1;
	}
	copy_body(&tmp, split.body, split.body_len);
	tmp.body_line = split.body_line;
	*pf = tmp;
	return 0;
}

void postfile_free(struct postfile *pf)
{
	free(pf->title);
	free(pf->slug);
	free(pf->author);
	free(pf->series);
	free(pf->excerpt);
	free(pf->image);
	for (size_t i = 0; i < pf->ntags; i++)
		free(pf->tags[i]);
	free(pf->tags);
	free(pf->body);
	memset(pf, 0, sizeof *pf);
}
