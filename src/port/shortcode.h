/* shortcode: the shortcodes WordPress posts carry as text ([caption], [gallery], [embed],
 * [audio], [video]) turned into the HTML WordPress would show for them. */
#ifndef BS_SHORTCODE_H
#define BS_SHORTCODE_H

#include "util/buf.h"

#include <stddef.h>

/* Where a gallery finds its images: the attachments of the site being imported. */
struct shortcode_ctx {
	long long post_id; /* the post being converted: [gallery] without ids shows its own */
	/* The URL and title of attachment id, or NULL when there is none. */
	const char *(*image)(void *ud, long long id, const char **title);
	/* Up to max ids of the attachments whose parent is post, in file order; how many. */
	size_t (*children)(void *ud, long long post, long long *ids, size_t max);
	void *ud;
};

/* The most images one gallery shows. */
#define SHORTCODE_GALLERY_MAX 100

/*
 * Appends s[0..n) to out with its shortcodes expanded:
 *   [caption ...]<img ...> Text[/caption]  <figure><img ...><figcaption>Text</figcaption></figure>
 *     (the caption="..." attribute of old posts gives the text when there is one)
 *   [gallery ids="1,2"] or [gallery]         <figure> with each image (ctx may be NULL: none)
 *   [embed]URL[/embed]                       a link to URL, which is not embedded
 *   [audio src="URL"], [video mp4="URL"]     <audio controls> / <video controls> of the URL
 * [[caption]] is WordPress's way of writing "[caption]" itself. Other shortcodes stay as the
 * text they are, and *unknown (may be NULL) counts them. Attribute values are escaped; the
 * output goes through the sanitizer afterwards all the same.
 */
void wp_shortcodes(const char *s, size_t n, const struct shortcode_ctx *ctx, struct buf *out,
		   int *unknown);

#endif
