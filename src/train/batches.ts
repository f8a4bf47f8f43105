import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { Batch } from '../models/types';
import type { PackedData } from './types';

/** A mini-batch as tensors: model inputs plus per-task labels and masks. */
export interface TensorBatch {
  rows: number;
  inputs: Batch;
  /** per task, [rows] */
  labels: tf.Tensor1D[];
  /** per task, [rows]; δ ∈ {0, 1} */
  masks: tf.Tensor1D[];
}

/** Fisher–Yates permutation of 0..rows-1 from a seeded generator (never Math.random). */
export function shuffledOrder(rows: number, rng: seedrandom.PRNG): Int32Array {
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The generator of one job's epoch order: one stream per (seed, epoch), so resuming an epoch replays it. */
export function epochRng(seed: number, epoch: number): seedrandom.PRNG {
  return seedrandom(`ple/shuffle/${seed}/${epoch}`);
}

/** Number of batches of `size` rows needed to cover `rows` (the last one may be short). */
export function batchCount(rows: number, size: number): number {
  return Math.ceil(rows / size);
}

/**
 * Rows [start, end) of packed data, as tensors. Contiguous rows are handed to
 * tfjs as subarrays (no copy on our side); the caller disposes the batch.
 */
export function sliceBatch(data: PackedData, start: number, end: number, tasks: number): TensorBatch {
  const n = end - start;
  const c = data.categorical.length / Math.max(data.rows, 1);
  const f = data.numeric.length / Math.max(data.rows, 1);
  return toTensors(
    n,
    data.categorical.subarray(start * c, end * c),
    data.numeric.subarray(start * f, end * f),
    data.labels.subarray(start * tasks, end * tasks),
    data.masks.subarray(start * tasks, end * tasks),
    tasks,
  );
}

/** The rows `order[start..end)` of packed data, gathered into fresh arrays, as tensors. */
export function gatherBatch(data: PackedData, order: Int32Array, start: number, end: number, tasks: number): TensorBatch {
  const n = end - start;
  const c = data.categorical.length / Math.max(data.rows, 1);
  const f = data.numeric.length / Math.max(data.rows, 1);
  const cat = new Int32Array(n * c);
  const num = new Float32Array(n * f);
  const lab = new Float32Array(n * tasks);
  const msk = new Float32Array(n * tasks);
  for (let i = 0; i < n; i++) {
    const r = order[start + i];
    cat.set(data.categorical.subarray(r * c, r * c + c), i * c);
    if (f > 0) num.set(data.numeric.subarray(r * f, r * f + f), i * f);
    for (let k = 0; k < tasks; k++) {
      lab[i * tasks + k] = data.labels[r * tasks + k];
      msk[i * tasks + k] = data.masks[r * tasks + k];
    }
  }
  return toTensors(n, cat, num, lab, msk, tasks);
}

function toTensors(
  n: number,
  cat: Int32Array,
  num: Float32Array,
  lab: Float32Array,
  msk: Float32Array,
  tasks: number,
): TensorBatch {
  const c = cat.length / Math.max(n, 1);
  const f = num.length / Math.max(n, 1);
  return tf.tidy(() => {
    const labels = tf.tensor2d(lab, [n, tasks]); // [rows, tasks]
    const masks = tf.tensor2d(msk, [n, tasks]);
    return {
      rows: n,
      inputs: { categorical: tf.tensor2d(cat, [n, c], 'int32'), numeric: tf.tensor2d(num, [n, f], 'float32') },
      labels: tf.unstack(labels, 1) as tf.Tensor1D[],
      masks: tf.unstack(masks, 1) as tf.Tensor1D[],
    };
  });
}

/** Releases every tensor of a batch. */
export function disposeBatch(b: TensorBatch): void {
  tf.dispose([b.inputs.categorical, b.inputs.numeric, ...b.labels, ...b.masks]);
}
