import type * as tf from '@tensorflow/tfjs';
import { type DenseActivation, denseForward } from '../../ops/dense';
import { addFlops } from '../flops';
import { dropout } from './dropout';
import type { VariableStore } from './variable-store';

export type Activation = DenseActivation;

export interface Dense {
  readonly inDim: number;
  readonly units: number;
  readonly kernel: tf.Variable; // [in, units]
  readonly bias: tf.Variable; // [units]
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * A fully connected layer: He-uniform kernel before a ReLU, Glorot-uniform
 * otherwise; zero bias. The forward/backward is `denseForward`
 * (src/ops/dense.ts): one fused kernel forward, plain (untransposed) matmuls
 * backward, which the WASM backend runs fast (PERF-NOTES.md). A hidden
 * layer's output is dropped out while training when the model has a
 * dropout rate; a task's output unit and a gate are not hidden.
 */
export function dense(
  store: VariableStore,
  name: string,
  inDim: number,
  units: number,
  activation: Activation,
  hidden = true,
): Dense {
  const s = store.scope(name);
  const kernel = s.variable('kernel', [inDim, units], activation === 'relu' ? 'he' : 'glorot');
  const bias = s.variable('bias', [units], 'zeros');
  return {
    inDim,
    units,
    kernel,
    bias,
    apply: (x) => {
      addFlops(2 * x.shape[0] * inDim * units);
      const y = denseForward(x, kernel as tf.Tensor2D, bias as tf.Tensor1D, activation); // [batch, units]
      return hidden ? dropout(s, 'kernel', y) : y;
    },
  };
}
