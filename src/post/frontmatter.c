/* frontmatter: splits a post file at its '---' lines and reads the YAML into per-key values. */
#include "post/frontmatter.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

void fm_error(struct pf_error *err, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err->line = line;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void fm_excerpt(char *out, size_t cap, const char *s, size_t n)
{
	const size_t keep = cap - 4 < 60 ? cap - 4 : 60;
	size_t o = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (o + len > keep)
			break;
		/* Messages end up in terminals and logs: no raw control bytes there. */
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFD) {
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, len);
			o += len;
		}
		i += len;
	}
	if (i < n) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* ---- splitting the file ---- */

static size_t line_end(const char *t, size_t len, size_t from)
{
	const char *nl = memchr(t + from, '\n', len - from);
	return nl ? (size_t)(nl - t) : len;
}

/* "---" or "..." (c is '-' or '.'), then only blanks and the CR of a CRLF. */
static int is_delimiter(const char *s, size_t n, char c)
{
	if (n < 3 || s[0] != c || s[1] != c || s[2] != c)
		return 0;
	for (size_t i = 3; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

int fm_split(const char *text, size_t len, struct fm_split *out, struct pf_error *err)
{
	size_t e = line_end(text, len, 0);
	if (!is_delimiter(text, e, '-')) {
		fm_error(
		    err, 1,
		    "missing front matter: the file must start with a '---' line and a 'title:'");
		return -1;
	}
	size_t start = e < len ? e + 1 : len, pos = start;
	unsigned line = 2;
	while (pos < len) {
		e = line_end(text, len, pos);
		if (is_delimiter(text + pos, e - pos, '-') ||
		    is_delimiter(text + pos, e - pos, '.')) {
			out->yaml = text + start;
			out->yaml_len = pos - start;
			out->yaml_line = 2;
			out->body = text + (e < len ? e + 1 : len);
			out->body_len = len - (size_t)(out->body - text);
			out->body_line = line + 1;
			return 0;
		}
		pos = e < len ? e + 1 : len;
		line++;
	}
	fm_error(err, 1, "front matter is not closed: end it with a '---' line before the text");
	return -1;
}

/* ---- walking the YAML events ---- */

struct walker {
	yaml_parser_t parser;
	const char *text;
	size_t len;
	unsigned first_line;
	const char *const *keys;
	size_t nkeys;
	struct fm_doc *doc;
	struct pf_error *err;
	/* Last position converted, so that walking forward through the events stays linear. */
	size_t at_char, at_byte;
	unsigned at_line;
};

/*
 * libyaml marks count characters, and its lines also break at a lone CR, U+0085, U+2028 and
 * U+2029; file lines count '\n' only. So marks are turned into byte offsets by walking the text.
 */
static size_t byte_of_mark(struct walker *w, size_t char_index)
{
	if (char_index < w->at_char) {
		w->at_char = w->at_byte = 0;
		w->at_line = 0;
	}
	while (w->at_char < char_index && w->at_byte < w->len) {
		uint32_t cp;
		if (w->text[w->at_byte] == '\n')
			w->at_line++;
		w->at_byte += utf8_decode(w->text + w->at_byte, w->len - w->at_byte, &cp);
		w->at_char++;
	}
	return w->at_byte;
}

static unsigned line_of_mark(struct walker *w, yaml_mark_t m)
{
	byte_of_mark(w, m.index);
	return w->first_line + w->at_line;
}

static unsigned line_of_byte(const struct walker *w, size_t off)
{
	return w->first_line + utf8_line_of(w->text, off < w->len ? off : w->len) - 1;
}

static void syntax_error(struct walker *w)
{
	const yaml_parser_t *p = &w->parser;
	const char *problem = p->problem ? p->problem : "unreadable YAML";
	if (p->error == YAML_MEMORY_ERROR) {
		fm_error(w->err, 0, "out of memory while reading the front matter");
		return;
	}
	unsigned line = p->error == YAML_READER_ERROR ? line_of_byte(w, p->problem_offset)
						      : line_of_mark(w, p->problem_mark);
	/* The most common slip: an unquoted title with ": " in it. */
	const char *hint = strcmp(problem, "mapping values are not allowed in this context") == 0
			       ? "; put values that contain ': ' in quotes"
			       : "";
	if (p->context && p->error != YAML_READER_ERROR) {
		unsigned cline = line_of_mark(w, p->context_mark);
		fm_error(w->err, line, "YAML syntax error: %s (%s on line %u)%s", problem,
			 p->context, cline, hint);
	} else {
		fm_error(w->err, line, "YAML syntax error: %s%s", problem, hint);
	}
}

/* The next event; aliases are refused here so no caller has to think about them. */
static int next_event(struct walker *w, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&w->parser, ev)) {
		syntax_error(w);
		return -1;
	}
	if (ev->type == YAML_ALIAS_EVENT) {
		fm_error(w->err, line_of_mark(w, ev->start_mark),
			 "YAML aliases ('*name') are not allowed in front matter");
		yaml_event_delete(ev);
		return -1;
	}
	return 0;
}

static int is_null_scalar(const yaml_event_t *ev)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp((const char *)ev->data.scalar.value, nulls[i]) == 0)
			return 1;
	return 0;
}

/* Copies a scalar event; YAML escapes such as "\0" can make bytes the file check never saw. */
static int take_scalar(struct walker *w, const yaml_event_t *ev, struct fm_scalar *out)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	unsigned line = line_of_mark(w, ev->start_mark);
	if (!utf8_valid(v, n, NULL)) {
		fm_error(w->err, line, "a value holds a NUL character or invalid UTF-8");
		return -1;
	}
	out->text = xstrndup(v, n);
	out->len = n;
	out->line = line;
	out->is_null = is_null_scalar(ev);
	return 0;
}

/*
 * Skips the rest of a collection whose start event was just read. The depth cap matters for
 * time, not stack: libyaml rechecks every open flow level per token, so "[[[[..." megabytes
 * long would take minutes, and stopping early also stops its scanner early.
 */
static int skip_collection(struct walker *w)
{
	int depth = 1;
	while (depth > 0) {
		yaml_event_t ev;
		if (next_event(w, &ev))
			return -1;
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > FM_MAX_DEPTH) {
				fm_error(w->err, line_of_mark(w, ev.start_mark),
					 "front matter is nested too deeply");
				yaml_event_delete(&ev);
				return -1;
			}
		} else if (ev.type == YAML_SEQUENCE_END_EVENT ||
			   ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		yaml_event_delete(&ev);
	}
	return 0;
}

static void free_items(struct fm_value *v)
{
	for (size_t i = 0; i < v->nitems; i++)
		free(v->items[i].text);
	free(v->items);
	v->items = NULL;
	v->nitems = 0;
}

/* Items of a sequence whose start event was just read; anything but scalars makes it nested. */
static int read_sequence(struct walker *w, const char *key, struct fm_value *v)
{
	size_t cap = 0;
	v->kind = FM_SEQUENCE;
	for (;;) {
		yaml_event_t ev;
		if (next_event(w, &ev))
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&ev);
			free_items(v);
			v->kind = FM_NESTED;
			/* First the collection just opened, then the rest of this sequence. */
			return skip_collection(w) || skip_collection(w) ? -1 : 0;
		}
		if (v->nitems == FM_MAX_ITEMS) {
			fm_error(w->err, line_of_mark(w, ev.start_mark),
				 "too many items in '%s' (at most %d)", key, FM_MAX_ITEMS);
			yaml_event_delete(&ev);
			return -1;
		}
		if (v->nitems == cap) {
			cap = cap ? cap * 2 : 8;
			v->items = xrealloc(v->items, cap * sizeof *v->items);
		}
		int rc = take_scalar(w, &ev, &v->items[v->nitems]);
		yaml_event_delete(&ev);
		if (rc)
			return -1;
		v->nitems++;
	}
}

/* Whether a '#' comment follows the colon at byte off, on the same line. */
static int comment_follows(const struct walker *w, size_t off)
{
	while (off < w->len && (w->text[off] == ':' || w->text[off] == ' ' || w->text[off] == '\t'))
		off++;
	return off < w->len && w->text[off] == '#';
}

static int read_value(struct walker *w, const char *key, struct fm_value *v)
{
	yaml_event_t ev;
	if (next_event(w, &ev))
		return -1;
	int rc = 0;
	switch (ev.type) {
	case YAML_SCALAR_EVENT:
		v->kind = FM_SCALAR;
		v->items = xcalloc(1, sizeof *v->items);
		rc = take_scalar(w, &ev, v->items);
		if (rc == 0) {
			v->nitems = 1;
			v->comment_after = v->items->is_null &&
					   comment_follows(w, byte_of_mark(w, ev.start_mark.index));
		}
		break;
	case YAML_SEQUENCE_START_EVENT:
		rc = read_sequence(w, key, v);
		break;
	default: /* a mapping */
		v->kind = FM_NESTED;
		rc = skip_collection(w);
		break;
	}
	yaml_event_delete(&ev);
	return rc;
}

/* Case-blind optimal-string-alignment distance, enough to catch "titel" and "Tags". */
static size_t edit_distance(const char *a, const char *b)
{
	enum { N = 33 };
	size_t la = strlen(a), lb = strlen(b);
	if (la >= N || lb >= N)
		return N;
	size_t d[N][N];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20;
			size_t best = d[i - 1][j - 1] + (ca != cb);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == (b[j - 2] | 0x20) && (a[i - 2] | 0x20) == cb &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

static void unknown_key(struct walker *w, const char *key, size_t klen, unsigned line)
{
	char shown[80];
	fm_excerpt(shown, sizeof shown, key, klen);
	size_t best = 0, best_d = (size_t)-1;
	for (size_t i = 0; i < w->nkeys; i++) {
		size_t d = edit_distance(key, w->keys[i]);
		if (d < best_d) {
			best = i;
			best_d = d;
		}
	}
	if (best_d <= (strlen(w->keys[best]) >= 4 ? 2u : 1u)) {
		fm_error(w->err, line, "unknown key '%s' (did you mean '%s'?)", shown,
			 w->keys[best]);
		return;
	}
	char known[160] = "";
	for (size_t i = 0; i < w->nkeys; i++) {
		size_t used = strlen(known);
		snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", w->keys[i]);
	}
	fm_error(w->err, line, "unknown key '%s' (known keys: %s)", shown, known);
}

/* Which of the known keys a key event names; -1 after reporting. */
static int key_index(struct walker *w, const yaml_event_t *ev, unsigned line)
{
	const char *k = (const char *)ev->data.scalar.value;
	size_t klen = ev->data.scalar.length;
	for (size_t i = 0; i < w->nkeys; i++) {
		if (strlen(w->keys[i]) != klen || memcmp(w->keys[i], k, klen) != 0)
			continue;
		if (w->doc->values[i].present) {
			fm_error(w->err, line, "duplicate key '%s' (first given on line %u)",
				 w->keys[i], w->doc->values[i].key_line);
			return -1;
		}
		return (int)i;
	}
	unknown_key(w, k, klen, line);
	return -1;
}

static int read_mapping(struct walker *w)
{
	for (;;) {
		yaml_event_t ev;
		if (next_event(w, &ev))
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		unsigned line = line_of_mark(w, ev.start_mark);
		int k = -1;
		if (ev.type == YAML_SCALAR_EVENT)
			k = key_index(w, &ev, line);
		else
			fm_error(w->err, line,
				 "front matter keys must be plain words like 'title'");
		yaml_event_delete(&ev);
		if (k < 0)
			return -1;
		struct fm_value *v = &w->doc->values[k];
		v->present = 1;
		v->key_line = line;
		if (read_value(w, w->keys[k], v))
			return -1;
	}
}

/* The single document: a mapping, or nothing at all (only comments, or an empty block). */
static int read_document(struct walker *w)
{
	yaml_event_t ev;
	if (next_event(w, &ev))
		return -1;
	int rc = 0;
	if (ev.type == YAML_MAPPING_START_EVENT) {
		rc = read_mapping(w);
	} else if (ev.type != YAML_SCALAR_EVENT || !is_null_scalar(&ev)) {
		fm_error(w->err, line_of_mark(w, ev.start_mark),
			 "front matter must be 'key: value' lines, like 'title: My post'");
		rc = -1;
	}
	yaml_event_delete(&ev);
	if (rc || next_event(w, &ev)) /* the document end */
		return -1;
	yaml_event_delete(&ev);
	return 0;
}

static int read_stream(struct walker *w)
{
	int docs = 0;
	for (;;) {
		yaml_event_t ev;
		if (next_event(w, &ev))
			return -1;
		yaml_event_type_t type = ev.type;
		unsigned line = line_of_mark(w, ev.start_mark);
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			return 0;
		if (type != YAML_DOCUMENT_START_EVENT)
			continue;
		if (docs++) {
			fm_error(w->err, line, "front matter must be a single YAML document");
			return -1;
		}
		if (read_document(w))
			return -1;
	}
}

int fm_read(const char *yaml, size_t len, unsigned first_line, const char *const *keys,
	    size_t nkeys, struct fm_doc *doc, struct pf_error *err)
{
	struct walker w = {
	    .text = yaml,
	    .len = len,
	    .first_line = first_line,
	    .keys = keys,
	    .nkeys = nkeys,
	    .doc = doc,
	    .err = err,
	};
	doc->values = xcalloc(nkeys, sizeof *doc->values);
	doc->n = nkeys;
	if (!yaml_parser_initialize(&w.parser)) {
		fm_error(err, 0, "out of memory while reading the front matter");
		fm_doc_free(doc);
		return -1;
	}
	yaml_parser_set_input_string(&w.parser, (const unsigned char *)yaml, len);
	yaml_parser_set_encoding(&w.parser, YAML_UTF8_ENCODING);
	int rc = read_stream(&w);
	yaml_parser_delete(&w.parser);
	if (rc)
		fm_doc_free(doc);
	return rc;
}

void fm_doc_free(struct fm_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++)
		free_items(&doc->values[i]);
	free(doc->values);
	doc->values = NULL;
	doc->n = 0;
}
