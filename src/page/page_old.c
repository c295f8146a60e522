/* page_old: old addresses, such as a WordPress site's, answering with a 301 to the new ones. */
#include "page/page.h"
#include "route/route.h"
#include "store/store_import.h"
#include "util/pool.h"

int page_old_redirect(struct req *r, const char *path, struct page_out *out)
{
	struct old_path o;
	int rc = store_old_path_find(r->store, r->pool, path, &o);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	out->location = o.slug ? page_post_path(r->pool, o.type, o.slug) : o.target;
	out->status = 301;
	return 1;
}

int page_old(struct req *r, struct page_out *out)
{
	int rc = page_old_redirect(r, pool_printf(r->pool, "/%s", r->route->arg), out);
	if (rc == 0)
		page_error(r, 404, "There is nothing at this address.", out);
	return rc < 0 ? -1 : 0;
}
