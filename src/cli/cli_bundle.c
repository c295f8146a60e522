/* cli_bundle: `broadside export` and `broadside import bundle`: a press's content taken along in
 * one file, and a new press made from it. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "member/audit.h"
#include "port/bundle.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/isodate.h"

#include <stdio.h>
#include <string.h>

#define PATH_BYTES 4096

static const char *plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

/* "3 posts, 1 page, ..." of what a bundle holds. */
static void counts(const struct bundle_stats *st, char *out, size_t outlen)
{
	snprintf(out, outlen,
		 "%lu writer%s, %lu post%s, %lu page%s, %lu revision%s, %lu comment%s, %lu "
		 "moderation log entr%s, %lu medi%s, %lu journal issue%s, %lu resolution%s, %lu "
		 "follower%s",
		 st->users, plural(st->users), st->posts, plural(st->posts), st->pages,
		 plural(st->pages), st->revisions, plural(st->revisions), st->comments,
		 plural(st->comments), st->modlog, st->modlog == 1 ? "y" : "ies", st->media,
		 st->media == 1 ? "um" : "a", st->issues, plural(st->issues), st->resolutions,
		 plural(st->resolutions), st->followers, plural(st->followers));
}

int cli_export(const struct cli_args *a)
{
	char dir[PATH_BYTES], err[1024], what[512];
	int rc = cli_press_dir(a, 0, dir, sizeof(dir));
	struct store *s = NULL;
	struct press_keys *k = NULL;
	if (rc == 0)
		rc = cli_open(a, 0, &s);
	if (rc == 0)
		rc = cli_open_keys(a, s, &k);
	if (rc != 0) {
		if (s)
			store_close(s);
		return rc;
	}
	char made_by[64];
	snprintf(made_by, sizeof(made_by), "broadside %s", cli_version);
	struct bundle_stats st;
	long long now = clock_now();
	if (bundle_export(s, dir, a->out, made_by, now, &st, err, sizeof(err)) != 0) {
		rc = cli_fail("export: %s (no file was made)", err);
	} else {
		/* The member list stayed home; the log members read says so. */
		char detail[160];
		snprintf(detail, sizeof(detail),
			 "the press was exported to a bundle; its %lld members and subscribers "
			 "were left out",
			 st.members);
		if (store_begin(s) != 0 ||
		    audit_add(s, k, now, "the command line", "export", 0, detail) != 0 ||
		    store_commit(s) != 0) {
			store_rollback(s);
			fprintf(stderr,
				"broadside: warning: the export is not in the audit log: %s\n",
				store_errmsg(s));
		}
		counts(&st, what, sizeof(what));
		printf("%s: %s\n", a->out, what);
		fprintf(stderr,
			"broadside: %s holds no member or subscriber (%lld left out), no "
			"commenter's email or address, no password, session or key: the member "
			"list stays with the press, sealed\n",
			a->out, st.members);
	}
	keys_close(k);
	store_close(s);
	return rc;
}

int cli_import_bundle(const struct cli_args *a)
{
	char dir[PATH_BYTES], err[1024], what[512], made[32];
	int rc = cli_press_dir(a, 1, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	struct bundle_stats st;
	if (bundle_import(a->pos[0], dir, &st, err, sizeof(err)) != 0)
		return cli_fail("import: %s (nothing was imported)", err);
	counts(&st, what, sizeof(what));
	iso_day_format(st.exported, made);
	printf("%s: made from %s (exported by %s on %s): %s\n", dir, a->pos[0], st.made_by, made,
	       what);
	printf("%s: its writers have no passwords yet: give them with 'broadside user passwd', or "
	       "the owner takes the setup link 'serve' prints\n",
	       dir);
	return 0;
}
