import { batchLoss, objectiveStep } from '../train/train-step';
import type { Weighting, WeightingContext } from './types';

export interface DwaArgs {
  /** temperature T: larger spreads the weights less */
  temperature: number;
}

/**
 * Dynamic Weight Average (Liu, Johns and Davison, "End-to-End Multi-Task
 * Learning with Attention", CVPR 2019, Eq. 7): each epoch,
 * w_k(t) = K·exp(r_k/T) / Σ_i exp(r_i/T) with r_k = L_k(t−1)/L_k(t−2), the
 * ratio of the task's mean training loss over the last two epochs: a task
 * whose loss falls slowly gets more weight. w_k = 1 for the first two
 * epochs, which have no such ratio.
 */
export function dwaWeights(pastLosses: readonly number[][], tasks: number, temperature: number): number[] {
  const t = pastLosses.length;
  if (t < 2) return Array(tasks).fill(1);
  const r = pastLosses[t - 1].map((l, k) => l / pastLosses[t - 2][k]);
  const e = r.map((x) => Math.exp(x / temperature));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => (tasks * x) / sum);
}

export function dwaWeighting(ctx: WeightingContext, args: DwaArgs): Weighting {
  const tasks = ctx.spec.types.length;
  let weights: number[] = Array(tasks).fill(1);
  return {
    variables: [],
    startEpoch: (_epoch, past) => void (weights = dwaWeights(past, tasks, args.temperature)),
    step: (optimizer, batch) => objectiveStep(ctx.model, optimizer, () => batchLoss(ctx.model, batch, ctx.spec, weights), [], ctx.weightDecay),
    epochWeights: () => [...weights],
    dispose: () => undefined,
  };
}
