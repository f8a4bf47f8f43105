import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { JOB_LAYOUT, jobDir, modelFolder } from '../../src/results/layout';

/** The folder of a finished run's job, from its config.json: `jobs/<model>/<args hash>[/data-<d>]/seed-<s>`. */
export function jobPath(runDir: string, model: string, seed: number, world?: number): string {
  const config = JSON.parse(readFileSync(path.join(runDir, 'config.json'), 'utf8')) as { models: { name: string; arch: string; args: Record<string, unknown> }[] };
  const definition = config.models.find((m) => m.name === model);
  if (!definition) throw new Error(`${runDir}: no model "${model}" in config.json`);
  return jobDir(runDir, modelFolder(definition, JOB_LAYOUT), seed, world);
}

/** The folder of all a model's jobs (`jobs/<model>/<args hash>`). */
export function modelJobsPath(runDir: string, model: string): string {
  return path.dirname(jobPath(runDir, model, 0));
}
