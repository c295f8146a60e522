/* slug: URL path words made from post titles, and the check for slugs writers give. */
#include "post/slug.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <string.h>

struct cp_range {
	uint32_t lo, hi;
};

/*
 * Non-letters above U+007F, sorted. Deliberately coarse: whole blocks of symbols go, and only
 * the punctuation of the more widely written scripts is picked out one by one. A stray symbol
 * that slips through makes an odd slug, not an unsafe one; the ASCII rules are exact.
 */
static const struct cp_range not_letters[] = {
    {0x0080, 0x00A9},	 {0x00AB, 0x00B4},   {0x00B6, 0x00B9},	 {0x00BB, 0x00BF},
    {0x00D7, 0x00D7},	 {0x00F7, 0x00F7},   {0x02C2, 0x02C5},	 {0x02D2, 0x02DF},
    {0x02E5, 0x02EB},	 {0x02ED, 0x02ED},   {0x02EF, 0x02FF},	 {0x037E, 0x037E},
    {0x0384, 0x0385},	 {0x0387, 0x0387},   {0x055A, 0x055F},	 {0x0589, 0x058A},
    {0x058D, 0x058F},	 {0x05BE, 0x05BE},   {0x05C0, 0x05C0},	 {0x05C3, 0x05C3},
    {0x05C6, 0x05C6},	 {0x05F3, 0x05F4},   {0x0600, 0x060F},	 {0x061B, 0x061F},
    {0x066A, 0x066D},	 {0x06D4, 0x06D4},   {0x06DD, 0x06DE},	 {0x06E9, 0x06E9},
    {0x0964, 0x0965},	 {0x0970, 0x0970},   {0x0E3F, 0x0E3F},	 {0x0E4F, 0x0E4F},
    {0x0E5A, 0x0E5B},	 {0x10FB, 0x10FB},   {0x1360, 0x1368},	 {0x166D, 0x166E},
    {0x1680, 0x1680},	 {0x169B, 0x169C},   {0x16EB, 0x16ED},	 {0x17D4, 0x17D6},
    {0x17D8, 0x17DB},	 {0x1800, 0x180A},   {0x180E, 0x180E},	 {0x1FBD, 0x1FBD},
    {0x1FBF, 0x1FC1},	 {0x1FCD, 0x1FCF},   {0x1FDD, 0x1FDF},	 {0x1FED, 0x1FEF},
    {0x1FFD, 0x1FFE},	 {0x2000, 0x2BFF},   {0x2CF9, 0x2CFC},	 {0x2CFE, 0x2CFF},
    {0x2E00, 0x2FFF},	 {0x3000, 0x3004},   {0x3008, 0x3020},	 {0x3030, 0x3030},
    {0x3036, 0x3037},	 {0x303D, 0x303F},   {0x309B, 0x309C},	 {0x30A0, 0x30A0},
    {0x30FB, 0x30FB},	 {0x31C0, 0x31EF},   {0x3200, 0x33FF},	 {0x4DC0, 0x4DFF},
    {0xA490, 0xA4CF},	 {0xA4FE, 0xA4FF},   {0xA60D, 0xA60F},	 {0xA6F2, 0xA6F7},
    {0xA700, 0xA716},	 {0xA720, 0xA721},   {0xA789, 0xA78A},	 {0xA828, 0xA82B},
    {0xA836, 0xA839},	 {0xA874, 0xA877},   {0xD800, 0xF8FF},	 {0xFB29, 0xFB29},
    {0xFD3E, 0xFD3F},	 {0xFDD0, 0xFDEF},   {0xFDFC, 0xFDFF},	 {0xFE00, 0xFE1F},
    {0xFE30, 0xFE6F},	 {0xFEFF, 0xFEFF},   {0xFF00, 0xFF0F},	 {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40},	 {0xFF5B, 0xFF65},   {0xFFE0, 0xFFFF},	 {0x10100, 0x1013F},
    {0x1D000, 0x1D24F},	 {0x1D300, 0x1D35F}, {0x1F000, 0x1FBFF}, {0xE0000, 0xE0FFF},
    {0xF0000, 0x10FFFF},
};

int slug_is_letter(uint32_t cp)
{
	if (cp < 0x80 || cp > 0x10FFFF || (cp & 0xFFFE) == 0xFFFE)
		return 0;
	size_t lo = 0, hi = sizeof not_letters / sizeof not_letters[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < not_letters[mid].lo)
			hi = mid;
		else if (cp > not_letters[mid].hi)
			lo = mid + 1;
		else
			return 0;
	}
	return 1;
}

static int ascii_slug_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int slug_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	size_t i = 0;
	while (i < n) {
		if (s[i] == '-') {
			if (s[i + 1] == '-')
				return 0;
			i++;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			if (!ascii_slug_char(s[i]))
				return 0;
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		/* A literal U+FFFD is not a letter either, so decode errors need no check. */
		if (!slug_is_letter(cp))
			return 0;
		i += len;
	}
	return 1;
}

char *slugify(const char *title)
{
	char out[SLUG_MAX + 1];
	size_t len = 0, n = strlen(title), i = 0;
	int gap = 0; /* a separator was seen since the last kept character */
	while (i < n) {
		char lower = title[i];
		const char *keep = NULL;
		size_t klen = 1;
		if ((unsigned char)title[i] < 0x80) {
			if (lower >= 'A' && lower <= 'Z')
				lower = (char)(lower - 'A' + 'a');
			if (ascii_slug_char(lower))
				keep = &lower;
			i++;
		} else {
			uint32_t cp;
			klen = utf8_decode(title + i, n - i, &cp);
			if (slug_is_letter(cp))
				keep = title + i;
			i += klen;
		}
		if (!keep) {
			gap = 1;
			continue;
		}
		/* The dash is written only before a kept character, so none ever ends the slug. */
		size_t dash = gap && len > 0;
		if (len + dash + klen > SLUG_MAX)
			break;
		if (dash)
			out[len++] = '-';
		memcpy(out + len, keep, klen);
		len += klen;
		gap = 0;
	}
	if (len == 0)
		return xstrdup("post");
	return xstrndup(out, len);
}

/* A tag's characters: letters of any script, digits and '_'. */
static size_t tag_char(const char *s, size_t n)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '_';
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);
	return slug_is_letter(cp) ? len : 0;
}

void slug_tag_of_words(const char *s, char out[65])
{
	size_t n = strlen(s), o = 0;
	int gap = 0, words = 0;
	for (size_t i = 0; i < n;) {
		size_t len = tag_char(s + i, n - i);
		if (!len) {
			uint32_t cp;
			i += utf8_decode(s + i, n - i, &cp);
			gap = o > 0;
			continue;
		}
		if (o + len > 64)
			break;
		memcpy(out + o, s + i, len);
		words += gap || o == 0;
		if (gap && out[o] >= 'a' && out[o] <= 'z')
			out[o] = (char)(out[o] - 'a' + 'A');
		o += len;
		i += len;
		gap = 0;
	}
	out[o] = '\0';
	if (words > 1 && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

const char *const slug_reserved_names[] = {
    "admin",	 "posts",	"tag",	       "archive",     "search",	    "moderation", "media",
    "journal",	 "resolutions", "report",      "committee",   "members",    "subscribe",  "inbox",
    "users",	 "nodeinfo",	".well-known", "sitemap.xml", "robots.txt", "style.css",  "feed.*",
    "summary.*", "unsubscribe", "avatars",     "actor",	      "api",	    "blocks",	  "copy.js",
    "press",	 "favicon.*",	"older",       "newer",	      NULL,
};

int slug_reserved(const char *slug)
{
	for (int i = 0; slug_reserved_names[i]; i++) {
		const char *r = slug_reserved_names[i];
		size_t n = strlen(r);
		if (r[n - 1] == '*' ? strncmp(slug, r, n - 1) == 0 : strcmp(slug, r) == 0)
			return 1;
	}
	return 0;
}
