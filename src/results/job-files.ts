import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobResult } from '../train/types';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic';
import { FILES, jobDir } from './layout';
import { writePredictions } from './test-outputs';

/** Where a job's test outputs go: the test rows' ids (in the order of its outputs) and the task names. */
export interface TestRows {
  ids: Int32Array;
  tasks: readonly string[];
}

/**
 * Writes one finished job. `metrics.json` goes last: its presence is what
 * marks the job complete, so a crash between files only means the job is
 * redone. Test outputs, when the job kept them, go to `predictions.arrow`.
 */
export async function writeJob(runDir: string, result: JobResult, test?: TestRows): Promise<void> {
  const dir = jobDir(runDir, result.model, result.seed, result.data_seed);
  const { history, gates, test_outputs: outputs, ...metrics } = result;
  await writeFileAtomic(path.join(dir, FILES.history), history.map((r) => JSON.stringify(r)).join('\n') + (history.length ? '\n' : ''));
  if (gates) await writeJsonAtomic(path.join(dir, FILES.gates), gates);
  if (outputs && test) await writePredictions(dir, test.ids, outputs, test.tasks);
  await writeJsonAtomic(path.join(dir, FILES.metrics), metrics);
}

async function readOptionalJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The job's result, or undefined when it has not completed. Test outputs are not loaded (`readPredictions`). */
export async function readJob(runDir: string, model: string, seed: number, world?: number): Promise<JobResult | undefined> {
  const dir = jobDir(runDir, model, seed, world);
  const metrics = await readOptionalJson<Omit<JobResult, 'history' | 'gates' | 'test_outputs'>>(path.join(dir, FILES.metrics));
  if (!metrics) return undefined;
  const historyText = await readFile(path.join(dir, FILES.history), 'utf8').catch(() => '');
  const history = historyText
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
  const gates = await readOptionalJson<JobResult['gates']>(path.join(dir, FILES.gates));
  return { ...metrics, history, ...(gates ? { gates } : {}) };
}
