import * as tf from '@tensorflow/tfjs';
import { hashString, type VariableStore } from './variable-store';

/**
 * Inverted dropout (Srivastava et al., JMLR 2014) on a hidden layer's
 * output [batch, units] while the model trains: each unit is zeroed with
 * probability `rate` and the rest scaled by 1 / (1 − rate), so inference
 * (no dropout) sees the same expected activations. The mask is seeded by
 * the job's seed, the layer's name and the training pass's number, so a job
 * draws the same masks on every run and every backend.
 */
export function dropout(store: VariableStore, name: string, x: tf.Tensor2D): tf.Tensor2D {
  const { rate, mode } = store.dropoutState;
  if (rate === 0 || !mode.training) return x;
  return tf.dropout(x, rate, undefined, hashString(`${store.maskSeed(name)}/dropout/${mode.step}`)) as tf.Tensor2D;
}
