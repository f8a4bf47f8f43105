import * as tf from '@tensorflow/tfjs';

/**
 * Rows of `table` at `ids`: [ids, dim]. The gradient is written with
 * `tf.scatterND` (which sums duplicate ids) instead of tf.gather's own, because
 * the WASM backend has no UnsortedSegmentSum kernel and so no gather gradient.
 * The result equals the CPU backend's tf.gather gradient.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  return lookup(table, ids) as tf.Tensor2D;
}

const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [t, i, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([i]);
  return {
    value: tf.gather(t, i), // [ids, dim]
    gradFunc: (dy, saved) => {
      const [savedIds] = saved as [tf.Tensor1D];
      const rows = tf.expandDims(savedIds, 1); // [ids, 1]
      const dTable = tf.scatterND(rows, dy as tf.Tensor2D, t.shape); // duplicates are summed
      return [dTable, tf.zeros(savedIds.shape)];
    },
  };
}) as (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;
