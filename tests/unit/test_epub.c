/* test_epub: the EPUB container: mimetype first, stored, without an extra field; every file
 * in the manifest and the zip; deflated entries with fixed times; the same bytes every time. */
#include "journal/epub.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static const char nav[] = "<html><body><nav epub:type=\"toc\"><ol><li><a href=\"p1.xhtml\">1</a>"
			  "</li></ol></nav></body></html>";
static const char piece[] = "<html><body><p>One</p></body></html>";
static const unsigned char png[] = {0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

static const struct epub_file files[] = {
    {"nav.xhtml", "application/xhtml+xml", "nav", 1, nav, sizeof(nav) - 1},
    {"p1.xhtml", "application/xhtml+xml", NULL, 1, piece, sizeof(piece) - 1},
    {"style.css", "text/css", NULL, 0, "p {}", 4},
    {"media/a.png", "image/png", "cover-image", 0, png, sizeof(png)},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* 2026-12-01T10:30:44Z */
#define WHEN 1796121044LL

static const char *const editors[] = {"Mara & Quill"};
static const struct epub_meta meta = {
    .identifier = "urn:uuid:351110ca-bfe3-44d4-9a4a-bc6d86b77e8d",
    .title = "Against <the> silence",
    .language = "en",
    .modified = WHEN,
    .collection = "The Open Minutes, volume 1",
    .position = 3,
    .editors = editors,
    .neditors = 1,
};

static void make(struct buf *out)
{
	char err[256];
	cr_assert_eq(epub_write(&meta, files, NFILES, out, err, sizeof(err)), 0, "%s", err);
}

static unsigned u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)u16(p) | (uint32_t)u16(p + 2) << 16;
}

Test(epub, mimetype_comes_first_stored_and_bare)
{
	struct buf b = {0};
	make(&b);
	const unsigned char *z = (const unsigned char *)b.data;
	cr_assert_gt(b.len, 30 + 8 + 20);
	cr_expect_eq(u32(z), 0x04034b50u, "a local file header first");
	cr_expect_eq(u16(z + 8), 0u, "stored");
	cr_expect_eq(u16(z + 26), 8u, "a name of 8 bytes");
	cr_expect_eq(u16(z + 28), 0u, "no extra field");
	cr_expect(memcmp(z + 30, "mimetype", 8) == 0);
	cr_expect(memcmp(z + 38, "application/epub+zip", 20) == 0, "uncompressed content");
	cr_expect_eq(u32(z + 18), 20u, "compressed size");
	/* DOS time and date in UTC: 10:30:44 (seconds halved), 2026-12-01. */
	cr_expect_eq(u16(z + 10), (10u << 11) | (30u << 5) | 22u);
	cr_expect_eq(u16(z + 12), ((2026u - 1980u) << 9) | (12u << 5) | 1u);
	buf_free(&b);
}

/* The archive's entry called name, read whole (free it), or NULL. */
static char *entry(zip_t *za, const char *name, zip_uint64_t *len, zip_uint16_t *method)
{
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) != 0)
		return NULL;
	zip_file_t *f = zip_fopen(za, name, 0);
	cr_assert(f);
	char *data = calloc(1, st.size + 1);
	cr_assert_eq(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	*len = st.size;
	*method = st.comp_method;
	return data;
}

Test(epub, the_manifest_lists_every_file)
{
	struct buf b = {0};
	make(&b);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(b.data, b.len, 0, &ze);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	cr_assert(za, "%s", zip_error_strerror(&ze));
	cr_expect_eq(zip_get_num_entries(za, 0), (zip_int64_t)NFILES + 3);
	cr_expect_str_eq(zip_get_name(za, 0, 0), "mimetype");
	cr_expect_str_eq(zip_get_name(za, 1, 0), "META-INF/container.xml");
	zip_uint64_t len;
	zip_uint16_t method;
	char *container = entry(za, "META-INF/container.xml", &len, &method);
	cr_assert(container);
	cr_expect(strstr(container, "full-path=\"EPUB/package.opf\""));
	free(container);
	char *opf = entry(za, "EPUB/package.opf", &len, &method);
	cr_assert(opf);
	cr_expect_eq(method, ZIP_CM_DEFLATE);
	for (size_t i = 0; i < NFILES; i++) {
		char want[256];
		snprintf(want, sizeof(want), "href=\"%s\" media-type=\"%s\"", files[i].path,
			 files[i].media_type);
		cr_expect(strstr(opf, want), "manifest lacks %s", want);
		snprintf(want, sizeof(want), "EPUB/%s", files[i].path);
		char *data = entry(za, want, &len, &method);
		cr_expect(data, "zip lacks %s", want);
		if (!data)
			continue;
		cr_expect_eq(len, files[i].len);
		cr_expect(memcmp(data, files[i].data, len) == 0, "%s kept as given", want);
		cr_expect_eq(method, ZIP_CM_DEFLATE, "%s deflated", want);
		free(data);
	}
	cr_expect(strstr(opf, "properties=\"nav\""));
	cr_expect(strstr(opf, "properties=\"cover-image\""));
	cr_expect(strstr(opf, "<itemref idref=\"item1\"/>\n<itemref idref=\"item2\"/>\n</spine>"),
		  "the spine: the files in it, in order");
	cr_expect(strstr(opf, "<dc:title id=\"title\">Against &lt;the&gt; silence</dc:title>"));
	cr_expect(strstr(opf, "<dc:identifier id=\"uid\">urn:uuid:351110ca"));
	cr_expect(strstr(opf, "<meta property=\"dcterms:modified\">2026-12-01T10:30:44Z</meta>"));
	cr_expect(strstr(opf, "property=\"group-position\">3</meta>"));
	cr_expect(strstr(opf, "<dc:creator id=\"editor1\">Mara &amp; Quill</dc:creator>"));
	cr_expect(
	    strstr(opf, "refines=\"#editor1\" property=\"role\" scheme=\"marc:relators\">edt"));
	free(opf);
	zip_close(za);
	buf_free(&b);
}

Test(epub, the_same_book_gives_the_same_bytes)
{
	struct buf a = {0}, b = {0};
	make(&a);
	make(&b);
	cr_assert_eq(a.len, b.len);
	cr_expect(memcmp(a.data, b.data, a.len) == 0);
	buf_free(&a);
	buf_free(&b);
}

Test(epub, one_navigation_document)
{
	struct buf b = {0};
	char err[256];
	cr_expect_eq(epub_write(&meta, files + 1, NFILES - 1, &b, err, sizeof(err)), -1);
	cr_expect(strstr(err, "exactly one navigation document"), "%s", err);
	buf_free(&b);
}
