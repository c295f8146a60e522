/* store_backup: a consistent copy of a press's database while it is in use, and the database's
 * own checks, for `broadside backup` and `broadside check`. */
#ifndef BS_STORE_BACKUP_H
#define BS_STORE_BACKUP_H

#include <stddef.h>

struct pool;
struct store;

/*
 * Writes a consistent copy of the database to path, which must not exist or be empty: one
 * read transaction (VACUUM INTO), so servers and commands go on writing meanwhile and the copy
 * holds every transaction committed before it began, and none after. The copy is synced to
 * disk. 0, or -1 with err.
 */
int store_snapshot(struct store *s, const char *path, char *err, size_t errlen);

/* The lines of PRAGMA integrity_check that are not "ok" (the first 20), joined by '\n' into
 * *problems (a pool string, "" when the database is sound). 0, or -1 when the check could not
 * run (the database is unreadable; err says why). */
int store_integrity(struct store *s, struct pool *p, const char **problems, char *err,
		    size_t errlen);

/* Calls fn with the slug and Markdown source of every post, drafts and trash too, in id
 * order, batch by batch. 0, or -1 on a database error. */
int store_each_source(struct store *s, void (*fn)(const char *slug, const char *md, void *ud),
		      void *ud);

#endif
