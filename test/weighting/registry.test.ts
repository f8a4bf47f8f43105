import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend';
import type { ModelConfig } from '../../src/config/types';
import type { WeightingConfig } from '../../src/config/weighting-schema';
import { trainJob } from '../../src/train/trainer';
import { WEIGHTINGS } from '../../src/weighting';
import { HARD_SHARING, tinyConfig, tinySplit } from '../train/fixtures';

beforeAll(() => selectBackend('wasm'));

const MMOE: ModelConfig = { name: 'mmoe', arch: 'mmoe', args: { experts: 2, expert_units: [8], tower: [4] } };
const METHODS: WeightingConfig[] = [
  { method: 'fixed' },
  { method: 'uncertainty' },
  { method: 'dwa', temperature: 2 },
  { method: 'gradnorm', alpha: 1.5, learning_rate: 0.025 },
  { method: 'pcgrad' },
];

describe('every weighting method × a gated and a non-gated architecture', () => {
  const data = tinySplit(1200, 300, 400);

  test('the list covers the registry', () => {
    expect(METHODS.map((m) => m.method).sort()).toEqual(Object.keys(WEIGHTINGS).sort());
  });

  test.each(METHODS.flatMap((w) => [HARD_SHARING, MMOE].map((m) => [w.method, m.arch, w, m] as const)))(
    '%s on %s: trains (loss falls), records the weights each epoch used, leaks nothing',
    async (_method, _arch, weighting, model) => {
      const before = tf.memory().numTensors;
      const r = await trainJob({ config: tinyConfig({ epochs: 3, weighting }), model, seed: 2, data });
      expect(r.status).toBe('ok');
      expect(r.history).toHaveLength(3);
      expect(r.history[2].total_loss).toBeLessThan(r.history[0].total_loss);
      for (const e of r.history) {
        const w = Object.values(e.weights);
        expect(w).toHaveLength(2);
        expect(w.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
      }
      if (weighting.method === 'gradnorm' || weighting.method === 'dwa') {
        // they move the weights, keeping their sum at K = 2
        expect(Object.values(r.history[2].weights).reduce((a, b) => a + b, 0)).toBeCloseTo(2, 5);
      }
      if (weighting.method === 'dwa') expect(r.history[2].weights.click).not.toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  test('a model\'s own weighting overrides the run\'s', async () => {
    const r = await trainJob({ config: tinyConfig({ epochs: 1 }), model: { ...HARD_SHARING, weighting: { method: 'uncertainty' } }, seed: 2, data });
    // uncertainty's weights, c·e^{−s} averaged over the epoch, from c = 1 and ½: not the run's fixed 1 and 1
    expect(r.history[0].weights.watch).toBeLessThan(0.7);
    expect(r.history[0].weights.click).toBeGreaterThan(0.7);
  });
});
