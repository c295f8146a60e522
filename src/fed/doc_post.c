/* doc_post: a post as an Article (or a Note) with its hashtags, mentions and image, and the
 * Create, Update, Delete, Announce and Accept activities the press sends. */
#include "fed/doc.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/isodate.h"
#include "util/pool.h"

#include <string.h>

static json_t *iso(long long t)
{
	char s[32];
	iso_date_format(t, s);
	return json_string(s);
}

/* The HTML with our own relative links and images made absolute. */
static void absolute(const struct fed_site *fs, const char *html, struct buf *out)
{
	static const char *const attrs[] = {"href=\"/", "src=\"/"};
	for (const char *s = html; *s;) {
		const char *best = NULL;
		size_t alen = 0;
		for (int i = 0; i < 2; i++) {
			const char *f = strstr(s, attrs[i]);
			if (f && (!best || f < best)) {
				best = f;
				alen = strlen(attrs[i]);
			}
		}
		if (!best) {
			buf_puts(out, s);
			break;
		}
		buf_put(out, s, (size_t)(best - s) + alen - 1);
		if (best[alen] != '/')
			buf_puts(out, fs->base);
		s = best + alen - 1;
	}
}

/* The first image of the body, made absolute, or NULL. */
static const char *first_image(const struct fed_site *fs, const char *html)
{
	const char *img = strstr(html, "<img ");
	const char *src = img ? strstr(img, " src=\"") : NULL;
	if (!src)
		return NULL;
	src += 6;
	size_t n = strcspn(src, "\"");
	const char *url = pool_strndup(fs->pool, src, n);
	if (url[0] == '/' && url[1] != '/')
		url = pool_printf(fs->pool, "%s%s", fs->base, url);
	return fed_url_ok(url) ? url : NULL;
}

/* Mentions of our writers in the body: Mention tags, and their actors in cc. */
static void mentions(const struct fed_site *fs, const char *html, json_t *tags, json_t *cc)
{
	static const char mark[] = "<a class=\"mention\" href=\"/@";
	for (const char *s = html; (s = strstr(s, mark));) {
		s += sizeof(mark) - 1;
		size_t n =
		    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (n == 0 || n > 32 || s[n] != '"')
			continue;
		const char *handle = pool_strndup(fs->pool, s, n);
		const char *uri = fed_writer_uri(fs, handle);
		int seen = 0;
		for (size_t i = 0; i < json_array_size(cc); i++)
			seen |= strcmp(json_string_value(json_array_get(cc, i)), uri) == 0;
		if (seen)
			continue;
		json_array_append_new(cc, json_string(uri));
		json_array_append_new(
		    tags, json_pack("{s:s, s:s, s:s}", "type", "Mention", "href", uri, "name",
				    pool_printf(fs->pool, "@%s@%s", handle, fs->host)));
	}
}

static const char *tag_url(const struct fed_site *fs, const char *name)
{
	struct buf b = {0};
	buf_printf(&b, "%s/tag/", fs->base);
	esc_url_component(&b, name, strlen(name));
	const char *s = pool_strdup(fs->pool, buf_str(&b));
	buf_free(&b);
	return s;
}

json_t *fed_doc_object(const struct fed_site *fs, const struct post_row *post,
		       const struct fed_local *author, const char *object_id)
{
	struct fed_local press;
	if (!author) {
		fed_press_local(fs, &press);
		author = &press;
	}
	const char *page = fed_post_uri(fs, post->slug);
	json_t *o = json_object();
	json_object_set_new(o, "@context", fed_doc_context());
	fed_json_set_str(o, "id", object_id);
	fed_json_set_str(o, "type", fs->site->fediverse_note ? "Note" : "Article");
	fed_json_set_str(o, "attributedTo", author->uri);
	json_t *tags = json_array(), *cc = json_array();
	json_array_append_new(cc, json_string(pool_printf(fs->pool, "%s/followers", author->uri)));
	const char *body = post->body_html ? post->body_html : "";
	mentions(fs, body, tags, cc);
	struct buf hashtags = {0};
	for (size_t i = 0; i < post->ntags; i++) {
		const char *url = tag_url(fs, post->tags[i]);
		json_array_append_new(tags, json_pack("{s:s, s:s, s:s}", "type", "Hashtag", "href",
						      url, "name",
						      pool_printf(fs->pool, "#%s", post->tags[i])));
		buf_puts(&hashtags, i ? " " : "<p>");
		buf_puts(&hashtags, "<a href=\"");
		esc_href(&hashtags, url, strlen(url));
		buf_puts(&hashtags, "\" class=\"mention hashtag\" rel=\"tag\">#<span>");
		esc_html(&hashtags, post->tags[i], strlen(post->tags[i]));
		buf_puts(&hashtags, "</span></a>");
	}
	if (post->ntags)
		buf_puts(&hashtags, "</p>");
	struct buf content = {0}, excerpt = {0};
	absolute(fs, post->excerpt_html ? post->excerpt_html : "", &excerpt);
	if (fs->site->fediverse_note) {
		/* Title, excerpt, link and hashtags: what Mastodon shows of a Note in full. */
		buf_puts(&content, "<p><strong>");
		esc_html(&content, post->title, strlen(post->title));
		buf_puts(&content, "</strong></p>");
		buf_puts(&content, buf_str(&excerpt));
		buf_puts(&content, "<p><a href=\"");
		esc_href(&content, page, strlen(page));
		buf_puts(&content, "\">");
		esc_html(&content, page, strlen(page));
		buf_puts(&content, "</a></p>");
		buf_puts(&content, buf_str(&hashtags));
	} else {
		/* An Article: Mastodon shows the name, the summary as a teaser and the link;
		 * servers that show articles have the whole text. */
		fed_json_set_str(o, "name", post->title);
		fed_json_set_str(o, "summary", buf_str(&excerpt));
		absolute(fs, body, &content);
	}
	fed_json_set_str(o, "content", buf_str(&content));
	buf_free(&content);
	buf_free(&excerpt);
	buf_free(&hashtags);
	fed_json_set_str(o, "url", page);
	json_object_set_new(o, "published", iso(post->published));
	if (post->updated > post->published)
		json_object_set_new(o, "updated", iso(post->updated));
	json_object_set_new(o, "to", json_pack("[s]", AS_PUBLIC));
	json_object_set_new(o, "cc", cc);
	json_object_set_new(o, "tag", tags);
	json_object_set_new(o, "sensitive", json_false());
	const char *image = first_image(fs, body);
	if (image) {
		json_object_set_new(o, "image",
				    json_pack("{s:s, s:s}", "type", "Image", "url", image));
		json_object_set_new(o, "attachment",
				    json_pack("[{s:s, s:s, s:s}]", "type", "Image", "url", image,
					      "name", post->title));
	}
	return o;
}

/* The frame of an activity about object: its id, type, actor, audience and object. */
static json_t *activity(const char *id, const char *type, const struct fed_local *actor,
			json_t *object)
{
	json_t *a = json_object();
	json_object_set_new(a, "@context", fed_doc_context());
	fed_json_set_str(a, "id", id);
	fed_json_set_str(a, "type", type);
	fed_json_set_str(a, "actor", actor->uri);
	json_t *to = json_object_get(object, "to"), *cc = json_object_get(object, "cc");
	if (to)
		json_object_set(a, "to", to);
	else
		json_object_set_new(a, "to", json_pack("[s]", AS_PUBLIC));
	if (cc)
		json_object_set(a, "cc", cc);
	/* An embedded object needs no context of its own. */
	json_object_del(object, "@context");
	json_object_set(a, "object", object);
	return a;
}

json_t *fed_doc_create(const struct fed_site *fs, const struct fed_local *author, json_t *object)
{
	const char *id = pool_printf(fs->pool, "%s#create", fed_json_str(object, "id"));
	json_t *a = activity(id, "Create", author, object);
	json_t *published = json_object_get(object, "published");
	if (published)
		json_object_set(a, "published", published);
	return a;
}

json_t *fed_doc_update(const struct fed_site *fs, const struct fed_local *author, json_t *object,
		       long long updated)
{
	/* Each edit is a new activity: a server that saw one Update takes the next. */
	const char *id =
	    pool_printf(fs->pool, "%s#update-%lld", fed_json_str(object, "id"), updated);
	json_t *a = activity(id, "Update", author, object);
	json_object_set_new(a, "published", iso(updated));
	return a;
}

json_t *fed_doc_delete(const struct fed_site *fs, const struct fed_local *author,
		       const char *object_id)
{
	json_t *tomb =
	    json_pack("{s:s, s:s, s:[s]}", "id", object_id, "type", "Tombstone", "to", AS_PUBLIC);
	const char *id = pool_printf(fs->pool, "%s#delete", object_id);
	json_t *a = activity(id, "Delete", author, tomb);
	json_decref(tomb);
	json_object_del(json_object_get(a, "object"), "to");
	return a;
}

json_t *fed_doc_announce(const struct fed_site *fs, const struct fed_local *author,
			 const char *object_id, long long published)
{
	struct fed_local press;
	fed_press_local(fs, &press);
	json_t *a = json_object();
	json_object_set_new(a, "@context", fed_doc_context());
	fed_json_set_str(a, "id", pool_printf(fs->pool, "%s#announce", object_id));
	fed_json_set_str(a, "type", "Announce");
	fed_json_set_str(a, "actor", press.uri);
	json_object_set_new(a, "published", iso(published));
	json_object_set_new(a, "to", json_pack("[s]", AS_PUBLIC));
	json_object_set_new(
	    a, "cc",
	    json_pack("[s, s]", pool_printf(fs->pool, "%s/followers", press.uri), author->uri));
	fed_json_set_str(a, "object", object_id);
	return a;
}

json_t *fed_doc_accept(const struct fed_site *fs, const struct fed_local *a, json_t *follow)
{
	unsigned long h = 5381;
	for (const char *c = fed_json_str(follow, "id"); c && *c; c++)
		h = h * 33 + (unsigned char)*c;
	json_t *o = json_object();
	json_object_set_new(o, "@context", fed_doc_context());
	fed_json_set_str(o, "id", pool_printf(fs->pool, "%s#accepts/follows/%lx", a->uri, h));
	fed_json_set_str(o, "type", "Accept");
	fed_json_set_str(o, "actor", a->uri);
	json_object_del(follow, "@context");
	json_object_set(o, "object", follow);
	return o;
}

json_t *fed_doc_outbox_page(const struct fed_site *fs, const struct fed_local *a,
			    const struct post_row *posts, size_t n, const char *page_id,
			    const char *next_id)
{
	json_t *o = json_object();
	json_object_set_new(o, "@context", fed_doc_context());
	fed_json_set_str(o, "id", page_id);
	fed_json_set_str(o, "type", "OrderedCollectionPage");
	fed_json_set_str(o, "partOf", pool_printf(fs->pool, "%s/outbox", a->uri));
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct post_row *p = &posts[i];
		const char *id = fed_post_uri(fs, p->slug);
		if (a->kind == FED_ACTOR_PRESS) {
			struct fed_local w = {.uri = a->uri};
			if (p->author_handle)
				w.uri = fed_writer_uri(fs, p->author_handle);
			json_t *an = fed_doc_announce(fs, &w, id, p->published);
			json_object_del(an, "@context");
			json_array_append_new(items, an);
			continue;
		}
		/* The outbox names each Create and its object by id; the object answers in
		 * full at its own address. */
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s, s:o, s:[s], s:s}", "id",
						pool_printf(fs->pool, "%s#create", id), "type",
						"Create", "actor", a->uri, "published",
						iso(p->published), "to", AS_PUBLIC, "object", id));
	}
	json_object_set_new(o, "orderedItems", items);
	if (next_id)
		fed_json_set_str(o, "next", next_id);
	return o;
}
