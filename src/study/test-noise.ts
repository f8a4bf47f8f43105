import { Rng } from '../data/random';
import { rankScores, weightedAuc, weightedMean, type RankedScores } from '../metrics/weighted';
import type { MetricName } from './types';

/** One world's test set as the bootstrap needs it: per task, labels and δ over the same rows. */
export interface TestSetColumns {
  rows: number;
  tasks: { name: string; metric: MetricName; labels: Float32Array; mask: Float32Array }[];
}

/** A model's test outputs per seed (per task, in test-set row order), and the seeds each task's gain is over. */
export interface ModelOutputs {
  model: string;
  outputs: ReadonlyMap<number, Float32Array[]>;
  /** per task: the seeds whose gain counts (model and baseline both usable) */
  seeds: Record<string, number[]>;
}

export interface BootstrapOptions {
  resamples: number;
  /** seeds the resampling; the same seed gives the same variances */
  seed: string;
}

/**
 * The test set's share of the noise in each model's mean gain, by a paired
 * bootstrap over test rows. Each resample draws n rows with replacement
 * (as a weight per row: how often it was drawn) and scores every model and
 * the baseline, for every seed, on that same draw: the same rows for a
 * model and its baseline (paired, so what both get right or wrong on a row
 * cancels), and for every seed, because the test set is one sample that
 * every seed is scored on; its noise is common to all seeds, and drawing
 * rows separately per seed would divide it by the number of seeds. The
 * variance over resamples of the seed-averaged gain is the test set's
 * variance of the mean gain, which `withTestNoise` adds to the seeds'.
 *
 * Returns model → task → variance (null where a task has no seeds or the
 * resamples left a class empty too often to say).
 */
export function testSetVariance(
  test: TestSetColumns,
  baseline: ReadonlyMap<number, Float32Array[]>,
  models: readonly ModelOutputs[],
  options: BootstrapOptions,
): Map<string, Record<string, number | null>> {
  const plans = test.tasks.map((task, k) => planTask(test, task, k, baseline, models));
  const draws = models.map(() => test.tasks.map(() => [] as number[]));
  const rng = new Rng(`bootstrap:${options.seed}`);
  const w = new Float64Array(test.rows);
  for (let b = 0; b < options.resamples; b++) {
    w.fill(0);
    for (let i = 0; i < test.rows; i++) w[rng.int(test.rows)] += 1;
    plans.forEach((plan, k) => {
      const gains = plan.gains(w);
      gains.forEach((g, m) => {
        if (Number.isFinite(g)) draws[m][k].push(g);
      });
    });
  }
  const out = new Map<string, Record<string, number | null>>();
  models.forEach((model, m) => {
    const byTask: Record<string, number | null> = {};
    test.tasks.forEach((task, k) => {
      const values = draws[m][k];
      // a resample without both classes has no AUC; more than 1% of them and the variance is not trusted
      byTask[task.name] = values.length >= Math.max(2, 0.99 * options.resamples) ? variance(values) : null;
    });
    out.set(model.model, byTask);
  });
  return out;
}

/** Per task: a function from row weights to every model's seed-averaged gain (NaN where it has none). */
function planTask(
  test: TestSetColumns,
  task: TestSetColumns['tasks'][number],
  k: number,
  baseline: ReadonlyMap<number, Float32Array[]>,
  models: readonly ModelOutputs[],
): { gains(w: Float64Array): number[] } {
  const seedsOf = models.map((m) => m.seeds[task.name] ?? []);
  if (task.metric === 'mse') {
    // MSE is linear in the rows' squared errors: the seed-averaged gain is one weighted mean of
    // d_r = mean over seeds of (e_baseline − e_model)², computed once per model
    const rows = Int32Array.from({ length: test.rows }, (_, r) => r).filter((r) => task.mask[r] !== 0);
    const diffs = models.map((model, m) => {
      const seeds = seedsOf[m];
      if (seeds.length === 0) return null;
      const d = new Float64Array(test.rows);
      for (const s of seeds) {
        const base = baseline.get(s)![k];
        const own = model.outputs.get(s)![k];
        for (const r of rows) {
          const y = task.labels[r];
          d[r] += ((base[r] - y) ** 2 - (own[r] - y) ** 2) / seeds.length;
        }
      }
      return d;
    });
    return { gains: (w) => diffs.map((d) => (d ? weightedMean(d, rows, w) : NaN)) };
  }
  const rank = (out: Float32Array): RankedScores => rankScores(out, task.labels, task.mask);
  const baseSeeds = [...new Set(seedsOf.flat())];
  const rankedBase = new Map(baseSeeds.map((s) => [s, rank(baseline.get(s)![k])]));
  const rankedModels = models.map((model, m) => seedsOf[m].map((s) => ({ seed: s, ranked: rank(model.outputs.get(s)![k]) })));
  return {
    gains: (w) => {
      const baseAuc = new Map([...rankedBase].map(([s, r]) => [s, weightedAuc(r, w)]));
      return rankedModels.map((list) => {
        if (list.length === 0) return NaN;
        let total = 0;
        for (const { seed, ranked } of list) total += weightedAuc(ranked, w) - baseAuc.get(seed)!;
        return total / list.length;
      });
    },
  };
}

function variance(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (values.length - 1);
}
