import * as tf from '@tensorflow/tfjs';
import { batchParts, objectiveStep } from '../train/train-step';
import { WeightMeter, type Weighting, type WeightingContext } from './types';

/**
 * Uncertainty weighting (Kendall, Gal and Cipolla, "Multi-Task Learning
 * Using Uncertainty to Weigh Losses for Scene Geometry and Semantics", CVPR
 * 2018, Eq. 7 and 10): each task learns a log-variance s_k = log σ_k²
 * (starting at 0, `uncertainty/log_variance`, trained with the model) and
 * the objective is Σ_k c_k·exp(−s_k)·L_k + s_k/2, with c = ½ for a
 * regression task (a Gaussian likelihood) and 1 for a binary one (the
 * paper's approximation for a softmax likelihood). A noisier task's weight
 * c_k·exp(−s_k) falls, and the s_k/2 term stops every weight from falling.
 */
let instances = 0;

export function uncertaintyWeighting(ctx: WeightingContext): Weighting {
  const types = ctx.spec.types;
  const scale = types.map((t) => (t === 'regression' ? 0.5 : 1));
  // tfjs refuses two live variables of one name: one instance number per job
  const logVariance = tf.tidy(() => tf.variable(tf.zeros([types.length]), true, `uncertainty_${++instances}/log_variance`));
  const meter = new WeightMeter(types.length);
  const current = (): number[] => Array.from(logVariance.dataSync(), (s, k) => scale[k] * Math.exp(-s));
  return {
    variables: [logVariance],
    startEpoch: () => meter.reset(),
    step: (optimizer, batch) => {
      meter.add(current());
      return objectiveStep(
        ctx.model,
        optimizer,
        () => {
          const { perTask, penalty } = batchParts(ctx.model, batch, ctx.spec);
          const s = tf.unstack(logVariance);
          const terms = perTask.map((l, k) => tf.add(tf.mul(tf.mul(tf.exp(tf.neg(s[k])), scale[k]), l), tf.mul(s[k], 0.5)));
          if (penalty) terms.push(penalty);
          return { total: tf.addN(terms) as tf.Scalar, perTask };
        },
        [logVariance],
        ctx.weightDecay,
      );
    },
    epochWeights: () => meter.mean(current()),
    dispose: () => logVariance.dispose(),
  };
}
