/* cli_opts: parses a command's words against its option table, and writes usage and help. */
#include "cli/cli_opts.h"
#include "util/buf.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The help lines' option column: wider ones put their text on the next line. */
#define HELP_COLUMN 24
#define USAGE_WIDTH 79

/* The parse in progress: the first error is kept, and the parse goes on to find a later -h. */
struct parse {
	const struct cli_opt *opts;
	void *dest;
	char *err;
	size_t errlen;
	int bad, help;
	unsigned long long given; /* bit i: opts[i] was on the command line */
};

static void fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct parse *p, const char *fmt, ...)
{
	if (p->bad)
		return;
	p->bad = 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
}

static int takes_value(const struct cli_opt *o)
{
	return o->type != CLI_OPT_BOOL;
}

static void *field(const struct parse *p, const struct cli_opt *o)
{
	return (char *)p->dest + o->off;
}

static void apply_defaults(struct parse *p)
{
	for (const struct cli_opt *o = p->opts; o->type != CLI_OPT_END; o++) {
		void *f = field(p, o);
		switch (o->type) {
		case CLI_OPT_STRING:
			*(const char **)f = o->def;
			break;
		case CLI_OPT_BOOL:
			*(int *)f = 0;
			break;
		case CLI_OPT_INT:
			*(long *)f = o->def ? o->idef : 0;
			break;
		case CLI_OPT_LIST:
			memset(f, 0, sizeof(struct cli_list));
			break;
		case CLI_OPT_END:
			break;
		}
	}
}

/* Stores one option's value (NULL for a flag). */
static void set(struct parse *p, const struct cli_opt *o, const char *value)
{
	void *f = field(p, o);
	p->given |= 1ull << (o - p->opts);
	switch (o->type) {
	case CLI_OPT_STRING:
		*(const char **)f = value;
		break;
	case CLI_OPT_BOOL:
		*(int *)f = 1;
		break;
	case CLI_OPT_INT: {
		char *end;
		errno = 0;
		long n = strtol(value, &end, 10);
		if (!*value || *end || errno || n < o->min || n > o->max) {
			fail(p, "--%s takes %ld to %ld", o->long_name, o->min, o->max);
			return;
		}
		*(long *)f = n;
		break;
	}
	case CLI_OPT_LIST: {
		struct cli_list *l = f;
		if (l->n == CLI_LIST_MAX) {
			fail(p, "--%s is given more than %d times", o->long_name, CLI_LIST_MAX);
			return;
		}
		l->v[l->n++] = value;
		break;
	}
	case CLI_OPT_END:
		break;
	}
}

/* Appends ", --name" to a list of names for an error. */
static void add_name(char *names, size_t size, const char *name)
{
	size_t used = strlen(names);
	snprintf(names + used, size - used, "%s--%s", used ? ", " : "", name);
}

/* "--name", "--name=value" or a unique prefix of a name; "help" is a name like the others,
 * and an exact name wins over the longer names it is a prefix of. */
static void long_option(struct parse *p, int argc, char **argv, int *i)
{
	const char *word = argv[*i], *name = word + 2, *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	const struct cli_opt *found = NULL;
	int matches = 0, help = 0;
	char names[CLI_ERR_MAX / 2] = "";
	for (const struct cli_opt *o = p->opts; n && o->type != CLI_OPT_END && !found; o++)
		if (strlen(o->long_name) == n && strncmp(o->long_name, name, n) == 0)
			found = o, matches = 1;
	if (!found && n == 4 && strncmp(name, "help", 4) == 0) {
		help = 1, matches = 1;
	} else if (!found && n) {
		if (n < 4 && strncmp("help", name, n) == 0) {
			add_name(names, sizeof(names), "help");
			help = 1, matches = 1;
		}
		for (const struct cli_opt *o = p->opts; o->type != CLI_OPT_END; o++)
			if (strncmp(o->long_name, name, n) == 0) {
				add_name(names, sizeof(names), o->long_name);
				found = o, help = 0, matches++;
			}
	}
	if (matches == 0) {
		fail(p, "unknown option '%.*s'", (int)(n + 2), word);
	} else if (matches > 1) {
		fail(p, "ambiguous option '%.*s' (%s)", (int)(n + 2), word, names);
	} else if (help || !takes_value(found)) {
		if (eq)
			fail(p, "--%s takes no value", help ? "help" : found->long_name);
		else if (help)
			p->help = 1;
		else
			set(p, found, NULL);
	} else if (eq) {
		set(p, found, eq + 1);
	} else if (*i + 1 < argc) {
		set(p, found, argv[++*i]);
	} else {
		fail(p, "--%s needs %s", found->long_name, found->argh);
	}
}

/* "-d DIR", "-dDIR", and flags run together as in "-hd DIR". */
static void short_options(struct parse *p, int argc, char **argv, int *i)
{
	const char *word = argv[*i];
	for (size_t j = 1; word[j]; j++) {
		const struct cli_opt *o = p->opts;
		if (word[j] == 'h') {
			p->help = 1;
			continue;
		}
		while (o->type != CLI_OPT_END && o->short_name != word[j])
			o++;
		if (o->type == CLI_OPT_END) {
			fail(p, "unknown option '-%c'", word[j]);
			return;
		}
		if (!takes_value(o)) {
			set(p, o, NULL);
			continue;
		}
		if (word[j + 1])
			set(p, o, word + j + 1);
		else if (*i + 1 < argc)
			set(p, o, argv[++*i]);
		else
			fail(p, "-%c needs %s", word[j], o->argh);
		return;
	}
}

/* One word of a positional spec: its name without brackets or dots, and what it allows. */
struct spec_word {
	char name[64];
	int optional, repeats;
};

static int strip_suffix(const char *t, size_t *n, const char *suffix)
{
	size_t k = strlen(suffix);
	if (*n < k || strncmp(t + *n - k, suffix, k) != 0)
		return 0;
	*n -= k;
	return 1;
}

/* Reads the next word of spec at *s into w ("[WORD]", "WORD...", "[WORD...]"); 0 at the end. */
static int spec_next(const char **s, struct spec_word *w)
{
	while (**s == ' ')
		(*s)++;
	if (!**s)
		return 0;
	const char *t = *s;
	size_t n = strcspn(t, " ");
	*s += n;
	w->optional = t[0] == '[';
	if (w->optional)
		t++, n--;
	w->repeats = strip_suffix(t, &n, "...");
	if (w->optional && strip_suffix(t, &n, "]"))
		w->repeats |= strip_suffix(t, &n, "...");
	snprintf(w->name, sizeof(w->name), "%.*s", (int)n, t);
	return 1;
}

static void check_positionals(struct parse *p, const char *spec, int npos, char **pos)
{
	struct spec_word w;
	const char *s = spec ? spec : "";
	int min = 0, max = 0;
	char missing[64] = "";
	while (spec_next(&s, &w)) {
		if (!w.optional) {
			if (min == npos && !missing[0])
				snprintf(missing, sizeof(missing), "%s", w.name);
			min++;
		}
		max = w.repeats || max == INT_MAX ? INT_MAX : max + 1;
	}
	if (npos < min)
		fail(p, "missing %s", missing);
	else if (npos > max)
		fail(p, "unexpected argument '%s'", pos[max]);
}

static void check_required(struct parse *p)
{
	char names[CLI_ERR_MAX / 2] = "";
	for (const struct cli_opt *o = p->opts; o->type != CLI_OPT_END; o++) {
		if (!(o->flags & CLI_OPT_REQUIRED) || (p->given & (1ull << (o - p->opts))))
			continue;
		size_t used = strlen(names);
		snprintf(names + used, sizeof(names) - used, "%s--%s%s%s", used ? ", " : "",
			 o->long_name, o->argh ? " " : "", o->argh ? o->argh : "");
	}
	if (names[0])
		fail(p, "missing %s", names);
}

/* A table is the program's own text: a mistake in it is a programmer's error. */
static int table_ok(const struct cli_opt *opts)
{
	size_t n = 0;
	for (const struct cli_opt *o = opts; o->type != CLI_OPT_END; o++, n++) {
		if (n >= CLI_OPTS_MAX || o->short_name == 'h' ||
		    strcmp(o->long_name, "help") == 0 || (o->type != CLI_OPT_BOOL && !o->argh))
			return 0;
		for (const struct cli_opt *q = opts; q < o; q++)
			if (strcmp(q->long_name, o->long_name) == 0 ||
			    (o->short_name && q->short_name == o->short_name))
				return 0;
	}
	return 1;
}

int cli_opts_parse(const struct cli_opt *opts, const char *spec, int argc, char **argv, void *dest,
		   int *npos, char *err, size_t errlen)
{
	assert(table_ok(opts));
	struct parse p = {.opts = opts, .dest = dest, .err = err, .errlen = errlen};
	int k = 0, rest = 0;
	if (errlen)
		err[0] = '\0';
	apply_defaults(&p);
	for (int i = 0; i < argc; i++) {
		char *word = argv[i];
		if (rest || word[0] != '-' || word[1] == '\0')
			argv[k++] = word; /* k <= i: the words still to read are untouched */
		else if (strcmp(word, "--") == 0)
			rest = 1;
		else if (word[1] == '-')
			long_option(&p, argc, argv, &i);
		else
			short_options(&p, argc, argv, &i);
	}
	*npos = k;
	if (p.help)
		return CLI_PARSE_HELP;
	check_required(&p);
	check_positionals(&p, spec, k, argv);
	return p.bad ? CLI_PARSE_USAGE : CLI_PARSE_OK;
}

/* The usage line's word for an option: "[--data DIR]", "--handle H", "[--host H]...". */
static void usage_word(const struct cli_opt *o, char *out, size_t outlen)
{
	int req = (o->flags & CLI_OPT_REQUIRED) != 0;
	const char *sp = takes_value(o) ? " " : "", *argh = takes_value(o) ? o->argh : "";
	snprintf(out, outlen, "%s--%s%s%s%s%s", req ? "" : "[", o->long_name, sp, argh,
		 req ? "" : "]", o->type == CLI_OPT_LIST ? "..." : "");
}

/* Appends word to the line being wrapped; *col is the current column. */
static void wrap_word(struct buf *out, const char *word, size_t indent, size_t *col)
{
	size_t n = strlen(word);
	if (*col > indent && *col + 1 + n > USAGE_WIDTH) {
		buf_putc(out, '\n');
		for (size_t i = 0; i < indent; i++)
			buf_putc(out, ' ');
		*col = indent;
	} else {
		buf_putc(out, ' ');
		(*col)++;
	}
	buf_puts(out, word);
	*col += n;
}

void cli_opts_usage(struct buf *out, const char *lead, const char *prefix,
		    const struct cli_opt *opts, const char *spec)
{
	buf_printf(out, "%s %s", lead, prefix);
	size_t col = strlen(lead) + 1 + strlen(prefix), indent = col + 1;
	char word[CLI_ERR_MAX];
	for (const struct cli_opt *o = opts; o->type != CLI_OPT_END; o++) {
		usage_word(o, word, sizeof(word));
		wrap_word(out, word, indent, &col);
	}
	const char *s = spec ? spec : "";
	while (*s) {
		while (*s == ' ')
			s++;
		size_t n = strcspn(s, " ");
		if (n == 0)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)n, s);
		wrap_word(out, word, indent, &col);
		s += n;
	}
	buf_putc(out, '\n');
}

/* "  -d, --data DIR" or "      --press NAME". */
static int help_left(const struct cli_opt *o, char *out, size_t outlen)
{
	char sh[8] = "    ";
	if (o->short_name)
		snprintf(sh, sizeof(sh), "-%c, ", o->short_name);
	return snprintf(out, outlen, "  %s--%s%s%s", sh, o->long_name, takes_value(o) ? " " : "",
			takes_value(o) ? o->argh : "");
}

void cli_opts_wrap(struct buf *out, const char *text, size_t col, size_t indent)
{
	const char *s = text;
	int line_start = 1;
	while (*s) {
		if (*s == '\n') {
			buf_putc(out, '\n');
			s++;
			col = 0;
			line_start = 1;
			if (*s && *s != '\n')
				for (; col < indent; col++)
					buf_putc(out, ' ');
			continue;
		}
		if (*s == ' ') {
			s++;
			continue;
		}
		size_t n = strcspn(s, " \n");
		if (!line_start && col + 1 + n > USAGE_WIDTH) {
			buf_putc(out, '\n');
			for (col = 0; col < indent; col++)
				buf_putc(out, ' ');
		} else if (!line_start) {
			buf_putc(out, ' ');
			col++;
		}
		buf_put(out, s, n);
		col += n;
		s += n;
		line_start = 0;
	}
	buf_putc(out, '\n');
}

static void help_line(struct buf *out, const char *left, int width, const char *help,
		      const char *notes)
{
	char text[CLI_ERR_MAX];
	int n = (int)strlen(left);
	if (n + 2 > width)
		buf_printf(out, "%s\n%*s", left, width, "");
	else
		buf_printf(out, "%-*s", width, left);
	snprintf(text, sizeof(text), "%s%s", help, notes);
	cli_opts_wrap(out, text, (size_t)width, (size_t)width);
}

void cli_opts_help(struct buf *out, const struct cli_opt *opts)
{
	char left[CLI_ERR_MAX];
	struct buf notes = {0};
	int width = 16;
	for (const struct cli_opt *o = opts; o->type != CLI_OPT_END; o++) {
		int n = help_left(o, left, sizeof(left)) + 2;
		if (n > width && n <= HELP_COLUMN)
			width = n;
	}
	for (const struct cli_opt *o = opts; o->type != CLI_OPT_END; o++) {
		help_left(o, left, sizeof(left));
		buf_reset(&notes);
		if (o->flags & CLI_OPT_REQUIRED)
			buf_puts(&notes, "; required");
		if (o->type == CLI_OPT_INT)
			buf_printf(&notes, "; %ld to %ld", o->min, o->max);
		if (o->def)
			buf_printf(&notes, "; default %s", o->def);
		if (o->type == CLI_OPT_LIST)
			buf_puts(&notes, "; may be given again");
		if (notes.len) {
			/* "; a; b" becomes " (a; b)" */
			notes.data[0] = ' ';
			notes.data[1] = '(';
			buf_putc(&notes, ')');
		}
		help_line(out, left, width, o->help, buf_str(&notes));
	}
	help_line(out, "  -h, --help", width, "show this help", "");
	buf_free(&notes);
}
