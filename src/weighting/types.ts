import type * as tf from '@tensorflow/tfjs';
import type { MtlModel } from '../models/types';
import type { TensorBatch } from '../train/batches';
import type { LossSpec, StepResult } from '../train/train-step';

/** What a weighting knows of the job. */
export interface WeightingContext {
  model: MtlModel;
  spec: LossSpec;
  /** ω_k(t) = ω₀ γ^t of each task in an epoch (the fixed weighting's; 1 when the tasks set none) */
  baseWeights(epoch: number): number[];
  /** the job's seed, for a method's own draws (PCGrad's order) */
  seed: number;
  /** the model's L2 weight decay λ (0: none), applied to whatever gradient a method steps with */
  weightDecay: number;
}

/**
 * A loss or gradient balancing method, as the trainer drives it: one call
 * per epoch start and one per step. Each method is one module with its
 * citation (src/weighting/*.ts); `WEIGHTINGS` registers them by the name a
 * config gives in `training.weighting.method`.
 */
export interface Weighting {
  /** variables the method learns beside the model's (uncertainty's log-variances) */
  readonly variables: tf.Variable[];
  /** at the start of epoch `epoch`, with the mean training loss of each task in every epoch so far */
  startEpoch(epoch: number, pastLosses: readonly number[][]): void;
  /** one optimisation step on one batch */
  step(optimizer: tf.Optimizer, batch: TensorBatch): StepResult;
  /** the task weights in force, averaged over the steps since the epoch started (what the history records) */
  epochWeights(): number[];
  dispose(): void;
}

/** Running mean of the weights a method used over an epoch's steps. */
export class WeightMeter {
  private sums: number[];
  private steps = 0;

  constructor(private readonly tasks: number) {
    this.sums = Array(tasks).fill(0);
  }

  add(weights: readonly number[]): void {
    weights.forEach((w, k) => (this.sums[k] += w));
    this.steps++;
  }

  /** the mean, or `fallback` before the first step */
  mean(fallback: readonly number[]): number[] {
    return this.steps === 0 ? [...fallback] : this.sums.map((s) => s / this.steps);
  }

  reset(): void {
    this.sums = Array(this.tasks).fill(0);
    this.steps = 0;
  }
}
