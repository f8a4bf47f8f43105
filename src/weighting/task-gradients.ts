import * as tf from '@tensorflow/tfjs';
import type { MtlModel } from '../models/types';
import type { TensorBatch } from '../train/batches';
import { batchParts, type LossSpec } from '../train/train-step';

export interface TaskGradients {
  /** per task: variable name → ∇ of its objective, for the variables its loss reaches */
  grads: tf.NamedTensorMap[];
  /** [L_1, …, L_K] of the batch, and the model's penalty (0 without one) */
  losses: number[];
  penalty: number;
}

/**
 * The gradient of each task's objective, scale_k·L_k + penalty/K, with
 * respect to `variables`: one forward and backward pass per task (tfjs
 * keeps no tape between two gradients), which is what PCGrad and GradNorm
 * cost over one combined step. The model's penalties (sluice's
 * orthogonality, AITM's calibrator) are spread evenly over the tasks.
 */
export function taskGradients(model: MtlModel, batch: TensorBatch, spec: LossSpec, variables: tf.Variable[], scale: readonly number[]): TaskGradients {
  const K = spec.types.length;
  const grads: tf.NamedTensorMap[] = [];
  let losses: number[] = [];
  let penalty = 0;
  for (let k = 0; k < K; k++) {
    let read: tf.Tensor1D | undefined;
    const result = tf.variableGrads(() => {
      const parts = batchParts(model, batch, spec);
      const p = parts.penalty ?? tf.scalar(0);
      read = tf.keep(tf.stack([...parts.perTask, p]) as tf.Tensor1D);
      return tf.add(tf.mul(parts.perTask[k], scale[k]), tf.div(p, K)) as tf.Scalar;
    }, variables);
    if (k === 0) {
      const values = Array.from(read!.dataSync());
      losses = values.slice(0, K);
      penalty = values[K];
    }
    read!.dispose();
    result.value.dispose();
    grads.push(result.grads);
  }
  return { grads, losses, penalty };
}

/**
 * The variables that two or more tasks train: those whose gradient has a
 * nonzero entry for at least two tasks on a batch (embeddings, a shared
 * bottom, shared experts; not a task's own gate or tower, nor, in STEM,
 * another task's experts, whose gradient is stopped). In creation order.
 */
export function sharedVariables(variables: readonly tf.Variable[], grads: readonly tf.NamedTensorMap[]): tf.Variable[] {
  return variables.filter((v) => {
    let tasks = 0;
    for (const g of grads) {
      const t = g[v.name];
      if (t && tf.tidy(() => tf.any(tf.notEqual(t, 0)).dataSync()[0]) === 1) tasks++;
    }
    return tasks >= 2;
  });
}
