import * as path from 'node:path';
import type { ModelConfig } from '../config/types';
import { modelArgsHash } from './study-identity';

/**
 * Where each file of a run lives:
 *
 *   results/<config name>/<run id>/
 *     config.json  manifest.json  summary.json  report.md  *.svg
 *     preprocessing.json                       (vocabularies and numeric statistics, from the training rows)
 *     test-set.arrow                           (the test rows' ids, labels and δ, which predictions are in the order of)
 *     jobs/<model>/<args>/seed-<seed>/metrics.json   (written last: marks the job complete)
 *                                      history.jsonl  gates.json  predictions.arrow  model/
 *     points/<key>/...                         (sweeps: one sub-study per grid point, same layout)
 *
 * `<args>` is a short hash of the model's architecture and resolved
 * arguments (`modelArgsHash`): a model whose arguments change trains into
 * another folder, and the old jobs stay as they were. Runs written before
 * that (`job_layout` absent from their manifest) keep `jobs/<model>/seed-<seed>/`.
 *
 * With `training.data_seeds` every world has its own test set and jobs:
 * `worlds/data-<d>/test-set.arrow`, `worlds/data-<d>/preprocessing.json` and
 * `jobs/<model>/<args>/data-<d>/seed-<seed>/`.
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
  /** a job's trained model (`saved-model.ts`), with `training.save_models` */
  model: 'model',
} as const;

/** How a run files its jobs: `model-args` as above; undefined in runs of a ple before it (`jobs/<model>/seed-<seed>/`). */
export type JobLayout = 'model-args' | undefined;

/** The layout ple writes now. */
export const JOB_LAYOUT = 'model-args' as const;

/** The folder under `jobs/` of a model's jobs: `<model>/<args hash>`, or `<model>` in a run of the older layout. */
export function modelFolder(model: Pick<ModelConfig, 'name' | 'arch' | 'args'>, layout: JobLayout): string {
  return layout === undefined ? model.name : path.join(model.name, modelArgsHash(model));
}

/** A job's folder; `folder` is its model's (`modelFolder`), `world` its data seed in a run with `training.data_seeds`, undefined otherwise. */
export function jobDir(runDir: string, folder: string, seed: number, world?: number): string {
  return world === undefined ? path.join(runDir, 'jobs', folder, `seed-${seed}`) : path.join(runDir, 'jobs', folder, `data-${world}`, `seed-${seed}`);
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
