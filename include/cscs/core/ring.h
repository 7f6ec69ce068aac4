/*
 * A ring of slots filled ahead by a second thread: the synchronisation
 * both the CSV reader's read-ahead (src/intake/csv.c) and a query's rows
 * read ahead (src/store/rows.c) use. The filling thread takes a free slot
 * (cscs_ring_fill), fills it, and hands it over (cscs_ring_filled); the
 * caller takes the slots in order (cscs_ring_take) and gives each back
 * when done with it (cscs_ring_done). The slots themselves, and what is
 * in them, are the user's; the ring counts and waits.
 */
#ifndef CSCS_CORE_RING_H
#define CSCS_CORE_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct cscs_ring {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t slots;    /* how many */
	size_t filled;   /* slots handed over so far */
	size_t done;     /* slots given back so far */
	bool stop;       /* the caller wants no more */
};

/*
 * Start fill(arg) on a second thread over a ring of slots slots. False when
 * no thread (or mutex) can be had: the caller then does the work itself.
 */
bool cscs_ring_start(struct cscs_ring *g, size_t slots, void *(*fill)(void *), void *arg);

/* The filling thread: wait for a free slot; its index, or -1 when the caller has stopped the ring. */
long cscs_ring_fill(struct cscs_ring *g);

/* The filling thread: the slot cscs_ring_fill gave is filled. */
void cscs_ring_filled(struct cscs_ring *g);

/* The caller: wait for the next filled slot; its index. */
size_t cscs_ring_take(struct cscs_ring *g);

/* The caller: done with the slot cscs_ring_take gave last, which may be filled again. */
void cscs_ring_done(struct cscs_ring *g);

/* The caller: stop the filling thread (it ends at its next cscs_ring_fill), wait for it, and free the ring. */
void cscs_ring_stop(struct cscs_ring *g);

#endif
