/* forget: one thread, woken every few seconds or to stop. */
#include "report/forget.h"
#include "report/throttle.h"
#include "report/unlock.h"
#include "util/clock.h"

#include <pthread.h>
#include <time.h>

/* Seconds between two looks: an unlocked key outlives its 30 minutes by this at most. */
#define FORGET_EVERY 5

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static int running, stop;

static void *loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stop) {
		pthread_mutex_unlock(&lock);
		long long now = clock_now();
		unlock_sweep(now);
		throttle_sweep(now);
		pthread_mutex_lock(&lock);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += FORGET_EVERY;
		if (!stop)
			pthread_cond_timedwait(&wake, &lock, &ts);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int forget_start(void)
{
	stop = 0;
	if (pthread_create(&thread, NULL, loop, NULL) != 0)
		return -1;
	running = 1;
	return 0;
}

void forget_stop(void)
{
	if (running) {
		pthread_mutex_lock(&lock);
		stop = 1;
		pthread_cond_signal(&wake);
		pthread_mutex_unlock(&lock);
		pthread_join(thread, NULL);
		running = 0;
	}
	/* Far in the future: every key is past its time. */
	unlock_sweep(1LL << 62);
}
