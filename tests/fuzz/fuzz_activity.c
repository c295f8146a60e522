/* fuzz_activity: remote ActivityPub JSON (activities and actor documents) and the HTML of remote
 * replies never crash the parsers, and what they accept keeps its promises: ids and actors are
 * http(s) URLs, an undo is of the actor's own activity, and the Markdown made of a reply is
 * valid UTF-8 that the comment renderer takes. */
#include "fed/activity.h"
#include "fed/json.h"
#include "fed/remote.h"
#include "render/markdown.h"
#include "store/store_fed.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_url(const char *u)
{
	if (u && !fed_url_ok(u))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FED_JSON_MAX)
		return 0;
	const char *s = (const char *)data;
	struct pool *p = pool_new();
	char err[300];
	struct fed_activity a;
	if (fed_activity_parse(s, size, p, &a, err, sizeof(err)) == 0) {
		if (!a.id || !a.actor || !a.type)
			abort();
		check_url(a.id);
		check_url(a.actor);
		check_url(a.object_id);
		check_url(a.inner_object);
		if (a.verb != FED_OTHER && !a.object_id)
			abort();
		if (a.has_note) {
			check_url(a.note.id);
			check_url(a.note.attributed);
			check_url(a.note.in_reply_to);
			check_url(a.note.url);
			const char *html = a.note.content ? a.note.content : "";
			struct buf md = {0}, out = {0};
			if (fed_html_to_markdown(html, strlen(html), &md) == 0) {
				if (!utf8_valid(buf_str(&md), md.len, NULL) && md.len)
					abort();
				struct md_opts o = {.untrusted = 1};
				md_render(buf_str(&md), md.len, &o, &out, NULL);
			}
			buf_free(&md);
			buf_free(&out);
		}
	}
	struct fed_actor_row actor;
	if (fed_actor_parse(s, size, NULL, NULL, p, &actor, err, sizeof(err)) == 0) {
		check_url(actor.uri);
		check_url(actor.inbox);
		if (!actor.key_pem || !actor.key_id || strlen(actor.name) > 100)
			abort();
	}
	/* The bytes as remote HTML too. */
	struct buf md = {0};
	if (size <= FED_CONTENT_MAX && fed_html_to_markdown(s, size, &md) == 0 && md.len &&
	    memchr(md.data, '\0', md.len))
		abort();
	buf_free(&md);
	pool_free(p);
	return 0;
}
