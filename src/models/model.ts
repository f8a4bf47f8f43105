import * as tf from '@tensorflow/tfjs';
import type { Batch, GateWeights, ModelOutput, MtlModel } from './types';
import type { VariableStore } from './blocks/variable-store';

/**
 * The forward pass of an architecture: `gates` is a sink when the caller
 * asked for gate weights. It returns the outputs, or the outputs and a loss
 * term of the batch.
 */
export type Forward = (batch: Batch, gates: GateWeights[] | undefined) => tf.Tensor1D[] | { outputs: tf.Tensor1D[]; penalty: tf.Scalar | null };

/** What an architecture adds to the plain forward pass: a penalty of its weights, ESMM's training through the product. */
export interface ModelExtras {
  penalty?: () => tf.Scalar | null;
  entireSpace?: boolean;
}

/**
 * Wraps a forward pass into an MtlModel; apply runs inside its own tidy, so
 * only the outputs survive. `training` switches dropout on for that pass
 * (each one draws new masks).
 */
export function makeModel(arch: string, store: VariableStore, forward: Forward, extras: ModelExtras = {}): MtlModel {
  const variables = store.variables;
  return {
    arch,
    variables,
    apply: (batch, options) => {
      const mode = store.dropoutState.mode;
      mode.training = options?.training ?? false;
      try {
        return tf.tidy(() => {
          const gates: GateWeights[] | undefined = options?.gates ? [] : undefined;
          const result = forward(batch, gates);
          const out: ModelOutput = Array.isArray(result) ? { outputs: result } : { outputs: result.outputs };
          if (!Array.isArray(result) && result.penalty) out.penalty = result.penalty;
          if (gates) out.gates = gates;
          return out as unknown as tf.TensorContainer;
        }) as unknown as ModelOutput;
      } finally {
        if (mode.training) mode.step++;
        mode.training = false;
      }
    },
    penalty: extras.penalty ?? (() => null),
    ...(extras.entireSpace ? { entireSpace: true } : {}),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
