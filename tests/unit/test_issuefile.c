/* test_issuefile: issue files in, checked fields or one clear error naming the key and line. */
#include "journal/issuefile.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void parse_ok(const char *text, struct issuefile *f)
{
	struct pf_error err;
	int rc = issuefile_parse(text, strlen(text), f, &err);
	cr_assert_eq(rc, 0, "refused (line %u: %s):\n%s", err.line, err.msg, text);
}

static void expect_error(const char *text, unsigned line, const char *fragment)
{
	struct issuefile f;
	struct pf_error err;
	memset(&f, 0x5A, sizeof f);
	int rc = issuefile_parse(text, strlen(text), &f, &err);
	cr_expect_eq(rc, -1, "accepted:\n%s", text);
	if (rc == 0) {
		issuefile_free(&f);
		return;
	}
	static const struct issuefile zero;
	cr_expect_eq(err.line, line, "line %u, want %u: %s", err.line, line, err.msg);
	cr_expect(strstr(err.msg, fragment), "message \"%s\" lacks \"%s\"", err.msg, fragment);
	cr_expect(memcmp(&f, &zero, sizeof f) == 0, "f not zeroed after failure");
}

/* A valid file with one line replaced (by its key) or added. */
static const char *with(const char *key, const char *line)
{
	static char out[4096];
	static const char *const lines[] = {
	    "volume: 1",
	    "number: 3",
	    "month: 2026-12",
	    "title: Against the silence",
	    "editors: [Mara Quill, Tomas Brandt]",
	    "posts: [why-this-press-exists, minutes]",
	};
	size_t o = (size_t)snprintf(out, sizeof(out), "---\n");
	int used = 0;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int mine =
		    key && strncmp(lines[i], key, strlen(key)) == 0 && lines[i][strlen(key)] == ':';
		if (mine && !line) {
			used = 1;
			continue;
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s\n", mine ? line : lines[i]);
		used |= mine;
	}
	if (!used && line)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s\n", line);
	snprintf(out + o, sizeof(out) - o, "---\nThe editorial.\n");
	return out;
}

Test(issuefile, every_key)
{
	struct issuefile f;
	parse_ok("---\n"
		 "volume: 2\n"
		 "number: 11\n"
		 "month: 2027-01\n"
		 "title: \"Recall: a reader\"\n"
		 "editors:\n  - Mara Quill\n  - 'Tomás, the treasurer'\n"
		 "posts:\n  - reading-the-charter-1\n  - /posts/minutes-november-2026\n"
		 "cover: /media/" HASH ".png\n"
		 "visibility: members\n"
		 "---\r\n"
		 "An *editorial*.\r\n",
		 &f);
	cr_expect_eq(f.volume, 2);
	cr_expect_eq(f.number, 11);
	cr_expect_eq(f.year, 2027);
	cr_expect_eq(f.month, 1);
	cr_expect_str_eq(f.title, "Recall: a reader");
	cr_assert_eq(f.neditors, 2);
	cr_expect_str_eq(f.editors[1], "Tomás, the treasurer", "a list item keeps its commas");
	cr_assert_eq(f.nposts, 2);
	cr_expect_str_eq(f.posts[0], "reading-the-charter-1");
	cr_expect_str_eq(f.posts[1], "minutes-november-2026", "an address is as good as a slug");
	cr_expect_str_eq(f.cover, HASH ".png");
	cr_expect_eq(f.visibility, ISSUE_MEMBERS);
	cr_expect_str_eq(f.body, "An *editorial*.\n");
	cr_expect_eq(f.body_line, 15);
	issuefile_free(&f);
	issuefile_free(&f);
}

Test(issuefile, defaults_and_one_line_lists)
{
	struct issuefile f;
	parse_ok("---\nvolume: 1\nnumber: 1\nmonth: 2026-12\ntitle: One\n"
		 "editors: Mara Quill, Tomas Brandt,\nposts: a-post, another-post\n---\n",
		 &f);
	cr_expect_eq(f.visibility, ISSUE_PUBLIC);
	cr_expect_null(f.cover);
	cr_expect_eq(f.neditors, 2, "a last comma leaves no empty editor");
	cr_expect_str_eq(f.editors[1], "Tomas Brandt");
	cr_expect_eq(f.nposts, 2);
	cr_expect_str_eq(f.body, "");
	issuefile_free(&f);
	parse_ok(with("cover", "cover: " HASH ".jpg"), &f);
	cr_expect_str_eq(f.cover, HASH ".jpg");
	issuefile_free(&f);
	parse_ok(with("visibility", "visibility: public"), &f);
	cr_expect_eq(f.visibility, ISSUE_PUBLIC);
	issuefile_free(&f);
}

Test(issuefile, required_keys)
{
	expect_error(with("volume", NULL), 1, "missing required key 'volume'");
	expect_error(with("number", NULL), 1, "missing required key 'number'");
	expect_error(with("month", NULL), 1, "missing required key 'month'");
	expect_error(with("title", NULL), 1, "missing required key 'title'");
	expect_error(with("editors", NULL), 1, "missing required key 'editors'");
	expect_error(with("posts", NULL), 1, "missing required key 'posts'");
	expect_error(with("posts", "posts: []"), 7, "'posts' lists no post");
	expect_error(with("editors", "editors:"), 6, "'editors' names no editor");
	expect_error(with("title", "title: ''"), 5, "the title is empty");
	expect_error("volume: 1\n", 1, "missing front matter");
}

Test(issuefile, bad_values_name_their_key)
{
	expect_error(with("volume", "volume: 0"), 2, "bad volume '0' (use a whole number");
	expect_error(with("number", "number: 10000"), 3, "bad number '10000'");
	expect_error(with("number", "number: three"), 3, "bad number 'three'");
	expect_error(with("number", "number: [3]"), 3, "'number' must be a single value");
	expect_error(with("month", "month: 2026-13"), 4, "bad month '2026-13' (use YYYY-MM");
	expect_error(with("month", "month: 2026-12-01"), 4, "bad month");
	expect_error(with("month", "month: December"), 4, "bad month 'December'");
	expect_error(with("title", "title: \"Two\\nlines\""), 5, "the title must be on one line");
	expect_error(with("posts", "posts: [a-post, Bad Slug]"), 7, "bad post slug 'Bad Slug'");
	expect_error(with("posts", "posts: [a-post, a-post]"), 7, "'a-post' is listed twice");
	expect_error(with("posts", "posts: {a: b}"), 7, "'posts' must be a list");
	expect_error(with("posts", "posts:\n  - a\n  -\n"), 9, "an empty item in 'posts'");
	expect_error(with("cover", "cover: picture.png"), 8, "bad cover 'picture.png'");
	expect_error(with("cover", "cover: " HASH ".svg"), 8, "bad cover");
	expect_error(with("visibility", "visibility: secret"), 8,
		     "bad visibility 'secret' (use public or members)");
	expect_error(with("titel", "titel: x"), 8, "unknown key 'titel' (did you mean 'title'?)");
	expect_error(with("volume", "volume: 1\nvolume: 2"), 3, "duplicate key 'volume'");
}

Test(issuefile, bounds)
{
	char big[8192];
	size_t o = (size_t)snprintf(big, sizeof(big),
				    "---\nvolume: 1\nnumber: 1\nmonth: 2026-12\n"
				    "title: T\neditors: E\nposts: [");
	for (int i = 0; i <= ISSUE_MAX_POSTS; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o, "%sp%d", i ? ", " : "", i);
	snprintf(big + o, sizeof(big) - o, "]\n---\n");
	expect_error(big, 7, "too many posts (at most 100");
	char editor[200];
	memset(editor, 'e', sizeof(editor));
	snprintf(editor, sizeof(editor), "editors: [%.*s]", ISSUE_EDITOR_MAX + 1,
		 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
		 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
	expect_error(with("editors", editor), 6, "an editor's name is 101 bytes long");
	expect_error("---\nvolume: 1\n\x01\xff---\n", 3, "invalid UTF-8");
	cr_expect(issuefile_media_name(HASH ".gif"));
	cr_expect(!issuefile_media_name(HASH ".GIF"));
	cr_expect(!issuefile_media_name("../" HASH ".png"));
}
