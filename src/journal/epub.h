/* epub: an EPUB 3 container written in memory with libzip: the mimetype entry first and stored,
 * container.xml, the package document made from the metadata and the files, then the files. */
#ifndef BS_EPUB_H
#define BS_EPUB_H

#include <stddef.h>

struct buf;

/* One file of the book under EPUB/ (the writer makes the mimetype, container and package). */
struct epub_file {
	const char *path;	/* relative to EPUB/: "p1.xhtml", "media/HASH.png" */
	const char *media_type; /* "application/xhtml+xml", "image/png", "text/css" ... */
	const char *properties; /* the manifest item's properties ("nav", "cover-image"), or NULL */
	int spine;		/* 1: in the reading order, which is the order of the files */
	const void *data;
	size_t len;
};

/* The package document's metadata. Strings are UTF-8, unescaped; NULL leaves a field out. */
struct epub_meta {
	const char *identifier; /* required, e.g. "urn:uuid:..." */
	const char *title;	/* required */
	const char *language;	/* required, e.g. "en" */
	long long modified;	/* dcterms:modified, and the time every zip entry carries */
	long long date;		/* dc:date; 0: none */
	const char *publisher, *description, *source;
	const char *collection;	    /* belongs-to-collection (collection-type series)... */
	int position;		    /* ...and its group-position; 0: none */
	const char *const *editors; /* dc:creator with the role edt */
	size_t neditors;
	const char *const *contributors; /* dc:contributor with the role aut */
	size_t ncontributors;
};

/*
 * Appends the whole book to out: entries in a fixed order (mimetype, META-INF/container.xml,
 * EPUB/package.opf, then files in order), each with the DOS time of meta->modified in UTC and
 * the same attributes, so that the same input always gives the same bytes. mimetype is stored
 * with no extra field; the rest is deflated. Exactly one file must have the property "nav".
 * Returns 0, or -1 with a message in err.
 */
int epub_write(const struct epub_meta *meta, const struct epub_file *files, size_t n,
	       struct buf *out, char *err, size_t errlen);

/* The package document epub_write puts in the book, appended to out (for tests and checks). */
void epub_package(const struct epub_meta *meta, const struct epub_file *files, size_t n,
		  struct buf *out);

#endif
