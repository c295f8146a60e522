/* test_rmtree: rmtree_at deletes a whole tree, deletes links without following them. */
#include "util/rmtree.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/bs-rmtree-XXXXXX");
	cr_assert(mkdtemp(root));
}

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	cr_assert(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	cr_assert_eq(mkdir(path, 0755), 0, "%s", path);
}

static int exists(const char *rel)
{
	char path[256];
	struct stat sb;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return lstat(path, &sb) == 0;
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(rmtree, .init = setup, .fini = teardown);

Test(rmtree, deletes_a_tree_but_not_what_links_point_to)
{
	dir("keep");
	put("keep/precious", "do not delete");
	dir("press");
	put("press/site.db", "x");
	dir("press/media");
	dir("press/media/deep");
	put("press/media/deep/a.png", "x");
	char target[256], link[256];
	snprintf(target, sizeof(target), "%s/keep", root);
	snprintf(link, sizeof(link), "%s/press/media/outside", root);
	cr_assert_eq(symlink(target, link), 0);
	snprintf(link, sizeof(link), "%s/press/file-link", root);
	snprintf(target, sizeof(target), "%s/keep/precious", root);
	cr_assert_eq(symlink(target, link), 0);

	int fd = open(root, O_RDONLY | O_DIRECTORY);
	cr_assert(fd >= 0);
	char err[256] = "";
	cr_expect_eq(rmtree_at(fd, "press", err, sizeof(err)), 0, "%s", err);
	close(fd);
	cr_expect(!exists("press"));
	cr_expect(exists("keep/precious"));
}

Test(rmtree, refuses_a_link_and_bad_names)
{
	dir("real");
	put("real/file", "x");
	char target[256], link[256];
	snprintf(target, sizeof(target), "%s/real", root);
	snprintf(link, sizeof(link), "%s/alias", root);
	cr_assert_eq(symlink(target, link), 0);
	int fd = open(root, O_RDONLY | O_DIRECTORY);
	char err[256] = "";
	cr_expect_eq(rmtree_at(fd, "alias", err, sizeof(err)), -1);
	cr_expect(strstr(err, "alias"), "%s", err);
	cr_expect(exists("real/file"));
	cr_expect(exists("alias"));
	cr_expect_eq(rmtree_at(fd, "..", err, sizeof(err)), -1);
	cr_expect_eq(rmtree_at(fd, "real/file", err, sizeof(err)), -1);
	cr_expect_eq(rmtree_at(fd, "", err, sizeof(err)), -1);
	cr_expect_eq(rmtree_at(fd, "missing", err, sizeof(err)), -1);
	cr_expect(strstr(err, "missing"), "%s", err);
	close(fd);
	cr_expect(exists("real/file"));
}
