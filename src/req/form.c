/* form: collecting a posted form field by field, and its one file on disk or its few files in
 * memory. */
#include "req/form.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void form_init(struct form *f, const char *tmp_dir, size_t file_max, size_t text_max)
{
	memset(f, 0, sizeof(*f));
	f->tmp_dir = tmp_dir;
	f->file_max = file_max;
	f->text_max = text_max < FORM_TEXT_MAX ? text_max : FORM_TEXT_MAX;
	f->fd = -1;
}

void form_init_mem(struct form *f, size_t files_max, size_t text_max)
{
	form_init(f, NULL, 0, text_max);
	f->mem_max = files_max;
}

/* What every in-memory form holds at once (FORM_MEM_ALL at most). */
static atomic_size_t mem_all;

/* Appends to a file in memory. It grows by copying into a new block and wiping the old one,
 * so no freed memory keeps a piece of it. */
static int mem_append(struct form *f, struct form_mem_file *m, const char *data, size_t size)
{
	if (size > f->mem_max - f->mem_bytes) {
		f->mem_too_large = 1;
		return 0;
	}
	if (atomic_fetch_add(&mem_all, size) + size > FORM_MEM_ALL) {
		atomic_fetch_sub(&mem_all, size);
		f->mem_busy = 1;
		return 0;
	}
	f->mem_bytes += size;
	if (m->len + size > m->cap) {
		size_t cap = m->cap ? m->cap : 16384;
		while (cap < m->len + size)
			cap *= 2;
		unsigned char *d = xmalloc(cap);
		if (m->len)
			memcpy(d, m->data, m->len);
		if (m->data) {
			sodium_memzero(m->data, m->cap);
			free(m->data);
		}
		m->data = d;
		m->cap = cap;
	}
	memcpy(m->data + m->len, data, size);
	m->len += size;
	return 0;
}

/* A file part of an in-memory form: a part that starts at offset 0 is a new file. */
static int mem_part(struct form *f, const char *key, const char *filename, const char *data,
		    uint64_t off, size_t size)
{
	if (f->mem_too_many || f->mem_too_large || f->mem_busy)
		return 0;
	struct form_mem_file *m = f->nmem ? &f->mem[f->nmem - 1] : NULL;
	if (!m || off == 0) {
		if (strlen(key) >= FORM_KEY_MAX) {
			f->overflow = 1;
			return 0;
		}
		if (f->nmem == FORM_MEM_FILES_MAX) {
			f->mem_too_many = 1;
			return 0;
		}
		m = &f->mem[f->nmem++];
		snprintf(m->key, sizeof(m->key), "%s", key);
		m->name = xstrdup(filename);
	}
	return size ? mem_append(f, m, data, size) : 0;
}

static struct form_field *field_for(struct form *f, const char *key, uint64_t off)
{
	if (strlen(key) >= FORM_KEY_MAX) {
		f->overflow = 1;
		return NULL;
	}
	/* A field arrives in pieces: a piece that starts where the last field of the same key
	 * ends continues it (an empty first piece included). */
	if (f->n && strcmp(f->field[f->n - 1].key, key) == 0 && off == f->field[f->n - 1].value.len)
		return &f->field[f->n - 1];
	if (f->n == FORM_FIELDS_MAX) {
		f->overflow = 1;
		return NULL;
	}
	struct form_field *ff = &f->field[f->n++];
	snprintf(ff->key, sizeof(ff->key), "%s", key);
	buf_init(&ff->value);
	buf_put(&ff->value, "", 0);
	return ff;
}

static int file_part(struct form *f, const char *key, const char *filename, const char *data,
		     size_t size)
{
	if (!f->tmp_dir)
		return 0; /* no place for files: dropped (see form_init) */
	if (!f->file_path) {
		if (f->file_key[0]) {
			f->overflow = 1; /* one file a form */
			return 0;
		}
		snprintf(f->file_key, sizeof(f->file_key), "%s", key);
		f->file_name = xstrdup(filename);
		char path[4096];
		snprintf(path, sizeof(path), "%s/upload-XXXXXX", f->tmp_dir);
		f->fd = mkstemp(path);
		if (f->fd < 0) {
			f->file_error = 1;
			return -1;
		}
		f->file_path = xstrdup(path);
		crypto_hash_sha256_init(&f->sha);
	}
	if (strcmp(key, f->file_key) != 0) {
		f->overflow = 1;
		return 0;
	}
	f->file_size += size;
	if (f->file_size > f->file_max)
		f->file_too_large = 1;
	if (f->file_too_large || f->fd < 0 || size == 0)
		return 0;
	crypto_hash_sha256_update(&f->sha, (const unsigned char *)data, size);
	while (size) {
		ssize_t w = write(f->fd, data, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->file_error = 1;
			return -1;
		}
		data += w;
		size -= (size_t)w;
	}
	return 0;
}

int form_add(struct form *f, const char *key, const char *filename, const char *data, uint64_t off,
	     size_t size)
{
	if (!key || !*key) {
		f->no_name = 1;
		return 0;
	}
	/* A file input left empty still arrives, with an empty name and no bytes. */
	if (filename && (*filename || size) && f->mem_max)
		return mem_part(f, key, filename, data, off, size);
	if (filename && (*filename || size))
		return file_part(f, key, filename, data, size);
	if (filename)
		return 0;
	if (f->overflow || size > f->text_max - f->text_bytes) {
		f->overflow = 1;
		return 0;
	}
	struct form_field *ff = field_for(f, key, off);
	if (!ff)
		return 0;
	f->text_bytes += size;
	buf_put(&ff->value, data, size);
	return 0;
}

int form_file_finish(struct form *f, char hash_hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	if (f->fd < 0 || f->file_error)
		return -1;
	int rc = fsync(f->fd);
	rc |= close(f->fd);
	f->fd = -1;
	crypto_hash_sha256_final(&f->sha, h);
	sodium_bin2hex(hash_hex, 65, h, sizeof(h));
	return rc ? -1 : 0;
}

void form_free(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct buf *v = &f->field[i].value;
		if (v->data)
			sodium_memzero(v->data, v->cap);
		buf_free(v);
	}
	for (size_t i = 0; i < f->nmem; i++) {
		struct form_mem_file *m = &f->mem[i];
		if (m->data)
			sodium_memzero(m->data, m->cap);
		free(m->data);
		free(m->name);
	}
	if (f->mem_bytes)
		atomic_fetch_sub(&mem_all, f->mem_bytes);
	if (f->fd >= 0)
		close(f->fd);
	if (f->file_path)
		unlink(f->file_path);
	free(f->file_path);
	free(f->file_name);
	form_init(f, NULL, 0, 0);
}

const char *form_get_len(const struct form *f, const char *key, size_t *len)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->field[i].key, key) == 0) {
			*len = f->field[i].value.len;
			return buf_str(&f->field[i].value);
		}
	*len = 0;
	return NULL;
}

const char *form_get(const struct form *f, const char *key)
{
	size_t len;
	return form_get_len(f, key, &len);
}

const char *form_bad_text(const struct form *f)
{
	size_t bad;
	for (size_t i = 0; i < f->n; i++) {
		const struct buf *v = &f->field[i].value;
		if (!utf8_valid(v->data, v->len, &bad) || memchr(v->data, '\0', v->len))
			return f->field[i].key;
	}
	return NULL;
}

char *form_clean_name(const char *name)
{
	const char *base = name ? name : "";
	for (const char *c = base; *c; c++)
		if (*c == '/' || *c == '\\')
			base = c + 1;
	struct buf b = {0};
	size_t n = strlen(base), bad;
	for (size_t i = 0; i < n && b.len < FORM_NAME_MAX; i++) {
		unsigned char c = (unsigned char)base[i];
		if (c >= 0x20 && c != 0x7f)
			buf_putc(&b, (char)c);
	}
	/* Cut back to whole characters, and drop what is not UTF-8 at all. */
	while (b.len && !utf8_valid(b.data, b.len, &bad))
		b.len = bad;
	while (b.len && (b.data[0] == '.' || b.data[0] == ' '))
		memmove(b.data, b.data + 1, --b.len);
	if (!b.len) {
		buf_free(&b);
		return xstrdup("upload");
	}
	b.data[b.len] = '\0';
	return buf_detach(&b, NULL);
}
