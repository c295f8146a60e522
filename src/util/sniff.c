/* sniff: one libmagic handle a thread (a handle is not shared between threads), loaded on first
 * use and closed when its thread ends. */
#include "util/sniff.h"

#include <magic.h>
#include <pthread.h>
#include <stddef.h>

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void close_handle(void *m)
{
	magic_close(m);
}

static void make_key(void)
{
	pthread_key_create(&key, close_handle);
}

static magic_t handle(void)
{
	pthread_once(&once, make_key);
	magic_t m = pthread_getspecific(key);
	if (!m) {
		m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
		if (m && magic_load(m, NULL) != 0) {
			magic_close(m);
			m = NULL;
		}
		if (m)
			pthread_setspecific(key, m);
	}
	return m;
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
