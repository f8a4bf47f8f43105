import * as tf from '@tensorflow/tfjs';
import { type Activation, type Dense, dense } from './dense';
import type { VariableStore } from './variable-store';

export interface Mlp {
  readonly inDim: number;
  /** width of the output (inDim when there are no layers) */
  readonly units: number;
  readonly layers: Dense[];
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

/** Layers `name/dense_0`, `name/dense_1`, … of the given widths, all with one activation. */
export function mlp(
  store: VariableStore,
  name: string,
  inDim: number,
  widths: number[],
  activation: Activation,
): Mlp {
  const s = store.scope(name);
  const layers: Dense[] = [];
  let d = inDim;
  widths.forEach((w, i) => {
    layers.push(dense(s, `dense_${i}`, d, w, activation));
    d = w;
  });
  return { inDim, units: d, layers, apply: (x) => layers.reduce((h, l) => l.apply(h), x) };
}

export interface ParallelMlps {
  readonly units: number[];
  /** one output per member, [batch, units_i] */
  apply(x: tf.Tensor2D): tf.Tensor2D[];
}

/**
 * Several MLPs that read the same input. Their first layers are fused into one
 * matmul (`name/dense_0/kernel` of [in, Σ widths]) and split; later layers are
 * per member (`name/<member>/dense_1`, …). Same parameters as separate MLPs.
 */
export function parallelMlps(
  store: VariableStore,
  name: string,
  inDim: number,
  members: { name: string; widths: number[] }[],
  activation: Activation,
): ParallelMlps {
  const s = store.scope(name);
  const firsts = members.map((m) => m.widths[0]);
  const first = dense(s, 'dense_0', inDim, firsts.reduce((a, b) => a + b, 0), activation);
  const rests = members.map((m) => {
    const ms = s.scope(m.name);
    const layers: Dense[] = [];
    for (let i = 1; i < m.widths.length; i++) {
      layers.push(dense(ms, `dense_${i}`, m.widths[i - 1], m.widths[i], activation));
    }
    return layers;
  });
  return {
    units: members.map((m) => m.widths[m.widths.length - 1]),
    apply: (x) => {
      const h = first.apply(x); // [batch, Σ first widths]
      const parts = members.length === 1 ? [h] : (tf.split(h, firsts, 1) as tf.Tensor2D[]);
      return parts.map((p, i) => rests[i].reduce((a, l) => l.apply(a), p));
    },
  };
}
