/*
 * Progress of long work, for the command line to show: the library calls
 * a function now and then with how much is done (and of how much, when
 * that is known). The library never prints; the caller decides how often
 * to draw (cscs_cli_counter draws at most ten times a second, on a
 * terminal only).
 */
#ifndef CSCS_CORE_PROGRESS_H
#define CSCS_CORE_PROGRESS_H

#include <stdint.h>

struct cscs_progress {
	void (*fn)(void *ud, uint64_t done, uint64_t total); /* total 0: not known */
	void *ud;                                             /* the caller's */
};

/* Report done of total through p; p or its function may be NULL (nobody listens). */
static inline void cscs_progress_tick(const struct cscs_progress *p, uint64_t done, uint64_t total)
{
	if (p && p->fn)
		p->fn(p->ud, done, total);
}

#endif
