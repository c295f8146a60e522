/* form: a posted form as libmicrohttpd's PostProcessor hands it over, its text bounded by its
 * route, with at most one file streamed to disk and hashed on the way, or a few files kept in
 * memory only (for what must never reach the disk in clear). */
#ifndef BS_FORM_H
#define BS_FORM_H

#include "util/buf.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define FORM_FIELDS_MAX 32
#define FORM_KEY_MAX 32
/* All text fields together (a post's Markdown is one of them), at most. */
#define FORM_TEXT_MAX (2u * 1024 * 1024)
#define FORM_NAME_MAX 200

struct form_field {
	char key[FORM_KEY_MAX];
	struct buf value;
};

/* Files an in-memory form keeps, at most, and their bytes in all. */
#define FORM_MEM_FILES_MAX 5
#define FORM_MEM_FILES_BYTES (10u * 1024 * 1024)
/* The bytes every in-memory form of the process holds at once, at most: a file past it is
 * refused (mem_busy) rather than let anonymous forms fill the memory. */
#define FORM_MEM_ALL (64u * 1024 * 1024)

/* A file part kept in memory; wiped when the form is freed. */
struct form_mem_file {
	char key[FORM_KEY_MAX];
	char *name; /* as the browser sent it (untrusted; see form_clean_name) */
	unsigned char *data;
	size_t len, cap;
};

struct form {
	struct form_field field[FORM_FIELDS_MAX];
	size_t n;
	size_t text_bytes, text_max;
	int overflow; /* too many fields, a key too long, or more than text_max of text */
	int no_name;  /* a field came without a name ("=x") */
	/* The file part, if any: written to a temporary file in tmp_dir as it arrives (with
	 * tmp_dir NULL, files are dropped). */
	const char *tmp_dir;
	size_t file_max;
	char file_key[FORM_KEY_MAX];
	char *file_name;  /* as the browser sent it (untrusted; never used as a path) */
	char *file_path;  /* the temporary file, NULL when no file came */
	int fd;		  /* -1 when closed */
	size_t file_size; /* bytes received, counted past file_max */
	int file_too_large, file_error;
	crypto_hash_sha256_state sha;
	/* With mem_max set (form_init_mem), files stay in memory instead: up to
	 * FORM_MEM_FILES_MAX of them, mem_max bytes in all. */
	size_t mem_max, mem_bytes;
	struct form_mem_file mem[FORM_MEM_FILES_MAX];
	size_t nmem;
	int mem_too_many, mem_too_large, mem_busy;
};

/* An empty form taking up to text_max bytes of text (at most FORM_TEXT_MAX) and, when tmp_dir
 * is set, one file of up to file_max bytes. */
void form_init(struct form *f, const char *tmp_dir, size_t file_max, size_t text_max);
/* An empty form whose files are kept in memory, never on disk: up to FORM_MEM_FILES_MAX
 * files of files_max bytes in all. The memory is wiped when the form is freed. */
void form_init_mem(struct form *f, size_t files_max, size_t text_max);
/*
 * Adds size bytes at offset off of field key (a file part when filename is not NULL). Fields
 * beyond the limits set overflow; a file beyond file_max sets file_too_large and the rest of
 * it is dropped. Returns 0, or -1 when the temporary file cannot be written.
 */
int form_add(struct form *f, const char *key, const char *filename, const char *data, uint64_t off,
	     size_t size);
/* Closes the temporary file and writes the SHA-256 of the file in hex (65 bytes). 0 or -1. */
int form_file_finish(struct form *f, char hash_hex[65]);
/* Removes the temporary file (if still there), wipes what was kept in memory and frees
 * everything. */
void form_free(struct form *f);

/* The value of key (NUL-terminated; may hold a NUL, see form_get_len), or NULL when absent. */
const char *form_get(const struct form *f, const char *key);
const char *form_get_len(const struct form *f, const char *key, size_t *len);
/* The first field whose value is not valid UTF-8 or holds a NUL, or NULL when all are fine. */
const char *form_bad_text(const struct form *f);
/* A file name fit to show: the last path component, control characters dropped, at most
 * FORM_NAME_MAX bytes of valid UTF-8; "upload" when nothing is left. malloc'd. */
char *form_clean_name(const char *name);

#endif
