/* markdown_int: helpers shared by the markdown writer's source files; not for other modules. */
#ifndef BS_MARKDOWN_INT_H
#define BS_MARKDOWN_INT_H

#include <md4c.h>
#include <stddef.h>
#include <stdint.h>

#include "render/markdown.h"
#include "util/buf.h"

/* The dialect: see markdown.h. */
#define MD_FLAGS                                                                                   \
	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTML)

/* Longest hashtag name and handle, in code points and bytes respectively. */
#define MD_TAG_MAX 64
#define MD_HANDLE_MAX 32
/* Longest heading id in bytes, before any "-N" suffix. */
#define MD_ID_MAX 80

/* Character classes; see markdown.h for what counts as a letter. */
int md_is_letter(uint32_t cp);
/* Letter, digit or '_': what a hashtag is made of and what may not precede '@'. */
int md_is_word(uint32_t cp);
/* Whitespace that separates words when counting them for excerpts. */
int md_is_space(uint32_t cp);
/* Scripts written without spaces, where each character counts as a word. */
int md_is_cjk(uint32_t cp);

/* The last code point of s[0..n), or 0 when n is 0. */
uint32_t md_last_cp(const char *s, size_t n);

/* Whether a '#' (or '@') preceded by code point prev (0: nothing) may start a tag (handle). */
int md_tag_may_start(uint32_t prev);
int md_handle_may_start(uint32_t prev);
/* Length in bytes of the hashtag name at s (just after the '#'), 0 when there is none. */
size_t md_tag_len(const char *s, size_t n);
/* Length in bytes of the handle at s (just after the '@'), 0 when there is none. */
size_t md_handle_len(const char *s, size_t n);

/* One-to-one lowercase mapping of the scripts named in markdown.h; others map to themselves. */
uint32_t md_fold_cp(uint32_t cp);
/* Appends s with the simple case fold described in markdown.h applied. */
void md_fold(struct buf *out, const char *s, size_t n);

/* Appends cp as UTF-8 (U+FFFD for surrogates and values past U+10FFFF). */
void md_put_utf8(struct buf *out, uint32_t cp);
/*
 * Appends what entity s (as md4c hands it over, "&...;") stands for. Returns its code point,
 * or 0 when the name is unknown and the text was appended as typed.
 */
uint32_t md_entity_decode(struct buf *out, const char *s, size_t n);
/* Appends attr with entities decoded and NUL characters replaced. */
void md_attr_decode(struct buf *out, const MD_ATTRIBUTE *attr);

/* A set of byte strings, for heading ids and folded hashtag names. Zeroed means empty. */
struct md_set {
	struct md_set_slot *slots;
	size_t cap;
	size_t n;
};
/* Adds s; returns 1 when it was not there yet, 0 when it was. */
int md_set_add(struct md_set *set, const char *s, size_t n);
void md_set_free(struct md_set *set);

/* 1 when id s[0..n) is one the theme's pages use for themselves (a heading takes "-2" then). */
int md_id_reserved(const char *s, size_t n);
/* Appends to out the id for a heading with plain text s, unique among ids (and adds it), never
 * one the theme reserves. */
void md_heading_id(struct buf *out, const char *s, size_t n, struct md_set *ids);

/*
 * Sets src to text as md4c should parse it for a full render: ending in a newline, and every
 * "<!--more-->" line outside code blank.
 */
void md_source_full(struct buf *src, const char *text, size_t len);
/* Sets src to text as md4c should parse it with markers left as they are: ending in a newline. */
void md_source_plain(struct buf *src, const char *text, size_t len);
/*
 * Sets src to text as md4c should parse it for an excerpt. When text has a marker line outside
 * code, returns 1: the line is replaced by a paragraph of its own whose text starts at
 * src->data + *stop, and *rest says whether anything but whitespace follows the marker.
 * Otherwise returns 0 with src just the text ending in a newline.
 */
int md_source_excerpt(struct buf *src, const char *text, size_t len, size_t *stop, int *rest);

/* The renderer's state, shared by markdown.c and markdown_links.c. */
/* Why rendering an excerpt stops early: cut inside the current block, or drop that block. */
enum md_halt { HALT_NONE, HALT_CUT, HALT_DROP };

/* One open block or span, so a cut excerpt can close them and links know what they wrote. */
struct md_open {
	unsigned char span;
	unsigned char type;
	/* MD_SPAN_A, MD_SPAN_IMG: the tag was written (the URL was allowed). MD_BLOCK_H: level,
	 * 0 in untrusted text, where headings are paragraphs. */
	unsigned char flag;
	/* Entered inside an image's alt text, where only text counts. */
	unsigned char quiet;
};

struct md_ctx {
	const struct md_opts *o;
	const char *doc; /* what md4c parses, to tell escaped '#' and '@' apart */
	size_t doc_len;
	struct buf *out;
	size_t base;	  /* out->len before we started */
	struct buf *sink; /* out, or head inside a heading */
	struct buf head;  /* a heading's inner HTML: its id, known at its end, comes first */
	struct buf plain; /* a heading's plain text, for its id */
	struct buf run;	  /* text not yet written: md4c splits text, hashtags must not be */
	size_t *lit;	  /* offsets in run of '#' and '@' that must stay text */
	size_t nlit, lit_cap;
	struct buf title; /* the outermost image's escaped title, written after its alt text */
	struct buf src;	  /* untrusted: the outermost image's URL, the link text if alt is empty */
	size_t alt_at;	  /* untrusted: sink->len where that image's alt text begins */
	struct buf tmp;	  /* scratch */
	/* A paragraph that is one image with a title alone becomes a figure, its title the
	 * caption: where its <p> began, whether it still may (0 empty so far, 1 one image, 2 no),
	 * and that image's escaped title. */
	size_t fig_at;
	int fig;
	struct buf caption;
	struct md_open *stack;
	size_t depth, stack_cap;
	uint32_t prev; /* last code point of text in this block, 0 at its start */
	unsigned link_depth, img_depth;
	int in_heading;
	int ids;       /* give headings ids */
	int untrusted; /* text from readers: see md_opts */
	struct md_set id_set;
	struct md_tags *tags;
	size_t tags_cap;
	struct md_set tag_set;
	/* Excerpts. */
	int counting; /* stop after EXCERPT_WORDS words */
	unsigned words;
	int in_word;
	unsigned block_words; /* words before the current top-level block */
	size_t block_start;   /* out->len when it began */
	const char *stop_at;  /* address of the sentinel's text in doc */
	enum md_halt halt;
	int stopped;
	int more;
};

/* The tags of links and images: open writes the opening tag when the URL is allowed (e->flag
 * tells whether it did), close the matching end; close_span ends any span. */
void md_open_link(struct md_ctx *c, struct md_open *e, const MD_SPAN_A_DETAIL *d);
void md_open_image(struct md_ctx *c, struct md_open *e, const MD_SPAN_IMG_DETAIL *d);
void md_close_span(struct md_ctx *c, const struct md_open *e);

#endif
