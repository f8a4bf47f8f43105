/*
 * ple_fma_peak (peak.h): a throughput probe. Each thread runs CHAINS
 * independent accumulators through fused multiply-adds, more chains than an
 * FMA's latency × its issue rate, so the units never wait for a result; the
 * operands stay in registers, so memory plays no part. What it reaches is
 * the peak a matrix product's micro-kernel of the same width could.
 */
#define _POSIX_C_SOURCE 200809L
#include "peak.h"
#include <pthread.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { CHAINS = 12, MAX_THREADS = 64 };

struct probe {
  int width;
  long iters;
  float sink;
};

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static float run_avx2(long iters) {
  __m256 acc[CHAINS];
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_set1_ps((float)c);
  for (long i = 0; i < iters; i++) {
#pragma GCC unroll 12
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_fmadd_ps(acc[c], x, y);
  }
  __m256 s = acc[0];
  for (int c = 1; c < CHAINS; c++) s = _mm256_add_ps(s, acc[c]);
  return _mm256_cvtss_f32(s);
}

__attribute__((target("avx512f"))) static float run_avx512(long iters) {
  __m512 acc[CHAINS];
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_set1_ps((float)c);
  for (long i = 0; i < iters; i++) {
#pragma GCC unroll 12
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_fmadd_ps(acc[c], x, y);
  }
  __m512 s = acc[0];
  for (int c = 1; c < CHAINS; c++) s = _mm512_add_ps(s, acc[c]);
  return _mm512_reduce_add_ps(s);
}
#endif

static int supported(int width) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (width == 8) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (width == 16) return __builtin_cpu_supports("avx512f");
#endif
  (void)width;
  return 0;
}

static void *probe_thread(void *arg) {
  struct probe *p = arg;
#if defined(__x86_64__)
  p->sink = p->width == 16 ? run_avx512(p->iters) : run_avx2(p->iters);
#endif
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double ple_fma_peak(int width, int threads, long iters) {
  if (!supported(width) || iters < 1) return 0;
  if (threads < 1) threads = 1;
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  struct probe probes[MAX_THREADS];
  pthread_t ids[MAX_THREADS];
  for (int t = 0; t < threads; t++) probes[t] = (struct probe){width, iters, 0};
  int running[MAX_THREADS] = {0};
  const double start = now();
  for (int t = 1; t < threads; t++) running[t] = pthread_create(&ids[t], NULL, probe_thread, &probes[t]) == 0;
  probe_thread(&probes[0]);
  int ran = 1;
  for (int t = 1; t < threads; t++) {
    if (running[t]) pthread_join(ids[t], NULL);
    ran += running[t];
  }
  const double seconds = now() - start;
  /* a thread that could not start ran nothing: count the ones that did */
  return seconds > 0 ? 2.0 * width * CHAINS * (double)iters * ran / seconds : 0;
}
