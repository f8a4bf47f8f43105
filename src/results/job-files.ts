import * as path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic';
import { epochShape, gatesShape, jobShape } from './file-shapes';
import { FILES, jobDir } from './layout';
import { CorruptResultError, readJsonIfPresent, readJsonLines } from './read-json';
import { writePredictions } from './test-outputs';
import type { StoredJob } from './types';

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
export async function writeJob(runDir: string, folder: string, result: StoredJob, test?: TestRows): Promise<void> {
  const dir = jobDir(runDir, folder, result.seed, result.data_seed);
  const { history, gates, test_outputs: outputs, ...metrics } = result;
  await writeFileAtomic(path.join(dir, FILES.history), history.map((r) => JSON.stringify(r)).join('\n') + (history.length ? '\n' : ''));
  if (gates) await writeJsonAtomic(path.join(dir, FILES.gates), gates);
  if (outputs && test) await writePredictions(dir, test.ids, outputs, test.tasks);
  await writeJsonAtomic(path.join(dir, FILES.metrics), metrics);
}

/** What a reader of a damaged job can do about it. */
const DAMAGED_JOB = 'the job\'s files are damaged: `ple run` on this run\'s config moves them aside and trains the job again';

/**
 * The job's result (its model's jobs are under `folder`, `modelFolder`), or
 * undefined when it has not completed. Test outputs are not loaded
 * (`readPredictions`). A damaged file (or a metrics.json of another job)
 * throws CorruptResultError naming it.
 */
export async function readJob(runDir: string, folder: string, model: string, seed: number, world?: number): Promise<StoredJob | undefined> {
  const dir = jobDir(runDir, folder, seed, world);
  const file = path.join(dir, FILES.metrics);
  const metrics = await readJsonIfPresent(file, jobShape, DAMAGED_JOB);
  if (!metrics) return undefined;
  if (metrics.model !== model || metrics.seed !== seed || metrics.data_seed !== world) {
    const of = (m: string, s: number, w: number | undefined) => `model "${m}"${w === undefined ? '' : ` world ${w}`} seed ${s}`;
    throw new CorruptResultError(file, `holds ${of(metrics.model, metrics.seed, metrics.data_seed)}, not this folder's ${of(model, seed, world)}`, DAMAGED_JOB);
  }
  const history = await readJsonLines(path.join(dir, FILES.history), epochShape, DAMAGED_JOB);
  const gates = await readJsonIfPresent(path.join(dir, FILES.gates), gatesShape, DAMAGED_JOB);
  // checked shapes; their nulls are the NaNs JSON could not store, which readers take as missing values
  return { ...metrics, history, ...(gates ? { gates } : {}) } as unknown as StoredJob;
}
