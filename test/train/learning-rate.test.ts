import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend';
import { FusedAdam, fusedAdamAvailable } from '../../src/ops/fused-adam';
import { loadNativeBlas } from '../../src/ops/native-blas';
import { learningRateSchedule, setLearningRate } from '../../src/train/learning-rate';
import { makeOptimizer } from '../../src/train/optimizer';
import { trainEpoch } from '../../src/train/train-epoch';
import { buildContext, taskHeads } from '../../src/train/build-context';
import { buildModel } from '../../src/models';
import { HARD_SHARING, tinyConfig, tinySplit } from './fixtures';

beforeAll(() => selectBackend('wasm'));

describe('learningRateSchedule', () => {
  test('constant: the configured rate at every step', () => {
    const rate = learningRateSchedule({ learning_rate: 0.01, learning_rate_decay: 'constant', epochs: 3 }, 10);
    expect([rate(0, 0), rate(1, 5), rate(2, 9)]).toEqual([0.01, 0.01, 0.01]);
  });

  test('linear: from the rate at the first step to rate/S at the last of S = epochs × steps', () => {
    const rate = learningRateSchedule({ learning_rate: 0.02, learning_rate_decay: 'linear', epochs: 2 }, 5); // S = 10
    expect(rate(0, 0)).toBe(0.02);
    expect(rate(0, 4)).toBeCloseTo(0.02 * 0.6, 12);
    expect(rate(1, 0)).toBeCloseTo(0.01, 12); // halfway
    expect(rate(1, 4)).toBeCloseTo(0.002, 12); // the last step still moves
    const all = [0, 1].flatMap((e) => [0, 1, 2, 3, 4].map((s) => rate(e, s)));
    expect(all.every((r, i) => i === 0 || r < all[i - 1])).toBe(true);
  });
});

/** One step of `optimizer` on a fresh variable w, returning w after it. */
function stepOnce(optimizer: tf.Optimizer, start: number[], grad: number[]): number[] {
  const w = tf.variable(tf.tensor1d(start));
  const g = tf.tensor1d(grad);
  optimizer.applyGradients({ [w.name]: g });
  const out = Array.from(w.dataSync());
  tf.dispose([w, g]);
  return out;
}

describe('setLearningRate', () => {
  const optimizers: [string, (rate: number) => tf.Optimizer][] = [
    ['tf.train.adam', (r) => tf.train.adam(r)],
    ['tf.train.sgd', (r) => tf.train.sgd(r)],
    ['tf.train.adagrad', (r) => tf.train.adagrad(r)],
    ['FusedAdam (native kernels)', (r) => new FusedAdam(r)],
  ];

  test.each(optimizers)('%s: the next step uses the rate set, as one made with that rate would', (name, make) => {
    if (name.startsWith('FusedAdam') && !fusedAdamAvailable()) {
      expect(loadNativeBlas()).toBeNull(); // only where the addon is not built
      return;
    }
    const start = [0.5, -1, 2];
    const grad = [0.3, -0.2, 1.5];
    const reference = stepOnce(make(0.05), start, grad);
    const scheduled = make(1);
    setLearningRate(scheduled, 0.05);
    expect(stepOnce(scheduled, start, grad)).toEqual(reference);
    setLearningRate(scheduled, 0);
    expect(stepOnce(scheduled, start, grad)).toEqual(start);
    scheduled.dispose();
  });
});

test('trainEpoch gives each step the schedule’s rate: a rate of 0 leaves every weight as it was', async () => {
  const config = tinyConfig();
  const data = tinySplit(600, 0, 100);
  const model = buildModel(HARD_SHARING.arch, HARD_SHARING.args, buildContext(config, 1));
  const optimizer = makeOptimizer(config.training);
  const before = model.variables.map((v) => Array.from(v.dataSync()));
  const heads = taskHeads(config);
  const steps: number[] = [];
  const ctx = { epoch: 0, epochs: 1, seed: 1, batchSize: 128, weightDecay: 0, reporter: undefined, signal: undefined };
  await trainEpoch(model, optimizer, data.train, heads, [1, 1], { ...ctx, learningRate: (s) => (steps.push(s), 0) });
  expect(steps).toEqual([0, 1, 2, 3, 4]); // 600 rows in batches of 128
  expect(model.variables.map((v) => Array.from(v.dataSync()))).toEqual(before);
  await trainEpoch(model, optimizer, data.train, heads, [1, 1], { ...ctx, learningRate: () => 0.01 });
  expect(model.variables.map((v) => Array.from(v.dataSync()))).not.toEqual(before);
  optimizer.dispose();
  model.dispose();
});
