import * as tf from '@tensorflow/tfjs';
import { logicalName } from '../models/blocks/variable-store';
import { batchLoss, objectiveStep } from '../train/train-step';
import { sharedVariables, taskGradients } from './task-gradients';
import { WeightMeter, type Weighting, type WeightingContext } from './types';

export interface GradnormArgs {
  /** asymmetry α: how strongly a task that trains slower is pushed */
  alpha: number;
  /** step size of the weights' own update */
  learning_rate: number;
}

/**
 * One GradNorm update of the task weights (Chen et al., Eq. 1–2): with
 * n_k = ‖∇_W L_k‖ on the shared layer W, G_k = w_k·n_k, the inverse
 * training rates r_k = (L_k/L_k(0)) / mean_j(L_j/L_j(0)) and the target
 * mean(G)·r_k^α held constant, the gradient of Σ_k |G_k − target_k| with
 * respect to w_k is sign(G_k − target_k)·n_k; after the step the weights
 * are renormalised to sum to K (and kept positive).
 */
export function gradnormUpdate(weights: readonly number[], norms: readonly number[], losses: readonly number[], initial: readonly number[], args: GradnormArgs): number[] {
  const K = weights.length;
  const g = weights.map((w, k) => w * norms[k]);
  const meanG = g.reduce((a, b) => a + b, 0) / K;
  const ratios = losses.map((l, k) => l / initial[k]);
  const meanRatio = ratios.reduce((a, b) => a + b, 0) / K;
  const stepped = weights.map((w, k) => {
    const target = meanG * Math.pow(ratios[k] / meanRatio, args.alpha);
    return Math.max(w - args.learning_rate * Math.sign(g[k] - target) * norms[k], 1e-4);
  });
  const sum = stepped.reduce((a, b) => a + b, 0);
  return stepped.map((w) => (K * w) / sum);
}

/**
 * GradNorm (Chen, Badrinarayanan, Lee and Rabinovich, "GradNorm: Gradient
 * Normalization for Adaptive Loss Balancing in Deep Multitask Networks",
 * ICML 2018): the model trains on Σ w_k L_k while the weights w_k, starting
 * at 1, move so that each task's gradient norm on the last shared layer
 * tracks the mean norm scaled by how far behind the task's loss is
 * (`gradnormUpdate`). Readings taken: the last shared layer is the shared
 * kernel the model creates last (its deepest shared dense layer; a model
 * that shares nothing keeps w = 1), L(0) are the first batch's losses, and
 * the weights take a plain gradient step of their own rate after each step.
 */
export function gradnormWeighting(ctx: WeightingContext, args: GradnormArgs): Weighting {
  const K = ctx.spec.types.length;
  let weights: number[] = Array(K).fill(1);
  let layer: tf.Variable | null | undefined;
  let initial: number[] | undefined;
  const meter = new WeightMeter(K);
  return {
    variables: [],
    startEpoch: () => meter.reset(),
    step: (optimizer, batch) => {
      meter.add(weights);
      const current = weights;
      const result = objectiveStep(ctx.model, optimizer, () => batchLoss(ctx.model, batch, ctx.spec, current), [], ctx.weightDecay);
      if (layer === undefined) {
        const probe = taskGradients(ctx.model, batch, ctx.spec, ctx.model.variables, Array(K).fill(1));
        const shared = sharedVariables(ctx.model.variables, probe.grads).filter((v) => v.shape.length === 2 && logicalName(v).endsWith('kernel'));
        layer = shared.at(-1) ?? null;
        tf.dispose(probe.grads.flatMap((g) => Object.values(g)));
      }
      if (layer === null || !result.finiteGradients || !result.losses.every(Number.isFinite)) return result;
      const per = taskGradients(ctx.model, batch, ctx.spec, [layer], Array(K).fill(1));
      const norms = per.grads.map((g) => (g[layer!.name] ? tf.tidy(() => tf.norm(g[layer!.name]).dataSync()[0]) : 0));
      tf.dispose(per.grads.flatMap((g) => Object.values(g)));
      initial ??= per.losses.map((l) => Math.max(l, 1e-12));
      weights = gradnormUpdate(weights, norms, per.losses, initial, args);
      return result;
    },
    epochWeights: () => meter.mean(weights),
    dispose: () => undefined,
  };
}
