import { studySettings } from '../../src/config/study-settings';
import { auc } from '../../src/metrics/auc';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend';
import { trainJob } from '../../src/train/trainer';
import type { ModelConfig } from '../../src/config/types';
import type { PackedData } from '../../src/train/types';
import { HARD_SHARING, tinyConfig, tinyPacked, tinySplit } from './fixtures';

beforeAll(() => selectBackend('wasm'));

const MMOE: ModelConfig = { name: 'mmoe', arch: 'mmoe', args: { experts: 2, expert_units: [8], tower: [4] } };

/** Mean and MSE of predicting the mean, over the rows of task k. */
function meanBaseline(d: PackedData, k: number): number {
  const ys: number[] = [];
  for (let i = 0; i < d.rows; i++) if (d.masks[i * 2 + k] !== 0) ys.push(d.labels[i * 2 + k]);
  const m = ys.reduce((a, b) => a + b, 0) / ys.length;
  return ys.reduce((s, y) => s + (y - m) ** 2, 0) / ys.length;
}

describe('trainJob', () => {
  const data = tinySplit(2000, 500, 1000);

  test('hard sharing learns both tasks; the same seed gives the same result; no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    const config = tinyConfig({ epochs: 3 });
    const a = await trainJob({ config, model: HARD_SHARING, seed: 1, data, reporter: { epoch: () => perEpoch.push(tf.memory().numTensors) } });
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(perEpoch).size).toBe(1); // flat across epochs
    expect(a.status).toBe('ok');
    expect(a.metrics.click.auc).toBeGreaterThan(0.6);
    expect(a.metrics.watch.mse).toBeLessThan(meanBaseline(data.test, 1));
    expect(a.metrics.watch.n).toBe(Array.from({ length: data.test.rows }, (_, i) => data.test.masks[i * 2 + 1]).reduce((s, v) => s + v, 0));
    expect(a.history).toHaveLength(3);
    expect(a.history[0].validation?.click.auc).toBeGreaterThan(0.5);
    expect(a.history[2].total_loss).toBeLessThan(a.history[0].total_loss);
    expect(a.best_epoch).toBe(2);
    expect(a.parameters).toBeGreaterThan(0);
    expect(a.train_samples_per_s).toBeGreaterThan(0);
    const b = await trainJob({ config, model: HARD_SHARING, seed: 1, data });
    expect(b.metrics).toEqual(a.metrics);
    const c = await trainJob({ config, model: HARD_SHARING, seed: 2, data });
    expect(c.metrics).not.toEqual(a.metrics);
  });

  test('a NaN input ends the job as failed, without throwing or leaking', async () => {
    const before = tf.memory().numTensors;
    const bad = tinySplit(600, 0, 200);
    bad.train.numeric[0] = NaN; // row 0 lands in some batch of epoch 0
    const r = await trainJob({ config: tinyConfig({ epochs: 2 }), model: HARD_SHARING, seed: 1, data: bad });
    expect(r.status).toBe('failed');
    expect(r.failure?.epoch).toBe(0);
    expect(r.failure?.message).toMatch(/(loss is NaN|a gradient is not finite) at epoch 0, step \d+/);
    expect(r.metrics).toEqual({});
    expect(tf.memory().numTensors).toBe(before);
  });

  test('an absurd learning rate ends the job as failed', async () => {
    const r = await trainJob({
      config: tinyConfig({ epochs: 3, optimizer: 'sgd', learning_rate: 1e12 }),
      model: HARD_SHARING,
      seed: 1,
      data: tinySplit(600, 0, 200),
    });
    expect(r.status).toBe('failed');
    expect(r.failure?.message).toMatch(/not finite|loss is (NaN|Infinity)/);
  });

  test('early stopping restores the best epoch', async () => {
    // Training labels are flipped, so the validation loss (true labels) only gets worse after epoch 0.
    const flipped = tinySplit(1000, 400, 400);
    for (let i = 0; i < flipped.train.rows; i++) flipped.train.labels[i * 2] = 1 - flipped.train.labels[i * 2];
    const stopping = tinyConfig({ epochs: 6, early_stopping: { patience: 1, restore_best: true } });
    const r = await trainJob({ config: stopping, model: HARD_SHARING, seed: 3, data: flipped });
    expect(r.best_epoch).toBe(0);
    expect(r.history).toHaveLength(3); // epoch 0 best, 1 and 2 worse → stop
    expect(r.history[1].validation_loss!).toBeGreaterThan(r.history[0].validation_loss!);
    const once = await trainJob({ config: tinyConfig({ epochs: 1 }), model: HARD_SHARING, seed: 3, data: flipped });
    expect(r.metrics).toEqual(once.metrics);
  });

  test('gated models report mean gate weights; test outputs are kept when asked or when the intervals need them', async () => {
    const small = { train: tinyPacked(400, 1), validation: tinyPacked(0, 2), test: tinyPacked(300, 3) };
    const seedsOnly = { study: studySettings({}, { interval: 'seeds' }) };
    const r = await trainJob({ config: { ...tinyConfig({ epochs: 1, save_predictions: true }), ...seedsOnly }, model: MMOE, seed: 1, data: small });
    expect(r.gates?.length).toBeGreaterThan(0);
    for (const g of r.gates!) {
      expect(g.mean).toHaveLength(g.experts.length);
      expect(g.mean.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    }
    // the outputs the metrics score: click's logits give its test AUC exactly
    expect(r.test_outputs?.[0]).toHaveLength(300);
    expect(auc(r.test_outputs![0], small.test.labels.filter((_, i) => i % 2 === 0))).toBe(r.metrics.click.auc);
    const plain = await trainJob({ config: { ...tinyConfig({ epochs: 1 }), ...seedsOnly }, model: HARD_SHARING, seed: 1, data: small });
    expect(plain.gates).toBeUndefined();
    expect(plain.test_outputs).toBeUndefined();
    const bootstrapped = await trainJob({ config: tinyConfig({ epochs: 1 }), model: HARD_SHARING, seed: 1, data: small });
    expect(bootstrapped.test_outputs?.map((o) => o.length)).toEqual([300, 300]);
  });

  test('reports progress and honours an abort between steps', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const before = tf.memory().numTensors;
    const job = trainJob({
      config: tinyConfig({ epochs: 50, batch_size: 32 }),
      model: HARD_SHARING,
      seed: 1,
      data,
      signal: controller.signal,
      reporter: {
        step: (p) => {
          steps.push(p.step);
          controller.abort();
        },
      },
    });
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps.length).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
