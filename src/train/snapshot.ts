import * as tf from '@tensorflow/tfjs';

/**
 * A copy of a model's weights (for early stopping's restore_best). Clones
 * share storage with the variables until the optimizer assigns new values, so
 * a snapshot costs nothing until training moves on.
 */
export class WeightSnapshot {
  private constructor(private readonly values: tf.Tensor[]) {}

  static take(variables: tf.Variable[]): WeightSnapshot {
    return new WeightSnapshot(variables.map((v) => tf.keep(v.clone())));
  }

  restore(variables: tf.Variable[]): void {
    variables.forEach((v, i) => v.assign(this.values[i]));
  }

  dispose(): void {
    tf.dispose(this.values);
  }
}
