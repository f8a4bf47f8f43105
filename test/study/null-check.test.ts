import { Rng } from '../../src/data/random';
import { intervalTest, seedEstimate, withTestNoise } from '../../src/study/estimate';
import { summarize } from '../../src/study/summary';
import { testSetVariance } from '../../src/study/test-noise';
import { makeRun } from './fixtures';

/**
 * Null checks: studies in which no model is better than the baseline, run
 * through the real statistics. A verdict procedure that calls "firm" more
 * often than its nominal rate in such studies is one a reviewer should not
 * trust.
 */

const MODELS = ['hard_sharing', 'asymmetric', 'customized', 'cross_stitch', 'sluice', 'mmoe', 'ml_mmoe', 'cgc', 'ple'];

/**
 * One null study like the shipped one: 9 multi-task models and 2 tasks (a
 * family of 18 gains), every job's metric an independent draw from the same
 * distribution, so each seed's gains share that seed's baseline draw (as
 * real gains do: every model of a seed is paired with one baseline job).
 */
function nullStudy(rng: Rng, seeds: number) {
  const draw = new Map<string, Record<string, number>>();
  for (const m of ['single_task', ...MODELS]) {
    for (let s = 1; s <= seeds; s++) draw.set(`${m}/${s}`, { vtr: 0.78 + 0.002 * rng.normal(), vcr: 0.055 + 0.0005 * rng.normal() });
  }
  return makeRun({
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    models: ['single_task', ...MODELS].map((m) => ({ name: m, arch: m })),
    metrics: (m, s) => draw.get(`${m}/${s}`)!,
  });
}

/** Share of null studies with at least one firm gain. */
function familyWiseRate(studies: number, seeds: number, correction: 'holm' | 'bh' | 'none'): number {
  const rng = new Rng(`null-${seeds}-${correction}`);
  let any = 0;
  for (let i = 0; i < studies; i++) {
    const s = summarize(nullStudy(rng, seeds), { correction, interval: 'seeds' });
    if (s.models.some((m) => m.gains && Object.values(m.gains).some((g) => g.firm))) any++;
  }
  return any / studies;
}

describe('null check: no true effect, a family of 18 gains correlated through the baseline', () => {
  // 1,000 studies: the rate's Monte Carlo sd is about 0.007 at 5%
  test.each([3, 5, 20])('Holm: at most ~5%% of null studies get any firm gain (%i seeds)', (seeds) => {
    expect(familyWiseRate(1000, seeds, 'holm')).toBeLessThanOrEqual(0.065);
  });

  test('Benjamini–Hochberg: with every gain null its false discovery rate is the family-wise rate, at most ~5%', () => {
    expect(familyWiseRate(1000, 10, 'bh')).toBeLessThanOrEqual(0.065);
  });

  test('uncorrected, most null studies show something "firm": why the correction is the default', () => {
    expect(familyWiseRate(400, 10, 'none')).toBeGreaterThan(0.35);
  });
});

describe('null check: test-set noise the seeds cannot see', () => {
  /**
   * A population in which the model and its baseline are equally good: in
   * group A the baseline's errors are small and the model's large, in group
   * B the reverse, so their population MSEs are equal. Each test row's error
   * is mostly the model's systematic one on that row, the same for every
   * seed (as seeds of one architecture err alike), plus a little seed
   * noise. A finite test set then favours one side by its mix of rows, the
   * same way for every seed: an interval over seeds alone calls that firm.
   */
  function nullTest(rng: Rng, rows: number, seeds: number) {
    const labels = Float32Array.from({ length: rows }, () => rng.normal());
    const groupB = Array.from({ length: rows }, () => rng.uniform() < 0.5);
    const systematic = (small: boolean) => Float32Array.from({ length: rows }, (_, r) => (groupB[r] === small ? 0.5 : 1) * rng.normal());
    const baseErr = systematic(false);
    const modelErr = systematic(true);
    const predict = (err: Float32Array) => Float32Array.from(labels, (y, r) => y + err[r] + 0.1 * rng.normal());
    const base = new Map<number, Float32Array[]>();
    const model = new Map<number, Float32Array[]>();
    const gains: number[] = [];
    for (let s = 1; s <= seeds; s++) {
      const b = predict(baseErr);
      const m = predict(modelErr);
      base.set(s, [b]);
      model.set(s, [m]);
      let d = 0;
      for (let r = 0; r < rows; r++) d += ((b[r] - labels[r]) ** 2 - (m[r] - labels[r]) ** 2) / rows;
      gains.push(d);
    }
    const test = { rows, tasks: [{ name: 'y', metric: 'mse' as const, labels, mask: new Float32Array(rows).fill(1) }] };
    const variance = testSetVariance(test, base, [{ model: 'm', outputs: model, seeds: { y: [...base.keys()] } }], { resamples: 300, seed: String(rng.uniform()) }).get('m')!.y!;
    const seedsOnly = seedEstimate(gains)!;
    return { seeds: intervalTest(seedsOnly, 0.95).p, seedsAndTest: intervalTest(withTestNoise(seedsOnly, variance), 0.95).p };
  }

  test('seeds alone call most of these null gains firm; seeds+test keeps to ~5%', () => {
    const rng = new Rng('test-noise-null');
    const studies = 300;
    let seedsFirm = 0;
    let bothFirm = 0;
    for (let i = 0; i < studies; i++) {
      const p = nullTest(rng, 400, 5);
      if (p.seeds < 0.05) seedsFirm++;
      if (p.seedsAndTest < 0.05) bothFirm++;
    }
    expect(seedsFirm / studies).toBeGreaterThan(0.5);
    // Monte Carlo sd about 0.013 at 5%; the seeds' df make it conservative here (t on 4 df where the test set dominates)
    expect(bothFirm / studies).toBeLessThanOrEqual(0.085);
  });
});
