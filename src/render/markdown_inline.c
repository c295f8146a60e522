/* markdown_inline: character classes, hashtag and handle scanning, case folding for Markdown. */
#include "render/markdown_int.h"
#include "util/buf.h"
#include "util/utf8.h"

static int ascii_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Non-ASCII ranges that are spaces, punctuation or symbols rather than letters. Sorted. */
static const uint32_t not_letters[][2] = {
    {0x0080, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x2000, 0x206F}, {0x2190, 0x2BFF},
    {0x2E00, 0x2E7F}, {0x3000, 0x303F}, {0xFE30, 0xFE4F}, {0xFEFF, 0xFEFF}, {0xFF00, 0xFF0F},
    {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF},
};

int md_is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_alpha(cp);
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	for (size_t i = 0; i < sizeof not_letters / sizeof not_letters[0]; i++) {
		if (cp < not_letters[i][0])
			return 1;
		if (cp <= not_letters[i][1])
			return 0;
	}
	return 1;
}

int md_is_word(uint32_t cp)
{
	return ascii_digit(cp) || cp == '_' || md_is_letter(cp);
}

int md_is_space(uint32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '\n':
	case '\r':
	case '\f':
	case '\v':
	case 0x00A0:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202F:
	case 0x205F:
	case 0x3000:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

int md_is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x31FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

uint32_t md_last_cp(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	/* Step back over at most three continuation bytes to the lead byte. */
	size_t i = n - 1;
	while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	uint32_t cp;
	size_t len = utf8_decode(s + i, n - i, &cp);
	return i + len == n ? cp : 0xFFFD;
}

int md_tag_may_start(uint32_t prev)
{
	return !md_is_word(prev) && prev != '#' && prev != '&';
}

int md_handle_may_start(uint32_t prev)
{
	return !md_is_word(prev) && prev != '@';
}

size_t md_tag_len(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	int letter = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		if (c < 0x80) {
			if (ascii_alpha(c))
				letter = 1;
			else if (!ascii_digit(c) && c != '_')
				break;
		} else {
			uint32_t cp;
			len = utf8_decode(s + i, n - i, &cp);
			if (!md_is_letter(cp))
				break;
			letter = 1;
		}
		/* Too long a run is no hashtag rather than a hashtag of its first part. */
		if (++count > MD_TAG_MAX)
			return 0;
		i += len;
	}
	return letter ? i : 0;
}

size_t md_handle_len(const char *s, size_t n)
{
	size_t i = 0;
	while (
	    i < n && i <= MD_HANDLE_MAX &&
	    (ascii_alpha((unsigned char)s[i]) || ascii_digit((unsigned char)s[i]) || s[i] == '_'))
		i++;
	if (i == 0 || i > MD_HANDLE_MAX)
		return 0;
	if (i < n) {
		uint32_t next;
		utf8_decode(s + i, n - i, &next);
		if (md_is_word(next) || next == '@')
			return 0;
	}
	return i;
}

uint32_t md_fold_cp(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17F) {
		/* Latin Extended-A pairs upper/lower, even/odd except in two stretches. */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c + 1 : c;
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
			return c;
		if (c == 0x178)
			return 0xFF;
		return (c & 1) ? c : c + 1;
	}
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 32;
	if (c == 0x3C2)
		return 0x3C3;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	if (c >= 0xFF21 && c <= 0xFF3A)
		return c + 32;
	return c;
}

void md_fold(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t start = i;
		while (i < n && (unsigned char)s[i] < 0x80 && !(s[i] >= 'A' && s[i] <= 'Z'))
			i++;
		buf_put(out, s + start, i - start);
		if (i >= n)
			break;
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		uint32_t f = md_fold_cp(cp);
		if (f == cp)
			buf_put(out, s + i, len);
		else
			md_put_utf8(out, f);
		i += len;
	}
}
