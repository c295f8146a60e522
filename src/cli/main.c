/* main: the `broadside` command: dispatches to the subcommands. */
#include "cli/cli.h"
#include "store/store.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef BROADSIDE_VERSION
#define BROADSIDE_VERSION "0.1.0"
#endif

static const char usage[] =
    "usage: broadside COMMAND [OPTIONS]\n"
    "\n"
    "A self-hosted press: Markdown posts served as a fast, plain website.\n"
    "\n"
    "commands:\n"
    "  init   --data DIR [--title T] [--demo]        create a site\n"
    "  serve  --data DIR --listen HOST:PORT [...]    serve it over HTTP\n"
    "  post   add|list|show|delete --data DIR ...    manage posts\n"
    "  user   add|list --data DIR ...                manage writers\n"
    "  site   set|show --data DIR ...                title, tagline, author line\n"
    "  search --data DIR QUERY                       full-text search of public posts\n"
    "  comment list|approve|reject|remove|... --data DIR   moderate comments\n"
    "  gen    --data DIR --posts N                   a synthetic site for benchmarks\n"
    "\n"
    "Run 'broadside COMMAND --help' for a command's options. See broadside(1).\n";

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("broadside: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "broadside %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'broadside %s --help'.\n", cmd);
	va_end(ap);
	return 2;
}

struct store *cli_open(const char *dir, int create)
{
	char err[512];
	struct store *s = store_open(dir, create, err, sizeof(err));
	if (!s)
		cli_fail("%s", err);
	return s;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
	    {"init", cli_init}, {"serve", cli_serve},	  {"post", cli_post},
	    {"user", cli_user}, {"site", cli_site},	  {"search", cli_search},
	    {"gen", cli_gen},	{"comment", cli_comment},
	};
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	/* Once, before any thread: libsodium's random numbers and fastest code paths. */
	if (sodium_init() < 0) {
		fputs("broadside: libsodium cannot start\n", stderr);
		return 1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("broadside " BROADSIDE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "broadside: unknown command '%s'\n\n%s", argv[1], usage);
	return 2;
}
