/* cli_site: `broadside init`, `serve` and `site set|show`, and making a new press. */
#include "cli/cli.h"
#include "crypto/keys.h"
#include "http/server.h"
#include "mail/address.h"
#include "press/hosts.h"
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

#define SETTING_MAX_BYTES 500

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

/* Settings that take one of a few words or a number. */
static int check_choice(const char *key, const char *v)
{
	static const struct {
		const char *key, *choices;
	} rules[] = {
	    {"comments", "open moderated closed"},
	    {"comment_policy", "publish hold_first hold_all"},
	    {"moderation_text", "show hide"},
	    {"newsletter", "full excerpt"},
	    {"smtp_tls", "optional required"},
	    {"fediverse_object", "article note"},
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (strcmp(key, rules[i].key) != 0)
			continue;
		const char *c = strstr(rules[i].choices, v);
		size_t n = strlen(v);
		if (!*v || !c || (c[n] != ' ' && c[n] != '\0') ||
		    (c != rules[i].choices && c[-1] != ' '))
			return cli_fail("%s takes one of: %s", key, rules[i].choices);
	}
	if ((strcmp(key, "comments_per_minute") == 0 || strcmp(key, "comments_per_day") == 0) &&
	    (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6 || atoi(v) < 1))
		return cli_fail("%s takes a number from 1", key);
	if (strcmp(key, "comments_close_days") == 0 &&
	    (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 5))
		return cli_fail("comments_close_days takes a number of days (0: never)");
	if (strcmp(key, "smtp_url") == 0 && *v && strncmp(v, "smtp://", 7) != 0 &&
	    strncmp(v, "smtps://", 8) != 0)
		return cli_fail("smtp_url starts with smtp:// (STARTTLS when the server offers "
				"it) or smtps:// (TLS from the start), or is empty (mail goes to "
				"DATA/outbox)");
	if (strcmp(key, "mail_from") == 0 && *v && !mail_address_valid(v))
		return cli_fail("mail_from is not an email address");
	if (strcmp(key, "fediverse_handle") == 0 &&
	    (!*v || strlen(v) > 32 ||
	     strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(v)))
		return cli_fail("fediverse_handle takes 1 to 32 of a-z, 0-9 and '_' (the press is "
				"then @HANDLE@ its host on the Fediverse)");
	if (strcmp(key, "smtp_password_file") == 0 && *v && v[0] != '/')
		return cli_fail("smtp_password_file takes an absolute path (the password itself "
				"never goes into the database)");
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
	if (cli_check_text("title", title, SETTING_MAX_BYTES, 0))
		return 1;
	return *title ? 0 : cli_fail("the title cannot be empty");
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
	if (cli_check_text(key, value, SETTING_MAX_BYTES, 0))
		return 1;
	if (strcmp(key, "title") == 0 && !value[0])
		return cli_fail("the title cannot be empty");
	if (check_choice(key, value) != 0)
		return 1;
	if (strcmp(key, "per_page") == 0 &&
	    (atoi(value) < 1 || atoi(value) > 100 || strspn(value, "0123456789") != strlen(value)))
		return cli_fail("per_page takes a number from 1 to 100");
	struct store *s;
	int rc = cli_open(a, 0, &s);
	if (rc != 0)
		return rc;
	/* The press's handle on the Fediverse and a writer's would name two actors at once. */
	if (strcmp(key, "fediverse_handle") == 0 && store_user_exists(s, value, strlen(value))) {
		store_close(s);
		return cli_fail("fediverse_handle '%s' is a writer's handle: choose another",
				value);
	}
	if (store_begin(s) != 0 || store_site_set(s, key, value) != 0 || store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail("database: %s", store_errmsg(s));
	}
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
		printf("title        %s\ntagline      %s\nauthor_line  %s\nurl          "
		       "%s\nper_page     %d\n",
		       site.title, site.tagline, site.author_line, site.url, site.per_page);
	}
	pool_free(p);
	store_close(s);
	return rc;
}
