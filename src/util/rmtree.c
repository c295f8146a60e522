/* rmtree: deletes a folder tree through folder descriptors, never through a symbolic link. */
#include "util/rmtree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	dev_t dev;	 /* the file system of the top folder */
	char path[4096]; /* where the walk is, for errors */
	char *err;
	size_t errlen;
};

static int fail(struct walk *w, const char *name, const char *why)
{
	snprintf(w->err, w->errlen, "%s%s%s: %s", w->path, name ? "/" : "", name ? name : "", why);
	return -1;
}

/*
 * Every entry is looked at with AT_SYMLINK_NOFOLLOW and a folder is opened with O_NOFOLLOW
 * relative to its parent's descriptor, so a link swapped in during the walk makes it stop
 * instead of leading it elsewhere.
 */
static int remove_dir(struct walk *w, int parent_fd, const char *name, int depth)
{
	size_t plen = strlen(w->path);
	int n = snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "/" : "", name);
	if (n < 0 || (size_t)n >= sizeof(w->path) - plen) {
		w->path[plen] = '\0';
		return fail(w, name, "path too long");
	}
	if (depth > RMTREE_DEPTH)
		return fail(w, NULL, "folders nested too deep");
	int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(w, NULL,
			    errno == ELOOP ? "a symbolic link, not a folder" : strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return fail(w, NULL, strerror(errno));
	}
	if (depth == 0)
		w->dev = sb.st_dev;
	else if (sb.st_dev != w->dev) {
		close(fd);
		return fail(w, NULL, "another file system is mounted here");
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return fail(w, NULL, strerror(errno));
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0) {
		errno = 0;
		if (!(e = readdir(d))) {
			if (errno)
				rc = fail(w, NULL, strerror(errno));
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat es;
		if (fstatat(dirfd(d), e->d_name, &es, AT_SYMLINK_NOFOLLOW) != 0)
			rc = fail(w, e->d_name, strerror(errno));
		else if (S_ISDIR(es.st_mode))
			rc = remove_dir(w, dirfd(d), e->d_name, depth + 1);
		else if (unlinkat(dirfd(d), e->d_name, 0) != 0)
			rc = fail(w, e->d_name, strerror(errno));
	}
	closedir(d);
	if (rc == 0 && unlinkat(parent_fd, name, AT_REMOVEDIR) != 0)
		rc = fail(w, NULL, strerror(errno));
	if (rc == 0)
		w->path[plen] = '\0';
	return rc;
}

int rmtree_at(int parent_fd, const char *name, char *err, size_t errlen)
{
	struct walk w = {.err = err, .errlen = errlen};
	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		snprintf(err, errlen, "'%s' is not the name of a folder in its parent", name);
		return -1;
	}
	return remove_dir(&w, parent_fd, name, 0);
}

int rmtree_path(const char *path, char *err, size_t errlen)
{
	char parent[4096];
	if (snprintf(parent, sizeof(parent), "%s", path) >= (int)sizeof(parent)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	char *slash = strrchr(parent, '/');
	if (!slash)
		return rmtree_at(AT_FDCWD, parent, err, errlen);
	*slash = '\0';
	int fd = open(slash == parent ? "/" : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", parent, strerror(errno));
		return -1;
	}
	int rc = rmtree_at(fd, slash + 1, err, errlen);
	close(fd);
	return rc;
}
