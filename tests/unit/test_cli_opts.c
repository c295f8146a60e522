/* test_cli_opts: the option parser (types, ranges, lists, positional words, errors) and help. */
#include "cli/cli_opts.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

struct dest {
	const char *data, *title, *handle;
	int demo;
	long count;
	struct cli_list hosts;
};

#define D struct dest

static const struct cli_opt table[] = {
    OPT_STRING_DEF('d', "data", D, data, "DIR", "the folder", "./data"),
    OPT_STRING(0, "title", D, title, "T", "the site's title"),
    OPT_BOOL(0, "demo", D, demo, "add the samples"),
    OPT_INTEGER_DEF('n', "count", D, count, "N", "how many", 1, 100, 10),
    OPT_LIST(0, "host", D, hosts, "HOST", "a host name"),
    OPT_END,
};

static const struct cli_opt required[] = {
    OPT_STRING_REQ(0, "handle", D, handle, "H", "the handle"),
    OPT_LIST_REQ(0, "host", D, hosts, "HOST", "a host name"),
    OPT_BOOL(0, "demo", D, demo, "add the samples"),
    OPT_END,
};

/* A parse of a NULL-ended list of words; the words stay in words[] for the positional ones. */
struct run {
	char *words[40];
	int rc, npos;
	char err[CLI_ERR_MAX];
	struct dest d;
};

static void parse(struct run *r, const struct cli_opt *opts, const char *spec, const char **w)
{
	int n = 0;
	while (w[n])
		n++;
	cr_assert(n < 40);
	for (int i = 0; i < n; i++)
		r->words[i] = (char *)w[i];
	memset(&r->d, 0x55, sizeof(r->d)); /* the parser sets every option field itself */
	r->rc = cli_opts_parse(opts, spec, n, r->words, &r->d, &r->npos, r->err, sizeof(r->err));
}

#define PARSE(r, opts, spec, ...) parse(r, opts, spec, (const char *[]){__VA_ARGS__, NULL})

Test(cli_opts, defaults)
{
	struct run r;
	parse(&r, table, NULL, (const char *[]){NULL});
	cr_assert_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_str_eq(r.d.data, "./data");
	cr_expect_null(r.d.title);
	cr_expect_eq(r.d.demo, 0);
	cr_expect_eq(r.d.count, 10);
	cr_expect_eq(r.d.hosts.n, 0);
	cr_expect_eq(r.npos, 0);
}

Test(cli_opts, every_type)
{
	struct run r;
	PARSE(&r, table, NULL, "--data", "site", "--title=Hello, world", "--demo", "--count", "42",
	      "--host", "a.test", "--host=b.test");
	cr_assert_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_str_eq(r.d.data, "site");
	cr_expect_str_eq(r.d.title, "Hello, world");
	cr_expect_eq(r.d.demo, 1);
	cr_expect_eq(r.d.count, 42);
	cr_assert_eq(r.d.hosts.n, 2);
	cr_expect_str_eq(r.d.hosts.v[0], "a.test");
	cr_expect_str_eq(r.d.hosts.v[1], "b.test");
}

Test(cli_opts, short_names_and_last_one_wins)
{
	struct run r;
	PARSE(&r, table, NULL, "-d", "one", "-dtwo", "-n7", "--title", "x", "--title", "y");
	cr_assert_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_str_eq(r.d.data, "two");
	cr_expect_eq(r.d.count, 7);
	cr_expect_str_eq(r.d.title, "y");
	/* A value is the next word whatever it looks like, as with getopt. */
	PARSE(&r, table, NULL, "--title", "-x");
	cr_assert_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_str_eq(r.d.title, "-x");
}

Test(cli_opts, unique_prefixes)
{
	struct run r;
	PARSE(&r, table, NULL, "--ti", "T", "--co=3", "--dem");
	cr_assert_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_str_eq(r.d.title, "T");
	cr_expect_eq(r.d.count, 3);
	cr_expect_eq(r.d.demo, 1);
	PARSE(&r, table, NULL, "--d", "x");
	cr_assert_eq(r.rc, CLI_PARSE_USAGE);
	cr_expect_str_eq(r.err, "ambiguous option '--d' (--data, --demo)");
}

Test(cli_opts, integer_ranges)
{
	static const char *bad[] = {"0", "101", "-5", "", "12x", "x", "99999999999999999999999"};
	struct run r;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		PARSE(&r, table, NULL, "--count", bad[i]);
		cr_expect_eq(r.rc, CLI_PARSE_USAGE, "--count '%s'", bad[i]);
		cr_expect_str_eq(r.err, "--count takes 1 to 100", "--count '%s'", bad[i]);
	}
	PARSE(&r, table, NULL, "-n", "1");
	cr_expect_eq(r.rc, CLI_PARSE_OK);
	cr_expect_eq(r.d.count, 1);
	PARSE(&r, table, NULL, "--count=100");
	cr_expect_eq(r.rc, CLI_PARSE_OK);
	cr_expect_eq(r.d.count, 100);
}

Test(cli_opts, errors_name_the_option)
{
	struct run r;
	PARSE(&r, table, NULL, "--frob");
	cr_expect_eq(r.rc, CLI_PARSE_USAGE);
	cr_expect_str_eq(r.err, "unknown option '--frob'");
	PARSE(&r, table, NULL, "--frob=3");
	cr_expect_str_eq(r.err, "unknown option '--frob'");
	PARSE(&r, table, NULL, "-x");
	cr_expect_str_eq(r.err, "unknown option '-x'");
	PARSE(&r, table, NULL, "--title");
	cr_expect_eq(r.rc, CLI_PARSE_USAGE);
	cr_expect_str_eq(r.err, "--title needs T");
	PARSE(&r, table, NULL, "-d");
	cr_expect_str_eq(r.err, "-d needs DIR");
	PARSE(&r, table, NULL, "--demo=yes");
	cr_expect_str_eq(r.err, "--demo takes no value");
	/* The first mistake is the one reported. */
	PARSE(&r, table, NULL, "--count", "0", "--frob");
	cr_expect_str_eq(r.err, "--count takes 1 to 100");
}

Test(cli_opts, help_anywhere)
{
	struct run r;
	PARSE(&r, table, NULL, "--help");
	cr_expect_eq(r.rc, CLI_PARSE_HELP);
	PARSE(&r, table, NULL, "-h");
	cr_expect_eq(r.rc, CLI_PARSE_HELP);
	PARSE(&r, table, NULL, "--he");
	cr_expect_eq(r.rc, CLI_PARSE_HELP);
	/* After a mistake, and with positional words the spec does not take. */
	PARSE(&r, table, NULL, "--frob", "extra", "--count", "0", "--help");
	cr_expect_eq(r.rc, CLI_PARSE_HELP);
	/* A value is not an option, and "--" ends the options. */
	PARSE(&r, table, NULL, "--title", "--help");
	cr_expect_eq(r.rc, CLI_PARSE_OK);
	cr_expect_str_eq(r.d.title, "--help");
	PARSE(&r, table, "WORD", "--", "--help");
	cr_expect_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_assert_eq(r.npos, 1);
	cr_expect_str_eq(r.words[0], "--help");
}

Test(cli_opts, repeatable_list_is_bounded)
{
	struct run r;
	const char *w[2 * CLI_LIST_MAX + 4];
	char names[CLI_LIST_MAX + 1][24];
	int n = 0;
	for (int i = 0; i <= CLI_LIST_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "h%d.test", i);
		w[n++] = "--host";
		w[n++] = names[i];
	}
	w[n] = NULL;
	parse(&r, table, NULL, w);
	cr_expect_eq(r.rc, CLI_PARSE_USAGE);
	char want[64];
	snprintf(want, sizeof(want), "--host is given more than %d times", CLI_LIST_MAX);
	cr_expect_str_eq(r.err, want);
	w[2 * CLI_LIST_MAX] = NULL;
	parse(&r, table, NULL, w);
	cr_expect_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_eq(r.d.hosts.n, CLI_LIST_MAX);
	cr_expect_str_eq(r.d.hosts.v[CLI_LIST_MAX - 1], names[CLI_LIST_MAX - 1]);
}

Test(cli_opts, positional_words)
{
	struct run r;
	PARSE(&r, table, "KEY VALUE", "k", "--demo", "v", "--data", "x");
	cr_assert_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_assert_eq(r.npos, 2);
	cr_expect_str_eq(r.words[0], "k");
	cr_expect_str_eq(r.words[1], "v");
	cr_expect_str_eq(r.d.data, "x");
	PARSE(&r, table, "KEY VALUE", "k");
	cr_expect_eq(r.rc, CLI_PARSE_USAGE);
	cr_expect_str_eq(r.err, "missing VALUE");
	PARSE(&r, table, "KEY VALUE", "--demo");
	cr_expect_str_eq(r.err, "missing KEY");
	PARSE(&r, table, "KEY VALUE", "a", "b", "c");
	cr_expect_str_eq(r.err, "unexpected argument 'c'");

	PARSE(&r, table, "FILE.md...", "--demo");
	cr_expect_str_eq(r.err, "missing FILE.md");
	PARSE(&r, table, "FILE.md...", "a", "b", "-", "c");
	cr_expect_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_eq(r.npos, 4);
	cr_expect_str_eq(r.words[2], "-");

	PARSE(&r, table, NULL, "stray");
	cr_expect_str_eq(r.err, "unexpected argument 'stray'");
	PARSE(&r, table, "", "stray");
	cr_expect_str_eq(r.err, "unexpected argument 'stray'");

	PARSE(&r, table, "[NAME]", "--demo");
	cr_expect_eq(r.rc, CLI_PARSE_OK);
	PARSE(&r, table, "[NAME]", "one");
	cr_expect_eq(r.rc, CLI_PARSE_OK);
	PARSE(&r, table, "[NAME]", "one", "two");
	cr_expect_str_eq(r.err, "unexpected argument 'two'");
	PARSE(&r, table, "ID [WORD...]", "1", "2", "3");
	cr_expect_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_eq(r.npos, 3);
}

Test(cli_opts, required_options)
{
	struct run r;
	PARSE(&r, required, NULL, "--demo");
	cr_expect_eq(r.rc, CLI_PARSE_USAGE);
	cr_expect_str_eq(r.err, "missing --handle H, --host HOST");
	PARSE(&r, required, NULL, "--host", "a.test");
	cr_expect_str_eq(r.err, "missing --handle H");
	PARSE(&r, required, NULL, "--host", "a.test", "--handle", "mara");
	cr_expect_eq(r.rc, CLI_PARSE_OK, "%s", r.err);
	cr_expect_str_eq(r.d.handle, "mara");
	/* Help wins over a missing option. */
	PARSE(&r, required, NULL, "-h");
	cr_expect_eq(r.rc, CLI_PARSE_HELP);
}

static void expect_lines_fit(const char *text)
{
	for (const char *s = text; *s;) {
		size_t n = strcspn(s, "\n");
		cr_expect_leq(n, 79, "a line of %zu columns: %.*s", n, (int)n, s);
		s += n + (s[n] == '\n');
	}
}

Test(cli_opts, help_lists_every_option)
{
	struct buf b = {0};
	cli_opts_help(&b, table);
	const char *h = buf_str(&b);
	for (const struct cli_opt *o = table; o->type != CLI_OPT_END; o++) {
		char name[64];
		snprintf(name, sizeof(name), "--%s", o->long_name);
		cr_expect(strstr(h, name), "no %s in:\n%s", name, h);
		cr_expect(strstr(h, o->help), "no help for %s in:\n%s", name, h);
		if (o->argh) {
			snprintf(name, sizeof(name), "--%s %s", o->long_name, o->argh);
			cr_expect(strstr(h, name), "no '%s' in:\n%s", name, h);
		}
	}
	cr_expect(strstr(h, "  -d, --data DIR"), "%s", h);
	cr_expect(strstr(h, "      --title T"), "%s", h);
	cr_expect(strstr(h, "(default ./data)"), "%s", h);
	cr_expect(strstr(h, "(1 to 100; default 10)"), "%s", h);
	cr_expect(strstr(h, "(may be given again)"), "%s", h);
	cr_expect(strstr(h, "  -h, --help"), "%s", h);
	expect_lines_fit(h);
	buf_reset(&b);
	cli_opts_help(&b, required);
	cr_expect(strstr(buf_str(&b), "the handle (required)"), "%s", buf_str(&b));
	buf_free(&b);
}

Test(cli_opts, usage_line)
{
	struct buf b = {0};
	cli_opts_usage(&b, "usage:", "broadside thing", table, "KEY VALUE...");
	cr_expect_str_eq(buf_str(&b),
			 "usage: broadside thing [--data DIR] [--title T] [--demo] [--count N]\n"
			 "                       [--host HOST]... KEY VALUE...\n");
	buf_reset(&b);
	cli_opts_usage(&b, "   or:", "b", required, NULL);
	cr_expect_str_eq(buf_str(&b), "   or: b --handle H --host HOST... [--demo]\n");
	buf_free(&b);
}

Test(cli_opts, wrap)
{
	struct buf b = {0};
	cli_opts_wrap(&b,
		      "one two three four five six seven eight nine ten eleven twelve thirteen "
		      "fourteen fifteen sixteen seventeen eighteen\nnew line",
		      10, 4);
	const char *s = buf_str(&b);
	expect_lines_fit(s);
	cr_expect(strstr(s, "\n    "), "%s", s);
	cr_expect(strstr(s, "eighteen\n    new line\n"), "%s", s);
	buf_free(&b);
}
