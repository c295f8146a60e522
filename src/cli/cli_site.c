/* cli_site: `broadside init`, `serve` and `site set|show`, and making a new press. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "http/server.h"
#include "press/hosts.h"
#include "press/settings.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "store/store.h"
#include "store/store_users.h"
#include "store/store_sessions.h"
#include "store/store_revisions.h"
#include "store/store_media.h"
#include "util/embedded.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A user-supplied line of text: valid UTF-8, no control characters, bounded. */
int cli_check_text(const char *what, const char *s, size_t max, int allow_newlines)
{
	size_t n = strlen(s);
	if (n > max)
		return cli_fail("%s is longer than %zu bytes", what, max);
	if (!utf8_valid(s, n, NULL))
		return cli_fail("%s is not valid UTF-8", what);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && !(allow_newlines && s[i] == '\n'))
			return cli_fail("%s has a control character", what);
	return 0;
}

int cli_add_samples(struct store *s)
{
	static const char *const settings[][2] = {
	    {"title", "The Open Minutes"},
	    {"tagline", "Notes, readings and resolutions from a small branch that writes"},
	    {"author_line", "From @mara, an independent contributor to the Harbour Street branch"},
	};
	/* One transaction: the demo is there whole or not at all. */
	if (store_begin(s) != 0)
		return cli_fail("database: %s", store_errmsg(s));
	int bad = 0;
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		bad |= store_site_set(s, settings[i][0], settings[i][1]) != 0;
	bad = bad ||
	      store_user_add(
		  s, "mara", "Mara Quill",
		  "Branch secretary, minute-taker and the writer of most of what is here.") ||
	      store_user_add(s, "tomas", "Tomás Ferreira",
			     "Treasurer. Writes about budgets and members.");
	if (bad) {
		store_rollback(s);
		return cli_fail("database: %s", store_errmsg(s));
	}
	for (const struct embedded_file *f = sample_files; f->name; f++) {
		struct postfile pf;
		struct pf_error pe;
		char err[512];
		struct publish_result res;
		struct publish_args args = {.source = f->data};
		if (postfile_parse(f->data, f->len, &pf, &pe) != 0) {
			store_rollback(s);
			return cli_fail("sample %s:%u: %s", f->name, pe.line, pe.msg);
		}
		int rc = publish_post(s, &pf, &args, &res, err, sizeof(err));
		postfile_free(&pf);
		free(res.url);
		if (rc != 0) {
			store_rollback(s);
			return cli_fail("sample %s: %s", f->name, err);
		}
	}
	if (store_commit(s) != 0) {
		store_rollback(s);
		return cli_fail("database: %s", store_errmsg(s));
	}
	return 0;
}

int cli_check_title(const char *title)
{
	if (!*title)
		return cli_fail("the title cannot be empty");
	struct pool *p = pool_new();
	const char *why = setting_problem(NULL, p, "title", title);
	int rc = why ? cli_fail("%s", why) : 0;
	pool_free(p);
	return rc;
}

int cli_create_press(const char *dir, int demo, const char *title, struct store **out)
{
	char err[512];
	struct store *s = store_open(dir, 1, err, sizeof(err));
	*out = NULL;
	if (!s)
		return cli_fail("%s", err);
	int rc = publish_upgrade(s) < 0 ? cli_fail("database: %s", store_errmsg(s)) : 0;
	/* A press is made with its key (DATA/keys/press.key), before anything is sealed. */
	struct press_keys *k = rc == 0 ? keys_open(dir, s, 1, err, sizeof(err)) : NULL;
	if (rc == 0 && !k)
		rc = cli_fail("%s", err);
	keys_close(k);
	if (rc == 0 && demo)
		rc = cli_add_samples(s);
	if (rc == 0 && title && store_site_set(s, "title", title) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	if (rc != 0)
		store_close(s);
	else
		*out = s;
	return rc;
}

int cli_init(const struct cli_args *a)
{
	char dir[4096], path[4200];
	struct stat sb;
	int rc = cli_press_dir(a, 1, dir, sizeof(dir));
	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/site.db", dir);
	if (stat(path, &sb) == 0)
		return cli_fail("%s already holds a site", dir);
	if (a->title && cli_check_title(a->title))
		return 1;
	int existed = stat(dir, &sb) == 0;
	struct store *s;
	rc = cli_create_press(dir, a->demo, a->title, &s);
	if (s)
		store_close(s);
	if (rc != 0) {
		/* init made this database: a failed init leaves no half site behind. */
		static const char *const suffixes[] = {"", "-wal", "-shm"};
		for (size_t i = 0; i < 3; i++) {
			char f[4300];
			snprintf(f, sizeof(f), "%s%s", path, suffixes[i]);
			unlink(f);
		}
		if (!existed)
			rmdir(dir);
		return rc;
	}
	printf("created %s%s\n", dir, a->demo ? " with the demo posts" : "");
	return 0;
}

int cli_serve(const struct cli_args *a)
{
	/* A single press is created empty when missing; a server folder serves every press in
	 * its host map, each opened (and its posts rendered again after an upgrade) when first
	 * asked for. */
	struct server_opts so = {
	    .data_dir = a->data,
	    .listen = a->listen,
	    .theme_dir = a->theme,
	    .threads = (unsigned)a->threads,
	    .cache_bytes = (size_t)a->cache_mb << 20,
	    .upload_max = (size_t)a->upload_mb << 20,
	    .trust_proxy = a->trust_proxy,
	    .per_address = (unsigned)a->per_address,
	    .header_seconds = (unsigned)a->header_seconds,
	    .work_ms = (unsigned)a->work_ms,
	    .access_log = a->access_log,
	    .access_log_full_ip = a->access_log_full_ip,
	    .federation_allow_private = a->federation_allow_private,
	};
	return server_run(&so);
}

int cli_site_set(const struct cli_args *a)
{
	const char *key = a->pos[0], *value = a->pos[1];
	int known = 0;
	for (int i = 0; store_site_keys[i]; i++)
		known |= strcmp(key, store_site_keys[i]) == 0;
	if (!known)
		return cli_usage(a, "unknown key '%s'", key);
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	const char *why = setting_problem(s, p, key, value);
	if (why)
		rc = cli_fail("%s", why);
	else if (store_begin(s) != 0 || store_site_set(s, key, value) != 0 ||
		 store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	}
	pool_free(p);
	store_close(s);
	return rc;
}

int cli_site_show(const struct cli_args *a)
{
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	struct pool *p = pool_new();
	struct site site;
	if (store_site_get(s, p, &site) != 0) {
		rc = cli_fail("database: %s", store_errmsg(s));
	} else {
		/* Every key as stored ("(default)" when it never was), the menu one item a line. */
		for (int i = 0; store_site_keys[i]; i++) {
			const char *k = store_site_keys[i], *v = store_meta_get(s, p, k);
			if (strcmp(k, "menu") == 0)
				continue;
			printf("%-20s %s\n", k, v ? v : "(default)");
		}
		printf("menu%s\n", *site.menu ? ":" : "                 (the default)");
		for (const char *m = site.menu; *m;) {
			size_t n = strcspn(m, "\n");
			printf("  %.*s\n", (int)n, m);
			m += n + (m[n] == '\n');
		}
	}
	pool_free(p);
	store_close(s);
	return rc;
}
