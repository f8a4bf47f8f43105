import * as tf from '@tensorflow/tfjs';
import type { TaskHead } from '../types';
import { type Activation, dense } from './dense';
import { mlp } from './mlp';
import type { VariableStore } from './variable-store';

export interface Tower {
  /** [batch, in] → [batch]: the logit (binary) or the prediction (regression) */
  apply(x: tf.Tensor2D): tf.Tensor1D;
}

/**
 * A task tower: an MLP of the given widths (`tower_<task>/dense_i`), then one
 * linear unit (`tower_<task>/out`). Regression heads with `sigmoidOutput` squash it.
 */
export function tower(
  store: VariableStore,
  task: TaskHead,
  inDim: number,
  widths: number[],
  activation: Activation,
): Tower {
  const s = store.scope(`tower_${task.name}`);
  const body = mlp(s, '', inDim, widths, activation);
  const out = dense(s, 'out', body.units, 1, 'linear', false);
  const squash = task.type === 'regression' && task.sigmoidOutput;
  return {
    apply: (x) => {
      const y = tf.reshape(out.apply(body.apply(x)), [x.shape[0]]) as tf.Tensor1D; // [batch]
      return squash ? tf.sigmoid(y) : y;
    },
  };
}

/** One tower per task, each on its own input width. */
export function towers(
  store: VariableStore,
  tasks: TaskHead[],
  inDims: number[],
  widths: number[],
  activation: Activation,
): Tower[] {
  return tasks.map((t, k) => tower(store, t, inDims[k], widths, activation));
}
