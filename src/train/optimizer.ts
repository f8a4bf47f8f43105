import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../config/types';

/** The optimizer named in `training.optimizer`, with tfjs's defaults for everything but the learning rate. */
export function makeOptimizer(training: Pick<TrainingConfig, 'optimizer' | 'learning_rate'>): tf.Optimizer {
  switch (training.optimizer) {
    case 'adam':
      return tf.train.adam(training.learning_rate);
    case 'sgd':
      return tf.train.sgd(training.learning_rate);
    case 'adagrad':
      return tf.train.adagrad(training.learning_rate);
  }
}
