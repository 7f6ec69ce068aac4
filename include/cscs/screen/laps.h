/* Phase timing of screening and of the list index (--timings): wall clock and processor time. */
#ifndef CSCS_SCREEN_LAPS_H
#define CSCS_SCREEN_LAPS_H

struct cscs_laps {
	double *seconds;     /* per phase: wall clock, added to */
	double *cpu_seconds; /* per phase: processor time (all threads), added to */
	double wall, cpu;    /* the clocks at the last lap */
};

/* Start the clocks; the phases' times are added to seconds[] and cpu_seconds[]. */
void cscs_laps_start(struct cscs_laps *l, double *seconds, double *cpu_seconds);

/* The time since the last lap goes to phase (to none when phase < 0). */
void cscs_lap(struct cscs_laps *l, int phase);

#endif
