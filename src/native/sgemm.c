/*
 * ple_sgemm (sgemm.h): a single-precision matrix product in the Goto/BLIS
 * manner, for machines without OpenBLAS.
 *
 * C is computed in MR×NR tiles by a micro-kernel that keeps the whole tile in
 * registers and, for each of kc steps, adds the outer product of MR values of
 * op(A) (a column) and NR values of op(B) (a row). It reads both from packed
 * copies laid out in that order, so one kernel serves every transpose flag, and
 * packing zero-pads partial tiles at the edges. Cache blocking: a kc×NR sliver
 * of B (16 KiB) stays in L1 while the kernel runs it against each MR×kc sliver
 * of an MC×kc block of A (144 KiB, in L2); the kc×nc block of B is reused by
 * every block of A.
 *
 * A fused product's bias and ReLU are applied by a second build of the
 * kernel as it stores each tile after its last k block (partial tiles and a
 * narrow C, computed as its transpose, get them in a pass instead).
 *
 * With more than one thread (ple_sgemm_set_threads), a large product is split
 * along C's longer side in whole tiles, one part per thread (parallel.c).
 * Every element of C is summed in the same order (k in blocks of kc, then
 * ascending within a block) wherever its tile lies, so the result does not
 * depend on the thread count.
 */
#include "sgemm.h"
#include "parallel.h"
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/*
 * MR×NR = 6×16: 12 accumulators of 8 floats, 2 rows of B and a broadcast of A
 * take 15 of AVX2's 16 registers. KC = 256 keeps a sliver of B in half of a
 * 32 KiB L1; MC = 144 keeps a block of A in a third of a 512 KiB L2 (Zen 3).
 */
enum { MR = 6, NR = 16, KC = 256, MC = 144, NC = 4096 };
/*
 * Products smaller than this many multiply-adds (about 25 µs on one core)
 * stay on one thread; a 1024×64·64×16 product ran 1.5× as fast on 2.
 */
#define THREAD_MIN_WORK (1 << 20)

/* C[i, j] = (add ? C[i, j] : 0) + Σ_p a[p·MR + i]·b[p·NR + j] for the MR×NR tile at c (row stride ldc). */
typedef void kernel_fn(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc, int add);
/*
 * The same, then a fused product's epilogue while the tile is in registers:
 * C[i, j] += bias[j] where bias is not NULL (NR values), then
 * C[i, j] = C[i, j] > 0 ? C[i, j] : 0 where relu. The bits are those of a
 * pass over C afterwards. Each kernel is one inlined body compiled twice, so
 * that the plain kernel has no trace of the epilogue.
 */
typedef void fused_fn(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc, int add, const float *bias, int relu);

/*
 * The portable kernel, in GCC vector extensions of 4 floats, which every
 * 64-bit target has in SIMD registers (SSE2, NEON). It runs the tile as two
 * 6×8 halves: 12 accumulators, 2 values of B and a broadcast of A fit in
 * SSE2's 16 registers (a 6×16 tile of them would spill).
 */
typedef float v4sf __attribute__((vector_size(16)));

static inline v4sf load4(const float *p) {
  v4sf v;
  memcpy(&v, p, sizeof v);
  return v;
}

typedef int v4si __attribute__((vector_size(16)));

/* C's row (add ? C + acc0|acc1 : acc0|acc1), 8 floats at c, then the epilogue (fused_fn). */
__attribute__((always_inline)) static inline void store_row_generic(float *c, v4sf acc0, v4sf acc1, int add, const float *bias,
                                                                     int relu) {
  if (add) {
    acc0 += load4(c);
    acc1 += load4(c + 4);
  }
  if (bias != NULL) {
    acc0 += load4(bias);
    acc1 += load4(bias + 4);
  }
  if (relu) { /* x > 0 ? x : +0, NaN to 0 */
    acc0 = (v4sf)((v4si)(acc0 > (v4sf){0}) & (v4si)acc0);
    acc1 = (v4sf)((v4si)(acc1 > (v4sf){0}) & (v4si)acc1);
  }
  memcpy(c, &acc0, sizeof acc0);
  memcpy(c + 4, &acc1, sizeof acc1);
}

/* Columns [0, 8) of the tile, reading b with the packed row stride NR. Named accumulators, see kernel_avx2. */
__attribute__((always_inline)) static inline void half_generic(int kc, const float *restrict a, const float *restrict b,
                                                               float *restrict c, ptrdiff_t ldc, int add, const float *bias,
                                                               int relu) {
  v4sf c00 = {0}, c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  v4sf c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int p = 0; p < kc; p++, a += MR, b += NR) {
    const v4sf b0 = load4(b), b1 = load4(b + 4);
#define ROW(i)                                     \
  do {                                             \
    const v4sf ai = {a[i], a[i], a[i], a[i]};      \
    c##i##0 += ai * b0;                            \
    c##i##1 += ai * b1;                            \
  } while (0)
    ROW(0);
    ROW(1);
    ROW(2);
    ROW(3);
    ROW(4);
    ROW(5);
#undef ROW
  }
  store_row_generic(c, c00, c01, add, bias, relu);
  store_row_generic(c + ldc, c10, c11, add, bias, relu);
  store_row_generic(c + 2 * ldc, c20, c21, add, bias, relu);
  store_row_generic(c + 3 * ldc, c30, c31, add, bias, relu);
  store_row_generic(c + 4 * ldc, c40, c41, add, bias, relu);
  store_row_generic(c + 5 * ldc, c50, c51, add, bias, relu);
}

static void kernel_generic(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc, int add) {
  half_generic(kc, a, b, c, ldc, add, NULL, 0);
  half_generic(kc, a, b + 8, c + 8, ldc, add, NULL, 0);
}

static void fused_generic(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc, int add, const float *bias, int relu) {
  half_generic(kc, a, b, c, ldc, add, bias, relu);
  half_generic(kc, a, b + 8, c + 8, ldc, add, bias == NULL ? NULL : bias + 8, relu);
}

#if defined(__x86_64__)
/*
 * C's rows of a tile, fetched while the tile is computed: a step's products
 * write buffers that have left the caches. A hard-sharing step's products
 * took 2.6-2.7 ms (~20%) more than the same products repeated at once, with
 * this 1.1-1.6 ms more; no change where C is in cache.
 */
__attribute__((always_inline)) static inline void prefetch_tile(const float *c, ptrdiff_t ldc) {
  for (int i = 0; i < MR; i++) {
    __builtin_prefetch(c + i * ldc, 1, 3);
    __builtin_prefetch(c + i * ldc + NR - 1, 1, 3);
  }
}

/* C's row (add ? C + acc0|acc1 : acc0|acc1), 16 floats at c, then the epilogue (fused_fn). */
__attribute__((target("avx2,fma"), always_inline)) static inline void store_row_avx2(float *c, __m256 acc0, __m256 acc1, int add,
                                                                                     const float *bias, int relu) {
  if (add) {
    acc0 = _mm256_add_ps(acc0, _mm256_loadu_ps(c));
    acc1 = _mm256_add_ps(acc1, _mm256_loadu_ps(c + 8));
  }
  if (bias != NULL) {
    acc0 = _mm256_add_ps(acc0, _mm256_loadu_ps(bias));
    acc1 = _mm256_add_ps(acc1, _mm256_loadu_ps(bias + 8));
  }
  if (relu) { /* max(x, 0) returns 0 for NaN and ±0, as x > 0 ? x : 0 */
    acc0 = _mm256_max_ps(acc0, _mm256_setzero_ps());
    acc1 = _mm256_max_ps(acc1, _mm256_setzero_ps());
  }
  _mm256_storeu_ps(c, acc0);
  _mm256_storeu_ps(c + 8, acc1);
}

/*
 * The same with AVX2 fused multiply-adds, compiled for those CPUs only and
 * chosen at run time. The accumulators are named variables, not an array:
 * GCC kept an array's rows in memory, storing them at every step.
 */
__attribute__((target("avx2,fma"), always_inline)) static inline void body_avx2(int kc, const float *restrict a,
                                                                                 const float *restrict b, float *restrict c,
                                                                                 ptrdiff_t ldc, int add, const float *bias,
                                                                                 int relu) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  prefetch_tile(c, ldc);
  /* unrolled: 1.04-1.05x the products of a hard-sharing step, alternating in one process */
#pragma GCC unroll 4
  for (int p = 0; p < kc; p++, a += MR, b += NR) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8); /* packed B is 64-byte aligned */
#define ROW(i)                                           \
  do {                                                   \
    const __m256 ai = _mm256_broadcast_ss(a + i);        \
    c##i##0 = _mm256_fmadd_ps(ai, b0, c##i##0);          \
    c##i##1 = _mm256_fmadd_ps(ai, b1, c##i##1);          \
  } while (0)
    ROW(0);
    ROW(1);
    ROW(2);
    ROW(3);
    ROW(4);
    ROW(5);
#undef ROW
  }
  store_row_avx2(c, c00, c01, add, bias, relu);
  store_row_avx2(c + ldc, c10, c11, add, bias, relu);
  store_row_avx2(c + 2 * ldc, c20, c21, add, bias, relu);
  store_row_avx2(c + 3 * ldc, c30, c31, add, bias, relu);
  store_row_avx2(c + 4 * ldc, c40, c41, add, bias, relu);
  store_row_avx2(c + 5 * ldc, c50, c51, add, bias, relu);
}

__attribute__((target("avx2,fma"))) static void kernel_avx2(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                                                             int add) {
  body_avx2(kc, a, b, c, ldc, add, NULL, 0);
}

__attribute__((target("avx2,fma"))) static void fused_avx2(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                                                            int add, const float *bias, int relu) {
  body_avx2(kc, a, b, c, ldc, add, bias, relu);
}

/*
 * AVX-512F: the same tile with a row of 16 floats in one register, 6
 * accumulators and 6 multiply-adds a step instead of 12 (the broadcast folds
 * into the FMA's operand). Each element of C sees the same fused
 * multiply-adds in the same order as in kernel_avx2, so the bits are its bits
 * (the gemm tests pin that). On Zen 4 a 512-bit FMA issues as two 256-bit
 * halves: the peak is AVX2's, what it saves is instructions.
 */
__attribute__((target("avx512f"), always_inline)) static inline void store_row_avx512(float *c, __m512 acc, int add, const float *bias,
                                                                                      int relu) {
  if (add) acc = _mm512_add_ps(acc, _mm512_loadu_ps(c));
  if (bias != NULL) acc = _mm512_add_ps(acc, _mm512_loadu_ps(bias));
  if (relu) acc = _mm512_max_ps(acc, _mm512_setzero_ps()); /* as _mm256_max_ps: 0 for NaN and ±0 */
  _mm512_storeu_ps(c, acc);
}

__attribute__((target("avx512f"), always_inline)) static inline void body_avx512(int kc, const float *restrict a,
                                                                                  const float *restrict b, float *restrict c,
                                                                                  ptrdiff_t ldc, int add, const float *bias,
                                                                                  int relu) {
  __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  prefetch_tile(c, ldc);
#pragma GCC unroll 4
  for (int p = 0; p < kc; p++, a += MR, b += NR) {
    const __m512 bp = _mm512_load_ps(b); /* packed B is 64-byte aligned */
    c0 = _mm512_fmadd_ps(_mm512_set1_ps(a[0]), bp, c0);
    c1 = _mm512_fmadd_ps(_mm512_set1_ps(a[1]), bp, c1);
    c2 = _mm512_fmadd_ps(_mm512_set1_ps(a[2]), bp, c2);
    c3 = _mm512_fmadd_ps(_mm512_set1_ps(a[3]), bp, c3);
    c4 = _mm512_fmadd_ps(_mm512_set1_ps(a[4]), bp, c4);
    c5 = _mm512_fmadd_ps(_mm512_set1_ps(a[5]), bp, c5);
  }
  store_row_avx512(c, c0, add, bias, relu);
  store_row_avx512(c + ldc, c1, add, bias, relu);
  store_row_avx512(c + 2 * ldc, c2, add, bias, relu);
  store_row_avx512(c + 3 * ldc, c3, add, bias, relu);
  store_row_avx512(c + 4 * ldc, c4, add, bias, relu);
  store_row_avx512(c + 5 * ldc, c5, add, bias, relu);
}

__attribute__((target("avx512f"))) static void kernel_avx512(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                                                              int add) {
  body_avx512(kc, a, b, c, ldc, add, NULL, 0);
}

__attribute__((target("avx512f"))) static void fused_avx512(int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                                                             int add, const float *bias, int relu) {
  body_avx512(kc, a, b, c, ldc, add, bias, relu);
}

/*
 * Packs 6 rows of X (row stride si) × kc columns, each row contiguous, as a
 * panel of MR = 6: dst[p·6 + i] = x[i·si + p], 8 columns at a time through
 * a transpose in registers. It is what pack() does for an untransposed A
 * (the activations of a forward pass, the gradients of a backward one), in
 * scalar loads and stores there: 8-19% of such a product's time on one
 * thread, 4-11% with this.
 */
__attribute__((target("avx2,fma"))) static void pack_rows6_avx2(int kc, const float *x, ptrdiff_t si, float *restrict dst) {
  const __m256 z = _mm256_setzero_ps();
  int p = 0;
  for (; p + 8 <= kc; p += 8) {
    const __m256 r0 = _mm256_loadu_ps(x + p), r1 = _mm256_loadu_ps(x + si + p), r2 = _mm256_loadu_ps(x + 2 * si + p);
    const __m256 r3 = _mm256_loadu_ps(x + 3 * si + p), r4 = _mm256_loadu_ps(x + 4 * si + p), r5 = _mm256_loadu_ps(x + 5 * si + p);
    const __m256 u0 = _mm256_unpacklo_ps(r0, r1), u1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 u2 = _mm256_unpacklo_ps(r2, r3), u3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 u4 = _mm256_unpacklo_ps(r4, r5), u5 = _mm256_unpackhi_ps(r4, r5);
    /* rows 0-3 of columns (j, j + 4) in the halves of top[j], rows 4-5 in the low two floats of each half of bottom[j] */
    const __m256 top[4] = {_mm256_shuffle_ps(u0, u2, 0x44), _mm256_shuffle_ps(u0, u2, 0xEE), _mm256_shuffle_ps(u1, u3, 0x44),
                           _mm256_shuffle_ps(u1, u3, 0xEE)};
    const __m256 bottom[4] = {_mm256_shuffle_ps(u4, z, 0x44), _mm256_shuffle_ps(u4, z, 0xEE), _mm256_shuffle_ps(u5, z, 0x44),
                              _mm256_shuffle_ps(u5, z, 0xEE)};
    for (int j = 0; j < 4; j++) {
      float *d = dst + (p + j) * MR, *e = d + 4 * MR;
      _mm_storeu_ps(d, _mm256_castps256_ps128(top[j]));
      _mm_storel_pi((__m64 *)(d + 4), _mm256_castps256_ps128(bottom[j]));
      _mm_storeu_ps(e, _mm256_extractf128_ps(top[j], 1));
      _mm_storel_pi((__m64 *)(e + 4), _mm256_extractf128_ps(bottom[j], 1));
    }
  }
  for (; p < kc; p++)
    for (int i = 0; i < MR; i++) dst[p * MR + i] = x[i * si + p];
}

/* rows[0..7] of 8 contiguous columns each, transposed: column j's 8 values stored at dst + j·ld. */
__attribute__((target("avx2,fma"), always_inline)) static inline void transpose8_avx2(const __m256 r[8], float *dst, ptrdiff_t ld) {
  const __m256 u0 = _mm256_unpacklo_ps(r[0], r[1]), u1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 u2 = _mm256_unpacklo_ps(r[2], r[3]), u3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 u4 = _mm256_unpacklo_ps(r[4], r[5]), u5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 u6 = _mm256_unpacklo_ps(r[6], r[7]), u7 = _mm256_unpackhi_ps(r[6], r[7]);
  /* rows 0-3 of columns (j, j + 4) in the halves of lo[j], rows 4-7 in those of hi[j] */
  const __m256 lo[4] = {_mm256_shuffle_ps(u0, u2, 0x44), _mm256_shuffle_ps(u0, u2, 0xEE), _mm256_shuffle_ps(u1, u3, 0x44),
                        _mm256_shuffle_ps(u1, u3, 0xEE)};
  const __m256 hi[4] = {_mm256_shuffle_ps(u4, u6, 0x44), _mm256_shuffle_ps(u4, u6, 0xEE), _mm256_shuffle_ps(u5, u7, 0x44),
                        _mm256_shuffle_ps(u5, u7, 0xEE)};
  for (int j = 0; j < 4; j++) {
    _mm256_storeu_ps(dst + j * ld, _mm256_permute2f128_ps(lo[j], hi[j], 0x20));
    _mm256_storeu_ps(dst + (j + 4) * ld, _mm256_permute2f128_ps(lo[j], hi[j], 0x31));
  }
}

/*
 * The same for 16 contiguous rows as a panel of NR = 16: a transposed B
 * (a backward pass's weights, and the activations of a narrow product run
 * as its transpose, such as a gate's logits: PLE's 1024×256·256×2 ones took
 * 88 µs instead of 130 on two threads; a whole PLE step, no change beyond
 * this machine's noise).
 */
__attribute__((target("avx2,fma"))) static void pack_rows16_avx2(int kc, const float *x, ptrdiff_t si, float *restrict dst) {
  int p = 0;
  for (; p + 8 <= kc; p += 8) {
    for (int h = 0; h < 2; h++) {
      __m256 r[8];
      for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(x + (h * 8 + i) * si + p);
      transpose8_avx2(r, dst + p * NR + h * 8, NR);
    }
  }
  for (; p < kc; p++)
    for (int i = 0; i < NR; i++) dst[p * NR + i] = x[i * si + p];
}

static int has_avx2_fma(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static int has_avx512f(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
}
#endif

/* The widest micro-kernel this CPU has, unless ple_sgemm_set_kernel asked for a narrower one. */
static _Atomic int kernel_cap = PLE_KERNEL_AVX512;

int ple_sgemm_set_kernel(int widest) {
  if (widest < PLE_KERNEL_GENERIC || widest > PLE_KERNEL_AVX512) return 0;
  kernel_cap = widest;
  return 1;
}

static int kernel_level(void) {
  const int cap = kernel_cap;
#if defined(__x86_64__)
  if (cap >= PLE_KERNEL_AVX512 && has_avx512f() && has_avx2_fma()) return PLE_KERNEL_AVX512;
  if (cap >= PLE_KERNEL_AVX2 && has_avx2_fma()) return PLE_KERNEL_AVX2;
#endif
  (void)cap;
  return PLE_KERNEL_GENERIC;
}

static kernel_fn *pick_kernel(void) {
#if defined(__x86_64__)
  const int level = kernel_level();
  if (level == PLE_KERNEL_AVX512) return kernel_avx512;
  if (level == PLE_KERNEL_AVX2) return kernel_avx2;
#endif
  return kernel_generic;
}

/* W contiguous rows × kc columns as a panel of W (pack() with unit column stride), for W = MR or NR */
typedef void rows_fn(int kc, const float *x, ptrdiff_t si, float *restrict dst);

static rows_fn *pick_rows(int W) {
#if defined(__x86_64__)
  if (kernel_level() >= PLE_KERNEL_AVX2) return W == MR ? pack_rows6_avx2 : pack_rows16_avx2;
#endif
  (void)W;
  return NULL;
}

static fused_fn *pick_fused(void) {
#if defined(__x86_64__)
  const int level = kernel_level();
  if (level == PLE_KERNEL_AVX512) return fused_avx512;
  if (level == PLE_KERNEL_AVX2) return fused_avx2;
#endif
  return fused_generic;
}

const char *ple_sgemm_kernel(void) {
  static const char *const names[] = {"generic", "AVX2+FMA", "AVX-512F"};
  return names[kernel_level()];
}

static int min_int(int x, int y) {
  return x < y ? x : y;
}

static int round_up(int x, int to) {
  return (x + to - 1) / to * to;
}

/*
 * Packs a len×kc block of X, element (i, p) at x[i·si + p·sp], as panels of W
 * rows, panel after panel: W values per step p, zeros past len. Full panels
 * with a unit stride get loops of their own, which the compiler unrolls
 * (W is a constant once inlined): 1.1-1.4× the whole product on the
 * untransposed A of the models' forward passes.
 */
static inline void pack(int len, int kc, int W, const float *x, ptrdiff_t si, ptrdiff_t sp, float *restrict dst, rows_fn *rows) {
  for (int i0 = 0; i0 < len; i0 += W, dst += (ptrdiff_t)W * kc) {
    const int w = min_int(W, len - i0);
    const float *xs = x + i0 * si;
    if (rows != NULL && sp == 1 && w == W) {
      rows(kc, xs, si, dst);
      continue;
    }
    if (si == 1 && w == W) { /* a step's W values are contiguous */
      for (int p = 0; p < kc; p++) memcpy(dst + p * W, xs + p * sp, (size_t)W * sizeof(float));
      continue;
    }
    if (sp == 1 && w == W) { /* each of the W rows is contiguous */
      for (int p = 0; p < kc; p++)
        for (int i = 0; i < W; i++) dst[p * W + i] = xs[i * si + p];
      continue;
    }
    for (int p = 0; p < kc; p++) {
      for (int i = 0; i < w; i++) dst[p * W + i] = xs[i * si + p * sp];
      for (int i = w; i < W; i++) dst[p * W + i] = 0.0f;
    }
  }
}

/*
 * What every thread of one product shares. Element (i, p) of op(A) is
 * a[i·a_rs + p·a_cs], (p, j) of op(B) b[p·b_rs + j·b_cs], (i, j) of C
 * c[i·c_rs + j·c_cs].
 */
struct problem {
  const float *a, *b;
  float *c;
  ptrdiff_t a_rs, a_cs, b_rs, b_cs, c_rs, c_cs;
  int m, n, k;
  int kc; /* the depth of a k block: k split evenly, so that no block is a sliver */
  kernel_fn *kernel;
  /* the epilogue, applied as each tile's last k block is computed: bias (one value per column of C) or NULL, relu */
  fused_fn *fused;
  /* pack A's and B's full panels of contiguous rows, or NULL */
  rows_fn *rows6, *rows16;
  const float *bias;
  int relu;
};

/* The epilogue, as fused_fn applies it, over rows×cols of C at c (row stride ldc), whose columns' biases start at bias. */
static void epilogue(float *c, ptrdiff_t ldc, int rows, int cols, const float *bias, int relu) {
  for (int i = 0; i < rows; i++) {
    float *row = c + i * ldc;
    if (bias != NULL)
      for (int j = 0; j < cols; j++) row[j] += bias[j];
    if (relu)
      for (int j = 0; j < cols; j++) row[j] = row[j] > 0.0f ? row[j] : 0.0f;
  }
}

/* One mr×nr tile of C (mr ≤ MR, nr ≤ NR); a partial or transposed one goes through a full tile on the stack. */
static void tile(const struct problem *pr, int kc, const float *a, const float *b, float *c, int mr, int nr, int add) {
  if (mr == MR && nr == NR && pr->c_cs == 1) {
    pr->kernel(kc, a, b, c, pr->c_rs, add);
    return;
  }
  float t[MR * NR] __attribute__((aligned(32)));
  pr->kernel(kc, a, b, t, NR, 0);
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      float *cij = c + i * pr->c_rs + j * pr->c_cs;
      *cij = add ? *cij + t[i * NR + j] : t[i * NR + j];
    }
  }
}

/* Packing buffers for blocks of up to mc rows of op(A) and nc columns of op(B), kc deep. */
struct buffers {
  float *a, *b;
  int mc, nc;
};

/* Rows [m0, m1) × columns [n0, n1) of C, blocked as the buffers allow. */
static void run_blocks(const struct problem *pr, const struct buffers *buf, int m0, int m1, int n0, int n1) {
  for (int jc = n0; jc < n1; jc += buf->nc) {
    const int nc = min_int(buf->nc, n1 - jc);
    for (int pc = 0; pc < pr->k; pc += pr->kc) {
      const int kc = min_int(pr->kc, pr->k - pc);
      pack(nc, kc, NR, pr->b + pc * pr->b_rs + jc * pr->b_cs, pr->b_cs, pr->b_rs, buf->b, pr->rows16);
      const int last = pc + kc == pr->k && (pr->bias != NULL || pr->relu); /* with the epilogue */
      for (int ic = m0; ic < m1; ic += buf->mc) {
        const int mc = min_int(buf->mc, m1 - ic);
        pack(mc, kc, MR, pr->a + ic * pr->a_rs + pc * pr->a_cs, pr->a_rs, pr->a_cs, buf->a, pr->rows6);
        for (int jr = 0; jr < nc; jr += NR) {
          for (int ir = 0; ir < mc; ir += MR) {
            float *c = pr->c + (ic + ir) * pr->c_rs + (jc + jr) * pr->c_cs;
            const int mr = min_int(MR, mc - ir), nr = min_int(NR, nc - jr);
            if (last && mr == MR && nr == NR) {
              pr->fused(kc, buf->a + ir * kc, buf->b + jr * kc, c, pr->c_rs, pc > 0, pr->bias == NULL ? NULL : pr->bias + jc + jr,
                        pr->relu);
            } else {
              tile(pr, kc, buf->a + ir * kc, buf->b + jr * kc, c, mr, nr, pc > 0);
              if (last) epilogue(c, pr->c_rs, mr, nr, pr->bias == NULL ? NULL : pr->bias + jc + jr, pr->relu);
            }
          }
        }
      }
    }
  }
}

/*
 * Rows [m0, m1) × columns [n0, n1) of C on the calling thread, with buffers of
 * its own: MC×kc and kc×NC on the heap, or else one tile's worth on the stack
 * (slower, same result).
 */
static void run_part(const struct problem *pr, int m0, int m1, int n0, int n1) {
  const int mc = min_int(MC, m1 - m0), nc = min_int(NC, n1 - n0);
  /* lengths in whole cache lines (16 floats), so that B's buffer is aligned too and the size suits aligned_alloc */
  const size_t a_len = (size_t)round_up(round_up(mc, MR) * pr->kc, 16), b_len = (size_t)round_up(nc, NR) * pr->kc;
  float *heap = aligned_alloc(64, (a_len + b_len) * sizeof(float));
  if (heap != NULL) {
    run_blocks(pr, &(struct buffers){heap, heap + a_len, mc, nc}, m0, m1, n0, n1);
    free(heap);
    return;
  }
  float a[MR * KC] __attribute__((aligned(64))), b[KC * NR] __attribute__((aligned(64)));
  run_blocks(pr, &(struct buffers){a, b, MR, NR}, m0, m1, n0, n1);
}

static _Atomic int wanted_threads = 1;

void ple_sgemm_set_threads(int n) {
  atomic_store(&wanted_threads, n < 1 ? 1 : (n > PLE_PARALLEL_MAX ? PLE_PARALLEL_MAX : n));
}

int ple_sgemm_threads(void) {
  return atomic_load(&wanted_threads);
}

/* One product split in parts: whole tiles of C's longer side, so that each thread packs only the shorter operand again. */
struct split {
  const struct problem *pr;
  int by_rows, step;
};

static void run_split_part(void *arg, int i) {
  const struct split *s = arg;
  const struct problem *pr = s->pr;
  const int at = i * s->step, len = s->by_rows ? pr->m : pr->n, end = min_int(at + s->step, len);
  if (s->by_rows) run_part(pr, at, end, 0, pr->n);
  else run_part(pr, 0, pr->m, at, end);
}

static void run_parts(const struct problem *pr, int threads) {
  const int by_rows = pr->m >= pr->n;
  const int len = by_rows ? pr->m : pr->n, unit = by_rows ? MR : NR;
  const int step = round_up((len + threads - 1) / threads, unit);
  ple_parallel((len + step - 1) / step, run_split_part, &(struct split){pr, by_rows, step});
}

/* The share of an m×n C's MR×NR tiles that it fills. */
static double tile_fill(int m, int n) {
  return (double)m * n / ((double)round_up(m, MR) * round_up(n, NR));
}

/* The same product as Cᵀ = op(B)ᵀ·op(A)ᵀ. */
static struct problem transposed(const struct problem *p) {
  struct problem t = *p;
  t.a = p->b;
  t.b = p->a;
  t.a_rs = p->b_cs;
  t.a_cs = p->b_rs;
  t.b_rs = p->a_cs;
  t.b_cs = p->a_rs;
  t.c_rs = p->c_cs;
  t.c_cs = p->c_rs;
  t.m = p->n;
  t.n = p->m;
  return t;
}

void ple_sgemm(int trans_a, int trans_b, int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c,
               int ldc, const float *bias, int relu) {
  const int k_blocks = (k + KC - 1) / KC;
  struct problem pr = {
      .a = a,
      .b = b,
      .c = c,
      .a_rs = trans_a ? 1 : lda,
      .a_cs = trans_a ? lda : 1,
      .b_rs = trans_b ? 1 : ldb,
      .b_cs = trans_b ? ldb : 1,
      .c_rs = ldc,
      .c_cs = 1,
      .m = m,
      .n = n,
      .k = k,
      .kc = (k + k_blocks - 1) / k_blocks,
      .kernel = pick_kernel(),
      .fused = pick_fused(),
      .rows6 = pick_rows(MR),
      .rows16 = pick_rows(NR),
      .bias = bias,
      .relu = relu,
  };
  /*
   * A narrow C (a gate's or an output layer's few columns) fills a sliver of
   * each 16-wide tile; its transpose Cᵀ = op(B)ᵀ·op(A)ᵀ fills more of the
   * 6-high ones: 2.7x fewer kernel steps for 2 columns. The sums are the
   * same products in the same order, so the bits are too.
   */
  const int narrow = n < NR && tile_fill(n, m) > tile_fill(m, n);
  if (narrow) { /* its epilogue runs over C afterwards */
    pr = transposed(&pr);
    pr.bias = NULL;
    pr.relu = 0;
  }
  const int threads = ple_sgemm_threads();
  if (threads > 1 && (double)m * n * k >= THREAD_MIN_WORK) run_parts(&pr, threads);
  else run_part(&pr, 0, pr.m, 0, pr.n);
  if (narrow) epilogue(c, ldc, m, n, bias, relu);
}
