import * as tf from '@tensorflow/tfjs';
import { type Activation, type Dense, dense } from './dense';
import { unstack } from './unstack';
import { addFlops } from '../flops';
import type { VariableStore } from './variable-store';

export interface Columns {
  /** layer 0 of every column on the shared input x → columns × [batch, widths[0]] */
  first(x: tf.Tensor2D): tf.Tensor2D[];
  /** layer l ≥ 1: column k reads h[k] → columns × [batch, widths[l]] */
  next(l: number, h: tf.Tensor2D[]): tf.Tensor2D[];
  /** column k's kernel at layer l, [in, widths[l]] */
  kernel(l: number, k: number): tf.Tensor2D;
}

/**
 * One column of layers per task (cross-stitch and sluice networks). Layer 0
 * of all columns reads x, so it is one fused matmul `name/layer_0/kernel`
 * [in, columns·w₀]; deeper layers are per column, `name/layer_l/<column>`.
 */
export function columns(
  store: VariableStore,
  name: string,
  inDim: number,
  names: string[],
  widths: number[],
  activation: Activation,
): Columns {
  const s = store.scope(name);
  const n = names.length;
  const first = dense(s, 'layer_0', inDim, n * widths[0], activation);
  const rest: Dense[][] = widths
    .slice(1)
    .map((w, i) => names.map((c) => dense(s.scope(`layer_${i + 1}`), c, widths[i], w, activation)));
  return {
    first: (x) => {
      const h = first.apply(x); // [batch, columns·w₀]
      return n === 1 ? [h] : (tf.split(h, n, 1) as tf.Tensor2D[]);
    },
    next: (l, h) => h.map((c, k) => rest[l - 1][k].apply(c)),
    kernel: (l, k) =>
      l === 0
        ? tf.slice(first.kernel as tf.Tensor2D, [0, k * widths[0]], [inDim, widths[0]])
        : (rest[l - 1][k].kernel as tf.Tensor2D),
  };
}

/** An n×n mixing matrix with `self` on the diagonal and (1 − self)/(n − 1) elsewhere. */
export function stitchInit(n: number, self: number): number[] {
  if (n === 1) return [1];
  const off = (1 - self) / (n - 1);
  return Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? self : off));
}

/**
 * Cross-stitch unit: h'_k = Σ_j α_kj h_j, with alpha [n, n] and n parts of
 * one shape [batch, units]. Elementwise, so no reduction over a middle axis.
 */
export function stitch(alpha: tf.Tensor2D, h: tf.Tensor2D[]): tf.Tensor2D[] {
  const n = h.length;
  addFlops(2 * n * n * h[0].shape[0] * h[0].shape[1]);
  const a = unstack<tf.Rank.R0>(tf.reshape(alpha, [n * n]), 0); // α_kj at k·n + j
  return h.map((_, k) => tf.addN(h.map((hj, j) => tf.mul(hj, a[k * n + j]))) as tf.Tensor2D);
}
