import * as path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic';
import { epochShape, gatesShape, jobShape } from './file-shapes';
import { FILES, jobDir } from './layout';
import { CorruptResultError, readJsonIfPresent, readJsonLines } from './read-json';
import { writeJobPredictions, type PredictionPart, type PredictionTask } from './prediction-file';
import { writeSavedModel, type SavedModel } from './saved-model';
import type { StoredJob } from './types';
import type { PackedData } from '../train/types';

/** What a job keeps besides its metrics, and where its outputs' rows come from. */
export interface JobKeeps {
  tasks: readonly PredictionTask[];
  /** the test rows (ids into the data file, and their labels and masks), when the job keeps its test outputs */
  test?: { ids: Int32Array; data: PackedData };
  /** with `training.save_predictions`: the validation rows too, and the full predictions file */
  validation?: { ids: Int32Array; data: PackedData };
  /** with `training.save_models`: what `model/model.json` says besides the weights */
  model?: Omit<SavedModel, 'weights' | 'seed' | 'data_seed'>;
  pleVersion: string;
}

/**
 * Writes one finished job. `metrics.json` goes last: its presence is what
 * marks the job complete, so a crash between files only means the job is
 * redone. Test outputs, when the job kept them, go to `predictions.arrow`
 * (`prediction-file.ts`), trained weights to `model/` (`saved-model.ts`).
 */
export async function writeJob(runDir: string, folder: string, result: StoredJob, keeps?: JobKeeps): Promise<void> {
  const dir = jobDir(runDir, folder, result.seed, result.data_seed);
  const { history, gates, test_outputs: outputs, validation_outputs: validation, weights, ...metrics } = result;
  await writeFileAtomic(path.join(dir, FILES.history), history.map((r) => JSON.stringify(r)).join('\n') + (history.length ? '\n' : ''));
  if (gates) await writeJsonAtomic(path.join(dir, FILES.gates), gates);
  if (outputs && keeps?.test) {
    const parts: PredictionPart[] = [{ split: 'test', ids: keeps.test.ids, outputs, data: keeps.test.data }];
    if (validation && keeps.validation) parts.push({ split: 'validation', ids: keeps.validation.ids, outputs: validation, data: keeps.validation.data });
    await writeJobPredictions(dir, parts, keeps.tasks, keeps.validation !== undefined);
  }
  if (weights && keeps?.model) {
    await writeSavedModel(path.join(dir, FILES.model), { ...keeps.model, seed: result.seed, ...(result.data_seed === undefined ? {} : { data_seed: result.data_seed }), weights }, keeps.pleVersion);
  }
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
