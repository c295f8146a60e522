/* backup_manifest: what a backup file says about itself (its first entry), and the names of the
 * entries a backup may hold. */
#ifndef BS_BACKUP_MANIFEST_H
#define BS_BACKUP_MANIFEST_H

#include <stddef.h>

struct buf;

/*
 * A backup is a zip archive of one press's folder:
 *   broadside-backup        this manifest, the first entry (text, one "KEY VALUE" a line)
 *   site.db                 the database, copied in one read transaction
 *   media/NAME              uploaded files
 *   themes/THEME/NAME       the press's own themes
 *   keys/NAME               the key files, unless made with --without-keys
 * Nothing else: a name outside these is refused when restoring, so no entry can land outside
 * the folder it is restored into.
 */
#define BACKUP_MANIFEST_NAME "broadside-backup"
#define BACKUP_FORMAT 1
/* The largest manifest read, key files listed, and a file name's length. */
#define BACKUP_MANIFEST_MAX (64 * 1024)
#define BACKUP_KEYS_MAX 64
#define BACKUP_NAME_MAX 255
/* Entries besides the manifest that a backup may hold. */
#define BACKUP_ENTRIES_MAX 10000000

enum backup_keys {
	BACKUP_KEYS_NONE,     /* the press had no keys/ folder */
	BACKUP_KEYS_INCLUDED, /* keys/ is in the file */
	BACKUP_KEYS_APART,    /* left out (--without-keys): they must come from elsewhere */
};

struct backup_manifest {
	int format;	       /* BACKUP_FORMAT */
	char version[32];      /* of the broadside that made it */
	int schema;	       /* the database's schema version */
	long long created;     /* unix seconds */
	enum backup_keys keys; /* and, unless NONE, the names of the key files: */
	char key[BACKUP_KEYS_MAX][BACKUP_NAME_MAX + 1];
	size_t nkeys;
	unsigned long entries; /* the entries besides the manifest */
};

/* Appends the manifest's text. */
void backup_manifest_format(struct buf *out, const struct backup_manifest *m);
/*
 * Reads a manifest's text (untrusted: the file may have been changed). Every line must be
 * known and well formed, "format" must come first and be BACKUP_FORMAT, and "version",
 * "schema", "entries" and "keys" must be there; a key is listed at most once, and only with keys
 * "included" or "apart". 0, or -1 with the line at fault in err.
 */
int backup_manifest_parse(const char *text, size_t len, struct backup_manifest *m, char *err,
			  size_t errlen);

/* A file name a backup may hold in media/, keys/ or a theme (and a theme's name): 1 to
 * BACKUP_NAME_MAX of A-Z, a-z, 0-9, '.', '_' and '-', not starting with '.'. */
int backup_name_ok(const char *name, size_t n);

enum backup_entry { BACKUP_DB, BACKUP_MEDIA, BACKUP_THEME, BACKUP_KEY };
/* What an entry's name makes it, or -1 for a name a backup does not hold. */
int backup_entry_kind(const char *name);

#endif
