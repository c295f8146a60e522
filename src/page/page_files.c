/* page_files: what is served as it is: robots.txt, the stylesheet and uploaded media. */
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

int page_style(struct req *r, struct page_out *out)
{
	size_t len;
	const char *css = theme_css(r->theme, &len);
	out->status = 200;
	out->type = "text/css; charset=utf-8";
	out->cacheable = 1;
	/* Only the versioned URL the theme links to may be kept for a year; another version
	 * is sent on to the current one, so that no made-up version is kept apart. */
	if (r->route->q && strcmp(r->route->q, theme_css_version(r->theme)) != 0) {
		out->status = 301;
		out->location =
		    pool_printf(r->pool, "/style.css?v=%s", theme_css_version(r->theme));
		return 0;
	}
	out->immutable = r->route->q != NULL;
	buf_put(&out->body, css, len);
	return 0;
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
