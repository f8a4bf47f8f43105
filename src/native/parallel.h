/*
 * Runs the parts of one computation on persistent helper threads (ple's own
 * sgemm, sgemm.c, splits a large product in parts).
 */
#ifndef PLE_PARALLEL_H
#define PLE_PARALLEL_H

enum { PLE_PARALLEL_MAX = 64 };

/*
 * Runs work(arg, i) for every i in [0, count), count ≤ PLE_PARALLEL_MAX:
 * part 0 on the calling thread, the others on helper threads started on
 * first use and kept for the next calls; returns when every part is done.
 * While another thread's call has the helpers, or where a helper cannot be
 * started, the parts run on the calling thread one after another.
 */
void ple_parallel(int count, void (*work)(void *arg, int i), void *arg);

#endif
