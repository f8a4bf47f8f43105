import * as tf from '@tensorflow/tfjs';
import { logicalName } from '../models';

/**
 * L2 weight decay (`weight_decay` λ of a model): the gradient of
 * (λ/2)·‖w‖² is added to each weight matrix's gradient before the optimizer
 * sees it, so it works alike for every optimizer, tfjs's or ple's fused Adam.
 * Weight matrices are layer and gate kernels and embedding tables; biases and
 * the mixing weights of cross-stitch and sluice units are not decayed.
 */
export function decays(variable: tf.Variable): boolean {
  const name = logicalName(variable);
  return name.endsWith('/kernel') || name.endsWith('/table');
}

/** The gradients with λ·w added to every decayed variable's; the result's new tensors are the caller's to dispose. */
export function withWeightDecay(grads: tf.NamedTensorMap, variables: readonly tf.Variable[], lambda: number): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = { ...grads };
  for (const v of variables) {
    const g = grads[v.name];
    if (g !== undefined && decays(v)) out[v.name] = tf.tidy(() => tf.add(g, tf.mul(v, lambda)));
  }
  return out;
}
