// ple's sgemm for WebAssembly SIMD (see ../README in src/wasm/build.js's header):
// C = act(op(A)·op(B) + bias), row-major, every pointer a byte address in the
// memory shared with tfjs's wasm backend. Packed panels of both operands
// (A in 4 rows, B in 8 columns, depth blocks of KC), a 4×8 tile of C in eight
// f32x4 registers; each element of C is Σ_p a·b added in p order, one
// multiply and one add at a time (WebAssembly SIMD has no fused multiply-add):
// XNNPACK's order, so its bits.

export const KC: i32 = 256;
const MR: i32 = 4;
const NR: i32 = 8;

// activations of the epilogue (the codes of src/native/ple_blas.c)
export const ACT_LINEAR: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_RELU6: i32 = 2;
export const ACT_LEAKYRELU: i32 = 4;

@inline function f32at(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

/** Packs rows [i0, i0+mr) × depth [p0, p0+kc) of op(A) as kc groups of 4 floats (zero rows past mr). */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mr: i32, p0: i32, kc: i32, dst: usize): void {
  if (transA) {
    // op(A)[i, p] = a[p·lda + i]: 4 consecutive floats per p
    for (let p = 0; p < kc; p++) {
      const src = a + (<usize>((p0 + p) * lda + i0) << 2);
      if (mr == MR) v128.store(dst, v128.load(src));
      else for (let i = 0; i < MR; i++) store<f32>(dst + (<usize>i << 2), i < mr ? f32at(src, i) : 0);
      dst += 16;
    }
  } else {
    for (let p = 0; p < kc; p++) {
      for (let i = 0; i < MR; i++) store<f32>(dst + (<usize>i << 2), i < mr ? f32at(a, (i0 + i) * lda + p0 + p) : 0);
      dst += 16;
    }
  }
}

/** Packs depth [p0, p0+kc) × all n columns of op(B) as panels of 8 columns, kc groups of 8 floats each (zero past n). */
function packB(b: usize, ldb: i32, transB: bool, n: i32, p0: i32, kc: i32, dst: usize): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const w = min(NR, n - j0);
    for (let p = 0; p < kc; p++) {
      if (!transB && w == NR) {
        const src = b + (<usize>((p0 + p) * ldb + j0) << 2);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else if (!transB) {
        const src = b + (<usize>((p0 + p) * ldb + j0) << 2);
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < w ? f32at(src, j) : 0);
      } else {
        // op(B)[p, j] = b[j·ldb + p]
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < w ? f32at(b, (j0 + j) * ldb + p0 + p) : 0);
      }
      dst += 32;
    }
  }
}

/**
 * One 4×8 tile: t (row stride ldt floats) += packed A panel · packed B panel
 * over kc, or = when `first`; then bias and activation when `last`.
 */
function tile(pa: usize, pb: usize, kc: i32, t: usize, ldt: i32, first: bool, last: bool, bias: usize, biasLen: i32, j0: i32, act: i32, alpha: f32): void {
  const ld = <usize>ldt << 2;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (!first) {
    c00 = v128.load(t); c01 = v128.load(t, 16);
    c10 = v128.load(t + ld); c11 = v128.load(t + ld, 16);
    c20 = v128.load(t + 2 * ld); c21 = v128.load(t + 2 * ld, 16);
    c30 = v128.load(t + 3 * ld); c31 = v128.load(t + 3 * ld, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4);
    const a2 = v128.load32_splat(pa, 8), a3 = v128.load32_splat(pa, 12);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    pb += 32;
    pa += 16;
  }
  if (last && (bias != 0 || act != ACT_LINEAR)) {
    let v0 = f32x4.splat(0), v1 = f32x4.splat(0);
    if (bias != 0) {
      if (biasLen == 1) { v0 = v128.load32_splat(bias); v1 = v0; }
      else { v0 = v128.load(bias + (<usize>j0 << 2)); v1 = v128.load(bias + (<usize>j0 << 2), 16); }
      c00 = f32x4.add(c00, v0); c01 = f32x4.add(c01, v1); c10 = f32x4.add(c10, v0); c11 = f32x4.add(c11, v1);
      c20 = f32x4.add(c20, v0); c21 = f32x4.add(c21, v1); c30 = f32x4.add(c30, v0); c31 = f32x4.add(c31, v1);
    }
    if (act != ACT_LINEAR) {
      c00 = activate(c00, act, alpha); c01 = activate(c01, act, alpha); c10 = activate(c10, act, alpha); c11 = activate(c11, act, alpha);
      c20 = activate(c20, act, alpha); c21 = activate(c21, act, alpha); c30 = activate(c30, act, alpha); c31 = activate(c31, act, alpha);
    }
  }
  v128.store(t, c00); v128.store(t, c01, 16);
  v128.store(t + ld, c10); v128.store(t + ld, c11, 16);
  v128.store(t + 2 * ld, c20); v128.store(t + 2 * ld, c21, 16);
  v128.store(t + 3 * ld, c30); v128.store(t + 3 * ld, c31, 16);
}

/** ReLU as `x > 0 ? x : 0` (NaN → 0, as the C epilogue), ReLU6, leaky ReLU `x < 0 ? αx : x`. */
@inline function activate(x: v128, act: i32, alpha: f32): v128 {
  const zero = f32x4.splat(0);
  if (act == ACT_RELU) return v128.and(x, f32x4.gt(x, zero));
  if (act == ACT_RELU6) return v128.bitselect(zero, v128.bitselect(f32x4.splat(6), x, f32x4.gt(x, f32x4.splat(6))), f32x4.lt(x, zero));
  if (act == ACT_LEAKYRELU) return v128.bitselect(f32x4.mul(x, f32x4.splat(alpha)), x, f32x4.lt(x, zero));
  return x;
}

/** Scratch floats that `gemm` needs for depth k and width n (packed B, packed A, an edge tile). */
export function gemmScratch(n: i32, k: i32): i32 {
  const kc = min(k, KC);
  return kc * ((n + NR - 1) / NR) * NR + kc * MR + MR * NR;
}

/**
 * C[m, n] = act(op(A)·op(B) + bias) with lda = transA ? m : k, ldb = transB ?
 * k : n, ldc = n; bias 0 for none (else biasLen 1 or n floats); `scratch`
 * holds gemmScratch(n, k) floats. k ≥ 1.
 */
export function gemm(m: i32, n: i32, k: i32, transA: bool, transB: bool, a: usize, b: usize, c: usize, bias: usize, biasLen: i32, act: i32, alpha: f32, scratch: usize): void {
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  const kcMax = min(k, KC);
  const pb = scratch;
  const pa = pb + (<usize>(kcMax * ((n + NR - 1) / NR) * NR) << 2);
  const edge = pa + (<usize>(kcMax * MR) << 2);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const first = p0 == 0;
    const last = p0 + kc == k;
    packB(b, ldb, transB, n, p0, kc, pb);
    for (let i0 = 0; i0 < m; i0 += MR) {
      const mr = min(MR, m - i0);
      packA(a, lda, transA, i0, mr, p0, kc, pa);
      for (let j0 = 0; j0 < n; j0 += NR) {
        const nr = min(NR, n - j0);
        const panel = pb + (<usize>(j0 * kc) << 2);
        const at = c + (<usize>(i0 * n + j0) << 2);
        if (mr == MR && nr == NR) {
          tile(pa, panel, kc, at, n, first, last, bias, biasLen, j0, act, alpha);
        } else {
          // an edge tile through the 4×8 buffer; the bias read stays inside its nr columns
          for (let i = 0; i < MR; i++)
            for (let j = 0; j < NR; j++)
              store<f32>(edge + (<usize>(i * NR + j) << 2), !first && i < mr && j < nr ? f32at(at, i * n + j) : 0);
          tile(pa, panel, kc, edge, NR, first, false, 0, 0, 0, ACT_LINEAR, 0);
          for (let i = 0; i < mr; i++)
            for (let j = 0; j < nr; j++) {
              let v = f32at(edge, i * NR + j);
              if (last) v = epilogue1(v, bias, biasLen, j0 + j, act, alpha);
              store<f32>(at + (<usize>(i * n + j) << 2), v);
            }
        }
      }
    }
  }
}

@inline function epilogue1(v: f32, bias: usize, biasLen: i32, j: i32, act: i32, alpha: f32): f32 {
  if (bias != 0) v += biasLen == 1 ? load<f32>(bias) : f32at(bias, j);
  if (act == ACT_RELU) return v > 0 ? v : 0;
  if (act == ACT_RELU6) return v < 0 ? 0 : v > 6 ? 6 : v;
  if (act == ACT_LEAKYRELU) return v < 0 ? alpha * v : v;
  return v;
}
