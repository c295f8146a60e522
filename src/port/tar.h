/* tar: ustar archives inside gzip (zlib), written to a file and read from any source as streams,
 * with every name and size bounded; the container of export bundles. */
#ifndef BS_TAR_H
#define BS_TAR_H

#include <stddef.h>

/* The longest entry name: ustar's 155-byte prefix, a '/', and its 100-byte name. */
#define TAR_NAME_MAX 255
/* The largest entry either side takes: what ustar's 11 octal digits can say, and then some
 * less (the reader's caller sets its own, smaller, bounds per entry). */
#define TAR_SIZE_MAX (8ll * 1024 * 1024 * 1024 - 1)

/* ---- writing ---- */

struct tar_writer;

/*
 * Writes entries to fd (left open: the caller syncs and closes it) as one gzip member. Entries
 * are regular files of mode 0644 with the given modification time. tar_write_end ends the
 * member; with end_archive it first writes the two zero blocks that end a tar archive (so
 * that a later member may go on with more entries when it is not set: gzip members read back
 * to back are one stream). NULL never; failures show in the calls' results.
 */
struct tar_writer *tar_writer_new(int fd);
/* A whole entry. 0, or -1 with err (the name too long or not representable, a write error). */
int tar_write_entry(struct tar_writer *w, const char *name, const void *data, size_t len,
		    long long mtime, char *err, size_t errlen);
/* An entry of size bytes given in pieces: begin, then data until size bytes, then done. */
int tar_write_begin(struct tar_writer *w, const char *name, long long size, long long mtime,
		    char *err, size_t errlen);
int tar_write_data(struct tar_writer *w, const void *data, size_t len, char *err, size_t errlen);
int tar_write_done(struct tar_writer *w, char *err, size_t errlen);
/* Ends the gzip member (see above) and frees w, whatever happened. 0, or -1 with err. */
int tar_write_end(struct tar_writer *w, int end_archive, char *err, size_t errlen);

/* ---- reading ---- */

/* Where the compressed bytes come from: up to n bytes into buf, returning how many (0 at the
 * end), or -1 on an error. */
typedef long (*tar_source)(void *ud, void *buf, size_t n);

struct tar_reader;

/* One entry's header as read. */
struct tar_entry {
	char name[TAR_NAME_MAX + 1]; /* prefix/name, as written, NUL-terminated */
	long long size;
	long long mtime;
};

/* A reader of gzip members back to back holding one ustar archive. */
struct tar_reader *tar_reader_new(tar_source src, void *ud);
void tar_reader_free(struct tar_reader *r);
/*
 * The next entry: 1 with e filled, 0 at the end of the archive (its two zero blocks), or -1
 * with err. The data of the entry before, read or not, is skipped first. Only regular files
 * are entries; any other type (a folder, a link, a device, a pax or GNU long-name header) is
 * refused, as are a bad checksum, a size past TAR_SIZE_MAX, a name with a NUL inside its
 * field's room or no name at all, and an archive cut short or not gzip at all.
 */
int tar_read_next(struct tar_reader *r, struct tar_entry *e, char *err, size_t errlen);
/* Up to n bytes of the current entry's data: how many (0 when its end is reached), or -1
 * with err. */
long tar_read_data(struct tar_reader *r, void *buf, size_t n, char *err, size_t errlen);

#endif
