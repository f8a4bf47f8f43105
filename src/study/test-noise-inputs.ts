import type { RunData } from '../results/types';
import type { JobResult } from '../train/types';
import { testSetVariance, type ModelOutputs } from './test-noise';
import type { StudyTask } from './types';
import type { GainPair } from './verdicts';

/** model → task → the paired gains its interval is over. */
export type PairsByModel = ReadonlyMap<string, Record<string, GainPair[]>>;

/**
 * The test set's variance of every model's mean gain in a one-world run,
 * from the test outputs the run kept: model → task → variance, null where
 * some seed of the gain has no outputs (a note says which). Undefined when
 * the run has no test set to resample (then no interval covers test rows).
 */
export function runTestVariances(
  run: RunData,
  tasks: readonly StudyTask[],
  baseline: string,
  pairs: PairsByModel,
  bootstrap: { resamples: number; seed: number },
): { variances: Map<string, Record<string, number | null>>; notes: string[] } | undefined {
  const worlds = new Set([...pairs.values()].flatMap((byTask) => Object.values(byTask).flat().map((p) => p.world)));
  if (worlds.size !== 1) return undefined;
  const world = [...worlds][0];
  const test = run.test_sets?.get(world);
  if (!test) return undefined;
  const jobsIn = (model: string) => run.jobs.filter((j) => j.model === model && (j.data_seed ?? world) === world);
  const outputsOf = (jobs: JobResult[]) => new Map(jobs.flatMap((j) => (j.test_outputs ? [[j.seed, j.test_outputs] as const] : [])));
  const base = outputsOf(jobsIn(baseline));
  const notes: string[] = [];
  const models: ModelOutputs[] = [...pairs.entries()].map(([model, byTask]) => {
    const outputs = outputsOf(jobsIn(model));
    const seeds: Record<string, number[]> = {};
    for (const t of tasks) {
      const wanted = (byTask[t.name] ?? []).map((p) => p.seed);
      const missing = wanted.filter((s) => !outputs.has(s) || !base.has(s));
      seeds[t.name] = missing.length === 0 ? wanted : [];
      if (missing.length > 0 && wanted.length > 0) {
        notes.push(`${model} ${t.name}: no test predictions kept for seed ${missing.join(', ')}, so its interval covers model seeds only`);
      }
    }
    return { model, outputs, seeds };
  });
  const columns = {
    rows: test.rows,
    tasks: tasks.map((t) => ({ name: t.name, metric: t.metric, labels: test.labels[t.name], mask: test.masks[t.name] })),
  };
  const variances = testSetVariance(columns, base, models, { resamples: bootstrap.resamples, seed: `${bootstrap.seed}/world-${world}` });
  return { variances, notes };
}
