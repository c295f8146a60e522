/* bundle_fediverse: the press's part of the Fediverse: the remote actors it knows (addresses,
 * inboxes and public keys, all public) with their avatars (fediverse/avatars/SHA256.EXT), who
 * follows the press and each writer, the press's blocks, likes and boosts of its posts, and
 * which posts went out. The press's own RSA key is never in a bundle: a restored press signs
 * with a new one, which other servers fetch from its actors again. */
#include "fed/avatar.h"
#include "port/bundle_int.h"
#include "store/store_bundle.h"
#include "util/pool.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_BYTES 4096

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
	F_AVATAR,
};
enum { K_TARGET };
enum { R_POST, R_ACTOR, R_KIND, R_URI };

static const char actors_file[] = "fediverse/actors.jsonl";
static const char followers_file[] = "fediverse/followers.jsonl";
static const char blocks_file[] = "fediverse/blocks.jsonl";
static const char reactions_file[] = "fediverse/reactions.jsonl";
static const char objects_file[] = "fediverse/posts.jsonl";
static const char avatars_dir[] = "fediverse/avatars/";

int bundle_avatar_name_ok(const char *name)
{
	static const char *const exts[] = {"png", "jpg", "gif", "webp"};
	if (strspn(name, "0123456789abcdef") != 64 || name[64] != '.')
		return 0;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(name + 65, exts[i]) == 0)
			return 1;
	return 0;
}

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

/* An avatar's file, when the press still has it (a missing one is shown missing there too). */
static int put_avatar(void *ud, const char *name)
{
	struct bundle_out *o = ud;
	if (!bundle_avatar_name_ok(name))
		return 0;
	char src[PATH_BYTES], path[128];
	snprintf(src, sizeof(src), "%s/avatars/%s", o->data_dir, name);
	struct stat sb;
	if (lstat(src, &sb) != 0 && errno == ENOENT)
		return 0;
	snprintf(path, sizeof(path), "%s%s", avatars_dir, name);
	return bundle_put_file(o, path, src, FED_AVATAR_MAX) == 0 ? 0 : 1; /* 1: err is set */
}

int bundle_write_fediverse(struct bundle_out *o)
{
	int rc = store_bundle_avatar_names(o->s, put_avatar, o);
	if (rc != 0)
		return rc < 0 ? bundle_out_fail(o, "the avatars cannot be read") : -1;
	if (bundle_put_rows(o, actors_file, &store_copy_fed_actors, NULL) != 0 ||
	    bundle_put_rows(o, followers_file, &store_copy_fed_followers, count_follower) != 0 ||
	    bundle_put_rows(o, blocks_file, &store_copy_fed_blocks, NULL) != 0 ||
	    bundle_put_rows(o, reactions_file, &store_copy_fed_reactions, NULL) != 0)
		return -1;
	return bundle_put_rows(o, objects_file, &store_copy_fed_objects, NULL);
}

/* Each avatar: its name is its sha256 (checked against the manifest's) and its bytes are the
 * image its extension says; into DATA/avatars/. */
static int read_avatars(struct bundle_in *in)
{
	for (size_t i = 0; i < in->m->nfiles; i++) {
		struct bundle_file *f = &in->m->files[i];
		if (strcmp(f->section, "fediverse") != 0 ||
		    strncmp(f->path, avatars_dir, sizeof(avatars_dir) - 1) != 0)
			continue;
		const char *name = f->path + sizeof(avatars_dir) - 1;
		char hex[65];
		for (int k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", f->sha256[k]);
		if (!bundle_avatar_name_ok(name) || strncmp(name, hex, 64) != 0)
			return bundle_fail(in, f->path, 0,
					   "is not named by its sha256 as avatars are");
		struct buf b = {0};
		if (bundle_slurp(in, f->path, FED_AVATAR_MAX, &b) != 0)
			return -1;
		const char *kind = avatar_kind((const unsigned char *)buf_str(&b), b.len);
		buf_free(&b);
		if (!kind || strcmp(kind, name + 65) != 0)
			return bundle_fail(in, f->path, 0,
					   "its bytes are not the image its name says");
		if (!in->s)
			continue;
		char dir[PATH_BYTES], src[PATH_BYTES], dst[PATH_BYTES + 128];
		snprintf(dir, sizeof(dir), "%s/avatars", in->data_dir);
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return bundle_fail(in, dir, 0, "%s", strerror(errno));
		snprintf(dst, sizeof(dst), "%s/%s", dir, name);
		bundle_staged_path(in, f->path, src, sizeof(src));
		if (rename(src, dst) != 0)
			return bundle_fail(in, f->path, 0, "%s", strerror(errno));
	}
	return 0;
}

static int check_actor(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	static const struct {
		int col;
		const char *key;
		int required;
	} urls[] = {
	    {F_URI, "uri", 1},	     {F_INBOX, "inbox", 0}, {F_SHARED_INBOX, "shared_inbox", 0},
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
	if (v[F_AVATAR].len && !bundle_avatar_name_ok(v[F_AVATAR].s))
		return bundle_fail(in, actors_file, line, "\"avatar\" is no avatar's name");
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

static int check_block(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (v[K_TARGET].len == 0)
		return bundle_fail(in, blocks_file, line, "\"target\" is empty");
	return 0;
}

static int check_reaction(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (!web_address(&v[R_URI]))
		return bundle_fail(in, reactions_file, line,
				   "\"uri\" is not an http or https address");
	return 0;
}

int bundle_read_fediverse(struct bundle_in *in)
{
	if (read_avatars(in) != 0 ||
	    bundle_get_rows(in, actors_file, &store_copy_fed_actors, NULL, check_actor) != 0 ||
	    bundle_get_rows(in, followers_file, &store_copy_fed_followers, NULL, check_follower) !=
		0 ||
	    bundle_get_rows(in, blocks_file, &store_copy_fed_blocks, NULL, check_block) != 0 ||
	    bundle_get_rows(in, reactions_file, &store_copy_fed_reactions, NULL, check_reaction) !=
		0)
		return -1;
	if (in->s && store_bundle_fed_objects_clear(in->s) != 0)
		return bundle_fail(in, objects_file, 0, "the database failed");
	return bundle_get_rows(in, objects_file, &store_copy_fed_objects, NULL, NULL);
}
