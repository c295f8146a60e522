/* cli_mirror: `broadside mirror`: the press as static files, for any static host. */
#include "cli/cli.h"
#include "mirror/mirror.h"
#include "store/store.h"

#include <stdio.h>

int cli_mirror(const struct cli_args *a)
{
	char dir[4096], err[1024];
	int rc = cli_press_dir(a, 0, dir, sizeof(dir));
	struct store *s;
	/* The press must be there: a mirror never makes one. */
	if (rc == 0 && (rc = cli_open(a, 0, &s)) == 0)
		store_close(s);
	if (rc != 0)
		return rc;
	struct mirror_opts o = {.data_dir = dir, .out_dir = a->out, .base_url = a->base_url};
	struct mirror_stats st;
	if (mirror_write(&o, &st, err, sizeof(err)) != 0)
		return cli_fail("mirror: %s", err);
	printf("%s: %lu pages, %lu files, %lu redirects, %lu posts in the search; %lu written, "
	       "%lu unchanged, %lu removed\n",
	       a->out, st.pages, st.files, st.redirects, st.search_entries, st.written,
	       st.unchanged, st.removed);
	return 0;
}
