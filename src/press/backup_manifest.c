/* backup_manifest: writing and strictly reading a backup's manifest, and its entry names. */
#include "press/backup_manifest.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys_words[] = {"none", "included", "apart"};

void backup_manifest_format(struct buf *out, const struct backup_manifest *m)
{
	buf_printf(out, "format %d\nversion %s\nschema %d\ncreated %lld\nentries %lu\nkeys %s\n",
		   m->format, m->version, m->schema, m->created, m->entries, keys_words[m->keys]);
	for (size_t i = 0; i < m->nkeys; i++)
		buf_printf(out, "key %s\n", m->key[i]);
}

int backup_name_ok(const char *name, size_t n)
{
	if (n == 0 || n > BACKUP_NAME_MAX || name[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int backup_entry_kind(const char *name)
{
	if (strcmp(name, "site.db") == 0)
		return BACKUP_DB;
	if (strncmp(name, "media/", 6) == 0 && backup_name_ok(name + 6, strlen(name + 6)))
		return BACKUP_MEDIA;
	if (strncmp(name, "keys/", 5) == 0 && backup_name_ok(name + 5, strlen(name + 5)))
		return BACKUP_KEY;
	if (strncmp(name, "themes/", 7) == 0) {
		const char *theme = name + 7, *slash = strchr(theme, '/');
		if (slash && backup_name_ok(theme, (size_t)(slash - theme)) &&
		    backup_name_ok(slash + 1, strlen(slash + 1)))
			return BACKUP_THEME;
	}
	return -1;
}

/* A whole decimal number from lo to hi, nothing around it. */
static int number(const char *s, long long lo, long long hi, long long *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
		return -1;
	long long v = strtoll(s, NULL, 10);
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* The lines met so far, a bit each ("key" lines may repeat). */
enum { F_FORMAT = 1, F_VERSION = 2, F_SCHEMA = 4, F_CREATED = 8, F_ENTRIES = 16, F_KEYS = 32 };
#define F_REQUIRED (F_FORMAT | F_VERSION | F_SCHEMA | F_ENTRIES | F_KEYS)

/* One "KEY VALUE" line into m; seen collects the keys met. */
static int parse_line(char *line, struct backup_manifest *m, unsigned *seen)
{
	char *value = strchr(line, ' ');
	if (!value)
		return -1;
	*value++ = '\0';
	long long v;
	unsigned bit = 0;
	if (!(*seen & F_FORMAT) && strcmp(line, "format") != 0)
		return -1;
	if (strcmp(line, "format") == 0) {
		bit = F_FORMAT;
		if (number(value, BACKUP_FORMAT, BACKUP_FORMAT, &v) != 0)
			return -1;
		m->format = (int)v;
	} else if (strcmp(line, "version") == 0) {
		bit = F_VERSION;
		size_t n = strlen(value);
		if (n == 0 || n >= sizeof(m->version) ||
		    strspn(value, "0123456789.abcdefghijklmnopqrstuvwxyz~+-") != n)
			return -1;
		memcpy(m->version, value, n + 1);
	} else if (strcmp(line, "schema") == 0) {
		bit = F_SCHEMA;
		if (number(value, 1, 1000000, &v) != 0)
			return -1;
		m->schema = (int)v;
	} else if (strcmp(line, "created") == 0) {
		bit = F_CREATED;
		if (number(value, 0, 1LL << 40, &v) != 0)
			return -1;
		m->created = v;
	} else if (strcmp(line, "entries") == 0) {
		bit = F_ENTRIES;
		if (number(value, 1, BACKUP_ENTRIES_MAX, &v) != 0)
			return -1;
		m->entries = (unsigned long)v;
	} else if (strcmp(line, "keys") == 0) {
		bit = F_KEYS;
		int k = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(value, keys_words[i]) == 0)
				k = i;
		if (k < 0)
			return -1;
		m->keys = (enum backup_keys)k;
	} else if (strcmp(line, "key") == 0) {
		if (!(*seen & F_KEYS) || m->keys == BACKUP_KEYS_NONE ||
		    m->nkeys == BACKUP_KEYS_MAX || !backup_name_ok(value, strlen(value)))
			return -1;
		for (size_t i = 0; i < m->nkeys; i++)
			if (strcmp(m->key[i], value) == 0)
				return -1;
		memcpy(m->key[m->nkeys++], value, strlen(value) + 1); /* checked: it fits */
		return 0;
	} else {
		return -1;
	}
	if (*seen & bit)
		return -1;
	*seen |= bit;
	return 0;
}

int backup_manifest_parse(const char *text, size_t len, struct backup_manifest *m, char *err,
			  size_t errlen)
{
	memset(m, 0, sizeof(*m));
	if (len > BACKUP_MANIFEST_MAX || memchr(text, '\0', len)) {
		snprintf(err, errlen, "the manifest is not a broadside backup's");
		return -1;
	}
	char line[BACKUP_NAME_MAX + 64];
	unsigned seen = 0;
	int lineno = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		lineno++;
		if (!nl || n >= sizeof(line)) {
			snprintf(err, errlen, "manifest line %d: %s", lineno,
				 nl ? "too long" : "does not end");
			return -1;
		}
		memcpy(line, text + at, n);
		line[n] = '\0';
		if (parse_line(line, m, &seen) != 0) {
			snprintf(err, errlen, "manifest line %d: not understood", lineno);
			return -1;
		}
		at += n + 1;
	}
	if (!(seen & F_FORMAT)) {
		snprintf(err, errlen, "the manifest is not a broadside backup's");
		return -1;
	}
	if ((seen & F_REQUIRED) != F_REQUIRED) {
		snprintf(err, errlen, "the manifest lacks %s",
			 !(seen & F_VERSION)   ? "the version"
			 : !(seen & F_SCHEMA)  ? "the schema"
			 : !(seen & F_ENTRIES) ? "the entry count"
					       : "the keys");
		return -1;
	}
	return 0;
}
