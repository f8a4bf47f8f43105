import * as tf from '@tensorflow/tfjs';
import { denseForward } from '../../ops/dense';
import { addFlops } from '../flops';
import type { VariableStore } from './variable-store';

export interface DselectGate {
  readonly experts: string[];
  /** per-example expert weights [batch, experts] (rows sum to 1), and the entropy Σ over rows and selectors of each selector's output */
  apply(x: tf.Tensor2D): { weights: tf.Tensor2D; entropy: tf.Scalar };
}

/**
 * The smooth-step S(t) of DSelect-k: 0 for t ≤ −γ/2, 1 for t ≥ γ/2, and
 * −2t³/γ³ + 3t/(2γ) + ½ between: exactly binary outside a band of width γ,
 * so a trained selector can reach a hard choice with a zero gradient there.
 * Written as 3u² − 2u³ of u = clip(t/γ + ½, 0, 1), the same polynomial,
 * which needs no comparison in the gradient.
 */
export function smoothStep(t: tf.Tensor, gamma: number): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.clipByValue(tf.add(tf.div(t, gamma), 0.5), 0, 1);
    const u2 = tf.square(u);
    return tf.sub(tf.mul(u2, 3), tf.mul(tf.mul(u2, u), 2));
  });
}

/**
 * An example-conditioned DSelect-k gate (Hazimeh et al., NeurIPS 2021,
 * §3): k single-expert selectors, each a product over the m = ⌈log₂ n⌉ bits
 * of an expert's binary code of S(z_j) or 1 − S(z_j), with z = W_z x, mixed
 * by softmax(W_α x); at most k experts get a nonzero weight once the
 * selectors are binary. Initialised as the authors' code does (z's weights
 * uniform in ±γ/100, α's in ±0.05). Reading taken where n is not a power of
 * two: each selector's weights over the n reachable codes are renormalised
 * to sum to 1 (the authors instead add a loss term 1/Σ that drives the sum
 * there), so the gate is a convex combination from the first step.
 */
export function dselectGate(store: VariableStore, name: string, inDim: number, experts: string[], k: number, gamma: number): DselectGate {
  const n = experts.length;
  const m = Math.max(1, Math.ceil(Math.log2(n)));
  const s = store.scope(name);
  const zKernel = s.variable('z/kernel', [inDim, k * m], { uniform: gamma / 100 });
  const zBias = s.variable('z/bias', [k * m], { uniform: gamma / 100 });
  const aKernel = s.variable('alpha/kernel', [inDim, k], { uniform: 0.05 });
  const aBias = s.variable('alpha/bias', [k], { uniform: 0.05 });
  // bit j of expert e's code, [m, n]
  const bits = Array.from({ length: m }, (_, j) => Array.from({ length: n }, (_, e) => (e >> j) & 1));
  return {
    experts,
    apply: (x) => {
      const rows = x.shape[0];
      addFlops(2 * rows * inDim * (k * m + k));
      const z = tf.reshape(denseForward(x, zKernel as tf.Tensor2D, zBias as tf.Tensor1D, 'linear'), [rows, k, m, 1]);
      const step = smoothStep(z, gamma); // [batch, k, m, 1]
      const code = tf.reshape(tf.tensor2d(bits, [m, n]), [1, 1, m, n]);
      // Π_j (bit ? S_j : 1 − S_j), [batch, k, n]
      const factors = tf.add(tf.mul(step, code), tf.mul(tf.sub(1, step), tf.sub(1, code)));
      const perBit = tf.unstack(factors, 2); // m × [batch, k, n]: a product of few, without a Prod kernel's gradient
      const raw = perBit.reduce((acc, f) => tf.mul(acc, f));
      const selectors = n === 2 ** m ? raw : tf.div(raw, tf.maximum(tf.sum(raw, 2, true), 1e-12));
      const alpha = tf.softmax(denseForward(x, aKernel as tf.Tensor2D, aBias as tf.Tensor1D, 'linear')); // [batch, k]
      const weights = tf.sum(tf.mul(tf.expandDims(alpha, 2), selectors), 1) as tf.Tensor2D; // [batch, n]
      const entropy = tf.neg(tf.sum(tf.mul(selectors, tf.log(tf.add(selectors, 1e-6))))) as tf.Scalar;
      return { weights, entropy };
    },
  };
}
