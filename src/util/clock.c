/* clock: time(), or the time a test writes into the file BROADSIDE_TEST_CLOCK names. */

#include "util/clock.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *path;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec seen; /* the file's mtime when last read */
static long long fixed, offset;
static int relative;

static void init(void)
{
	const char *p = getenv("BROADSIDE_TEST_CLOCK");
	path = p && *p ? p : NULL;
}

long long clock_now(void)
{
	pthread_once(&once, init);
	long long now = (long long)time(NULL);
	if (!path)
		return now;
	struct stat sb;
	pthread_mutex_lock(&lock);
	if (stat(path, &sb) == 0 &&
	    (sb.st_mtim.tv_sec != seen.tv_sec || sb.st_mtim.tv_nsec != seen.tv_nsec)) {
		FILE *f = fopen(path, "r");
		char line[64];
		if (f && fgets(line, sizeof(line), f)) {
			relative = line[0] == '+';
			long long v = strtoll(line + relative, NULL, 10);
			if (relative)
				offset = v;
			else
				fixed = v;
			seen = sb.st_mtim;
		}
		if (f)
			fclose(f);
	}
	long long t = relative ? now + offset : fixed ? fixed : now;
	pthread_mutex_unlock(&lock);
	return t;
}
