/* bundle_manifest: the bundle's manifest.json read and checked before any other entry, and the
 * names a bundle may hold. */
#include "fed/avatar.h"
#include "port/bundle_int.h"
#include "post/postfile.h"
#include "util/isodate.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int mfail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int mfail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(err, errlen, "%s: ", BUNDLE_MANIFEST);
	if (n > 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int bundle_path_ok(const char *path)
{
	size_t n = strlen(path);
	if (n == 0 || n > 255 || !utf8_valid(path, n, NULL))
		return 0;
	const char *seg = path;
	for (;;) {
		size_t len = strcspn(seg, "/");
		if (len == 0 || seg[0] == '.')
			return 0;
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)seg[i];
			if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
				return 0;
		}
		if (!seg[len])
			return 1;
		seg += len + 1;
	}
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && strcmp(s + n - m, end) == 0;
}

long long bundle_path_max(const char *path)
{
	if (strncmp(path, "media/", 6) == 0)
		return BUNDLE_MEDIUM_MAX;
	if (strncmp(path, "posts/", 6) == 0)
		return POSTFILE_MAX_BYTES;
	if (strncmp(path, "fediverse/avatars/", 18) == 0)
		return FED_AVATAR_MAX;
	if (ends_with(path, ".jsonl"))
		return BUNDLE_DATA_MAX;
	return 1024 * 1024; /* settings, issue files, theme files */
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct bundle_file *)a)->path, ((const struct bundle_file *)b)->path);
}

struct bundle_file *bundle_manifest_find(const struct bundle_manifest *m, const char *path)
{
	struct bundle_file key = {.path = (char *)path};
	if (!m->nfiles)
		return NULL;
	return bsearch(&key, m->files, m->nfiles, sizeof(key), by_path);
}

void bundle_manifest_free(struct bundle_manifest *m)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].path);
		free(m->files[i].section);
	}
	for (size_t i = 0; i < m->nsections; i++)
		free(m->sections[i]);
	free(m->files);
	free(m->sections);
	memset(m, 0, sizeof(*m));
}

static int hex_sha(const char *s, unsigned char out[32])
{
	if (strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
		return -1;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int section_index(const struct bundle_manifest *m, const char *name)
{
	for (size_t i = 0; i < m->nsections; i++)
		if (strcmp(m->sections[i], name) == 0)
			return (int)i;
	return -1;
}

static int read_sections(json_t *list, struct bundle_manifest *m, char *err, size_t errlen)
{
	if (!json_is_array(list) || json_array_size(list) > BUNDLE_SECTIONS_MAX)
		return mfail(err, errlen, "\"sections\" is not a list of at most %u names",
			     BUNDLE_SECTIONS_MAX);
	m->sections = xcalloc(json_array_size(list) + 1, sizeof(*m->sections));
	int last = -1;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *name = json_string_value(json_array_get(list, i));
		if (!name)
			return mfail(err, errlen,
				     "\"sections\" holds something that is not a name");
		int at = -1;
		for (int k = 0; bundle_sections[k].name; k++)
			if (strcmp(bundle_sections[k].name, name) == 0)
				at = k;
		if (at < 0)
			return mfail(
			    err, errlen,
			    "the bundle holds the section '%.64s', which this broadside "
			    "does not know: import it with the newer broadside that made it",
			    name);
		if (at <= last)
			return mfail(err, errlen,
				     "the section '%.64s' is listed twice or out of order", name);
		last = at;
		m->sections[m->nsections++] = xstrdup(name);
	}
	return 0;
}

static int read_files(json_t *list, struct bundle_manifest *m, char *err, size_t errlen)
{
	if (!json_is_array(list) || json_array_size(list) > BUNDLE_FILES_MAX)
		return mfail(err, errlen, "\"files\" is not a list of at most %u files",
			     BUNDLE_FILES_MAX);
	size_t n = json_array_size(list);
	m->files = xcalloc(n ? n : 1, sizeof(*m->files));
	for (size_t i = 0; i < n; i++) {
		json_t *f = json_array_get(list, i);
		const char *path = json_string_value(json_object_get(f, "path"));
		const char *section = json_string_value(json_object_get(f, "section"));
		const char *sha = json_string_value(json_object_get(f, "sha256"));
		json_t *size = json_object_get(f, "size");
		if (!json_is_object(f) || json_object_size(f) != 4 || !path || !section || !sha ||
		    !json_is_integer(size))
			return mfail(
			    err, errlen,
			    "file %zu is not {\"path\", \"section\", \"size\", \"sha256\"}", i + 1);
		if (!bundle_path_ok(path) || strcmp(path, BUNDLE_MANIFEST) == 0)
			return mfail(err, errlen, "file %zu: '%.255s' is no name a bundle holds",
				     i + 1, path);
		if (section_index(m, section) < 0)
			return mfail(err, errlen, "%s: its section '%.64s' is not listed", path,
				     section);
		long long sz = json_integer_value(size);
		if (sz < 0 || sz > bundle_path_max(path))
			return mfail(err, errlen, "%s: its size %lld is more than such a file has",
				     path, sz);
		struct bundle_file *bf = &m->files[m->nfiles++];
		if (hex_sha(sha, bf->sha256) != 0)
			return mfail(err, errlen, "%s: its sha256 is not 64 hex digits", path);
		bf->path = xstrdup(path);
		bf->section = xstrdup(section);
		bf->size = sz;
	}
	if (m->nfiles)
		qsort(m->files, m->nfiles, sizeof(*m->files), by_path);
	for (size_t i = 1; i < m->nfiles; i++)
		if (strcmp(m->files[i - 1].path, m->files[i].path) == 0)
			return mfail(err, errlen, "%s is listed twice", m->files[i].path);
	return 0;
}

static int parse(json_t *root, struct bundle_manifest *m, char *err, size_t errlen)
{
	static const char *const keys[] = {"format",  "version",  "made_by", "exported",
					   "members", "sections", "files",   NULL};
	if (!json_is_object(root))
		return mfail(err, errlen, "not a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v)
	{
		int known = 0;
		for (int i = 0; keys[i] && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known)
			return mfail(err, errlen, "unknown key '%.64s'", key);
	}
	const char *format = json_string_value(json_object_get(root, "format"));
	if (!format || strcmp(format, BUNDLE_FORMAT) != 0)
		return mfail(err, errlen, "\"format\" is not \"%s\": this is no broadside bundle",
			     BUNDLE_FORMAT);
	const char *made = json_string_value(json_object_get(root, "made_by"));
	if (!made || strlen(made) >= sizeof(m->made_by))
		return mfail(err, errlen, "\"made_by\" is missing or too long");
	snprintf(m->made_by, sizeof(m->made_by), "%s", made);
	json_t *version = json_object_get(root, "version");
	if (!json_is_integer(version) || json_integer_value(version) < 1)
		return mfail(err, errlen, "\"version\" is not a number from 1");
	if (json_integer_value(version) != BUNDLE_VERSION)
		return mfail(
		    err, errlen,
		    "the bundle is of format version %lld (made by %s), and this broadside "
		    "reads version %d: import it with a broadside that reads it",
		    (long long)json_integer_value(version), m->made_by, BUNDLE_VERSION);
	m->version = BUNDLE_VERSION;
	const char *exported = json_string_value(json_object_get(root, "exported"));
	if (!exported || iso_date_parse(exported, &m->exported) != 0)
		return mfail(err, errlen, "\"exported\" is not an ISO 8601 date");
	const char *members = json_string_value(json_object_get(root, "members"));
	if (!members || strcmp(members, "left out") != 0)
		return mfail(err, errlen, "\"members\" is not \"left out\"");
	if (read_sections(json_object_get(root, "sections"), m, err, errlen) != 0)
		return -1;
	return read_files(json_object_get(root, "files"), m, err, errlen);
}

int bundle_manifest_parse(const char *text, size_t len, struct bundle_manifest *m, char *err,
			  size_t errlen)
{
	memset(m, 0, sizeof(*m));
	if (len > BUNDLE_MANIFEST_MAX)
		return mfail(err, errlen, "larger than %u MiB", BUNDLE_MANIFEST_MAX >> 20);
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return mfail(err, errlen, "line %d: %s", je.line, je.text);
	int rc = parse(root, m, err, errlen);
	json_decref(root);
	if (rc != 0)
		bundle_manifest_free(m);
	return rc;
}
