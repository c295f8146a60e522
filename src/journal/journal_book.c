/* journal_book: the layout of an issue's book: cover, masthead with the editorial, contents,
 * one XHTML document per piece, the stylesheet and the images, handed to the EPUB writer. */
#include "journal/epub.h"
#include "journal/issuefile.h"
#include "journal/journal.h"
#include "journal/xhtml.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/xmlesc.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One image in a book, and all of them together: past these, images stay links. */
#define BOOK_IMAGE_MAX (64LL << 20)
#define BOOK_MEDIA_MAX (512LL << 20)
/* Files besides the images: cover, masthead, contents, the pieces and the stylesheet. */
#define BOOK_DOCS (ISSUE_MAX_POSTS + 8)

static const char book_css[] =
    "body { font-family: serif; line-height: 1.5; margin: 0 5%; }\n"
    "h1, h2, h3, h4, h5, h6 { line-height: 1.25; page-break-after: avoid; }\n"
    ".journal, .numbering, .editors, .byline, .author, .colophon { font-family: sans-serif; }\n"
    ".journal { text-transform: uppercase; letter-spacing: .08em; }\n"
    ".masthead { text-align: center; margin: 3em 0; }\n"
    ".byline, .author { color: #555; }\n"
    ".standfirst { font-style: italic; margin-top: .2em; }\n"
    ".contents li { margin-bottom: 1em; }\n"
    ".cover { text-align: center; }\n"
    ".cover img { max-width: 100%; max-height: 95vh; }\n"
    "img { max-width: 100%; }\n"
    "blockquote { margin: 1em 1.5em; font-style: italic; }\n"
    "pre { white-space: pre-wrap; font-size: .85em; }\n"
    "table { border-collapse: collapse; }\n"
    "th, td { border: 1px solid #999; padding: .2em .5em; }\n"
    ".align-left { text-align: left; }\n"
    ".align-center { text-align: center; }\n"
    ".align-right { text-align: right; }\n";

/* The book being made. */
struct book {
	struct pool *p;
	const struct journal_issue *is;
	const char *data_dir;
	struct epub_file docs[BOOK_DOCS];
	size_t ndocs;
	struct epub_file *media; /* in the order the pieces first show them */
	size_t nmedia, media_cap;
	long long media_bytes;
};

static const char *media_type(const char *name)
{
	const char *ext = strrchr(name, '.');
	if (!ext)
		return NULL;
	/* The core image types of EPUB 3.2; WebP and AVIF would need a fallback. */
	if (strcmp(ext, ".png") == 0)
		return "image/png";
	if (strcmp(ext, ".jpg") == 0)
		return "image/jpeg";
	if (strcmp(ext, ".gif") == 0)
		return "image/gif";
	return NULL;
}

/* Reads DATA/media/NAME whole into the pool: 0, or -1 when it is missing or too large. */
static int read_medium(struct book *b, const char *name, void **data, size_t *len)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/media/%s", b->data_dir, name) >= (int)sizeof(path))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat sb;
	int rc = -1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= BOOK_IMAGE_MAX &&
	    b->media_bytes + sb.st_size <= BOOK_MEDIA_MAX) {
		size_t n = (size_t)sb.st_size, got = 0;
		char *d = pool_alloc(b->p, n ? n : 1);
		while (got < n) {
			ssize_t r = read(fd, d + got, n - got);
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got == n) {
			*data = d;
			*len = n;
			b->media_bytes += (long long)n;
			rc = 0;
		}
	}
	close(fd);
	return rc;
}

/* The medium's file in the book, added on first use; NULL when the book cannot hold it. */
static struct epub_file *medium(struct book *b, const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "media/%s", name);
	for (size_t i = 0; i < b->nmedia; i++)
		if (strcmp(b->media[i].path, path) == 0)
			return &b->media[i];
	const char *type = media_type(name);
	void *data;
	size_t len;
	if (!type || !issuefile_media_name(name) || read_medium(b, name, &data, &len) != 0)
		return NULL;
	b->media = pool_grow(b->p, b->media, b->nmedia, &b->media_cap, sizeof(*b->media));
	b->media[b->nmedia] = (struct epub_file){
	    .path = pool_strdup(b->p, path), .media_type = type, .data = data, .len = len};
	return &b->media[b->nmedia++];
}

static int keep_image(void *ud, const char *name)
{
	return medium(ud, name) != NULL;
}

static void esc(struct buf *out, const char *s)
{
	xml_esc_text(out, s ? s : "", s ? strlen(s) : 0);
}

/* An XHTML content document around body; the file is added to the book's documents. */
static void add_doc(struct book *b, const char *path, const char *props, const char *title,
		    const struct buf *body)
{
	struct buf d = {0};
	buf_puts(&d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
		     "<html xmlns=\"http://www.w3.org/1999/xhtml\""
		     " xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"en\" lang=\"en\">\n"
		     "<head>\n<meta charset=\"UTF-8\"/>\n<title>");
	esc(&d, title);
	buf_puts(&d, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
		     "</head>\n<body>\n");
	buf_put(&d, buf_str(body), body->len);
	buf_puts(&d, "</body>\n</html>\n");
	b->docs[b->ndocs++] = (struct epub_file){
	    .path = path,
	    .media_type = "application/xhtml+xml",
	    .properties = props,
	    .spine = 1,
	    .data = pool_strndup(b->p, buf_str(&d), d.len),
	    .len = d.len,
	};
	buf_free(&d);
}

static void cover_doc(struct book *b, const struct epub_file *img)
{
	struct buf body = {0};
	buf_puts(&body, "<section epub:type=\"cover\" class=\"cover\">\n<img src=\"");
	xml_esc_attr(&body, img->path, strlen(img->path));
	buf_puts(&body, "\" alt=\"");
	const char *alt = pool_printf(b->p, "Cover of %s", b->is->row.title);
	xml_esc_attr(&body, alt, strlen(alt));
	buf_puts(&body, "\"/>\n</section>\n");
	add_doc(b, "cover.xhtml", NULL, b->is->row.title, &body);
	buf_free(&body);
}

static void masthead_doc(struct book *b, struct xh_set *x, const struct site *site,
			 const char *web_url)
{
	const struct journal_issue *is = b->is;
	struct buf body = {0};
	buf_puts(&body,
		 "<section epub:type=\"titlepage\" class=\"masthead\">\n<p class=\"journal\">");
	esc(&body, site->title);
	buf_puts(&body, "</p>\n<h1>");
	esc(&body, is->row.title);
	buf_puts(&body, "</h1>\n<p class=\"numbering\">");
	esc(&body, journal_numbering(b->p, &is->row));
	buf_puts(&body, " · ");
	esc(&body, journal_month(b->p, is->row.month));
	buf_puts(&body, "</p>\n<p class=\"editors\">Edited by ");
	esc(&body, journal_editors_phrase(b->p, is->row.editors));
	buf_puts(&body, "</p>\n</section>\n");
	buf_puts(&body,
		 "<section epub:type=\"foreword\" class=\"editorial\">\n<h2>Editorial</h2>\n");
	xh_write(x, is->n, &body);
	buf_puts(&body, "\n</section>\n<p class=\"colophon\">This issue on the web: <a href=\"");
	xml_esc_attr(&body, web_url, strlen(web_url));
	buf_puts(&body, "\">");
	esc(&body, web_url);
	buf_puts(&body, "</a></p>\n");
	add_doc(b, "masthead.xhtml", NULL, is->row.title, &body);
	buf_free(&body);
}

static void nav_doc(struct book *b, int has_cover)
{
	const struct journal_issue *is = b->is;
	struct buf body = {0};
	buf_puts(&body, "<nav epub:type=\"toc\" id=\"toc\" hidden=\"hidden\">\n<h1>Contents</h1>\n"
			"<ol>\n<li><a href=\"masthead.xhtml\">Editorial</a></li>\n");
	for (size_t i = 0; i < is->n; i++) {
		buf_printf(&body, "<li><a href=\"p%zu.xhtml\">", i + 1);
		esc(&body, is->pieces[i].title);
		buf_puts(&body, "</a></li>\n");
	}
	buf_puts(&body, "</ol>\n</nav>\n<nav epub:type=\"landmarks\" hidden=\"hidden\">\n"
			"<h2>Landmarks</h2>\n<ol>\n");
	if (has_cover)
		buf_puts(&body, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n");
	buf_puts(&body, "<li><a epub:type=\"titlepage\" href=\"masthead.xhtml\">Masthead</a></li>\n"
			"<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n");
	if (is->n)
		buf_puts(&body, "<li><a epub:type=\"bodymatter\" href=\"p1.xhtml\">The pieces</a>"
				"</li>\n");
	buf_puts(&body, "</ol>\n</nav>\n<section class=\"contents\">\n<h1>Contents</h1>\n<ol>\n");
	for (size_t i = 0; i < is->n; i++) {
		const struct piece_row *pc = &is->pieces[i];
		buf_printf(&body, "<li><p><a href=\"p%zu.xhtml\">", i + 1);
		esc(&body, pc->title);
		buf_puts(&body, "</a></p>\n");
		if (pc->author_name) {
			buf_puts(&body, "<p class=\"author\">By ");
			esc(&body, pc->author_name);
			buf_puts(&body, "</p>\n");
		}
		if (pc->standfirst && *pc->standfirst) {
			buf_puts(&body, "<p class=\"standfirst\">");
			esc(&body, pc->standfirst);
			buf_puts(&body, "</p>\n");
		}
		buf_puts(&body, "</li>\n");
	}
	buf_puts(&body, "</ol>\n</section>\n");
	add_doc(b, "nav.xhtml", "nav", "Contents", &body);
	buf_free(&body);
}

static void piece_doc(struct book *b, struct xh_set *x, size_t i)
{
	const struct piece_row *pc = &b->is->pieces[i];
	struct buf body = {0};
	buf_printf(&body,
		   "<section epub:type=\"chapter\" class=\"piece\" id=\"p%zu\">\n<header>\n<h1>",
		   i + 1);
	esc(&body, pc->title);
	buf_puts(&body, "</h1>\n");
	if (pc->author_name) {
		buf_puts(&body, "<p class=\"byline\">By ");
		esc(&body, pc->author_name);
		buf_puts(&body, "</p>\n");
	}
	buf_puts(&body, "</header>\n");
	xh_write(x, i, &body);
	buf_puts(&body, "\n</section>\n");
	add_doc(b, pool_printf(b->p, "p%zu.xhtml", i + 1), NULL, pc->title, &body);
	buf_free(&body);
}

/* The writers of the pieces, each once, in the order they first appear. */
static const char **contributors(struct pool *p, const struct journal_issue *is, size_t *n)
{
	const char **names = pool_alloc(p, (is->n + 1) * sizeof(*names));
	*n = 0;
	for (size_t i = 0; i < is->n; i++) {
		const char *a = is->pieces[i].author_name;
		int seen = !a;
		for (size_t j = 0; j < *n && !seen; j++)
			seen = strcmp(names[j], a) == 0;
		if (!seen)
			names[(*n)++] = a;
	}
	return names;
}

int journal_book(struct store *s, const char *data_dir, const struct journal_issue *is,
		 const char *base_url, struct buf *out, char *err, size_t errlen)
{
	if (is->n > ISSUE_MAX_POSTS) {
		snprintf(err, errlen, "an issue holds at most %d pieces", ISSUE_MAX_POSTS);
		return -1;
	}
	struct pool *p = pool_new();
	struct site site;
	if (store_site_get(s, p, &site) != 0) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		pool_free(p);
		return -1;
	}
	struct book b = {.p = p, .is = is, .data_dir = data_dir, .media_cap = 8};
	b.media = pool_alloc(p, b.media_cap * sizeof(*b.media));
	/* The pieces, then the editorial (a document of its own, with no post of its own). */
	const char **slugs = pool_alloc(p, (is->n + 1) * sizeof(*slugs));
	const char **html = pool_alloc(p, (is->n + 1) * sizeof(*html));
	for (size_t i = 0; i < is->n; i++) {
		slugs[i] = is->pieces[i].slug;
		html[i] = is->pieces[i].body_html;
	}
	slugs[is->n] = NULL;
	html[is->n] = is->row.editorial_html;
	struct xh_issue xi = {.mode = XH_BOOK,
			      .n = is->n + 1,
			      .slugs = slugs,
			      .base_url = base_url,
			      .keep_image = keep_image,
			      .ud = &b};
	struct xh_set *x = xh_parse(&xi, html);
	struct epub_file *cover = is->row.cover ? medium(&b, is->row.cover) : NULL;
	if (cover) {
		cover->properties = "cover-image";
		cover_doc(&b, cover);
	}
	const char *web_url =
	    pool_printf(p, "%s/journal/%d/%d", base_url, is->row.volume, is->row.number);
	masthead_doc(&b, x, &site, web_url);
	nav_doc(&b, cover != NULL);
	for (size_t i = 0; i < is->n; i++)
		piece_doc(&b, x, i);
	xh_free(x);
	b.docs[b.ndocs++] = (struct epub_file){.path = "style.css",
					       .media_type = "text/css",
					       .data = book_css,
					       .len = strlen(book_css)};
	size_t n = b.ndocs + b.nmedia;
	struct epub_file *files = pool_alloc(p, n * sizeof(*files));
	memcpy(files, b.docs, b.ndocs * sizeof(*files));
	memcpy(files + b.ndocs, b.media, b.nmedia * sizeof(*files));
	size_t ncontrib;
	const char **contrib = contributors(p, is, &ncontrib);
	long long when = is->row.published ? is->row.published : is->row.updated;
	struct epub_meta m = {
	    .identifier = pool_printf(p, "urn:uuid:%s", is->row.uuid),
	    .title = is->row.title,
	    .language = "en",
	    .modified = when,
	    .date = when,
	    .publisher = site.title,
	    .description = pool_printf(p, "%s of %s, %s.", journal_numbering(p, &is->row),
				       site.title, journal_month(p, is->row.month)),
	    .source = web_url,
	    .collection = pool_printf(p, "%s, volume %d", site.title, is->row.volume),
	    .position = is->row.number,
	    .editors = is->editors,
	    .neditors = is->neditors,
	    .contributors = contrib,
	    .ncontributors = ncontrib,
	};
	int rc = epub_write(&m, files, n, out, err, errlen);
	pool_free(p);
	return rc;
}
