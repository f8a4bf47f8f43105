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

/**
 * ESMM's loss of a task conditional on a parent (Ma et al., SIGIR 2018,
 * Eq. 3): the log loss of pCTCVR = σ(z_parent)·σ(z_child) against
 * y_parent·y_child over the parent's rows, the "entire space" of
 * impressions, so the child's probability is learned from every row and not
 * only from the parent's positives. A child's label is 0 where its own mask
 * is, so the product label is right on every parent row. Scalar.
 */
export function entireSpaceLoss(parent: tf.Tensor1D, child: tf.Tensor1D, parentLabels: tf.Tensor1D, childLabels: tf.Tensor1D, parentMask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logP = tf.neg(tf.add(tf.softplus(tf.neg(parent)), tf.softplus(tf.neg(child)))); // log σ(z_p) + log σ(z_c)
    const p = tf.exp(logP);
    const log1mP = tf.log1p(tf.neg(tf.minimum(p, 1 - 1e-7))); // log(1 − pCTCVR), away from log 0
    const y = tf.mul(parentLabels, childLabels);
    const rows = tf.neg(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), log1mP)));
    return tf.div(tf.sum(tf.mul(rows, parentMask)), tf.maximum(tf.sum(parentMask), 1));
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
 * ([batch] each), `weights` ω_k(t) in task order, and the model's penalties.
 * With `entireSpace` (ESMM), a task whose `parents[k]` is a task index is
 * trained by `entireSpaceLoss`; otherwise every task by its masked loss.
 */
export function mtlLoss(
  outputs: tf.Tensor1D[],
  labels: tf.Tensor1D[],
  masks: tf.Tensor1D[],
  types: TaskType[],
  weights: number[],
  penalty: tf.Scalar | null,
  conditional: { parents: readonly (number | null)[]; entireSpace: boolean } = { parents: [], entireSpace: false },
): MtlLoss {
  const perTask = outputs.map((o, k) => {
    const parent = conditional.entireSpace ? conditional.parents[k] ?? null : null;
    return parent === null ? maskedTaskLoss(o, labels[k], masks[k], types[k]) : entireSpaceLoss(outputs[parent], o, labels[parent], labels[k], masks[parent]);
  });
  const terms = perTask.map((l, k) => (weights[k] === 1 ? l : tf.mul(l, weights[k]))); // l·1 is l, bit for bit
  if (penalty !== null) terms.push(penalty);
  const total = (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  return { total, perTask };
}
