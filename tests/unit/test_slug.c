/* test_slug: slugify() output and what slug_valid() accepts. */
#include "post/slug.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static void expect_slug(const char *title, const char *want)
{
	char *got = slugify(title);
	cr_expect_str_eq(got, want, "slugify(\"%s\")", title);
	cr_expect(slug_valid(got), "slugify(\"%s\") = \"%s\" is not valid", title, got);
	free(got);
}

Test(slug, ascii_titles)
{
	expect_slug("Hello, World!", "hello-world");
	expect_slug("  Leading and trailing  ", "leading-and-trailing");
	expect_slug("C17 & libyaml: a -- review", "c17-libyaml-a-review");
	expect_slug("Don't panic", "don-t-panic");
	expect_slug("snake_case_title", "snake-case-title");
	expect_slug("2026", "2026");
	expect_slug("already-a-slug", "already-a-slug");
	expect_slug("---", "post");
	expect_slug("", "post");
	expect_slug("!!!", "post");
	expect_slug("tab\tand\nnewline", "tab-and-newline");
}

Test(slug, other_scripts)
{
	expect_slug("Über Straßen", "Über-straßen");
	expect_slug("Ελληνικά νέα", "Ελληνικά-νέα");
	expect_slug("Привет, мир", "Привет-мир");
	expect_slug("日本語のタイトル", "日本語のタイトル");
	expect_slug("東京・大阪", "東京-大阪");
	expect_slug("مرحبا بالعالم؟", "مرحبا-بالعالم");
	expect_slug("café — crème", "café-crème");
	/* A combining accent stays with its letter. */
	expect_slug("cafe\xcc\x81 time", "cafe\xcc\x81-time");
}

Test(slug, symbols_and_emoji_separate)
{
	expect_slug("I ❤ C", "i-c");
	expect_slug("rocket 🚀 launch", "rocket-launch");
	expect_slug("price: 5 €", "price-5");
	expect_slug("«quoted»", "quoted");
	expect_slug("a\xc2\xa0"
		    "b",
		    "a-b");				    /* no-break space */
	expect_slug("zero\xe2\x80\x8bwidth", "zero-width"); /* U+200B */
	expect_slug("a\xef\xbb\xbf"
		    "b",
		    "a-b"); /* U+FEFF */
}

Test(slug, invalid_utf8_separates)
{
	expect_slug("bad\xff"
		    "byte",
		    "bad-byte");
	expect_slug("cut\xe6\x97", "cut");
	expect_slug("\xc0\xaf", "post");
}

Test(slug, length_cut_on_character_boundary)
{
	char title[400];
	memset(title, 'a', 100);
	title[100] = '\0';
	char *s = slugify(title);
	cr_expect_eq(strlen(s), 80);
	free(s);

	/* 79 ASCII letters, then a 2-byte letter that no longer fits. */
	memset(title, 'b', 79);
	strcpy(title + 79, "éé");
	s = slugify(title);
	cr_expect_eq(strlen(s), 79);
	cr_expect(slug_valid(s));
	free(s);

	/* 3-byte letters: 26 of them fill 78 bytes, the 27th would pass 80. */
	title[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(title, "語");
	s = slugify(title);
	cr_expect_eq(strlen(s), 78);
	cr_expect(slug_valid(s));
	free(s);

	/* A cut right after a separator must not leave a trailing '-'. */
	memset(title, 'c', 80);
	strcpy(title + 80, " more words");
	s = slugify(title);
	cr_expect_eq(strlen(s), 80);
	cr_expect_neq(s[79], '-');
	free(s);
	memset(title, 'c', 79);
	strcpy(title + 79, " d");
	s = slugify(title);
	cr_expect_eq(strlen(s), 79);
	free(s);
}

Test(slug, valid_slugs)
{
	const char *good[] = {"a",	"hello-world", "2026-recap", "über-uns",
			      "日本語", "x1-y2-z3",    "Ελληνικά"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		cr_expect(slug_valid(good[i]), "refused \"%s\"", good[i]);
		char *again = slugify(good[i]);
		cr_expect_str_eq(again, good[i], "valid slugs are fixed points of slugify");
		free(again);
	}
	char max[81];
	memset(max, 'z', 80);
	max[80] = '\0';
	cr_expect(slug_valid(max));
}

Test(slug, invalid_slugs)
{
	const char *bad[] = {"",
			     "-a",
			     "a-",
			     "a--b",
			     "Hello",
			     "a b",
			     "a_b",
			     "a/b",
			     "a.b",
			     "a%20b",
			     "\xff",
			     "a\xe2\x80\x8b"
			     "b",
			     "🚀",
			     "café!",
			     "-",
			     "a\xc2\xa0"
			     "b"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect(!slug_valid(bad[i]), "accepted \"%s\"", bad[i]);
	char toolong[82];
	memset(toolong, 'z', 81);
	toolong[81] = '\0';
	cr_expect(!slug_valid(toolong));
}

Test(slug, letter_classes)
{
	cr_expect(slug_is_letter(0xE9));   /* é */
	cr_expect(slug_is_letter(0xAA));   /* ª */
	cr_expect(slug_is_letter(0x0416)); /* Ж */
	cr_expect(slug_is_letter(0x0301)); /* combining acute */
	cr_expect(slug_is_letter(0x0663)); /* Arabic-Indic three */
	cr_expect(slug_is_letter(0x4E2D)); /* 中 */
	cr_expect(slug_is_letter(0x1F600) == 0);
	cr_expect(slug_is_letter(0x2014) == 0); /* em dash */
	cr_expect(slug_is_letter(0x3001) == 0); /* ideographic comma */
	cr_expect(slug_is_letter(0xFF01) == 0); /* fullwidth ! */
	cr_expect(slug_is_letter(0xE000) == 0); /* private use */
	cr_expect(slug_is_letter(0xFFFD) == 0);
	cr_expect(slug_is_letter(0x1FFFE) == 0); /* noncharacter */
	cr_expect(slug_is_letter('a') == 0);	 /* ASCII is not this function's business */
	cr_expect(slug_is_letter(0x110000) == 0);
}
