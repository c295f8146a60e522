/* fuzz_backup_manifest: a backup's manifest and entry names, as a changed file may carry them:
 * a manifest read is written back the same, and no accepted name leaves its folder. */
#include "press/backup_manifest.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backup_manifest *m = malloc(sizeof(*m)), *again = malloc(sizeof(*again));
	char err[256];
	if (backup_manifest_parse((const char *)data, size, m, err, sizeof(err)) == 0) {
		if (m->format != BACKUP_FORMAT || m->nkeys > BACKUP_KEYS_MAX ||
		    (m->nkeys && m->keys == BACKUP_KEYS_NONE))
			abort();
		for (size_t i = 0; i < m->nkeys; i++)
			if (!backup_name_ok(m->key[i], strlen(m->key[i])))
				abort();
		struct buf b = {0};
		backup_manifest_format(&b, m);
		if (backup_manifest_parse(b.data, b.len, again, err, sizeof(err)) != 0 ||
		    again->schema != m->schema || again->entries != m->entries ||
		    again->keys != m->keys || again->nkeys != m->nkeys ||
		    strcmp(again->version, m->version) != 0)
			abort();
		buf_free(&b);
	}
	/* The same bytes as an entry name. */
	char *name = malloc(size + 1);
	memcpy(name, data, size);
	name[size] = '\0';
	/* An accepted name is relative, of components that are neither empty nor dot-led (so
	 * never "." or ".."), and without a backslash. */
	if (backup_entry_kind(name) >= 0) {
		if (name[0] == '/' || strchr(name, '\\'))
			abort();
		for (const char *c = name; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL)
			if (*c == '/' || *c == '\0' || *c == '.')
				abort();
	}
	free(name);
	free(m);
	free(again);
	return 0;
}
