import * as tf from '@tensorflow/tfjs';
import type { Batch, GateWeights, ModelOutput, MtlModel } from './types';
import type { VariableStore } from './blocks/variable-store';

/** The forward pass of an architecture: `gates` is a sink when the caller asked for gate weights. */
export type Forward = (batch: Batch, gates: GateWeights[] | undefined) => tf.Tensor1D[];

/**
 * Wraps a forward pass into an MtlModel; apply runs inside its own tidy, so
 * only the outputs survive. `training` switches dropout on for that pass
 * (each one draws new masks).
 */
export function makeModel(
  arch: string,
  store: VariableStore,
  forward: Forward,
  penalty: () => tf.Scalar | null = () => null,
): MtlModel {
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
          const outputs = forward(batch, gates);
          const out: ModelOutput = { outputs };
          if (gates) out.gates = gates;
          return out as unknown as tf.TensorContainer;
        }) as unknown as ModelOutput;
      } finally {
        if (mode.training) mode.step++;
        mode.training = false;
      }
    },
    penalty,
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
