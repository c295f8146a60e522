/* cli_opts: the command line's option parser and the help text generated from its tables. */
#ifndef BS_CLI_OPTS_H
#define BS_CLI_OPTS_H

#include <stddef.h>

struct buf;

/*
 * An option table is an array of struct cli_opt ended by OPT_END, written with the OPT_*
 * macros (after git's parse-options.h). Each option names the field of a destination struct
 * its value goes to; the macros check at compile time that the field has the option's type:
 *
 *   OPT_STRING    const char *   --name VALUE or --name=VALUE (the last one given wins)
 *   OPT_BOOL      int            --name sets it to 1
 *   OPT_INTEGER   long           a decimal number from min to max
 *   OPT_LIST      struct cli_list  repeatable: --host A --host B (at most CLI_LIST_MAX)
 *
 * The *_DEF variants give a default, applied before parsing and shown in the help; *_REQ
 * marks an option that must be given (the usage line shows it without brackets). A long name
 * may be shortened to any unambiguous prefix. -h and --help are in every table implicitly.
 */

#define CLI_LIST_MAX 16
/* Options in one table, -h/--help not counted. */
#define CLI_OPTS_MAX 32
/* Room for the one line of a usage error. */
#define CLI_ERR_MAX 512

enum cli_opt_type { CLI_OPT_END, CLI_OPT_STRING, CLI_OPT_BOOL, CLI_OPT_INT, CLI_OPT_LIST };

#define CLI_OPT_REQUIRED 1u

struct cli_list {
	const char *v[CLI_LIST_MAX];
	size_t n;
};

struct cli_opt {
	enum cli_opt_type type;
	char short_name;       /* 0: none */
	const char *long_name; /* without the dashes */
	size_t off;	       /* where the value goes in the destination struct */
	const char *argh;      /* the value's name in the help: "DIR" */
	const char *help;      /* one line */
	long min, max;	       /* CLI_OPT_INT: the accepted range */
	const char *def;       /* the default as the help shows it, or NULL */
	long idef;	       /* CLI_OPT_INT: the default */
	unsigned flags;	       /* CLI_OPT_REQUIRED */
};

/* offsetof(T, f), refused at compile time unless T's field f has the given type. */
#define CLI_FIELD(T, f, type) (offsetof(T, f) + 0 * sizeof(_Generic(((T *)0)->f, type : 1)))

#define OPT_END                                                                                    \
	{                                                                                          \
		.type = CLI_OPT_END                                                                \
	}
#define OPT_STRING(s, l, T, f, a, h)                                                               \
	{                                                                                          \
		.type = CLI_OPT_STRING, .short_name = s, .long_name = l,                           \
		.off = CLI_FIELD(T, f, const char *), .argh = a, .help = h                         \
	}
#define OPT_STRING_DEF(s, l, T, f, a, h, d)                                                        \
	{                                                                                          \
		.type = CLI_OPT_STRING, .short_name = s, .long_name = l,                           \
		.off = CLI_FIELD(T, f, const char *), .argh = a, .help = h, .def = d               \
	}
#define OPT_STRING_REQ(s, l, T, f, a, h)                                                           \
	{                                                                                          \
		.type = CLI_OPT_STRING, .short_name = s, .long_name = l,                           \
		.off = CLI_FIELD(T, f, const char *), .argh = a, .help = h,                        \
		.flags = CLI_OPT_REQUIRED                                                          \
	}
#define OPT_BOOL(s, l, T, f, h)                                                                    \
	{                                                                                          \
		.type = CLI_OPT_BOOL, .short_name = s, .long_name = l,                             \
		.off = CLI_FIELD(T, f, int), .help = h                                             \
	}
#define OPT_INTEGER(s, l, T, f, a, h, lo, hi)                                                      \
	{                                                                                          \
		.type = CLI_OPT_INT, .short_name = s, .long_name = l,                              \
		.off = CLI_FIELD(T, f, long), .argh = a, .help = h, .min = lo, .max = hi           \
	}
#define OPT_INTEGER_REQ(s, l, T, f, a, h, lo, hi)                                                  \
	{                                                                                          \
		.type = CLI_OPT_INT, .short_name = s, .long_name = l,                              \
		.off = CLI_FIELD(T, f, long), .argh = a, .help = h, .min = lo, .max = hi,          \
		.flags = CLI_OPT_REQUIRED                                                          \
	}
/* d is a number literal: the help shows it as written. */
#define OPT_INTEGER_DEF(s, l, T, f, a, h, lo, hi, d)                                               \
	{                                                                                          \
		.type = CLI_OPT_INT, .short_name = s, .long_name = l,                              \
		.off = CLI_FIELD(T, f, long), .argh = a, .help = h, .min = lo, .max = hi,          \
		.def = #d, .idef = d                                                               \
	}
#define OPT_LIST(s, l, T, f, a, h)                                                                 \
	{                                                                                          \
		.type = CLI_OPT_LIST, .short_name = s, .long_name = l,                             \
		.off = CLI_FIELD(T, f, struct cli_list), .argh = a, .help = h                      \
	}
#define OPT_LIST_REQ(s, l, T, f, a, h)                                                             \
	{                                                                                          \
		.type = CLI_OPT_LIST, .short_name = s, .long_name = l,                             \
		.off = CLI_FIELD(T, f, struct cli_list), .argh = a, .help = h,                     \
		.flags = CLI_OPT_REQUIRED                                                          \
	}

enum cli_parse { CLI_PARSE_OK = 0, CLI_PARSE_HELP = 1, CLI_PARSE_USAGE = 2 };

/*
 * Parses argv[0..argc) (the words after the command and action) against opts into dest, whose
 * option fields are set to their defaults first (the others are left alone). Options and
 * positional arguments may come in any order; "--" ends the options. The positional arguments
 * are moved, in order, to the front of argv, and *npos says how many there are.
 *
 * spec describes them as the usage line shows them: words separated by spaces, "[WORD]" for
 * an optional one, a trailing "..." for one or more ("KEY VALUE", "FILE.md...", "[NAME]");
 * NULL or "" takes none.
 *
 * Returns CLI_PARSE_HELP when -h or --help is given as an option anywhere (even after another
 * mistake); else CLI_PARSE_USAGE with one line naming the first faulty option or argument in
 * err (unknown or ambiguous options, a missing value, a value given to a flag, a number that is
 * not one or is out of range, a list given too often, a required option missing, too few or too
 * many positional arguments); else CLI_PARSE_OK.
 */
int cli_opts_parse(const struct cli_opt *opts, const char *spec, int argc, char **argv, void *dest,
		   int *npos, char *err, size_t errlen);

/*
 * Appends a usage line: lead ("usage:" or "   or:"), prefix ("broadside post add"), every
 * option of the table ("[-d DIR]", "--handle H", "[--host H]...") and spec, wrapped before
 * column 80 with continuation lines indented under the first option.
 */
void cli_opts_usage(struct buf *out, const char *lead, const char *prefix,
		    const struct cli_opt *opts, const char *spec);

/*
 * Appends one line per option, -h/--help last: "  -d, --data DIR    help (default ./data)";
 * integers also show their range, repeatable options say so, required ones say so.
 */
void cli_opts_help(struct buf *out, const struct cli_opt *opts);

/*
 * Appends text wrapped before column 80, the output starting at column col and every further
 * line indented by indent spaces; a '\n' in text starts a new line, and text ends with one.
 */
void cli_opts_wrap(struct buf *out, const char *text, size_t col, size_t indent);

#endif
