/*
 * The machine's peak single-precision multiply-add rate, measured (peak.c),
 * for the benchmarks to state what fraction of it a model step reaches.
 */
#ifndef PLE_PEAK_H
#define PLE_PEAK_H

/*
 * Floating-point operations per second (a multiply-add counts 2) that
 * `threads` threads reach with independent fused multiply-adds `width`
 * floats wide (8: AVX2+FMA, 16: AVX-512F), each thread running `iters`
 * rounds; 0 where this CPU or build lacks that width.
 */
double ple_fma_peak(int width, int threads, long iters);

#endif
