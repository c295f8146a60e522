/* rmtree: deletes a folder and everything in it without following symbolic links. */
#ifndef BS_RMTREE_H
#define BS_RMTREE_H

#include <stddef.h>

/*
 * Deletes the folder name (one path component: no '/', not "." or "..") in the folder open as
 * parent_fd (AT_FDCWD for the working folder), with all it holds. Symbolic links inside are
 * deleted, never followed; the walk stays on the folder's file system (a mount point inside is
 * refused) and at most RMTREE_DEPTH levels deep. name itself must be a real folder, not a link to
 * one. Returns 0, or -1 with the path (from name down) where it stopped and why in err; what came
 * before that is gone.
 */
#define RMTREE_DEPTH 64

int rmtree_at(int parent_fd, const char *name, char *err, size_t errlen);
/* The same for the folder at path (its last component is the one deleted). */
int rmtree_path(const char *path, char *err, size_t errlen);

#endif
