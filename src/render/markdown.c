/* markdown: Markdown to HTML through md4c's callbacks, with our own escaping, tags and links. */
#include "render/markdown.h"
#include "render/markdown_int.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EXCERPT_WORDS 60
/* What our callbacks return to end parsing on purpose; md4c's own failures are -1. */
#define MD_STOP 0x6d64

static void ctx_init(struct md_ctx *c, const struct md_opts *o, struct buf *out, const char *doc,
		     size_t len)
{
	memset(c, 0, sizeof *c);
	c->o = o;
	c->untrusted = o && o->untrusted;
	c->doc = doc;
	c->doc_len = len;
	c->out = c->sink = out;
	c->base = out->len;
	/* Keep data non-NULL so empty scratch buffers can be handed on as (data, 0). */
	buf_grow(&c->head, 64);
	buf_grow(&c->plain, 64);
	buf_grow(&c->run, 256);
	buf_grow(&c->title, 16);
	buf_grow(&c->caption, 16);
	buf_grow(&c->src, 16);
	buf_grow(&c->tmp, 64);
	buf_grow(out, len + len / 4);
}

static void ctx_free(struct md_ctx *c)
{
	buf_free(&c->head);
	buf_free(&c->plain);
	buf_free(&c->run);
	buf_free(&c->title);
	buf_free(&c->caption);
	buf_free(&c->src);
	buf_free(&c->tmp);
	free(c->lit);
	free(c->stack);
	md_set_free(&c->id_set);
	md_set_free(&c->tag_set);
}

static void push(struct md_ctx *c, struct md_open e)
{
	if (c->depth == c->stack_cap) {
		c->stack_cap = c->stack_cap ? 2 * c->stack_cap : 32;
		c->stack = xrealloc(c->stack, c->stack_cap * sizeof *c->stack);
	}
	c->stack[c->depth++] = e;
}

static void add_lit(struct md_ctx *c, size_t off)
{
	if (c->nlit == c->lit_cap) {
		c->lit_cap = c->lit_cap ? 2 * c->lit_cap : 8;
		c->lit = xrealloc(c->lit, c->lit_cap * sizeof *c->lit);
	}
	c->lit[c->nlit++] = off;
}

/* Whether text md4c hands over at s was backslash-escaped in the source. */
static int escaped(const struct md_ctx *c, const char *s)
{
	uintptr_t p = (uintptr_t)s, b = (uintptr_t)c->doc;
	if (p <= b || p >= b + c->doc_len)
		return 0;
	size_t i = p - b, n = 0;
	while (i > 0 && c->doc[i - 1] == '\\')
		i--, n++;
	return n & 1;
}

/* Block tags start on a line of their own, which is all that keeps the HTML readable. */
static void open_tag(struct md_ctx *c, const char *tag)
{
	struct buf *o = c->out;
	if (o->len > c->base && o->data[o->len - 1] != '\n')
		buf_putc(o, '\n');
	buf_puts(o, tag);
}

/* Counts the words of s for an excerpt; returns how much of s fits, setting halt if not all. */
static size_t count_words(struct md_ctx *c, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp = b;
		size_t len = b < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		int cjk = cp >= 0x80 && md_is_cjk(cp);
		if (md_is_space(cp)) {
			c->in_word = 0;
		} else if (cjk || !c->in_word) {
			if (c->words == EXCERPT_WORDS) {
				c->halt = c->block_words ? HALT_DROP : HALT_CUT;
				return i;
			}
			c->words++;
			c->in_word = !cjk;
		}
		i += len;
	}
	return n;
}

/* Writes text (escaped); in an excerpt, only as much as the word limit allows. */
static void put_text(struct md_ctx *c, const char *s, size_t n)
{
	if (c->counting && !c->img_depth)
		n = count_words(c, s, n);
	esc_html(c->sink, s, n);
}

static void add_tag(struct md_ctx *c, const char *name, size_t n)
{
	struct md_tags *t = c->tags;
	buf_reset(&c->tmp);
	md_fold(&c->tmp, name, n);
	if (!md_set_add(&c->tag_set, c->tmp.data, c->tmp.len))
		return;
	if (t->n == c->tags_cap) {
		c->tags_cap = c->tags_cap ? 2 * c->tags_cap : 8;
		t->names = xrealloc(t->names, c->tags_cap * sizeof *t->names);
	}
	t->names[t->n++] = xstrndup(name, n);
}

/* Length of the hashtag name after the '#' at s[i], 0 when it is none. */
static size_t tag_at(const struct md_ctx *c, const char *s, size_t n, size_t i)
{
	uint32_t prev = i ? md_last_cp(s, i) : c->prev;
	if (!md_tag_may_start(prev))
		return 0;
	return md_tag_len(s + i + 1, n - i - 1);
}

/* Length of the known handle after the '@' at s[i], 0 when it is none. */
static size_t handle_at(const struct md_ctx *c, const char *s, size_t n, size_t i)
{
	if (!c->o || !c->o->user_exists)
		return 0;
	uint32_t prev = i ? md_last_cp(s, i) : c->prev;
	if (!md_handle_may_start(prev))
		return 0;
	size_t len = md_handle_len(s + i + 1, n - i - 1);
	if (len && !c->o->user_exists(c->o->ud, s + i + 1, len))
		return 0;
	return len;
}

/* Writes the hashtag or mention at s (its '#' or '@' included, n bytes in all). */
static void put_token(struct md_ctx *c, const char *s, size_t n)
{
	if (c->counting && count_words(c, s, n) < n)
		return;
	struct buf *o = c->sink;
	if (s[0] == '#') {
		buf_puts(o, "<a class=\"hashtag\" href=\"/tag/");
		esc_url_component(o, s + 1, n - 1);
	} else {
		buf_puts(o, "<a class=\"mention\" href=\"/@");
		esc_url_component(o, s + 1, n - 1);
	}
	buf_puts(o, "\">");
	esc_html(o, s, n);
	buf_puts(o, "</a>");
	if (s[0] == '#' && c->tags)
		add_tag(c, s + 1, n - 1);
}

/* Length of the hashtag or known handle whose '#' or '@' is s[i], 0 when it is none. */
static size_t mark_len(const struct md_ctx *c, const char *s, size_t n, size_t i, size_t *lit)
{
	while (*lit < c->nlit && c->lit[*lit] < i)
		++*lit;
	if (*lit < c->nlit && c->lit[*lit] == i)
		return 0;
	return s[i] == '#' ? tag_at(c, s, n, i) : handle_at(c, s, n, i);
}

/* Writes running text, turning hashtags and known handles into links. */
static void put_linked(struct md_ctx *c, const char *s, size_t n)
{
	size_t seg = 0, lit = 0;
	/* memchr, as most text has neither character. */
	const char *hash = memchr(s, '#', n), *at = memchr(s, '@', n);
	while (hash || at) {
		const char *p = !at || (hash && hash < at) ? hash : at;
		size_t i = (size_t)(p - s), len = mark_len(c, s, n, i, &lit);
		size_t next = i + 1 + len;
		if (len) {
			put_text(c, s + seg, i - seg);
			if (c->halt)
				return;
			put_token(c, p, len + 1);
			if (c->halt)
				return;
			seg = next;
		}
		if (hash && hash < s + next)
			hash = memchr(s + next, '#', n - next);
		if (at && at < s + next)
			at = memchr(s + next, '@', n - next);
	}
	put_text(c, s + seg, n - seg);
}

/* Writes the pending run of text. */
static void flush(struct md_ctx *c)
{
	const char *s = c->run.data;
	size_t n = c->run.len;
	if (!n)
		return;
	if (c->in_heading)
		buf_put(&c->plain, s, n);
	if (!c->img_depth && s[strspn(s, " \t\n")])
		c->fig = 2; /* text beside the image: no figure */
	/* Readers' text links no tags or people: the tag and profile pages are ours to curate. */
	if (c->link_depth || c->img_depth || c->untrusted)
		put_text(c, s, n);
	else
		put_linked(c, s, n);
	c->prev = md_last_cp(s, n);
	buf_reset(&c->run);
	c->nlit = 0;
}

/* Text that is never linked: code, and raw HTML (shown as text). */
static void put_verbatim(struct md_ctx *c, const char *s, size_t n)
{
	if (c->in_heading)
		buf_put(&c->plain, s, n);
	put_text(c, s, n);
	if (n)
		c->prev = md_last_cp(s, n);
}

static void put_break(struct md_ctx *c, int hard)
{
	if (c->in_heading)
		buf_putc(&c->plain, ' ');
	if (c->img_depth)
		buf_putc(c->sink, ' ');
	else
		buf_puts(c->sink, hard ? "<br>\n" : "\n");
	c->prev = '\n';
	c->in_word = 0;
}

static void open_block(struct md_ctx *c, struct md_open *e, void *detail)
{
	switch (e->type) {
	case MD_BLOCK_QUOTE:
		open_tag(c, "<blockquote>\n");
		break;
	case MD_BLOCK_UL:
		open_tag(c, "<ul>\n");
		break;
	case MD_BLOCK_OL: {
		unsigned start = ((const MD_BLOCK_OL_DETAIL *)detail)->start;
		open_tag(c, "<ol");
		if (start != 1)
			buf_printf(c->out, " start=\"%u\"", start);
		buf_puts(c->out, ">\n");
		break;
	}
	case MD_BLOCK_LI:
		open_tag(c, "<li>");
		break;
	case MD_BLOCK_HR:
		open_tag(c, "<hr>\n");
		break;
	case MD_BLOCK_H:
		/* A reader's heading would outrank the page's own outline: keep only its weight. */
		if (c->untrusted) {
			open_tag(c, "<p><strong>");
			break;
		}
		e->flag = (unsigned char)((const MD_BLOCK_H_DETAIL *)detail)->level;
		c->in_heading = 1;
		buf_reset(&c->head);
		buf_reset(&c->plain);
		c->sink = &c->head;
		break;
	case MD_BLOCK_CODE:
		open_tag(c, "<pre><code");
		buf_reset(&c->tmp);
		md_attr_decode(&c->tmp, &((const MD_BLOCK_CODE_DETAIL *)detail)->lang);
		if (c->tmp.len) {
			buf_puts(c->out, " class=\"language-");
			esc_html(c->out, c->tmp.data, c->tmp.len);
			buf_putc(c->out, '"');
		}
		buf_putc(c->out, '>');
		break;
	case MD_BLOCK_TABLE:
		open_tag(c, "<table>\n");
		break;
	case MD_BLOCK_THEAD:
		open_tag(c, "<thead>\n");
		break;
	case MD_BLOCK_TBODY:
		open_tag(c, "<tbody>\n");
		break;
	case MD_BLOCK_TR:
		open_tag(c, "<tr>\n");
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		static const char *const align[] = {
		    [MD_ALIGN_LEFT] = " class=\"align-left\"",
		    [MD_ALIGN_CENTER] = " class=\"align-center\"",
		    [MD_ALIGN_RIGHT] = " class=\"align-right\"",
		};
		MD_ALIGN a = ((const MD_BLOCK_TD_DETAIL *)detail)->align;
		open_tag(c, e->type == MD_BLOCK_TH ? "<th" : "<td");
		if (a >= MD_ALIGN_LEFT && a <= MD_ALIGN_RIGHT)
			buf_puts(c->out, align[a]);
		buf_putc(c->out, '>');
		break;
	}
	case MD_BLOCK_DOC:
		break;
	default: /* paragraphs, and raw HTML blocks, which the flags turn off */
		open_tag(c, "<p>");
		c->fig_at = c->out->len - 3;
		c->fig = e->type == MD_BLOCK_P && !c->untrusted ? 0 : 2;
		buf_reset(&c->caption);
		break;
	}
}

static void close_heading(struct md_ctx *c, unsigned level)
{
	c->in_heading = 0;
	c->sink = c->out;
	open_tag(c, "");
	buf_printf(c->out, "<h%u", level);
	if (c->ids) {
		buf_puts(c->out, " id=\"");
		md_heading_id(c->out, c->plain.data, c->plain.len, &c->id_set);
		buf_putc(c->out, '"');
	}
	buf_putc(c->out, '>');
	buf_put(c->out, c->head.data, c->head.len);
	buf_printf(c->out, "</h%u>\n", level);
}

/* The paragraph from fig_at, one image alone with a title, as a figure instead:
 * <figure><img ...><figcaption>title</figcaption></figure>, the title not repeated on the img. */
static void close_figure(struct md_ctx *c)
{
	struct buf *o = c->out;
	buf_reset(&c->tmp);
	const char *img = o->data + c->fig_at + 3;
	size_t n = o->len - c->fig_at - 3;
	while (n && (img[n - 1] == ' ' || img[n - 1] == '\n' || img[n - 1] == '\t'))
		n--;
	while (n && (*img == ' ' || *img == '\n' || *img == '\t'))
		img++, n--;
	/* The image ends with the title attribute it was written with: ' title="..."' then '>'. */
	size_t attr = c->caption.len + 9;
	if (n > attr + 1 && memcmp(img + n - 1 - attr, " title=\"", 8) == 0) {
		buf_put(&c->tmp, img, n - 1 - attr);
		buf_putc(&c->tmp, '>');
	} else {
		buf_put(&c->tmp, img, n);
	}
	o->len = c->fig_at;
	buf_puts(o, "<figure>");
	buf_put(o, c->tmp.data, c->tmp.len);
	buf_puts(o, "<figcaption>");
	buf_put(o, c->caption.data, c->caption.len);
	buf_puts(o, "</figcaption></figure>\n");
}

static void close_block(struct md_ctx *c, const struct md_open *e)
{
	if (e->type == MD_BLOCK_P && c->fig == 1 && c->caption.len) {
		c->fig = 2;
		close_figure(c);
		return;
	}
	static const char *const closers[] = {
	    [MD_BLOCK_QUOTE] = "</blockquote>\n",
	    [MD_BLOCK_UL] = "</ul>\n",
	    [MD_BLOCK_OL] = "</ol>\n",
	    [MD_BLOCK_LI] = "</li>\n",
	    [MD_BLOCK_CODE] = "</code></pre>\n",
	    [MD_BLOCK_HTML] = "</p>\n",
	    [MD_BLOCK_P] = "</p>\n",
	    [MD_BLOCK_TABLE] = "</table>\n",
	    [MD_BLOCK_THEAD] = "</thead>\n",
	    [MD_BLOCK_TBODY] = "</tbody>\n",
	    [MD_BLOCK_TR] = "</tr>\n",
	    [MD_BLOCK_TH] = "</th>\n",
	    [MD_BLOCK_TD] = "</td>\n",
	};
	if (e->type == MD_BLOCK_H && !e->flag)
		buf_puts(c->out, "</strong></p>\n");
	else if (e->type == MD_BLOCK_H)
		close_heading(c, e->flag);
	else if (e->type < sizeof closers / sizeof closers[0] && closers[e->type])
		buf_puts(c->out, closers[e->type]);
}

/* Ends an excerpt early: drops the current top-level block, or cuts it with an ellipsis. */
static int halt(struct md_ctx *c)
{
	/* A table cut in a row would be ragged: leave the whole table out instead. */
	for (unsigned i = 0; i < c->depth && c->halt == HALT_CUT; i++)
		if (!c->stack[i].span && c->stack[i].type == MD_BLOCK_TABLE)
			c->halt = HALT_DROP;
	if (c->halt == HALT_DROP) {
		c->out->len = c->block_start;
		c->out->data[c->out->len] = '\0';
	} else {
		struct buf *s = c->sink;
		/* Never trim what the caller had in out before us. */
		size_t least = s == c->out ? c->base : 0;
		while (s->len > least &&
		       (s->data[s->len - 1] == ' ' || s->data[s->len - 1] == '\n' ||
			s->data[s->len - 1] == '\t'))
			s->len--;
		s->data[s->len] = '\0';
		buf_puts(s, "…");
		while (c->depth > 0) {
			const struct md_open *e = &c->stack[--c->depth];
			if (e->span)
				md_close_span(c, e);
			else
				close_block(c, e);
		}
	}
	c->stopped = 1;
	c->more = 1;
	return MD_STOP;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_ctx *c = ud;
	if (c->stopped)
		return MD_STOP;
	flush(c);
	if (c->halt)
		return halt(c);
	if (c->depth == 1) {
		c->block_start = c->out->len;
		c->block_words = c->words;
		if (c->counting && c->words >= EXCERPT_WORDS) {
			c->halt = HALT_DROP;
			return halt(c);
		}
	}
	c->prev = 0;
	c->in_word = 0;
	struct md_open e = {0, (unsigned char)type, 0, 0};
	open_block(c, &e, detail);
	push(c, e);
	return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_ctx *c = ud;
	(void)type;
	(void)detail;
	if (c->stopped)
		return MD_STOP;
	flush(c);
	if (c->halt)
		return halt(c);
	/* md4c 0.4.8 can leave a block with a span inside an image's alt text still open
	 * ("![*[](*)]()"): close such spans first, so a span is never closed as a block. */
	while (c->depth && c->stack[c->depth - 1].span)
		md_close_span(c, &c->stack[--c->depth]);
	if (c->depth)
		close_block(c, &c->stack[--c->depth]);
	c->prev = 0;
	c->in_word = 0;
	return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_ctx *c = ud;
	if (c->stopped)
		return MD_STOP;
	flush(c);
	if (c->halt)
		return halt(c);
	struct md_open e = {1, (unsigned char)type, 0, 0};
	if (c->img_depth) {
		e.quiet = 1;
		if (type == MD_SPAN_IMG)
			c->img_depth++;
		push(c, e);
		return 0;
	}
	/* One image alone may make a figure; any other span, or a second image, not. */
	c->fig = type == MD_SPAN_IMG && c->fig == 0 && !c->link_depth ? 1 : 2;
	struct buf *o = c->sink;
	switch (type) {
	case MD_SPAN_EM:
		buf_puts(o, "<em>");
		break;
	case MD_SPAN_STRONG:
		buf_puts(o, "<strong>");
		break;
	case MD_SPAN_DEL:
		buf_puts(o, "<del>");
		break;
	case MD_SPAN_U:
		buf_puts(o, "<u>");
		break;
	case MD_SPAN_CODE:
		buf_puts(o, "<code>");
		break;
	case MD_SPAN_A:
		/* An autolink inside link text would nest <a> in <a>: only the outer one counts. */
		if (c->link_depth++ == 0)
			md_open_link(c, &e, detail);
		break;
	case MD_SPAN_IMG:
		c->img_depth++;
		md_open_image(c, &e, detail);
		break;
	default:
		break;
	}
	push(c, e);
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_ctx *c = ud;
	(void)type;
	(void)detail;
	if (c->stopped)
		return MD_STOP;
	flush(c);
	if (c->halt)
		return halt(c);
	if (c->depth && c->stack[c->depth - 1].span) {
		const struct md_open *e = &c->stack[--c->depth];
		md_close_span(c, e);
		/* The outermost image's title is the figure's caption, if it becomes one. */
		if (e->type == MD_SPAN_IMG && !e->quiet && c->fig == 1) {
			if (e->flag)
				buf_put(&c->caption, c->title.data, c->title.len);
			else
				c->fig = 2;
		}
	}
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct md_ctx *c = ud;
	if (c->stopped)
		return MD_STOP;
	switch (type) {
	case MD_TEXT_NORMAL:
		if (s == c->stop_at) {
			c->halt = HALT_DROP;
			return halt(c);
		}
		if (n && (s[0] == '#' || s[0] == '@') && escaped(c, s))
			add_lit(c, c->run.len);
		buf_put(&c->run, s, n);
		return 0;
	case MD_TEXT_ENTITY: {
		size_t at = c->run.len;
		uint32_t cp = md_entity_decode(&c->run, s, n);
		if (cp == '#' || cp == '@')
			add_lit(c, at);
		return 0;
	}
	case MD_TEXT_NULLCHAR:
		md_put_utf8(&c->run, 0xFFFD);
		return 0;
	default:
		break;
	}
	flush(c);
	if (!c->halt) {
		if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
			put_break(c, type == MD_TEXT_BR);
		else
			put_verbatim(c, s, n);
	}
	return c->halt ? halt(c) : 0;
}

static int parse(struct md_ctx *c)
{
	MD_PARSER p = {
	    .flags = MD_FLAGS,
	    .enter_block = on_enter_block,
	    .leave_block = on_leave_block,
	    .enter_span = on_enter_span,
	    .leave_span = on_leave_span,
	    .text = on_text,
	};
	if (c->doc_len > UINT_MAX)
		return -1;
	int rc = md_parse(c->doc, (MD_SIZE)c->doc_len, &p, c);
	return rc == 0 || (rc == MD_STOP && c->stopped) ? 0 : -1;
}

void md_tags_free(struct md_tags *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	t->names = NULL;
	t->n = 0;
}

int md_render(const char *text, size_t len, const struct md_opts *o, struct buf *out,
	      struct md_tags *tags)
{
	struct buf src = {0};
	if (tags) {
		tags->names = NULL;
		tags->n = 0;
	}
	/* Comments have no excerpts, so a reader's marker line is just what they typed. */
	if (o && o->untrusted)
		md_source_plain(&src, text, len);
	else
		md_source_full(&src, text, len);
	struct md_ctx c;
	ctx_init(&c, o, out, src.data, src.len);
	c.ids = 1;
	c.tags = c.untrusted ? NULL : tags;
	int rc = parse(&c);
	ctx_free(&c);
	buf_free(&src);
	return rc;
}

int md_excerpt(const char *text, size_t len, const struct md_opts *o, struct buf *out, int *more)
{
	struct buf src = {0};
	size_t stop = 0;
	int rest = 0;
	int marked = 0;
	if (o && o->untrusted)
		md_source_plain(&src, text, len);
	else
		marked = md_source_excerpt(&src, text, len, &stop, &rest);
	struct md_ctx c;
	ctx_init(&c, o, out, src.data, src.len);
	if (marked)
		c.stop_at = src.data + stop;
	else
		c.counting = 1;
	int rc = parse(&c);
	if (more)
		*more = marked ? rest : c.more;
	ctx_free(&c);
	buf_free(&src);
	return rc;
}
