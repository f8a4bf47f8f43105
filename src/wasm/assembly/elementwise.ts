// ple's fused elementwise kernels for WebAssembly SIMD, the arithmetic of the
// native addon's (src/native/ple_blas.c), on byte addresses in the memory
// shared with tfjs's wasm backend.

/**
 * One Adam step of one variable, in float32: m ← β₁m + c1·g, v ← β₂v + c2·g²,
 * out = x − lr·((m/k1)/(√(v/k2) + ε)); out may be x.
 */
export function adam(x: usize, g: usize, m: usize, v: usize, out: usize, n: i32, lr: f32, b1: f32, b2: f32, eps: f32, k1: f32, k2: f32, c1: f32, c2: f32): void {
  let i = 0;
  const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  const vk1 = f32x4.splat(k1), vk2 = f32x4.splat(k2), vlr = f32x4.splat(lr), veps = f32x4.splat(eps);
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vc1, gi));
    const si = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(vc2, f32x4.mul(gi, gi)));
    v128.store(m + o, mi);
    v128.store(v + o, si);
    const step = f32x4.div(f32x4.div(mi, vk1), f32x4.add(f32x4.sqrt(f32x4.div(si, vk2)), veps));
    v128.store(out + o, f32x4.sub(v128.load(x + o), f32x4.mul(vlr, step)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = b1 * load<f32>(m + o) + c1 * gi;
    const si = b2 * load<f32>(v + o) + c2 * (gi * gi);
    store<f32>(m + o, mi);
    store<f32>(v + o, si);
    store<f32>(out + o, load<f32>(x + o) - lr * ((mi / k1) / (Mathf.sqrt(si / k2) + eps)));
  }
}

/**
 * g = dy·act'(y) over rows×cols (act 1 ReLU: dy·step(y), NaN for NaN y;
 * 3 sigmoid: dy·(y·(1−y))), row by row, each row added to sums[j]; act 0
 * adds dy's rows to sums and writes nothing. sums are zeroed first.
 */
export function activationGrad(act: i32, dy: usize, y: usize, rows: i32, cols: i32, out: usize, sums: usize): void {
  memory.fill(sums, 0, <usize>cols << 2);
  const one = f32x4.splat(1);
  for (let r = 0; r < rows; r++) {
    const row = <usize>(r * cols) << 2;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const d = v128.load(dy + row + o);
      let gv = d;
      if (act == 1) {
        const yv = v128.load(y + row + o);
        const step = v128.bitselect(yv, v128.and(one, f32x4.gt(yv, f32x4.splat(0))), f32x4.ne(yv, yv));
        gv = f32x4.mul(d, step);
      } else if (act == 3) {
        const yv = v128.load(y + row + o);
        gv = f32x4.mul(d, f32x4.mul(yv, f32x4.sub(one, yv)));
      }
      if (act != 0) v128.store(out + row + o, gv);
      v128.store(sums + o, f32x4.add(v128.load(sums + o), gv));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(dy + row + o);
      let gv = d;
      if (act == 1) {
        const yv = load<f32>(y + row + o);
        gv = d * (yv != yv ? yv : yv > 0 ? <f32>1 : <f32>0);
      } else if (act == 3) {
        const yv = load<f32>(y + row + o);
        gv = d * (yv * (1 - yv));
      }
      if (act != 0) store<f32>(out + row + o, gv);
      store<f32>(sums + o, load<f32>(sums + o) + gv);
    }
  }
}

/** Σ_j x[j]·y[j] in 8 interleaved partial sums, combined as ((p0+p4)+(p1+p5))+((p2+p6)+(p3+p7)), then the tail in order. */
@inline function dot8(x: usize, y: usize, n: i32): f32 {
  let lo = f32x4.splat(0), hi = f32x4.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const o = <usize>j << 2;
    lo = f32x4.add(lo, f32x4.mul(v128.load(x + o), v128.load(y + o)));
    hi = f32x4.add(hi, f32x4.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  const s = f32x4.add(lo, hi);
  let acc = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
  for (; j < n; j++) acc += load<f32>(x + (<usize>j << 2)) * load<f32>(y + (<usize>j << 2));
  return acc;
}

/** dst[j] = or += src[j]·w for j < units (`add` false: =). */
@inline function scaledRow(src: usize, w: f32, dst: usize, units: i32, add: bool): void {
  const wk = f32x4.splat(w);
  let j = 0;
  for (; j + 4 <= units; j += 4) {
    const o = <usize>j << 2;
    const t = f32x4.mul(v128.load(src + o), wk);
    v128.store(dst + o, add ? f32x4.add(v128.load(dst + o), t) : t);
  }
  for (; j < units; j++) {
    const o = <usize>j << 2;
    const t = load<f32>(src + o) * w;
    store<f32>(dst + o, add ? load<f32>(dst + o) + t : t);
  }
}

/**
 * One expert's term of a gated mixture, row b of out [batch, units] (stride
 * outStride) = or += w[b·wStride]·e[b, :] (stride eStride): `add` false for a
 * gate's first expert.
 */
export function mixTerm(batch: i32, units: i32, e: usize, eStride: i32, w: usize, wStride: i32, out: usize, outStride: i32, add: bool): void {
  for (let b = 0; b < batch; b++) {
    scaledRow(e + (<usize>(b * eStride) << 2), load<f32>(w + (<usize>(b * wStride) << 2)), out + (<usize>(b * outStride) << 2), units, add);
  }
}

/**
 * One expert's gradient in a gated mixture: de[b, :] = or += dy[b, :]·w[b·wStride]
 * (de stride deStride; skipped when de is 0), dw[b·wStride] = Σ_j dy[b, j]·e[b, j] (dot8 order).
 */
export function mixTermGrad(batch: i32, units: i32, dy: usize, e: usize, eStride: i32, w: usize, dw: usize, wStride: i32, de: usize, deStride: i32, add: bool): void {
  for (let b = 0; b < batch; b++) {
    const dyr = dy + (<usize>(b * units) << 2);
    const wo = <usize>(b * wStride) << 2;
    if (de != 0) scaledRow(dyr, load<f32>(w + wo), de + (<usize>(b * deStride) << 2), units, add);
    store<f32>(dw + wo, dot8(dyr, e + (<usize>(b * eStride) << 2), units));
  }
}

/** Whether all n floats are finite: Σ x·0 is 0 for finite x and NaN otherwise. */
export function allFinite(x: usize, n: i32): bool {
  let acc = f32x4.splat(0);
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(x + (<usize>i << 2)), z));
  let s = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += load<f32>(x + (<usize>i << 2)) * <f32>0;
  return s == 0;
}
