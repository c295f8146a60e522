/* fuzz_xhtml: any bytes as a piece's HTML must give a book document that is well-formed XML
 * and web HTML of valid UTF-8, without crashing or leaking. */
#include "journal/xhtml.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const slugs[] = {"first", "second"};

static int keep(void *ud, const char *name)
{
	(void)ud;
	return name[0] < '8';
}

static void check_xml(const struct buf *b)
{
	struct buf d = {0};
	buf_printf(&d, "<body xmlns=\"http://www.w3.org/1999/xhtml\">%s</body>", buf_str(b));
	xmlDocPtr doc = xmlReadMemory(d.data, (int)d.len, NULL, "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		abort();
	xmlFreeDoc(doc);
	buf_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Two pieces: the input split at its first NUL (or all of it), and a fixed one with ids
	 * the first may link to. */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	const char *html[] = {text, "<h2 id=\"x\">X</h2><p><a href=\"/posts/first#a\">1</a></p>"};
	for (int mode = XH_BOOK; mode <= XH_WEB; mode++) {
		struct xh_issue is = {.mode = (enum xh_mode)mode,
				      .n = 2,
				      .slugs = slugs,
				      .base_url = "https://press.example.org",
				      .keep_image = keep};
		struct xh_set *x = xh_parse(&is, html);
		for (size_t i = 0; i < 2; i++) {
			struct buf out = {0};
			xh_write(x, i, &out);
			if (!utf8_valid(buf_str(&out), out.len, NULL))
				abort();
			if (mode == XH_BOOK)
				check_xml(&out);
			buf_free(&out);
		}
		xh_free(x);
	}
	struct buf t = {0};
	xh_text(text, size & 1, &t);
	buf_free(&t);
	free(text);
	return 0;
}
