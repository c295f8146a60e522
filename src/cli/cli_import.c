/* cli_import: `broadside import wordpress`. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "port/import_wp.h"
#include "store/store.h"

#include <stdio.h>
#include <sys/stat.h>

int cli_import_wordpress(const struct cli_args *a)
{
	char dir[4096];
	int rc = cli_press_dir(a, 0, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	struct stat sb;
	if (a->media_dir && (stat(a->media_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return cli_fail("--media-dir %s: not a folder", a->media_dir);
	struct store *s;
	if ((rc = cli_open(a, 0, &s)) != 0)
		return rc;
	/* Commenters' emails are sealed with the press's key, as the site seals them. */
	char err[640];
	struct press_keys *k = keys_open(dir, s, 1, err, sizeof(err));
	if (!k) {
		store_close(s);
		return cli_fail("%s", err);
	}
	struct import_opts o = {
	    .data_dir = dir, .media_dir = a->media_dir, .report = stdout, .keys = k};
	rc = import_wordpress(s, a->pos[0], &o, err, sizeof(err));
	keys_close(k);
	store_close(s);
	if (rc != 0)
		return cli_fail("%s:%s%s (nothing was imported)", a->pos[0],
				err[0] >= '0' && err[0] <= '9' ? "" : " ", err);
	return 0;
}
