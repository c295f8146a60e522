/* markdown_source: the text md4c parses: a final newline, and the "<!--more-->" marker lines. */
#include "render/markdown_int.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char marker[] = "<!--more-->";
#define MARKER_LEN (sizeof marker - 1)
/* Stands in for the marker in an excerpt's source: a paragraph of its own we recognise by
 * address, so rendering stops there with every reference definition of the document known. */
static const char sentinel[] = "\nbroadsideexcerptends\n\n";

/* Lines that are exactly the marker, found in the source and then checked against md4c. */
struct md_markers {
	size_t *at; /* offset of each marker's '<', ascending */
	size_t n;
	unsigned char *in_code; /* per marker, while md4c is asked */
};

/* What the marker scan's callbacks need. */
struct md_scan {
	struct md_markers *m;
	const char *doc;
	size_t len;
};

static int marker_scan_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	const struct md_scan *sc = ud;
	struct md_markers *m = sc->m;
	uintptr_t p = (uintptr_t)s, b = (uintptr_t)sc->doc;
	if (type != MD_TEXT_CODE || p < b || p >= b + sc->len)
		return 0;
	/* Markers inside code are shown, not obeyed: flag the ones this chunk covers. */
	size_t beg = p - b, end = beg + n, lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->at[mid] + MARKER_LEN <= beg)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->n && m->at[lo] < end; lo++)
		m->in_code[lo] = 1;
	return 0;
}

static int marker_scan_nop(int type, void *detail, void *ud)
{
	(void)type;
	(void)detail;
	(void)ud;
	return 0;
}

static int marker_scan_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	return marker_scan_nop((int)type, detail, ud);
}

static int marker_scan_span(MD_SPANTYPE type, void *detail, void *ud)
{
	return marker_scan_nop((int)type, detail, ud);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Whether the marker occurs in text at all, the cheap test that spares most posts a scan. */
static int has_marker(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (end - p >= (ptrdiff_t)MARKER_LEN &&
	       (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p >= (ptrdiff_t)MARKER_LEN && memcmp(p, marker, MARKER_LEN) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* Finds the marker lines of text that are not inside code; the caller frees m->at. */
static void find_markers(const char *text, size_t len, struct md_markers *m)
{
	m->at = NULL;
	m->n = 0;
	m->in_code = NULL;
	if (!has_marker(text, len))
		return;
	size_t cap = 0;
	for (size_t ls = 0; ls < len;) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len, b = ls, e = le;
		while (b < e && (text[b] == ' ' || text[b] == '\t'))
			b++;
		while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
			e--;
		if (e - b == MARKER_LEN && memcmp(text + b, marker, MARKER_LEN) == 0) {
			if (m->n == cap) {
				cap = cap ? 2 * cap : 4;
				m->at = xrealloc(m->at, cap * sizeof *m->at);
			}
			m->at[m->n++] = b;
		}
		ls = le + 1;
	}
	if (!m->n || len > UINT_MAX)
		return;
	MD_PARSER p = {
	    .flags = MD_FLAGS,
	    .enter_block = marker_scan_block,
	    .leave_block = marker_scan_block,
	    .enter_span = marker_scan_span,
	    .leave_span = marker_scan_span,
	    .text = marker_scan_text,
	};
	struct md_scan sc = {m, text, len};
	m->in_code = xcalloc(m->n, 1);
	md_parse(text, (MD_SIZE)len, &p, &sc);
	size_t k = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!m->in_code[i])
			m->at[k++] = m->at[i];
	m->n = k;
	free(m->in_code);
	m->in_code = NULL;
}

static size_t line_start(const char *text, size_t at)
{
	while (at > 0 && text[at - 1] != '\n')
		at--;
	return at;
}

static size_t line_end(const char *text, size_t len, size_t at)
{
	const char *nl = memchr(text + at, '\n', len - at);
	return nl ? (size_t)(nl - text) + 1 : len;
}

/*
 * Copies text for md4c, ending it with a newline. md4c 0.4.8 reads the byte after its input
 * when a document ends inside some constructs (an unclosed "[](" for one) and may then emit
 * text from beyond it; a final newline, with the buffer's NUL after it, keeps that read benign.
 */
static void source_copy(struct buf *src, const char *text, size_t len)
{
	buf_grow(src, len + 2);
	buf_put(src, text, len);
	if (!len || text[len - 1] != '\n')
		buf_putc(src, '\n');
}

void md_source_plain(struct buf *src, const char *text, size_t len)
{
	source_copy(src, text, len);
}

void md_source_full(struct buf *src, const char *text, size_t len)
{
	struct md_markers m;
	source_copy(src, text, len);
	find_markers(src->data, src->len, &m);
	if (!m.n) {
		free(m.at);
		return;
	}
	/* Each marker line becomes a blank line, a block boundary as in the excerpt. */
	struct buf copy = {0};
	size_t from = 0;
	for (size_t i = 0; i < m.n; i++) {
		size_t ls = line_start(src->data, m.at[i]);
		buf_put(&copy, src->data + from, ls - from);
		buf_putc(&copy, '\n');
		from = line_end(src->data, src->len, m.at[i]);
	}
	buf_put(&copy, src->data + from, src->len - from);
	buf_free(src);
	*src = copy;
	free(m.at);
}

int md_source_excerpt(struct buf *src, const char *text, size_t len, size_t *stop, int *rest)
{
	struct md_markers m;
	source_copy(src, text, len);
	find_markers(src->data, src->len, &m);
	*rest = 0;
	if (!m.n) {
		free(m.at);
		return 0;
	}
	/* Keep everything after the marker, so references defined there still resolve; the
	 * writer stops at the sentinel. */
	struct buf copy = {0};
	size_t ls = line_start(src->data, m.at[0]), le = line_end(src->data, src->len, m.at[0]);
	*rest = !blank(src->data + le, src->len - le);
	buf_put(&copy, src->data, ls);
	*stop = copy.len + 1;
	buf_put(&copy, sentinel, sizeof sentinel - 1);
	buf_put(&copy, src->data + le, src->len - le);
	buf_free(src);
	*src = copy;
	free(m.at);
	return 1;
}
