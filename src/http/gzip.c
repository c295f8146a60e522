/* gzip: compressing a response body once, for clients that accept gzip. */
#include "http/gzip.h"
#include "util/buf.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

int gzip_compress(const char *data, size_t len, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16 asks zlib for a gzip header and trailer. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t bound = deflateBound(&z, (uLong)len);
	buf_grow(out, bound);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	if (rc == Z_STREAM_END)
		out->len += bound - z.avail_out;
	deflateEnd(&z);
	if (out->data)
		out->data[out->len] = '\0';
	return rc == Z_STREAM_END ? 0 : -1;
}

int gzip_accepted(const char *ae)
{
	if (!ae)
		return 0;
	for (const char *p = ae; (p = strcasestr(p, "gzip")) != NULL; p += 4) {
		int starts = p == ae || p[-1] == ',' || p[-1] == ' ' || p[-1] == '\t';
		const char *e = p + 4;
		while (*e == ' ' || *e == '\t')
			e++;
		if (!starts || (*e && *e != ',' && *e != ';'))
			continue;
		if (*e == ';') {
			const char *q = strchr(e, '=');
			const char *comma = strchr(e, ',');
			if (q && (!comma || q < comma)) {
				q++;
				while (*q == ' ')
					q++;
				/* q=0, q=0.0, q=0.000 refuse it. */
				if (q[0] == '0' &&
				    (q[1] != '.' || strspn(q + 2, "0") == strcspn(q + 2, ", \t")))
					return 0;
			}
		}
		return 1;
	}
	return 0;
}
