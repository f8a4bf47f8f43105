import * as path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic';
import { epochShape, gatesShape, jobShape } from './file-shapes';
import { FILES, jobDir } from './layout';
import { CorruptResultError, readJsonIfPresent, readJsonLines } from './read-json';
import type { StoredJob } from './types';

/**
 * Writes one finished job. `metrics.json` goes last: its presence is what
 * marks the job complete, so a crash between files only means the job is redone.
 */
export async function writeJob(runDir: string, result: StoredJob): Promise<void> {
  const dir = jobDir(runDir, result.model, result.seed);
  const { history, gates, predictions, ...metrics } = result;
  await writeFileAtomic(path.join(dir, FILES.history), history.map((r) => JSON.stringify(r)).join('\n') + (history.length ? '\n' : ''));
  if (gates) await writeJsonAtomic(path.join(dir, FILES.gates), gates);
  if (predictions) await writeJsonAtomic(path.join(dir, FILES.predictions), predictions);
  await writeJsonAtomic(path.join(dir, FILES.metrics), metrics);
}

/** What a reader of a damaged job can do about it. */
const DAMAGED_JOB = 'the job\'s files are damaged: `ple run` on this run\'s config moves them aside and trains the job again';

/**
 * The job's result, or undefined when it has not completed. Predictions are
 * not loaded (they can be large). A damaged file (or a metrics.json of
 * another job) throws CorruptResultError naming it.
 */
export async function readJob(runDir: string, model: string, seed: number): Promise<StoredJob | undefined> {
  const dir = jobDir(runDir, model, seed);
  const file = path.join(dir, FILES.metrics);
  const metrics = await readJsonIfPresent(file, jobShape, DAMAGED_JOB);
  if (!metrics) return undefined;
  if (metrics.model !== model || metrics.seed !== seed) {
    throw new CorruptResultError(file, `holds model "${metrics.model}" seed ${metrics.seed}, not this folder's model "${model}" seed ${seed}`, DAMAGED_JOB);
  }
  const history = await readJsonLines(path.join(dir, FILES.history), epochShape, DAMAGED_JOB);
  const gates = await readJsonIfPresent(path.join(dir, FILES.gates), gatesShape, DAMAGED_JOB);
  // checked shapes; their nulls are the NaNs JSON could not store, which readers take as missing values
  return { ...metrics, history, ...(gates ? { gates } : {}) } as unknown as StoredJob;
}
