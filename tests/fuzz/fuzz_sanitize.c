/* fuzz_sanitize: sanitize_html on arbitrary bytes must never crash or leak, must give valid
 * UTF-8 without script or event handlers, and must be a fixed point. */
#include "port/sanitize.h"
#include "util/escape.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *rewrite(void *ud, const char *url)
{
	(void)ud;
	return strncmp(url, "http://old/", 11) == 0 ? "/media/x.png" : NULL;
}

static int in_words(const char *list, const char *w, size_t n)
{
	for (const char *s = list; *s;) {
		size_t len = strcspn(s, " ");
		if (len == n && strncmp(s, w, n) == 0)
			return 1;
		s += len + (s[len] == ' ');
	}
	return 0;
}

static const char tags[] =
    "a abbr audio b bdi bdo blockquote br caption cite code dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small "
    "source span strong sub summary sup table tbody td tfoot th thead time tr u ul var video wbr";
static const char attrs[] = "href src alt width height cite datetime colspan rowspan scope "
			    "start reversed value controls poster type lang dir title rel";

/* Every tag of the output: a known element with known attributes, links with a good scheme.
 * Text and attribute values are escaped, so every raw '<' starts a tag or the marker. */
static void check_tags(const char *h)
{
	for (const char *s = strchr(h, '<'); s; s = strchr(s, '<')) {
		if (strncmp(s, "<!--more-->", 11) == 0) {
			s += 11;
			continue;
		}
		s += 1 + (s[1] == '/');
		size_t n = strcspn(s, " >");
		if (!in_words(tags, s, n))
			abort();
		s += n;
		while (*s == ' ') {
			s++;
			size_t an = strcspn(s, "=> ");
			if (!in_words(attrs, s, an))
				abort();
			int is_url = (an == 4 && !strncmp(s, "href", 4)) ||
				     (an == 3 && !strncmp(s, "src", 3)) ||
				     (an == 4 && !strncmp(s, "cite", 4)) ||
				     (an == 6 && !strncmp(s, "poster", 6));
			s += an;
			if (*s != '=')
				continue;
			if (s[1] != '"')
				abort();
			const char *v = s + 2, *end = strchr(v, '"');
			if (!end || memchr(v, '<', (size_t)(end - v)) ||
			    memchr(v, '>', (size_t)(end - v)))
				abort();
			if (is_url && !url_scheme_allowed(v, (size_t)(end - v)))
				abort();
			s = end + 1;
		}
		if (*s != '>')
			abort();
	}
}

static void check(const struct sanitized *s)
{
	if (!utf8_valid(s->html.data, s->html.len, NULL) ||
	    !utf8_valid(s->excerpt.data, s->excerpt.len, NULL) ||
	    !utf8_valid(s->text.data, s->text.len, NULL))
		abort();
	check_tags(buf_str(&s->html));
	check_tags(buf_str(&s->excerpt));
	if (s->words < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct sanitize_opts o = {.untrusted = data[0] & 1, .rewrite = rewrite};
	const char *html = (const char *)data + 1;
	struct sanitized a, b;
	if (sanitize_html(html, size - 1, &o, &a) != 0)
		abort();
	check(&a);
	if (sanitize_html(a.html.data, a.html.len, &o, &b) != 0)
		abort();
	if (a.html.len != b.html.len || memcmp(a.html.data, b.html.data, a.html.len) != 0)
		abort();
	sanitized_free(&a);
	sanitized_free(&b);
	return 0;
}
