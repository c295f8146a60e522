/* cli_backup: `broadside backup` and `broadside restore`, and what they tell the operator about
 * the keys a backup holds or lacks. */
#include "cli/cli.h"
#include "press/backup.h"
#include "press/hosts.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/isodate.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_BYTES 4096

/* "a.key, b.key" into out. */
static void key_names(const struct backup_manifest *m, const char *prefix, struct buf *out)
{
	for (size_t i = 0; i < m->nkeys; i++)
		buf_printf(out, "%s%s%s", i ? (i + 1 == m->nkeys ? " and " : ", ") : "", prefix,
			   m->key[i]);
}

static void human_size(long long n, char *out, size_t outlen)
{
	if (n < 1024 * 1024)
		snprintf(out, outlen, "%lld KB", (n + 1023) / 1024);
	else
		snprintf(out, outlen, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

int cli_backup(const struct cli_args *a)
{
	char dir[PATH_BYTES], err[1024];
	int rc = cli_press_dir(a, 0, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	struct backup_stats st;
	if (backup_write(dir, a->out, !a->without_keys, cli_version, &st, err, sizeof(err)) != 0)
		return cli_fail("backup: %s", err);
	struct stat sb;
	char size[32] = "?";
	if (stat(a->out, &sb) == 0)
		human_size((long long)sb.st_size, size, sizeof(size));
	const struct backup_manifest *m = &st.m;
	printf("%s: %s of %s: the database (schema %d), %lu upload%s, %lu theme file%s, %s\n",
	       a->out, size, dir, m->schema, st.media, st.media == 1 ? "" : "s", st.theme_files,
	       st.theme_files == 1 ? "" : "s",
	       m->keys == BACKUP_KEYS_NONE	 ? "no keys (the press has no keys/ folder)"
	       : m->keys == BACKUP_KEYS_INCLUDED ? "and the keys"
						 : "without the keys");
	struct buf names = {0};
	if (m->keys == BACKUP_KEYS_INCLUDED) {
		key_names(m, "", &names);
		fprintf(stderr,
			"broadside: warning: %s holds the press's keys (keys/: %s). Whoever has "
			"this file can read everything the keys protect: keep it apart, as safe as "
			"the keys themselves, not beside the press or its other copies.\n",
			a->out, m->nkeys ? buf_str(&names) : "no files yet");
	} else if (m->keys == BACKUP_KEYS_APART) {
		char prefix[PATH_BYTES + 8];
		snprintf(prefix, sizeof(prefix), "%s/keys/", dir);
		key_names(m, prefix, &names);
		fprintf(stderr,
			"broadside: warning: the keys were left out of %s (--without-keys). Keep a "
			"copy of %s apart from it: without them, whatever they seal in this backup "
			"cannot be read.\n",
			a->out, m->nkeys ? buf_str(&names) : "the keys/ folder (empty now)");
	}
	buf_free(&names);
	if (st.missing)
		fprintf(stderr,
			"broadside: warning: %lu upload%s the database names %s not in %s/media "
			"(first: %s); 'broadside check' lists them\n",
			st.missing, st.missing == 1 ? "" : "s", st.missing == 1 ? "was" : "were",
			dir, st.missing_first);
	return 0;
}

/* For a press of a server folder: whether the host map serves it, and at which host. */
static void served_at(const struct cli_args *a, char *host, size_t hostlen)
{
	host[0] = '\0';
	struct host_map map;
	char err[256];
	if (!a->press || hostmap_load(a->data, &map, err, sizeof(err)) != 0)
		return;
	for (size_t i = 0; i < map.n && !host[0]; i++)
		if (strcmp(map.v[i].press, a->press) == 0)
			snprintf(host, hostlen, "%s", map.v[i].host);
	hostmap_free(&map);
}

int cli_restore(const struct cli_args *a)
{
	char dir[PATH_BYTES], err[1024];
	int rc = cli_press_dir(a, 1, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	struct backup_stats st;
	if (backup_restore(a->pos[0], dir, &st, err, sizeof(err)) != 0)
		return cli_fail("restore: %s", err);
	const struct backup_manifest *m = &st.m;
	char made[32];
	iso_day_format(m->created, made);
	printf("%s: restored from %s (made by broadside %s on %s): the database (schema %d), "
	       "%lu upload%s, %lu theme file%s, %s\n",
	       dir, a->pos[0], m->version, made, m->schema, st.media, st.media == 1 ? "" : "s",
	       st.theme_files, st.theme_files == 1 ? "" : "s",
	       m->keys == BACKUP_KEYS_INCLUDED ? "and the keys"
	       : m->keys == BACKUP_KEYS_APART  ? "without the keys"
					       : "no keys");
	if (m->keys == BACKUP_KEYS_APART && m->nkeys) {
		struct buf names = {0};
		key_names(m, "", &names);
		fprintf(stderr,
			"broadside: warning: this backup holds no keys. Put the press's key files "
			"(%s), kept apart from it, into %s/keys/ (the folder mode 0700, the files "
			"0600) before it is served: without them what they seal cannot be read.\n",
			buf_str(&names), dir);
		buf_free(&names);
	}
	if (m->schema < store_schema_current())
		printf("%s: the database has schema %d; the first command or server to open it "
		       "brings it up to %d, in one transaction\n",
		       dir, m->schema, store_schema_current());
	if (a->press) {
		char host[HOST_NAME_MAX_LEN + 1];
		served_at(a, host, sizeof(host));
		if (host[0])
			printf("%s: served at %s by running servers (the host map names it)\n", dir,
			       host);
		else
			printf("%s: not served until 'broadside press hosts --data %s %s --host "
			       "HOST'\n",
			       dir, a->data, a->press);
	}
	return 0;
}
