import type { Config } from '../../src/config/types';
import type { Manifest, RunData } from '../../src/results/types';
import type { GateStat, JobResult, TaskMetrics } from '../../src/train/types';

/** Hand-made runs with known metrics for the study and report tests. */

export interface FixtureTask {
  name: string;
  type: 'binary' | 'regression';
}

export type FixtureMetrics = (model: string, seed: number) => Record<string, number> | 'failed';

export interface FixtureOptions {
  tasks?: FixtureTask[];
  models?: { name: string; arch: string }[];
  seeds?: number[];
  metrics: FixtureMetrics;
  runId?: string;
  name?: string;
}

export const TWO_TASKS: FixtureTask[] = [
  { name: 'vtr', type: 'binary' },
  { name: 'vcr', type: 'regression' },
];

export function makeConfig(tasks: FixtureTask[], models: { name: string; arch: string }[], seeds: number[], name = 'fixture'): Config {
  return {
    name,
    data: { source: 'video', path: 'data/fixture.arrow', seed: 1 },
    split: { train_days: [1, 2, 3, 4, 5, 6, 7], test_days: [8], validation: { fraction: 0.1 } },
    tasks: tasks.map((t) => ({ name: t.name, type: t.type, label: t.name, weight: 1, gamma: 1, sigmoid_output: false })),
    features: { categorical: [], numeric: [{ name: 'x', transform: 'none' as const }] },
    training: {
      epochs: 3, batch_size: 256, optimizer: 'adam', learning_rate: 0.001, learning_rate_decay: 'constant', seeds, save_predictions: false, save_models: false, weighting: { method: 'fixed' },
      early_stopping: { patience: 1, restore_best: true },
    },
    models: models.map((m) => ({ ...m, args: {} })),
  };
}

const GATED = new Set(['mmoe', 'cgc', 'ple', 'ml_mmoe']);

function gatesFor(arch: string, tasks: FixtureTask[], seed: number): GateStat[] | undefined {
  if (!GATED.has(arch)) return undefined;
  const levels = arch === 'ple' || arch === 'ml_mmoe' ? 2 : 1;
  const experts = ['shared_0', 'shared_1', ...tasks.map((t) => `${t.name}_0`)];
  const out: GateStat[] = [];
  for (let level = 0; level < levels; level++) {
    tasks.forEach((t, k) => {
      const raw = experts.map((_, e) => 1 + ((e + k + seed + level) % 3));
      const sum = raw.reduce((a, b) => a + b, 0);
      out.push({ level, gate: t.name, experts, mean: raw.map((r) => r / sum) });
    });
  }
  return out;
}

export function makeJob(model: string, arch: string, seed: number, tasks: FixtureTask[], values: Record<string, number> | 'failed'): JobResult {
  const failed = values === 'failed';
  const metrics: Record<string, TaskMetrics> = {};
  if (!failed) {
    for (const t of tasks) {
      const v = values[t.name];
      metrics[t.name] = t.type === 'binary' ? { n: 1000, auc: v, logloss: 0.5 } : { n: 400, mse: v };
    }
  }
  const epochs = failed ? 1 : 3;
  const history = Array.from({ length: epochs }, (_, epoch) => {
    const train_loss: Record<string, number> = {};
    const weights: Record<string, number> = {};
    tasks.forEach((t, k) => {
      train_loss[t.name] = failed ? NaN : (0.6 + 0.1 * k) / (1 + epoch) + 0.001 * seed;
      weights[t.name] = 1;
    });
    return { epoch, weights, train_loss, total_loss: 1, wall_s: 1, samples_per_s: 1000 };
  });
  return {
    model, arch, seed, status: failed ? 'failed' : 'ok',
    failure: failed ? { epoch: 0, step: 12, message: 'loss is NaN' } : undefined,
    metrics, history, best_epoch: failed ? 0 : 2, gates: failed ? undefined : gatesFor(arch, tasks, seed),
    parameters: 12345, wall_s: 2.5, train_samples_per_s: 1000,
  };
}

export function makeRun(opts: FixtureOptions): RunData {
  const tasks = opts.tasks ?? TWO_TASKS;
  const models = opts.models ?? [
    { name: 'single_task', arch: 'single_task' },
    { name: 'mmoe', arch: 'mmoe' },
    { name: 'ple', arch: 'ple' },
  ];
  const seeds = opts.seeds ?? [1, 2, 3];
  const config = makeConfig(tasks, models, seeds, opts.name);
  const jobs = models.flatMap((m) => seeds.map((s) => makeJob(m.name, m.arch, s, tasks, opts.metrics(m.name, s))));
  const manifest: Manifest = {
    run_id: opts.runId ?? '20260101-000000',
    config_name: config.name,
    config_file: 'configs/fixture.yaml',
    versions: { ple: '0.1.0', '@tensorflow/tfjs': '4.22.0', node: 'v20' },
    backend: 'cpu',
    node: 'v20.0.0',
    cpu: { model: 'test cpu', cores: 4 },
    data: { path: 'data/fixture.arrow', sha256: 'ab'.repeat(32), rows: 80000, metadata: { source: 'video' } },
    seeds,
    started_at: '2026-01-01T00:00:00Z',
    finished_at: '2026-01-01T00:10:00Z',
    wall_s: 600,
    parallel_jobs: 1,
  };
  return { dir: `results/${config.name}/${manifest.run_id}`, config, manifest, jobs };
}

/** Per-model base metrics plus a small per-seed wobble, so intervals are known. */
export function tableMetrics(base: Record<string, Record<string, number>>, wobble: Record<number, number> = { 1: -1, 2: 0, 3: 1 }, scale = 0.0001): FixtureMetrics {
  return (model, seed) => {
    const out: Record<string, number> = {};
    for (const [task, v] of Object.entries(base[model])) out[task] = v + (wobble[seed] ?? 0) * scale;
    return out;
  };
}
