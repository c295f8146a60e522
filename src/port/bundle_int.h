/* bundle_int: what the bundle's files share: the manifest, the writer's and the reader's state,
 * the table of sections (one pair of functions a noun), and rows of JSON Lines. */
#ifndef BS_BUNDLE_INT_H
#define BS_BUNDLE_INT_H

#include "port/bundle.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdio.h>

struct pool;
struct press_keys;
struct store;
struct store_copy;
struct store_val;
struct tar_writer;

/* ---- the manifest ---- */

struct bundle_file {
	char *path;
	char *section;
	long long size;
	unsigned char sha256[32];
	int seen; /* its entry was read and matched */
	int used; /* its section read it */
};

struct bundle_manifest {
	int version;
	char made_by[64];
	long long exported;
	char **sections; /* in the order they are read */
	size_t nsections;
	struct bundle_file *files; /* sorted by path */
	size_t nfiles;
};

/*
 * Parses and checks manifest.json: format BUNDLE_FORMAT, version BUNDLE_VERSION (a newer one
 * is refused with what made it), made_by, exported, sections (each a known section, once, in
 * the table's order), files (each with a path that bundle_path_ok takes, once, its section
 * among those listed, a size within that file's bound, a sha256 of 64 hex digits). 0, or -1
 * with err naming the field.
 */
int bundle_manifest_parse(const char *text, size_t len, struct bundle_manifest *m, char *err,
			  size_t errlen);
void bundle_manifest_free(struct bundle_manifest *m);
struct bundle_file *bundle_manifest_find(const struct bundle_manifest *m, const char *path);
/* A name a bundle may hold: 1 to 255 bytes of UTF-8 segments joined by '/', each of letters,
 * digits, '.', '_', '-' or non-ASCII, none empty, "." or "..", none starting with '.'. */
int bundle_path_ok(const char *path);
/* The largest size a file at path may have (by its folder and extension). */
long long bundle_path_max(const char *path);

/* ---- writing ---- */

struct bundle_out {
	struct store *s;
	const char *data_dir;
	struct tar_writer *tw;
	long long now;
	const char *section; /* the section being written */
	json_t *files;	     /* the manifest's list so far */
	struct bundle_stats *st;
	char *err;
	size_t errlen;
};

/* Adds a file of the current section to the bundle (hashed for the manifest). 0, or -1. */
int bundle_put(struct bundle_out *o, const char *path, const void *data, size_t len);
/* Adds the file at src (at most max bytes, a regular file, links not followed). 0, or -1. */
int bundle_put_file(struct bundle_out *o, const char *path, const char *src, long long max);
/* Adds a JSON Lines file, one line a row of t; hook (may be NULL) may add to or change each
 * row's object before it is written (returning -1 stops with err set). 0, or -1. */
int bundle_put_rows(struct bundle_out *o, const char *path, const struct store_copy *t,
		    int (*hook)(struct bundle_out *o, const struct store_val *v, json_t *row));
/* A line of JSON for the value (compact, keys in the order they were added) into b. */
void bundle_json_line(struct buf *b, json_t *v);
/* Puts a message in o->err; returns -1. */
int bundle_out_fail(struct bundle_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- reading ---- */

/* A file of the bundle being read: from the staged folder, or from memory (bundle_check). */
struct bundle_src {
	const char *path;
	FILE *f;
	const char *mem;
	size_t len, at;
	unsigned line;
};

struct bundle_mem_file {
	const char *path;
	const char *data;
	size_t len;
};

struct bundle_in {
	struct store *s;	       /* NULL: only checking (nothing is written) */
	const struct press_keys *keys; /* the new press's */
	const char *data_dir;	       /* the new press's folder */
	const char *files_dir;	       /* where the bundle's files are, or NULL: mem */
	struct bundle_mem_file *mem;
	size_t nmem;
	struct bundle_manifest *m;
	void *ud; /* the state of the section being read, its own */
	struct bundle_stats *st;
	char *err;
	size_t errlen;
};

/* Opens a file of the bundle (which must be in the manifest, and is marked used). 0, or -1. */
int bundle_open(struct bundle_in *in, const char *path, struct bundle_src *src);
void bundle_close(struct bundle_src *src);
/* The next line (without its newline) into line: 1, 0 at the end, -1 when it is longer than
 * BUNDLE_LINE_MAX or cannot be read. */
int bundle_next_line(struct bundle_in *in, struct bundle_src *src, struct buf *line);
/* A whole file of the bundle into out, at most max bytes. 0, or -1. */
int bundle_slurp(struct bundle_in *in, const char *path, size_t max, struct buf *out);
/* 1 when the manifest lists path. */
int bundle_has(struct bundle_in *in, const char *path);
/* Where a staged file of the bundle is on disk (files_dir/path) into out. */
void bundle_staged_path(struct bundle_in *in, const char *path, char *out, size_t outlen);

/*
 * Reads the JSON Lines file path as rows of t: each line one object with exactly t's carried
 * columns, each checked against its column's kind and bounds. pre (may be NULL) sees each
 * object first (and may change it); check (may be NULL) sees the values, fills the derived
 * ones and may refuse the row; then the row is inserted (when in->s) and must be written.
 * Messages name the file, the line and the key. 0, or -1.
 */
int bundle_get_rows(struct bundle_in *in, const char *path, const struct store_copy *t,
		    int (*pre)(struct bundle_in *in, json_t *row, unsigned line),
		    int (*check)(struct bundle_in *in, struct store_val *v, struct pool *p,
				 unsigned line));
/* "FILE:LINE: message" (LINE left out when 0) into in->err; returns -1. */
int bundle_fail(struct bundle_in *in, const char *path, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A string member of a JSON object: 0 and *s (UTF-8, at most max bytes, one line unless
 * lines), or -1 after bundle_fail naming key. */
int bundle_json_str(struct bundle_in *in, const char *path, unsigned line, json_t *o,
		    const char *key, size_t max, int lines, const char **s);
/* An integer member in [min, max]: 0 and *v, or -1 after bundle_fail naming key. */
int bundle_json_int(struct bundle_in *in, const char *path, unsigned line, json_t *o,
		    const char *key, long long min, long long max, long long *v);

/* ---- the sections ---- */

struct bundle_section {
	const char *name;
	int (*write)(struct bundle_out *o);
	int (*read)(struct bundle_in *in);
};

/* Every section, in the order they are written and read (a noun's rows only after those it
 * names); ended by a NULL name. */
extern const struct bundle_section bundle_sections[];
/* The section called name, or NULL. */
const struct bundle_section *bundle_section_find(const char *name);

/* The sections' own functions (bundle_site.c, bundle_posts.c, bundle_comments.c,
 * bundle_journal.c, bundle_resolutions.c, bundle_fediverse.c). */
int bundle_write_settings(struct bundle_out *o);
int bundle_read_settings(struct bundle_in *in);
int bundle_write_themes(struct bundle_out *o);
int bundle_read_themes(struct bundle_in *in);
int bundle_write_users(struct bundle_out *o);
int bundle_read_users(struct bundle_in *in);
int bundle_write_media(struct bundle_out *o);
int bundle_read_media(struct bundle_in *in);
int bundle_write_posts(struct bundle_out *o);
int bundle_read_posts(struct bundle_in *in);
int bundle_write_revisions(struct bundle_out *o);
int bundle_read_revisions(struct bundle_in *in);
int bundle_write_comments(struct bundle_out *o);
int bundle_read_comments(struct bundle_in *in);
int bundle_write_journal(struct bundle_out *o);
int bundle_read_journal(struct bundle_in *in);
int bundle_write_origins(struct bundle_out *o);
int bundle_read_origins(struct bundle_in *in);
int bundle_write_branches(struct bundle_out *o);
int bundle_read_branches(struct bundle_in *in);
int bundle_write_resolutions(struct bundle_out *o);
int bundle_read_resolutions(struct bundle_in *in);
int bundle_write_fediverse(struct bundle_out *o);
int bundle_read_fediverse(struct bundle_in *in);
/* A remote avatar's file name: 64 hex digits (its sha256), '.', png, jpg, gif or webp. */
int bundle_avatar_name_ok(const char *name);

#endif
