/* clock: the wall clock the program reads, which tests can set (a test clock, not sleeps). */
#ifndef BS_CLOCK_H
#define BS_CLOCK_H

/*
 * Seconds since the epoch. When the environment names a file in BROADSIDE_TEST_CLOCK, the time
 * is read from it instead: a number of seconds since the epoch, or "+N" for N seconds past the
 * real time, so that a test moves time forward by writing the file (retries, schedules and
 * expiries then follow at once, without waiting). The file is read again whenever it changes.
 */
long long clock_now(void);

#endif
