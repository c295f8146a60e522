/* fuzz_bundle: an export bundle as a hostile sender may shape it: the archive (given as its
 * tar, gzipped here so that mutations reach the entries, or as gzip bytes when it starts with
 * gzip's magic), the manifest, every entry's size and sha256, and each section's rows, read as
 * `import bundle` reads them without writing anything. */
#include "port/bundle.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		bundle_check_memory(data, size, err, sizeof(err));
		return 0;
	}
	/* A gzip member of the bytes, as broadside writes them. */
	z_stream z = {0};
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	uLong bound = deflateBound(&z, (uLong)size) + 64;
	unsigned char *gz = malloc(bound);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)size;
	z.next_out = gz;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	size_t n = bound - z.avail_out;
	deflateEnd(&z);
	/* An error is one message, cut to its room. */
	if (rc == Z_STREAM_END && bundle_check_memory(gz, n, err, sizeof(err)) != 0 &&
	    strnlen(err, sizeof(err)) == sizeof(err))
		abort();
	free(gz);
	return 0;
}
