/* fuzz_wxr: the WXR reader on arbitrary bytes must never crash, leak or hand over a string that
 * is not valid UTF-8 or is longer than its limit. */
#include "port/wxr.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *s, size_t max)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (n > max || !utf8_valid(s, n, NULL))
		abort();
}

static int site(void *ud, const struct wxr_site *s, struct wxr_error *e)
{
	(void)ud;
	(void)e;
	if (!s->version)
		abort();
	check(s->version, WXR_FIELD_MAX);
	check(s->base_site_url, WXR_FIELD_MAX);
	check(s->base_blog_url, WXR_FIELD_MAX);
	check(s->title, WXR_FIELD_MAX);
	return 0;
}

static int author(void *ud, const struct wxr_author *a, struct wxr_error *e)
{
	(void)ud;
	(void)e;
	check(a->login, WXR_FIELD_MAX);
	check(a->email, WXR_FIELD_MAX);
	check(a->display_name, WXR_FIELD_MAX);
	return 0;
}

static int term(void *ud, const struct wxr_term *t, struct wxr_error *e)
{
	(void)ud;
	(void)e;
	check(t->slug, WXR_FIELD_MAX);
	check(t->name, WXR_FIELD_MAX);
	check(t->parent, WXR_FIELD_MAX);
	return 0;
}

static int item(void *ud, const struct wxr_item *it, struct wxr_error *e)
{
	(void)ud;
	(void)e;
	check(it->title, WXR_TEXT_MAX);
	check(it->content, WXR_CONTENT_MAX);
	check(it->excerpt, WXR_TEXT_MAX);
	check(it->name, WXR_FIELD_MAX);
	check(it->attached_file, WXR_FIELD_MAX);
	if (it->ncats > WXR_ITEM_CATS_MAX)
		abort();
	for (size_t i = 0; i < it->ncats; i++) {
		check(it->cats[i].name, WXR_FIELD_MAX);
		check(it->cats[i].domain, WXR_FIELD_MAX);
	}
	return 0;
}

static int comment(void *ud, const struct wxr_item *it, const struct wxr_comment *c,
		   struct wxr_error *e)
{
	(void)ud;
	(void)e;
	(void)it;
	check(c->author, WXR_FIELD_MAX);
	check(c->content, WXR_TEXT_MAX);
	check(c->email, WXR_FIELD_MAX);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wxr_handler h = {NULL, site, author, term, item, comment, NULL};
	struct wxr_error err;
	if (wxr_read_mem((const char *)data, size, &h, &err) != 0 &&
	    (!err.msg[0] || !utf8_valid(err.msg, strlen(err.msg), NULL)))
		abort();
	return 0;
}
