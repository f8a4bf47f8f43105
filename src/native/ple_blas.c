/*
 * ple_blas: a tiny N-API addon that runs float32 matrix products through the
 * system's OpenBLAS (cblas_sgemm), or where OpenBLAS is not installed through
 * ple's own sgemm (sgemm.c, compiled in with -DPLE_OWN_GEMM by build.js),
 * directly on the WebAssembly heap of tfjs's 'wasm' backend.
 *
 * Why: the WASM backend reaches ~4% of this machine's sgemm peak (PERF-NOTES.md),
 * and matmuls are most of the FLOPs of the models. Tensors of the wasm backend
 * live in its WebAssembly.Memory, so the JS side (src/ops/native-kernels.ts)
 * hands us a Float32Array over that whole memory plus element offsets; we read
 * A, B and the bias and write C in place: no copies.
 *
 * Everything here is synchronous and holds no JS state between calls, so it is
 * safe to load in several worker threads (the BLAS thread count is global to
 * the process, see setThreads).
 */
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peak.h"

/* Activations of tfjs's _FusedMatMul that we fuse; the JS side falls back to
 * the wasm kernel for anything else (prelu). Codes are shared with
 * src/ops/native-kernels.ts. */
enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_SIGMOID = 3, ACT_LEAKYRELU = 4, ACT_ELU = 5 };

/* The BLAS behind gemm and the thread and kernel reports: OpenBLAS, or ple's own sgemm. */
#ifdef PLE_OWN_GEMM
#include "sgemm.h"
#define BLAS_NAME "own"
/* ple's sgemm applies the epilogue itself where it can (a bias per column or none; linear or ReLU): returns whether it did. */
static bool sgemm_rows(int trans_a, int trans_b, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                       float *c, int ldc, const float *bias, int64_t bias_len, int act) {
  const bool fuse = (act == ACT_LINEAR || act == ACT_RELU) && (bias == NULL || bias_len == n);
  ple_sgemm(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, fuse ? bias : NULL, fuse && act == ACT_RELU);
  return fuse;
}
static void blas_set_threads(int n) { ple_sgemm_set_threads(n); }
static int blas_threads(void) { return ple_sgemm_threads(); }
static const char *blas_corename(void) { return ple_sgemm_kernel(); }
static const char *blas_config(void) { return "ple sgemm, no OpenBLAS"; }
static bool blas_set_kernel(int widest) { return ple_sgemm_set_kernel(widest) != 0; }
#else
#include <cblas.h>
#define BLAS_NAME "openblas"
/* OpenBLAS's C gets the epilogue in a pass afterwards: returns false. */
static bool sgemm_rows(int trans_a, int trans_b, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                       float *c, int ldc, const float *bias, int64_t bias_len, int act) {
  (void)bias, (void)bias_len, (void)act;
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
              lda, b, ldb, 0.0f, c, ldc);
  return false;
}
static void blas_set_threads(int n) { openblas_set_num_threads(n); }
static int blas_threads(void) { return openblas_get_num_threads(); }
static const char *blas_corename(void) { return openblas_get_corename(); }
static const char *blas_config(void) { return openblas_get_config(); }
/* OpenBLAS picks its own kernels */
static bool blas_set_kernel(int widest) {
  (void)widest;
  return false;
}
#endif

#define CHECK(env, call)                                                 \
  do {                                                                   \
    if ((call) != napi_ok) {                                             \
      napi_throw_error((env), NULL, "ple_blas: N-API call failed: " #call); \
      return NULL;                                                       \
    }                                                                    \
  } while (0)

static int get_i64(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

/* out = act(out + bias) over an M×N row-major block; bias has N or 1 entries (or none). */
static void epilogue(float *c, int64_t m, int64_t n, const float *bias, int64_t bias_len, int act, float alpha) {
  if (bias == NULL && act == ACT_LINEAR) return;
  for (int64_t i = 0; i < m; i++) {
    float *row = c + i * n;
    if (bias != NULL) {
      if (bias_len == 1) {
        const float b = bias[0];
        for (int64_t j = 0; j < n; j++) row[j] += b;
      } else {
        for (int64_t j = 0; j < n; j++) row[j] += bias[j];
      }
    }
    switch (act) {
      case ACT_RELU:
        for (int64_t j = 0; j < n; j++) row[j] = row[j] > 0.0f ? row[j] : 0.0f;
        break;
      case ACT_RELU6:
        for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0.0f ? 0.0f : (row[j] > 6.0f ? 6.0f : row[j]);
        break;
      case ACT_SIGMOID:
        for (int64_t j = 0; j < n; j++) row[j] = 1.0f / (1.0f + expf(-row[j]));
        break;
      case ACT_LEAKYRELU:
        for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0.0f ? alpha * row[j] : row[j];
        break;
      case ACT_ELU:
        for (int64_t j = 0; j < n; j++) row[j] = row[j] >= 0.0f ? row[j] : expm1f(row[j]);
        break;
      default:
        break;
    }
  }
}

/*
 * Reads the (heap, n numbers) arguments of the memory moves and the dense
 * gradients: the Float32Array that views the wasm heap and `count`
 * integers. Throws a TypeError naming `name` and returns false when they are
 * not that.
 */
static bool heap_args(napi_env env, napi_callback_info info, const char *name, size_t count, void **data, size_t *length, int64_t *v) {
  size_t argc = 13; /* the heap and up to 12 numbers */
  napi_value argv[13];
  char message[96];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
  napi_typedarray_type type;
  if (argc != count + 1 || napi_get_typedarray_info(env, argv[0], &type, length, data, NULL, NULL) != napi_ok ||
      type != napi_float32_array) {
    snprintf(message, sizeof message, "ple_blas.%s: expected (Float32Array, %zu numbers)", name, count);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  for (size_t i = 0; i < count; i++) {
    if (!get_i64(env, argv[i + 1], &v[i])) {
      snprintf(message, sizeof message, "ple_blas.%s: expected numbers", name);
      napi_throw_type_error(env, NULL, message);
      return false;
    }
  }
  return true;
}

/*
 * gemm(heap, batch, m, n, k, transA, transB, aOff, aStride, bOff, bStride,
 *      cOff, biasOff, biasLen, activation, alpha)
 * For each t < batch: C_t = act(op(A_t)·op(B_t) + bias), all row-major, where
 * op(A_t) is m×k and op(B_t) is k×n. Offsets and strides count float32
 * elements from the start of `heap` (a Float32Array); a stride of 0 broadcasts
 * that operand. biasOff < 0 means no bias. Every access is bounds-checked
 * against the heap before any BLAS call.
 */
static napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 16;
  napi_value argv[16];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 16) {
    napi_throw_type_error(env, NULL, "ple_blas.gemm: expected 16 arguments");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void *data;
  CHECK(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL));
  if (type != napi_float32_array) {
    napi_throw_type_error(env, NULL, "ple_blas.gemm: heap must be a Float32Array");
    return NULL;
  }
  int64_t v[14]; /* argv[1..14]: integers; argv[15]: alpha, a double */
  for (int i = 0; i < 14; i++) {
    if (!get_i64(env, argv[i + 1], &v[i])) {
      napi_throw_type_error(env, NULL, "ple_blas.gemm: expected numbers");
      return NULL;
    }
  }
  double alpha_d = 0;
  CHECK(env, napi_get_value_double(env, argv[15], &alpha_d));
  const int64_t batch = v[0], m = v[1], n = v[2], k = v[3];
  const int trans_a = v[4] != 0, trans_b = v[5] != 0;
  const int64_t a_off = v[6], a_stride = v[7], b_off = v[8], b_stride = v[9], c_off = v[10];
  const int64_t bias_off = v[11], bias_len = v[12];
  const int act = (int)v[13];
  const int64_t len = (int64_t)length;
  const int64_t lim = INT32_MAX;
  if (batch < 0 || m < 0 || n < 0 || k < 0 || m > lim || n > lim || k > lim || a_stride < 0 || b_stride < 0 ||
      act < ACT_LINEAR || act > ACT_ELU) {
    napi_throw_range_error(env, NULL, "ple_blas.gemm: bad sizes");
    return NULL;
  }
  if (batch == 0 || m == 0 || n == 0) return NULL;
  /* bounds: last element touched of each operand must lie inside the heap */
  const int64_t a_end = a_off + (batch - 1) * a_stride + m * k;
  const int64_t b_end = b_off + (batch - 1) * b_stride + k * n;
  const int64_t c_end = c_off + batch * m * n;
  if (a_off < 0 || b_off < 0 || c_off < 0 || a_end > len || b_end > len || c_end > len ||
      (bias_off >= 0 && (bias_len != 1 && bias_len != n)) || (bias_off >= 0 && bias_off + bias_len > len)) {
    napi_throw_range_error(env, NULL, "ple_blas.gemm: operand outside the heap");
    return NULL;
  }
  float *heap = (float *)data;
  const float *bias = bias_off >= 0 ? heap + bias_off : NULL;
  const int lda = trans_a ? (int)m : (int)k;
  const int ldb = trans_b ? (int)k : (int)n;
  for (int64_t t = 0; t < batch; t++) {
    float *c = heap + c_off + t * m * n;
    bool applied = false; /* the epilogue, by ple's sgemm */
    if (k == 0) memset(c, 0, (size_t)(m * n) * sizeof(float));
    else applied = sgemm_rows(trans_a, trans_b, (int)m, (int)n, (int)k, heap + a_off + t * a_stride, lda,
                              heap + b_off + t * b_stride, ldb, c, (int)n, bias, bias_len, act);
    if (!applied) epilogue(c, m, n, bias, bias_len, act, (float)alpha_d);
  }
  return NULL;
}

/*
 * transpose(heap, batch, rows, cols, inOff, outOff): out_t = in_tᵀ for t < batch,
 * each in_t rows×cols row-major (4-byte elements, copied as bits: float32 and
 * int32 alike). Cache-blocked. Why: the wasm backend's Transpose runs a strided
 * scalar loop (~1.4 ms for [1024, 256]) and the dense layers' backward pass
 * transposes twice per layer.
 */
static napi_value Transpose(napi_env env, napi_callback_info info) {
  size_t length;
  void *data;
  int64_t v[5];
  if (!heap_args(env, info, "transpose", 5, &data, &length, v)) return NULL;
  const int64_t batch = v[0], rows = v[1], cols = v[2], in_off = v[3], out_off = v[4];
  const int64_t size = batch * rows * cols;
  if (batch < 0 || rows < 0 || cols < 0 || in_off < 0 || out_off < 0 || in_off + size > (int64_t)length ||
      out_off + size > (int64_t)length) {
    napi_throw_range_error(env, NULL, "ple_blas.transpose: operand outside the heap");
    return NULL;
  }
  const uint32_t *src = (const uint32_t *)data + in_off;
  uint32_t *dst = (uint32_t *)data + out_off;
  enum { TILE = 32 };
  for (int64_t t = 0; t < batch; t++) {
    const uint32_t *s = src + t * rows * cols;
    uint32_t *d = dst + t * rows * cols;
    for (int64_t i0 = 0; i0 < rows; i0 += TILE) {
      const int64_t i1 = i0 + TILE < rows ? i0 + TILE : rows;
      for (int64_t j0 = 0; j0 < cols; j0 += TILE) {
        const int64_t j1 = j0 + TILE < cols ? j0 + TILE : cols;
        for (int64_t i = i0; i < i1; i++)
          for (int64_t j = j0; j < j1; j++) d[j * rows + i] = s[i * cols + j];
      }
    }
  }
  return NULL;
}

/*
 * copy2d(heap, rows, cols, srcOff, srcStride, dstOff, dstStride): copies a
 * rows×cols block of 4-byte elements between strided places on the heap, one
 * memcpy per row. Why: `SplitV` and `Concat` along an inner axis (experts'
 * outputs split from one fused matmul, and their gradients concatenated) are
 * exactly this; the wasm backend does them as per-row JS subarray copies or
 * generic slices (~2-3 ms for [1024, 768]).
 */
static napi_value Copy2d(napi_env env, napi_callback_info info) {
  size_t length;
  void *data;
  int64_t v[6];
  if (!heap_args(env, info, "copy2d", 6, &data, &length, v)) return NULL;
  const int64_t rows = v[0], cols = v[1], src_off = v[2], src_stride = v[3], dst_off = v[4], dst_stride = v[5];
  if (rows <= 0 || cols <= 0) return NULL;
  const int64_t len = (int64_t)length;
  if (src_off < 0 || dst_off < 0 || src_stride < cols || dst_stride < cols ||
      src_off + (rows - 1) * src_stride + cols > len || dst_off + (rows - 1) * dst_stride + cols > len) {
    napi_throw_range_error(env, NULL, "ple_blas.copy2d: operand outside the heap");
    return NULL;
  }
  const uint32_t *src = (const uint32_t *)data + src_off;
  uint32_t *dst = (uint32_t *)data + dst_off;
  if (src_stride == cols && dst_stride == cols) {
    memcpy(dst, src, (size_t)(rows * cols) * 4);
    return NULL;
  }
  for (int64_t i = 0; i < rows; i++) memcpy(dst + i * dst_stride, src + i * src_stride, (size_t)cols * 4);
  return NULL;
}

/*
 * gatherRows(heap, n, rowLen, tableOff, tableRows, idxOff, dstOff) -> bool:
 * dst[i] = table[idx[i]] for i < n, rows of rowLen 4-byte elements; idx is
 * int32 on the same heap. Returns false, writing nothing, when an index is
 * outside [0, tableRows) (the caller then lets the wasm kernel raise tfjs's
 * error). Why: embedding lookups through the wasm GatherV2 took ~1.2 ms each
 * for 1024 ids of an 8-wide table.
 */
static napi_value GatherRows(napi_env env, napi_callback_info info) {
  size_t length;
  void *data;
  int64_t v[6];
  if (!heap_args(env, info, "gatherRows", 6, &data, &length, v)) return NULL;
  const int64_t n = v[0], row = v[1], table_off = v[2], table_rows = v[3], idx_off = v[4], dst_off = v[5];
  const int64_t len = (int64_t)length;
  if (n < 0 || row < 0 || table_rows < 0 || table_off < 0 || idx_off < 0 || dst_off < 0 ||
      table_off + table_rows * row > len || idx_off + n > len || dst_off + n * row > len) {
    napi_throw_range_error(env, NULL, "ple_blas.gatherRows: operand outside the heap");
    return NULL;
  }
  const int32_t *idx = (const int32_t *)data + idx_off;
  bool ok = true;
  for (int64_t i = 0; i < n; i++) {
    if (idx[i] < 0 || idx[i] >= table_rows) {
      ok = false;
      break;
    }
  }
  if (ok) {
    const uint32_t *table = (const uint32_t *)data + table_off;
    uint32_t *dst = (uint32_t *)data + dst_off;
    for (int64_t i = 0; i < n; i++) memcpy(dst + i * row, table + (int64_t)idx[i] * row, (size_t)row * 4);
  }
  napi_value out;
  CHECK(env, napi_get_boolean(env, ok, &out));
  return out;
}

/* Whether [off, off + n) lies on the heap; throws a RangeError naming `name` when not. */
static bool on_heap(napi_env env, const char *name, int64_t off, int64_t n, int64_t len) {
  if (off >= 0 && n >= 0 && off + n <= len) return true;
  char message[96];
  snprintf(message, sizeof message, "ple_blas.%s: operand outside the heap", name);
  napi_throw_range_error(env, NULL, message);
  return false;
}

/*
 * adam(heap, ops, lr, beta1, beta2, epsilon, c1, c2): one Adam step over
 * every variable of a model, in float32 as tfjs's kernels compute it:
 * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; out = x − lr·(m/c1)/(√(v/c2) + ε),
 * with c1 = 1−β₁ᵗ, c2 = 1−β₂ᵗ. `ops` is a Float64Array of (x, g, m, v, out,
 * n) heap offsets and sizes per variable; m and v are updated in place, and
 * out may be x (an in-place update).
 */
static napi_value Adam(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_typedarray_type ht, ot;
  size_t hlen, olen;
  void *hdata, *odata;
  double d[6];
  bool ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 8 &&
            napi_get_typedarray_info(env, argv[0], &ht, &hlen, &hdata, NULL, NULL) == napi_ok && ht == napi_float32_array &&
            napi_get_typedarray_info(env, argv[1], &ot, &olen, &odata, NULL, NULL) == napi_ok && ot == napi_float64_array &&
            olen % 6 == 0;
  for (int i = 0; ok && i < 6; i++) ok = napi_get_value_double(env, argv[2 + i], &d[i]) == napi_ok;
  if (!ok) {
    napi_throw_type_error(env, NULL, "ple_blas.adam: expected (Float32Array heap, Float64Array of 6 per variable, 6 numbers)");
    return NULL;
  }
  float *h = (float *)hdata;
  const double *ops = (const double *)odata;
  const int64_t len = (int64_t)hlen;
  for (size_t t = 0; t < olen; t += 6) {
    const int64_t n = (int64_t)ops[t + 5];
    for (int i = 0; i < 5; i++)
      if (ops[t + i] < 0 || !on_heap(env, "adam", (int64_t)ops[t + i], n, len)) return NULL;
  }
  const float lr = (float)d[0], b1 = (float)d[1], b2 = (float)d[2], eps = (float)d[3], k1 = (float)d[4], k2 = (float)d[5];
  const float c1 = (float)(1.0 - d[1]), c2 = (float)(1.0 - d[2]);
  for (size_t t = 0; t < olen; t += 6) {
    /* x and out may be one buffer: each element is read before it is written */
    const float *x = h + (int64_t)ops[t];
    const float *restrict g = h + (int64_t)ops[t + 1];
    float *restrict m = h + (int64_t)ops[t + 2], *restrict s = h + (int64_t)ops[t + 3];
    float *out = h + (int64_t)ops[t + 4];
    const int64_t n = (int64_t)ops[t + 5];
    for (int64_t i = 0; i < n; i++) {
      const float gi = g[i];
      const float mi = b1 * m[i] + c1 * gi;
      const float si = b2 * s[i] + c2 * (gi * gi);
      m[i] = mi;
      s[i] = si;
      out[i] = x[i] - lr * ((mi / k1) / (sqrtf(si / k2) + eps));
    }
  }
  return NULL;
}

/* sums[j] += Σ_i x[i,j] over a rows×cols block, row by row so that each row's add vectorizes. */
static void add_column_sums(const float *x, int64_t rows, int64_t cols, float *restrict sums) {
  for (int64_t i = 0; i < rows; i++) {
    const float *restrict row = x + i * cols;
    for (int64_t j = 0; j < cols; j++) sums[j] += row[j];
  }
}

/*
 * out = dy · act'(y) over a rows×cols block, y = act(·) the layer's output,
 * as tfjs's ops compute it (ReLU: dy · step(y), step 1 above 0, else 0, NaN
 * for NaN; sigmoid: dy · (y · (1 − y))), row by row, each row then added to
 * sums[j] (the bias gradient).
 */
static void activation_grad(int act, const float *dy_, const float *y_, int64_t rows, int64_t cols, float *out_, float *sums) {
  for (int64_t i = 0; i < rows; i++) {
    const float *restrict dy = dy_ + i * cols, *restrict y = y_ + i * cols;
    float *restrict out = out_ + i * cols;
    if (act == ACT_RELU) /* branch-free so that it vectorizes: y's sign is a coin flip */
      for (int64_t j = 0; j < cols; j++) out[j] = dy[j] * (y[j] != y[j] ? y[j] : (float)(y[j] > 0.0f));
    else
      for (int64_t j = 0; j < cols; j++) out[j] = dy[j] * (y[j] * (1.0f - y[j]));
    add_column_sums(out, 1, cols, sums);
  }
}

/*
 * A buffer of at least n floats that this addon instance (one per Node
 * thread that loads it: the main thread, each worker) keeps between calls,
 * freed with the instance. NULL, with an exception pending, where it cannot
 * be had.
 */
struct scratch {
  float *floats;
  int64_t capacity;
};

static void free_scratch(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  struct scratch *s = data;
  free(s->floats);
  free(s);
}

static float *scratch_floats(napi_env env, int64_t n) {
  struct scratch *s = NULL;
  if (napi_get_instance_data(env, (void **)&s) != napi_ok || s == NULL) {
    s = calloc(1, sizeof *s);
    if (s == NULL || napi_set_instance_data(env, s, free_scratch, NULL) != napi_ok) {
      free(s);
      napi_throw_error(env, NULL, "ple_blas: out of memory");
      return NULL;
    }
  }
  if (s->capacity < n) {
    free(s->floats);
    s->floats = malloc((size_t)(n > 0 ? n : 1) * sizeof(float));
    s->capacity = s->floats == NULL ? 0 : n;
    if (s->floats == NULL) {
      napi_throw_error(env, NULL, "ple_blas: out of memory");
      return NULL;
    }
  }
  return s->floats;
}

/*
 * denseGrad(heap, rows, in, units, act, dy, y, x, w, dx, dw, db): a dense
 * layer's whole backward pass, y = act(x·w + b) with x [rows, in], w [in,
 * units] and act linear, ReLU or sigmoid (ACT_*): g = dy · act'(y) (dy
 * where linear; y is read only otherwise), db = g's column sums, dx = g·wᵀ,
 * dw = xᵀ·g. The arithmetic of tfjs's ops for g and of gemm(…) for
 * tf.matMul(g, w, false, true) and tf.matMul(x, g, true, false), so the same
 * bits; in one call, with g in a buffer of the addon instance's (one per
 * thread), which the next layer's call reuses while it is still in cache,
 * and not in a wasm tensor.
 */
static napi_value DenseGrad(napi_env env, napi_callback_info info) {
  void *data;
  size_t length;
  int64_t v[11];
  if (!heap_args(env, info, "denseGrad", 11, &data, &length, v)) return NULL;
  float *h = (float *)data;
  const int64_t len = (int64_t)length, rows = v[0], in = v[1], units = v[2], lim = INT32_MAX;
  const int act = (int)v[3];
  if (rows < 0 || in < 0 || units < 0 || rows > lim || in > lim || units > lim ||
      (act != ACT_LINEAR && act != ACT_RELU && act != ACT_SIGMOID)) {
    napi_throw_range_error(env, NULL, "ple_blas.denseGrad: bad sizes or activation");
    return NULL;
  }
  const int64_t n = rows * units;
  if (!on_heap(env, "denseGrad", v[4], n, len) || (act != ACT_LINEAR && !on_heap(env, "denseGrad", v[5], n, len)) ||
      !on_heap(env, "denseGrad", v[6], rows * in, len) || !on_heap(env, "denseGrad", v[7], in * units, len) ||
      !on_heap(env, "denseGrad", v[8], rows * in, len) || !on_heap(env, "denseGrad", v[9], in * units, len) ||
      !on_heap(env, "denseGrad", v[10], units, len))
    return NULL;
  const float *dy = h + v[4], *y = h + v[5], *x = h + v[6], *w = h + v[7];
  float *dx = h + v[8], *dw = h + v[9], *db = h + v[10];
  const float *g = dy;
  memset(db, 0, (size_t)units * sizeof(float));
  if (act != ACT_LINEAR) {
    float *scratch = scratch_floats(env, n);
    if (scratch == NULL) return NULL;
    activation_grad(act, dy, y, rows, units, scratch, db);
    g = scratch;
  } else {
    add_column_sums(dy, rows, units, db);
  }
  /* as gemm(…) would for tf.matMul(g, w, false, true) and tf.matMul(x, g, true, false) */
  if (rows > 0 && in > 0) {
    if (units == 0) memset(dx, 0, (size_t)(rows * in) * sizeof(float));
    else sgemm_rows(0, 1, (int)rows, (int)in, (int)units, g, (int)units, w, (int)units, dx, (int)in, NULL, 0, ACT_LINEAR);
  }
  if (in > 0 && units > 0) {
    if (rows == 0) memset(dw, 0, (size_t)(in * units) * sizeof(float));
    else sgemm_rows(1, 0, (int)in, (int)units, (int)rows, x, (int)in, g, (int)units, dw, (int)units, NULL, 0, ACT_LINEAR);
  }
  return NULL;
}

#define MAX_EXPERTS 64

/* Reads a JS array of up to MAX_EXPERTS heap offsets, each with `n` elements on the heap. */
static bool offsets_arg(napi_env env, napi_value arr, const char *name, int64_t n, int64_t len, int64_t *out, uint32_t *count) {
  if (napi_get_array_length(env, arr, count) != napi_ok || *count == 0 || *count > MAX_EXPERTS) {
    char message[96];
    snprintf(message, sizeof message, "ple_blas.%s: expected an array of 1 to %d offsets", name, MAX_EXPERTS);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  for (uint32_t i = 0; i < *count; i++) {
    napi_value v;
    if (napi_get_element(env, arr, i, &v) != napi_ok || !get_i64(env, v, &out[i]) || out[i] < 0) {
      char message[96];
      snprintf(message, sizeof message, "ple_blas.%s: offsets must be non-negative integers", name);
      napi_throw_type_error(env, NULL, message);
      return false;
    }
    if (!on_heap(env, name, out[i], n, len)) return false;
  }
  return true;
}

/* Σ_j x[j]·y[j] in 8 interleaved partial sums, so that it vectorizes (the order gateMixGrad and bankMixGrad share). */
static float dot8(const float *restrict x, const float *restrict y, int64_t n) {
  float part[8] = {0};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; l++) part[l] += x[j + l] * y[j + l];
  float acc = ((part[0] + part[4]) + (part[1] + part[5])) + ((part[2] + part[6]) + (part[3] + part[7]));
  for (; j < n; j++) acc += x[j] * y[j];
  return acc;
}

/*
 * gateMix(heap, batch, units, w, [e_0 … e_{E-1}], out): the gated mixture of
 * experts of MMoE/CGC/PLE, out[b,:] = Σ_e w[b,e]·e_e[b,:], with w [batch, E]
 * and each e_e and out [batch, units]; summed in expert order, as tfjs's
 * Multiply + AddN.
 */
static napi_value GateMix(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_typedarray_type type;
  size_t length;
  void *data;
  int64_t v[4], e[MAX_EXPERTS];
  uint32_t E;
  bool ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 6 &&
            napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) == napi_ok && type == napi_float32_array &&
            get_i64(env, argv[1], &v[0]) && get_i64(env, argv[2], &v[1]) && get_i64(env, argv[3], &v[2]) &&
            get_i64(env, argv[5], &v[3]) && v[0] >= 0 && v[1] >= 0 && v[2] >= 0 && v[3] >= 0;
  if (!ok) {
    napi_throw_type_error(env, NULL, "ple_blas.gateMix: expected (Float32Array, batch, units, w, offsets[], out)");
    return NULL;
  }
  const int64_t len = (int64_t)length, batch = v[0], units = v[1];
  if (!offsets_arg(env, argv[4], "gateMix", batch * units, len, e, &E) || !on_heap(env, "gateMix", v[2], batch * E, len) ||
      !on_heap(env, "gateMix", v[3], batch * units, len))
    return NULL;
  float *h = (float *)data;
  const float *w = h + v[2];
  for (int64_t b = 0; b < batch; b++) {
    float *restrict out = h + v[3] + b * units;
    const float *restrict e0 = h + e[0] + b * units;
    const float w0 = w[b * E];
    for (int64_t j = 0; j < units; j++) out[j] = e0[j] * w0;
    for (uint32_t k = 1; k < E; k++) {
      const float *restrict ek = h + e[k] + b * units;
      const float wk = w[b * E + k];
      for (int64_t j = 0; j < units; j++) out[j] += ek[j] * wk;
    }
  }
  return NULL;
}

/*
 * gateMixGrad(heap, batch, units, dy, w, [e_0 …], dw, [de_0 …]): the gradient
 * of gateMix: de_e[b,:] = dy[b,:]·w[b,e], dw[b,e] = Σ_j dy[b,j]·e_e[b,j].
 */
static napi_value GateMixGrad(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_typedarray_type type;
  size_t length;
  void *data;
  int64_t v[5], e[MAX_EXPERTS], de[MAX_EXPERTS];
  uint32_t E, E2;
  bool ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 8 &&
            napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) == napi_ok && type == napi_float32_array &&
            get_i64(env, argv[1], &v[0]) && get_i64(env, argv[2], &v[1]) && get_i64(env, argv[3], &v[2]) &&
            get_i64(env, argv[4], &v[3]) && get_i64(env, argv[6], &v[4]) && v[0] >= 0 && v[1] >= 0 && v[2] >= 0 && v[3] >= 0 &&
            v[4] >= 0;
  if (!ok) {
    napi_throw_type_error(env, NULL, "ple_blas.gateMixGrad: expected (Float32Array, batch, units, dy, w, offsets[], dw, offsets[])");
    return NULL;
  }
  const int64_t len = (int64_t)length, batch = v[0], units = v[1];
  if (!offsets_arg(env, argv[5], "gateMixGrad", batch * units, len, e, &E) ||
      !offsets_arg(env, argv[7], "gateMixGrad", batch * units, len, de, &E2))
    return NULL;
  if (E2 != E) {
    napi_throw_type_error(env, NULL, "ple_blas.gateMixGrad: as many expert gradients as experts");
    return NULL;
  }
  if (!on_heap(env, "gateMixGrad", v[2], batch * units, len) || !on_heap(env, "gateMixGrad", v[3], batch * E, len) ||
      !on_heap(env, "gateMixGrad", v[4], batch * E, len))
    return NULL;
  float *h = (float *)data;
  const float *w = h + v[3];
  float *dw = h + v[4];
  for (int64_t b = 0; b < batch; b++) {
    const float *restrict dy = h + v[2] + b * units;
    for (uint32_t k = 0; k < E; k++) {
      const float *restrict ek = h + e[k] + b * units;
      float *restrict dek = h + de[k] + b * units;
      const float wk = w[b * E + k];
      for (int64_t j = 0; j < units; j++) dek[j] = dy[j] * wk;
      dw[b * E + k] = dot8(dy, ek, units);
    }
  }
  return NULL;
}

/*
 * A bank mixture's gates, from the Float64Array plan of bankMix and
 * bankMixGrad (src/ops/bank-mix.ts): per gate E, then the heap offsets of its
 * weights w [batch, E], of y [batch, units] (its mixture forward, the mixture's
 * gradient backward) and of dw [batch, E] (backward only; -1 forward), then
 * the E expert indices it mixes, each below `experts`.
 */
struct bank_gate {
  int64_t w, y, dw;
  uint32_t E;
  uint32_t members[MAX_EXPERTS];
};

static bool bank_plan(napi_env env, const char *name, const double *plan, size_t plan_len, int64_t batch, int64_t units,
                      int64_t experts, int64_t len, bool grad, struct bank_gate *gates, uint32_t *count) {
  char message[112];
  size_t at = 0;
  *count = 0;
  while (at < plan_len) {
    if (*count == MAX_EXPERTS || at + 4 > plan_len) break;
    struct bank_gate *g = &gates[(*count)++];
    const double E = plan[at];
    if (!(E >= 1 && E <= MAX_EXPERTS && E == (double)(uint32_t)E) || at + 4 + (size_t)E > plan_len) break;
    g->E = (uint32_t)E;
    g->w = (int64_t)plan[at + 1];
    g->y = (int64_t)plan[at + 2];
    g->dw = (int64_t)plan[at + 3];
    if (!on_heap(env, name, g->w, batch * g->E, len) || !on_heap(env, name, g->y, batch * units, len) ||
        (grad && !on_heap(env, name, g->dw, batch * g->E, len)))
      return false;
    for (uint32_t e = 0; e < g->E; e++) {
      const double m = plan[at + 4 + e];
      if (!(m >= 0 && m < (double)experts && m == (double)(uint32_t)m)) {
        snprintf(message, sizeof message, "ple_blas.%s: expert index %g outside the bank's %lld", name, m, (long long)experts);
        napi_throw_range_error(env, NULL, message);
        return false;
      }
      g->members[e] = (uint32_t)m;
    }
    at += 4 + g->E;
  }
  if (at != plan_len || *count == 0) {
    snprintf(message, sizeof message, "ple_blas.%s: a malformed plan (1 to %d gates of E, w, y, dw, E indices)", name, MAX_EXPERTS);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  return true;
}

/*
 * Reads (heap, plan, batch, units, h[, dh]) of bankMix / bankMixGrad: h and
 * dh [batch, experts·units] (argc 5 or 6 after the heap). Throws and returns
 * false when they are not that.
 */
static bool bank_args(napi_env env, napi_callback_info info, const char *name, bool grad, float **heap, struct bank_gate *gates,
                      uint32_t *count, int64_t *v) {
  const size_t want = grad ? 7 : 6;
  size_t argc = 7;
  napi_value argv[7];
  napi_typedarray_type ht, pt;
  size_t hlen, plen;
  void *hdata, *pdata;
  bool ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == want &&
            napi_get_typedarray_info(env, argv[0], &ht, &hlen, &hdata, NULL, NULL) == napi_ok && ht == napi_float32_array &&
            napi_get_typedarray_info(env, argv[1], &pt, &plen, &pdata, NULL, NULL) == napi_ok && pt == napi_float64_array;
  for (size_t i = 2; ok && i < want; i++) ok = get_i64(env, argv[i], &v[i - 2]) && v[i - 2] >= 0;
  if (!ok) {
    char message[112];
    snprintf(message, sizeof message, "ple_blas.%s: expected (Float32Array, Float64Array plan, batch, units, width, h%s)", name,
             grad ? ", dh" : "");
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  const int64_t len = (int64_t)hlen, batch = v[0], units = v[1], width = v[2];
  if (units == 0 || width % units != 0 || width / units > MAX_EXPERTS) {
    char message[112];
    snprintf(message, sizeof message, "ple_blas.%s: a bank of 1 to %d experts of `units` columns", name, MAX_EXPERTS);
    napi_throw_range_error(env, NULL, message);
    return false;
  }
  if (!on_heap(env, name, v[3], batch * width, len) || (grad && !on_heap(env, name, v[4], batch * width, len))) return false;
  *heap = (float *)hdata;
  return bank_plan(env, name, (const double *)pdata, plen, batch, units, width / units, len, grad, gates, count);
}

/*
 * bankMix(heap, plan, batch, units, width, h): the gated mixtures of several
 * gates over one bank of experts, h [batch, width] with expert x in columns
 * [x·units, (x+1)·units) (one fused matmul's output): for every gate of the
 * plan, y[b,:] = Σ_e w[b,e]·h[b, members[e]] in member order, as gateMix over
 * the split experts gives. Why: no split of h, and each row of h is read from
 * L1 by every gate.
 */
static napi_value BankMix(napi_env env, napi_callback_info info) {
  float *h;
  struct bank_gate gates[MAX_EXPERTS];
  uint32_t G;
  int64_t v[4];
  if (!bank_args(env, info, "bankMix", false, &h, gates, &G, v)) return NULL;
  const int64_t batch = v[0], units = v[1], width = v[2];
  for (int64_t b = 0; b < batch; b++) {
    const float *row = h + v[3] + b * width;
    for (uint32_t g = 0; g < G; g++) {
      const struct bank_gate *gt = &gates[g];
      const float *w = h + gt->w + b * gt->E;
      float *restrict y = h + gt->y + b * units;
      const float *restrict e0 = row + gt->members[0] * units;
      for (int64_t j = 0; j < units; j++) y[j] = e0[j] * w[0];
      for (uint32_t e = 1; e < gt->E; e++) {
        const float *restrict ek = row + gt->members[e] * units;
        const float wk = w[e];
        for (int64_t j = 0; j < units; j++) y[j] += ek[j] * wk;
      }
    }
  }
  return NULL;
}

/*
 * bankMixGrad(heap, plan, batch, units, width, h, dh): the gradient of
 * bankMix, y now each gate's dy: dw[b,e] = Σ_j dy[b,j]·h[b, members[e], j]
 * (as gateMixGrad), and dh[b, x] = Σ over the gates that mix expert x, last
 * gate first, of w[b,e]·dy[b,:] (zero for an expert no gate mixes): the
 * products and the order in which tfjs's backward pass adds the split
 * experts' gradients, so the bits are those of gateMix over a split.
 */
static napi_value BankMixGrad(napi_env env, napi_callback_info info) {
  float *h;
  struct bank_gate gates[MAX_EXPERTS];
  uint32_t G;
  int64_t v[5];
  if (!bank_args(env, info, "bankMixGrad", true, &h, gates, &G, v)) return NULL;
  const int64_t batch = v[0], units = v[1], width = v[2], experts = width / units;
  for (int64_t b = 0; b < batch; b++) {
    const float *row = h + v[3] + b * width;
    float *drow = h + v[4] + b * width;
    bool written[MAX_EXPERTS] = {false};
    for (uint32_t g = G; g-- > 0;) {
      const struct bank_gate *gt = &gates[g];
      const float *w = h + gt->w + b * gt->E;
      const float *restrict dy = h + gt->y + b * units;
      float *dw = h + gt->dw + b * gt->E;
      for (uint32_t e = 0; e < gt->E; e++) {
        const uint32_t x = gt->members[e];
        float *restrict dx = drow + x * units;
        const float wk = w[e];
        if (written[x]) {
          for (int64_t j = 0; j < units; j++) dx[j] += dy[j] * wk;
        } else {
          for (int64_t j = 0; j < units; j++) dx[j] = dy[j] * wk;
          written[x] = true;
        }
        dw[e] = dot8(dy, row + x * units, units);
      }
    }
    for (int64_t x = 0; x < experts; x++)
      if (!written[x]) memset(drow + x * units, 0, (size_t)units * sizeof(float));
  }
  return NULL;
}

/*
 * The embedding input's tables, from the Float64Array plan of embeddingInput
 * and embeddingInputGrad (src/ops/embedding-input-kernel.ts): per categorical
 * feature the heap offset of its table (forward) or of the table's gradient
 * (backward), [vocab, dim], then vocab and dim. Checks them and the ids
 * [batch, features] (int32, each in [0, vocab)); throws and returns false
 * when one is wrong.
 */
static bool embedding_plan(napi_env env, const char *name, const double *plan, size_t plan_len, const int32_t *ids,
                           int64_t batch, int64_t len, int64_t *cols) {
  const size_t features = plan_len / 3;
  *cols = 0;
  for (size_t f = 0; f < features; f++) {
    const double off = plan[3 * f], vocab = plan[3 * f + 1], dim = plan[3 * f + 2];
    if (!(vocab >= 1 && dim >= 1 && off >= 0) || !on_heap(env, name, (int64_t)off, (int64_t)(vocab * dim), len)) {
      if (!(vocab >= 1 && dim >= 1 && off >= 0)) napi_throw_range_error(env, NULL, "ple_blas: a malformed embedding plan");
      return false;
    }
    *cols += (int64_t)dim;
  }
  for (int64_t b = 0; b < batch; b++)
    for (size_t f = 0; f < features; f++) {
      const int32_t id = ids[b * (int64_t)features + (int64_t)f];
      if (id < 0 || id >= plan[3 * f + 1]) {
        char message[112];
        snprintf(message, sizeof message, "ple_blas.%s: id %d of feature %zu outside its table of %g rows", name, id, f,
                 plan[3 * f + 1]);
        napi_throw_range_error(env, NULL, message);
        return false;
      }
    }
  return true;
}

/*
 * Reads (heap, plan, batch, ids, numeric, numericCols, x) of embeddingInput
 * and embeddingInputGrad: ids [batch, features] (int32), numeric [batch,
 * numericCols] (forward; -1 for none), x [batch, Σ dim + numericCols] the
 * input (forward) or its gradient (backward).
 */
static bool embedding_args(napi_env env, napi_callback_info info, const char *name, float **heap, const double **plan,
                           size_t *features, int64_t *v) {
  size_t argc = 7;
  napi_value argv[7];
  napi_typedarray_type ht, pt;
  size_t hlen, plen;
  void *hdata, *pdata;
  bool ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 7 &&
            napi_get_typedarray_info(env, argv[0], &ht, &hlen, &hdata, NULL, NULL) == napi_ok && ht == napi_float32_array &&
            napi_get_typedarray_info(env, argv[1], &pt, &plen, &pdata, NULL, NULL) == napi_ok && pt == napi_float64_array &&
            plen % 3 == 0 && plen > 0;
  for (int i = 0; ok && i < 5; i++) ok = get_i64(env, argv[2 + i], &v[i]);
  if (!ok || v[0] < 0 || v[1] < 0 || v[3] < 0 || v[4] < 0) {
    char message[128];
    snprintf(message, sizeof message, "ple_blas.%s: expected (Float32Array, Float64Array plan, batch, ids, numeric, numericCols, x)", name);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  const int64_t len = (int64_t)hlen, batch = v[0];
  *features = plen / 3;
  int64_t cols;
  if (!on_heap(env, name, v[1], batch * (int64_t)*features, len) ||
      (v[2] >= 0 && !on_heap(env, name, v[2], batch * v[3], len)) ||
      !embedding_plan(env, name, (const double *)pdata, plen, (const int32_t *)hdata + v[1], batch, len, &cols) ||
      !on_heap(env, name, v[4], batch * (cols + v[3]), len))
    return false;
  *heap = (float *)hdata;
  *plan = (const double *)pdata;
  return true;
}

/*
 * embeddingInput(heap, plan, batch, ids, numeric, numericCols, x): the models'
 * input x = [table_1[ids[:, 1]], …, table_F[ids[:, F]], numeric], row by row
 * (copies, the same values as F gathers and a concat).
 */
static napi_value EmbeddingInput(napi_env env, napi_callback_info info) {
  float *h;
  const double *plan;
  size_t features;
  int64_t v[5];
  if (!embedding_args(env, info, "embeddingInput", &h, &plan, &features, v)) return NULL;
  const int32_t *ids = (const int32_t *)h + v[1];
  int64_t cols = v[3];
  for (size_t f = 0; f < features; f++) cols += (int64_t)plan[3 * f + 2];
  for (int64_t b = 0; b < v[0]; b++) {
    float *x = h + v[4] + b * cols;
    for (size_t f = 0; f < features; f++) {
      const int64_t dim = (int64_t)plan[3 * f + 2];
      memcpy(x, h + (int64_t)plan[3 * f] + ids[b * (int64_t)features + (int64_t)f] * dim, (size_t)dim * sizeof(float));
      x += dim;
    }
    if (v[2] >= 0) memcpy(x, h + v[2] + b * v[3], (size_t)v[3] * sizeof(float));
  }
  return NULL;
}

/*
 * embeddingInputGrad(heap, plan, batch, ids, -1, numericCols, dx): the tables'
 * gradients (the plan's offsets), zeroed, then dTable_f[ids[b, f]] += dx[b,
 * feature f's columns] for b in order: what tf.scatterND gives, sums of
 * repeated ids in the same order.
 */
static napi_value EmbeddingInputGrad(napi_env env, napi_callback_info info) {
  float *h;
  const double *plan;
  size_t features;
  int64_t v[5];
  if (!embedding_args(env, info, "embeddingInputGrad", &h, &plan, &features, v)) return NULL;
  const int32_t *ids = (const int32_t *)h + v[1];
  int64_t cols = v[3];
  for (size_t f = 0; f < features; f++) {
    cols += (int64_t)plan[3 * f + 2];
    memset(h + (int64_t)plan[3 * f], 0, (size_t)(plan[3 * f + 1] * plan[3 * f + 2]) * sizeof(float));
  }
  for (int64_t b = 0; b < v[0]; b++) {
    const float *dx = h + v[4] + b * cols;
    for (size_t f = 0; f < features; f++) {
      const int64_t dim = (int64_t)plan[3 * f + 2];
      float *restrict g = h + (int64_t)plan[3 * f] + ids[b * (int64_t)features + (int64_t)f] * dim;
      for (int64_t j = 0; j < dim; j++) g[j] += dx[j];
      dx += dim;
    }
  }
  return NULL;
}

/*
 * maskedLoss(heap, n, binary, out, y, mask, loss, grad): one task's loss over a
 * batch of n rows, L = Σ δ_i·ℓ_i / max(Σ δ_i, 1) (PLE Eq. 9), written to
 * loss[0], and its gradient with respect to the outputs, grad_i =
 * δ_i·ℓ'_i / max(Σ δ_i, 1), in one pass. Binary tasks: ℓ is the sigmoid
 * cross-entropy of the logit z against y, max(z, 0) − z·y + log1p(e^−|z|),
 * and ℓ' = σ(z) − y; regression: ℓ = (o − y)², ℓ' = 2(o − y). Sums in double.
 * Why: with tf ops the loss and its gradient are ~35 kernels per task.
 */
static napi_value MaskedLoss(napi_env env, napi_callback_info info) {
  void *data;
  size_t length;
  int64_t v[7];
  if (!heap_args(env, info, "maskedLoss", 7, &data, &length, v)) return NULL;
  const int64_t len = (int64_t)length, n = v[0];
  if (n < 0 || !on_heap(env, "maskedLoss", v[2], n, len) || !on_heap(env, "maskedLoss", v[3], n, len) ||
      !on_heap(env, "maskedLoss", v[4], n, len) || !on_heap(env, "maskedLoss", v[5], 1, len) ||
      !on_heap(env, "maskedLoss", v[6], n, len))
    return NULL;
  float *h = (float *)data;
  const float *out = h + v[2], *y = h + v[3], *mask = h + v[4];
  float *grad = h + v[6];
  double count = 0, sum = 0;
  for (int64_t i = 0; i < n; i++) count += mask[i];
  const double denominator = count > 1 ? count : 1;
  for (int64_t i = 0; i < n; i++) {
    const double z = out[i], t = y[i], d = mask[i];
    double l, g;
    if (v[1]) {
      l = (z > 0 ? z : 0) - z * t + log1p(exp(-fabs(z)));
      g = (z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))) - t;
    } else {
      l = (z - t) * (z - t);
      g = 2 * (z - t);
    }
    sum += d * l;
    grad[i] = (float)(d * g / denominator + 0.0); /* + 0: a masked row's −0 becomes 0, as with tf ops; NaN stays */
  }
  h[v[5]] = (float)(sum / denominator);
  return NULL;
}

/*
 * allFinite(heap, offsets[], sizes[]): whether every float32 of the given heap
 * ranges is finite (no NaN, no ±Inf). Why: the training step checks every
 * gradient before applying any (src/train/train-step.ts); with tf ops that is
 * a Sum per variable, an AddN and a read-back.
 */
static napi_value AllFinite(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_typedarray_type type;
  size_t length;
  void *data;
  uint32_t count = 0, count2 = 0;
  bool ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 3 &&
            napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) == napi_ok && type == napi_float32_array &&
            napi_get_array_length(env, argv[1], &count) == napi_ok && napi_get_array_length(env, argv[2], &count2) == napi_ok &&
            count == count2;
  if (!ok) {
    napi_throw_type_error(env, NULL, "ple_blas.allFinite: expected (Float32Array, offsets[], sizes[]) of one length");
    return NULL;
  }
  const float *h = (const float *)data;
  bool finite = true;
  for (uint32_t t = 0; t < count && finite; t++) {
    napi_value vo, vs;
    int64_t off, n;
    if (napi_get_element(env, argv[1], t, &vo) != napi_ok || napi_get_element(env, argv[2], t, &vs) != napi_ok ||
        !get_i64(env, vo, &off) || !get_i64(env, vs, &n) || off < 0 || n < 0) {
      napi_throw_type_error(env, NULL, "ple_blas.allFinite: offsets and sizes must be non-negative integers");
      return NULL;
    }
    if (!on_heap(env, "allFinite", off, n, (int64_t)length)) return NULL;
    /* x·0 is 0 for a finite x and NaN otherwise; 8 partial sums so that it vectorizes */
    const float *restrict x = h + off;
    float part[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
      for (int l = 0; l < 8; l++) part[l] += x[i + l] * 0.0f;
    float acc = 0.0f;
    for (int l = 0; l < 8; l++) acc += part[l];
    for (; i < n; i++) acc += x[i] * 0.0f;
    finite = acc == 0.0f;
  }
  napi_value out;
  CHECK(env, napi_get_boolean(env, finite, &out));
  return out;
}

/* setThreads(n): the number of BLAS threads, process-wide. */
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t n = 0;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || !get_i64(env, argv[0], &n) || n < 1 || n > 1024) {
    napi_throw_range_error(env, NULL, "ple_blas.setThreads: expected an integer in [1, 1024]");
    return NULL;
  }
  blas_set_threads((int)n);
  return NULL;
}

static napi_value Threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(env, napi_create_int32(env, blas_threads(), &out));
  return out;
}

/* setKernel(widest): 0 generic, 1 AVX2+FMA, 2 AVX-512F (the default, the widest the CPU has); false where the BLAS picks its own. */
static napi_value SetKernel(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t widest = -1;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || !get_i64(env, argv[0], &widest) || widest < 0 || widest > 2) {
    napi_throw_range_error(env, NULL, "ple_blas.setKernel: expected 0 (generic), 1 (AVX2+FMA) or 2 (AVX-512F)");
    return NULL;
  }
  napi_value out;
  CHECK(env, napi_get_boolean(env, blas_set_kernel((int)widest), &out));
  return out;
}

/* fmaPeak(width, threads, iters): floating-point operations per second of ple_fma_peak (peak.h), 0 where the width is not there. */
static napi_value FmaPeak(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int64_t width = 0, threads = 0, iters = 0;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 3 || !get_i64(env, argv[0], &width) || !get_i64(env, argv[1], &threads) || !get_i64(env, argv[2], &iters) ||
      (width != 8 && width != 16) || threads < 1 || threads > 64 || iters < 1) {
    napi_throw_range_error(env, NULL, "ple_blas.fmaPeak: expected a width of 8 or 16, 1-64 threads and a positive round count");
    return NULL;
  }
  napi_value out;
  CHECK(env, napi_create_double(env, ple_fma_peak((int)width, (int)threads, (long)iters), &out));
  return out;
}

static napi_value string_result(napi_env env, const char *s) {
  napi_value out;
  CHECK(env, napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &out));
  return out;
}

/* blas(): which BLAS gemm runs, "openblas" or "own" (ple's sgemm). */
static napi_value Blas(napi_env env, napi_callback_info info) {
  (void)info;
  return string_result(env, BLAS_NAME);
}

/* corename(): the kernel family OpenBLAS chose (e.g. "Haswell", "SkylakeX"), or ple sgemm's ("AVX2+FMA", "generic"). */
static napi_value Corename(napi_env env, napi_callback_info info) {
  (void)info;
  return string_result(env, blas_corename());
}

/* config(): OpenBLAS's build description (version, threading model), or a line saying it is ple's sgemm. */
static napi_value Config(napi_env env, napi_callback_info info) {
  (void)info;
  return string_result(env, blas_config());
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  const napi_property_descriptor props[] = {
      {"gemm", NULL, Gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"transpose", NULL, Transpose, NULL, NULL, NULL, napi_enumerable, NULL},
      {"copy2d", NULL, Copy2d, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gatherRows", NULL, GatherRows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, Adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"denseGrad", NULL, DenseGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gateMix", NULL, GateMix, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gateMixGrad", NULL, GateMixGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bankMix", NULL, BankMix, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bankMixGrad", NULL, BankMixGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"allFinite", NULL, AllFinite, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedLoss", NULL, MaskedLoss, NULL, NULL, NULL, napi_enumerable, NULL},
      {"embeddingInput", NULL, EmbeddingInput, NULL, NULL, NULL, napi_enumerable, NULL},
      {"embeddingInputGrad", NULL, EmbeddingInputGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"threads", NULL, Threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"blas", NULL, Blas, NULL, NULL, NULL, napi_enumerable, NULL},
      {"corename", NULL, Corename, NULL, NULL, NULL, napi_enumerable, NULL},
      {"config", NULL, Config, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fmaPeak", NULL, FmaPeak, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setKernel", NULL, SetKernel, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
