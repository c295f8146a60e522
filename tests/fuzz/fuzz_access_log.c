/* fuzz_access_log: any method, target, Referer, User-Agent and address make one log line whose
 * fields hold no raw quote, and no query string or fragment of the target or Referer. */
#include "http/access_log.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether the text between the quotes of field k (0: request, 1: Referer, 2: agent) has a
 * '"' not escaped by a backslash; the line's own quotes are the fields' ends. */
static int unescaped_quote_inside(const char *line)
{
	const char *p = strchr(line, '"');
	for (int k = 0; k < 3; k++) {
		if (!p)
			return 1;
		p++;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		if (*p != '"')
			return 1;
		p = strchr(p + 1, '"');
	}
	return p != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Five NUL-separated fields: address, method, target, Referer, agent. */
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	const char *f[5] = {"", "", "", "", ""};
	const char *p = s;
	for (int i = 0; i < 5 && p <= s + size; i++) {
		f[i] = p;
		p += strlen(p) + 1;
	}
	struct access_entry e = {.addr = f[0],
				 .method = f[1],
				 .target = f[2],
				 .protocol = "HTTP/1.1",
				 .status = (unsigned)size,
				 .bytes = size,
				 .referer = f[3],
				 .user_agent = f[4],
				 .time = (long long)size * 7919};
	for (int full = 0; full < 2; full++) {
		struct buf b = {0};
		access_log_format(&b, &e, full);
		const char *line = buf_str(&b);
		if (b.len == 0 || line[b.len - 1] != '\n' || memchr(line, '\n', b.len - 1) ||
		    strlen(line) != b.len)
			abort();
		for (size_t i = 0; i + 1 < b.len; i++)
			if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] >= 0x7f)
				abort();
		if (unescaped_quote_inside(line))
			abort();
		if (b.len > 200 + 5 * 4 * ACCESS_LOG_FIELD_MAX)
			abort();
		buf_free(&b);
	}
	/* The target is written up to its '?', the Referer up to its '?' or '#'. */
	struct access_entry g = e;
	g.method = "GET";
	struct buf b = {0};
	access_log_format(&b, &g, 0);
	const char *start = strstr(b.data, "\"GET ");
	const char *end = start ? strstr(start, " HTTP/1.1\" ") : NULL;
	if (!end)
		abort();
	for (const char *c = start; c < end; c++)
		if (*c == '?')
			abort();
	const char *ref = strchr(end + 10, '"');
	if (!ref)
		abort();
	for (const char *c = ref + 1; *c && *c != '"'; c++) {
		if (*c == '?' || *c == '#')
			abort();
		if (*c == '\\' && c[1])
			c++;
	}
	buf_free(&b);
	free(s);
	return 0;
}
