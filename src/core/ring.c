#include "cscs/core/ring.h"

bool cscs_ring_start(struct cscs_ring *g, size_t slots, void *(*fill)(void *), void *arg)
{
	g->slots = slots;
	g->filled = g->done = 0;
	g->stop = false;
	if (pthread_mutex_init(&g->mu, NULL) != 0)
		return false;
	if (pthread_cond_init(&g->cv, NULL) != 0) {
		pthread_mutex_destroy(&g->mu);
		return false;
	}
	if (pthread_create(&g->thread, NULL, fill, arg) != 0) {
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		return false;
	}
	return true;
}

long cscs_ring_fill(struct cscs_ring *g)
{
	pthread_mutex_lock(&g->mu);
	while (g->filled - g->done == g->slots && !g->stop)
		pthread_cond_wait(&g->cv, &g->mu);
	long slot = g->stop ? -1 : (long)(g->filled % g->slots);
	pthread_mutex_unlock(&g->mu);
	return slot;
}

/* One more slot filled or given back: the other side may be waiting for it. */
static void count(struct cscs_ring *g, size_t *n)
{
	pthread_mutex_lock(&g->mu);
	(*n)++;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

void cscs_ring_filled(struct cscs_ring *g)
{
	count(g, &g->filled);
}

size_t cscs_ring_take(struct cscs_ring *g)
{
	pthread_mutex_lock(&g->mu);
	while (g->filled == g->done)
		pthread_cond_wait(&g->cv, &g->mu);
	size_t slot = g->done % g->slots;
	pthread_mutex_unlock(&g->mu);
	return slot;
}

void cscs_ring_done(struct cscs_ring *g)
{
	count(g, &g->done);
}

void cscs_ring_stop(struct cscs_ring *g)
{
	pthread_mutex_lock(&g->mu);
	g->stop = true;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
}
