/*
 * ple's own single-precision matrix product, for the native addon where
 * OpenBLAS is not installed (ple_blas.c compiled with -DPLE_OWN_GEMM).
 * Row-major, like cblas_sgemm(CblasRowMajor, …, alpha = 1, …, beta = 0, …).
 */
#ifndef PLE_SGEMM_H
#define PLE_SGEMM_H

/*
 * C = op(A)·op(B), overwriting C (m×n, row stride ldc), where op(A) is m×k and
 * op(B) is k×n: A is m×k with row stride lda, or k×m when trans_a; B is k×n
 * with row stride ldb, or n×k when trans_b. Needs m, n, k ≥ 1. Then
 * C[i, j] += bias[j] where bias is not NULL (n values), and
 * C[i, j] = C[i, j] > 0 ? C[i, j] : 0 where relu: a fused product's epilogue,
 * applied in registers as each tile is finished, the same bits as a pass
 * over C afterwards.
 */
void ple_sgemm(int trans_a, int trans_b, int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c,
               int ldc, const float *bias, int relu);

/* Threads for large products, process-wide; clamped to [1, 64]. The result does not depend on it. */
void ple_sgemm_set_threads(int n);
int ple_sgemm_threads(void);

/* The micro-kernel this CPU runs: "AVX-512F", "AVX2+FMA" or "generic". */
const char *ple_sgemm_kernel(void);

/*
 * The widest micro-kernel to use from now on, process-wide (the tests run
 * the same products on each): PLE_KERNEL_AVX512 (the default: the widest the
 * CPU has), PLE_KERNEL_AVX2 or PLE_KERNEL_GENERIC. Returns 0 for another value.
 * The x86 kernels give the same bits.
 */
enum { PLE_KERNEL_GENERIC = 0, PLE_KERNEL_AVX2 = 1, PLE_KERNEL_AVX512 = 2 };
int ple_sgemm_set_kernel(int widest);

#endif
