import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../config/types';
import { FusedAdam, fusedAdamAvailable } from '../ops/fused-adam';

/**
 * The optimizer named in `training.optimizer`, with tfjs's defaults for
 * everything but the learning rate. Adam is the fused one where the native
 * kernels run on the wasm backend (src/ops/fused-adam.ts: the same update,
 * one C call per step).
 */
export function makeOptimizer(training: Pick<TrainingConfig, 'optimizer' | 'learning_rate'>): tf.Optimizer {
  switch (training.optimizer) {
    case 'adam':
      return fusedAdamAvailable() ? new FusedAdam(training.learning_rate) : tf.train.adam(training.learning_rate);
    case 'sgd':
      return tf.train.sgd(training.learning_rate);
    case 'adagrad':
      return tf.train.adagrad(training.learning_rate);
  }
}
