/* wp_blocks: block delimiters out, their inner HTML kept, dynamic blocks counted. */
#include "port/wp_blocks.h"

#include <string.h>

/* The block delimiter at s (which starts with "<!--"): its length, 0 when it is none; *name and
 * *namelen its name, *dynamic when it closes itself. */
static size_t delimiter(const char *s, size_t n, const char **name, size_t *namelen, int *dynamic)
{
	size_t i = 4;
	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i < n && s[i] == '/')
		i++;
	if (n - i < 3 || memcmp(s + i, "wp:", 3) != 0)
		return 0;
	*name = s + i + 3;
	*namelen = strspn(*name, "abcdefghijklmnopqrstuvwxyz0123456789-_/");
	const char *end = memmem(s + 4, n - 4, "-->", 3);
	if (!end)
		return 0;
	*dynamic = end[-1] == '/';
	return (size_t)(end + 3 - s);
}

int wp_has_blocks(const char *s, size_t n)
{
	for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), "<!--", 4)) != NULL; p += 4) {
		const char *name;
		size_t len;
		int dyn;
		if (delimiter(p, n - (size_t)(p - s), &name, &len, &dyn))
			return 1;
	}
	return 0;
}

int wp_strip_blocks(const char *s, size_t n, struct buf *out, struct buf *dropped)
{
	int dynamic = 0, listed = 0;
	size_t at = 0;
	const char *p = s;
	while ((p = memmem(s + at, n - at, "<!--", 4)) != NULL) {
		size_t off = (size_t)(p - s);
		const char *name;
		size_t len;
		int dyn;
		size_t d = delimiter(p, n - off, &name, &len, &dyn);
		if (!d) {
			buf_put(out, s + at, off + 4 - at);
			at = off + 4;
			continue;
		}
		buf_put(out, s + at, off - at);
		at = off + d;
		if (dyn) {
			dynamic++;
			if (dropped && listed++ < 10)
				buf_printf(dropped, "%swp:%.*s", dropped->len ? " " : "", (int)len,
					   name);
		}
	}
	buf_put(out, s + at, n - at);
	return dynamic;
}
