/* test_backup_manifest: a backup's manifest written and read back, strictly, and the entry
 * names a restore accepts. */
#include "press/backup_manifest.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <string.h>

static int parse(const char *text, struct backup_manifest *m, char *err)
{
	return backup_manifest_parse(text, strlen(text), m, err, 256);
}

Test(backup_manifest, round_trip)
{
	struct backup_manifest m = {.format = BACKUP_FORMAT,
				    .schema = 3,
				    .created = 1796124023,
				    .entries = 5,
				    .keys = BACKUP_KEYS_APART,
				    .nkeys = 2};
	strcpy(m.version, "0.2.0");
	strcpy(m.key[0], "blind.key");
	strcpy(m.key[1], "email.key");
	struct buf b = {0};
	backup_manifest_format(&b, &m);
	cr_expect_str_eq(buf_str(&b), "format 1\nversion 0.2.0\nschema 3\ncreated 1796124023\n"
				      "entries 5\nkeys apart\nkey blind.key\nkey email.key\n");
	struct backup_manifest back;
	char err[256];
	cr_assert_eq(parse(buf_str(&b), &back, err), 0, "%s", err);
	cr_expect_eq(back.schema, 3);
	cr_expect_eq(back.entries, 5);
	cr_expect_eq(back.keys, BACKUP_KEYS_APART);
	cr_expect_eq(back.nkeys, 2);
	cr_expect_str_eq(back.key[1], "email.key");
	buf_free(&b);
}

Test(backup_manifest, strict)
{
	static const char *const bad[][2] = {
	    {"version 0.2.0\nformat 1\n", "manifest line 1: not understood"},
	    {"format 2\n", "manifest line 1: not understood"},
	    {"format 1\nversion 1\nschema 3\nentries 1\nkeys none\nkey a.key\n",
	     "manifest line 6: not understood"},
	    {"format 1\nversion 1\nschema 3\nentries 1\nkeys apart\nkey ../a\n",
	     "manifest line 6: not understood"},
	    {"format 1\nversion 1\nschema 3\nentries 1\nkeys apart\nkey a\nkey a\n",
	     "manifest line 7: not understood"},
	    {"format 1\nversion 1\nschema 3\nschema 4\n", "manifest line 4: not understood"},
	    {"format 1\nversion 1\nschema x\n", "manifest line 3: not understood"},
	    {"format 1\nversion 1\nschema 3\nentries 1\nkeys none",
	     "manifest line 5: does not end"},
	    {"format 1\nversion 1\nschema 3\nkeys none\n", "the manifest lacks the entry count"},
	    {"format 1\nschema 3\nentries 2\nkeys none\n", "the manifest lacks the version"},
	    {"", "the manifest is not a broadside backup's"},
	    {"format 1\nsurprise 1\n", "manifest line 2: not understood"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct backup_manifest m;
		char err[256] = "";
		cr_expect_eq(parse(bad[i][0], &m, err), -1, "%s", bad[i][0]);
		cr_expect_str_eq(err, bad[i][1], "%s", bad[i][0]);
	}
}

Test(backup_manifest, entry_names)
{
	cr_expect_eq(backup_entry_kind("site.db"), BACKUP_DB);
	cr_expect_eq(backup_entry_kind("media/ab12.png"), BACKUP_MEDIA);
	cr_expect_eq(backup_entry_kind("themes/plain/style.css"), BACKUP_THEME);
	cr_expect_eq(backup_entry_kind("keys/email.key"), BACKUP_KEY);
	const char *refused[] = {
	    "../site.db", "/etc/passwd",       "media/../site.db",  "media/.hidden",
	    "media/a/b",  "themes/plain",      "themes/../x/y",	    "themes/a/b/c",
	    "keys/",	  "keys/a b",	       "site.db-wal",	    "hosts",
	    "media/",	  "themes//style.css", "keys/\xc3\xa9.key", "Media/a.png"};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		cr_expect_eq(backup_entry_kind(refused[i]), -1, "%s", refused[i]);
}
