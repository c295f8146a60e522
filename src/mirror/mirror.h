/* mirror: a press written as static files, every public page at its address, as an anonymous
 * reader sees it, through the same route table and handlers as the server. */
#ifndef BS_MIRROR_H
#define BS_MIRROR_H

#include <stddef.h>

struct mirror_opts {
	const char *data_dir; /* the press's folder */
	const char *out_dir;  /* made when missing; else it must hold a mirror, or nothing */
	const char *base_url; /* where the mirror is published; NULL: the press's url setting */
};

struct mirror_stats {
	unsigned long pages, files, redirects; /* what the mirror holds */
	unsigned long written, unchanged, removed;
	unsigned long search_entries;
};

/* The file in out_dir that marks it as a mirror: a later run may remove what it wrote. */
#define MIRROR_MARK ".broadside-mirror"
/* The most addresses one mirror holds (a bound on the crawl). */
#define MIRROR_MAX_PATHS 10000000

/*
 * Writes the press in o->data_dir into o->out_dir: every page reachable from the home page,
 * the feeds, the sitemap, robots.txt and the archive by its links (each at PATH/index.html,
 * files at their paths), the stylesheet, every medium, the journal and its books, every old
 * address as a small page that sends the reader on (meta refresh), a 404.html, and the search:
 * /search/index.html with search-index.js (the public posts' text) and search.js, which work
 * from a static host and from file://. Forms that post (comments, subscribing, signing in) are
 * replaced by a line that says where to use them. Members-only text is never written: each
 * page is what a reader who is not signed in gets. A file whose bytes did not change is not
 * written again, and files of an earlier run that are no longer pages are removed. 0, or -1
 * with err.
 */
int mirror_write(const struct mirror_opts *o, struct mirror_stats *st, char *err, size_t errlen);

#endif
