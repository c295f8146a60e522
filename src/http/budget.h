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
struct budget *budget_new(double burst, double per_second, unsigned at_once);
void budget_free(struct budget *b);

/*
 * Whether key may start uncached work at now_ns (CLOCK_MONOTONIC): 0 when it may (the work is
 * then under way until budget_charge); otherwise the seconds to wait (at least 1): its budget
 * is spent, or at_once pieces of its work are under way already, so that one address never
 * keeps more than that many of the server's threads.
 */
int budget_check(struct budget *b, const char *key, long long now_ns);
/* The work begun by a granted budget_check is done: charges key the seconds it took. */
void budget_charge(struct budget *b, const char *key, double seconds, long long now_ns);

#endif
