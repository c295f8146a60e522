/* test_mustache: the official Mustache spec, case by case, plus the engine's own contracts. */
#include "render/mustache.h"
#include "render/val.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Relative to the repository root, where the tests run from. */
#define SPEC_DIR "../shared/testdata/mustache-spec"
/* A name no partial tag can reach: tag names never hold blanks. */
#define SPEC_MAIN "(spec template)"

struct spec_case {
	char file[48];
	int index; /* -1: the file could not be read */
};

static json_t *load_spec(const char *file)
{
	const char *dir = getenv("BROADSIDE_SPEC_DIR");
	char path[4096];
	json_error_t e;
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : SPEC_DIR, file);
	return json_load_file(path, 0, &e);
}

static void free_cases(struct criterion_test_params *crp)
{
	cr_free(crp->params);
}

/* One parameter per case; an unreadable file still yields one, which then fails loudly. */
static struct criterion_test_params spec_params(const char *file)
{
	json_t *root = load_spec(file);
	size_t n = json_array_size(json_object_get(root, "tests"));
	size_t count = n ? n : 1;
	struct spec_case *cases = cr_malloc(count * sizeof(*cases));
	for (size_t i = 0; i < count; i++) {
		snprintf(cases[i].file, sizeof(cases[i].file), "%s", file);
		cases[i].index = n ? (int)i : -1;
	}
	json_decref(root);
	return cr_make_param_array(struct spec_case, cases, count, free_cases);
}

static struct val *from_json(struct pool *p, json_t *j)
{
	struct val *v;
	const char *key;
	json_t *item;
	size_t i;
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = val_map(p);
		json_object_foreach(j, key, item) val_set(p, v, key, from_json(p, item));
		return v;
	case JSON_ARRAY:
		v = val_list(p);
		json_array_foreach(j, i, item) val_push(p, v, from_json(p, item));
		return v;
	case JSON_STRING:
		return val_strn(p, json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		return val_num(p, (double)json_integer_value(j));
	case JSON_REAL:
		return val_num(p, json_real_value(j));
	case JSON_TRUE:
		return val_bool(p, 1);
	case JSON_FALSE:
		return val_bool(p, 0);
	case JSON_NULL:
		break;
	}
	return val_null(p);
}

/* Makes whitespace visible in failure messages, where it is usually what went wrong. */
static const char *shown(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			buf_puts(b, "\\n");
		else if (s[i] == '\r')
			buf_puts(b, "\\r");
		else if (s[i] == '\t')
			buf_puts(b, "\\t");
		else
			buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
	return b->data;
}

static void run_case(const struct spec_case *c)
{
	cr_assert_geq(c->index, 0, "cannot read spec file %s (see BROADSIDE_SPEC_DIR)", c->file);
	json_t *root = load_spec(c->file);
	cr_assert_not_null(root, "cannot read spec file %s", c->file);
	json_t *tc = json_array_get(json_object_get(root, "tests"), (size_t)c->index);
	const char *name = json_string_value(json_object_get(tc, "name"));
	json_t *tpl = json_object_get(tc, "template"), *exp = json_object_get(tc, "expected");
	json_t *partials = json_object_get(tc, "partials"), *item;
	const char *pname;
	char err[256];

	struct pool *p = pool_new();
	struct val *data = from_json(p, json_object_get(tc, "data"));
	struct tmpl_set *s = tmpl_set_new();
	json_object_foreach(partials, pname, item)
	{
		int rc = tmpl_set_add(s, pname, json_string_value(item), json_string_length(item),
				      err, sizeof(err));
		cr_assert_eq(rc, 0, "%s / %s: partial '%s' refused: %s", c->file, name, pname, err);
	}
	int rc = tmpl_set_add(s, SPEC_MAIN, json_string_value(tpl), json_string_length(tpl), err,
			      sizeof(err));
	cr_assert_eq(rc, 0, "%s / %s: template refused: %s", c->file, name, err);
	struct buf out = {0}, b1 = {0}, b2 = {0}, b3 = {0};
	cr_assert_eq(tmpl_render(s, SPEC_MAIN, data, &out), 0, "%s / %s: render failed", c->file,
		     name);
	size_t n = json_string_length(exp);
	cr_expect(out.len == n && (!n || memcmp(out.data, json_string_value(exp), n) == 0),
		  "%s / %s\n  template: %s\n  expected: %s\n  got:      %s", c->file, name,
		  shown(&b1, json_string_value(tpl), json_string_length(tpl)),
		  shown(&b2, json_string_value(exp), n), shown(&b3, out.data, out.len));
	buf_free(&out);
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
	tmpl_set_free(s);
	pool_free(p);
	json_decref(root);
}

#define SPEC_FILE(id, file)                                                                        \
	ParameterizedTestParameters(mustache_spec, id)                                             \
	{                                                                                          \
		return spec_params(file);                                                          \
	}                                                                                          \
	ParameterizedTest(struct spec_case *c, mustache_spec, id)                                  \
	{                                                                                          \
		run_case(c);                                                                       \
	}

SPEC_FILE(interpolation, "interpolation.json")
SPEC_FILE(sections, "sections.json")
SPEC_FILE(inverted, "inverted.json")
SPEC_FILE(comments, "comments.json")
SPEC_FILE(partials, "partials.json")
SPEC_FILE(delimiters, "delimiters.json")
SPEC_FILE(inheritance, "~inheritance.json")

/* Renders src as the template "main" of s (other templates added before) over ctx. */
static char *render_in(struct tmpl_set *s, const char *src, const struct val *ctx)
{
	char err[256];
	cr_assert_eq(tmpl_set_add(s, "main", src, strlen(src), err, sizeof(err)), 0,
		     "refused '%s': %s", src, err);
	struct buf out = {0};
	cr_assert_eq(tmpl_render(s, "main", ctx, &out), 0, "render of '%s' failed", src);
	return buf_detach(&out, NULL);
}

static void expect_render(const char *src, const struct val *ctx, const char *want)
{
	struct tmpl_set *s = tmpl_set_new();
	char *got = render_in(s, src, ctx);
	cr_expect_str_eq(got, want, "'%s' rendered '%s', want '%s'", src, got, want);
	free(got);
	tmpl_set_free(s);
}

static void expect_error(const char *src, const char *want)
{
	struct tmpl_set *s = tmpl_set_new();
	char err[256] = "untouched";
	cr_expect_eq(tmpl_set_add(s, "bad", src, strlen(src), err, sizeof(err)), -1,
		     "accepted '%s'", src);
	cr_expect_str_eq(err, want, "'%s' gave '%s', want '%s'", src, err, want);
	cr_expect_eq(tmpl_set_has(s, "bad"), 0);
	tmpl_set_free(s);
}

Test(mustache, syntax_errors_name_the_line)
{
	expect_error("<ul>\n{{#posts}}\n<li>{{title}}</li>\n",
		     "unclosed section 'posts' opened on line 2");
	expect_error("a\n\n{{#a}}{{#b}}\n{{/a}}", "closing tag 'a' on line 4 does not match 'b' "
						  "opened on line 3");
	expect_error("x\n{{/a}}", "closing tag 'a' on line 2 has no open section");
	expect_error("x\ny {{title", "unclosed tag opened on line 2");
	expect_error("{{{title}}", "unclosed tag opened on line 1");
	expect_error("\n{{=<% %>=}}\n<% %>", "empty tag name on line 3");
	expect_error("{{a b}}", "invalid character in tag name on line 1");
	expect_error("{{=<%%>=}}", "invalid delimiters on line 1");
	expect_error("{{=<% = %>=}}", "invalid delimiters on line 1");
	expect_error("{{! a\nb\nc }}\n{{<p}}", "unclosed section 'p' opened on line 4");
	char deep[(TMPL_MAX_NEST + 1) * 6 + 1] = "";
	for (int i = 0; i <= TMPL_MAX_NEST; i++)
		strcat(deep, "{{#a}}");
	expect_error(deep, "sections nested deeper than 128 on line 1");
}

Test(mustache, error_leaves_the_set_unchanged)
{
	struct tmpl_set *s = tmpl_set_new();
	char err[64];
	cr_assert_eq(tmpl_set_add(s, "t", "one", 3, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "");
	cr_assert_eq(tmpl_set_add(s, "t", "{{#x}}", 6, err, sizeof(err)), -1);
	struct buf out = {0};
	cr_assert_eq(tmpl_render(s, "t", NULL, &out), 0);
	cr_expect_str_eq(out.data, "one");
	cr_assert_eq(tmpl_set_add(s, "t", "two", 3, NULL, 0), 0);
	buf_reset(&out);
	cr_assert_eq(tmpl_render(s, "t", NULL, &out), 0);
	cr_expect_str_eq(out.data, "two");
	/* A short error buffer gets a cut, terminated message. */
	char tiny[8];
	cr_assert_eq(tmpl_set_add(s, "u", "{{#posts}}", 10, tiny, sizeof(tiny)), -1);
	cr_expect_str_eq(tiny, "unclose");
	buf_free(&out);
	tmpl_set_free(s);
}

Test(mustache, set_lookup_and_missing_names)
{
	struct tmpl_set *s = tmpl_set_new();
	struct buf out = {0};
	cr_expect_eq(tmpl_set_has(s, "x"), 0);
	cr_expect_eq(tmpl_render(s, "x", NULL, &out), -1);
	cr_expect_eq(out.len, 0);
	/* Enough templates to make the table grow a few times. */
	char name[32], src[32];
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		snprintf(src, sizeof(src), "<%d>", i);
		cr_assert_eq(tmpl_set_add(s, name, src, strlen(src), NULL, 0), 0);
	}
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		snprintf(src, sizeof(src), "<%d>", i);
		cr_expect(tmpl_set_has(s, name));
		buf_reset(&out);
		cr_expect_eq(tmpl_render(s, name, NULL, &out), 0);
		cr_expect_str_eq(out.data, src);
	}
	cr_expect_eq(tmpl_set_add(s, "empty", NULL, 0, NULL, 0), 0);
	buf_reset(&out);
	cr_expect_eq(tmpl_render(s, "empty", NULL, &out), 0);
	cr_expect_eq(out.len, 0);
	char *got = render_in(s, "[{{>nowhere}}][{{<nowhere}}{{$a}}x{{/a}}{{/nowhere}}]", NULL);
	cr_expect_str_eq(got, "[][]");
	free(got);
	buf_free(&out);
	tmpl_set_free(s);
}

Test(mustache, numbers_print_like_the_spec)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p);
	val_set_num(p, m, "a", 85);
	val_set_num(p, m, "b", 1.21);
	val_set_num(p, m, "c", -0.5);
	val_set_num(p, m, "d", -0.0);
	val_set_num(p, m, "e", 1e20);
	val_set_num(p, m, "f", 0.1 + 0.2);
	val_set_num(p, m, "g", -1234567);
	val_set_num(p, m, "h", 1.0 / 3);
	expect_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}", m,
		      "85 1.21 -0.5 0 1e+20 0.30000000000000004 -1234567 0.3333333333333333");
	pool_free(p);
}

Test(mustache, truthiness)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p);
	val_set_str(p, m, "empty", "");
	val_set_str(p, m, "word", "<b>");
	val_set_num(p, m, "zero", 0);
	val_set_num(p, m, "one", 1);
	val_set_bool(p, m, "no", 0);
	val_set(p, m, "none", val_null(p));
	val_set(p, m, "list", val_list(p));
	val_set(p, m, "map", val_map(p));
	expect_render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}"
		      "{{#zero}}Z{{/zero}}{{^zero}}z{{/zero}}"
		      "{{#no}}N{{/no}}{{^no}}n{{/no}}"
		      "{{#none}}U{{/none}}{{^none}}u{{/none}}"
		      "{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}"
		      "{{#list}}L{{/list}}{{^list}}l{{/list}}"
		      "{{#map}}P{{/map}}{{^map}}p{{/map}}"
		      "{{#one}}[{{.}}]{{/one}}{{#word}}[{{.}}|{{{.}}}]{{/word}}",
		      m, "eznumlP[1][&lt;b&gt;|<b>]");
	expect_render("{{no}} {{one}} {{list}}{{map}}{{none}}.", m, "false 1 .");
	pool_free(p);
}

Test(mustache, escaping_uses_esc_html)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p);
	val_set_str(p, m, "x", "<a href=\"x\">'&'</a>");
	expect_render("{{x}}|{{{x}}}|{{& x }}", m,
		      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;|"
		      "<a href=\"x\">'&'</a>|<a href=\"x\">'&'</a>");
	pool_free(p);
}

Test(mustache, self_recursive_partial_terminates)
{
	struct tmpl_set *s = tmpl_set_new();
	cr_assert_eq(tmpl_set_add(s, "self", "x{{>self}}", 10, NULL, 0), 0);
	char *got = render_in(s, "{{>self}}", NULL);
	cr_expect_eq(strlen(got), TMPL_MAX_CALLS);
	free(got);
	/* Mutual recursion through a parent, with a block in the way. */
	cr_assert_eq(tmpl_set_add(s, "a", "a{{<b}}{{$k}}k{{/k}}{{/b}}", 26, NULL, 0), 0);
	cr_assert_eq(tmpl_set_add(s, "b", "b{{$k}}{{/k}}{{>a}}", 19, NULL, 0), 0);
	got = render_in(s, "{{>a}}", NULL);
	cr_expect_eq(strlen(got), TMPL_MAX_CALLS / 2 * 3);
	free(got);
	tmpl_set_free(s);
}

Test(mustache, recursive_partial_over_a_tree)
{
	struct pool *p = pool_new();
	struct val *root = val_map(p), *kids = val_list(p), *leaf = val_map(p);
	val_set_str(p, root, "name", "root");
	val_set(p, root, "kids", kids);
	val_set_str(p, leaf, "name", "leaf");
	/* Without it the leaf would find root's kids up the context stack (spec lookup). */
	val_set(p, leaf, "kids", val_list(p));
	val_push(p, kids, leaf);
	struct tmpl_set *s = tmpl_set_new();
	const char *node = "<li>{{name}}\n{{#kids}}\n  {{>node}}\n{{/kids}}\n</li>\n";
	cr_assert_eq(tmpl_set_add(s, "node", node, strlen(node), NULL, 0), 0);
	char *got = render_in(s, "{{>node}}", root);
	cr_expect_str_eq(got, "<li>root\n  <li>leaf\n  </li>\n</li>\n");
	free(got);
	tmpl_set_free(s);
	pool_free(p);
}

Test(mustache, partial_indentation_nests)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p);
	val_set_str(p, m, "x", "a\nb");
	struct tmpl_set *s = tmpl_set_new();
	const char *outer = "<div>\n  {{>inner}}\n{{! note }}</div>\n";
	const char *inner = "<p>\n{{x}}\n{{#x}}\n<i>{{/x}}</i>\n</p>\n";
	cr_assert_eq(tmpl_set_add(s, "outer", outer, strlen(outer), NULL, 0), 0);
	cr_assert_eq(tmpl_set_add(s, "inner", inner, strlen(inner), NULL, 0), 0);
	char *got = render_in(s, "  {{>outer}}\n", m);
	/* Data newlines stay unindented; template lines get both levels. */
	cr_expect_str_eq(got, "  <div>\n    <p>\n    a\nb\n    <i></i>\n    </p>\n  </div>\n");
	free(got);
	tmpl_set_free(s);
	pool_free(p);
}

Test(mustache, step_limit_stops_blowups)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p), *l = val_list(p);
	for (int i = 0; i < 10; i++)
		val_push(p, l, val_num(p, i));
	val_set(p, m, "l", l);
	struct tmpl_set *s = tmpl_set_new();
	tmpl_set_step_limit(s, 100000);
	const char *src = "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{.}}"
			  "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}";
	cr_assert_eq(tmpl_set_add(s, "boom", src, strlen(src), NULL, 0), 0);
	struct buf out = {0};
	cr_expect_eq(tmpl_render(s, "boom", m, &out), -1);
	cr_expect_lt(out.len, 100000);
	buf_free(&out);
	tmpl_set_free(s);
	pool_free(p);
}

Test(mustache, layout_inheritance)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p);
	val_set_str(p, m, "title", "Hello & bye");
	struct tmpl_set *s = tmpl_set_new();
	const char *layout = "<html>\n"
			     "<head><title>{{$title}}Broadside{{/title}}</title></head>\n"
			     "<body>\n"
			     "  <main>\n"
			     "    {{$content}}\n"
			     "    <p>nothing here</p>\n"
			     "    {{/content}}\n"
			     "  </main>\n"
			     "</body>\n"
			     "</html>\n";
	cr_assert_eq(tmpl_set_add(s, "layout", layout, strlen(layout), NULL, 0), 0);
	char *got = render_in(s,
			      "{{<layout}}\n"
			      "{{$title}}{{title}} - Broadside{{/title}}\n"
			      "{{$content}}\n"
			      "<h1>{{title}}</h1>\n"
			      "<p>text</p>\n"
			      "{{/content}}\n"
			      "{{/layout}}\n",
			      m);
	cr_expect_str_eq(got, "<html>\n"
			      "<head><title>Hello &amp; bye - Broadside</title></head>\n"
			      "<body>\n"
			      "  <main>\n"
			      "    <h1>Hello &amp; bye</h1>\n"
			      "    <p>text</p>\n"
			      "  </main>\n"
			      "</body>\n"
			      "</html>\n");
	free(got);
	got = render_in(s, "{{<layout}}{{/layout}}", m);
	cr_expect(strstr(got, "<title>Broadside</title>") && strstr(got, "\n    <p>nothing here"));
	free(got);
	tmpl_set_free(s);
	pool_free(p);
}

struct shared_render {
	const struct tmpl_set *s;
	const struct val *ctx;
	const char *want;
	int bad;
};

static void *render_many(void *arg)
{
	struct shared_render *sr = arg;
	struct buf out = {0};
	for (int i = 0; i < 300; i++) {
		buf_reset(&out);
		if (tmpl_render(sr->s, "page", sr->ctx, &out) != 0 || strcmp(out.data, sr->want))
			sr->bad++;
	}
	buf_free(&out);
	return NULL;
}

Test(mustache, concurrent_renders_share_a_set)
{
	struct pool *p = pool_new();
	struct val *m = val_map(p), *posts = val_list(p);
	for (int i = 0; i < 20; i++) {
		struct val *post = val_map(p);
		val_set_num(p, post, "n", i);
		val_set_str(p, post, "title", "A <title>");
		val_push(p, posts, post);
	}
	val_set(p, m, "posts", posts);
	struct tmpl_set *s = tmpl_set_new();
	const char *item = "<li>{{n}}: {{title}}</li>\n";
	const char *page = "<ul>\n{{#posts}}\n  {{>item}}\n{{/posts}}\n</ul>\n";
	cr_assert_eq(tmpl_set_add(s, "item", item, strlen(item), NULL, 0), 0);
	cr_assert_eq(tmpl_set_add(s, "page", page, strlen(page), NULL, 0), 0);
	struct buf want = {0};
	cr_assert_eq(tmpl_render(s, "page", m, &want), 0);
	cr_expect(strstr(want.data, "\n  <li>19: A &lt;title&gt;</li>\n</ul>\n") != NULL);
	struct shared_render sr[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		sr[i] = (struct shared_render){s, m, want.data, 0};
		cr_assert_eq(pthread_create(&th[i], NULL, render_many, &sr[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		cr_expect_eq(sr[i].bad, 0);
	}
	buf_free(&want);
	tmpl_set_free(s);
	pool_free(p);
}
