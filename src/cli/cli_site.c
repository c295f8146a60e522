/* cli_site: `broadside init`, `serve`, `user add|list` and `site set|show`. */
#include "cli/cli.h"
#include "auth/account.h"
#include "auth/auth.h"
#include "http/server.h"
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

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_BYTES 100
#define BIO_MAX_BYTES 2000
#define SETTING_MAX_BYTES 500

/* Parses --data and the extra options of a command; returns -1 after printing usage. */
struct opt_set {
	const char *dir, *title, *listen, *theme, *handle, *name, *bio, *role;
	int demo, help, password_stdin, trust_proxy;
	unsigned threads;
	long cache_mb, upload_mb;
};

static int parse_opts(const char *cmd, int argc, char **argv, struct opt_set *o)
{
	static const struct option opts[] = {
	    {"data", required_argument, NULL, 'd'},	{"title", required_argument, NULL, 't'},
	    {"demo", no_argument, NULL, 'D'},		{"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 'n'},	{"theme", required_argument, NULL, 'T'},
	    {"cache-mb", required_argument, NULL, 'c'}, {"handle", required_argument, NULL, 'H'},
	    {"name", required_argument, NULL, 'N'},	{"bio", required_argument, NULL, 'b'},
	    {"help", no_argument, NULL, 'h'},		{"role", required_argument, NULL, 'r'},
	    {"password-stdin", no_argument, NULL, 'P'}, {"upload-mb", required_argument, NULL, 'u'},
	    {"trust-proxy", no_argument, NULL, 'X'},	{NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->dir = optarg;
			break;
		case 't':
			o->title = optarg;
			break;
		case 'D':
			o->demo = 1;
			break;
		case 'l':
			o->listen = optarg;
			break;
		case 'T':
			o->theme = optarg;
			break;
		case 'H':
			o->handle = optarg;
			break;
		case 'N':
			o->name = optarg;
			break;
		case 'b':
			o->bio = optarg;
			break;
		case 'h':
			o->help = 1;
			break;
		case 'r':
			o->role = optarg;
			break;
		case 'P':
			o->password_stdin = 1;
			break;
		case 'X':
			o->trust_proxy = 1;
			break;
		case 'u':
			o->upload_mb = strtol(optarg, &end, 10);
			if (*end || o->upload_mb < 1 || o->upload_mb > 1024)
				return cli_usage(cmd, "--upload-mb takes 1 to 1024"), -1;
			break;
		case 'n':
			o->threads = (unsigned)strtoul(optarg, &end, 10);
			if (*end || o->threads < 1 || o->threads > 256)
				return cli_usage(cmd, "--threads takes 1 to 256"), -1;
			break;
		case 'c':
			o->cache_mb = strtol(optarg, &end, 10);
			if (*end || o->cache_mb < 0 || o->cache_mb > 65536)
				return cli_usage(cmd, "--cache-mb takes 0 to 65536"), -1;
			break;
		default:
			return cli_usage(cmd, "unknown option"), -1;
		}
	}
	return 0;
}

/* A user-supplied line of text: valid UTF-8, no control characters, bounded. */
static int check_text(const char *what, const char *s, size_t max, int allow_newlines)
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
	return 0;
}

/* Reads a password: the first line of standard input, without its newline. */
static int read_password(char *out, size_t size)
{
	if (!fgets(out, (int)size, stdin))
		return cli_fail("no password on standard input");
	size_t n = strcspn(out, "\r\n");
	if (n == size - 1 && out[n] == '\0')
		return cli_fail("the password is longer than %d bytes", AUTH_PASSWORD_MAX);
	out[n] = '\0';
	return 0;
}

/* Adds a user (with a role, and a password when given) and links the posts that already
 * mention them, in one transaction. */
static int add_user(struct store *s, const struct opt_set *o, const char *password)
{
	const char *msg;
	int role = o->role ? user_role_parse(o->role) : ROLE_AUTHOR;
	if (store_begin(s) != 0)
		return cli_fail("database: %s", store_errmsg(s));
	int rc = account_create(s, o->handle, o->name, o->bio, role, password, &msg);
	if (rc == 1) {
		store_rollback(s);
		return cli_fail("the handle '@%s' is taken", o->handle);
	}
	if (rc != 0 || store_commit(s) != 0) {
		store_rollback(s);
		return cli_fail("%s", msg ? msg : store_errmsg(s));
	}
	return 0;
}

/* user passwd and user role: change one user. */
static int change_user(struct store *s, const char *action, const struct opt_set *o,
		       const char *password)
{
	struct pool *p = pool_new();
	struct account a;
	const char *msg = NULL;
	int rc = store_account_by_handle(s, p, o->handle, &a);
	if (rc == 1) {
		pool_free(p);
		return cli_fail("no user '@%s'", o->handle);
	}
	if (rc == 0 && store_begin(s) == 0) {
		rc = strcmp(action, "passwd") == 0
			 ? account_set_password(s, a.id, a.handle, password, &msg)
			 : store_account_set_role(s, a.id, user_role_parse(o->role));
		if (rc == 0)
			rc = store_commit_quiet(s);
		if (rc != 0)
			store_rollback(s);
	} else {
		rc = -1;
	}
	pool_free(p);
	return rc ? cli_fail("%s", msg ? msg : store_errmsg(s)) : 0;
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

int cli_init(int argc, char **argv)
{
	struct opt_set o = {.dir = "./data"};
	if (parse_opts("init", argc, argv, &o) != 0)
		return 2;
	if (o.help) {
		fputs("usage: broadside init [--data DIR] [--title T] [--demo]\n\n"
		      "Creates an empty site in DIR (default ./data); --demo adds sample writers "
		      "and posts.\n",
		      stdout);
		return 0;
	}
	if (optind < argc)
		return cli_usage("init", "unexpected argument '%s'", argv[optind]);
	char path[4096];
	struct stat sb;
	snprintf(path, sizeof(path), "%s/site.db", o.dir);
	if (stat(path, &sb) == 0)
		return cli_fail("%s already holds a site", o.dir);
	if (o.title && (check_text("title", o.title, SETTING_MAX_BYTES, 0) ||
			(!*o.title && cli_fail("the title cannot be empty"))))
		return 1;
	struct store *s = cli_open(o.dir, 1);
	if (!s)
		return 1;
	int rc = publish_upgrade(s) < 0 ? cli_fail("database: %s", store_errmsg(s)) : 0;
	if (rc == 0 && o.demo)
		rc = cli_add_samples(s);
	if (rc == 0 && o.title && store_site_set(s, "title", o.title) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	store_close(s);
	if (rc != 0) {
		/* init made this database: a failed init leaves no half site behind. */
		static const char *const suffixes[] = {"", "-wal", "-shm"};
		for (size_t i = 0; i < 3; i++) {
			char f[4200];
			snprintf(f, sizeof(f), "%s%s", path, suffixes[i]);
			unlink(f);
		}
	}
	if (rc == 0)
		printf("created %s%s\n", o.dir, o.demo ? " with the demo posts" : "");
	return rc;
}

int cli_serve(int argc, char **argv)
{
	struct opt_set o = {.dir = "./data", .listen = "127.0.0.1:8080", .cache_mb = 64};
	if (parse_opts("serve", argc, argv, &o) != 0)
		return 2;
	if (o.help) {
		fputs("usage: broadside serve [--data DIR] [--listen HOST:PORT] [--threads N]\n"
		      "                       [--theme DIR] [--cache-mb N] [--upload-mb N]\n"
		      "                       [--trust-proxy]\n\n"
		      "Serves the site in DIR (default ./data, created empty when missing) on\n"
		      "HOST:PORT (default 127.0.0.1:8080) until SIGINT or SIGTERM.\n"
		      "  --threads N    worker threads (default: one per core)\n"
		      "  --theme DIR    templates and style.css that replace the built-in ones\n"
		      "  --cache-mb N   memory for rendered pages (default 64, 0 turns it off)\n"
		      "  --upload-mb N  the largest image the admin pages take (default 10)\n"
		      "  --trust-proxy  behind a reverse proxy on this machine: a request from\n"
		      "                 loopback is from the last X-Forwarded-For address\n\n"
		      "While no owner can sign in, it prints a one-time link to /admin/setup.\n",
		      stdout);
		return 0;
	}
	if (optind < argc)
		return cli_usage("serve", "unexpected argument '%s'", argv[optind]);
	struct server_opts so = {
	    .data_dir = o.dir,
	    .listen = o.listen,
	    .theme_dir = o.theme,
	    .threads = o.threads,
	    .cache_bytes = (size_t)o.cache_mb << 20,
	    .upload_max = (size_t)(o.upload_mb ? o.upload_mb : 10) << 20,
	    .trust_proxy = o.trust_proxy,
	};
	/* Posts written by an older renderer get today's HTML before the first request. */
	struct store *s = cli_open(o.dir, 1);
	if (!s)
		return 1;
	long n = publish_upgrade(s);
	store_close(s);
	if (n < 0)
		return cli_fail("could not render the posts again with this version");
	if (n > 0)
		fprintf(stderr, "broadside: rendered %ld posts again for this version\n", n);
	return server_run(&so);
}

static int user_list(struct store *s)
{
	struct pool *p = pool_new();
	size_t n;
	int rc = 0;
	struct account *rows;
	if (store_accounts(s, p, &rows, &n) != 0)
		rc = cli_fail("database: %s", store_errmsg(s));
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("@%-20s %-7s %-13s %s\n", rows[i].handle, user_role_name(rows[i].role),
		       rows[i].pwhash[0] ? "can sign in" : "no password", rows[i].name);
	pool_free(p);
	return rc;
}

int cli_user(int argc, char **argv)
{
	static const char help[] =
	    "usage: broadside user add    [--data DIR] --handle H --name N [--bio B]\n"
	    "                             [--role owner|editor|author] [--password-stdin]\n"
	    "       broadside user passwd [--data DIR] --handle H   (reads the password from "
	    "stdin)\n"
	    "       broadside user role   [--data DIR] --handle H --role owner|editor|author\n"
	    "       broadside user list   [--data DIR]\n\n"
	    "A handle is 1 to 32 letters, digits or '_'; posts name their writer with\n"
	    "'author: H' and mention them with @H. An owner may do everything, an editor\n"
	    "write and change every post, an author their own (default: author). A new\n"
	    "password ends the user's sessions and any lock from failed sign-ins.\n";
	struct opt_set o = {.dir = "./data"};
	if (argc < 2)
		return cli_usage("user", "missing action (add, passwd, role or list)");
	const char *action = argv[1];
	if (parse_opts("user", argc - 1, argv + 1, &o) != 0)
		return 2;
	if (o.help || strcmp(action, "--help") == 0) {
		fputs(help, stdout);
		return 0;
	}
	if (optind < argc - 1)
		return cli_usage("user", "unexpected argument '%s'", argv[1 + optind]);
	if (o.handle && o.handle[0] == '@')
		o.handle++;
	if (o.role && user_role_parse(o.role) < 0)
		return cli_usage("user", "--role takes owner, editor or author");
	char password[AUTH_PASSWORD_MAX + 2];
	int want_pw =
	    strcmp(action, "passwd") == 0 || (strcmp(action, "add") == 0 && o.password_stdin);
	if (strcmp(action, "passwd") == 0 || strcmp(action, "role") == 0) {
		if (!o.handle)
			return cli_usage("user", "%s needs --handle", action);
		if (strcmp(action, "role") == 0 && !o.role)
			return cli_usage("user", "role needs --role");
	} else if (strcmp(action, "add") == 0) {
		if (!o.handle || !o.name)
			return cli_usage("user", "add needs --handle and --name");
		if (!account_handle_valid(o.handle))
			return cli_fail("bad handle '%s' (1 to 32 letters, digits or '_')",
					o.handle);
		if (!o.name[0])
			return cli_fail("the name is empty");
		if (check_text("name", o.name, NAME_MAX_BYTES, 0) ||
		    (o.bio && check_text("bio", o.bio, BIO_MAX_BYTES, 1)))
			return 1;
	} else if (strcmp(action, "list") != 0) {
		return cli_usage("user", "unknown action '%s'", action);
	}
	if (want_pw && read_password(password, sizeof(password)) != 0)
		return 1;
	struct store *s = cli_open(o.dir, 0);
	if (!s)
		return 1;
	int rc = strcmp(action, "add") == 0    ? add_user(s, &o, want_pw ? password : NULL)
		 : strcmp(action, "list") == 0 ? user_list(s)
					       : change_user(s, action, &o, password);
	sodium_memzero(password, sizeof(password));
	if (rc == 0 && strcmp(action, "add") == 0)
		printf("/@%s\n", o.handle);
	store_close(s);
	return rc;
}

int cli_site(int argc, char **argv)
{
	static const char help[] =
	    "usage: broadside site set  [--data DIR] KEY VALUE\n"
	    "       broadside site show [--data DIR]\n\n"
	    "keys: title, tagline, author_line (the line under the title), url (the public\n"
	    "base URL, e.g. https://press.example.org), per_page (posts a page, 1 to 100),\n"
	    "comments (open, moderated or closed: for posts that say nothing), comment_policy\n"
	    "(publish, hold_first or hold_all), comments_close_days (0: never),\n"
	    "moderation_text (show or hide removed comments' text in the public log),\n"
	    "comments_per_minute and comments_per_day (from one address; 5 and 50)\n";
	struct opt_set o = {.dir = "./data"};
	if (argc < 2)
		return cli_usage("site", "missing action (set or show)");
	const char *action = argv[1];
	if (parse_opts("site", argc - 1, argv + 1, &o) != 0)
		return 2;
	if (o.help || strcmp(action, "--help") == 0) {
		fputs(help, stdout);
		return 0;
	}
	char **args = argv + 1 + optind;
	int nargs = argc - 1 - optind;
	if (strcmp(action, "set") == 0) {
		if (nargs != 2)
			return cli_usage("site", "set needs KEY and VALUE");
		int known = 0;
		for (int i = 0; store_site_keys[i]; i++)
			known |= strcmp(args[0], store_site_keys[i]) == 0;
		if (!known)
			return cli_usage("site", "unknown key '%s'", args[0]);
		if (check_text(args[0], args[1], SETTING_MAX_BYTES, 0))
			return 1;
		if (strcmp(args[0], "title") == 0 && !args[1][0])
			return cli_fail("the title cannot be empty");
		if (check_choice(args[0], args[1]) != 0)
			return 1;
		if (strcmp(args[0], "per_page") == 0 &&
		    (atoi(args[1]) < 1 || atoi(args[1]) > 100 ||
		     strspn(args[1], "0123456789") != strlen(args[1])))
			return cli_fail("per_page takes a number from 1 to 100");
	} else if (strcmp(action, "show") != 0 || nargs) {
		return cli_usage("site", "unknown action '%s'", action);
	}
	struct store *s = cli_open(o.dir, 0);
	if (!s)
		return 1;
	int rc = 0;
	if (strcmp(action, "set") == 0) {
		if (store_begin(s) != 0 || store_site_set(s, args[0], args[1]) != 0 ||
		    store_commit(s) != 0) {
			store_rollback(s);
			rc = cli_fail("database: %s", store_errmsg(s));
		}
	} else {
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
	}
	store_close(s);
	return rc;
}
