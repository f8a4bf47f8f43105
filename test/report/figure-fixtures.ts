import { expandSweep } from '../../src/config/sweep';
import type { RunData } from '../../src/results/types';
import type { SweepPointInput } from '../../src/study/sweep';
import { makeRun, tableMetrics, type FixtureTask } from '../study/fixtures';

/** Studies for the figure tests: sixteen multi-task models crowded around 0, four tasks, a two-parameter grid. */

/**
 * The run with validation metrics in every ok job's history: losses fall
 * by epoch, except `overfits`' validation loss, which rises after epoch 0
 * while its training loss keeps falling.
 */
export function withValidation(run: RunData, overfits: string): RunData {
  for (const job of run.jobs) {
    if (job.status !== 'ok') continue;
    for (const rec of job.history) {
      const drift = job.model === overfits ? 0.02 * rec.epoch : -0.01 * rec.epoch;
      rec.validation = Object.fromEntries(
        run.config.tasks.map((t) => [t.name, t.type === 'binary' ? { n: 500, auc: 0.7 - drift + 0.001 * job.seed, logloss: 0.5 + drift } : { n: 200, mse: 0.05 + drift / 10 }]),
      );
    }
  }
  return run;
}

const ARCHS = ['hard_sharing', 'asymmetric', 'customized', 'cross_stitch', 'sluice', 'mmoe', 'ml_mmoe', 'cgc', 'ple'];

/** Sixteen multi-task models (every arch, some twice under another name) plus single_task. */
export const SIXTEEN = [
  ...ARCHS.map((arch) => ({ name: arch, arch })),
  ...['ple_three_levels', 'cgc_wide', 'mmoe_8_experts', 'hard_sharing_wide', 'sluice_orthogonal', 'cross_stitch_deep', 'customized_small'].map((name) => ({
    name,
    arch: ARCHS.find((a) => name.startsWith(a))!,
  })),
];

/**
 * Mean gains (vtr AUC, vcr MSE) of the sixteen: a tight cluster of six near
 * 0, two models at the very same point, the rest spread over three quadrants.
 */
const GAINS: [number, number][] = [
  [0.0002, -0.0001], [0.00025, -0.00012], [0.0003, -0.0001], [0.00022, -0.00008], [0.00028, -0.00013], [0.00024, -0.00011],
  [0.0012, 0.0003], [0.0012, 0.0003], [-0.0006, -0.0004], [0.0008, -0.0005], [0.0015, 0.0001], [-0.0002, 0.0002],
  [0.001, -0.0002], [0.0004, 0.0004], [0.0018, -0.0003], [-0.0004, 0.0001],
];

/** Per-model seed wobble: a third of the models vary a lot between seeds (within noise), the rest little (firm where the gain is large). */
function wobble(i: number, seed: number): number {
  const size = i % 3 === 0 ? 0.002 : 0.00002;
  return (((i + seed) % 3) - 1) * size;
}

export function sixteenModelRun(): RunData {
  const models = [{ name: 'single_task', arch: 'single_task' }, ...SIXTEEN];
  const run = makeRun({
    models,
    seeds: [1, 2, 3, 4, 5],
    metrics: (model, seed) => {
      const i = SIXTEEN.findIndex((m) => m.name === model);
      if (i < 0) return { vtr: 0.68, vcr: 0.132 };
      const [gx, gy] = GAINS[i];
      return { vtr: 0.68 + gx + wobble(i, seed), vcr: 0.132 - gy + wobble(i, seed) / 5 };
    },
  });
  return withValidation(run, 'hard_sharing');
}

export const FOUR_TASKS: FixtureTask[] = [
  { name: 'vtr', type: 'binary' },
  { name: 'vcr', type: 'regression' },
  { name: 'shr', type: 'binary' },
  { name: 'cmr', type: 'binary' },
];

/** Four tasks, single_task and three gated models: ple up on every task, mmoe a seesaw, cgc within noise on shr. */
export function fourTaskRun(): RunData {
  const base: Record<string, Record<string, number>> = {
    single_task: { vtr: 0.68, vcr: 0.13, shr: 0.7, cmr: 0.7 },
    mmoe: { vtr: 0.69, vcr: 0.12, shr: 0.69, cmr: 0.71 },
    cgc: { vtr: 0.69, vcr: 0.129, shr: 0.702, cmr: 0.701 },
    ple: { vtr: 0.7, vcr: 0.12, shr: 0.71, cmr: 0.72 },
  };
  const run = makeRun({
    tasks: FOUR_TASKS,
    models: Object.keys(base).map((name) => ({ name, arch: name })),
    metrics: (model, seed) => Object.fromEntries(Object.entries(base[model]).map(([t, v]) => [t, v + (model === 'cgc' && t === 'shr' ? (seed - 2) * 0.01 : (seed - 2) * 1e-4)])),
  });
  return withValidation(run, 'mmoe');
}

/** The grid data.synthetic.correlation ∈ {0, 0.5, 1} × tasks[1].weight ∈ {1, 2}: gains grow with both. */
export const GRID = { 'data.synthetic.correlation': [0, 0.5, 1], 'tasks[1].weight': [1, 2] };

/** A sweep over two parameters, every point run (keys as `ple run` makes them, e.g. correlation=0.5,weight1=2). */
export function twoParameterSweep(): SweepPointInput[] {
  const grid = expandSweep(GRID);
  return grid.map((p) => {
    const c = p.overrides['data.synthetic.correlation'] as number;
    const w = p.overrides['tasks[1].weight'] as number;
    const run = makeRun({
      metrics: tableMetrics({
        single_task: { vtr: 0.68, vcr: 0.132 },
        mmoe: { vtr: 0.68 + 0.01 * c, vcr: 0.132 - 0.001 * w },
        ple: { vtr: 0.681 + 0.01 * c, vcr: 0.131 - 0.001 * w },
      }),
    });
    run.config.tasks[1].weight = w;
    run.dir = `${run.dir}/points/${p.key}`;
    run.manifest = { ...run.manifest, sweep_points: grid };
    return { key: p.key, overrides: p.overrides, run };
  });
}
