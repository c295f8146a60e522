/* cli_open: which press a command opens (--data and --press), and a server folder's presses. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "store/store_privacy.h"
#include "press/hosts.h"
#include "store/store.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_BYTES 4096

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int cli_press_folders(const char *server_dir, char ***names, size_t *n)
{
	char path[PATH_BYTES];
	*names = NULL;
	*n = 0;
	if (snprintf(path, sizeof(path), "%s/presses", server_dir) >= (int)sizeof(path))
		return -1;
	DIR *d = opendir(path);
	if (!d)
		return -1;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat sb;
		if (!press_name_valid(e->d_name) || fstatat(dirfd(d), e->d_name, &sb, 0) != 0 ||
		    !S_ISDIR(sb.st_mode))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xrealloc(*names, cap * sizeof(**names));
		}
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), by_name);
	return 0;
}

void cli_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void cli_press_names(const char *server_dir, char *out, size_t outlen)
{
	char **names;
	size_t n, used = 0;
	out[0] = '\0';
	if (cli_press_folders(server_dir, &names, &n) != 0 || n == 0) {
		snprintf(out, outlen, "none yet");
		cli_names_free(names, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		/* Room for this name, its comma and a last ", ..." */
		if (used + len + 2 + 6 >= outlen) {
			snprintf(out + used, outlen - used, ", ...");
			break;
		}
		used +=
		    (size_t)snprintf(out + used, outlen - used, "%s%s", i ? ", " : "", names[i]);
	}
	cli_names_free(names, n);
}

int cli_press_dir(const struct cli_args *a, int create, char *out, size_t outlen)
{
	const char *dir = a->data ? a->data : "./data";
	char names[512];
	if (!serverdir_is(dir)) {
		if (a->press)
			return cli_usage(a,
					 "--press is for a server folder, and %s is not one (it "
					 "has no presses/ folder)",
					 dir);
		if (snprintf(out, outlen, "%s", dir) >= (int)outlen)
			return cli_fail("%s: path too long", dir);
		return 0;
	}
	if (!a->press) {
		cli_press_names(dir, names, sizeof(names));
		return cli_usage(a, "%s is a server folder: give --press NAME (presses: %s)", dir,
				 names);
	}
	if (!press_name_valid(a->press))
		return cli_usage(a,
				 "bad --press '%s' (1 to %d of a-z, 0-9 and '-', not starting "
				 "with '-')",
				 a->press, PRESS_NAME_MAX);
	if (snprintf(out, outlen, "%s/presses/%s", dir, a->press) >= (int)outlen)
		return cli_fail("%s: path too long", dir);
	struct stat sb;
	if (!create && (stat(out, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		cli_press_names(dir, names, sizeof(names));
		return cli_fail("no press '%s' in %s (presses: %s)", a->press, dir, names);
	}
	return 0;
}

int cli_open(const struct cli_args *a, int create, struct store **out)
{
	char dir[PATH_BYTES], err[512];
	*out = NULL;
	int rc = cli_press_dir(a, create, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	*out = store_open(dir, create, err, sizeof(err));
	return *out ? 0 : cli_fail("%s", err);
}

int cli_open_keys(const struct cli_args *a, struct store *s, struct press_keys **keys)
{
	char dir[PATH_BYTES], err[512];
	*keys = NULL;
	int rc = cli_press_dir(a, 0, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	if (!(*keys = keys_open(dir, s, 1, err, sizeof(err))))
		return cli_fail("%s", err);
	if (store_seal_legacy(s, *keys) < 0) {
		keys_close(*keys);
		*keys = NULL;
		return cli_fail("could not seal the values an older version kept in clear: %s",
				store_errmsg(s));
	}
	return 0;
}
