import * as path from 'node:path';

/**
 * Where each file of a run lives:
 *
 *   results/<config name>/<run id>/
 *     config.json  manifest.json  summary.json  report.md  *.svg
 *     test-set.arrow                           (the test rows' ids, labels and δ, which predictions are in the order of)
 *     jobs/<model>/seed-<seed>/metrics.json   (written last: marks the job complete)
 *                               history.jsonl  gates.json  predictions.arrow
 *     points/<key>/...                         (sweeps: one sub-study per grid point, same layout)
 *
 * With `training.data_seeds` every world has its own test set and jobs:
 * `worlds/data-<d>/test-set.arrow` and `jobs/<model>/data-<d>/seed-<seed>/`.
 */
export const FILES = {
  config: 'config.json',
  manifest: 'manifest.json',
  summary: 'summary.json',
  metrics: 'metrics.json',
  history: 'history.jsonl',
  gates: 'gates.json',
  predictions: 'predictions.arrow',
  testSet: 'test-set.arrow',
} as const;

/** A job's folder; `world` is its data seed in a run with `training.data_seeds`, undefined otherwise. */
export function jobDir(runDir: string, model: string, seed: number, world?: number): string {
  return world === undefined ? path.join(runDir, 'jobs', model, `seed-${seed}`) : path.join(runDir, 'jobs', model, `data-${world}`, `seed-${seed}`);
}

/** The test set's file of one world (see `jobDir`). */
export function testSetFile(runDir: string, world?: number): string {
  return world === undefined ? path.join(runDir, FILES.testSet) : path.join(runDir, 'worlds', `data-${world}`, FILES.testSet);
}

export function pointDir(runDir: string, key: string): string {
  return path.join(runDir, 'points', key);
}
