/* epub: an EPUB 3 container written in memory with libzip: the mimetype entry first and stored,
 * container.xml, the package document made from the metadata and the files, then the files. */
#include "journal/epub.h"
#include "util/buf.h"
#include "util/isodate.h"
#include "util/xmlesc.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

static const char mimetype[] = "application/epub+zip";

static const char container[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n"
    "<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "</rootfiles>\n"
    "</container>\n";

static void text(struct buf *out, const char *s)
{
	xml_esc_text(out, s, strlen(s));
}

static void element(struct buf *out, const char *name, const char *id, const char *s)
{
	buf_printf(out, "<%s", name);
	if (id)
		buf_printf(out, " id=\"%s\"", id);
	buf_putc(out, '>');
	text(out, s);
	buf_printf(out, "</%s>\n", name);
}

/* People of one role: dc:creator or dc:contributor refined with a MARC relator. */
static void people(struct buf *out, const char *element_name, const char *prefix, const char *role,
		   const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof(id), "%s%zu", prefix, i + 1);
		element(out, element_name, id, names[i]);
		buf_printf(out,
			   "<meta refines=\"#%s\" property=\"role\" scheme=\"marc:relators\">%s"
			   "</meta>\n",
			   id, role);
	}
}

void epub_package(const struct epub_meta *m, const struct epub_file *files, size_t n,
		  struct buf *out)
{
	char when[32];
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
		      " unique-identifier=\"uid\" xml:lang=\"");
	xml_esc_attr(out, m->language, strlen(m->language));
	buf_puts(out, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	element(out, "dc:identifier", "uid", m->identifier);
	element(out, "dc:title", "title", m->title);
	element(out, "dc:language", NULL, m->language);
	iso_date_format(m->modified, when);
	buf_printf(out, "<meta property=\"dcterms:modified\">%s</meta>\n", when);
	if (m->date) {
		iso_date_format(m->date, when);
		element(out, "dc:date", NULL, when);
	}
	if (m->publisher)
		element(out, "dc:publisher", NULL, m->publisher);
	if (m->description)
		element(out, "dc:description", NULL, m->description);
	if (m->source)
		element(out, "dc:source", NULL, m->source);
	if (m->collection) {
		buf_puts(out, "<meta property=\"belongs-to-collection\" id=\"collection\">");
		text(out, m->collection);
		buf_puts(out, "</meta>\n<meta refines=\"#collection\" property=\"collection-type\">"
			      "series</meta>\n");
		if (m->position)
			buf_printf(out,
				   "<meta refines=\"#collection\" property=\"group-position\">%d"
				   "</meta>\n",
				   m->position);
	}
	people(out, "dc:creator", "editor", "edt", m->editors, m->neditors);
	people(out, "dc:contributor", "contributor", "aut", m->contributors, m->ncontributors);
	buf_puts(out, "</metadata>\n<manifest>\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, "<item id=\"item%zu\" href=\"", i + 1);
		xml_esc_attr(out, files[i].path, strlen(files[i].path));
		buf_puts(out, "\" media-type=\"");
		xml_esc_attr(out, files[i].media_type, strlen(files[i].media_type));
		buf_putc(out, '"');
		if (files[i].properties)
			buf_printf(out, " properties=\"%s\"", files[i].properties);
		buf_puts(out, "/>\n");
	}
	buf_puts(out, "</manifest>\n<spine>\n");
	for (size_t i = 0; i < n; i++)
		if (files[i].spine)
			buf_printf(out, "<itemref idref=\"item%zu\"/>\n", i + 1);
	buf_puts(out, "</spine>\n</package>\n");
}

/* MS-DOS date and time fields of t in UTC (libzip's own conversion uses the local zone). */
static void dos_time(long long t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	if (c.year < 1980) {
		c.year = 1980;
		c.month = c.day = 1;
		c.hour = c.min = c.sec = 0;
	} else if (c.year > 2107) {
		c.year = 2107;
		c.month = 12;
		c.day = 31;
		c.hour = 23;
		c.min = c.sec = 59;
	}
	*dtime = (zip_uint16_t)(c.hour << 11 | c.min << 5 | c.sec / 2);
	*ddate = (zip_uint16_t)((c.year - 1980) << 9 | c.month << 5 | c.day);
}

/* Adds one entry; data must live until zip_close. */
static int add(zip_t *z, const char *name, const void *data, size_t len, int store, long long mtime)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	if (!s)
		return -1;
	zip_int64_t idx = zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(s);
		return -1;
	}
	zip_uint16_t dt, dd;
	dos_time(mtime, &dt, &dd);
	zip_uint64_t i = (zip_uint64_t)idx;
	if (zip_set_file_compression(z, i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6) !=
		0 ||
	    zip_file_set_dostime(z, i, dt, dd, 0) != 0 ||
	    zip_file_set_external_attributes(z, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
		return -1;
	return 0;
}

/* Reads the finished archive out of its in-memory source. */
static int take_bytes(zip_source_t *src, struct buf *out)
{
	if (zip_source_open(src) != 0)
		return -1;
	int rc = -1;
	if (zip_source_seek(src, 0, SEEK_END) == 0) {
		zip_int64_t len = zip_source_tell(src);
		if (len >= 0 && zip_source_seek(src, 0, SEEK_SET) == 0) {
			buf_grow(out, (size_t)len);
			zip_int64_t got =
			    zip_source_read(src, out->data + out->len, (zip_uint64_t)len);
			if (got == len) {
				out->len += (size_t)len;
				out->data[out->len] = '\0';
				rc = 0;
			}
		}
	}
	zip_source_close(src);
	return rc;
}

int epub_write(const struct epub_meta *meta, const struct epub_file *files, size_t n,
	       struct buf *out, char *err, size_t errlen)
{
	size_t navs = 0;
	for (size_t i = 0; i < n; i++)
		navs += files[i].properties && strstr(files[i].properties, "nav") != NULL;
	if (navs != 1) {
		snprintf(err, errlen, "a book needs exactly one navigation document (it has %zu)",
			 navs);
		return -1;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	if (!z) {
		snprintf(err, errlen, "cannot start the book: %s", zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_source_keep(src);
	struct buf opf = {0};
	epub_package(meta, files, n, &opf);
	struct buf name = {0};
	long long t = meta->modified;
	/* zip_file_add copies each name; the data must stay until zip_close. */
	int bad = add(z, "mimetype", mimetype, strlen(mimetype), 1, t) != 0 ||
		  add(z, "META-INF/container.xml", container, strlen(container), 0, t) != 0 ||
		  add(z, "EPUB/package.opf", opf.data, opf.len, 0, t) != 0;
	for (size_t i = 0; !bad && i < n; i++) {
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", files[i].path);
		bad = add(z, buf_str(&name), files[i].data, files[i].len, 0, t) != 0;
	}
	if (bad) {
		snprintf(err, errlen, "cannot add to the book: %s", zip_strerror(z));
		zip_discard(z);
	} else if (zip_close(z) != 0) {
		snprintf(err, errlen, "cannot finish the book: %s", zip_strerror(z));
		zip_discard(z);
		bad = 1;
	} else if (take_bytes(src, out) != 0) {
		snprintf(err, errlen, "cannot read the book back");
		bad = 1;
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	buf_free(&name);
	buf_free(&opf);
	return bad ? -1 : 0;
}
