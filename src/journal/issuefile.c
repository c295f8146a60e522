/* issuefile: reads an issue file of the journal (YAML front matter, then the editorial in
 * Markdown) into checked fields. */
#include "journal/issuefile.h"
#include "post/frontmatter.h"
#include "post/slug.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *const issue_key_names[IK__COUNT] = {"volume",  "number", "month", "title",
						"editors", "posts",  "cover", "visibility"};

const char *issue_visibility_name(int v)
{
	return v == ISSUE_MEMBERS ? "members" : "public";
}

int issuefile_media_name(const char *name)
{
	static const char *const exts[] = {"png", "jpg", "gif", "webp", "avif"};
	size_t n = strlen(name);
	if (n < 68 || strspn(name, "0123456789abcdef") != 64 || name[64] != '.')
		return 0;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(name + 65, exts[i]) == 0)
			return 1;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

/* The one scalar of a value, trimmed: 1 with *s, *n and *sc set, 0 when the value is empty,
 * -1 after reporting a list or mapping where one value belongs. */
static int scalar_of(const struct fm_value *v, enum issue_key k, const struct fm_scalar **sc,
		     const char **s, size_t *n, struct pf_error *err)
{
	if (v->kind != FM_SCALAR) {
		fm_error(err, v->key_line, "'%s' must be a single value, not a list or a mapping",
			 issue_key_names[k]);
		return -1;
	}
	*sc = &v->items[0];
	*s = (*sc)->text;
	*n = (*sc)->len;
	trim(s, n);
	return (*sc)->is_null || *n == 0 ? 0 : 1;
}

/* Text that goes into titles, mastheads and book metadata: one line, nothing invisible. */
static int check_line(const char *what, const char *s, size_t n, size_t max, unsigned line,
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
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFE ||
		    cp == 0xFFFF) {
			fm_error(err, line, "%s contains a control character", what);
			return -1;
		}
	}
	if (n > max) {
		fm_error(err, line, "%s is %zu bytes long (at most %zu)", what, n, max);
		return -1;
	}
	return 0;
}

/* volume and number: a whole number from 1 to 9999. */
static int set_count(int *out, const struct fm_value *v, enum issue_key k, struct pf_error *err)
{
	const struct fm_scalar *sc;
	const char *s;
	size_t n;
	int rc = scalar_of(v, k, &sc, &s, &n, err);
	if (rc < 0)
		return -1;
	long x = 0;
	size_t i = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && x <= ISSUE_NUMBER_MAX; i++)
		x = x * 10 + (s[i] - '0');
	if (rc == 0 || i != n || x < 1 || x > ISSUE_NUMBER_MAX) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, s, n);
		fm_error(err, rc ? sc->line : v->key_line,
			 "bad %s '%s' (use a whole number from 1 to %d)", issue_key_names[k], shown,
			 ISSUE_NUMBER_MAX);
		return -1;
	}
	*out = (int)x;
	return 0;
}

static int set_month(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	const char *s;
	size_t n;
	int rc = scalar_of(v, IK_MONTH, &sc, &s, &n, err);
	if (rc < 0)
		return -1;
	int ok = rc == 1 && n == 7 && strspn(s, "0123456789") == 4 && s[4] == '-' &&
		 strspn(s + 5, "0123456789") >= 2;
	int year = ok ? atoi(s) : 0, month = ok ? (s[5] - '0') * 10 + (s[6] - '0') : 0;
	if (!ok || year < 1000 || month < 1 || month > 12) {
		char shown[80];
		fm_excerpt(shown, sizeof shown, s, n);
		fm_error(err, rc ? sc->line : v->key_line,
			 "bad month '%s' (use YYYY-MM, e.g. 2026-12)", shown);
		return -1;
	}
	f->year = year;
	f->month = month;
	return 0;
}

static int set_title(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	const char *s;
	size_t n;
	int rc = scalar_of(v, IK_TITLE, &sc, &s, &n, err);
	if (rc <= 0) {
		if (rc == 0)
			fm_error(err, sc->line, "the title is empty");
		return -1;
	}
	if (check_line("the title", s, n, ISSUE_TITLE_MAX, sc->line, err))
		return -1;
	f->title = xstrndup(s, n);
	return 0;
}

/* Calls take() for each item of a list (an empty one is refused), or for each piece of one
 * line split at commas (empty pieces are skipped, as after a last comma). */
static int each_item(const struct fm_value *v, enum issue_key k, void *ud,
		     int (*take)(void *ud, const char *s, size_t n, unsigned line,
				 struct pf_error *err),
		     struct pf_error *err)
{
	if (v->kind == FM_NESTED) {
		fm_error(err, v->key_line,
			 "'%s' must be a list, or one line of items separated by commas",
			 issue_key_names[k]);
		return -1;
	}
	for (size_t i = 0; i < v->nitems; i++) {
		const struct fm_scalar *sc = &v->items[i];
		const char *s = sc->text, *end = sc->text + sc->len;
		if (v->kind == FM_SEQUENCE) {
			size_t n = sc->is_null ? 0 : sc->len;
			trim(&s, &n);
			if (n == 0) {
				fm_error(err, sc->line, "an empty item in '%s'",
					 issue_key_names[k]);
				return -1;
			}
			if (take(ud, s, n, sc->line, err))
				return -1;
			continue;
		}
		while (!sc->is_null && s < end) {
			const char *comma = memchr(s, ',', (size_t)(end - s));
			const char *stop = comma ? comma : end, *t = s;
			size_t n = (size_t)(stop - s);
			trim(&t, &n);
			if (n && take(ud, t, n, sc->line, err))
				return -1;
			s = comma ? comma + 1 : end;
		}
	}
	return 0;
}

static int take_editor(void *ud, const char *s, size_t n, unsigned line, struct pf_error *err)
{
	struct issuefile *f = ud;
	if (check_line("an editor's name", s, n, ISSUE_EDITOR_MAX, line, err))
		return -1;
	if (f->neditors == ISSUE_MAX_EDITORS) {
		fm_error(err, line, "too many editors (at most %d)", ISSUE_MAX_EDITORS);
		return -1;
	}
	f->editors = xrealloc(f->editors, (f->neditors + 1) * sizeof(*f->editors));
	f->editors[f->neditors++] = xstrndup(s, n);
	return 0;
}

static int take_post(void *ud, const char *s, size_t n, unsigned line, struct pf_error *err)
{
	struct issuefile *f = ud;
	char shown[80];
	fm_excerpt(shown, sizeof shown, s, n);
	/* A post's address works as well as its slug. */
	if (n > 7 && memcmp(s, "/posts/", 7) == 0)
		s += 7, n -= 7;
	char *slug = xstrndup(s, n);
	if (!slug_valid(slug)) {
		fm_error(err, line,
			 "bad post slug '%s' in 'posts' (a slug is the last part of a post's "
			 "address, e.g. reading-the-charter-1)",
			 shown);
		free(slug);
		return -1;
	}
	for (size_t i = 0; i < f->nposts; i++) {
		if (strcmp(f->posts[i], slug) == 0) {
			fm_error(err, line, "the post '%s' is listed twice in 'posts'", slug);
			free(slug);
			return -1;
		}
	}
	if (f->nposts == ISSUE_MAX_POSTS) {
		fm_error(err, line, "too many posts (at most %d in one issue)", ISSUE_MAX_POSTS);
		free(slug);
		return -1;
	}
	f->posts = xrealloc(f->posts, (f->nposts + 1) * sizeof(*f->posts));
	f->posts[f->nposts++] = slug;
	return 0;
}

static int set_editors(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	return each_item(v, IK_EDITORS, f, take_editor, err);
}

static int set_posts(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	return each_item(v, IK_POSTS, f, take_post, err);
}

static int set_cover(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	const char *s;
	size_t n;
	int rc = scalar_of(v, IK_COVER, &sc, &s, &n, err);
	if (rc <= 0)
		return rc;
	char shown[80];
	fm_excerpt(shown, sizeof shown, s, n);
	if (n > 7 && memcmp(s, "/media/", 7) == 0)
		s += 7, n -= 7;
	char *name = xstrndup(s, n);
	if (!issuefile_media_name(name)) {
		fm_error(err, sc->line,
			 "bad cover '%s' (use an image of the media library, as /media/NAME or "
			 "NAME)",
			 shown);
		free(name);
		return -1;
	}
	f->cover = name;
	return 0;
}

static int set_visibility(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	const struct fm_scalar *sc;
	const char *s;
	size_t n;
	int rc = scalar_of(v, IK_VISIBILITY, &sc, &s, &n, err);
	if (rc <= 0)
		return rc;
	if (n == 6 && memcmp(s, "public", 6) == 0) {
		f->visibility = ISSUE_PUBLIC;
	} else if (n == 7 && memcmp(s, "members", 7) == 0) {
		f->visibility = ISSUE_MEMBERS;
	} else {
		char shown[80];
		fm_excerpt(shown, sizeof shown, s, n);
		fm_error(err, sc->line, "bad visibility '%s' (use public or members)", shown);
		return -1;
	}
	return 0;
}

static int set_volume(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	return set_count(&f->volume, v, IK_VOLUME, err);
}

static int set_number(struct issuefile *f, const struct fm_value *v, struct pf_error *err)
{
	return set_count(&f->number, v, IK_NUMBER, err);
}

typedef int (*setter)(struct issuefile *, const struct fm_value *, struct pf_error *);

static const setter setters[IK__COUNT] = {
    [IK_VOLUME] = set_volume, [IK_NUMBER] = set_number,		[IK_MONTH] = set_month,
    [IK_TITLE] = set_title,   [IK_EDITORS] = set_editors,	[IK_POSTS] = set_posts,
    [IK_COVER] = set_cover,   [IK_VISIBILITY] = set_visibility,
};

/* Keys in file order, so the error reported is the first one a writer meets reading down. */
static void file_order(const struct fm_doc *doc, enum issue_key order[IK__COUNT])
{
	for (int i = 0; i < IK__COUNT; i++) {
		int j = i;
		for (; j > 0 && doc->values[order[j - 1]].key_line > doc->values[i].key_line; j--)
			order[j] = order[j - 1];
		order[j] = (enum issue_key)i;
	}
}

static int fill(struct issuefile *f, const struct fm_doc *doc, struct pf_error *err)
{
	enum issue_key order[IK__COUNT];
	file_order(doc, order);
	for (int i = 0; i < IK__COUNT; i++) {
		const struct fm_value *v = &doc->values[order[i]];
		if (v->present && setters[order[i]](f, v, err))
			return -1;
	}
	/* Required keys, reported in the order the file is meant to have them. */
	static const enum issue_key required[] = {IK_VOLUME, IK_NUMBER,	 IK_MONTH,
						  IK_TITLE,  IK_EDITORS, IK_POSTS};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		enum issue_key k = required[i];
		int missing = !doc->values[k].present || (k == IK_EDITORS && f->neditors == 0) ||
			      (k == IK_POSTS && f->nposts == 0);
		if (!missing)
			continue;
		if (k == IK_POSTS && doc->values[k].present)
			fm_error(err, doc->values[k].key_line,
				 "'posts' lists no post (give the slugs of the issue's posts)");
		else if (k == IK_EDITORS && doc->values[k].present)
			fm_error(err, doc->values[k].key_line, "'editors' names no editor");
		else
			fm_error(err, 1, "missing required key '%s'", issue_key_names[k]);
		return -1;
	}
	return 0;
}

static void copy_body(struct issuefile *f, const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			out[o++] = s[i];
	out[o] = '\0';
	f->body = out;
	f->body_len = o;
}

int issuefile_parse(const char *text, size_t len, struct issuefile *f, struct pf_error *err)
{
	struct pf_error scratch;
	if (!err)
		err = &scratch;
	memset(f, 0, sizeof *f);
	err->line = 0;
	err->msg[0] = '\0';
	size_t bad;
	if (len > ISSUEFILE_MAX_BYTES) {
		fm_error(err, 0, "the file is larger than %u MiB", ISSUEFILE_MAX_BYTES >> 20);
		return -1;
	}
	if (!utf8_valid(text, len, &bad)) {
		fm_error(err, utf8_line_of(text, bad), "%s",
			 text[bad] == '\0' ? "the file contains a NUL byte" : "invalid UTF-8");
		return -1;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	struct fm_split split;
	struct fm_doc doc;
	if (fm_split(text, len, &split, err) || fm_read(split.yaml, split.yaml_len, split.yaml_line,
							issue_key_names, IK__COUNT, &doc, err))
		return -1;
	struct issuefile tmp = {.visibility = ISSUE_PUBLIC};
	int rc = fill(&tmp, &doc, err);
	fm_doc_free(&doc);
	if (rc) {
		issuefile_free(&tmp);
		return -1;
	}
	copy_body(&tmp, split.body, split.body_len);
	tmp.body_line = split.body_line;
	*f = tmp;
	return 0;
}

void issuefile_free(struct issuefile *f)
{
	free(f->title);
	for (size_t i = 0; i < f->neditors; i++)
		free(f->editors[i]);
	free(f->editors);
	for (size_t i = 0; i < f->nposts; i++)
		free(f->posts[i]);
	free(f->posts);
	free(f->cover);
	free(f->body);
	memset(f, 0, sizeof *f);
}
