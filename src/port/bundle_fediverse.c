/* bundle_fediverse: the Fediverse's followers of the press and of its writers, with the remote
 * actors they are (addresses, inboxes and public keys, all public), and the press's blocks.
 * The press's own RSA key is never in a bundle: a restored press signs with a new one, which
 * other servers fetch from its actors again. */
#include "port/bundle_int.h"
#include "store/store_bundle.h"

#include <string.h>

enum {
	F_ID,
	F_URI,
	F_DOMAIN,
	F_INBOX,
	F_SHARED_INBOX,
	F_KEY_ID,
	F_KEY_PEM,
	F_NAME,
	F_HANDLE,
	F_URL,
	F_ICON_URL,
};
enum { K_TARGET };

static const char actors_file[] = "fediverse/actors.jsonl";
static const char followers_file[] = "fediverse/followers.jsonl";
static const char blocks_file[] = "fediverse/blocks.jsonl";

static int web_address(const struct store_val *v)
{
	return strncmp(v->s, "https://", 8) == 0 || strncmp(v->s, "http://", 7) == 0;
}

static int count_follower(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)v;
	(void)row;
	o->st->followers++;
	return 0;
}

int bundle_write_followers(struct bundle_out *o)
{
	if (bundle_put_rows(o, actors_file, &store_copy_fed_actors, NULL) != 0 ||
	    bundle_put_rows(o, followers_file, &store_copy_fed_followers, count_follower) != 0)
		return -1;
	return bundle_put_rows(o, blocks_file, &store_copy_fed_blocks, NULL);
}

static int check_actor(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	static const struct {
		int col;
		const char *key;
		int required;
	} urls[] = {
	    {F_URI, "uri", 1},	     {F_INBOX, "inbox", 1}, {F_SHARED_INBOX, "shared_inbox", 0},
	    {F_KEY_ID, "key_id", 0}, {F_URL, "url", 0},	    {F_ICON_URL, "icon_url", 0}};
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		const struct store_val *u = &v[urls[i].col];
		if ((u->len || urls[i].required) && !web_address(u))
			return bundle_fail(in, actors_file, line,
					   "\"%s\" is not an http or https address", urls[i].key);
	}
	if (v[F_DOMAIN].len == 0)
		return bundle_fail(in, actors_file, line, "\"domain\" is empty");
	if (v[F_KEY_PEM].len && strncmp(v[F_KEY_PEM].s, "-----BEGIN PUBLIC KEY-----", 26) != 0)
		return bundle_fail(in, actors_file, line, "\"key_pem\" is not a public key");
	return 0;
}

static int check_block(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (v[K_TARGET].len == 0)
		return bundle_fail(in, blocks_file, line, "\"target\" is empty");
	return 0;
}

static int check_follower(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)v;
	(void)p;
	(void)line;
	in->st->followers++;
	return 0;
}

int bundle_read_followers(struct bundle_in *in)
{
	if (bundle_get_rows(in, actors_file, &store_copy_fed_actors, NULL, check_actor) != 0 ||
	    bundle_get_rows(in, followers_file, &store_copy_fed_followers, NULL, check_follower) !=
		0)
		return -1;
	return bundle_get_rows(in, blocks_file, &store_copy_fed_blocks, NULL, check_block);
}
