import * as tf from '@tensorflow/tfjs';
import { gateMix } from '../../ops/gate-mix';
import { dense } from './dense';
import type { GateWeights } from '../types';
import { addFlops } from '../flops';
import type { VariableStore } from './variable-store';

export interface Gate {
  readonly experts: string[];
  /** softmax weights [batch, experts]; rows sum to 1 */
  weights(x: tf.Tensor2D): tf.Tensor2D;
  /** Σ_e w_e · E_e over the experts [batch, units], in the gate's column order → [batch, units] */
  mix(weights: tf.Tensor2D, experts: tf.Tensor2D[]): tf.Tensor2D;
}

/** A softmax gate `g(x) = softmax(W x + b)` over named experts (MMoE, Ma et al. KDD 2018; PLE Eq. 2). */
export function gate(store: VariableStore, name: string, inDim: number, experts: string[]): Gate {
  const layer = dense(store, name, inDim, experts.length, 'linear', false);
  return {
    experts,
    weights: (x) => tf.softmax(layer.apply(x)), // [batch, experts]
    mix: (weights, experts) => {
      addFlops(2 * weights.shape[0] * experts.length * experts[0].shape[1]);
      return gateMix(weights, experts);
    },
  };
}

/** Records a gate's weights when the caller asked for them. */
export function recordGate(
  sink: GateWeights[] | undefined,
  level: number,
  name: string,
  g: Gate,
  weights: tf.Tensor2D,
): void {
  sink?.push({ level, gate: name, experts: g.experts, weights });
}
