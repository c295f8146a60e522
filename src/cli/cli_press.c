/* cli_press: `broadside press add|list|hosts|remove`: a server folder's presses and host map. */
#include "cli/cli.h"
#include "admin/admin.h"
#include "press/hosts.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/rmtree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 4096

/* A server folder being changed: its presses/ folder open and locked, and its host map. */
struct server {
	const char *dir;
	int fd; /* DIR/presses, flock()ed so two press commands do not lose each other's map */
	struct host_map map;
};

static int bad_name(const char *name)
{
	return cli_fail("bad press name '%s' (1 to %d of a-z, 0-9 and '-', not starting with '-')",
			name, PRESS_NAME_MAX);
}

/* The --host values: each a valid host, none given twice. 0, or 1 after an error. */
static int check_host_names(const struct cli_args *a)
{
	char lower[CLI_LIST_MAX][HOST_NAME_MAX_LEN + 1];
	for (size_t i = 0; i < a->hosts.n; i++) {
		const char *h = a->hosts.v[i];
		if (!host_name_valid(h) || host_header_name(h, lower[i], sizeof(lower[i])) != 0)
			return cli_fail("bad --host '%s' (a DNS name, an IPv4 address or an IPv6 "
					"address in brackets, without a port)",
					h);
		for (size_t j = 0; j < i; j++)
			if (strcmp(lower[i], lower[j]) == 0)
				return cli_fail("--host '%s' is given twice", h);
	}
	return 0;
}

/* Opens and locks DIR/presses and reads the host map. 0, or 1 after an error (sv->fd is then
 * -1 and the map empty). */
static int server_open(struct server *sv, const char *dir)
{
	char path[PATH_BYTES], err[512];
	sv->dir = dir;
	memset(&sv->map, 0, sizeof(sv->map));
	snprintf(path, sizeof(path), "%s/presses", dir);
	sv->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sv->fd < 0)
		return cli_fail("%s: %s", path, strerror(errno));
	int rc = 0;
	if (flock(sv->fd, LOCK_EX) != 0)
		rc = cli_fail("%s: cannot lock: %s", path, strerror(errno));
	else if (hostmap_load(dir, &sv->map, err, sizeof(err)) != 0)
		rc = cli_fail("%s: %s", dir, err);
	if (rc != 0) {
		close(sv->fd);
		sv->fd = -1;
	}
	return rc;
}

static void server_close(struct server *sv)
{
	hostmap_free(&sv->map);
	close(sv->fd); /* and the lock with it */
}

/* Gives press name exactly the --host values in the map (in memory), refusing a host that
 * belongs to another press. 0, or 1 after an error, with the map unchanged. */
static int set_hosts(struct server *sv, const char *name, const struct cli_args *a)
{
	for (size_t i = 0; i < a->hosts.n; i++) {
		const char *owner = hostmap_find(&sv->map, a->hosts.v[i]);
		if (owner && strcmp(owner, name) != 0)
			return cli_fail(
			    "host '%s' is mapped to press '%s' already (nothing written)",
			    a->hosts.v[i], owner);
	}
	hostmap_drop_press(&sv->map, name);
	for (size_t i = 0; i < a->hosts.n; i++)
		hostmap_add(&sv->map, a->hosts.v[i], name);
	return 0;
}

static int save_map(struct server *sv)
{
	char err[512];
	return hostmap_save(sv->dir, &sv->map, err, sizeof(err)) ? cli_fail("%s", err) : 0;
}

/* "a.test, b.test" for press name, or "(not served)". */
static void hosts_of(const struct host_map *m, const char *name, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].press, name) == 0)
			buf_printf(out, "%s%s", out->len ? ", " : "", m->v[i].host);
	if (!out->len)
		buf_puts(out, "(not served)");
}

/* mkdir that tells whether it made the folder: 1 made, 0 was there, -1 after an error. */
static int make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0)
		return 1;
	if (errno == EEXIST) {
		struct stat sb;
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			return 0;
		errno = ENOTDIR;
	}
	cli_fail("%s: %s", path, strerror(errno));
	return -1;
}

/* Makes the press's database and its setup token; 0, or 1 after an error. */
static int create_press(const char *press_dir, const struct cli_args *a,
			char token[AUTH_TOKEN_LEN + 1], int *owner)
{
	struct store *s;
	if (cli_create_press(press_dir, a->demo, a->title, &s) != 0)
		return 1;
	*owner = admin_setup_token(s, token);
	int rc = *owner < 0 ? cli_fail("setup link: %s", store_errmsg(s)) : 0;
	store_close(s);
	return rc;
}

/* What press add did, and the setup link at the first host when there is a token. */
static void print_added(const struct server *sv, const char *name, const char *path,
			const char *first_host, const char *token)
{
	struct buf hosts = {0};
	char first[HOST_NAME_MAX_LEN + 1];
	hosts_of(&sv->map, name, &hosts);
	printf("created press '%s' in %s for %s\n", name, path, buf_str(&hosts));
	if (token && host_header_name(first_host, first, sizeof(first)) == 0)
		printf("its owner chooses a handle and password once, within 24 hours, at:\n"
		       "http://%s/admin/setup?token=%s\n",
		       first, token);
	buf_free(&hosts);
}

int cli_press_add(const struct cli_args *a)
{
	const char *dir = a->data, *name = a->pos[0];
	char path[PATH_BYTES + PRESS_NAME_MAX + 16], presses[PATH_BYTES];
	char token[AUTH_TOKEN_LEN + 1] = "";
	struct stat sb;
	if (!press_name_valid(name))
		return bad_name(name);
	if (check_host_names(a) != 0 || (a->title && cli_check_title(a->title) != 0))
		return 1;
	snprintf(path, sizeof(path), "%s/site.db", dir);
	if (stat(path, &sb) == 0)
		return cli_fail(
		    "%s holds a single press (site.db), so it cannot be a server folder", dir);
	if (snprintf(presses, sizeof(presses), "%s/presses", dir) >= (int)sizeof(presses))
		return cli_fail("%s: path too long", dir);
	snprintf(path, sizeof(path), "%s/%s", presses, name);

	/* What this command made, so that a failure takes it all away again. */
	int made_dir = make_dir(dir), made_presses = 0, made_press = 0, owner = 0, rc = 1;
	struct server sv = {.fd = -1};
	if (made_dir < 0 || (made_presses = make_dir(presses)) < 0)
		goto undo;
	if (server_open(&sv, dir) != 0 || set_hosts(&sv, name, a) != 0)
		goto undo;
	if (mkdirat(sv.fd, name, 0755) != 0) {
		if (errno == EEXIST)
			cli_fail("press '%s' exists in %s already", name, dir);
		else
			cli_fail("%s: %s", path, strerror(errno));
		goto undo;
	}
	made_press = 1;
	if (create_press(path, a, token, &owner) != 0 || save_map(&sv) != 0)
		goto undo;
	rc = 0;
	print_added(&sv, name, path, a->hosts.v[0], owner == 0 ? token : NULL);
undo:
	if (rc != 0 && made_press) {
		char err[512];
		if (rmtree_at(sv.fd, name, err, sizeof(err)) != 0)
			cli_fail("%s/presses: %s", dir, err);
	}
	if (sv.fd >= 0)
		server_close(&sv);
	if (rc != 0 && made_presses > 0)
		rmdir(presses);
	if (rc != 0 && made_dir > 0)
		rmdir(dir);
	return rc;
}

/* Reads a press's title for the list; "(no site here)" when its database is not there. */
static void title_of(const char *server_dir, const char *name, struct buf *out)
{
	char path[PATH_BYTES], err[512];
	snprintf(path, sizeof(path), "%s/presses/%s", server_dir, name);
	buf_reset(out);
	struct store *s = store_open(path, 0, err, sizeof(err));
	if (!s) {
		buf_puts(out, "(no site here)");
		return;
	}
	struct pool *p = pool_new();
	struct site site;
	if (store_site_get(s, p, &site) == 0)
		buf_puts(out, site.title);
	else
		buf_printf(out, "(database: %s)", store_errmsg(s));
	pool_free(p);
	store_close(s);
}

static int not_server(const char *dir)
{
	return cli_fail("%s is not a server folder (it has no presses/ folder; 'broadside press "
			"add' makes one)",
			dir);
}

int cli_press_list(const struct cli_args *a)
{
	const char *dir = a->data;
	char err[512];
	if (!serverdir_is(dir))
		return not_server(dir);
	struct host_map m;
	if (hostmap_load(dir, &m, err, sizeof(err)) != 0)
		return cli_fail("%s: %s", dir, err);
	char **names;
	size_t n;
	if (cli_press_folders(dir, &names, &n) != 0) {
		hostmap_free(&m);
		return cli_fail("%s/presses: %s", dir, strerror(errno));
	}
	struct buf hosts = {0}, title = {0};
	for (size_t i = 0; i < n; i++) {
		hosts_of(&m, names[i], &hosts);
		title_of(dir, names[i], &title);
		printf("%-20s %-32s %s\n", names[i], buf_str(&hosts), buf_str(&title));
	}
	/* Hosts the map gives to a press that has no folder: no server can answer them. */
	for (size_t i = 0; i < m.n; i++) {
		int listed = 0;
		for (size_t j = 0; j < n && !listed; j++)
			listed = strcmp(names[j], m.v[i].press) == 0;
		for (size_t j = 0; j < i && !listed; j++)
			listed = strcmp(m.v[j].press, m.v[i].press) == 0;
		if (listed)
			continue;
		hosts_of(&m, m.v[i].press, &hosts);
		printf("%-20s %-32s %s\n", m.v[i].press, buf_str(&hosts), "(no folder)");
	}
	buf_free(&hosts);
	buf_free(&title);
	cli_names_free(names, n);
	hostmap_free(&m);
	return 0;
}

/* The press folder: 1 a folder, 2 a symbolic link to one, 0 missing, -1 anything else. */
static int press_folder(const struct server *sv, const char *name)
{
	struct stat sb;
	if (fstatat(sv->fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode))
		return 1;
	return S_ISLNK(sb.st_mode) && fstatat(sv->fd, name, &sb, 0) == 0 && S_ISDIR(sb.st_mode)
		   ? 2
		   : -1;
}

int cli_press_hosts(const struct cli_args *a)
{
	const char *dir = a->data, *name = a->pos[0];
	if (!press_name_valid(name))
		return bad_name(name);
	if (check_host_names(a) != 0)
		return 1;
	if (!serverdir_is(dir))
		return not_server(dir);
	struct server sv;
	if (server_open(&sv, dir) != 0)
		return 1;
	int rc;
	if (press_folder(&sv, name) < 1) {
		char names[512];
		cli_press_names(dir, names, sizeof(names));
		rc = cli_fail("no press '%s' in %s (presses: %s)", name, dir, names);
	} else {
		rc = set_hosts(&sv, name, a) || save_map(&sv);
	}
	if (rc == 0) {
		struct buf hosts = {0};
		hosts_of(&sv.map, name, &hosts);
		printf("press '%s' is served at %s\n", name, buf_str(&hosts));
		buf_free(&hosts);
	}
	server_close(&sv);
	return rc;
}

int cli_press_remove(const struct cli_args *a)
{
	const char *dir = a->data, *name = a->pos[0];
	if (!press_name_valid(name))
		return bad_name(name);
	if (!serverdir_is(dir))
		return not_server(dir);
	struct server sv;
	if (server_open(&sv, dir) != 0)
		return 1;
	int folder = press_folder(&sv, name), rc = 0;
	size_t hosts = hostmap_drop_press(&sv.map, name);
	char err[512];
	if (folder == 0 && hosts == 0) {
		char names[512];
		cli_press_names(dir, names, sizeof(names));
		rc = cli_fail("no press '%s' in %s (presses: %s)", name, dir, names);
	} else if (a->delete_files && folder != 1 && folder != 0) {
		rc = cli_fail("%s/presses/%s is not a folder but %s: nothing changed", dir, name,
			      folder == 2 ? "a symbolic link to one" : "some other file");
	} else if (hosts > 0 && save_map(&sv) != 0) {
		rc = 1;
	} else {
		printf("press '%s' is not served any more\n", name);
		if (a->delete_files && folder == 0)
			printf("%s/presses/%s is not there: nothing to delete\n", dir, name);
		else if (a->delete_files && rmtree_at(sv.fd, name, err, sizeof(err)) != 0)
			rc = cli_fail("%s/presses: %s", dir, err);
		else if (a->delete_files)
			printf("deleted %s/presses/%s\n", dir, name);
	}
	server_close(&sv);
	return rc;
}
