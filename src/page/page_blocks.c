/* page_blocks: the public list of the servers this press blocks on the Fediverse. */
#include "page/page.h"
#include "render/val.h"
#include "store/store_fed.h"
#include "util/pool.h"

int page_blocks(struct req *r, struct page_out *out)
{
	struct fed_block_row *rows;
	size_t n;
	if (store_fed_blocks(r->store, r->pool, 1, &rows, &n) != 0)
		return -1;
	struct pool *p = r->pool;
	struct val *ctx = page_base(r, "Blocked servers");
	struct val *list = val_set(p, ctx, "blocks", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_map(p);
		val_set_str(p, v, "domain", rows[i].target);
		val_set(p, v, "date", page_date_val(p, rows[i].created));
		val_set_str(p, v, "reason", rows[i].reason);
		val_push(p, list, v);
	}
	val_set_bool(p, ctx, "empty", n == 0);
	out->cacheable = 1;
	return page_render(r, "blocks", ctx, out);
}
