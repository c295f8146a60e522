/* wp_blocks: the block editor's comment delimiters taken out of a WordPress body. */
#ifndef BS_WP_BLOCKS_H
#define BS_WP_BLOCKS_H

#include "util/buf.h"

#include <stddef.h>

/* 1 when s[0..n) holds a block delimiter ("<!-- wp:name ... -->"). */
int wp_has_blocks(const char *s, size_t n);

/*
 * Appends s[0..n) to out without its block delimiters: "<!-- wp:name {json} -->" and
 * "<!-- /wp:name -->" go and the HTML between them stays. A self-closing "<!-- wp:name /-->"
 * is a dynamic block, which WordPress renders from the database and which has no HTML here:
 * it goes too, and its name (up to 10 of them, space-separated) is added to dropped, which may
 * be NULL. Other comments (such as <!--more-->) stay. Returns the number of dynamic blocks.
 */
int wp_strip_blocks(const char *s, size_t n, struct buf *out, struct buf *dropped);

#endif
