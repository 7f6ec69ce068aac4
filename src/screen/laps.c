#include "cscs/screen/laps.h"

#include <time.h>

static void now(double *wall, double *cpu)
{
	struct timespec w, c;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	*wall = (double)w.tv_sec + (double)w.tv_nsec / 1e9;
	*cpu = (double)c.tv_sec + (double)c.tv_nsec / 1e9;
}

void cscs_laps_start(struct cscs_laps *l, double *seconds, double *cpu_seconds)
{
	l->seconds = seconds;
	l->cpu_seconds = cpu_seconds;
	now(&l->wall, &l->cpu);
}

void cscs_lap(struct cscs_laps *l, int phase)
{
	double wall, cpu;
	now(&wall, &cpu);
	if (phase >= 0) {
		l->seconds[phase] += wall - l->wall;
		l->cpu_seconds[phase] += cpu - l->cpu;
	}
	l->wall = wall;
	l->cpu = cpu;
}
