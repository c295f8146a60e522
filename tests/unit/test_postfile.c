/* test_postfile: post files in, checked fields or one clear error with its line out. */
#include "post/postfile.h"
#include "post/publish.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_zeroed(const struct postfile *pf)
{
	static const struct postfile zero;
	return memcmp(pf, &zero, sizeof zero) == 0;
}

/* Parses text (NUL-terminated), failing the test when it is refused. */
static void parse_ok(const char *text, struct postfile *pf)
{
	struct pf_error err;
	int rc = postfile_parse(text, strlen(text), pf, &err);
	cr_assert_eq(rc, 0, "refused (line %u: %s):\n%s", err.line, err.msg, text);
}

static void expect_error_n(const char *text, size_t len, unsigned line, const char *fragment)
{
	struct postfile pf;
	struct pf_error err;
	memset(&pf, 0x5A, sizeof pf);
	int rc = postfile_parse(text, len, &pf, &err);
	cr_expect_eq(rc, -1, "accepted:\n%s", text);
	if (rc == 0) {
		postfile_free(&pf);
		return;
	}
	cr_expect_eq(err.line, line, "line %u, want %u: %s", err.line, line, err.msg);
	cr_expect(strstr(err.msg, fragment), "message \"%s\" lacks \"%s\"", err.msg, fragment);
	cr_expect(is_zeroed(&pf), "pf not zeroed after failure");
}

static void expect_error(const char *text, unsigned line, const char *fragment);

Test(postfile, featured_image)
{
	static const char ok[] = "---\ntitle: T\nimage: /media/hall.png\n---\nx\n";
	struct postfile pf;
	struct pf_error err;
	cr_assert_eq(postfile_parse(ok, strlen(ok), &pf, &err), 0, "%s", err.msg);
	cr_expect_str_eq(pf.image, "/media/hall.png");
	postfile_free(&pf);
	static const char abs[] = "---\ntitle: T\nimage: https://img.example.org/a.png\n---\n";
	cr_assert_eq(postfile_parse(abs, strlen(abs), &pf, &err), 0, "%s", err.msg);
	postfile_free(&pf);
	expect_error("---\ntitle: T\nimage: javascript:alert(1)\n---\n", 3, "bad image");
	expect_error("---\ntitle: T\nimage: //evil.example/a.png\n---\n", 3, "bad image");
	expect_error("---\ntitle: T\nimage: '/a b.png'\n---\n", 3, "bad image");
	expect_error("---\ntitle: T\nimage: '/a\\\"b.png'\n---\n", 3, "bad image");
}

static void expect_error(const char *text, unsigned line, const char *fragment)
{
	expect_error_n(text, strlen(text), line, fragment);
}

/* ---- well-formed files ---- */

Test(postfile, minimal_file_gets_defaults)
{
	struct postfile pf;
	parse_ok("---\ntitle: Hello, World\n---\nThe body.\n", &pf);
	cr_expect_str_eq(pf.title, "Hello, World");
	cr_expect_str_eq(pf.slug, "hello-world");
	cr_expect_null(pf.author);
	cr_expect_null(pf.series);
	cr_expect_eq(pf.part, 0);
	cr_expect_eq(pf.has_date, 0);
	cr_expect_eq(pf.status, POST_PUBLISHED);
	cr_expect_eq(pf.ntags, 0);
	cr_expect_str_eq(pf.body, "The body.\n");
	cr_expect_eq(pf.body_len, 10);
	cr_expect_eq(pf.body_line, 4);
	postfile_free(&pf);
	cr_expect(is_zeroed(&pf));
	postfile_free(&pf);
}

Test(postfile, every_key)
{
	struct postfile pf;
	parse_ok("---\n"
		 "# a comment line\n"
		 "title: \"Ports: a field guide\"\n"
		 "slug: ports-guide\n"
		 "date: 2026-11-27T09:30:00+01:00\n"
		 "status: unfinished\n"
		 "tags: [c, '#unix', Networking]\n"
		 "author: '@jane_doe'\n"
		 "series: Systems 101\n"
		 "part: 3\n"
		 "---\n"
		 "\n"
		 "# Heading\n",
		 &pf);
	cr_expect_str_eq(pf.title, "Ports: a field guide");
	cr_expect_str_eq(pf.slug, "ports-guide");
	cr_expect_eq(pf.has_date, 1);
	cr_expect_eq(pf.date, 1795768200LL);
	cr_expect_eq(pf.status, POST_UNFINISHED);
	cr_assert_eq(pf.ntags, 3);
	cr_expect_str_eq(pf.tags[0], "c");
	cr_expect_str_eq(pf.tags[1], "unix");
	cr_expect_str_eq(pf.tags[2], "Networking");
	cr_expect_str_eq(pf.author, "jane_doe");
	cr_expect_str_eq(pf.series, "Systems 101");
	cr_expect_eq(pf.part, 3);
	cr_expect_str_eq(pf.body, "\n# Heading\n");
	cr_expect_eq(pf.body_line, 12);
	postfile_free(&pf);
}

Test(postfile, bom_and_crlf)
{
	struct postfile pf;
	parse_ok(
	    "\xEF\xBB\xBF---\r\ntitle: Windows\r\ntags: a, b\r\n---\r\nline one\r\nline two\r\n"
	    "lone\rcr\r\n",
	    &pf);
	cr_expect_str_eq(pf.title, "Windows");
	cr_assert_eq(pf.ntags, 2);
	cr_expect_str_eq(pf.tags[1], "b");
	cr_expect_str_eq(pf.body, "line one\nline two\nlone\rcr\n");
	cr_expect_eq(pf.body_len, strlen(pf.body));
	cr_expect_eq(pf.body_line, 5);
	postfile_free(&pf);
}

Test(postfile, delimiters)
{
	struct postfile pf;
	parse_ok("--- \t\ntitle: Dots\n...\nbody\n---\nstill body\n", &pf);
	cr_expect_str_eq(pf.body, "body\n---\nstill body\n");
	cr_expect_eq(pf.body_line, 4);
	postfile_free(&pf);

	parse_ok("---\ntitle: No body\n---", &pf);
	cr_expect_str_eq(pf.body, "");
	cr_expect_eq(pf.body_len, 0);
	cr_expect_eq(pf.body_line, 4);
	postfile_free(&pf);

	parse_ok("---\ntitle: x\n---  \r\n", &pf);
	cr_expect_str_eq(pf.body, "");
	postfile_free(&pf);
}

Test(postfile, title_forms)
{
	struct postfile pf;
	parse_ok("---\ntitle: >\n  A folded\n  title\n---\n", &pf);
	cr_expect_str_eq(pf.title, "A folded title");
	postfile_free(&pf);

	parse_ok("---\ntitle: '  padded  '\n---\n", &pf);
	cr_expect_str_eq(pf.title, "padded");
	postfile_free(&pf);

	parse_ok("---\ntitle: 2026\n---\n", &pf);
	cr_expect_str_eq(pf.title, "2026");
	cr_expect_str_eq(pf.slug, "2026");
	postfile_free(&pf);

	parse_ok("---\ntitle: Über Straßen — ein Bericht 🚲\n---\n", &pf);
	cr_expect_str_eq(pf.slug, "Über-straßen-ein-bericht");
	postfile_free(&pf);

	parse_ok("---\n\"title\": quoted key\n---\n", &pf);
	cr_expect_str_eq(pf.title, "quoted key");
	postfile_free(&pf);

	parse_ok("---\n{title: flow, tags: [x]}\n---\n", &pf);
	cr_expect_str_eq(pf.title, "flow");
	cr_expect_eq(pf.ntags, 1);
	postfile_free(&pf);
}

Test(postfile, title_length_limit)
{
	char text[400];
	strcpy(text, "---\ntitle: ");
	size_t at = strlen(text);
	memset(text + at, 'x', 300);
	strcpy(text + at + 300, "\n---\n");
	struct postfile pf;
	parse_ok(text, &pf);
	cr_expect_eq(strlen(pf.title), 300);
	cr_expect_eq(strlen(pf.slug), 80);
	postfile_free(&pf);

	memset(text + at, 'x', 301);
	strcpy(text + at + 301, "\n---\n");
	expect_error(text, 2, "the title is 301 bytes long (at most 300)");
}

Test(postfile, empty_optional_values_are_absent)
{
	struct postfile pf;
	parse_ok("---\ntitle: T\nslug:\ndate: ~\nstatus: null\ntags:\nauthor: ''\nseries: \"\"\n"
		 "part:\n---\n",
		 &pf);
	cr_expect_str_eq(pf.slug, "t");
	cr_expect_eq(pf.has_date, 0);
	cr_expect_eq(pf.status, POST_PUBLISHED);
	cr_expect_eq(pf.ntags, 0);
	cr_expect_null(pf.author);
	cr_expect_null(pf.series);
	cr_expect_eq(pf.part, 0);
	postfile_free(&pf);
}

Test(postfile, empty_front_matter_needs_title)
{
	expect_error("---\n---\n", 1, "missing required key 'title'");
	expect_error("---\n# only a comment\n---\n", 1, "missing required key 'title'");
	expect_error("---\nslug: x\n---\n", 1, "missing required key 'title'");
}

Test(postfile, statuses)
{
	struct postfile pf;
	parse_ok("---\ntitle: t\nstatus: draft\n---\n", &pf);
	cr_expect_eq(pf.status, POST_DRAFT);
	postfile_free(&pf);
	parse_ok("---\ntitle: t\nstatus: Published\n---\n", &pf);
	cr_expect_eq(pf.status, POST_PUBLISHED);
	postfile_free(&pf);
	expect_error("---\ntitle: t\nstatus: publishd\n---\n", 3,
		     "unknown status 'publishd' (use draft, unfinished, published or scheduled)");
	expect_error("---\ntitle: t\nstatus: [draft]\n---\n", 3, "'status' must be a single value");
}

Test(postfile, status_names)
{
	cr_expect_str_eq(post_status_name(POST_DRAFT), "draft");
	cr_expect_str_eq(post_status_name(POST_UNFINISHED), "unfinished");
	cr_expect_str_eq(post_status_name(POST_PUBLISHED), "published");
	cr_expect_str_eq(post_status_name((enum post_status)42), "unknown");
	enum post_status s = POST_DRAFT;
	cr_expect_eq(post_status_parse("UNFINISHED", &s), 0);
	cr_expect_eq(s, POST_UNFINISHED);
	cr_expect_eq(post_status_parse("drafts", &s), -1);
	cr_expect_eq(post_status_parse("", &s), -1);
	cr_expect_eq(s, POST_UNFINISHED);
}

Test(postfile, dates)
{
	struct postfile pf;
	parse_ok("---\ntitle: t\ndate: 2026-11-27\n---\n", &pf);
	cr_expect_eq(pf.date, 1795737600LL);
	cr_expect_eq(pf.has_date, 1);
	postfile_free(&pf);
	parse_ok("---\ntitle: t\ndate: '2026-11-27 09:30'\n---\n", &pf);
	cr_expect_eq(pf.date, 1795771800LL);
	postfile_free(&pf);
	parse_ok("---\ntitle: t\ndate: 1970-01-01T00:00:00Z\n---\n", &pf);
	cr_expect_eq(pf.date, 0);
	cr_expect_eq(pf.has_date, 1);
	postfile_free(&pf);
	expect_error("---\ntitle: t\n\ndate: 2026-13-01\n---\n", 4,
		     "bad date '2026-13-01' (use ISO 8601, e.g. 2026-11-27 or "
		     "2026-11-27T09:30:00Z)");
	expect_error("---\ntitle: t\ndate: yesterday\n---\n", 3, "bad date 'yesterday'");
	expect_error("---\ntitle: t\ndate: 2023-02-29\n---\n", 3, "bad date");
}

Test(postfile, slugs)
{
	struct postfile pf;
	parse_ok("---\ntitle: Anything\nslug: my-own-slug\n---\n", &pf);
	cr_expect_str_eq(pf.slug, "my-own-slug");
	postfile_free(&pf);
	parse_ok("---\ntitle: Anything\nslug: über-uns\n---\n", &pf);
	cr_expect_str_eq(pf.slug, "über-uns");
	postfile_free(&pf);
	expect_error("---\ntitle: t\nslug: My Slug\n---\n", 3,
		     "bad slug 'My Slug' (use up to 80 lowercase letters, digits");
	expect_error("---\ntitle: t\nslug: a--b\n---\n", 3, "bad slug 'a--b'");
	expect_error("---\ntitle: t\nslug: -a\n---\n", 3, "bad slug");
	expect_error("---\ntitle: t\nslug: a/b\n---\n", 3, "bad slug");
}

Test(postfile, tags_as_list_and_line)
{
	struct postfile pf;
	parse_ok("---\ntitle: t\ntags:\n  - c\n  - '#go'\n  - Straße\n  - 日本\n  - x_1\n---\n",
		 &pf);
	cr_assert_eq(pf.ntags, 5);
	cr_expect_str_eq(pf.tags[1], "go");
	cr_expect_str_eq(pf.tags[2], "Straße");
	cr_expect_str_eq(pf.tags[3], "日本");
	postfile_free(&pf);

	parse_ok("---\ntitle: t\ntags: \"#c #unix,#go ,  rust\"\n---\n", &pf);
	cr_assert_eq(pf.ntags, 4);
	cr_expect_str_eq(pf.tags[0], "c");
	cr_expect_str_eq(pf.tags[1], "unix");
	cr_expect_str_eq(pf.tags[2], "go");
	cr_expect_str_eq(pf.tags[3], "rust");
	postfile_free(&pf);

	parse_ok("---\ntitle: t\ntags: single\n---\n", &pf);
	cr_assert_eq(pf.ntags, 1);
	cr_expect_str_eq(pf.tags[0], "single");
	postfile_free(&pf);

	parse_ok("---\ntitle: t\ntags: []\n---\n", &pf);
	cr_expect_eq(pf.ntags, 0);
	cr_expect_null(pf.tags);
	postfile_free(&pf);
}

Test(postfile, tags_deduplicate_ignoring_ascii_case)
{
	struct postfile pf;
	parse_ok("---\ntitle: t\ntags: [Rust, rust, '#RUST', c, C, Ärger, ärger]\n---\n", &pf);
	cr_assert_eq(pf.ntags, 4);
	cr_expect_str_eq(pf.tags[0], "Rust");
	cr_expect_str_eq(pf.tags[1], "c");
	cr_expect_str_eq(pf.tags[2], "Ärger");
	cr_expect_str_eq(pf.tags[3], "ärger");
	postfile_free(&pf);
}

Test(postfile, tag_errors)
{
	expect_error("---\ntitle: t\ntags: [c, c++]\n---\n", 3,
		     "bad tag 'c++' (tags may hold only letters, digits and '_')");
	expect_error("---\ntitle: t\ntags:\n  - ok\n  - two words\n---\n", 5,
		     "bad tag 'two words'");
	expect_error("---\ntitle: t\ntags: 'a, b-c'\n---\n", 3, "bad tag 'b-c'");
	expect_error("---\ntitle: t\ntags: ['🚀']\n---\n", 3, "bad tag '🚀'");
	expect_error("---\ntitle: t\ntags: '#'\n---\n", 3, "empty tag");
	expect_error("---\ntitle: t\ntags:\n  - a\n  -\n---\n", 5, "empty tag");
	expect_error("---\ntitle: t\ntags: #c #go\n---\n", 3, "'#' after 'tags:' starts a YAML");
	expect_error("---\ntitle: t\ntags: {a: b}\n---\n", 3, "'tags' must be a list of tags");
	expect_error("---\ntitle: t\ntags: [a, [b]]\n---\n", 3, "'tags' must be a list of tags");
	expect_error("---\ntitle: t\ntags: [a, {b: c}, d]\n---\n", 3, "'tags' must be a list");
}

Test(postfile, tag_limits)
{
	char text[8192], *p = text;
	p += sprintf(p, "---\ntitle: t\ntags: [");
	for (int i = 0; i < 64; i++)
		p += sprintf(p, "t%d, T%d, ", i, i);
	sprintf(p, "]\n---\n");
	struct postfile pf;
	parse_ok(text, &pf);
	cr_expect_eq(pf.ntags, 64);
	postfile_free(&pf);

	p = text + sprintf(text, "---\ntitle: t\ntags: ");
	for (int i = 0; i < 65; i++)
		p += sprintf(p, "t%d ", i);
	sprintf(p, "\n---\n");
	expect_error(text, 3, "too many tags (at most 64)");

	char tag[70];
	memset(tag, 'a', 65);
	tag[65] = '\0';
	snprintf(text, sizeof text, "---\ntitle: t\ntags: [%.64s]\n---\n", tag);
	parse_ok(text, &pf);
	cr_expect_eq(strlen(pf.tags[0]), 64);
	postfile_free(&pf);
	snprintf(text, sizeof text, "---\ntitle: t\ntags: ['#%s']\n---\n", tag);
	expect_error(text, 3, "is longer than 64 bytes");
}

Test(postfile, authors)
{
	struct postfile pf;
	parse_ok("---\ntitle: t\nauthor: \"@Jane_Doe2\"\n---\n", &pf);
	cr_expect_str_eq(pf.author, "Jane_Doe2");
	postfile_free(&pf);
	parse_ok("---\ntitle: t\nauthor: jane\n---\n", &pf);
	cr_expect_str_eq(pf.author, "jane");
	postfile_free(&pf);
	expect_error("---\ntitle: t\nauthor: Jane Doe\n---\n", 3,
		     "bad author 'Jane Doe' (use a handle of 1 to 32 ASCII letters");
	expect_error("---\ntitle: t\nauthor: '@'\n---\n", 3, "bad author '@'");
	expect_error("---\ntitle: t\nauthor: jöhn\n---\n", 3, "bad author");
	expect_error("---\ntitle: t\nauthor: abcdefghijabcdefghijabcdefghijabc\n---\n", 3,
		     "bad author");
	parse_ok("---\ntitle: t\nauthor: abcdefghijabcdefghijabcdefghijab\n---\n", &pf);
	postfile_free(&pf);
}

Test(postfile, series_and_part)
{
	struct postfile pf;
	parse_ok("---\ntitle: t\npart: 0012\nseries: \"Learning C\"\n---\n", &pf);
	cr_expect_str_eq(pf.series, "Learning C");
	cr_expect_eq(pf.part, 12);
	postfile_free(&pf);
	parse_ok("---\ntitle: t\nseries: S\npart: 9999\n---\n", &pf);
	cr_expect_eq(pf.part, 9999);
	postfile_free(&pf);
	parse_ok("---\ntitle: t\nseries: S\n---\n", &pf);
	cr_expect_eq(pf.part, 0);
	postfile_free(&pf);

	const char *bad[] = {"0", "10000", "-1", "+1", "3.5", "two", "99999999999999999999", "1e3"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[128];
		snprintf(text, sizeof text, "---\ntitle: t\nseries: S\npart: %s\n---\n", bad[i]);
		expect_error(text, 4, "(use a whole number from 1 to 9999)");
	}
	expect_error("---\ntitle: t\npart: 2\n---\n", 3, "'part' needs a 'series'");
	expect_error("---\ntitle: t\nseries: \"a\\nb\"\n---\n", 3,
		     "the series name must be on one line");

	char text[400];
	int n = sprintf(text, "---\ntitle: t\nseries: ");
	memset(text + n, 's', 201);
	strcpy(text + n + 201, "\n---\n");
	expect_error(text, 3, "the series name is 201 bytes long (at most 200)");
}

/* ---- errors ---- */

Test(postfile, missing_or_broken_front_matter)
{
	const char *msg =
	    "missing front matter: the file must start with a '---' line and a 'title:'";
	expect_error("title: x\n", 1, msg);
	expect_error("", 1, msg);
	expect_error("\n---\ntitle: x\n---\n", 1, msg);
	expect_error(" ---\ntitle: x\n---\n", 1, msg);
	expect_error("----\ntitle: x\n---\n", 1, msg);
	expect_error("# Just Markdown\n", 1, msg);
	expect_error("---\ntitle: never closed\nbody\n", 1, "front matter is not closed");
	expect_error("---", 1, "front matter is not closed");
}

Test(postfile, title_errors)
{
	expect_error("---\ntitle:\n---\n", 2, "the title is empty");
	expect_error("---\ntitle: '   '\n---\n", 2, "the title is empty");
	expect_error("---\ntitle: [a, b]\n---\n", 2, "'title' must be a single value");
	expect_error("---\ntitle: {a: b}\n---\n", 2, "'title' must be a single value");
	expect_error("---\ntitle: \"two\\nlines\"\n---\n", 2, "the title must be on one line");
	expect_error("---\ntitle: |\n  two\n  lines\n---\n", 2, "the title must be on one line");
	expect_error("---\ntitle: \"a\\tb\"\n---\n", 2, "the title contains a control character");
	expect_error("---\ntitle: \"a\\u2028b\"\n---\n", 2, "the title must be on one line");
	expect_error("---\ntitle: \"nul\\0inside\"\n---\n", 2, "NUL");
}

Test(postfile, unknown_and_duplicate_keys)
{
	expect_error("---\ntitle: t\ntitel: u\n---\n", 3,
		     "unknown key 'titel' (did you mean 'title'?)");
	expect_error("---\nTitle: t\n---\n", 2, "unknown key 'Title' (did you mean 'title'?)");
	expect_error("---\ntitle: t\ntag: [a]\n---\n", 3, "(did you mean 'tags'?)");
	expect_error(
	    "---\ntitle: t\nupdated: 2026-01-01\n---\n", 3,
	    "unknown key 'updated' (known keys: title, slug, date, status, tags, author, "
	    "series, part, comments, visibility, type, format, order, excerpt, sticky, image)");
	expect_error("---\ntitle: t\n\n\ntitle: again\n---\n", 5,
		     "duplicate key 'title' (first given on line 2)");
	expect_error("---\ntitle: t\n? [a, b]\n: c\n---\n", 3, "front matter keys must be plain");
	expect_error("---\ntitle: t\n\"ti\\0tle\": x\n---\n", 3, "unknown key 'ti?tle'");
}

Test(postfile, yaml_structure_errors)
{
	expect_error("---\n- a\n- b\n---\n", 2, "front matter must be 'key: value' lines");
	expect_error("---\njust words\n---\n", 2, "front matter must be 'key: value' lines");
	expect_error("---\ntitle: &x t\nslug: *x\n---\n", 3, "YAML aliases");
	expect_error("---\ntitle: a\n--- b\n---\n", 3, "a single YAML document");
}

Test(postfile, yaml_syntax_errors_carry_file_lines)
{
	expect_error(
	    "---\n# comment\ntitle: Ports: a guide\n---\n", 3,
	    "YAML syntax error: mapping values are not allowed in this context; put values "
	    "that contain ': ' in quotes");
	expect_error("---\ntitle: t\ntags: [a, b\nslug: s\n---\n", 4,
		     "YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
		     "sequence on line 3)");
	expect_error("---\ntitle: t\n  slug: s\n---\n", 3, "YAML syntax error");
	expect_error("---\ntitle: 'a\x01'\n---\n", 2, "YAML syntax error: control characters");
	expect_error("---\ntitle: t\nslug: s\n\t\tdate: x\n---\n", 4, "YAML syntax error");
}

/* libyaml breaks lines at more than '\n'; errors must still name file lines. */
Test(postfile, lines_survive_odd_line_breaks)
{
	expect_error("---\r\ntitle: \"Ünïcödé ✓ 日本\"\r\nslug: s\r\ndate: nope\r\n---\r\n", 4,
		     "bad date 'nope'");
	expect_error("---\ntitle: a\rslug: b\ndate: nope\n---\n", 3, "bad date 'nope'");
	expect_error("---\ntitle: t # note\xe2\x80\xa8\nstatus: x\n---\n", 3, "unknown status");
	expect_error("---\ntitle: t\xc2\x85slug: b\ndate: x\n---\n", 3, "bad date");
}

Test(postfile, bytes_of_the_file)
{
	expect_error("---\ntitle: t\n---\nfine\nbad \xff byte\n", 5, "invalid UTF-8");
	expect_error("---\ntitle: \xc0\xaf\n---\n", 2, "invalid UTF-8");
	expect_error("---\ntitle: t\n---\n\xed\xa0\x80\n", 4, "invalid UTF-8");
	expect_error_n("---\ntitle: t\n---\nnul\0here\n", 22, 4, "NUL byte");

	size_t big = 8u * 1024 * 1024 + 1;
	char *text = malloc(big);
	cr_assert_not_null(text);
	memset(text, 'a', big);
	memcpy(text, "---\ntitle: t\n---\n", 17);
	expect_error_n(text, big, 0, "larger than 8 MiB");
	struct postfile pf;
	cr_expect_eq(postfile_parse(text, big - 1, &pf, NULL), 0);
	cr_expect_eq(pf.body_len, big - 1 - 17);
	postfile_free(&pf);
	free(text);
}

Test(postfile, first_error_in_file_order)
{
	expect_error("---\nstatus: nope\ndate: nope\ntitle: t\n---\n", 2, "unknown status");
	expect_error("---\ndate: nope\nstatus: nope\ntitle: t\n---\n", 2, "bad date");
}

Test(postfile, null_error_pointer_and_reuse)
{
	struct postfile pf;
	cr_expect_eq(postfile_parse("nope", 4, &pf, NULL), -1);
	cr_expect(is_zeroed(&pf));
	postfile_free(&pf);
	const char *text = "---\ntitle: Again\n---\nx";
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(postfile_parse(text, strlen(text), &pf, NULL), 0);
		cr_expect_str_eq(pf.body, "x");
		postfile_free(&pf);
	}
}

Test(postfile, long_values_are_cut_in_messages)
{
	char text[1200];
	int n = sprintf(text, "---\ntitle: t\nstatus: ");
	memset(text + n, 'z', 1000);
	strcpy(text + n + 1000, "\n---\n");
	struct postfile pf;
	struct pf_error err;
	cr_assert_eq(postfile_parse(text, strlen(text), &pf, &err), -1);
	cr_expect(strstr(err.msg, "zzz...' (use draft"), "%s", err.msg);
	cr_expect_lt(strlen(err.msg), sizeof err.msg - 1);
}

/* libyaml slows down per open flow level; deep nesting must be cut off, and quickly. */
Test(postfile, deep_nesting_is_refused_quickly, .timeout = 10)
{
	expect_error("---\ntitle: t\ntags: [[[[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]]]]\n---\n", 3,
		     "front matter is nested too deeply");
	expect_error("---\ntitle: t\nseries: {a: {b: {c: d}}}\n---\n", 3,
		     "'series' must be a single value");

	size_t n = 4u * 1024 * 1024;
	char *text = malloc(n + 64);
	cr_assert_not_null(text);
	const char *opens[] = {"[", "{", "[{a: ", "- "};
	for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++) {
		size_t at = (size_t)sprintf(text, "---\ntitle: t\ntags:%s", i == 3 ? "\n" : " [");
		size_t step = strlen(opens[i]);
		for (; at + step < n; at += step)
			memcpy(text + at, opens[i], step);
		strcpy(text + at, "\n---\n");
		expect_error(text, i == 3 ? 4 : 3, "nested too deeply");
	}
	free(text);
}

Test(postfile, pages_formats_excerpts_and_sticky)
{
	struct postfile pf;
	parse_ok("---\ntitle: About\ntype: Page\norder: -3\nformat: html\n"
		 "excerpt: |\n  Who we are,\n  in two lines.\ncomments: open\n---\n<p>Us.</p>\n",
		 &pf);
	cr_expect_eq(pf.type, POST_TYPE_PAGE);
	cr_expect_eq(pf.format, POST_FORMAT_HTML);
	cr_expect_eq(pf.order, -3);
	cr_expect_str_eq(pf.excerpt, "Who we are,\nin two lines.");
	cr_expect_eq(pf.sticky, 0);
	postfile_free(&pf);
	parse_ok("---\ntitle: Pinned\nsticky: true\n---\nx\n", &pf);
	cr_expect_eq(pf.type, POST_TYPE_POST);
	cr_expect_eq(pf.format, POST_FORMAT_MARKDOWN);
	cr_expect_eq(pf.sticky, 1);
	cr_expect_null(pf.excerpt);
	postfile_free(&pf);
	cr_expect_str_eq(post_type_name(POST_TYPE_PAGE), "page");
	cr_expect_str_eq(post_format_name(POST_FORMAT_HTML), "html");
}

Test(postfile, what_pages_may_not_have)
{
	expect_error("---\ntitle: t\ntype: pages\n---\n", 3, "bad type 'pages' (use post or page)");
	expect_error("---\ntitle: t\nformat: rtf\n---\n", 3,
		     "bad format 'rtf' (use markdown or html)");
	expect_error("---\ntitle: t\nsticky: maybe\n---\n", 3,
		     "bad sticky 'maybe' (use false or true)");
	expect_error("---\ntitle: t\ntype: page\norder: 10000\n---\n", 4, "bad order '10000'");
	expect_error("---\ntitle: t\ntype: page\norder: 1.5\n---\n", 4, "bad order");
	expect_error("---\ntitle: t\norder: 2\n---\n", 3, "it needs 'type: page'");
	expect_error("---\ntitle: t\ntype: page\ntags: [a]\n---\n", 4, "'tags' is not for pages");
	expect_error("---\ntitle: t\ntype: page\nseries: S\n---\n", 4, "a page is in no series");
	expect_error("---\ntitle: t\ntype: page\nsticky: true\n---\n", 4, "never sticky");
	expect_error("---\ntitle: Search\ntype: page\n---\n", 2,
		     "the slug 'search' is one of the site's own addresses");
	expect_error("---\ntitle: t\nslug: admin\ntype: page\n---\n", 3, "(/admin)");
	expect_error("---\ntitle: t\nexcerpt: \"a\\x01b\"\n---\n", 3, "control character");
	struct buf b = {0};
	buf_puts(&b, "---\ntitle: t\nexcerpt: ");
	for (int i = 0; i < POSTFILE_EXCERPT_MAX + 1; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\n---\n");
	expect_error(b.data, 3, "the excerpt is 2001 bytes long (at most 2000)");
	buf_free(&b);
	/* A post may take a reserved name: posts live under /posts/. */
	struct postfile pf;
	parse_ok("---\ntitle: Search\n---\nx\n", &pf);
	cr_expect_str_eq(pf.slug, "search");
	postfile_free(&pf);
}

Test(postfile, reading_time_as_ghost_shows_it)
{
	/* 275 words a minute, rounded, never under a minute. */
	static const int words[] = {0, 1, 412, 413, 550, 687, 688, 2750};
	static const int minutes[] = {1, 1, 1, 2, 2, 2, 3, 10};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		cr_expect_eq(publish_reading_minutes(words[i]), minutes[i], "%d words", words[i]);
}
