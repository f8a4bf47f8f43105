import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readArrow, writeArrow } from '../data/arrow';
import { DataError } from '../data/errors';
import type { PackedData } from '../train/types';
import { FILES, jobDir, testSetFile } from './layout';
import type { TestSet } from './types';

/**
 * The test outputs a run keeps for the test-set bootstrap, as Arrow files of
 * Float32 columns (a few bytes a row, not JSON text):
 *
 * - `test-set.arrow`, once per world: `row` (the row's index in the data
 *   file) and per task `label.<task>` and `mask.<task>` (δ);
 * - `predictions.arrow`, per job: `row` and per task `pred.<task>`, the
 *   output the metric scores: the logit for a binary task (probability =
 *   sigmoid), the prediction for a regression task.
 *
 * Both list the test rows in the same order.
 */

const KIND = 'kind';

export async function writeTestSet(runDir: string, world: number | undefined, rows: Int32Array, test: PackedData, tasks: readonly string[]): Promise<void> {
  const columns: Record<string, Int32Array | Float32Array> = { row: rows };
  tasks.forEach((task, k) => {
    columns[`label.${task}`] = Float32Array.from({ length: test.rows }, (_, i) => test.labels[i * tasks.length + k]);
    columns[`mask.${task}`] = Float32Array.from({ length: test.rows }, (_, i) => test.masks[i * tasks.length + k]);
  });
  await writeArrow(testSetFile(runDir, world), { rows: test.rows, columns, metadata: { [KIND]: 'ple test set' } });
}

export async function writePredictions(dir: string, rows: Int32Array, outputs: readonly Float32Array[], tasks: readonly string[]): Promise<void> {
  const columns: Record<string, Int32Array | Float32Array> = { row: rows };
  tasks.forEach((task, k) => (columns[`pred.${task}`] = outputs[k]));
  await writeArrow(path.join(dir, FILES.predictions), { rows: rows.length, columns, metadata: { [KIND]: 'ple predictions' } });
}

/** One world's test set, or undefined when the run did not keep it. */
export function readTestSet(runDir: string, world: number | undefined, tasks: readonly string[]): TestSet | undefined {
  const file = testSetFile(runDir, world);
  const data = readOptional(file);
  if (!data) return undefined;
  const per = (prefix: string) => Object.fromEntries(tasks.map((t) => [t, column(data.columns, `${prefix}.${t}`, file) as Float32Array]));
  return { rows: data.rows, ids: column(data.columns, 'row', file) as Int32Array, labels: per('label'), masks: per('mask') };
}

/** A job's test outputs per task, checked against the world's test rows; undefined when it kept none. */
export function readPredictions(runDir: string, folder: string, seed: number, world: number | undefined, tasks: readonly string[], ids: Int32Array): Float32Array[] | undefined {
  const file = path.join(jobDir(runDir, folder, seed, world), FILES.predictions);
  const data = readOptional(file);
  if (!data) return undefined;
  const rows = column(data.columns, 'row', file);
  if (rows.length !== ids.length || rows.some((r, i) => r !== ids[i])) {
    throw new DataError(`${file}: its rows are not the test set's (${rows.length} rows against ${ids.length}); the run directory is inconsistent`, { file });
  }
  return tasks.map((t) => column(data.columns, `pred.${t}`, file) as Float32Array);
}

function readOptional(file: string) {
  return existsSync(file) ? readArrow(file) : undefined;
}

function column(columns: Readonly<Record<string, Int32Array | Float32Array>>, name: string, file: string): Int32Array | Float32Array {
  const c = columns[name];
  if (!c) throw new DataError(`${file}: no column "${name}"`, { file, column: name });
  return c;
}
