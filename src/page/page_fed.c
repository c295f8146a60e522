/* page_fed: what a post's or a writer's page shows of the Fediverse: the handle to follow (with
 * a button that copies it), the count of followers, and a post's likes and boosts. */
#include "fed/fed.h"
#include "fed/routes.h"
#include "page/page.h"
#include "render/val.h"
#include "store/store_fed.h"
#include "store/store_fed_objects.h"
#include "util/pool.h"

int page_fediverse_val(struct req *r, const char *handle, long long post_id, struct val *into)
{
	struct pool *p = r->pool;
	struct fed_site fs;
	struct fed_local a;
	if (fed_site_of(r, &fs) != 0) {
		val_set(p, into, "fediverse", val_null(p));
		return 0;
	}
	int rc = handle ? fed_writer_local(&fs, handle, &a) : 1;
	if (rc < 0)
		return -1;
	if (rc == 1)
		fed_press_local(&fs, &a);
	int followers = store_fed_follower_count(r->store, a.user_id), likes = 0, boosts = 0;
	if (followers < 0 || (post_id && store_fed_reactions(r->store, post_id, &likes, &boosts)))
		return -1;
	struct val *v = val_set(p, into, "fediverse", val_map(p));
	val_set_str(p, v, "handle", pool_printf(p, "@%s@%s", a.handle, fs.host));
	val_set_str(p, v, "actor", a.uri);
	val_set_num(p, v, "followers", followers);
	val_set_bool(p, v, "one_follower", followers == 1);
	val_set_num(p, v, "likes", likes);
	val_set_bool(p, v, "one_like", likes == 1);
	val_set_num(p, v, "boosts", boosts);
	val_set_bool(p, v, "one_boost", boosts == 1);
	val_set_bool(p, v, "reactions", likes + boosts > 0);
	return 0;
}

void page_fediverse_head(struct req *r, struct val *ctx, const char *object, const char *writer)
{
	struct pool *p = r->pool;
	struct fed_site fs;
	if (fed_site_of(r, &fs) != 0)
		return;
	/* For readers and link previews: where the page's ActivityPub object is, and who wrote
	 * it (Mastodon credits the writer of a shared link by this). */
	if (object)
		val_set_str(p, ctx, "activity_json", pool_printf(p, "%s%s", fs.base, object));
	if (writer)
		val_set_str(p, ctx, "fediverse_creator", pool_printf(p, "@%s@%s", writer, fs.host));
}
