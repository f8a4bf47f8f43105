import * as tf from '@tensorflow/tfjs';
import type { ModelOutput, MtlModel, TaskType } from '../models/types';
import type { TensorBatch } from './batches';
import { allFiniteNative } from '../ops/all-finite';
import { mtlLoss, type MtlLoss } from './masked-loss';
import { withWeightDecay } from './weight-decay';

export interface StepResult {
  /** [Σ ω_k L_k + penalty, L_1, …, L_K] */
  losses: Float32Array;
  /** false when a gradient holds NaN or ±Inf (the step was then not applied) */
  finiteGradients: boolean;
}

/** What a batch's loss is made of besides the outputs: task types, conditional parents. */
export interface LossSpec {
  types: TaskType[];
  parents: readonly (number | null)[];
}

/** The model's penalties, of its weights and of the batch, summed; null when it has none. */
export function penaltyOf(model: MtlModel, out: ModelOutput): tf.Scalar | null {
  const penalties = [model.penalty(), out.penalty ?? null].filter((p): p is tf.Scalar => p !== null);
  return penalties.length === 0 ? null : penalties.length === 1 ? penalties[0] : (tf.add(penalties[0], penalties[1]) as tf.Scalar);
}

/** The batch's per-task losses L_k and the model's penalties of a training pass (dropout on), for a weighting that combines them itself. */
export function batchParts(model: MtlModel, batch: TensorBatch, spec: LossSpec): { perTask: tf.Scalar[]; penalty: tf.Scalar | null } {
  const out = model.apply(batch.inputs, { training: true });
  const penalty = penaltyOf(model, out);
  const { perTask } = mtlLoss(out.outputs, batch.labels, batch.masks, spec.types, spec.types.map(() => 1), null, { parents: spec.parents, entireSpace: model.entireSpace === true });
  return { perTask, penalty };
}

/** The per-task losses and the total Σ weights_k L_k + penalties of a training pass (dropout on). */
export function batchLoss(model: MtlModel, batch: TensorBatch, spec: LossSpec, weights: number[]): MtlLoss {
  const out = model.apply(batch.inputs, { training: true });
  return mtlLoss(out.outputs, batch.labels, batch.masks, spec.types, weights, penaltyOf(model, out), { parents: spec.parents, entireSpace: model.entireSpace === true });
}

/** L2 weight decay λ of a model's weight matrices (`weight-decay.ts`); λ = 0 is none. */
export interface Decay {
  variables: readonly tf.Variable[];
  lambda: number;
}

/**
 * Applies `grads` (with weight decay, when λ > 0) when the loss and every
 * gradient are finite, so a bad batch leaves the weights at their last
 * finite values; `parts` are the step's losses [total, L_1…L_K], read in
 * the same transfer. Why check gradients and not only the loss: a NaN input
 * can give a finite loss (XNNPACK's fused ReLU turns NaN into 0) while its
 * gradient silently poisons the first layer's weights. The decay's new
 * tensors are disposed here; `grads` stay the caller's.
 */
export function applyIfFinite(optimizer: tf.Optimizer, grads: tf.NamedTensorMap, parts: tf.Tensor1D, decay?: Decay): StepResult {
  const gradList = Object.values(grads);
  let finiteGradients = allFiniteNative(gradList); // in C on the heap, with the native kernels
  let losses: Float32Array;
  if (finiteGradients === undefined) {
    // Σ of every gradient entry: NaN or ±Inf as soon as one entry is; read with the losses. [1]
    const all = tf.tidy(() => tf.concat([parts, tf.reshape(tf.addN(gradList.map((g) => tf.sum(g))), [1])]).dataSync());
    losses = Float32Array.from(all.subarray(0, all.length - 1));
    finiteGradients = Number.isFinite(all[all.length - 1]);
  } else losses = Float32Array.from(parts.dataSync());
  const applied = decay && decay.lambda > 0 ? withWeightDecay(grads, decay.variables, decay.lambda) : grads;
  if (Number.isFinite(losses[0]) && finiteGradients) optimizer.applyGradients(applied);
  if (applied !== grads) tf.dispose(Object.values(applied).filter((t) => !gradList.includes(t)));
  return { losses, finiteGradients };
}

/**
 * One optimisation step on one batch of the objective `objective` (the
 * total, and the per-task losses to report), over the model's variables and
 * `extra` ones (a weighting's own, such as uncertainty's log-variances),
 * with the model's weight decay λ.
 */
export function objectiveStep(model: MtlModel, optimizer: tf.Optimizer, objective: () => MtlLoss, extra: tf.Variable[] = [], weightDecay = 0): StepResult {
  let parts: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const loss = objective();
    parts = tf.keep(tf.stack([loss.total, ...loss.perTask]) as tf.Tensor1D); // [1 + tasks]
    return loss.total;
  }, [...model.variables, ...extra]);
  const result = applyIfFinite(optimizer, grads, parts!, { variables: model.variables, lambda: weightDecay });
  tf.dispose([value, parts!, ...Object.values(grads)]);
  return result;
}

/** One step of Σ_k weights_k L_k (+ the model's penalties): the fixed weighting, ω_k(t) = ω₀ γ^t. */
export function trainStep(
  model: MtlModel,
  optimizer: tf.Optimizer,
  batch: TensorBatch,
  types: TaskType[],
  weights: number[],
  parents: readonly (number | null)[] = [],
  weightDecay = 0,
): StepResult {
  return objectiveStep(model, optimizer, () => batchLoss(model, batch, { types, parents }, weights), [], weightDecay);
}
