import * as path from 'node:path';

/**
 * Where each file of a run lives:
 *
 *   results/<config name>/<run id>/
 *     config.json  manifest.json  summary.json  report.md  *.svg
 *     preprocessing.json                       (vocabularies and numeric statistics, from the training rows)
 *     test-set.arrow                           (the test rows' ids, labels and δ, which predictions are in the order of)
 *     jobs/<model>/seed-<seed>/metrics.json   (written last: marks the job complete)
 *                               history.jsonl  gates.json  predictions.arrow
 *     points/<key>/...                         (sweeps: one sub-study per grid point, same layout)
 *
 * With `training.data_seeds` every world has its own test set and jobs:
 * `worlds/data-<d>/test-set.arrow`, `worlds/data-<d>/preprocessing.json` and
 * `jobs/<model>/data-<d>/seed-<seed>/`.
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
  preprocessing: 'preprocessing.json',
} as const;

/** A job's folder; `world` is its data seed in a run with `training.data_seeds`, undefined otherwise. */
export function jobDir(runDir: string, model: string, seed: number, world?: number): string {
  return world === undefined ? path.join(runDir, 'jobs', model, `seed-${seed}`) : path.join(runDir, 'jobs', model, `data-${world}`, `seed-${seed}`);
}

/** The test set's file of one world (see `jobDir`). */
export function testSetFile(runDir: string, world?: number): string {
  return worldFile(runDir, FILES.testSet, world);
}

/** The vocabularies and numeric statistics of one world, fitted on its training rows (see `jobDir`). */
export function preprocessingFile(runDir: string, world?: number): string {
  return worldFile(runDir, FILES.preprocessing, world);
}

function worldFile(runDir: string, name: string, world: number | undefined): string {
  return world === undefined ? path.join(runDir, name) : path.join(runDir, 'worlds', `data-${world}`, name);
}

export function pointDir(runDir: string, key: string): string {
  return path.join(runDir, 'points', key);
}
