/* budget: how much uncached work each client address may ask for, so that random queries from
 * one address cannot keep every core busy. */
#ifndef BS_BUDGET_H
#define BS_BUDGET_H

struct budget;

/*
 * Work is counted in seconds of the server's time. Each address key (see guard_addr_key) may
 * spend up to burst seconds at once and earns per_second seconds each second. The table is
 * bounded: an address not seen for a while gives its place to a new one.
 */
struct budget *budget_new(double burst, double per_second);
void budget_free(struct budget *b);

/* Whether key may start uncached work at now_ns (CLOCK_MONOTONIC): 0 when it may; otherwise
 * the seconds until it may (at least 1). */
int budget_check(struct budget *b, const char *key, long long now_ns);
/* Charges key the seconds the work took. */
void budget_charge(struct budget *b, const char *key, double seconds, long long now_ns);

#endif
