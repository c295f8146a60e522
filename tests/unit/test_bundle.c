/* test_bundle: the bundle's container and checks: tar entries written and read back (short,
 * long names, two gzip members as one stream, a cut-short archive), the names a bundle may
 * hold, the manifest's refusals, and a press's bundle read back in memory. */
#include "port/bundle.h"
#include "port/bundle_int.h"
#include "port/tar.h"
#include "post/publish.h"
#include "post/postfile.h"
#include "store/store.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mem {
	const unsigned char *p;
	size_t len, at;
};

static long mem_read(void *ud, void *buf, size_t n)
{
	struct mem *m = ud;
	size_t k = m->len - m->at < n ? m->len - m->at : n;
	memcpy(buf, m->p + m->at, k);
	m->at += k;
	return (long)k;
}

/* The whole of a file into b. */
static void slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(b, chunk, n);
	fclose(f);
}

Test(tar, entries_come_back_across_two_gzip_members)
{
	char path[] = "/tmp/bs-tar-XXXXXX", err[256];
	int fd = mkstemp(path);
	char long_name[200];
	memset(long_name, 'a', sizeof(long_name));
	memcpy(long_name + 120, "/", 1);
	long_name[sizeof(long_name) - 1] = '\0';
	struct tar_writer *w = tar_writer_new(fd);
	cr_assert_eq(tar_write_entry(w, "manifest.json", "{}", 2, 1700000000, err, sizeof(err)), 0);
	cr_assert_eq(tar_write_end(w, 0, err, sizeof(err)), 0);
	w = tar_writer_new(fd);
	cr_assert_eq(tar_write_entry(w, long_name, "x", 1, 0, err, sizeof(err)), 0);
	cr_assert_eq(tar_write_entry(w, "empty", "", 0, 0, err, sizeof(err)), 0);
	cr_assert_neq(tar_write_entry(w, "", "", 0, 0, err, sizeof(err)), 0);
	cr_assert_eq(tar_write_end(w, 1, err, sizeof(err)), 0);
	close(fd);
	struct buf b = {0};
	slurp(path, &b);
	unlink(path);
	struct mem m = {(const unsigned char *)b.data, b.len, 0};
	struct tar_reader *r = tar_reader_new(mem_read, &m);
	struct tar_entry e;
	char data[8];
	cr_assert_eq(tar_read_next(r, &e, err, sizeof(err)), 1);
	cr_expect_str_eq(e.name, "manifest.json");
	cr_expect_eq(e.mtime, 1700000000);
	cr_expect_eq(tar_read_data(r, data, sizeof(data), err, sizeof(err)), 2);
	cr_assert_eq(tar_read_next(r, &e, err, sizeof(err)), 1, "%s", err);
	cr_expect_str_eq(e.name, long_name);
	cr_assert_eq(tar_read_next(r, &e, err, sizeof(err)), 1);
	cr_expect_eq(e.size, 0);
	cr_expect_eq(tar_read_next(r, &e, err, sizeof(err)), 0);
	tar_reader_free(r);
	/* Cut short anywhere: an error, never an end. */
	for (size_t cut = 1; cut < b.len; cut += 7) {
		struct mem c = {(const unsigned char *)b.data, cut, 0};
		r = tar_reader_new(mem_read, &c);
		int rc;
		while ((rc = tar_read_next(r, &e, err, sizeof(err))) == 1)
			;
		cr_expect_eq(rc, -1, "cut at %zu of %zu", cut, b.len);
		tar_reader_free(r);
	}
	buf_free(&b);
}

Test(bundle, names_a_bundle_may_hold)
{
	cr_expect(bundle_path_ok("posts/reading-the-charter-1.md"));
	cr_expect(bundle_path_ok("posts/солидарность.md"));
	cr_expect(bundle_path_ok("journal/1-2.md"));
	const char *bad[] = {
	    "",	    "/etc/passwd", "../x", "posts/../x", "posts//x", "posts/.hidden",
	    "a\\b", "posts/x\n",   "x/",   "."};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect(!bundle_path_ok(bad[i]), "%s", bad[i]);
}

Test(bundle, the_manifest_refuses_what_it_does_not_know)
{
	struct bundle_manifest m;
	char err[512];
	static const char *const bad[][2] = {
	    {"[]", "not a JSON object"},
	    {"{\"format\":\"zip\"}", "no broadside bundle"},
	    {"{\"format\":\"broadside-bundle\",\"version\":7,\"made_by\":\"broadside 9\"}",
	     "format version 7 (made by broadside 9)"},
	    {"{\"format\":\"broadside-bundle\",\"version\":1,\"made_by\":\"b\",\"exported\":"
	     "\"2026-01-01T00:00:00Z\",\"members\":\"included\"}",
	     "\"members\""},
	    {"{\"format\":\"broadside-bundle\",\"version\":1,\"made_by\":\"b\",\"exported\":"
	     "\"2026-01-01T00:00:00Z\",\"members\":\"left out\",\"sections\":[\"posts\","
	     "\"users\"],\"files\":[]}",
	     "out of order"},
	    {"{\"format\":\"broadside-bundle\",\"version\":1,\"made_by\":\"b\",\"exported\":"
	     "\"2026-01-01T00:00:00Z\",\"members\":\"left out\",\"sections\":[\"posts\"],"
	     "\"files\":[{\"path\":\"posts/a.md\",\"section\":\"posts\",\"size\":99999999999,"
	     "\"sha256\":\"\"}]}",
	     "more than such a file has"},
	    {"{\"format\":\"broadside-bundle\",\"extra\":1}", "unknown key 'extra'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(
		    bundle_manifest_parse(bad[i][0], strlen(bad[i][0]), &m, err, sizeof(err)), -1);
		cr_expect(strstr(err, bad[i][1]) != NULL, "%s: %s", bad[i][0], err);
	}
}

Test(bundle, a_press_exported_reads_back_in_memory)
{
	char dir[] = "/tmp/bs-bundle-XXXXXX", err[1024], out[512];
	cr_assert_not_null(mkdtemp(dir));
	struct store *s = store_open(dir, 1, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	const char text[] = "---\ntitle: \"A post\"\ntags: [One]\n---\nText with #Two.\n";
	struct postfile pf;
	struct pf_error pe;
	struct publish_result res;
	cr_assert_eq(postfile_parse(text, strlen(text), &pf, &pe), 0);
	cr_assert_eq(store_begin(s), 0);
	cr_assert_eq(publish_post(s, &pf, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_commit(s), 0);
	free(res.url);
	postfile_free(&pf);
	snprintf(out, sizeof(out), "%s/bundle.tar.gz", dir);
	struct bundle_stats st;
	cr_assert_eq(
	    bundle_export(s, dir, out, "broadside test", 1767225600, &st, err, sizeof(err)), 0,
	    "%s", err);
	cr_expect_eq(st.posts, 1);
	cr_expect_neq(
	    bundle_export(s, dir, out, "broadside test", 1767225600, &st, err, sizeof(err)), 0);
	store_close(s);
	struct buf b = {0};
	slurp(out, &b);
	cr_expect_eq(bundle_check_memory(b.data, b.len, err, sizeof(err)), 0, "%s", err);
	/* Any byte changed in the body is caught. */
	b.data[b.len / 2] ^= 0x40;
	cr_expect_neq(bundle_check_memory(b.data, b.len, err, sizeof(err)), 0);
	buf_free(&b);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}
