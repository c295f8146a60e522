/* bundle: a press's whole content taken along: the export bundle (a versioned tar.gz with a
 * manifest of sha256 sums, documented in the README) written from a press, and read into a new
 * one. */
#ifndef BS_BUNDLE_H
#define BS_BUNDLE_H

#include <stddef.h>

struct press_keys;
struct store;

/* The format's name and version, in the manifest; a reader refuses any other. */
#define BUNDLE_FORMAT "broadside-bundle"
#define BUNDLE_VERSION 1
/* The first entry of every bundle. */
#define BUNDLE_MANIFEST "manifest.json"

/* Bounds a reader holds every bundle to. */
#define BUNDLE_MANIFEST_MAX (64u * 1024 * 1024)
#define BUNDLE_FILES_MAX 4000000u
#define BUNDLE_SECTIONS_MAX 32u
/* One line of a .jsonl file (a row), and one whole data file. */
#define BUNDLE_LINE_MAX (80u * 1024 * 1024)
#define BUNDLE_DATA_MAX (16ll * 1024 * 1024 * 1024)
/* One medium (the media library's own upper bound) and one post file. */
#define BUNDLE_MEDIUM_MAX (1024ll * 1024 * 1024)

/* What a bundle holds, counted as it is written or read. */
struct bundle_stats {
	unsigned long users, posts, pages, revisions, comments, modlog, media, issues, redirects,
	    resolutions, followers;
	unsigned long files; /* entries besides the manifest */
	long long members;   /* members and subscribers left out (export) */
	long long exported;  /* when the bundle was made (unix seconds) */
	char made_by[64];    /* "broadside 0.2.0" */
	char sections[512];  /* "settings, users, ..." */
};

/*
 * Writes the press (its database s and its folder data_dir) to the new file out, refused when
 * it exists: one read transaction of the database, so that servers go on meanwhile and the
 * bundle holds everything committed before it began. The file is complete or absent (written
 * under a temporary name beside it, synced, then linked into place). made_by names the
 * program ("broadside 0.2.0"), now is the export's time. Members, subscribers, commenters'
 * emails, client addresses, passwords, sessions, keys and the secret are never in it. 0, or
 * -1 with err.
 */
int bundle_export(struct store *s, const char *data_dir, const char *out, const char *made_by,
		  long long now, struct bundle_stats *st, char *err, size_t errlen);

/*
 * Makes the press folder dest (which must not exist, or be an empty folder) from the bundle
 * file: the manifest first (its format and version, every name and size), then every entry
 * against it (its sha256, no other entry, none missing), all of it into a folder beside dest;
 * then a new press there (with its own key) filled from the bundle's sections in one
 * transaction, every row checked, and renamed into place. On any error nothing is left. 0,
 * or -1 with err naming the file (and line) at fault.
 */
int bundle_import(const char *file, const char *dest, struct bundle_stats *st, char *err,
		  size_t errlen);

/*
 * Reads a bundle from memory as bundle_import does up to its sections' rows, writing nothing:
 * the archive, the manifest, every entry's size and sha256, and each data file's lines parsed
 * against its section's columns. 0, or -1 with err. For the fuzzer.
 */
int bundle_check_memory(const void *data, size_t len, char *err, size_t errlen);

#endif
