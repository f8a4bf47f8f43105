import { batchLoss, objectiveStep } from '../train/train-step';
import type { Weighting, WeightingContext } from './types';

/**
 * The PLE paper's own weighting (Tang et al., RecSys 2020, Eq. 10):
 * ω_k(t) = ω_k,0 · γ_k^t per epoch, from `tasks[k].weight` and `.gamma`.
 * The default; every other method replaces it.
 */
export function fixedWeighting(ctx: WeightingContext): Weighting {
  let weights = ctx.baseWeights(0);
  return {
    variables: [],
    startEpoch: (epoch) => void (weights = ctx.baseWeights(epoch)),
    step: (optimizer, batch) => objectiveStep(ctx.model, optimizer, () => batchLoss(ctx.model, batch, ctx.spec, weights), [], ctx.weightDecay),
    epochWeights: () => [...weights],
    dispose: () => undefined,
  };
}
