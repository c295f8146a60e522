/* forget: the thread of `serve` that forgets on time what the reports feature holds in memory:
 * unlocked committee keys after 30 minutes, throttle counts after an hour. */
#ifndef BS_FORGET_H
#define BS_FORGET_H

/* Starts the thread (it looks every few seconds); 0, or -1 when it cannot be started. */
int forget_start(void);
/* Stops it and wipes every unlocked key. */
void forget_stop(void);

#endif
