import * as path from 'node:path';

/**
 * Where each file of a run lives:
 *
 *   results/<config name>/<run id>/
 *     config.json  manifest.json  summary.json  report.md  *.svg
 *     jobs/<model>/seed-<seed>/metrics.json   (written last: marks the job complete)
 *                               history.jsonl  gates.json  predictions.json
 *     points/<key>/...                         (sweeps: one sub-study per grid point, same layout)
 */
export const FILES = {
  config: 'config.json',
  manifest: 'manifest.json',
  summary: 'summary.json',
  metrics: 'metrics.json',
  history: 'history.jsonl',
  gates: 'gates.json',
  predictions: 'predictions.json',
} as const;

export function jobDir(runDir: string, model: string, seed: number): string {
  return path.join(runDir, 'jobs', model, `seed-${seed}`);
}

export function pointDir(runDir: string, key: string): string {
  return path.join(runDir, 'points', key);
}
