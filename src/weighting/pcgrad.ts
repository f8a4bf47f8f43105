import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random';
import { applyIfFinite } from '../train/train-step';
import { sharedVariables, taskGradients } from './task-gradients';
import type { Weighting, WeightingContext } from './types';

/**
 * The projections of PCGrad in coefficient space. With G the Gram matrix of
 * the tasks' gradients on the shared variables (G_ij = g_i·g_j), each task's
 * projected gradient g_i' = Σ_j a_ij g_j starts as g_i and, for each other
 * task j in `order[i]`, loses its component along g_j where they conflict
 * (g_i'·g_j < 0): a_i −= (g_i'·g_j / ‖g_j‖²)·e_j. Returns the coefficients
 * c_j = Σ_i a_ij of the summed update Σ_j c_j g_j.
 */
export function pcgradCoefficients(gram: readonly number[][], order: readonly number[][]): number[] {
  const K = gram.length;
  const total = Array(K).fill(0);
  for (let i = 0; i < K; i++) {
    const a: number[] = Array.from({ length: K }, (_, j) => (j === i ? 1 : 0));
    for (const j of order[i]) {
      const dot = a.reduce((s, aij, l) => s + aij * gram[l][j], 0); // g_i'·g_j
      if (dot < 0 && gram[j][j] > 0) a[j] -= dot / gram[j][j];
    }
    a.forEach((v, j) => (total[j] += v));
  }
  return total;
}

/**
 * PCGrad (Yu et al., "Gradient Surgery for Multi-Task Learning", NeurIPS
 * 2020, Alg. 1): each task's gradient of ω_k L_k on the shared variables is
 * projected onto the normal plane of every other task's gradient it
 * conflicts with, in a random order per step (seeded by the job), and the
 * projected gradients are summed; variables only one task trains take their
 * plain gradient. Shared variables are found on the first batch
 * (`sharedVariables`). Reading taken: the projection is over all shared
 * variables at once, as one vector, as the paper's Algorithm 1 writes it.
 */
export function pcgradWeighting(ctx: WeightingContext): Weighting {
  const K = ctx.spec.types.length;
  const rng = new Rng(`pcgrad:${ctx.seed}`);
  let weights = ctx.baseWeights(0);
  let shared: tf.Variable[] | undefined;
  const others = (i: number): number[] => {
    const list = Array.from({ length: K }, (_, j) => j).filter((j) => j !== i);
    for (let n = list.length - 1; n > 0; n--) {
      const m = rng.int(n + 1);
      [list[n], list[m]] = [list[m], list[n]];
    }
    return list;
  };
  return {
    variables: [],
    startEpoch: (epoch) => void (weights = ctx.baseWeights(epoch)),
    step: (optimizer, batch) => {
      const variables = ctx.model.variables;
      const per = taskGradients(ctx.model, batch, ctx.spec, variables, weights);
      shared ??= sharedVariables(variables, per.grads);
      const sharedNames = new Set(shared.map((v) => v.name));
      const gram = tf.tidy(() => {
        const dots = per.grads.flatMap((gi) => per.grads.map((gj) => tf.addN(shared!.map((v) => (gi[v.name] && gj[v.name] ? tf.sum(tf.mul(gi[v.name], gj[v.name])) : tf.scalar(0))).concat([tf.scalar(0)]))));
        return Array.from(tf.stack(dots).dataSync());
      });
      const coefficients = pcgradCoefficients(Array.from({ length: K }, (_, i) => gram.slice(i * K, (i + 1) * K)), Array.from({ length: K }, (_, i) => others(i)));
      const combined = tf.tidy(() => {
        const out: tf.NamedTensorMap = {};
        for (const v of variables) {
          const parts = per.grads.flatMap((g, k) => (g[v.name] ? [sharedNames.has(v.name) ? tf.mul(g[v.name], coefficients[k]) : g[v.name]] : []));
          if (parts.length > 0) out[v.name] = parts.length === 1 ? parts[0] : tf.addN(parts);
        }
        return out;
      });
      const total = per.losses.reduce((s, l, k) => s + weights[k] * l, per.penalty);
      const parts = tf.tensor1d([total, ...per.losses]);
      const result = applyIfFinite(optimizer, combined, parts, { variables, lambda: ctx.weightDecay });
      // a variable one task trains passes its gradient itself: disposing it twice is a no-op
      tf.dispose([parts, ...Object.values(combined), ...per.grads.flatMap((g) => Object.values(g))]);
      return result;
    },
    epochWeights: () => [...weights],
    dispose: () => undefined,
  };
}
