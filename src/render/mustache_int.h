/* mustache: the compiled form of templates, shared by the parser and the renderer only. */
#ifndef BS_MUSTACHE_INT_H
#define BS_MUSTACHE_INT_H

#include "render/mustache.h"

#include <stddef.h>
#include <stdint.h>

/* Node kinds; the tag-only kinds after TMPL_BLOCK exist while parsing and never in nodes. */
enum tmpl_kind {
	TMPL_TEXT,
	TMPL_VAR,      /* {{x}}, escaped */
	TMPL_RAW,      /* {{{x}}} and {{&x}} */
	TMPL_SECTION,  /* {{#x}} */
	TMPL_INVERTED, /* {{^x}} */
	TMPL_PARTIAL,  /* {{>x}} */
	TMPL_PARENT,   /* {{<x}} */
	TMPL_BLOCK,    /* {{$x}} */
	TMPL_CLOSE,    /* {{/x}} */
	TMPL_COMMENT,  /* {{!x}} */
	TMPL_DELIM,    /* {{=a b=}} */
};

/* The opening tag (or the partial tag) stood alone on its line, which was removed. */
#define TMPL_OPEN_ALONE 1
/* The closing tag stood alone on its line. */
#define TMPL_CLOSE_ALONE 2

/*
 * One node; a template is an array of them in document order. Sections, inverted sections,
 * parents and blocks are followed by their body, which ends just before node end, so skipping a
 * subtree is one jump. Offsets point into the template's text, which also holds tag names and
 * indentation strings.
 */
struct tmpl_node {
	uint32_t off, len;   /* TEXT: the bytes to write; other kinds: the tag name */
	uint32_t end;	     /* containers: index of the first node after the body */
	uint32_t ioff, ilen; /* PARTIAL, PARENT: standalone indentation; BLOCK: reindentation */
	uint8_t kind;
	uint8_t flags; /* TMPL_OPEN_ALONE, TMPL_CLOSE_ALONE */
};

struct tmpl {
	char *name;
	size_t namelen;
	struct tmpl_node *nodes;
	uint32_t n;
	char *text;
};

/* Open addressing with linear probing; templates are replaced but never removed. */
struct tmpl_set {
	struct tmpl **slots;
	size_t cap, n;
	size_t max_steps;
};

/* The template named name[0..n), or NULL. */
const struct tmpl *tmpl_set_find(const struct tmpl_set *s, const char *name, size_t n);

#endif
