/* fed: the press's actors and the addresses of what it federates, under its base URL. */
#include "fed/fed.h"
#include "auth/auth.h"
#include "fed/json.h"
#include "route/route.h"
#include "store/store.h"
#include "store/store_users.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/pool.h"

#include <string.h>
#include <strings.h>

int fed_site_init(struct fed_site *fs, const char *base, const struct site *site,
		  const struct press_keys *keys, struct store *s, struct pool *p)
{
	char host[300];
	memset(fs, 0, sizeof(*fs));
	if (!base || fed_url_host(base, 1, host, sizeof(host)) != 0)
		return -1;
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	fs->base = pool_strndup(p, base, n);
	fs->host = pool_strdup(p, host);
	fs->site = site;
	fs->keys = keys;
	fs->store = s;
	fs->pool = p;
	return 0;
}

static const char *under(const struct fed_site *fs, const char *prefix, const char *name)
{
	struct buf b = {0};
	buf_puts(&b, fs->base);
	buf_puts(&b, prefix);
	if (name)
		esc_url_component(&b, name, strlen(name));
	const char *s = pool_strdup(fs->pool, buf_str(&b));
	buf_free(&b);
	return s;
}

const char *fed_writer_uri(const struct fed_site *fs, const char *handle)
{
	return under(fs, "/users/", handle);
}

const char *fed_press_uri(const struct fed_site *fs)
{
	return under(fs, "/press", NULL);
}

const char *fed_instance_uri(const struct fed_site *fs)
{
	return under(fs, "/actor", NULL);
}

const char *fed_key_id(const struct fed_site *fs, const char *actor_uri)
{
	return pool_printf(fs->pool, "%s#main-key", actor_uri);
}

const char *fed_post_uri(const struct fed_site *fs, const char *slug)
{
	return under(fs, "/posts/", slug);
}

void fed_press_local(const struct fed_site *fs, struct fed_local *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = FED_ACTOR_PRESS;
	out->user_id = FED_PRESS;
	out->handle = fs->site->fediverse_handle;
	out->name = fs->site->title;
	out->bio = fs->site->tagline;
	out->uri = fed_press_uri(fs);
}

static int from_account(const struct fed_site *fs, const struct account *a, struct fed_local *out)
{
	struct user_row u;
	if (a->role == ROLE_OFFICER)
		return 1;
	int rc = store_user_get(fs->store, fs->pool, a->handle, &u);
	if (rc != 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->kind = FED_ACTOR_WRITER;
	out->user_id = a->id;
	out->handle = a->handle;
	out->name = a->name;
	out->bio = u.bio;
	out->uri = fed_writer_uri(fs, a->handle);
	return 0;
}

int fed_writer_local(const struct fed_site *fs, const char *handle, struct fed_local *out)
{
	struct account a;
	int rc = store_account_by_handle(fs->store, fs->pool, handle, &a);
	return rc != 0 ? rc : from_account(fs, &a, out);
}

int fed_local_by_id(const struct fed_site *fs, long long user_id, struct fed_local *out)
{
	if (user_id == FED_PRESS) {
		fed_press_local(fs, out);
		return 0;
	}
	struct account a;
	int rc = store_account_by_id(fs->store, fs->pool, user_id, &a);
	return rc != 0 ? rc : from_account(fs, &a, out);
}

/* The decoded path of an URL under our base, without query or fragment, or NULL. */
static const char *local_path(const struct fed_site *fs, const char *uri)
{
	size_t n = strlen(fs->base);
	if (!uri || strncasecmp(uri, fs->base, n) != 0 || uri[n] != '/')
		return NULL;
	const char *path = uri + n;
	size_t len = strcspn(path, "?#");
	char *p = route_decode(path, len, 0, fs->pool);
	if (p) {
		size_t pl = strlen(p);
		if (pl > 1 && p[pl - 1] == '/')
			p[pl - 1] = '\0';
	}
	return p;
}

int fed_local_by_uri(const struct fed_site *fs, const char *uri, struct fed_local *out)
{
	const char *path = local_path(fs, uri);
	if (!path)
		return 1;
	if (strcmp(path, "/press") == 0) {
		fed_press_local(fs, out);
		return 0;
	}
	if (strcmp(path, "/actor") == 0) {
		memset(out, 0, sizeof(*out));
		out->kind = FED_ACTOR_INSTANCE;
		out->handle = fs->host;
		out->name = fs->site->title;
		out->uri = fed_instance_uri(fs);
		return 0;
	}
	const char *handle = strncmp(path, "/users/", 7) == 0 ? path + 7
			     : strncmp(path, "/@", 2) == 0    ? path + 2
							      : NULL;
	if (!handle || !*handle || strchr(handle, '/'))
		return 1;
	return fed_writer_local(fs, handle, out);
}

int fed_post_by_uri(const struct fed_site *fs, const char *uri, long long *post_id)
{
	const char *path = local_path(fs, uri);
	if (!path || strncmp(path, "/posts/", 7) != 0 || !path[7] || strchr(path + 7, '/'))
		return 1;
	const char *slug = path + 7;
	struct post_row row;
	int rc = store_post_by_slug(fs->store, fs->pool, slug, 0, &row);
	if (rc == 1) {
		const char *now;
		int type;
		rc = store_redirect_find(fs->store, fs->pool, slug, &now, &type);
		if (rc == 0)
			rc = store_post_by_slug(fs->store, fs->pool, now, 0, &row);
	}
	if (rc == 0)
		*post_id = row.id;
	return rc;
}
