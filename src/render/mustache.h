/* mustache: a Mustache template engine (spec core and inheritance) that renders val trees. */
#ifndef BS_MUSTACHE_H
#define BS_MUSTACHE_H

#include <stddef.h>

struct buf;
struct val;

/*
 * A set of named templates. Each template is compiled once by tmpl_set_add into a flat node
 * array; rendering walks that array and allocates nothing but output. Once the last template is
 * added the set is read-only: any number of threads may call tmpl_render on it at the same time.
 * Adding, changing limits or freeing while another thread renders is not allowed.
 *
 * What templates mean (the Mustache spec: interpolation, sections, inverted, comments, partials,
 * delimiters and ~inheritance; no lambdas, no dynamic names):
 * - {{x}} writes x HTML-escaped (esc_html); {{{x}}} and {{&x}} write it raw.
 * - {{.}} is the current context. {{a.b.c}} looks a up through the context stack, innermost first,
 *   then b and c inside what was found only. Whatever does not resolve renders as nothing.
 * - A string prints as is, a number as its shortest round-trip decimal (85, 1.21, -0.5), a bool
 *   as "true" or "false"; null, lists and maps print nothing.
 * - Falsy: missing, null, false, 0, NaN, the empty string and the empty list. Everything else is
 *   truthy, the empty map included. The empty string is falsy on purpose, so that
 *   {{#subtitle}}<h2>{{subtitle}}</h2>{{/subtitle}} drops the heading for a blank field.
 * - {{#x}}..{{/x}} renders once per item of a non-empty list with the item as context, once with
 *   x as context for any other truthy x, and not at all for a falsy x. {{^x}}..{{/x}} renders
 *   once, context unchanged, when x is falsy.
 * - {{>name}} renders the template of that name in the set against the current context stack;
 *   a missing one renders as nothing. A standalone partial tag indents every template line of the
 *   partial by the whitespace before the tag (spec), lines of partials it includes too; newlines
 *   that come from data are not indented.
 * - {{<name}}{{$block}}..{{/block}}{{/name}} renders name with its {{$block}}s replaced by the
 *   ones given inside the parent tag (the outermost giver wins; anything else inside the parent
 *   tag is ignored); a block nobody replaces renders its own content. A block's indentation is
 *   taken off where its content is written and the indentation of the spot it is expanded at is
 *   put on instead (spec). "{{<name}}{{$block}}" and "{{/block}}{{/name}}" alone on a line count
 *   as standalone.
 * - {{! comments }} render nothing; {{=<% %>=}} changes delimiters up to the end of the template
 *   it is in (never in partials). Standalone lines (only whitespace around one such tag) vanish.
 * - Tag names may not hold whitespace or control characters; that and unbalanced sections are
 *   syntax errors.
 *
 * Abuse guards: partial and parent expansion nests at most TMPL_MAX_CALLS deep (deeper expansions
 * render as nothing, so a self-recursive partial terminates), and one rendering stops after the
 * step limit: a step is a node visited or 16 bytes written, so it bounds both time and output
 * (the default allows some 64 MB). Nesting of sections, partials and blocks together is capped
 * too (deeper parts render as nothing), so a rendering needs at most about 64 KB of C stack in an
 * optimized build. Limiting the template size is the caller's job.
 */
struct tmpl_set;

/* How deep partials and parents may nest; anything deeper renders as nothing. */
#define TMPL_MAX_CALLS 64
/* How deep sections, inverted sections, parents and blocks may nest in one template; deeper
 * nesting is a syntax error. */
#define TMPL_MAX_NEST 128
/* Default steps one tmpl_render may take (a 20 KB page takes a few thousand). */
#define TMPL_DEFAULT_STEPS ((size_t)1 << 22)

/* Never NULL (out of memory aborts). */
struct tmpl_set *tmpl_set_new(void);
/* Frees the set and all its templates. NULL is allowed. */
void tmpl_set_free(struct tmpl_set *s);

/*
 * Compiles src[0..len) (need not be NUL-terminated, may be NULL when len is 0) under name,
 * replacing an earlier template of that name. Returns 0 (err, when given, is set to "") or, on a
 * syntax error, -1 with the set unchanged and a one-line message with the line number in err
 * (truncated to errlen bytes, always NUL-terminated; err may be NULL), for example
 * "unclosed section 'posts' opened on line 12".
 */
int tmpl_set_add(struct tmpl_set *s, const char *name, const char *src, size_t len, char *err,
		 size_t errlen);
/* 1 when a template of that name is in the set, else 0. */
int tmpl_set_has(const struct tmpl_set *s, const char *name);
/* Sets how many steps one tmpl_render may take before it gives up (0 means the default). */
void tmpl_set_step_limit(struct tmpl_set *s, size_t steps);

/*
 * Renders template name with ctx (NULL is an empty context) as the root of the context stack,
 * appending to out. Returns 0; or -1 when name is not in the set (out untouched) or when the
 * rendering hit the step limit (out then holds a truncated rendering the caller should drop).
 */
int tmpl_render(const struct tmpl_set *s, const char *name, const struct val *ctx, struct buf *out);

#endif
