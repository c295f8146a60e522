/* test_fed_doc: the documents the press sends: a post as an Article (name, teaser, full text,
 * absolute links, hashtags, mentions, image) or as a Note (title, excerpt, link, hashtags), and
 * the activities about it. */
#include "fed/doc.h"
#include "fed/fed.h"
#include "fed/json.h"
#include "fed/webfinger.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <string.h>

static struct pool *p;
static struct site site;
static struct fed_site fs;
static struct fed_local mara;
static struct post_row post;
static const char *tags[] = {"Ferries", "Harbour Life"};

static void setup(void)
{
	p = pool_new();
	memset(&site, 0, sizeof(site));
	site.title = "The Open Minutes";
	site.tagline = "Notes";
	site.fediverse_handle = "press";
	cr_assert_eq(fed_site_init(&fs, "https://press.example/", &site, NULL, NULL, p), 0);
	mara = (struct fed_local){.kind = FED_ACTOR_WRITER,
				  .user_id = 1,
				  .handle = "mara",
				  .name = "Mara Quill",
				  .uri = fed_writer_uri(&fs, "mara")};
	memset(&post, 0, sizeof(post));
	post.slug = "harbour-news";
	post.title = "Harbour <news>";
	post.excerpt_html = "<p>The ferry runs.</p>";
	post.body_html =
	    "<p>The ferry runs. Ask <a class=\"mention\" href=\"/@tomas\">@tomas</a> or "
	    "see <a href=\"/tag/Ferries\">#Ferries</a>.</p><p><img src=\"/media/ab.png\" "
	    "alt=\"x\"> <a href=\"//cdn.example/y\">y</a></p>";
	post.published = 1796119200;
	post.updated = 1796119200 + 7200;
	post.tags = tags;
	post.ntags = 2;
}

static void teardown(void)
{
	pool_free(p);
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = fed_json_str(o, k);
	cr_assert(s, "no %s", k);
	return s;
}

TestSuite(fed_doc, .init = setup, .fini = teardown);

Test(fed_doc, article)
{
	cr_expect_str_eq(fs.host, "press.example");
	cr_expect_str_eq(fs.base, "https://press.example");
	json_t *o = fed_doc_object(&fs, &post, &mara, "https://press.example/posts/harbour-news");
	cr_expect_str_eq(str(o, "type"), "Article");
	cr_expect_str_eq(str(o, "id"), "https://press.example/posts/harbour-news");
	cr_expect_str_eq(str(o, "attributedTo"), "https://press.example/users/mara");
	cr_expect_str_eq(str(o, "name"), "Harbour <news>");
	cr_expect_str_eq(str(o, "summary"), "<p>The ferry runs.</p>");
	const char *content = str(o, "content");
	cr_expect(strstr(content, "href=\"https://press.example/@tomas\""), "%s", content);
	cr_expect(strstr(content, "src=\"https://press.example/media/ab.png\""), "%s", content);
	cr_expect(strstr(content, "href=\"//cdn.example/y\""), "protocol-relative links stay");
	cr_expect_str_eq(str(o, "published"), "2026-12-01T10:00:00Z");
	cr_expect_str_eq(str(o, "updated"), "2026-12-01T12:00:00Z");
	cr_expect(fed_json_public(o));
	json_t *cc = json_object_get(o, "cc");
	cr_expect_str_eq(json_string_value(json_array_get(cc, 0)),
			 "https://press.example/users/mara/followers");
	cr_expect_str_eq(json_string_value(json_array_get(cc, 1)),
			 "https://press.example/users/tomas");
	json_t *tag = json_object_get(o, "tag");
	cr_assert_eq(json_array_size(tag), 3);
	cr_expect_str_eq(str(json_array_get(tag, 0), "type"), "Mention");
	cr_expect_str_eq(str(json_array_get(tag, 0), "name"), "@tomas@press.example");
	cr_expect_str_eq(str(json_array_get(tag, 1), "type"), "Hashtag");
	cr_expect_str_eq(str(json_array_get(tag, 1), "name"), "#Ferries");
	cr_expect_str_eq(str(json_array_get(tag, 1), "href"), "https://press.example/tag/Ferries");
	cr_expect_str_eq(str(json_array_get(tag, 2), "href"),
			 "https://press.example/tag/Harbour%20Life");
	cr_expect_str_eq(str(json_object_get(o, "image"), "url"),
			 "https://press.example/media/ab.png");
	json_decref(o);
}

Test(fed_doc, note_mode)
{
	site.fediverse_note = 1;
	json_t *o = fed_doc_object(&fs, &post, &mara, "https://press.example/posts/harbour-news");
	cr_expect_str_eq(str(o, "type"), "Note");
	cr_expect_null(fed_json_str(o, "name"));
	cr_expect_null(fed_json_str(o, "summary"), "a Note's summary would be a content warning");
	cr_expect_str_eq(
	    str(o, "content"),
	    "<p><strong>Harbour &lt;news&gt;</strong></p><p>The ferry runs.</p><p><a "
	    "href=\"https://press.example/posts/harbour-news\">https://press.example/posts/"
	    "harbour-news</a></p><p><a href=\"https://press.example/tag/Ferries\" class=\"mention "
	    "hashtag\" rel=\"tag\">#<span>Ferries</span></a> <a href=\"https://press.example/tag/"
	    "Harbour%20Life\" class=\"mention hashtag\" rel=\"tag\">#<span>Harbour Life</span></a>"
	    "</p>");
	json_decref(o);
}

Test(fed_doc, activities)
{
	const char *id = "https://press.example/posts/harbour-news";
	json_t *o = fed_doc_object(&fs, &post, &mara, id);
	json_t *c = fed_doc_create(&fs, &mara, o);
	cr_expect_str_eq(str(c, "id"), "https://press.example/posts/harbour-news#create");
	cr_expect_str_eq(str(c, "actor"), mara.uri);
	cr_expect(fed_json_public(c));
	cr_expect_null(json_object_get(json_object_get(c, "object"), "@context"));
	json_t *u = fed_doc_update(&fs, &mara, o, post.updated);
	cr_expect_str_eq(str(u, "id"),
			 "https://press.example/posts/harbour-news#update-1796126400");
	json_t *d = fed_doc_delete(&fs, &mara, id);
	cr_expect_str_eq(str(json_object_get(d, "object"), "type"), "Tombstone");
	cr_expect_str_eq(fed_json_key_id(d, "object"), id);
	json_t *a = fed_doc_announce(&fs, &mara, id, post.published);
	cr_expect_str_eq(str(a, "actor"), "https://press.example/press");
	cr_expect_str_eq(str(a, "object"), id);
	json_t *follow =
	    json_pack("{s:s, s:s, s:s, s:s}", "@context", "https://www.w3.org/ns/activitystreams",
		      "id", "https://r.example/f/1", "type", "Follow", "actor", "https://r.e/u");
	json_t *acc = fed_doc_accept(&fs, &mara, follow);
	cr_expect_str_eq(fed_json_key_id(acc, "object"), "https://r.example/f/1");
	cr_expect_str_eq(str(json_object_get(acc, "object"), "type"), "Follow");
	struct fed_local press;
	fed_press_local(&fs, &press);
	json_t *jrd = fed_doc_webfinger(&fs, &press);
	cr_expect_str_eq(str(jrd, "subject"), "acct:press@press.example");
	json_decref(o);
	json_decref(c);
	json_decref(u);
	json_decref(d);
	json_decref(a);
	json_decref(follow);
	json_decref(acc);
	json_decref(jrd);
}

Test(fed_doc, webfinger_resources)
{
	char name[256], host[256];
	cr_expect_eq(webfinger_resource("acct:Mara@Press.Example", name, host), WEBFINGER_ACCT);
	cr_expect_str_eq(name, "mara");
	cr_expect_str_eq(host, "press.example");
	cr_expect_eq(webfinger_resource("acct:@mara@press.example:8443", name, host),
		     WEBFINGER_ACCT);
	cr_expect_str_eq(host, "press.example:8443");
	cr_expect_eq(webfinger_resource("https://press.example/users/mara", name, host),
		     WEBFINGER_URL);
	static const char *const bad[] = {NULL,
					  "",
					  "mara@press.example",
					  "acct:mara",
					  "acct:@press.example",
					  "acct:ma ra@press.example",
					  "acct:mara@press.example:",
					  "acct:mara@a:b:c",
					  "acct:mara@",
					  "mailto:mara@press.example",
					  "https://press example/"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(webfinger_resource(bad[i], name, host), WEBFINGER_BAD, "%s",
			     bad[i] ? bad[i] : "NULL");
}
