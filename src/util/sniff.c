/* sniff: one libmagic handle a thread (a handle is not shared between threads), loaded once. */
#include "util/sniff.h"

#include <magic.h>
#include <stddef.h>

static __thread magic_t tls_magic;

static magic_t handle(void)
{
	if (!tls_magic) {
		tls_magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
		if (tls_magic && magic_load(tls_magic, NULL) != 0) {
			magic_close(tls_magic);
			tls_magic = NULL;
		}
	}
	return tls_magic;
}

const char *sniff_file(const char *path)
{
	magic_t m = handle();
	return m ? magic_file(m, path) : NULL;
}

const char *sniff_bytes(const void *data, size_t n)
{
	magic_t m = handle();
	return m && n ? magic_buffer(m, data, n) : NULL;
}
