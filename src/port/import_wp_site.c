/* import_wp_site: what a WordPress site has besides its posts: writers, tags, attachments, the
 * links into its uploads folder, and its old addresses. */
#include "media/media_file.h"
#include "port/import_wp_int.h"
#include "port/sanitize.h"
#include "post/slug.h"
#include "store/store.h"
#include "store/store_import.h"
#include "store/store_media.h"
#include "util/escape.h"
#include "util/pool.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a string map ---- */

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct strmap_slot *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->slots[i].key)
			return NULL;
		if (strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i];
	}
}

struct strmap_slot *strmap_put(struct strmap *m, struct pool *p, const char *key)
{
	struct strmap_slot *found = strmap_get(m, key);
	if (found)
		return found;
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct strmap_slot *v = xcalloc(cap, sizeof(*v));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = hash(m->slots[i].key) & (cap - 1);
			while (v[j].key)
				j = (j + 1) & (cap - 1);
			v[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = v;
		m->cap = cap;
	}
	size_t i = hash(key) & (m->cap - 1);
	while (m->slots[i].key)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].key = pool_strdup(p, key);
	m->n++;
	return &m->slots[i];
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* ---- names ---- */

void import_handle_of(const char *login, char out[33])
{
	size_t n = 0;
	for (const char *c = login ? login : ""; *c && n < 32; c++) {
		int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			 (*c >= '0' && *c <= '9') || *c == '_';
		if (ok)
			out[n++] = *c;
		else if ((*c == '.' || *c == '-' || *c == ' ' || *c == '@' || *c == '+') && n &&
			 out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n && out[n - 1] == '_')
		n--;
	out[n] = '\0';
	if (!n)
		snprintf(out, 33, "writer");
}

void import_tag_of(const char *name, const char *slug, char out[65])
{
	slug_tag_of_words(name ? name : "", out);
	if (!out[0])
		slug_tag_of_words(slug ? slug : "", out);
}

struct pool *import_scratch(struct importer *im)
{
	return im->scratch ? im->scratch : im->p;
}

const char *import_shown(struct importer *im, const char *s)
{
	struct buf b = {0};
	sanitize_text_line(s ? s : "", s ? strlen(s) : 0, &b);
	size_t n = 0, len = b.len;
	while (n < len) {
		uint32_t cp;
		size_t l = utf8_decode(b.data + n, len - n, &cp);
		if (n + l > 60)
			break;
		n += l;
	}
	const char *out =
	    pool_printf(import_scratch(im), "%.*s%s", (int)n, buf_str(&b), n < len ? "…" : "");
	buf_free(&b);
	return out;
}

/* ---- the first reading ---- */

int import_site_author(struct importer *im, const struct wxr_author *a)
{
	if (!a->login || !*a->login) {
		import_skip(im, a->line, "an author without a login");
		return 0;
	}
	if (im->nauthors == im->cap_authors) {
		im->cap_authors = im->cap_authors ? im->cap_authors * 2 : 16;
		im->authors = xrealloc(im->authors, im->cap_authors * sizeof(*im->authors));
	}
	struct wxr_author *c = &im->authors[im->nauthors++];
	memset(c, 0, sizeof(*c));
	c->line = a->line;
	c->login = pool_strdup(im->p, a->login);
	c->display_name = a->display_name ? pool_strdup(im->p, a->display_name) : NULL;
	c->first_name = a->first_name ? pool_strdup(im->p, a->first_name) : NULL;
	c->last_name = a->last_name ? pool_strdup(im->p, a->last_name) : NULL;
	/* The author's email stays behind: writers here have none. */
	return 0;
}

int import_site_term(struct importer *im, const struct wxr_term *t)
{
	char key[WXR_FIELD_MAX + 4];
	if (t->kind == WXR_OTHER_TERM) {
		snprintf(key, sizeof(key), "x:%s", t->taxonomy ? t->taxonomy : "?");
		struct strmap_slot *seen = strmap_put(&im->cat_tags, im->p, key);
		if (!seen->num++)
			import_skip(im, t->line,
				    "terms of the taxonomy '%s' (such as '%s'): only "
				    "categories and tags become tags",
				    import_shown(im, key + 2), import_shown(im, t->name));
		return 0;
	}
	/* WordPress's default category says nothing about a post: no tag, no address. */
	if (!t->slug || !*t->slug || (t->kind == WXR_CATEGORY && !strcmp(t->slug, "uncategorized")))
		return 0;
	snprintf(key, sizeof(key), "%c:%s", t->kind == WXR_CATEGORY ? 'c' : 't', t->slug);
	/* Items name their categories again and again: the first time counts. */
	if (strmap_get(&im->cat_tags, key))
		return 0;
	if (t->kind == WXR_CATEGORY && t->parent && *t->parent)
		strmap_put(&im->cat_parents, im->p, t->slug)->val = pool_strdup(im->p, t->parent);
	char tag[65];
	import_tag_of(t->name, t->slug, tag);
	struct buf full = {0};
	sanitize_text_line(t->name ? t->name : "", t->name ? strlen(t->name) : 0, &full);
	if (tag[0] && strlen(tag) == 64 && full.len > 64)
		import_note(im, t->line, "“%s” is the tag #%s here (a tag has at most 64 bytes)",
			    import_shown(im, t->name), tag);
	buf_free(&full);
	strmap_put(&im->cat_tags, im->p, key)->val = tag[0] ? pool_strdup(im->p, tag) : "";
	return 0;
}

int import_site_attachment(struct importer *im, const struct wxr_item *it)
{
	if (im->natt == im->cap_att) {
		im->cap_att = im->cap_att ? im->cap_att * 2 : 64;
		im->att = xrealloc(im->att, im->cap_att * sizeof(*im->att));
	}
	struct import_attachment *a = &im->att[im->natt++];
	memset(a, 0, sizeof(*a));
	a->id = it->post_id;
	a->parent = it->parent;
	a->line = it->line;
	a->url = it->attachment_url ? pool_strdup(im->p, it->attachment_url)
		 : it->guid	    ? pool_strdup(im->p, it->guid)
				    : NULL;
	a->file = it->attached_file ? pool_strdup(im->p, it->attached_file) : NULL;
	a->title = it->title ? pool_strdup(im->p, it->title) : NULL;
	char key[32];
	snprintf(key, sizeof(key), "%lld", a->id);
	strmap_put(&im->att_by_id, im->p, key)->num = (long long)im->natt;
	return 0;
}

/* ---- writers ---- */

static int add_writer(struct importer *im, const char *login, const char *name, unsigned line)
{
	if (strmap_get(&im->handles, login))
		return 0;
	char handle[40];
	import_handle_of(login, handle);
	struct pool *p = pool_new();
	struct user_row u;
	int rc = store_user_get(im->s, p, handle, &u);
	if (rc == 0) {
		im->writers.already++;
	} else if (rc == 1) {
		struct buf nm = {0};
		sanitize_text_line(name && *name ? name : login,
				   strlen(name && *name ? name : login), &nm);
		size_t n = 0;
		while (n < nm.len) {
			uint32_t cp;
			size_t l = utf8_decode(nm.data + n, nm.len - n, &cp);
			if (n + l > 100)
				break;
			n += l;
		}
		const char *shown = n ? pool_strndup(p, nm.data, n) : handle;
		buf_free(&nm);
		rc = store_user_add(im->s, handle, shown, "");
		if (rc == 0) {
			im->writers.added++;
			im->changed = 1;
			if (strcmp(handle, login) != 0)
				import_note(im, line, "the writer '%s' has the handle @%s here",
					    import_shown(im, login), handle);
		}
	}
	pool_free(p);
	if (rc != 0) {
		im->err->line = 0;
		snprintf(im->err->msg, sizeof(im->err->msg), "database: %s", store_errmsg(im->s));
		return -1;
	}
	strmap_put(&im->handles, im->p, login)->val = pool_strdup(im->p, handle);
	return 0;
}

const char *import_writer(struct importer *im, const char *login)
{
	struct strmap_slot *s = login ? strmap_get(&im->handles, login) : NULL;
	return s ? s->val : NULL;
}

static int write_writers(struct importer *im)
{
	for (size_t i = 0; i < im->nauthors; i++) {
		const struct wxr_author *a = &im->authors[i];
		const char *name = a->display_name;
		if (!name || !*name)
			name = a->first_name && *a->first_name
				   ? pool_printf(im->p, "%s%s%s", a->first_name,
						 a->last_name && *a->last_name ? " " : "",
						 a->last_name ? a->last_name : "")
				   : a->login;
		if (add_writer(im, a->login, name, a->line) != 0)
			return -1;
	}
	/* Logins that only items name (WXR 1.0 lists no authors). */
	for (size_t i = 0; i < im->creators.cap; i++)
		if (im->creators.slots[i].key &&
		    !strmap_get(&im->handles, im->creators.slots[i].key) &&
		    add_writer(im, im->creators.slots[i].key, NULL, 0) != 0)
			return -1;
	return 0;
}

/* ---- files of the uploads folder ---- */

/* A relative path inside the uploads folder, or NULL when it could lead out of it. */
static const char *safe_path(struct importer *im, const char *path)
{
	if (!path || !*path || path[0] == '/' || strlen(path) > 1024 || strstr(path, "\\") ||
	    !strcmp(path, "..") || !strncmp(path, "../", 3) || strstr(path, "/../") ||
	    (strlen(path) >= 3 && !strcmp(path + strlen(path) - 3, "/..")))
		return NULL;
	return pool_strdup(import_scratch(im), path);
}

static void remember_new(struct importer *im, const struct media_stored *m)
{
	if (im->nnew == im->cap_new) {
		im->cap_new = im->cap_new ? im->cap_new * 2 : 32;
		im->new_files = xrealloc(im->new_files, im->cap_new * sizeof(*im->new_files));
	}
	size_t n = strlen(im->o->data_dir) + 100;
	im->new_files[im->nnew] = xmalloc(n);
	snprintf(im->new_files[im->nnew++], n, "%s/media/%s.%s", im->o->data_dir, m->hash, m->ext);
}

/* Copies one file of the uploads folder in: its /media/ URL, or NULL with why in *why;
 * -1 in *fatal when the press's own disk failed. */
static const char *copy_file(struct importer *im, const char *rel, const char **why, int *fatal)
{
	/* Each file once: num 1 with its URL in val, or 0 with why it is missing. */
	struct strmap_slot *slot = strmap_get(&im->files, rel);
	if (slot) {
		*why = slot->num ? NULL : slot->val;
		return slot->num ? slot->val : NULL;
	}
	slot = strmap_put(&im->files, im->p, rel);
	if (!im->o->media_dir) {
		*why = slot->val = "was not copied: no --media-dir was given";
		return NULL;
	}
	struct media_stored m;
	char msg[300];
	const char *full = pool_printf(import_scratch(im), "%s/%s", im->o->media_dir, rel);
	int rc = media_copy_in(im->o->data_dir, full, IMPORT_MEDIA_MAX, &m, msg, sizeof(msg));
	if (rc == 500) {
		*fatal = 1;
		im->err->line = 0;
		snprintf(im->err->msg, sizeof(im->err->msg), "%s: %s", full, msg);
		return NULL;
	}
	if (rc != 0) {
		const char *t = strstr(msg, "content is ");
		size_t tl = t ? strcspn(t + 11, ",") : 0;
		*why = slot->val =
		    rc == 404 ? "is not in --media-dir"
		    : rc == 413
			? "is larger than the 100 MB an import copies"
			: pool_printf(im->p, "is not an image the media library takes (it is %.*s)",
				      (int)tl, t ? t + 11 : "");
		return NULL;
	}
	if (!m.existed)
		remember_new(im, &m);
	const char *base = strrchr(rel, '/');
	int added = store_media_add(im->s, m.hash, m.ext, m.type, m.size, base ? base + 1 : rel, 0);
	if (added < 0) {
		*fatal = 1;
		im->err->line = 0;
		snprintf(im->err->msg, sizeof(im->err->msg), "database: %s", store_errmsg(im->s));
		return NULL;
	}
	if (added == 0) {
		im->media.added++;
		im->changed = 1;
	} else {
		im->media.already++;
	}
	slot->num = 1;
	slot->val = pool_printf(im->p, "/media/%s.%s", m.hash, m.ext);
	*why = NULL;
	return slot->val;
}

/* The uploads path in a URL of the old site: "2020/01/a.png", decoded; NULL when it is not
 * one. */
static const char *uploads_path(struct importer *im, const char *url)
{
	const char *at = url ? strstr(url, "/wp-content/uploads/") : NULL;
	if (!at)
		return NULL;
	if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "//", 2) == 0) {
		const char *h = strstr(url, "//") + 2;
		size_t hn = strcspn(h, "/:?#");
		const char *mine = im->host ? im->host : "";
		if (!strncasecmp(h, "www.", 4) && hn > 4 && strncasecmp(mine, "www.", 4))
			h += 4, hn -= 4;
		if (!strncasecmp(mine, "www.", 4))
			mine += 4;
		if (hn != strlen(mine) || strncasecmp(h, mine, hn) != 0)
			return NULL;
	} else if (url[0] != '/') {
		return NULL;
	}
	at += strlen("/wp-content/uploads/");
	size_t n = strcspn(at, "?#");
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (at[i] == '%' && i + 2 < n + 1 && at[i + 1] && at[i + 2]) {
			char hx[3] = {at[i + 1], at[i + 2], 0};
			char *e;
			long v = strtol(hx, &e, 16);
			if (!*e && v > 0) {
				buf_putc(&b, (char)v);
				i += 2;
				continue;
			}
		}
		buf_putc(&b, at[i]);
	}
	const char *rel = utf8_valid(buf_str(&b), b.len, NULL) ? safe_path(im, buf_str(&b)) : NULL;
	buf_free(&b);
	return rel;
}

static int write_media(struct importer *im)
{
	for (size_t i = 0; i < im->natt; i++) {
		struct import_attachment *a = &im->att[i];
		const char *rel = a->file ? safe_path(im, a->file) : uploads_path(im, a->url);
		const char *title = import_shown(im, a->title);
		if (!rel) {
			import_skip(im, a->line, "attachment %lld “%s”: %s", a->id, title,
				    a->file ? "its file's path leads out of the uploads folder"
					    : "no file is named for it");
			continue;
		}
		const char *why = NULL;
		int fatal = 0;
		a->media = copy_file(im, rel, &why, &fatal);
		if (fatal)
			return -1;
		if (!a->media)
			import_skip(im, a->line, "attachment %lld “%s”: %s %s", a->id, title, rel,
				    why);
	}
	return 0;
}

const char *import_rewrite_url(void *ud, const char *url)
{
	struct importer *im = ud;
	const char *rel = uploads_path(im, url);
	if (!rel)
		return NULL;
	const char *why = NULL;
	int fatal = 0, listed = strmap_get(&im->files, rel) != NULL;
	const char *to = copy_file(im, rel, &why, &fatal);
	if (fatal)
		im->pass = -1; /* the item's caller sees it and stops */
	else if (!to && !listed && im->o->media_dir)
		import_skip(im, 0, "file %s, linked from “%s”, %s", rel, im->item_title, why);
	return to;
}

const char *import_gallery_image(void *ud, long long id, const char **title)
{
	struct importer *im = ud;
	char key[32];
	snprintf(key, sizeof(key), "%lld", id);
	struct strmap_slot *s = strmap_get(&im->att_by_id, key);
	if (!s)
		return NULL;
	struct import_attachment *a = &im->att[s->num - 1];
	*title = a->title;
	return a->media ? a->media : a->url;
}

size_t import_gallery_children(void *ud, long long post, long long *ids, size_t max)
{
	struct importer *im = ud;
	size_t n = 0;
	for (size_t i = 0; i < im->natt && n < max; i++)
		if (im->att[i].parent == post)
			ids[n++] = im->att[i].id;
	return n;
}

/* ---- old addresses ---- */

const char *import_old_path(struct importer *im, const char *url)
{
	if (!url)
		return NULL;
	const char *path = url;
	if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) {
		const char *h = strstr(url, "//") + 2;
		size_t hn = strcspn(h, "/?#");
		const char *mine = im->host ? im->host : "";
		if (hn != strlen(mine) || strncasecmp(h, mine, hn) != 0)
			return NULL;
		path = h + hn;
	} else if (url[0] != '/') {
		return NULL;
	}
	size_t plen = strcspn(path, "?#");
	const char *q = path[plen] == '?' ? path + plen + 1 : NULL;
	struct buf b = {0};
	for (size_t i = 0; i < plen; i++) {
		if (path[i] == '%' && i + 2 < plen) {
			char hx[3] = {path[i + 1], path[i + 2], 0};
			char *e;
			long v = strtol(hx, &e, 16);
			if (!*e && v > 0) {
				buf_putc(&b, (char)v);
				i += 2;
				continue;
			}
		}
		buf_putc(&b, path[i]);
	}
	while (b.len && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	const char *out = NULL;
	if (b.len == 0 || strcmp(buf_str(&b), im->base_path) == 0) {
		/* The home page with ?p=ID or ?page_id=ID. */
		long long id = 0;
		for (const char *k = q; k && *k;
		     k += strcspn(k, "&") + (k[strcspn(k, "&")] == '&')) {
			if (!strncmp(k, "p=", 2))
				id = atoll(k + 2);
			else if (!strncmp(k, "page_id=", 8))
				id = atoll(k + 8);
		}
		if (id > 0)
			out = pool_printf(import_scratch(im), "?p=%lld", id);
	} else if (b.len <= 1000 && utf8_valid(b.data, b.len, NULL)) {
		out = pool_strdup(import_scratch(im), b.data);
	}
	buf_free(&b);
	return out;
}

/* The old addresses of categories and tags: /category/parent/child and /tag/slug. */
static int write_term_paths(struct importer *im)
{
	for (size_t i = 0; i < im->cat_tags.cap; i++) {
		const struct strmap_slot *t = &im->cat_tags.slots[i];
		if (!t->key || (t->key[0] != 'c' && t->key[0] != 't') || !t->val || !*t->val)
			continue;
		const char *slug = t->key + 2;
		struct buf path = {0};
		if (t->key[0] == 'c') {
			/* The parents first, each at most once (a loop in the file stops it). */
			const char *chain[16];
			size_t n = 0;
			for (const char *s = slug; s && n < 16; n++) {
				chain[n] = s;
				struct strmap_slot *up = strmap_get(&im->cat_parents, s);
				s = up ? up->val : NULL;
			}
			buf_printf(&path, "%s/category", im->base_path);
			while (n--)
				buf_printf(&path, "/%s", chain[n]);
		} else {
			buf_printf(&path, "%s/tag/%s", im->base_path, slug);
		}
		struct buf target = {0};
		buf_puts(&target, "/tag/");
		esc_url_component(&target, t->val, strlen(t->val));
		const char *decoded = import_old_path(im, buf_str(&path));
		int rc = decoded ? store_old_path_add(im->s, decoded, 0, buf_str(&target)) : 1;
		buf_free(&path);
		buf_free(&target);
		if (rc < 0) {
			snprintf(im->err->msg, sizeof(im->err->msg), "database: %s",
				 store_errmsg(im->s));
			return -1;
		}
		if (rc == 0) {
			im->paths.added++;
			im->changed = 1;
		}
	}
	/* WordPress's feed address. */
	int rc = store_old_path_add(im->s, pool_printf(im->p, "%s/feed", im->base_path), 0,
				    "/feed.atom");
	if (rc == 0)
		im->changed = 1, im->paths.added++;
	return rc < 0 ? -1 : 0;
}

int import_site_write(struct importer *im)
{
	return write_writers(im) || write_media(im) || write_term_paths(im) ? -1 : 0;
}
