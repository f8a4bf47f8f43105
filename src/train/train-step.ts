import * as tf from '@tensorflow/tfjs';
import type { MtlModel, TaskType } from '../models/types';
import type { TensorBatch } from './batches';
import { allFiniteNative } from '../ops/all-finite';
import { mtlLoss } from './masked-loss';
import { withWeightDecay } from './weight-decay';

export interface StepResult {
  /** [Σ ω_k L_k + penalty, L_1, …, L_K] */
  losses: Float32Array;
  /** false when a gradient holds NaN or ±Inf (the step was then not applied) */
  finiteGradients: boolean;
}

/**
 * One optimisation step on one batch (a training pass: dropout on), with L2
 * weight decay λ when `weightDecay` > 0 (`weight-decay.ts`); losses and a
 * gradient check come back in one transfer. The gradients are applied only
 * when the loss and every gradient are finite, so a bad batch leaves the
 * weights at their last finite values. Why check gradients and not only the loss: a NaN input can give a
 * finite loss (XNNPACK's fused ReLU turns NaN into 0) while its gradient
 * silently poisons the first layer's weights.
 */
export function trainStep(
  model: MtlModel,
  optimizer: tf.Optimizer,
  batch: TensorBatch,
  types: TaskType[],
  weights: number[],
  weightDecay = 0,
): StepResult {
  let parts: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(batch.inputs, { training: true });
    const loss = mtlLoss(out.outputs, batch.labels, batch.masks, types, weights, model.penalty());
    parts = tf.keep(tf.stack([loss.total, ...loss.perTask]) as tf.Tensor1D); // [1 + tasks]
    return loss.total;
  }, model.variables);
  const gradList = Object.values(grads);
  let finiteGradients = allFiniteNative(gradList); // in C on the heap, with the native kernels
  let losses: Float32Array;
  if (finiteGradients === undefined) {
    // Σ of every gradient entry: NaN or ±Inf as soon as one entry is; read with the losses. [1]
    const all = tf.tidy(() => tf.concat([parts!, tf.reshape(tf.addN(gradList.map((g) => tf.sum(g))), [1])]).dataSync());
    losses = Float32Array.from(all.subarray(0, all.length - 1));
    finiteGradients = Number.isFinite(all[all.length - 1]);
  } else losses = Float32Array.from(parts!.dataSync());
  const applied = weightDecay > 0 ? withWeightDecay(grads, model.variables, weightDecay) : grads;
  if (Number.isFinite(losses[0]) && finiteGradients) optimizer.applyGradients(applied);
  tf.dispose([...new Set([value, parts!, ...gradList, ...Object.values(applied)])]);
  return { losses, finiteGradients };
}
