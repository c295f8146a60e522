/* page_files: what is served as it is: robots.txt, the theme's stylesheet and favicon, and
 * uploaded media. */
#include "admin/admin.h"
#include "page/page.h"
#include "render/theme.h"
#include "route/route.h"
#include "util/embedded.h"
#include "util/pool.h"

#include <string.h>

int page_robots(struct req *r, struct page_out *out)
{
	out->status = 200;
	out->type = "text/plain; charset=utf-8";
	out->cacheable = 1;
	buf_printf(&out->body, "User-agent: *\nDisallow: /search\n\nSitemap: %s/sitemap.xml\n",
		   r->base_url);
	return 0;
}

/* A file of the theme at path ("/style.css"): only the versioned URL the pages link to
 * (path?v=VERSION) may be kept for a year; another version is sent on to the current one, so
 * that no made-up version is kept apart. */
static int theme_file(struct req *r, struct page_out *out, const char *data, size_t len,
		      const char *version, const char *path, const char *type)
{
	out->status = 200;
	out->type = type;
	out->cacheable = 1;
	if (r->route->q && strcmp(r->route->q, version) != 0) {
		out->status = 301;
		out->location = pool_printf(r->pool, "%s?v=%s", path, version);
		return 0;
	}
	out->immutable = r->route->q != NULL;
	buf_put(&out->body, data, len);
	return 0;
}

int page_style(struct req *r, struct page_out *out)
{
	size_t len;
	const char *css = theme_css(r->theme, &len);
	return theme_file(r, out, css, len, theme_css_version(r->theme), "/style.css",
			  "text/css; charset=utf-8");
}

int page_favicon(struct req *r, struct page_out *out)
{
	size_t len;
	const char *png = theme_favicon(r->theme, &len);
	/* /favicon.ico, which browsers and feed readers ask for unprompted, is the current
	 * favicon: the owner's, or the theme's. */
	if (r->row->arg) {
		out->status = 303;
		out->location = page_favicon_url(r);
		return 0;
	}
	if (!len) {
		page_error(r, 404, "This theme has no favicon.", out);
		return 0;
	}
	return theme_file(r, out, png, len, theme_favicon_version(r->theme), "/favicon.png",
			  "image/png");
}

int page_media(struct req *r, struct page_out *out)
{
	const char *type;
	if (admin_media_open(r->data_dir, r->route->arg, &out->fd, &out->fd_size, &type) != 0) {
		out->fd = -1;
		page_error(r, 404, "There is no such file.", out);
		return 0;
	}
	out->status = 200;
	out->type = type;
	out->etag = pool_printf(r->pool, "\"%.64s\"", r->route->arg);
	return 0;
}

int page_copy_script(struct req *r, struct page_out *out)
{
	for (const struct embedded_file *f = static_files; f->name; f++) {
		if (strcmp(f->name, "copy.js") != 0)
			continue;
		out->status = 200;
		out->type = "text/javascript; charset=utf-8";
		out->cacheable = 1;
		buf_put(&out->body, f->data, f->len);
		return 0;
	}
	page_error(r, 404, "There is no such script.", out);
	return 0;
}
