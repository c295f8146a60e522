/* markdown_text: the plain text of a Markdown document, for search and text-only feeds. */
#include "render/markdown.h"
#include "render/markdown_int.h"
#include "util/buf.h"

#include <md4c.h>

struct text_ctx {
	struct buf *out;
};

/* Ends a block with one newline, never two in a row, so the text reads as paragraphs. */
static void newline(struct text_ctx *c)
{
	if (c->out->len && c->out->data[c->out->len - 1] != '\n')
		buf_putc(c->out, '\n');
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	(void)type;
	(void)detail;
	newline(ud);
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	(void)type;
	(void)detail;
	newline(ud);
	return 0;
}

static int span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)type;
	(void)detail;
	(void)ud;
	return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *ud)
{
	struct text_ctx *c = ud;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		buf_putc(c->out, ' ');
		break;
	case MD_TEXT_ENTITY:
		md_entity_decode(c->out, s, size);
		break;
	default:
		buf_put(c->out, s, size);
	}
	return 0;
}

int md_plain_text(const char *src, size_t len, struct buf *out)
{
	struct buf text_src = {0};
	md_source_full(&text_src, src, len);
	struct text_ctx c = {.out = out};
	MD_PARSER parser = {
	    .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS |
		     MD_FLAG_NOHTML,
	    .enter_block = enter_block,
	    .leave_block = leave_block,
	    .enter_span = span,
	    .leave_span = span,
	    .text = text,
	};
	int rc = md_parse(text_src.data, (MD_SIZE)text_src.len, &parser, &c);
	buf_free(&text_src);
	return rc == 0 ? 0 : -1;
}
