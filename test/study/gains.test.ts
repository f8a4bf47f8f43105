import { findBaseline, gain, metricFor } from '../../src/study/gains';
import { summarize } from '../../src/study/summary';
import { makeRun } from './fixtures';

/** Hand-made table: seed → [vtr AUC, vcr MSE]. */
const TABLE: Record<string, Record<number, [number, number]>> = {
  single_task: { 1: [0.7, 0.1], 2: [0.71, 0.11], 3: [0.72, 0.12] },
  mmoe: { 1: [0.71, 0.09], 2: [0.715, 0.115], 3: [0.73, 0.11] },
};

const run = makeRun({
  models: [
    { name: 'single_task', arch: 'single_task' },
    { name: 'mmoe', arch: 'mmoe' },
  ],
  metrics: (model, seed) => ({ vtr: TABLE[model][seed][0], vcr: TABLE[model][seed][1] }),
});

describe('MTL gains', () => {
  test('signs: AUC model − single, MSE single − model', () => {
    expect(gain('auc', 0.7, 0.68)).toBeCloseTo(0.02, 12);
    expect(gain('mse', 0.12, 0.13)).toBeCloseTo(0.01, 12);
    expect(gain('mse', 0.13, 0.12)).toBeCloseTo(-0.01, 12);
    expect(metricFor('binary')).toBe('auc');
    expect(metricFor('regression')).toBe('mse');
  });

  test('per-seed gains equal the metric differences of the same seed', () => {
    const mmoe = summarize(run).models.find((m) => m.model === 'mmoe')!;
    const expected = { 1: [0.01, 0.01], 2: [0.005, -0.005], 3: [0.01, 0.01] } as const;
    for (const s of mmoe.per_seed) {
      expect(s.gains!.vtr).toBeCloseTo(expected[s.seed as 1 | 2 | 3][0], 12);
      expect(s.gains!.vcr).toBeCloseTo(expected[s.seed as 1 | 2 | 3][1], 12);
    }
    expect(mmoe.gains!.vtr.mean).toBeCloseTo(0.025 / 3, 12);
    expect(mmoe.gains!.vcr.mean).toBeCloseTo(0.015 / 3, 12);
    expect(mmoe.metrics.vtr.mean).toBeCloseTo((0.71 + 0.715 + 0.73) / 3, 12);
  });

  test('the gain of the means equals the mean of the paired gains', () => {
    const s = summarize(run);
    const [single, mmoe] = s.models;
    expect(mmoe.gains!.vtr.mean).toBeCloseTo(mmoe.metrics.vtr.mean! - single.metrics.vtr.mean!, 12);
    expect(mmoe.gains!.vcr.mean).toBeCloseTo(single.metrics.vcr.mean! - mmoe.metrics.vcr.mean!, 12);
  });

  test('the baseline is the first single_task model; none without one', () => {
    expect(findBaseline(run.config)).toBe('single_task');
    const noSingle = makeRun({ models: [{ name: 'mmoe', arch: 'mmoe' }], metrics: () => ({ vtr: 0.7, vcr: 0.1 }) });
    expect(findBaseline(noSingle.config)).toBeNull();
  });
});

test('an unchanged metric is a gain of exactly 0, not floating-point residue', () => {
  // 0.1 + 0.2 − 0.3 is 5.6e-17 in float64
  expect(gain('auc', 0.1 + 0.2, 0.3)).toBe(0);
  expect(Object.is(gain('mse', 0.3, 0.1 + 0.2), 0)).toBe(true);
  expect(gain('auc', 0.6832, 0.6787)).toBeCloseTo(0.0045, 12);
});
