import type * as tf from '@tensorflow/tfjs';
import type { Config } from '../src/config/types';
import type { MtlModel } from '../src/models/types';
import { disposeBatch, epochRng, gatherBatch, shuffledOrder } from '../src/train/batches';
import { makeOptimizer } from '../src/train/optimizer';
import { trainStep } from '../src/train/train-step';
import type { PackedData } from '../src/train/types';

/**
 * What the speed benchmarks (train, native) and bench/torch_bench.py share:
 * 8 categorical features × dim 8 (a 64-wide input), two tasks (a binary one
 * and a 70%-masked regression), and the paper's sizes of three models.
 */
export const FEATURES = 8;
export const VOCAB = 1000;
export const DIM = 8;

/** The paper-sized models: towers [256, 128, 64], single-layer experts of 256 units, one task and one shared expert per task. */
export const PAPER_MODELS: Record<string, Record<string, unknown>> = {
  ple: { levels: 2, experts_per_task: 1, shared_experts: 1, expert_units: [256], tower: [256, 128, 64] },
  hard_sharing: { bottom: [256], tower: [256, 128, 64] },
  mmoe: { experts: 3, expert_units: [256], tower: [256, 128, 64] },
};

/** The optimizer of every speed benchmark, as the trainer makes it (fused on the native kernels). */
export const ADAM = { optimizer: 'adam', learning_rate: 0.001 } as const;

export function benchConfig(batch: number): Config {
  return {
    name: 'bench',
    data: { source: 'synthetic', path: 'data/bench.arrow', seed: 1 },
    split: { train_days: [1], test_days: [2] },
    tasks: [
      { name: 'vtr', type: 'binary', label: 'vtr', weight: 1, gamma: 1, sigmoid_output: false },
      { name: 'vcr', type: 'regression', label: 'vcr', mask: 'viewed', weight: 1, gamma: 1, sigmoid_output: false },
    ],
    features: { categorical: Array.from({ length: FEATURES }, (_, i) => ({ name: `f${i}`, vocab: VOCAB, dim: DIM })), numeric: [] },
    training: { epochs: 1, batch_size: batch, optimizer: 'adam', learning_rate: 0.001, learning_rate_decay: 'constant', seeds: [1], save_predictions: false, save_models: false, weighting: { method: 'fixed' } },
    models: [],
  };
}

/** Random rows: uniform ids, a 30%-positive binary task, a 70%-masked regression task. */
export function randomData(rows: number): PackedData {
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const categorical = Int32Array.from({ length: rows * FEATURES }, () => Math.floor(rnd() * VOCAB));
  const labels = new Float32Array(rows * 2);
  const masks = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    labels[2 * i] = rnd() < 0.3 ? 1 : 0;
    masks[2 * i] = 1;
    const viewed = rnd() < 0.7;
    masks[2 * i + 1] = viewed ? 1 : 0;
    labels[2 * i + 1] = viewed ? rnd() : 0;
  }
  return { rows, categorical, numeric: new Float32Array(0), labels, masks };
}

/** Training step i of `model` with Adam, batch i of an epoch over `data`; and the optimizer, to dispose of. */
export function trainer(model: MtlModel, data: PackedData, batch: number): { step: (i: number) => void; optimizer: tf.Optimizer } {
  const optimizer = makeOptimizer(ADAM);
  const order = shuffledOrder(data.rows, epochRng(1, 0));
  const perEpoch = Math.floor(data.rows / batch);
  const step = (i: number) => {
    const from = (i % perEpoch) * batch;
    const b = gatherBatch(data, order, from, from + batch, 2);
    trainStep(model, optimizer, b, ['binary', 'regression'], [1, 1]);
    disposeBatch(b);
  };
  return { step, optimizer };
}
