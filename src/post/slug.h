/* slug: URL path words made from post titles, and the check for slugs writers give. */
#ifndef BS_SLUG_H
#define BS_SLUG_H

#include <stdint.h>

#define SLUG_MAX 80

/*
 * 1 when s is a slug: 1..SLUG_MAX bytes of lowercase ASCII letters, digits, '-' and non-ASCII
 * letters (slug_is_letter) in UTF-8; no '-' at either end and never two in a row. These are
 * exactly the strings slugify() can return, so slugify(s) == s for every valid s.
 */
int slug_valid(const char *s);

/*
 * A slug for title: ASCII letters lowercased, digits and non-ASCII letters kept as they are,
 * every other run of characters (spaces, punctuation, symbols, emoji, invalid bytes) becomes
 * one '-', none at the ends; cut to at most SLUG_MAX bytes on a character boundary. "post" when
 * nothing is left. Never NULL; free() the result. Non-ASCII letters are not case-folded.
 */
char *slugify(const char *title);

/*
 * Whether a code point at or above U+0080 counts as a letter in slugs and tags. There is no
 * Unicode table here: everything counts except C1 controls, spaces, punctuation, symbols,
 * emoji, format characters, private use and noncharacters, listed by block. Combining marks
 * and digits of other scripts count, so words in any script survive.
 */
int slug_is_letter(uint32_t cp);

/*
 * A tag made of words as a writer types them ("Branch Democracy", "rent strike"): the words
 * (letters of any script, digits, '_') joined, each capitalized when there are several
 * (BranchDemocracy, RentStrike), one word kept as it is written ("iPhone"); everything else
 * is dropped. At most 64 bytes, cut on a character; "" when no word is left.
 */
void slug_tag_of_words(const char *s, char out[65]);

/*
 * The site's own first path segments, which no page may take as its slug (pages live at
 * /SLUG): admin, posts, tag, archive, search, moderation, media, journal, resolutions,
 * report, committee, members, subscribe, inbox, users, nodeinfo, .well-known, sitemap.xml,
 * robots.txt, style.css, older and newer (a listing's pages), and every feed.* and summary.*.
 * NULL-terminated; the one list.
 */
extern const char *const slug_reserved_names[];
/* 1 when a page may not have this slug (it is, or is a feed of, a reserved name). */
int slug_reserved(const char *slug);

#endif
