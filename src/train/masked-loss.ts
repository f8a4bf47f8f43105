import * as tf from '@tensorflow/tfjs';
import type { TaskType } from '../models/types';
import { maskedLossNative } from '../ops/masked-loss-kernel';

/**
 * Per-row loss of one task: sigmoid cross-entropy from logits for binary
 * tasks, written in the stable form max(z, 0) − z·y + log(1 + e^−|z|);
 * squared error for regression. All [batch].
 */
export function rowLoss(output: tf.Tensor1D, labels: tf.Tensor1D, type: TaskType): tf.Tensor1D {
  if (type === 'binary') {
    return tf.add(tf.sub(tf.relu(output), tf.mul(output, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(output)))));
  }
  return tf.squaredDifference(output, labels);
}

/**
 * L_k = Σ_i δ_i·loss_i / Σ_i δ_i — the task's loss averaged over the batch's
 * rows that belong to it (Eq. 9 of the PLE paper). The denominator is
 * max(Σ δ, 1), so a batch without a row of the task adds exactly 0 with a zero
 * gradient, never NaN. Scalar.
 */
export function maskedTaskLoss(output: tf.Tensor1D, labels: tf.Tensor1D, mask: tf.Tensor1D, type: TaskType): tf.Scalar {
  return maskedLossNative(output, labels, mask, type === 'binary') ?? maskedTaskLossOps(output, labels, mask, type);
}

/** maskedTaskLoss with tf ops (any backend; the reference for the native kernel, src/ops/masked-loss-kernel.ts). */
export function maskedTaskLossOps(output: tf.Tensor1D, labels: tf.Tensor1D, mask: tf.Tensor1D, type: TaskType): tf.Scalar {
  return tf.tidy(() => {
    const summed = tf.sum(tf.mul(rowLoss(output, labels, type), mask));
    return tf.div(summed, tf.maximum(tf.sum(mask), 1));
  });
}

export interface MtlLoss {
  /** Σ_k ω_k L_k (+ penalty) */
  total: tf.Scalar;
  /** L_k per task, in task order */
  perTask: tf.Scalar[];
}

/**
 * The training objective of one batch: `outputs`, `labels`, `masks` per task
 * ([batch] each), `weights` ω_k(t) in task order, and the model's penalty.
 */
export function mtlLoss(
  outputs: tf.Tensor1D[],
  labels: tf.Tensor1D[],
  masks: tf.Tensor1D[],
  types: TaskType[],
  weights: number[],
  penalty: tf.Scalar | null,
): MtlLoss {
  const perTask = outputs.map((o, k) => maskedTaskLoss(o, labels[k], masks[k], types[k]));
  const terms = perTask.map((l, k) => (weights[k] === 1 ? l : tf.mul(l, weights[k]))); // l·1 is l, bit for bit
  if (penalty !== null) terms.push(penalty);
  const total = (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  return { total, perTask };
}
