/* mirror_int: what the mirror's files share: one page rendered through the route table, the
 * links and forms of an HTML page, the output folder, and a set of strings. */
#ifndef BS_MIRROR_INT_H
#define BS_MIRROR_INT_H

#include "mirror/mirror.h"
#include "util/buf.h"

#include <stddef.h>

struct page_out;
struct pool;
struct press;
struct route_row;

/* ---- one page (mirror_render.c) ---- */

/*
 * Renders the GET of path (%-escaped, no query) as the server answers a reader who is neither
 * signed in nor a member, with absolute links to base_url: out filled (page_out_init'd here),
 * *row the route row that answered it (NULL: none; out is then a 404). Only rows anyone may
 * read (and the sign-in pages) are asked; any other path gets a 404. Strings live in p. 0, or -1
 * when the store failed.
 */
int mirror_render(struct press *press, const char *base_url, const char *path, struct pool *p,
		  struct page_out *out, const struct route_row **row);

/* ---- HTML (mirror_html.c) ---- */

/* Calls fn with each path on this site that an HTML page (or, with locs, a sitemap's <loc>)
 * links to: root-relative links and absolute ones under base_url, entities decoded, without
 * their query and fragment. */
void mirror_links(const char *text, size_t len, const char *base_url, int locs,
		  void (*fn)(void *ud, const char *path, size_t n), void *ud);
/* Copies html to out with every form that posts replaced by one line saying where to use it:
 * at live_url (the press's own address, NULL or "" when it has none apart from the mirror's)
 * or nowhere. Returns how many forms were replaced. */
int mirror_forms(const char *html, size_t len, const char *live_url, struct buf *out);
/* A page that sends the reader to target (meta refresh, a canonical link and a plain link). */
void mirror_redirect_page(const char *target, struct buf *out);
/* Adds the search's scripts to the search page, before </body>. */
void mirror_search_scripts(const char *html, size_t len, struct buf *out);

/* ---- the output folder (mirror_files.c) ---- */

struct strset;
struct strset *strset_new(void);
void strset_free(struct strset *s);
/* 1 when added, 0 when it was there. */
int strset_add(struct strset *s, const char *str, size_t n);
int strset_has(const struct strset *s, const char *str);

struct mirror_out;
/* Opens dir for a mirror: made when missing; a folder that holds anything but a mirror is
 * refused (so that removing stale files never touches anything else). 0, or -1 with err. */
int mirror_out_open(const char *dir, struct mirror_stats *st, struct mirror_out **out, char *err,
		    size_t errlen);
/* The file for path (decoded, from '/'): "PATH/index.html" for a page, else PATH itself.
 * 0, or -1 when path cannot be a file name (a segment "." or "..", or one starting with '.'). */
int mirror_file_name(const char *path, int page, struct buf *out);
/* Writes rel (relative to the folder) when its bytes differ from the file there. 0, or -1. */
int mirror_put(struct mirror_out *o, const char *rel, const void *data, size_t len, char *err,
	       size_t errlen);
/* The same with the bytes of an open file of size bytes. */
int mirror_put_fd(struct mirror_out *o, const char *rel, int fd, long long size, char *err,
		  size_t errlen);
/* Removes every file of the folder that this run did not write (and folders left empty),
 * then frees o. 0, or -1 with err. */
int mirror_out_close(struct mirror_out *o, int prune, char *err, size_t errlen);

#endif
