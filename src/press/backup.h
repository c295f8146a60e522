/* backup: one press's folder written to one file while it is served (see backup_manifest.h for
 * what the file holds), and a folder made again from such a file. */
#ifndef BS_BACKUP_H
#define BS_BACKUP_H

#include "press/backup_manifest.h"

#include <stddef.h>

/* What a backup or a restore did, for the command's words. */
struct backup_stats {
	struct backup_manifest m;
	unsigned long media, theme_files;
	/* Uploads the copied database names whose file is not in the backup (deleted while
	 * it ran, or missing before), and the first of them. */
	unsigned long missing;
	char missing_first[BACKUP_NAME_MAX + 1];
};

/*
 * Writes the press in dir to the new file out (refused when it exists): the database copied
 * in one read transaction while servers go on writing, every upload (pinned by hard links in
 * dir before and after the copy, so that one deleted meanwhile is still saved), the press's
 * themes, and its keys/ unless with_keys is 0 (then their names are listed in the manifest).
 * The file is complete or absent: written under a temporary name, synced, then renamed.
 * made_by is the program's version. 0, or -1 with err.
 */
int backup_write(const char *dir, const char *out, int with_keys, const char *made_by,
		 struct backup_stats *st, char *err, size_t errlen);

/*
 * Makes the press folder dest (which must not exist, or be an empty folder) from the backup
 * file: every entry checked against backup_manifest.h's names and the manifest's count, each
 * file's checksum verified as it is read, the database's integrity checked, files synced,
 * keys/ made 0700 with files 0600; built under a temporary name beside dest and renamed into
 * place, so dest is whole or absent. Run as root, the files are given to the owner of dest,
 * or of the folder it goes in, when that is not root. A database of an older schema is left
 * as it was saved (opening it brings it up to date); one newer than this program's is
 * refused. 0, or -1.
 */
int backup_restore(const char *file, const char *dest, struct backup_stats *st, char *err,
		   size_t errlen);

#endif
