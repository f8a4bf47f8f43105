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
});
