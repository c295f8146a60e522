/* mirror_render: one page of the mirror asked of the route table as a reader's GET is: the
 * same struct req the server builds, without cookies, headers or a query. */
#include "mirror/mirror_int.h"
#include "crypto/seal.h"
#include "page/page.h"
#include "press/press.h"
#include "req/req.h"
#include "route/dispatch.h"
#include "route/route.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/pool.h"

#include <string.h>

/* A static copy is asked nothing but its path. */
static const char *no_value(void *ud, enum req_kind kind, const char *key)
{
	(void)ud;
	(void)kind;
	(void)key;
	return NULL;
}

int mirror_render(struct press *press, const char *base_url, const char *path, struct pool *p,
		  struct page_out *out, const struct route_row **row)
{
	struct route_match m;
	page_out_init(out);
	*row = NULL;
	route_find(RM_GET, path, strlen(path), p, &m);
	struct req r;
	memset(&r, 0, sizeof(r));
	r.press = press;
	r.pool = p;
	r.get = no_value;
	r.now = clock_now();
	r.data_dir = press_dir(press);
	r.theme = press_theme(press);
	r.store = press_store(press);
	r.keys = press_keys(press);
	r.path = route_decode(path, strlen(path), 0, p);
	if (!r.path)
		r.path = "/";
	r.base_url = base_url;
	/* No client: the tag of no address. */
	char tag[SEAL_TAG_LEN + 1];
	seal_addr_tag(r.keys, "", tag);
	r.addr = pool_strdup(p, tag);
	if (!r.store || !r.theme || store_site_get(r.store, p, &r.site) != 0)
		return -1;
	struct route none = {.page = 1};
	r.route = m.row ? &m.values : &none;
	/* What anyone may read, and the sign-in page readers' pages link to (its form stands
	 * for the one the press takes); members' pages as a reader without a session gets them
	 * (sent on to the sign-in page); nothing behind a writer's session. */
	if (!m.row || (m.row->access != ACCESS_ANYONE && m.row->access != ACCESS_PRE &&
		       m.row->access != ACCESS_MEMBER)) {
		page_error(&r, 404, "This page is not part of the press's static copy.", out);
		return 0;
	}
	r.row = m.row;
	*row = m.row;
	return route_dispatch(&r, out) < 0 ? -1 : 0;
}
