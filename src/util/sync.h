/* sync: fsync by path, for writes that are acknowledged only once they are on disk. */
#ifndef BS_SYNC_H
#define BS_SYNC_H

/* Syncs the file or folder at path: 0, or -1 with errno. */
int sync_path(const char *path);
/* Syncs the folder that holds path, so that a new name or a rename in it is on disk. */
int sync_parent(const char *path);

#endif
