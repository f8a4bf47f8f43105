import * as tf from '@tensorflow/tfjs';

/**
 * tf.unstack whose gradient also works for a single slice: tfjs' Unpack
 * gradient receives a bare tensor instead of a list when there is one output
 * and fails, so that case is a squeeze.
 */
export function unstack<R extends tf.Rank>(x: tf.Tensor, axis: number): tf.Tensor<R>[] {
  if (x.shape[axis] === 1) return [tf.squeeze(x, [axis]) as tf.Tensor<R>];
  return tf.unstack(x, axis) as tf.Tensor<R>[];
}
