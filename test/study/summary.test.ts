import { summarize } from '../../src/study/summary';
import { makeRun, tableMetrics } from './fixtures';

const BASE = {
  single_task: { vtr: 0.68, vcr: 0.132 },
  mmoe: { vtr: 0.69, vcr: 0.133 },
  ple: { vtr: 0.69, vcr: 0.131 },
};

describe('summarize', () => {
  test('models in config order with the baseline first, and their quadrants', () => {
    const run = makeRun({
      models: [
        { name: 'mmoe', arch: 'mmoe' },
        { name: 'single_task', arch: 'single_task' },
        { name: 'ple', arch: 'ple' },
      ],
      metrics: tableMetrics(BASE),
    });
    const s = summarize(run);
    expect(s.models.map((m) => m.model)).toEqual(['single_task', 'mmoe', 'ple']);
    expect(s.baseline).toBe('single_task');
    expect(s.models[0].is_baseline).toBe(true);
    expect(s.models[0].gains).toBeNull();
    expect(s.tasks.map((t) => `${t.name}:${t.metric}:${t.better}`)).toEqual(['vtr:auc:higher', 'vcr:mse:lower']);
    // the wobble is the same for every model, so paired gains have zero spread: firm
    const mmoe = s.models[1];
    expect(mmoe.gains!.vtr.mean).toBeCloseTo(0.01, 10);
    expect(mmoe.gains!.vcr.mean).toBeCloseTo(-0.001, 10);
    expect(mmoe.quadrant!.label).toBe('Q4 seesaw (vcr lost)');
    expect(s.models[2].quadrant!.quadrant).toBe(1);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  test('a failed (NaN) job is excluded from the aggregates and marked', () => {
    const ok = tableMetrics(BASE);
    const run = makeRun({ metrics: (m, seed) => (m === 'mmoe' && seed === 2 ? 'failed' : ok(m, seed)) });
    const mmoe = summarize(run).models.find((m) => m.model === 'mmoe')!;
    expect(mmoe.seeds_ok).toEqual([1, 3]);
    expect(mmoe.seeds_failed).toEqual([2]);
    expect(mmoe.metrics.vtr.n).toBe(2);
    expect(mmoe.metrics.vtr.mean).toBeCloseTo(0.69, 10);
    expect(mmoe.gains!.vtr.n).toBe(2);
    expect(mmoe.per_seed[1]).toMatchObject({ seed: 2, status: 'failed', metrics: { vtr: null, vcr: null }, gains: null });
    expect(mmoe.notes).toEqual(['seed 2: failed at epoch 0, step 12: loss is NaN']);
  });

  test('an ok job with a non-finite metric is excluded for that task only', () => {
    const ok = tableMetrics(BASE);
    const run = makeRun({ metrics: (m, seed) => (m === 'ple' && seed === 1 ? { vtr: NaN, vcr: 0.131 } : ok(m, seed)) });
    const ple = summarize(run).models.find((m) => m.model === 'ple')!;
    expect(ple.metrics.vtr.n).toBe(2);
    expect(ple.metrics.vcr.n).toBe(3);
    expect(ple.notes[0]).toMatch(/seed 1: vtr: auc NaN, excluded/);
  });

  test('a failed single-task seed removes that seed from every gain', () => {
    const ok = tableMetrics(BASE);
    const run = makeRun({ metrics: (m, seed) => (m === 'single_task' && seed === 3 ? 'failed' : ok(m, seed)) });
    const s = summarize(run);
    const mmoe = s.models.find((m) => m.model === 'mmoe')!;
    expect(mmoe.metrics.vtr.n).toBe(3);
    expect(mmoe.gains!.vtr.n).toBe(2);
    expect(mmoe.per_seed[2].gains).toEqual({ vtr: null, vcr: null });
    expect(mmoe.notes.some((n) => /seed 3: vtr: no usable single-task result/.test(n))).toBe(true);
  });

  test('without a single_task model: raw metrics only, and a note', () => {
    const run = makeRun({
      models: [
        { name: 'mmoe', arch: 'mmoe' },
        { name: 'ple', arch: 'ple' },
      ],
      metrics: tableMetrics(BASE),
    });
    const s = summarize(run);
    expect(s.baseline).toBeNull();
    expect(s.models.every((m) => m.gains === null && m.quadrant === null)).toBe(true);
    expect(s.models[0].metrics.vtr.mean).toBeCloseTo(0.69, 10);
    expect(s.notes[0]).toMatch(/no single_task model/);
  });

  describe('verdicts over the family of gains', () => {
    // per-seed gains (AUC: model − single; MSE: single − model) over seeds 1..4, p-values from scipy.stats.ttest_1samp
    const GAINS: Record<string, Record<string, number[]>> = {
      mmoe: { vtr: [0.002, 0.004, 0.001, 0.003], vcr: [0.0001, -0.0001, 0.0002, 0] }, // p 0.030466, 0.495025
      ple: { vtr: [0.01, 0.011, 0.009, 0.01], vcr: [-0.001, -0.0012, -0.0008, -0.001] }, // p 0.000149, 0.001172
    };
    const run = () =>
      makeRun({
        seeds: [1, 2, 3, 4],
        metrics: (m, seed) => (m === 'single_task' ? { vtr: 0.7, vcr: 0.13 } : { vtr: 0.7 + GAINS[m].vtr[seed - 1], vcr: 0.13 - GAINS[m].vcr[seed - 1] }),
      });
    const gainsOf = (s: ReturnType<typeof summarize>, m: string) => s.models.find((x) => x.model === m)!.gains!;

    test('each gain carries its paired-t p, the Holm-adjusted p over the family of 4, and firm = adjusted p < alpha', () => {
      const s = summarize(run(), { interval: 'seeds' });
      const mmoe = gainsOf(s, 'mmoe');
      const ple = gainsOf(s, 'ple');
      expect(mmoe.vtr.p).toBeCloseTo(0.030466291662170977, 9);
      expect(mmoe.vtr.half_width).toBeCloseTo(0.002054260256760521, 12);
      expect(mmoe.vtr.family_size).toBe(4);
      // Holm: 4·0.000149, then 3·0.001172, then 2·0.030466, then 1·0.495025
      expect(ple.vtr.p_adjusted).toBeCloseTo(0.0005966288051397442, 9);
      expect(ple.vcr.p_adjusted).toBeCloseTo(0.0035166493341506552, 9);
      expect(mmoe.vtr.p_adjusted).toBeCloseTo(0.060932583324341955, 9);
      expect(mmoe.vcr.p_adjusted).toBeCloseTo(0.4950253460597112, 9);
      // uncorrected, mmoe's VTR gain would be firm (its 95% interval excludes 0); over the family it is not
      expect(mmoe.vtr.ci_low).toBeGreaterThan(0);
      expect(mmoe.vtr.firm).toBe(false);
      expect([ple.vtr.firm, ple.vcr.firm, mmoe.vcr.firm]).toEqual([true, true, false]);
      expect(s.models.find((m) => m.model === 'ple')!.quadrant).toMatchObject({ quadrant: 4, firm: true, certainty: 'firm' });
      expect(s.statistics).toMatchObject({ correction: 'holm', alpha: 0.05, family_size: 4, covers: ['model seeds'], resamples: null });
      expect(s.statistics!.statement).toMatch(/Holm-adjusted p below 0.05 over 4 gains .* covers model seeds, not the test set's sampling nor world-to-world noise/);
    });

    test('Benjamini–Hochberg and no correction, as the config or a flag asks', () => {
      const bh = gainsOf(summarize(run(), { interval: 'seeds', correction: 'bh' }), 'mmoe');
      expect(bh.vtr.p_adjusted).toBeCloseTo(0.04062172221622797, 9);
      expect(bh.vtr.firm).toBe(true);
      const none = gainsOf(summarize(run(), { interval: 'seeds', correction: 'none' }), 'mmoe');
      expect(none.vtr.p_adjusted).toBe(none.vtr.p);
      expect(none.vtr.firm).toBe(true);
      const strict = gainsOf(summarize(run(), { interval: 'seeds', correction: 'none', alpha: 0.01 }), 'mmoe');
      expect(strict.vtr.firm).toBe(false);
    });

    test('seeds+test without kept predictions says so and falls back to model seeds', () => {
      const s = summarize(run());
      expect(s.statistics!.covers).toEqual(['model seeds']);
      expect(s.notes).toContain('the run kept no test set, so the intervals cover model seeds only');
    });

    test('over several worlds, the t over world means (df = worlds − 1)', () => {
      const r = run();
      // seeds 1, 2 in world 1 and 3, 4 in world 2
      r.jobs = r.jobs.map((j) => ({ ...j, data_seed: j.seed <= 2 ? 1 : 2, seed: j.seed <= 2 ? j.seed : j.seed - 2 }));
      r.config = { ...r.config, training: { ...r.config.training, seeds: [1, 2], data_seeds: [1, 2] } };
      const mmoe = gainsOf(summarize(r, { interval: 'seeds' }), 'mmoe');
      // world means 0.003 and 0.002: mean 0.0025, se 0.0005 on 1 df
      expect(mmoe.vtr.n).toBe(4);
      expect(mmoe.vtr.mean).toBeCloseTo(0.0025, 12);
      expect(mmoe.vtr.se).toBeCloseTo(0.0005, 12);
      expect(mmoe.vtr.df).toBe(1);
      expect(mmoe.vtr.p).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(5), 10);
      expect(mmoe.vtr.covers).toEqual(['data seeds', 'model seeds', 'test rows']);
    });
  });
  test('against another model: every gain is measured against it, paired by seed, and its family corrected', () => {
    const s = summarize(makeRun({ metrics: tableMetrics(BASE) }), { against: 'mmoe', interval: 'seeds' });
    expect(s.baseline).toBe('mmoe');
    expect(s.models[0].model).toBe('mmoe');
    const ple = s.models.find((m) => m.model === 'ple')!;
    // ple − mmoe: AUC 0.69 − 0.69, MSE 0.133 − 0.131
    expect(ple.gains!.vtr.mean).toBeCloseTo(0, 12);
    expect(ple.gains!.vcr.mean).toBeCloseTo(0.002, 12);
    expect(s.models.find((m) => m.model === 'single_task')!.gains!.vcr.mean).toBeCloseTo(0.001, 12);
    expect(s.statistics!.family_size).toBe(4);
    expect(() => summarize(makeRun({ metrics: tableMetrics(BASE) }), { against: 'mmeo' })).toThrow(/--against: "mmeo" is not a model of .* \(models: single_task, mmoe, ple\)/);
  });
});
