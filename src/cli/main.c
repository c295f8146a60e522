/* main: the `broadside` command: finds the table row, parses its options, prints help. */
#include "cli/cli.h"
#include "util/buf.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The Makefile's VERSION, the one place the version is written. */
#ifndef BROADSIDE_VERSION
#error "BROADSIDE_VERSION comes from the Makefile"
#endif

const char cli_version[] = BROADSIDE_VERSION;

/* The commands column of `broadside --help`. */
#define LIST_COLUMN 20

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

/* who: "post" or "post add". */
static int vusage(const char *who, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static int vusage(const char *who, const char *fmt, va_list ap)
{
	fprintf(stderr, "broadside %s: ", who);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'broadside %s --help'.\n", who);
	return 2;
}

static void row_name(const struct cli_cmd *c, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s%s%s", c->name, c->action ? " " : "", c->action ? c->action : "");
}

int cli_usage(const struct cli_args *a, const char *fmt, ...)
{
	char who[64];
	va_list ap;
	row_name(a->cmd, who, sizeof(who));
	va_start(ap, fmt);
	vusage(who, fmt, ap);
	va_end(ap);
	return 2;
}

static int command_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int command_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vusage(cmd, fmt, ap);
	va_end(ap);
	return 2;
}

static void top_help(FILE *f)
{
	struct buf b = {0};
	buf_puts(&b, "usage: broadside COMMAND [ACTION] [OPTIONS] [ARGUMENTS]\n\n"
		     "A self-hosted press: Markdown posts served as a fast, plain website.\n\n"
		     "commands:\n");
	for (const struct cli_cmd *c = cli_commands; c->name; c++) {
		char name[64];
		row_name(c, name, sizeof(name));
		/* A name too long for the column keeps two spaces before its summary. */
		int pad = LIST_COLUMN - 2 - (int)strlen(name);
		buf_printf(&b, "  %s%*s%s\n", name, pad < 2 ? 2 : pad, "", c->summary);
	}
	buf_puts(&b,
		 "\nA command that opens a press takes --data DIR (default ./data): the press's\n"
		 "folder, or a server folder of many presses with --press NAME.\n"
		 "Run 'broadside COMMAND --help' for a command's actions and options.\n"
		 "See broadside(1).\n");
	fputs(buf_str(&b), f);
	buf_free(&b);
}

/* The usage line of one row. */
static void row_usage(struct buf *b, const char *lead, const struct cli_cmd *c)
{
	char prefix[80];
	row_name(c, prefix, sizeof(prefix));
	char full[96];
	snprintf(full, sizeof(full), "broadside %s", prefix);
	cli_opts_usage(b, lead, full, c->opts, c->args);
}

/* `broadside CMD ACTION --help`, or `broadside CMD --help` for a command without actions. */
static void row_help(const struct cli_cmd *c)
{
	struct buf b = {0};
	row_usage(&b, "usage:", c);
	buf_putc(&b, '\n');
	cli_opts_wrap(&b, c->details ? c->details : c->summary, 0, 0);
	buf_puts(&b, "\noptions:\n");
	cli_opts_help(&b, c->opts);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
}

/* `broadside CMD --help` for a command with actions: every action's usage and summary. */
static void command_help(const struct cli_cmd *first)
{
	struct buf b = {0};
	const struct cli_cmd *c;
	for (c = first; c->name && strcmp(c->name, first->name) == 0; c++)
		row_usage(&b, c == first ? "usage:" : "   or:", c);
	/* The summaries line up past the longest action, two spaces at least. */
	int width = 10;
	for (c = first; c->name && strcmp(c->name, first->name) == 0; c++)
		if ((int)strlen(c->action) + 2 > width)
			width = (int)strlen(c->action) + 2;
	buf_puts(&b, "\nactions:\n");
	for (c = first; c->name && strcmp(c->name, first->name) == 0; c++)
		buf_printf(&b, "  %-*s%s\n", width, c->action, c->summary);
	buf_printf(&b, "\nRun 'broadside %s ACTION --help' for an action's options and details.\n",
		   first->name);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
}

/* "add, list, show or delete": the actions of a command, for an error. */
static void action_names(const struct cli_cmd *first, char *out, size_t outlen)
{
	size_t n = 0, used = 0;
	const struct cli_cmd *c;
	for (c = first; c->name && strcmp(c->name, first->name) == 0; c++)
		n++;
	out[0] = '\0';
	for (size_t i = 0; i < n && used < outlen; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", sep, first[i].action);
	}
}

static const struct cli_cmd *find_command(const char *name)
{
	for (const struct cli_cmd *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const struct cli_cmd *find_action(const struct cli_cmd *first, const char *action)
{
	for (const struct cli_cmd *c = first; c->name && strcmp(c->name, first->name) == 0; c++)
		if (strcmp(c->action, action) == 0)
			return c;
	return NULL;
}

static int is_help(const char *word)
{
	return strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0;
}

/* -h or --help among the words before "--". */
static int asks_help(int argc, char **argv)
{
	for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (is_help(argv[i]))
			return 1;
	return 0;
}

/* `broadside help [CMD [ACTION]]`. */
static int help_command(int argc, char **argv)
{
	if (argc < 1) {
		top_help(stdout);
		return 0;
	}
	const struct cli_cmd *c = find_command(argv[0]);
	if (!c) {
		fprintf(stderr, "broadside: unknown command '%s'\nTry 'broadside --help'.\n",
			argv[0]);
		return 2;
	}
	if (c->action && argc > 1) {
		const struct cli_cmd *row = find_action(c, argv[1]);
		if (!row)
			return command_usage(c->name, "unknown action '%s'", argv[1]);
		row_help(row);
	} else if (c->action) {
		command_help(c);
	} else {
		row_help(c);
	}
	return 0;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		top_help(stderr);
		return 2;
	}
	if (is_help(argv[1]) || strcmp(argv[1], "help") == 0)
		return help_command(argc - 2, argv + 2);
	if (strcmp(argv[1], "--version") == 0) {
		printf("broadside %s\n", cli_version);
		return 0;
	}
	const struct cli_cmd *row = find_command(argv[1]);
	if (!row) {
		fprintf(stderr, "broadside: unknown command '%s'\n\n", argv[1]);
		top_help(stderr);
		return 2;
	}
	int first = 2;
	if (row->action) {
		char names[256];
		action_names(row, names, sizeof(names));
		if (argc < 3 || argv[2][0] == '-') {
			if (asks_help(argc - 2, argv + 2)) {
				command_help(row);
				return 0;
			}
			return command_usage(row->name, "missing action (%s)", names);
		}
		const struct cli_cmd *c = find_action(row, argv[2]);
		if (!c)
			return command_usage(row->name, "unknown action '%s' (%s)", argv[2], names);
		row = c;
		first = 3;
	}
	struct cli_args a = {.cmd = row};
	char err[CLI_ERR_MAX];
	int rc = cli_opts_parse(row->opts, row->args, argc - first, argv + first, &a, &a.npos, err,
				sizeof(err));
	if (rc == CLI_PARSE_HELP) {
		row_help(row);
		return 0;
	}
	if (rc != CLI_PARSE_OK)
		return cli_usage(&a, "%s", err);
	a.pos = argv + first;
	return row->run(&a);
}

int main(int argc, char **argv)
{
	/* Once, before any thread: libsodium's random numbers and fastest code paths. */
	if (sodium_init() < 0) {
		fputs("broadside: libsodium cannot start\n", stderr);
		return 1;
	}
	return cli_main(argc, argv);
}
