import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/models';
import type { TensorBatch } from '../../src/train/batches';
import { trainStep } from '../../src/train/train-step';
import { TWO_TASKS, context, makeData } from '../models/fixture';

const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

/**
 * What two kernel paths' updates from smallPleTraining may differ by beyond
 * 1e-5 relative: an update is the difference of two float32 weights (up to
 * ~0.5 here), so rounding one step's product differently moves it by whole
 * ulps of the weight (6e-8 at 0.5); four of them.
 */
export const UPDATE_FLOOR = 4 * 2 ** -24;

/**
 * Three training steps of a small PLE (two levels, gates over 2 and 3
 * experts) with the given optimizer: per-step losses, then each variable's
 * total update. The fixture for comparing kernel paths.
 */
export function smallPleTraining(makeOptimizer: () => tf.Optimizer, steps = 3): number[][] {
  const rows = 64;
  const model = buildModel(
    'ple',
    { levels: 2, experts_per_task: 1, shared_experts: 1, expert_units: [16, 8], tower: [12, 6] },
    context(TWO_TASKS, 3),
  );
  const data = makeData(TWO_TASKS, rows, 11);
  const batch: TensorBatch = {
    rows,
    inputs: data.batch,
    labels: data.labels,
    masks: data.labels.map(() => tf.ones([rows]) as tf.Tensor1D),
  };
  const types = TWO_TASKS.map((t) => t.type);
  const before = values(model.variables);
  const optimizer = makeOptimizer();
  const losses = Array.from({ length: steps }, () => Array.from(trainStep(model, optimizer, batch, types, [1, 1]).losses));
  const updates = values(model.variables).map((v, i) => v.map((x, j) => x - before[i][j]));
  optimizer.dispose();
  model.dispose();
  tf.dispose([batch.inputs.categorical, batch.inputs.numeric!, ...batch.labels, ...batch.masks]);
  return [...losses, ...updates];
}
